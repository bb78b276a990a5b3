"""The report's what-if page (section 8): the plans it chooses among, where it claims to be exact, and
the page itself driven in a real headless Chromium through Selenium and Debian's chromedriver.

The expected plans are computed here from the analysis's own objects (the ladder's steps, the
sensitivity result) and the model's objective coefficients, never from the page's script or the
payload's rounded values."""

from __future__ import annotations

import io
import json
import os
import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from builders import Model

import portfolio
from portfolio.analysis.sensitivity import shifted_weights
from portfolio.analysis.whatif import hull_facets, whatif_payload
from portfolio.model.index import build_index

CHROMEDRIVER = "/usr/bin/chromedriver"
HOSTILE = "</script><script>alert(9)</script>"


def small_model(folder: Path) -> Path:
    """Three criteria, eight one-level programs that trade them off, a budget that binds."""
    m = Model(years=(2026, 2028), budget=60)
    for c, w in (("a", 0.5), ("b", 0.3), ("c", 0.2)):
        m.criterion(c, weight=w, name_ja=f"基準{c}", name_en=f"Criterion {c}")
    m.domain("D1").domain("D2", group="emerging_foundational")
    scores = [(5, 1, 2), (1, 6, 1), (2, 2, 5), (4, 3, 1), (1, 1, 6), (3, 4, 3), (6, 0, 0), (0, 5, 4)]
    for i, (a, b, c) in enumerate(scores):
        m.program(f"P{i}", cost=[8 + i, 8], value={"a": a, "b": b, "c": c}, domain="D1" if i % 2 else "D2",
                  name_ja=HOSTILE if i == 0 else f"事業{i}")
    return m.write(folder, "whatif.xlsx")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whatif")
    data = portfolio.load_model(small_model(folder))
    html, delib = portfolio.api.make_report(data, ladder=[0.6, 0.8, 1.0, 1.2], samples=12, workers=1)
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    payload = whatif_payload(delib.result, delib.ladder, delib.sensitivity)
    return dict(data=data, html=html, delib=delib, path=path, payload=payload)


# -- what the Python side expects, from the analysis's objects --------------------------------------------------
def known_plans(delib) -> list[frozenset]:
    """Every plan computed at the base budget: base, stability flips, draws, alternatives, the ladder's base step."""
    sens, ix = delib.sensitivity, build_index(delib.sensitivity.data)
    plans = [dict(sens.base.portfolio)]
    for r in sens.stability.itertuples():
        for flips in (r.flips_low, r.flips_high):
            if flips:
                p = dict(sens.base.portfolio)
                for f in flips:
                    p.pop(f["program"], None)
                    if f["after"] is not None:
                        p[f["program"]] = (f["after"]["level"], f["after"]["start_year"])
                plans.append(p)
    for r in sens.draws.itertuples():
        plans.append({ix.options[k][0]: (ix.options[k][1], ix.options[k][2]) for k in r.options})
    plans += [dict(a.portfolio) for a in sens.alternatives or ()]
    step = next(s for s in delib.ladder.steps if s.scale == 1.0)
    plans.append({p: (lv, s) for p, lv, s in step.portfolio})
    return [frozenset((p, lv, int(s)) for p, (lv, s) in plan.items()) for plan in plans]


def value(data, plan: frozenset, weights: list[float]) -> float:
    ix = build_index(data)
    at = {o: k for k, o in enumerate(ix.options)}
    v = ix.values(dict(zip(data.weights, weights)))
    return float(sum(v[at[(p, lv, s)]] for p, lv, s in plan))


def best_programs(delib, weights: list[float]) -> list[set[str]]:
    """The program sets of the best known plans at `weights` (more than one only on a tie)."""
    data = delib.sensitivity.data
    plans = known_plans(delib)
    vals = [value(data, p, weights) for p in plans]
    top = max(vals)
    return [{p for p, _, _ in plan} for plan, v in zip(plans, vals) if v >= top - 1e-7 * max(1.0, abs(top))]


