"""The deliberation report (issue 6): one self-contained HTML file.

Checked without a browser: the seven sections, every chart as inline SVG with a title, axis labels
and a caption, nothing loaded from outside, every workbook text escaped, the confidentiality
marking at the top and in the print stylesheet, Japanese by default and English with --lang en.

Checked in headless Chromium (Debian's ``chromium`` with ``fonts-noto-cjk``, driven over the
DevTools protocol on a pipe): no console errors, a first screen that is not blank, every chart in
the rendered DOM with a size, and an A4 print with the marking on every page. Without Chromium
the browser tests skip, except under ``PORTFOLIO_CI=1``, where they fail.

A chart that draws a glyph its font lacks makes matplotlib warn "Glyph … missing from font(s)";
the filter below turns that warning into an error, so such a test fails.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import select
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

import builders
import pytest

import portfolio
from portfolio.cli import main

pytestmark = pytest.mark.filterwarnings(r"error:Glyph \d+ .* missing from font:UserWarning")

XSS = "<script>alert(1)</script>"
FORMULA = "=cmd|' /C calc'!A0"
MARKING = '取扱注意 "</style><b>秘</b>'
SECTIONS = ("summary", "allocation", "ladder", "sensitivity", "why-not", "margins", "assumptions", "run", "whatif",
            "frontier")     # the criteria trade-off frontier (#20 §1)
CHARTS = ("domains", "sources", "ministries", "frontier", "tornado", "weight-intervals", "core-index",
          "criteria-frontier")
EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "example.xlsx"


# ---------------------------------------------------------------------------------------------
# A small model with hostile names, two domain groups, previous-year figures, a fund, a shared
# capacity, a forbidden program and a sources sheet.
# ---------------------------------------------------------------------------------------------


def write_hostile_model(path: Path) -> Path:
    from portfolio.inputs.template import write_input_workbook

    fy = lambda a, b: {"FY2026": a, "FY2027": b}  # noqa: E731
    levels = []

    def level(program, cost, a, b, c, level="std"):
        levels.append({"program": program, "level": level, "y1": cost[0], "y2": cost[1], "aut": a, "ind": b,
                       "det": c})

    programs = [
        {"id": "P-XSS", "name_ja": XSS, "name_en": XSS, "domain": "AI", "lead": "MEXT", "previous_year": 20},
        {"id": "P-CSV", "name_ja": FORMULA, "name_en": FORMULA, "domain": "SHIP", "lead": "METI"},
        {"id": "P-Q", "name_ja": "量子センシング", "name_en": "Quantum sensing", "domain": "AI", "lead": "MEXT"},
        {"id": "P-CAP", "name_ja": "共用試験施設の利用研究", "name_en": "Shared test-bed research", "domain": "SHIP",
         "lead": "METI"},
        {"id": "P-BIG", "name_ja": "大型研究基盤", "name_en": "Large research base", "domain": "AI", "lead": "MEXT"},
        {"id": "P-K", "name_ja": "Kプログラム：海洋", "name_en": "K Program: ocean", "domain": "SHIP", "lead": "METI",
         "instrument": "KPROG"},
        {"id": "P-F", "name_ja": "除外プログラム", "name_en": "Forbidden program", "domain": "AI", "lead": "MEXT",
         "forbidden": True},
    ]
    for p in programs:
        p.update(earliest_start=2026, latest_start=2026, duration=2)
    level("P-XSS", (15, 15), 90, 70, 60)
    level("P-CSV", (10, 10), 60, 80, 70)
    level("P-Q", (20, 20), 70, 60, 50)
    level("P-CAP", (15, 15), 65, 55, 80)
    level("P-BIG", (45, 45), 95, 90, 85)
    level("P-K", (10, 10), 50, 60, 70)
    level("P-F", (5, 5), 99, 99, 99)
    content = {
        "Settings": {"model_name": "報告書テスト <モデル> & \"引用\"", "first_year": 2026, "last_year": 2027,
                     "mip_gap": 0.0, "time_limit": 30, "confidentiality": MARKING},
        "Budget": [{"fiscal_year": 2026, "total_budget": 70, "previous_year": 60},
                   {"fiscal_year": 2027, "total_budget": 70}],
        "Criteria": [{"id": "aut", "name_ja": "戦略的自律性", "name_en": "Strategic autonomy", "weight": 0.5},
                     {"id": "ind", "name_ja": "戦略的不可欠性", "name_en": "Strategic indispensability", "weight": 0.3},
                     {"id": "det", "name_ja": "抑止力・対処力", "name_en": "Deterrence", "weight": 0.2}],
        "Domains": [{"id": "AI", "name_ja": "AI・先端ロボット", "name_en": "AI and robotics", "group": "national_strategic"},
                    {"id": "SHIP", "name_ja": '造船 & "海洋" <b>', "name_en": 'Shipbuilding & "ocean" <b>',
                     "group": "emerging_foundational"}],
        "FundingSources": [
            {"id": "MEXT", "name_ja": "文部科学省", "name_en": "MEXT", "kind": "annual", **fy(45, 45), "previous_year": 30},
            {"id": "METI", "name_ja": "経済産業省", "name_en": "METI", "kind": "annual", **fy(40, 40),
             "previous_year": 25},
            {"id": "KPF", "name_ja": "Kプログラム基金", "name_en": "K Program fund", "kind": "fund", **fy(12, 0)},
        ],
        "Eligibility": [{"source": "KPF", "target_type": "instrument", "target": "KPROG", "max_share": 1.0},
                        {"source": "MEXT", "target_type": "all", "target": "", "max_share": 1.0},
                        {"source": "METI", "target_type": "all", "target": "", "max_share": 1.0}],
        "Programs": programs,
        "FundingLevels": levels,
        "Capacities": [{"id": "LAB", "name_ja": "共用試験施設", "name_en": "Shared test bed", "unit": "施設",
                        **fy(1, 1)}],
        "CapacityUse": [{"program": "P-Q", "capacity": "LAB", "use": 1}, {"program": "P-CAP", "capacity": "LAB",
                                                                          "use": 1}],
    }
    write_input_workbook(path, content, force=True)
    _add_sources_sheet(path)
    return path


def _add_sources_sheet(path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("出典")
    ws.append(["区分 / status", "対象 / what", "数値 / figure", "出典 / source (URL)"])
    ws.append(["出典", "府省の前年度額", "30・25 億円", "https://example.org/budget?a=1&b=<2>"])
    ws.append(["例示", "全プログラムのスコア", "評価点", ""])
    ws.append(["例示", XSS, "", "javascript:alert(3)"])
    ws.cell(row=4, column=3).value = FORMULA
    ws.cell(row=4, column=3).data_type = "s"          # text that looks like a formula, as a planner might paste it
    wb.save(path)


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """`portfolio report ARGS…` in this process: (exit code, stdout, stderr)."""
    return builders.run_cli(capsys, "report", *args)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The hostile model's report in Japanese and in English (rendered once for the module)."""
    folder = tmp_path_factory.mktemp("report")
    model = write_hostile_model(folder / "hostile.xlsx")
    out = {}
    for lang in ("ja", "en"):
        path = folder / f"report-{lang}.html"
        fast = [] if lang == "ja" else ["--samples", "8"]          # the English one checks words, not numbers
        code = main(["report", str(model), "--lang", lang, "--ladder", "0.6:1.4:0.2", "--samples", "20", *fast,
                     "-o", str(path), "--json"])
        out[lang] = dict(code=code, path=path, html=path.read_text(encoding="utf-8"))
    out["model"] = model
    return out


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(html_text: str) -> Tags:
    p = Tags()
    p.feed(html_text)
    p.close()
    return p


