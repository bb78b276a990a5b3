"""The robust plans (portfolio robust): a model worked by hand, brute force on small random models,
the command line and its outputs. Every solution is checked by the invariants (tests/invariants.py)."""

from __future__ import annotations

import itertools
import json
import random

import pytest
from builders import Model, run_cli
from test_robust_vertices import brute_vertices

import portfolio
from portfolio.analysis.robust import run_robust, weight_rows
from portfolio.api import solve_options


def hand_model(ranged: bool = False) -> Model:
    """One program fits the budget. Criteria a and b share rank 1, so every weighting is admissible
    (vertices (1, 0) and (0, 1)); the base weights are (0.7, 0.3).

    ===  ===  =========  =====  ====  =====  ========================
    P     a    b          base   w=a   w=b    worst  regret
    ===  ===  =========  =====  ====  =====  ========================
    P1   10    0          7      10     0      0      max(0, 20) = 20
    P2    0   20          6       0    20      0      max(10, 0) = 10
    P3    6    6          6       6     6      6      max(4, 14) = 14
    P4    2   12 [8, 12]  5       2    12      2      max(8, 8) = 8; with the range max(8, 20 − 8) = 12
    ===  ===  =========  =====  ====  =====  ========================

    Weighted optimum P1 (7). Max-min: P3 (worst case 6), giving up 1 at the base weights.
    Minimax regret: P4 (regret 8, giving up 2); with P4's b score in [8, 12], P2 (regret 10, giving up 1).
    """
    m = Model(years=(2026, 2026), budget=10)
    m.criterion("a", weight=0.7, rank=1).criterion("b", weight=0.3, rank=1)
    m.program("P1", [10], {"a": 10, "b": 0})
    m.program("P2", [10], {"a": 0, "b": 20})
    m.program("P3", [10], {"a": 6, "b": 6})
    m.program("P4", [10], {"a": 2, "b": 12, **({"b_low": 8} if ranged else {})})
    return m


def funded(plan) -> set[str]:
    return set(plan.portfolio)


def test_hand_worked_weights_only(tmp_path):
    from solution_checks import CHECKED

    data = hand_model().load(tmp_path)
    before = len(CHECKED)
    res = run_robust(data, solve_options(data, mip_gap=0.0))
    assert res.admissible.source == "ranks" and len(res.admissible.vertices) == 2
    w, mm, rg = (res.plans[k] for k in ("weighted", "max_min", "min_max_regret"))
    assert funded(w) == {"P1"} and funded(mm) == {"P3"} and funded(rg) == {"P4"}
    assert mm.worst_value == pytest.approx(6) and res.max_min_bound == pytest.approx(6)
    assert res.gives_up("max_min") == pytest.approx(1) and res.gives_up("min_max_regret") == pytest.approx(2)
    assert rg.regret.worst_low == pytest.approx(8) and rg.regret.worst_high == pytest.approx(8)
    assert res.regret_lower == pytest.approx(8) and res.regret_upper == pytest.approx(8)
    assert w.worst_value == pytest.approx(0) and w.regret.worst_low == pytest.approx(20)
    assert mm.regret.worst_low == pytest.approx(14)
    assert [f["program"] for f in rg.differs] == ["P1", "P4"]
    assert res.regret_converged and res.warnings == []
    # every solve (base, vertices, both stages of both worst-case MIPs) was checked by the invariants
    assert len(CHECKED) - before >= 1 + 2 + 4


def test_hand_worked_with_a_score_range(tmp_path):
    data = hand_model(ranged=True).load(tmp_path)
    res = run_robust(data, solve_options(data, mip_gap=0.0))
    assert res.scores_ranged
    rg, mm = res.plans["min_max_regret"], res.plans["max_min"]
    assert funded(rg) == {"P2"} and funded(mm) == {"P3"}
    assert res.regret_lower == pytest.approx(10, abs=1e-6) and res.regret_upper == pytest.approx(10, abs=1e-6)
    assert res.gives_up("min_max_regret") == pytest.approx(1)
    # P4's largest regret is now at its low score: 20 − 8 at w = (0, 1).
    assert res.regret_converged


# -- brute force on small random models -------------------------------------------------------------

YEARS = (2026, 2027)
DISCOUNT = 0.1