# -- the payload --------------------------------------------------------------------------------------------------
def test_hull_facets_describe_the_hull():
    pts = np.array([[0.5, 0.3, 0.2], [0.7, 0.18, 0.12], [0.3, 0.42, 0.28], [0.4, 0.5, 0.1], [0.55, 0.1, 0.35]])
    facets = np.array(hull_facets(pts))
    inside = lambda w: bool((facets[:, :3] @ w <= facets[:, 3] + 1e-9).all())  # noqa: E731
    assert all(inside(p) for p in pts)
    assert inside(pts.mean(axis=0))
    assert not inside(np.array([0.9, 0.05, 0.05])) and not inside(np.array([0.1, 0.1, 0.8]))
    # points on one line do not span the simplex: no half-spaces (the page then uses the segments)
    assert hull_facets(np.array([[0.5, 0.3, 0.2], [0.6, 0.24, 0.16]])) == []
    # two criteria: an interval
    two = np.array(hull_facets(np.array([[0.3, 0.7], [0.6, 0.4], [0.5, 0.5]])))
    assert ((two[:, :2] @ [0.45, 0.55]) <= two[:, 2] + 1e-12).all()
    assert not ((two[:, :2] @ [0.65, 0.35]) <= two[:, 2] + 1e-12).all()


def test_payload_values_are_the_objective(report):
    """Each plan's per-criterion values give its objective at any weights (the page's dot product)."""
    data, payload = report["data"], report["payload"]
    rng = np.random.default_rng(1)
    for plan in payload["plans"]:
        options = frozenset((payload["prog"][o[0]][0], payload["lv"][o[1]], o[2])
                            for o in (payload["opt"][k] for k in plan[0]))
        for _ in range(3):
            w = rng.dirichlet(np.ones(3)).tolist()
            assert np.dot(plan[1], w) == pytest.approx(value(data, options, w), rel=1e-6, abs=1e-6)
    kinds = {p[2] for p in payload["plans"]}
    assert {"base", "ladder", "stability", "draw"} <= kinds
    assert [s[0] for s in payload["steps"]] == [0.6, 0.8, 1.0, 1.2] and payload["bs"] == 2


def test_base_plan_is_best_where_the_page_says_exact(report):
    """At every proven weighting, and inside their hull, no known plan beats the base plan."""
    delib, payload = report["delib"], report["payload"]
    base = {p for p in delib.sensitivity.base.portfolio}
    facets = np.array(payload["exact"]["facets"])
    assert len(facets) and payload["exact"]["seg"]
    rng = np.random.default_rng(2)
    tried = 0
    for w in rng.dirichlet(np.ones(3) * 5, size=400):
        if (facets[:, :3] @ w <= facets[:, 3] + 1e-9).all():
            tried += 1
            assert base in best_programs(delib, w.tolist())
    assert tried > 5


def test_payload_with_one_analysis_only(report):
    """Without the sensitivity analysis: the ladder's steps, exact only at the base weights; without the
    ladder: one budget, no budget slider."""
    from portfolio.outputs.report.whatif import section_whatif

    delib = report["delib"]
    ladder_only = whatif_payload(delib.result, delib.ladder, None)
    base = ladder_only["plans"][ladder_only["cand"][0]]
    names = {ladder_only["prog"][ladder_only["opt"][k][0]][0] for k in base[0]}
    assert names == set(delib.result.funded["id"])
    assert len(ladder_only["steps"]) == 4 and ladder_only["exact"] == {"facets": [], "seg": []}
    assert ladder_only["core"] is None and ladder_only["iv"] is None
    assert 'id="wi-budget"' in section_whatif(ladder_only, "en").body
    sens_only = whatif_payload(delib.result, None, delib.sensitivity)
    assert len(sens_only["steps"]) == 1 and sens_only["bs"] == 0
    assert 'id="wi-budget"' not in section_whatif(sens_only, "ja").body
    assert whatif_payload(delib.result, None, None) is None