# ---------------------------------------------------------------------------------------------
# Structure, without a browser
# ---------------------------------------------------------------------------------------------


def test_report_has_every_section_and_chart(reports):
    rep = reports["ja"]
    assert rep["code"] == 0
    page = parse(rep["html"])
    section_ids = [a.get("id") for tag, a in page.tags if tag == "section"]
    assert section_ids == list(SECTIONS)
    figures = [a for tag, a in page.tags if tag == "figure" and "chart" in a.get("class", "")]
    assert [f["data-chart"] for f in figures] == list(CHARTS)
    # every chart is inline SVG inside its figure, with a title and a caption
    for key in CHARTS:
        block = re.search(rf'<figure class="chart" id="chart-{key}"[^>]*>(.*?)</figure>', rep["html"], re.S)
        assert block, key
        assert block.group(1).lstrip().startswith("<svg "), key
        assert re.search(r'<svg [^>]*aria-label="[^"]+"', block.group(1)), key
        assert re.search(r"<figcaption>[^<]{20,}</figcaption>", block.group(1)), key
    assert sum(1 for tag, _ in page.tags if tag == "svg") == len(CHARTS)
    # SVG element ids are unique across the document (charts do not share clip paths or glyphs)
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    # the only scripts are the what-if page's: its data (JSON, not run) and its inline script
    scripts = [a for tag, a in page.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "whatif-data"}, {}]


