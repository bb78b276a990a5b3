"""Sensitivity and explanation (issue 5): core index, weight-stability endpoints, price of forcing,
marginal values, near-optimal alternatives, reproducibility across workers, and the commands.

Every model is tiny and built in code, with an optimum worked out by hand in its comment.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from builders import Model

import portfolio
from portfolio.analysis.explain import explain_program
from portfolio.analysis.sensitivity import (
    DEFAULT_PARTS,
    PART_ALIASES,
    PARTS,
    SensitivitySettings,
    draw_spec,
    make_draw,
    near_optimal_alternatives,
    run_sensitivity,
    shifted_weights,
)
from portfolio.analysis.sensitivity.core_index import _job_draws
from portfolio.api import solve_options
from portfolio.cli import main
from portfolio.cli.options import parse_parts as _parse_parts
from portfolio.engine.parallel import InlineExecutor, new_token


def parse_parts(text):
    return _parse_parts(text, PARTS, PART_ALIASES, default=DEFAULT_PARTS)
from portfolio.engine.session import Session


def only(*parts, **kw) -> SensitivitySettings:
    return SensitivitySettings(parts=parts, **kw)


def fresh_portfolio(data, weights=None, scores=None, **force):
    """An explicit, independent solve: a new Session, gap 0."""
    s = Session(data, solve_options(data, mip_gap=0.0))
    if weights is not None or scores is not None:
        s.set_weights(weights or data.weights, scores)
    for p, state in force.items():
        s.force(p, state)
    o = s.solve(mip_gap=0.0)
    return o, (set(s.portfolio(o)) if o.has_solution else None)


# ---------------------------------------------------------------------------------------------
# Core index
# ---------------------------------------------------------------------------------------------

# One year, budget 20, every program costs 10: two programs fit.
#   DOM (100, 100) beats everything under any weights; BAD (1, 1) loses to everything.
#   A (80, 20) and B (20, 80): A wins when w_a > w_b. Base weights 0.5 / 0.5, so around half
#   the Dirichlet draws fund A and the others B.
def core_model(tmp_path, **crit_kw):
    m = Model(years=(2026, 2026), budget=20)
    m.criterion("a", 0.5, **crit_kw.get("a", {})).criterion("b", 0.5, **crit_kw.get("b", {}))
    m.program("DOM", [10], {"a": 100, "b": 100})
    m.program("A", [10], {"a": 80, "b": 20})
    m.program("B", [10], {"a": 20, "b": 80})
    m.program("BAD", [10], {"a": 1, "b": 1})
    return m.load(tmp_path)


def test_dominant_program_is_core_and_dominated_is_exterior(tmp_path):
    data = core_model(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("core", samples=60, seed=3))
    ci = res.core.set_index("program")
    assert ci.loc["DOM", "core_index"] == 1.0 and ci.loc["DOM", "cls"] == "core"
    assert ci.loc["BAD", "core_index"] == 0.0 and ci.loc["BAD", "cls"] == "exterior"
    # A and B share the second slot: each draw funds exactly one of them.
    assert ci.loc["A", "funded_draws"] + ci.loc["B", "funded_draws"] == 60
    assert 0.1 < ci.loc["A", "core_index"] < 0.9 and ci.loc["A", "cls"] == "borderline"
    # Each draw's portfolio is the one its own weights make optimal.
    for r in res.draws.itertuples():
        assert r.funded_programs == 2


def test_same_seed_gives_identical_results_with_one_and_two_workers(tmp_path):
    data = core_model(tmp_path)
    opts = solve_options(data)
    s = only("core", "price", samples=24, seed=11)
    one = run_sensitivity(data, opts, s, workers=1)
    two = run_sensitivity(data, opts, s, workers=2)
    assert one.draws.equals(two.draws)
    assert one.core.equals(two.core)
    assert one.price[["program", "loss"]].equals(two.price[["program", "loss"]])
    other = run_sensitivity(data, opts, replace(s, seed=12), workers=1)
    assert not one.draws["w_a"].equals(other.draws["w_a"])


def test_a_draw_depends_only_on_seed_and_index_not_on_solve_order(tmp_path):
    data = core_model(tmp_path)
    opts = solve_options(data)
    spec = draw_spec(data, "dirichlet", seed=5, concentration=50)
    ix = Session(data, opts).ix
    w7, _ = make_draw(spec, data, ix, 7)
    for i in range(7):
        make_draw(spec, data, ix, i)
    assert make_draw(spec, data, ix, 7)[0] == w7
    forward = _job_draws(new_token(), data, opts, spec, list(range(12)), None)
    backward = _job_draws(new_token(), data, opts, spec, list(range(11, -1, -1)), None)
    assert sorted(forward) == sorted(backward)


def test_draws_respect_intervals_ranks_and_score_ranges(tmp_path):
    data = core_model(tmp_path, a={"weight_low": 0.3, "weight_high": 0.9, "rank": 1}, b={"rank": 2})
    ix = Session(data, solve_options(data)).ix
    spec = draw_spec(data, "auto", seed=1)
    assert spec.mode == "intervals"
    for i in range(50):
        w, _ = make_draw(spec, data, ix, i)
        raw_a = w["a"] / w["b"] * 0.5          # b keeps its entered weight 0.5
        assert 0.3 - 1e-9 <= raw_a <= 0.9 + 1e-9
        assert w["a"] >= w["b"]                # the rank order holds
        assert abs(sum(w.values()) - 1) < 1e-12
    ranks = draw_spec(data, "ranks", seed=1)
    ws = [make_draw(ranks, data, ix, i)[0] for i in range(200)]
    assert all(w["a"] >= w["b"] for w in ws)
    assert np.std([w["a"] for w in ws]) > 0.05     # spread over the whole ordered region
    # Weights set outside the intervals (as a scenario may) make "auto" fall back to a Dirichlet.
    moved = replace(data, criteria=tuple(replace(c, weight=0.95) if c.id == "a" else c for c in data.criteria))
    fallback = draw_spec(moved, "auto", seed=1)
    assert fallback.mode == "dirichlet" and fallback.notes[0].key == "sens.warn.auto_dirichlet"
    dirich = draw_spec(data, "dirichlet", seed=1, concentration=50)
    mean_a = np.mean([make_draw(dirich, data, ix, i)[0]["a"] for i in range(400)])
    assert abs(mean_a - 0.5) < 0.02

    m = Model(years=(2026, 2026), budget=20)
    m.criterion("a", 1.0)
    m.program("X", [10], {"a": 50, "a_low": 40, "a_high": 60}, start=(2026, 2026))
    m.program("Y", [10], {"a": 45})
    d2 = m.load(tmp_path)
    ix2 = Session(d2, solve_options(d2)).ix
    spec2 = draw_spec(d2, "auto", seed=2)
    assert spec2.scores
    xs = []
    for i in range(30):
        _, sc = make_draw(spec2, d2, ix2, i)
        k = ix2.by_program["X"][0]
        xs.append(sc[k, 0])
        assert sc[ix2.by_program["Y"][0], 0] == 45
    assert min(xs) >= 40 and max(xs) <= 60 and len(set(xs)) == 30


# ---------------------------------------------------------------------------------------------
# Weight stability
# ---------------------------------------------------------------------------------------------

# One year, budget 10, P1 and P2 cost 10 each: one fits. Scores P1 (a 60, b 20), P2 (a 20, b 60),
# C (c 30) with a third criterion c. Base weights 0.6 / 0.3 / 0.1 (a / b / c).
# With w_a = λ, w_b = 0.75·(1−λ) and w_c = 0.25·(1−λ), P1 is worth 15 + 45λ and P2 45 − 25λ, so
# P1 stays optimal for λ ≥ 3/7. Raising w_b flips to P2, raising w_c eventually to C (c 30).
def stability_model(tmp_path):
    m = Model(years=(2026, 2026), budget=10)
    m.criterion("a", 0.6).criterion("b", 0.3).criterion("c", 0.1)
    m.program("P1", [10], {"a": 60, "b": 20, "c": 0})
    m.program("P2", [10], {"a": 20, "b": 60, "c": 0})
    m.program("C", [10], {"a": 0, "b": 0, "c": 30})
    return m.load(tmp_path)


def test_stability_endpoints_are_confirmed_inside_and_outside(tmp_path):
    data = stability_model(tmp_path)
    tol = 1e-3
    res = run_sensitivity(data, solve_options(data), only("stability", tolerance=tol))
    st = res.stability.set_index("criterion")
    base_port = {("P1", "std", 2026)}
    assert 3 / 7 <= st.loc["a", "low"] <= 3 / 7 + tol and st.loc["a", "high"] == 1.0
    checked = 0
    for c, r in st.iterrows():
        for end, outside in (("low", r["low_outside"]), ("high", r["high_outside"])):
            inside = r[end]
            _, inside_port = fresh_portfolio(data, shifted_weights(data.weights, c, inside))
            assert inside_port == base_port, (c, end)
            if outside is None or outside != outside:
                assert inside in (0.0, 1.0)
                continue
            assert abs(outside - inside) <= tol
            _, outside_port = fresh_portfolio(data, shifted_weights(data.weights, c, outside))
            assert outside_port != base_port, (c, end)
            flips = r["flips_low"] if end == "low" else r["flips_high"]
            assert {f["program"] for f in flips} == {p for p, _, _ in outside_port ^ base_port}
            checked += 1
    assert checked >= 3       # a low, b high, c high all have a flip
    flips_a = {f["program"]: f for f in st.loc["a", "flips_low"]}
    assert flips_a["P1"]["after"] is None and flips_a["P2"]["before"] is None
    # Tornado: the re-optimised objective at ±20% of each weight.
    tn = res.tornado.set_index("criterion")
    lam = 0.6 * 1.2
    w = shifted_weights(data.weights, "a", lam)
    assert tn.loc["a", "objective_plus"] == pytest.approx(60 * w["a"] + 20 * w["b"])


# ---------------------------------------------------------------------------------------------
# Price of inclusion and exclusion
# ---------------------------------------------------------------------------------------------

# One year, budget 20: A (10, 100), B (10, 80), C (10, 50) → {A, B} = 180. M is mandatory (cost
# 0, value 1); F is forbidden; R requires F; BIG costs 30 (never fits).
def price_model(tmp_path):
    m = Model(years=(2026, 2026), budget=20)
    m.program("A", [10], 100).program("B", [10], 80).program("C", [10], 50)
    m.program("M", [0], 1, mandatory=True).program("F", [1], 500, forbidden=True)
    m.program("R", [1], 5).requires("R", "F")
    m.program("BIG", [30], 1000)
    return m.load(tmp_path)


def test_price_of_inclusion_is_the_difference_of_two_explicit_solves(tmp_path):
    data = price_model(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("price"))
    pr = res.price.set_index("program")
    base = portfolio.solve(data, mip_gap=0.0)
    for pid in ("C", "A", "B"):
        p = data.program_by_id[pid]
        changed = replace(p, mandatory=True) if pid == "C" else replace(p, forbidden=True)
        forced = replace(data, programs=tuple(changed if q.id == pid else q for q in data.programs))
        other = portfolio.solve(forced, mip_gap=0.0)
        assert pr.loc[pid, "loss"] == pytest.approx(base.objective - other.objective, abs=1e-6)
    assert pr.loc["C", "loss"] == pytest.approx(30) and pr.loc["C", "direction"] == "in"
    assert pr.loc["C", "removed"] == ["B"]
    for pid, key in (("M", "mandatory"), ("F", "forbidden"), ("R", "requires"), ("BIG", "infeasible_in")):
        assert pd.isna(pr.loc[pid, "loss"])
        assert pr.loc[pid, "reason"].key == f"sens.reason.{key}"
    js = res.to_json(None, "en")
    assert js["price_of_change"]["M"] is None and "mandatory" in js["price_of_change_detail"]["M"]["reason"]


# ---------------------------------------------------------------------------------------------
# Marginal values
# ---------------------------------------------------------------------------------------------

# One year, budget 20: A (10, 100), B (10, 80), C (11, 85). Base {A, B} = 180.
#   +Δ = +1 (budget 21): {A, C} = 185 → gain 5.   −Δ (19): only one fits → {A} = 100 → loss 80.
# Capacity K = 2 per year, each program uses 1: its −Δ (1.9) leaves one program → loss 80 too.
def marginal_model(tmp_path):
    m = Model(years=(2026, 2026), budget=20)
    m.capacity("K", 2)
    m.program("A", [10], 100, use={"K": 1}).program("B", [10], 80, use={"K": 1}).program("C", [11], 85, use={"K": 1})
    return m.load(tmp_path)


def test_marginal_values_match_the_hand_worked_example(tmp_path):
    data = marginal_model(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("marginal", delta=0.05))
    mv = res.marginal.set_index("limit")
    b = mv.loc["total_budget:2026"]
    assert b["delta"] == pytest.approx(1.0)
    assert b["plus"] == pytest.approx(5.0) and b["minus"] == pytest.approx(80.0)
    assert b["plus_per_unit"] == pytest.approx(5.0)
    k = mv.loc["capacity:K:2026"]
    assert k["delta"] == pytest.approx(0.1) and k["minus"] == pytest.approx(80.0) and k["plus"] == pytest.approx(0.0)
    js = res.to_json(None, "en")["marginal_values"]["total_budget:2026"]
    assert {"plus", "minus", "delta"} <= set(js)


# Two years; no annual money at all (budget and ministry envelope 0), a fund F with deposits 20 in
# FY2026 and 0 in FY2027. A (value 50) and B (value 40) each cost 10 in FY2027, paid by the fund.
#   fund_balance:F:2026 (Δ = 5% of 20 = 1): +Δ gains nothing, −Δ (19) leaves room for one → loss 40.
#   fund_balance:F:2027 has no deposit: Δ is taken from the largest year's (1); +Δ gains nothing and
#   −Δ would be negative (null, with a reason). The total budget is 0 in every year: no Δ at all.
def test_fund_deposits_and_zero_limits(tmp_path):
    m = Model(years=(2026, 2027), budget=0)
    m.source("A", envelope=0).source("F", kind="fund", envelope=[20, 0]).rule("F")
    m.program("A1", [0, 10], 50, duration=2).program("B1", [0, 10], 40, duration=2)
    data = m.load(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("marginal"))
    mv = res.marginal.set_index("limit")
    f26, f27 = mv.loc["fund_balance:F:2026"], mv.loc["fund_balance:F:2027"]
    assert f26["delta"] == pytest.approx(1.0) and f26["plus"] == pytest.approx(0) and f26["minus"] == pytest.approx(40)
    assert f27["delta"] == pytest.approx(1.0) and f27["plus"] == pytest.approx(0) and pd.isna(f27["minus"])
    assert f27["reason"].key == "sens.reason.minus_below_zero"
    tb = mv.loc["total_budget:2026"]
    assert pd.isna(tb["delta"]) and tb["reason"].key == "sens.reason.zero_limit"
    js = res.to_json(None, "en")["marginal_values"]
    assert js["fund_balance:F:2027"]["minus"] is None and js["fund_balance:F:2027"]["reason"]


def test_lp_duals_are_indicative_and_leave_the_session_model_integer(tmp_path):
    """Without the capacity, the LP relaxation fills the budget with A and B; one more 億円 buys 1/11
    of C (85/11), one less gives up 1/10 of B (8): any dual in [85/11, 8] is right, with this sign."""
    from portfolio.analysis.sensitivity import limits_of, lp_duals

    m = Model(years=(2026, 2026), budget=20)
    m.program("A", [10], 100).program("B", [10], 80).program("C", [11], 85)
    data = m.load(tmp_path)
    s = Session(data, solve_options(data, mip_gap=0.0))
    duals = lp_duals(s, data, limits_of(data, s.solver, 0.05))
    assert 85 / 11 - 1e-6 <= duals["total_budget:2026"] <= 8 + 1e-6
    o = s.solve()
    assert o.objective == pytest.approx(180.0) and set(o.choose.tolist()) <= {0.0, 1.0}


# ---------------------------------------------------------------------------------------------
# Alternatives
# ---------------------------------------------------------------------------------------------

# One year, budget 30, five programs cost 10 with values 100, 99, 98, 97, 96 (three fit) and Q costs
# 30 with value 295. The optimum {P100, P99, P98} = 297; within 1 % (≥ 294.03) lie {Q} = 295, four
# programs away, and the one-swap portfolios {100,99,97}, {100,98,97}, {100,99,96}.
PROGS = {"P100": (10, 100), "P99": (10, 99), "P98": (10, 98), "P97": (10, 97), "P96": (10, 96), "Q": (30, 295)}


def test_alternatives_are_distinct_within_tolerance_and_far_apart(tmp_path):
    m = Model(years=(2026, 2026), budget=30)
    for p, (c, v) in PROGS.items():
        m.program(p, [c], v)
    data = m.load(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("alternatives", alternatives=3, within=0.01))
    opt = res.base.objective
    assert opt == pytest.approx(297)
    ports = [frozenset(res.base.portfolio)] + [frozenset(a.portfolio) for a in res.alternatives]
    assert len(res.alternatives) == 3 and len(set(ports)) == 4
    for a in res.alternatives:
        assert a.objective >= opt * 0.99 - 1e-6
        assert a.objective == pytest.approx(sum(PROGS[p][1] for p in a.portfolio))
        assert set(a.added) == set(a.portfolio) - set(res.base.portfolio)
        assert set(a.removed) == set(res.base.portfolio) - set(a.portfolio)

    # Brute force: the first alternative is as far from the optimum as any portfolio within
    # tolerance, and each later one maximises its least distance to those before it.
    def dist(x, y):
        return 1.5 * len(set(x) ^ set(y))      # 1 per program in or out, plus 0.5 for its option

    within = [set(c) for n in range(len(PROGS) + 1) for c in itertools.combinations(PROGS, n)
              if sum(PROGS[p][0] for p in c) <= 30 and sum(PROGS[p][1] for p in c) >= opt * 0.99]
    assert set(res.alternatives[0].portfolio) == {"Q"} and res.alternatives[0].distance == 6.0
    seen = [set(res.base.portfolio)]
    for a in res.alternatives:
        best = max(min(dist(c, s_) for s_ in seen) for c in within if c not in seen)
        assert a.min_distance == pytest.approx(best)
        seen.append(set(a.portfolio))
    # Asking for more than exist stops with a reason.
    alts, note = near_optimal_alternatives(data, solve_options(data), res.base, 6, 0.01)
    assert len(alts) == len(within) - 1 == 4 and note is not None and note.key == "sens.reason.no_alternative"


# ---------------------------------------------------------------------------------------------
# Explain
# ---------------------------------------------------------------------------------------------

# One year, budget 20: A (10, 100), B (10, 80), C (11, 85), D (10, 70). Base {A, B} = 180.
#   C out: alone it (85) cannot beat {A, B}; with A or B it does not fit. Forced in: {C} = 85, loss 95;
#     its score must rise by 95 to enter; the budget at ×1.1 (22) fits {A, C} = 185 > 180.
#   B in: it drops when 80·f < 70 (D replaces it), a fall of 12.5 %; at ×0.9 (18) only one fits.
def explain_model(tmp_path):
    m = Model(years=(2026, 2026), budget=20)
    m.program("A", [10], 100).program("B", [10], 80).program("C", [11], 85).program("D", [10], 70)
    return m.load(tmp_path)


def test_explain_unfunded_and_funded(tmp_path):
    data = explain_model(tmp_path)
    opts = solve_options(data)
    c = explain_program(data, opts, "C")
    assert not c.funded and c.forced_loss == pytest.approx(95)
    assert set(c.removed) == {"A", "B"}
    assert c.threshold_step == pytest.approx(1.1)
    assert c.score_change == pytest.approx(95, abs=0.2)
    budget = [x for x in c.limits if x.family == "total_budget"]
    assert budget and budget[0].enters is True and budget[0].need == pytest.approx(11)
    text = " ".join(c.lines("en"))
    assert "not funded" in text and "×1.1" in text
    b = explain_program(data, opts, "プログラムB")      # by exact name
    assert b.program == "B" and b.funded
    assert b.forced_loss == pytest.approx(10) and b.added == ["D"]
    assert b.score_change == pytest.approx(0.125, abs=0.005)
    assert b.threshold_step == pytest.approx(0.9)
    with pytest.raises(portfolio.InputError):
        explain_program(data, opts, "NOPE")


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _strict(text: str) -> dict:
    def refuse(name):
        raise ValueError(f"non-finite number {name} in JSON")
    return json.loads(text, parse_constant=refuse)


def test_sensitivity_cli_json_shape(tmp_path, capsys):
    data_path = tmp_path / "m.xlsx"
    m = Model(years=(2026, 2027), budget=20)
    m.criterion("a", 2).criterion("b", 1)
    m.capacity("K", 2)
    m.program("A", [10, 0], {"a": 100, "b": 10}, use={"K": 1}).program("B", [10, 0], {"a": 30, "b": 90})
    m.program("C", [11, 0], {"a": 60, "b": 60}, use={"K": 1}).program("M", [1, 1], {"a": 1, "b": 1}, mandatory=True)
    m.write(tmp_path, "m.xlsx")
    out = tmp_path / "s.xlsx"
    code = main(["sensitivity", str(data_path), "--samples", "12", "--workers", "1", "-o", str(out), "--json",
                 "--lang", "en"])
    captured = capsys.readouterr().out
    assert code == 0
    obj = _strict(captured)
    assert captured.count("\n") == 1
    assert set(obj["core_index"]) == {"A", "B", "C", "M"}
    assert set(obj["classes"].values()) <= {"core", "borderline", "exterior"}
    assert sum(obj["weights"].values()) == pytest.approx(1.0)
    for c, v in obj["weight_stability"].items():
        assert {"base", "low", "high"} <= set(v) and v["low"] <= v["base"] <= v["high"]
    assert sum(v["base"] for v in obj["weight_stability"].values()) == pytest.approx(1.0)
    assert obj["price_of_change"]["M"] is None and obj["price_of_change_detail"]["M"]["reason"]
    assert all({"plus", "minus", "delta"} <= set(v) for v in obj["marginal_values"].values())
    assert isinstance(obj["alternatives"], list)
    assert obj["output"] == str(out) and out.exists()

    import openpyxl
    wb = openpyxl.load_workbook(out)
    assert {"Summary", "WeightStability", "CoreIndex", "PriceOfChange", "MarginalValues", "Alternatives"} <= \
        set(wb.sheetnames)
    assert wb["WeightStability"]._charts and wb["CoreIndex"]._charts

    code = main(["sensitivity", str(data_path), "--parts", "core,price", "--samples", "5", "--workers", "1", "-o",
                 str(tmp_path / "s2.xlsx"), "--json"])
    obj = _strict(capsys.readouterr().out)
    assert code == 0 and obj["parts"] == ["core", "price"]
    assert obj["weight_stability"] is None and obj["marginal_values"] is None and obj["core_index"]

    code = main(["sensitivity", str(data_path), "--parts", "core,bogus", "--json", "-o", str(tmp_path / "x.xlsx")])
    obj = _strict(capsys.readouterr().out)
    assert code == 2 and obj["status"] == "invalid_input"


def test_explain_cli_json_and_text(tmp_path, capsys):
    explain_model(tmp_path)
    path = next(tmp_path.glob("*.xlsx"))
    code = main(["explain", "C", str(path), "--json", "--lang", "en"])
    obj = _strict(capsys.readouterr().out)
    assert code == 0 and obj["program"] == "C" and obj["funded"] is False
    assert obj["forced"]["loss"] == pytest.approx(95) and obj["ladder"]["enters_at"] == pytest.approx(1.1)
    assert obj["text"] and obj["score_rise_points"] == pytest.approx(95, abs=0.2)
    code = main(["explain", "A", str(path), "--lang", "ja"])
    out = capsys.readouterr().out
    assert code == 0 and "採択されています" in out


def test_parse_parts():
    assert parse_parts(None) == ("stability", "core", "price", "marginal", "alternatives")     # margins on request
    assert parse_parts("all") == ("stability", "core", "price", "marginal", "alternatives", "margins")
    assert parse_parts("marginal_values, core_index") == ("core", "marginal")
    with pytest.raises(ValueError):
        parse_parts("nope")


def test_run_sensitivity_accepts_a_given_executor(tmp_path):
    data = core_model(tmp_path)
    res = run_sensitivity(data, solve_options(data), only("core", samples=6), executor=InlineExecutor(), workers=2)
    assert len(res.draws) == 6


def test_an_infeasible_mip_start_prints_nothing_on_stdout(tmp_path, capfd):
    """A fresh worker's first task may get the base portfolio as a start that its forcing breaks;
    HiGHS must not log that on stdout, where --json prints its one object."""
    from portfolio.analysis.sensitivity.common import base_solve, run_task

    data = price_model(tmp_path)
    base = base_solve(Session(data, solve_options(data)), 1e-6)
    capfd.readouterr()
    fresh = Session(data, solve_options(data))
    r = run_task(fresh, data, {"force": {"A": "out"}}, 1e-6, base.start)
    assert r.status == "optimal" and r.objective == pytest.approx(130 + 1)
    assert capfd.readouterr().out == ""


def test_minus_delta_shortcut_gives_the_same_losses_as_solving(monkeypatch):
    """Where the base optimum survives −Δ, the loss is taken as exactly 0 without a solve; it must
    equal what solving gives, limit by limit (and some limits must take the shortcut, or this test
    proves nothing)."""
    from pathlib import Path

    import portfolio
    from portfolio.analysis.sensitivity.marginal import _BaseFeasibility
    from portfolio.api import solve_options

    data = portfolio.load_model(Path(__file__).resolve().parents[1] / "models" / "example.xlsx")
    st = SensitivitySettings(parts=("marginal",), lp_duals=False)
    taken = []
    real = _BaseFeasibility.still_feasible

    def spy(self, *a, **k):
        ok = real(self, *a, **k)
        taken.append(ok)
        return ok

    monkeypatch.setattr(_BaseFeasibility, "still_feasible", spy)
    fast = run_sensitivity(data, solve_options(data), st).marginal.set_index("limit")
    assert any(taken) and not all(taken)
    monkeypatch.setattr(_BaseFeasibility, "still_feasible", lambda self, *a, **k: False)
    slow = run_sensitivity(data, solve_options(data), st).marginal.set_index("limit")
    assert list(fast.index) == list(slow.index)
    for name in fast.index:
        a, b = fast.loc[name, "minus"], slow.loc[name, "minus"]
        assert (a is None and b is None) or (a == a and b == b and abs(a - b) <= 1e-6) or (a != a and b != b)


def test_a_task_leaves_the_session_as_it_found_it(tmp_path):
    """Tasks share a worker's session: forcings, limits, weights and scores are in force for their
    own solve only, and HiGHS gets back exactly the rows and objective it had."""
    from portfolio.analysis.sensitivity.common import run_task
    from portfolio.analysis.sensitivity.marginal import _BaseFeasibility

    data = core_model(tmp_path)
    s = Session(data, solve_options(data))

    def state(push=True):
        if push:
            s.solver.push_updates()
        lp = s.solver.highs.getLp()
        return (dict(s.forced), dict(s.weights), s.scores, s.limit("total_budget", 2026), list(lp.col_cost_),
                list(lp.row_lower_), list(lp.row_upper_), list(lp.col_upper_))

    before = state()
    scores = s.ix.scores.copy()
    scores[:, 0] += 1.0
    for task in ({"force": {"DOM": "out", "BAD": "in"}}, {"limits": [("total_budget", 2026, 10.0)]},
                 {"weights": {"a": 0.9, "b": 0.1}, "scores": scores}, {"scores": scores}):
        run_task(s, data, task, 1e-6)
        assert state() == before, task
    base = s.solve(mip_gap=1e-6)
    check = _BaseFeasibility(s, SimpleNamespace(outcome=base, solved=SimpleNamespace(has_solution=True),
                                                x=base.choose))
    assert not check.still_feasible("total_budget", 2026, 10.0)     # the base plan spends 20
    assert check.still_feasible("total_budget", 2026, 25.0)
    assert state(push=False) == before      # HiGHS already has the limit back: the LP duals read it next


def test_tasks_after_a_reweighted_one_all_see_the_same_weights(tmp_path):
    """Weights 1 : 4 : 1 normalised sum to 1 − 2⁻⁵³, so normalising them again moves them by a unit in
    the last place. However many weight draws a worker has run, the next forced solve sees the same
    objective."""
    from portfolio.analysis.sensitivity.common import run_task

    m = Model(years=(2026, 2026), budget=20)
    m.criterion("a", 1).criterion("b", 4).criterion("c", 1)
    m.program("A", [10], {"a": 90, "b": 10, "c": 30}).program("B", [10], {"a": 10, "b": 70, "c": 50})
    data = m.load(tmp_path)
    w = data.weights
    assert sum(w.values()) != 1.0         # else this test proves nothing
    s = Session(data, solve_options(data))
    seen = []
    for _ in range(3):
        run_task(s, data, {"weights": {"a": 0.2, "b": 0.5, "c": 0.3}}, 1e-6)
        seen.append(s.solver.objective_coefficients().tolist())
    assert seen[0] == seen[1] == seen[2]


def test_dask_executor_gives_the_same_results_as_one_worker(tmp_path):
    """Jobs go to Dask workers by reference to their module's functions: every part that runs
    through the executor must give what one worker in this process gives."""
    distributed = pytest.importorskip("distributed")
    data = core_model(tmp_path)
    opts = solve_options(data)
    s = only("stability", "core", "price", "marginal", samples=12, seed=4, tolerance=0.01)
    local = run_sensitivity(data, opts, s, workers=1).to_json(None)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        address = cl.scheduler_address.replace("tcp://", "dask://")
        remote = run_sensitivity(data, opts, s, workers=2, executor=address).to_json(None)
    local.pop("seconds"), remote.pop("seconds")
    assert remote == local