def test_page_is_self_contained_and_safe(report):
    html = report["html"]
    assert HOSTILE not in html and "\\u003c/script\\u003e" in html
    assert '<div class="whatif" id="whatif-app" hidden>' in html          # shown only by the script
    assert "<noscript>" in html
    data = json.loads(html.split('<script type="application/json" id="whatif-data">')[1].split("</script>")[0])
    assert data["prog"][0][1] == HOSTILE


# -- in Chromium ----------------------------------------------------------------------------------------------------
def make_driver(profile: Path, javascript: bool = True):
    exe = shutil.which("chromium")
    if not exe or not os.path.exists(CHROMEDRIVER):
        if os.environ.get("PORTFOLIO_CI") == "1":
            pytest.fail("Chromium and chromium-driver are required in CI (PORTFOLIO_CI=1)")
        pytest.skip("Chromium or chromedriver is not installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = exe
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1400",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)   # a driver path: Selenium downloads nothing


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    d = make_driver(tmp_path_factory.mktemp("profile"))
    try:
        yield d
    finally:
        d.quit()


@pytest.fixture
def page(report, driver):
    driver.get(report["path"].as_uri())
    driver.get_log("performance")           # start the network record from this page
    return driver


def funded(d) -> set[str]:
    rows = d.find_elements("css selector", "#wi-programs tbody tr[data-funded]")
    return {r.find_element("css selector", "span.id").text for r in rows}


def app(d, name: str) -> str:
    return d.find_element("id", "whatif-app").get_attribute(f"data-{name}")


def table(d, element_id: str) -> dict[str, float]:
    """A cost table of the page by row id (domain or ministry), as numbers."""
    payload = json.loads(d.find_element("id", "whatif-data").get_attribute("textContent"))
    ids = [x[0] for x in payload["dom" if element_id == "wi-domains" else "ministry"]]
    rows = d.find_elements("css selector", f"#{element_id} tbody tr")
    return {ids[int(r.get_attribute("data-row"))]: float(r.find_elements("tag name", "td")[1].text.replace(",", ""))
            for r in rows}


def press(d, element_id: str, *keys) -> None:
    from selenium.webdriver.common.keys import Keys

    el = d.find_element("id", element_id)
    el.send_keys(*[getattr(Keys, k) for k in keys])


def test_budget_slider_shows_each_ladder_step(report, page):
    delib = report["delib"]
    assert page.get_log("browser") == []
    assert funded(page) == {p for p in delib.sensitivity.base.portfolio} and app(page, "mode") == "exact"
    press(page, "wi-budget", "HOME")
    for i, step in enumerate(delib.ladder.steps):
        assert app(page, "step") == str(i)
        if step.scale == 1.0:
            assert funded(page) == {p for p in delib.sensitivity.base.portfolio}
        else:
            assert funded(page) == set(step.funded), step.scale
        assert app(page, "mode") == "exact"
        assert f"×{step.scale:g}" in page.find_element("id", "wi-budget-out").text
        if step.scale != 1.0:       # the ladder's own cost by domain
            shown = table(page, "wi-domains")
            assert shown == pytest.approx({d: step.spend_by_domain.get(d, 0.0) for d in shown}, abs=0.051)
        press(page, "wi-budget", "ARROW_RIGHT")
    # at the base: cost by lead ministry as the solve's result table has it
    page.find_element("id", "wi-reset").click()
    ministries = {r.id: r.total for r in delib.result.ministries.itertuples()}
    assert table(page, "wi-ministries") == pytest.approx(ministries, abs=0.051)
    # programs that differ from the base plan are highlighted
    press(page, "wi-budget", "HOME")
    lost = {p for p in delib.sensitivity.base.portfolio} - set(delib.ladder.steps[0].funded)
    marked = {r.find_element("css selector", "span.id").text
              for r in page.find_elements("css selector", "#wi-programs tr.wi-removed")}
    assert lost and marked == lost


def test_weight_sliders_choose_the_best_known_plan(report, page):
    delib = report["delib"]
    stab = {r.criterion: r for r in delib.sensitivity.stability.itertuples()}
    crits = list(report["data"].weights)
    seen_approx = False
    for c, crit in enumerate(crits):
        for keys in (["ARROW_RIGHT"], ["ARROW_LEFT"], ["END"], ["HOME"]):
            page.find_element("id", "wi-reset").click()
            press(page, f"wi-w{c}", *keys)
            w = json.loads(app(page, "weights"))
            assert sum(w) == pytest.approx(1.0)
            assert w == pytest.approx(list(shifted_weights(report["data"].weights, crit, w[c]).values()))
            assert funded(page) in best_programs(delib, w), (crit, keys, w)
            r = stab[crit]
            if r.low - 1e-9 <= w[c] <= r.high + 1e-9:
                assert app(page, "mode") == "exact", (crit, keys, w)
            if (r.high_outside is not None and w[c] >= r.high_outside) or \
               (r.low_outside is not None and w[c] <= r.low_outside):
                assert app(page, "mode") == "approx", (crit, keys, w)
                assert page.find_element("id", "wi-command").text == \
                    "portfolio solve whatif.xlsx --scenario whatif.yaml --scale 1"
                assert f"{crit}: {w[c]:.4f}" in page.find_element("id", "wi-yaml").text
                assert "近似（計算済みの案から選択）" in page.find_element("id", "wi-mode").text
                seen_approx = True
    assert seen_approx
    # two sliders moved: weights off every line, still the best known plan
    page.find_element("id", "wi-reset").click()
    press(page, "wi-w1", *["ARROW_RIGHT"] * 15)
    press(page, "wi-w2", *["ARROW_RIGHT"] * 10)
    assert funded(page) in best_programs(delib, json.loads(app(page, "weights")))


def test_weights_at_another_budget_are_approximate(report, page):
    delib = report["delib"]
    press(page, "wi-budget", "HOME")
    press(page, "wi-w0", "ARROW_LEFT")
    assert app(page, "mode") == "approx" and funded(page) == set(delib.ladder.steps[0].funded)
    assert page.find_element("id", "wi-command").text.endswith("--scale 0.6")
    # back to the base weights at that budget: the ladder's own solve, exact, no command shown
    page.find_element("id", "wi-reset").click()
    press(page, "wi-budget", "HOME")
    assert app(page, "mode") == "exact" and not page.find_element("id", "wi-command").is_displayed()


def test_nothing_requests_the_network_and_the_page_is_not_blank(report, page, tmp_path):
    from PIL import Image, ImageStat

    press(page, "wi-budget", "HOME")
    press(page, "wi-w1", "END")
    page.execute_script("document.getElementById('whatif').scrollIntoView()")
    png = page.get_screenshot_as_png()
    (tmp_path / "whatif.png").write_bytes(png)
    im = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(im.histogram()[:200]) / (im.width * im.height)
    assert ImageStat.Stat(im).stddev[0] > 20 and dark > 0.01
    requests = [json.loads(e["message"])["message"] for e in page.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert all(u.startswith(("file:", "data:")) for u in urls), urls
    assert page.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert page.get_log("browser") == []


def test_printed_page_shows_the_view(report, page, tmp_path):
    """Printing prints the view on screen: the plan shown, without the sliders."""
    import base64

    from pypdf import PdfReader

    press(page, "wi-budget", "HOME")
    pdf = base64.b64decode(page.print_page())
    (tmp_path / "whatif.pdf").write_bytes(pdf)
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "8. もしも" in text and "表示中の案" in text and "×0.6" in text


def test_without_javascript_the_report_is_whole(report, tmp_path):
    d = make_driver(tmp_path / "profile", javascript=False)
    try:
        d.get(report["path"].as_uri())
        assert not d.find_element("id", "whatif-app").is_displayed()
        assert "スクリプト" in d.find_element("id", "whatif").text            # the <noscript> note
        assert len(d.find_elements("css selector", "section.major")) == 10    # with the margins section and 9, the criteria frontier
        assert len(d.find_elements("css selector", "figure.chart svg")) > 0
    finally:
        d.quit()