def test_charts_have_titles_axis_labels_with_units_and_captions(tmp_path):
    """Every chart object: a title, a caption, and axis labels that name their unit."""
    from portfolio.outputs.report.allocation import section_allocation
    from portfolio.outputs.report.text import Names

    data = portfolio.load_model(write_hostile_model(tmp_path / "m.xlsx"))
    result = portfolio.solve(data)
    alloc = section_allocation(result, Names(result, "ja"), "ja")
    assert [c.key for c in alloc.charts] == ["domains", "sources", "ministries"]
    for c in alloc.charts:
        assert c.title and len(c.caption) > 20
        assert "億円" in c.title and ("億円" in c.x_label or "億円" in c.y_label), c.key
    en = section_allocation(result, Names(result, "en"), "en")
    assert all("億円" in (c.x_label + c.y_label) for c in en.charts)
    assert all(not re.search(r"[\u3040-\u30ff]", c.title + c.x_label + c.y_label + c.caption) for c in en.charts)


def test_nothing_is_loaded_from_outside(reports):
    for lang in ("ja", "en"):
        text = reports[lang]["html"]
        page = parse(text)
        for tag, attrs in page.tags:
            for name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset"):
                value = (attrs.get(name) or "").strip().lower()
                assert not re.match(r"^(https?:|//|ftp:|file:|javascript:)", value), (tag, name, value)
            assert tag not in ("link", "iframe", "object", "embed", "img"), tag
            assert tag != "script" or "src" not in attrs, attrs     # the what-if page's inline script only
        css = "".join(page.styles)
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:|//)", css)
        assert "@font-face" not in css
        # and a Content-Security-Policy forbids it anyway
        csp = [a for tag, a in page.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in csp[0]["content"]
        # the one script allowed is the what-if page's, by its hash
        from portfolio.outputs.report.whatif import csp_hash, script_text

        assert f"script-src 'sha256-{csp_hash(script_text())}'" in csp[0]["content"]


def test_workbook_text_is_escaped(reports):
    text = reports["ja"]["html"]
    assert XSS not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("=cmd|&#x27; /C calc&#x27;!A0") >= 3          # program names and the sources sheet
    assert "造船 &amp; &quot;海洋&quot; &lt;b&gt;" in text
    assert "javascript:alert(3)" in text and 'href="javascript' not in text     # shown as text, never a link
    assert "https://example.org/budget?a=1&amp;b=&lt;2&gt;" in text
    assert "<b>" not in text.replace("<b>秘</b>", "")                              # no markup from the workbook
    page = parse(text)
    visible = "".join(page.text)
    assert XSS in visible and FORMULA in visible                                  # shown, as text


def test_marking_at_the_top_and_on_every_printed_page(reports):
    text = reports["ja"]["html"]
    page = parse(text)
    markings = [i for i, (tag, a) in enumerate(page.tags) if tag == "div" and "marking" in a.get("class", "")]
    body = [i for i, (tag, _) in enumerate(page.tags) if tag == "body"][0]
    assert markings and markings[0] == body + 1                                     # first thing in <body>
    assert "取扱注意 &quot;&lt;/style&gt;&lt;b&gt;秘&lt;/b&gt;" in text
    css = "".join(page.styles)
    # the print stylesheet repeats it in the page margins; the quote and </style> cannot escape the CSS string
    top = re.search(r"@top-center \{ content: (\"[^\"]*\");", css)
    assert top and "\\22 " in top.group(1) and "\\3c /style\\3e " in top.group(1)
    assert "@bottom-center" in css and "counter(page)" in css and "size: A4" in css
    head = text[: text.index("</head>")]
    assert head.count("</style>") == 1                                             # the marking did not end it


def test_japanese_by_default_and_english_with_lang_en(reports):
    ja, en = reports["ja"]["html"], reports["en"]["html"]
    assert '<html lang="ja">' in ja and '<html lang="en">' in en
    assert "概要と推奨" in ja and "感度分析" in ja and "採択されなかった理由" in ja and "府省別" in ja
    assert "Summary and recommendation" in en and "Why not funded" in en and "By lead ministry" in en
    # In English the only Japanese left is what the workbook gives: names without an English one, the
    # sources sheet, the marking, the unit of a capacity, and 億円.
    en_text = "".join(parse(re.sub(r'<table class="sources">.*?</table>', "", en, flags=re.S)).text)
    leftovers = set(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]+", en_text))
    assert leftovers <= {"億円", "取扱注意", "秘", "報告書テスト", "モデル", "引用", "施設", "出典"}, leftovers
    assert 'font-family: "Yu Gothic", Meiryo, "Noto Sans CJK JP", sans-serif' in ja


def test_sections_say_what_they_should(reports):
    text = reports["ja"]["html"]
    page = parse(text)
    visible = "".join(page.text)
    # 2: both domain groups with subtotals, the previous-year change, the ministry table
    assert "国家戦略技術領域 計" in visible and "新興・基盤技術領域 計" in visible
    assert "対前年度（億円）" in visible and re.search(r"[+-]\d+\.\d", visible)
    # 3: ladder steps ×0.6 … ×1.4 and the current step highlighted
    for s in ("×0.6", "×0.8", "×1", "×1.2", "×1.4"):
        assert s in visible
    assert 'class=current' in text
    # 4: the three sensitivity views and their classes
    assert "コア" in visible and "境界" in visible and "外側" in visible
    assert "制約の限界価値" in visible
    # 5: forbidden and capacity-blocked programs are explained
    assert "除外指定されている" in visible
    # 6: the sources sheet, with illustrative rows marked
    assert 'class="badge illustrative"' in text and "出典のある行 1 件、例示を含む行 2 件" in visible
    # 7: versions and the command
    assert "highspy" in visible and "matplotlib" in visible and "portfolio report" in visible


def test_report_on_the_example_model_is_complete(tmp_path, capsys):
    # How quick it is, is measured in benchmarks/run.py (the deadlines measure).
    out = tmp_path / "example-report.html"
    code, stdout, err = run_cli([str(EXAMPLE), "--ladder", "0.6,0.7,1.2", "--samples", "10", "--json", "-o",
                                 str(out)], capsys)
    assert code == 0, err
    obj = json.loads(stdout)
    assert obj["status"] == "optimal" and obj["output"] == str(out)
    assert obj["charts"] == list(CHARTS)
    assert obj["ladder_error"] is None and obj["sensitivity_error"] is None
    assert obj["confidentiality"] == "取扱注意（例示）"
    text = out.read_text(encoding="utf-8")
    # the example's ladder has a real swap between ×0.6 and ×0.7 (SHIP-AUV leaves, SHIP-YARD enters)
    assert 'class="badge real"' in text and "SHIP-AUV" in text
    # an existing output needs --force
    code, _, err = run_cli([str(EXAMPLE), "-o", str(out), "--samples", "0", "--ladder", "off"], capsys)
    assert code == 2 and "--force" in err


def test_json_stdout_is_one_object_even_when_highs_prints(tmp_path):
    """Forcing a funded program out with the base portfolio as MIP start makes HiGHS print a warning on
    file descriptor 1; with --json the command keeps stdout for its one JSON object (checked in a
    separate process, where descriptor 1 is really stdout)."""
    import sys

    model = write_hostile_model(tmp_path / "m.xlsx")
    entry = "import sys; from portfolio.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run([sys.executable, "-c", entry, "report", str(model), "--parts", "price",
                           "--samples", "5", "--ladder", "off", "--workers", "1", "--json", "-o",
                           str(tmp_path / "r.html")], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PORTFOLIO_NO_PROGRESS": "1"})
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["status"] == "optimal" and obj["sensitivity_solves"] > 0