def random_spec(seed: int) -> dict:
    rnd = random.Random(seed)
    crit = ["a", "b", "c"][: rnd.choice((2, 3))]
    criteria = {}
    for i, c in enumerate(crit):
        w = rnd.choice((0.2, 0.3, 0.5))
        kw: dict = {"weight": w}
        if rnd.random() < 0.6:
            kw["weight_low"], kw["weight_high"] = round(w * rnd.uniform(0.2, 0.8), 3), round(w * rnd.uniform(1.2, 3), 3)
        if rnd.random() < 0.5:
            kw["rank"] = i + 1 if rnd.random() < 0.8 else 1
        criteria[c] = kw
    if not any("weight_low" in kw or "rank" in kw for kw in criteria.values()):
        criteria[crit[0]]["weight_low"] = criteria[crit[0]]["weight"] / 2
    # keep the base weights in rank order (the tool warns otherwise; the math does not care)
    ranked = sorted((kw["rank"], c) for c, kw in criteria.items() if "rank" in kw)
    ws = sorted((criteria[c]["weight"] for _, c in ranked), reverse=True)
    for (_, c), w in zip(ranked, ws):
        criteria[c]["weight"] = w
        lo, hi = criteria[c].get("weight_low"), criteria[c].get("weight_high")
        if lo is not None:
            criteria[c]["weight_low"], criteria[c]["weight_high"] = min(lo, w), max(hi if hi is not None else w, w)
    programs, ranged = [], 0
    for p in range(rnd.randint(3, 5)):
        levels = {}
        for lv in range(rnd.choice((1, 1, 2))):
            focus = rnd.choice(crit)         # specialists: which plan is best depends on the weights
            scores = {c: rnd.randint(6, 10) if c == focus else rnd.randint(0, 4) for c in crit}
            if ranged < 3 and seed % 3 and rnd.random() < 0.4:      # every third model: weights only
                c = rnd.choice(crit)
                scores[f"{c}_low"] = max(0, scores[c] - rnd.randint(1, 4))
                scores[f"{c}_high"] = scores[c] + rnd.randint(0, 4)
                ranged += 1
            levels[f"L{lv}"] = ([rnd.randint(3, 9)], scores)
        late = rnd.random() < 0.5
        programs.append(dict(id=f"P{p}", levels=levels, start=(2026, 2027) if late else (2026, 2026)))
    return dict(criteria=criteria, programs=programs, budget=[rnd.randint(8, 16) for _ in YEARS], crit=crit)


def to_model(spec: dict) -> Model:
    m = Model(years=YEARS, budget=spec["budget"], late_start_discount=DISCOUNT)
    for c, kw in spec["criteria"].items():
        m.criterion(c, **kw)
    for p in spec["programs"]:
        m.program(p["id"], levels=p["levels"], start=p["start"])
    return m


def all_plans(spec: dict) -> list[dict]:
    """Every feasible plan: program → (level, start), each year's cost within the budget."""
    choices = []
    for p in spec["programs"]:
        opts = [None] + [(lv, s) for lv in p["levels"] for s in range(p["start"][0], p["start"][1] + 1)]
        choices.append(opts)
    plans = []
    for combo in itertools.product(*choices):
        spend = {y: 0.0 for y in YEARS}
        for p, ch in zip(spec["programs"], combo):
            if ch is not None:
                spend[ch[1]] += p["levels"][ch[0]][0][0]
        if all(spend[y] <= b + 1e-9 for y, b in zip(YEARS, spec["budget"])):
            plans.append({p["id"]: ch for p, ch in zip(spec["programs"], combo) if ch is not None})
    return plans


def value(spec: dict, plan: dict, w: dict, corner: dict | None = None, which: str = "") -> float:
    """A plan's value at weights w; scores nominal, or at a corner of the score ranges, or all at `which` end."""
    total = 0.0
    for p in spec["programs"]:
        ch = plan.get(p["id"])
        if ch is None:
            continue
        sc = p["levels"][ch[0]][1]
        s = {}
        for c in spec["crit"]:
            s[c] = sc[c]
            if corner is not None and (p["id"], ch[0], c) in corner:
                s[c] = corner[p["id"], ch[0], c]
            elif which and f"{c}_{which}" in sc:
                s[c] = sc[f"{c}_{which}"]
        total += (1 - DISCOUNT) ** (ch[1] - YEARS[0]) * sum(w[c] * s[c] for c in spec["crit"])
    return total


def spec_vertices(spec: dict) -> list[dict]:
    crit, cr = spec["crit"], spec["criteria"]
    has_interval = any("weight_low" in cr[c] or "weight_high" in cr[c] for c in crit)
    low = [cr[c].get("weight_low", cr[c]["weight"]) if has_interval else None for c in crit]
    high = [cr[c].get("weight_high", cr[c]["weight"]) if has_interval else None for c in crit]
    rows = weight_rows(low, high, [cr[c].get("rank") for c in crit])
    return [dict(zip(crit, v)) for v in brute_vertices(rows, len(crit))]