@pytest.mark.parametrize("args, option", [(["--ladder", "1.4:0.6:0.2"], "--ladder"),
                                          (["--samples", "-3"], "--samples"),
                                          (["--parts", "core,nonsense"], "--parts"),
                                          (["--scale", "0"], "--scale"),
                                          (["--workers", "0"], "--workers"),
                                          (["--tight-gap", "2"], "--tight-gap")])
def test_bad_options_exit_2(tmp_path, capsys, args, option):
    code, _, err = run_cli([str(EXAMPLE), "-o", str(tmp_path / "r.html"), *args], capsys)
    assert code == 2 and option in err
    assert not (tmp_path / "r.html").exists()


def test_infeasible_scenario_still_reports_why(tmp_path, capsys):
    from portfolio.inputs.template import write_input_workbook

    content = {
        "Settings": {"first_year": 2026, "last_year": 2026, "mip_gap": 0.0, "confidentiality": "取扱注意"},
        "Budget": [{"fiscal_year": 2026, "total_budget": 10}],
        "Criteria": [{"id": "v", "name_ja": "価値", "weight": 1}],
        "Domains": [{"id": "D", "name_ja": "領域", "group": "national_strategic"}],
        "FundingSources": [{"id": "M", "name_ja": "府省", "kind": "annual", "FY2026": 100}],
        "Programs": [{"id": "X", "name_ja": "必須事業", "domain": "D", "lead": "M", "earliest_start": 2026,
                      "duration": 1, "mandatory": True}],
        "FundingLevels": [{"program": "X", "level": "std", "y1": 50, "v": 1}],
    }
    model = write_input_workbook(tmp_path / "inf.xlsx", content, force=True)
    out = tmp_path / "inf.html"
    code, _, err = run_cli([str(model), "-o", str(out)], capsys)
    assert code == 3
    text = out.read_text(encoding="utf-8")
    assert "実行不能" in text and "総予算" in text and "取扱注意" in text
    assert 'data-chart=' not in text                     # no solution, no charts
    # allocation, ladder, sensitivity, why not funded, the criteria frontier
    assert text.count("（解がないため省略）") == 5


def test_a_failing_part_is_reported_not_fatal(tmp_path, capsys, monkeypatch):
    import portfolio.analysis.sensitivity as sensitivity

    def broken(*a, **k):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(sensitivity, "run_sensitivity", broken)
    out = tmp_path / "r.html"
    code, _, err = run_cli([str(EXAMPLE), "--scenario", "budget_minus_20", "--ladder", "off", "-o", str(out),
                            "--lang", "en"], capsys)
    assert code == 0
    assert "simulated failure" in err
    text = out.read_text(encoding="utf-8")
    assert "The sensitivity analysis could not be computed: RuntimeError: simulated failure" in text
    assert "The budget ladder was not run" in text
    # the scenario and its override are in the run details
    assert "budget_minus_20" in text and "example.xlsx:シナリオ!4" in text and "scale 0.8" in text


def test_a_missing_glyph_fails():
    """The module's warning filter really turns a missing glyph into a failure (Linear B is in no font we ship)."""
    from portfolio.outputs.report import charts as report_charts

    with pytest.raises(UserWarning, match=r"Glyph \d+ .* missing from font"):
        report_charts.horizontal_bars("glyph", ["日本語", "\U00010000"], [1.0, 2.0], ["#000000"] * 2, title="t",
                                      x_label="億円", caption="c")


# ---------------------------------------------------------------------------------------------
# In a real browser: headless Chromium over the DevTools protocol (a pipe, no network port)
# ---------------------------------------------------------------------------------------------


def chromium_or_skip() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    reason = "Chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("PORTFOLIO_CI") == "1":
        pytest.fail(reason + " — required in CI (PORTFOLIO_CI=1)")
    pytest.skip(reason)