def corners(spec: dict) -> list[dict]:
    ranged = [(p["id"], lv, c, sc[f"{c}_low"], sc[f"{c}_high"]) for p in spec["programs"]
              for lv, (_, sc) in p["levels"].items() for c in spec["crit"] if f"{c}_low" in sc]
    return [{(p, lv, c): x for (p, lv, c, _, _), x in zip(ranged, ends)}
            for ends in itertools.product(*[(lo, hi) for *_, lo, hi in ranged])]


def brute(spec: dict):
    plans, verts, cs = all_plans(spec), spec_vertices(spec), corners(spec)
    worst = [min(value(spec, x, w, which="low") for w in verts) for x in plans]
    best = {(k, j): max(value(spec, y, w, c) for y in plans) for k, w in enumerate(verts) for j, c in enumerate(cs)}
    regret = [max(best[k, j] - value(spec, x, w, c) for k, w in enumerate(verts) for j, c in enumerate(cs))
              for x in plans]
    return plans, worst, regret


def as_plan(p) -> dict:
    return {q: (lv, int(s)) for q, (lv, s) in p.portfolio.items()}


@pytest.mark.parametrize("seed", range(12))
def test_robust_plans_match_the_brute_force(tmp_path, seed):
    spec = random_spec(seed)
    data = to_model(spec).load(tmp_path)
    res = run_robust(data, solve_options(data, mip_gap=0.0))
    plans, worst, regret = brute(spec)
    base_w = data.weights
    key = [json.dumps(sorted(x.items())) for x in plans]
    at = {k: i for i, k in enumerate(key)}

    def index(kind):
        return at[json.dumps(sorted(as_plan(res.plans[kind]).items()))]

    mm, rg = index("max_min"), index("min_max_regret")
    tol = 1e-6
    assert worst[mm] == pytest.approx(max(worst), abs=tol)
    assert res.plans["max_min"].worst_value == pytest.approx(max(worst), abs=tol)
    assert res.max_min_bound == pytest.approx(max(worst), abs=tol)
    assert regret[rg] == pytest.approx(min(regret), abs=tol)
    assert res.regret_lower - tol <= min(regret) <= res.regret_upper + tol
    assert res.regret_upper - res.regret_lower <= 1e-5
    # Among tied robust plans, the one best at the base weights.
    tied = [i for i in range(len(plans)) if worst[i] >= max(worst) - tol]
    assert value(spec, plans[mm], base_w) == pytest.approx(max(value(spec, plans[i], base_w) for i in tied), abs=tol)
    tied = [i for i in range(len(plans)) if regret[i] <= min(regret) + tol]
    assert value(spec, plans[rg], base_w) == pytest.approx(max(value(spec, plans[i], base_w) for i in tied), abs=tol)
    # What each plan is said to guarantee is what it guarantees.
    for kind in ("weighted", "max_min", "min_max_regret"):
        i = index(kind)
        p = res.plans[kind]
        assert p.worst_value == pytest.approx(worst[i], abs=tol)
        assert p.regret.worst_low - tol <= regret[i] <= p.regret.worst_high + tol
        assert p.base_value == pytest.approx(value(spec, plans[i], base_w), abs=tol)


def test_the_same_input_gives_the_same_answer(tmp_path):
    data = to_model(random_spec(3)).load(tmp_path)
    a = run_robust(data, solve_options(data, mip_gap=0.0)).to_json(None)
    b = run_robust(data, solve_options(data, mip_gap=0.0), executor=None, workers=1).to_json(None)
    for d in (a, b):
        d.pop("seconds")
        for s in [*(p["solve"] for p in d["plans"].values()), *d["vertex_best"], d["max_min"]["solve"],
                  d["min_max_regret"]["solve"]]:
            s.pop("seconds")
    assert a == b


# -- the command line ---------------------------------------------------------------------------------


def test_cli_json_and_workbook(tmp_path, capsys):
    path = hand_model().write(tmp_path)
    out = tmp_path / "r.xlsx"
    code, stdout, _ = run_cli(capsys, "robust", path, "-o", out, "--json", "--lang", "en")
    assert code == 0
    d = json.loads(stdout)
    assert d["plans"]["max_min"]["worst_case_value"] == pytest.approx(6)
    assert d["min_max_regret"]["lower_bound"] == pytest.approx(8) and d["min_max_regret"]["upper_bound"] == \
        pytest.approx(8)
    assert d["plans"]["min_max_regret"]["gives_up"] == pytest.approx(2)
    assert d["plans"]["weighted"]["solve"]["status"] == "optimal"
    assert len(d["admissible"]["vertices"]) == 2 and d["output"] == str(out)
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["RobustPlans", "Differences", "Vertices"]