def _high_fd(fd: int) -> int:
    """The same pipe end on a descriptor ≥ 10, so that moving it to fd 3 or 4 cannot clobber the other."""
    import fcntl

    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """Headless Chromium driven through --remote-debugging-pipe (fd 3: commands in, fd 4: replies out)."""

    def __init__(self, exe: str, profile: Path):
        to_chrome_r, self._to_chrome = (_high_fd(fd) for fd in os.pipe())
        self._from_chrome, from_chrome_w = (_high_fd(fd) for fd in os.pipe())

        # Chromium reads commands on fd 3 and writes replies on fd 4: bash puts the pipes there (bash,
        # because dash cannot name a descriptor above 9).
        self.proc = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}', exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(to_chrome_r, from_chrome_w))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict] = []
        self.session = None

    def send(self, method: str, params: dict | None = None, timeout: float = 60.0, session: bool = True) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._next(timeout)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 60.0) -> dict:
        for e in self.events:
            if e.get("method") == method:
                return e
        while True:
            e = self._next(timeout)
            self.events.append(e)
            if e.get("method") == method:
                return e

    def _next(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise TimeoutError("no reply from Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def open(self, url: str, width: int = 1000, height: int = 1400) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False})
        self.events.clear()
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")
        self.send("Runtime.evaluate", {"expression": "document.fonts.ready.then(() => true)", "awaitPromise": True})

    def errors(self) -> list[str]:
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails", {}))[:300])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args", []))[:300])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", "")[:300])
        return out

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False, timeout=10)
        except Exception:  # noqa: BLE001 - the process is ended below in any case
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture
def browser(tmp_path):
    exe = chromium_or_skip()
    b = Browser(exe, tmp_path / "profile")
    try:
        yield b
    finally:
        b.close()


def png_spread(png: bytes) -> tuple[float, float]:
    """(standard deviation of the grey levels, share of pixels that are not near-white)."""
    from PIL import Image, ImageStat

    im = Image.open(io.BytesIO(png)).convert("L")
    stat = ImageStat.Stat(im)
    hist = im.histogram()
    dark = sum(hist[:230]) / max(1, sum(hist))
    return stat.stddev[0], dark


def test_browser_tests_skip_only_outside_ci(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("PORTFOLIO_CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        chromium_or_skip()
    monkeypatch.setenv("PORTFOLIO_CI", "1")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        chromium_or_skip()


def test_report_renders_in_chromium(reports, browser, tmp_path):
    path = reports["ja"]["path"]
    browser.open(path.as_uri())
    assert browser.errors() == []
    # every chart is in the rendered DOM, as an SVG with a real size
    rendered = browser.evaluate(
        "Array.from(document.querySelectorAll('figure.chart')).map(f => { const s = f.querySelector('svg');"
        " const r = s ? s.getBoundingClientRect() : {width: 0, height: 0};"
        " return [f.dataset.chart, Math.round(r.width), Math.round(r.height), s ? s.querySelectorAll('path').length"
        " : 0]; })")
    assert [r[0] for r in rendered] == list(CHARTS)
    for key, w, h, paths in rendered:
        assert w > 300 and h > 100 and paths > 20, (key, w, h, paths)
    # the page is laid out: seven sections, the title in Japanese in a real font, the escaped names as text
    assert browser.evaluate("document.querySelectorAll('section.major').length") == len(SECTIONS)
    assert browser.evaluate("document.querySelector('h1').getBoundingClientRect().width") > 200
    assert browser.evaluate("document.body.innerText.includes('<script>alert(1)</script>')")
    assert browser.evaluate("document.querySelectorAll('script').length") == 2     # the what-if page's data and script
    # the first screen is not blank
    png = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"])
    (tmp_path / "first-page.png").write_bytes(png)
    spread, dark = png_spread(png)
    assert spread > 20 and dark > 0.02, (spread, dark)
    # the check above can fail: a blank page has no spread
    browser.send("Runtime.evaluate", {"expression": "document.body.innerHTML = ''"})
    blank = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"])
    assert png_spread(blank)[0] < 1


def test_console_errors_are_caught(browser, tmp_path):
    """The console check is real: a page that breaks its own CSP logs an error that we see."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                   "content=\"default-src 'none'\"></head><body><p>x</p><script>console.error('boom')</script>"
                   "</body></html>", encoding="utf-8")
    browser.open(bad.as_uri())
    time.sleep(0.2)
    assert browser.errors(), "a CSP violation should be reported as a console error"


def test_report_prints_to_a4_with_the_marking_on_every_page(reports, browser, tmp_path):
    path = reports["ja"]["path"]
    browser.open(path.as_uri())
    pdf = base64.b64decode(browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True},
                                        timeout=120)["data"])
    (tmp_path / "report.pdf").write_bytes(pdf)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert sizes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes)   # A4
    pages = len(sizes)
    assert pages >= 3
    from pypdf import PdfReader  # in the test extra

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == pages
    for n, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert MARKING in text, f"page {n} has no marking"
        assert f"{n} / {pages}" in text, f"page {n} has no page number"