def test_cli_refuses_a_model_without_an_admissible_set(tmp_path, capsys):
    m = Model(years=(2026, 2026), budget=10)
    m.criterion("a", weight=1).criterion("b", weight=1)
    m.program("P", [5], {"a": 1, "b": 2})
    path = m.write(tmp_path)
    code, stdout, err = run_cli(capsys, "robust", path, "-o", tmp_path / "r.xlsx", "--lang", "en")
    assert code == 2 and "--band" in err and not (tmp_path / "r.xlsx").exists()
    code, stdout, err = run_cli(capsys, "robust", path, "-o", tmp_path / "r.xlsx", "--band", "0.5")
    assert code == 0 and (tmp_path / "r.xlsx").exists()


@pytest.mark.parametrize("bad", ["0", "1", "-0.1", "nan", "x"])
def test_cli_rejects_a_bad_band(tmp_path, capsys, bad):
    path = hand_model().write(tmp_path)
    code, _, err = run_cli(capsys, "robust", path, "--band", bad, "-o", tmp_path / "r.xlsx")
    assert code == 2 and "--band" in err


def test_portfolio_is_importable_for_the_api():
    assert hasattr(portfolio, "load_model")


def test_bounds_hold_when_the_rounds_run_out(tmp_path):
    """One round only: the bounds still enclose the brute-force minimax regret, and a warning says so."""
    from portfolio.analysis.robust import RobustSettings

    spec = random_spec(0)
    data = to_model(spec).load(tmp_path)
    res = run_robust(data, solve_options(data, mip_gap=0.0), RobustSettings(max_iterations=1))
    _, _, regret = brute(spec)
    assert res.regret_lower - 1e-6 <= min(regret) <= res.regret_upper + 1e-6
    if not res.regret_converged:
        assert any(w.key == "robust.warn.not_converged" for w in res.warnings)
        assert "between" in res.to_json(None, "en")["warnings"][0]


# -- the report's section -------------------------------------------------------------------------------


def section_text(html: str) -> str:
    import html as h
    import re

    start = html.index('id="robust"')
    end = html.find("</section>", start)
    return h.unescape(re.sub(r"<[^>]+>", " ", html[start:end]))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_section_says_what_its_table_shows(tmp_path, lang):
    from portfolio.api import make_report

    data = hand_model().load(tmp_path)
    html, _ = make_report(data, ladder=[], samples=0, mip_gap=0.0, lang=lang, robust=True)
    text = section_text(html)
    assert text.count("6.0") >= 2            # the max-min plan's worst case: table and sentence
    assert "8.0" in text and "20.0" in text  # the minimax regret, and the weighted optimum's
    assert "P3" in text and "P4" in text     # the programs that differ
    if lang == "en":
        assert "at least 6.0 under every admissible weighting" in text
        assert "never falls more than 8.0 below" in text


def test_report_without_an_admissible_set_says_why(tmp_path):
    from portfolio.api import make_report

    m = Model(years=(2026, 2026), budget=10)
    m.criterion("a", weight=1).criterion("b", weight=1)
    m.program("P", [5], {"a": 1, "b": 2})
    html, _ = make_report(m.load(tmp_path), ladder=[], samples=0, lang="en", robust=True)
    assert "--band" in section_text(html)
    html, _ = make_report(m.load(tmp_path), ladder=[], samples=0, lang="en")
    assert 'id="robust"' not in html


def test_worker_processes_give_the_same_answer(tmp_path):
    """Vertex and separation solves in two spawned workers (each checked there by the invariants)."""
    data = hand_model(ranged=True).load(tmp_path)

    def answer(workers):
        d = run_robust(data, solve_options(data, mip_gap=0.0), workers=workers, executor="processes").to_json(None)
        return {k: (sorted(p["portfolio"]), p["worst_case_value"], p["max_regret"]) for k, p in d["plans"].items()}

    assert answer(2) == answer(1)


def test_report_command_takes_robust(tmp_path, capsys):
    path = hand_model().write(tmp_path)
    out = tmp_path / "r.html"
    code, _, _ = run_cli(capsys, "report", path, "--robust", "--samples", "0", "--ladder", "off", "-o", out,
                         "--lang", "en")
    html = out.read_text(encoding="utf-8")
    assert code == 0 and "never falls more than 8.0 below" in section_text(html)
    assert "--robust" in html          # the command that reproduces the report (run details)
