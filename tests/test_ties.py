"""Another plan of the same value: `solve` and `sweep` say so, with what differs.

A hand-built tie (two programs alike in all but their id) and a hand-built unique optimum, through
the command line (console, JSON, workbook); a sweep whose steps tie and do not; and brute force on
small random models: the search says "tie" exactly when two or more combinations of options reach
the optimum.
"""

from __future__ import annotations

import itertools
import json

import openpyxl
import pytest
from builders import Model, run_cli
from test_bruteforce import (
    combinatorial_ok,
    make_spec,
    money_closed_form,
    money_lp,
    option_terms,
    options,
    to_model,
)
from test_stopped_early import knapsack, stop_at_first_solution  # noqa: F401 - stop_at_first_solution: a fixture

import portfolio
from portfolio.analysis.ties import TIE_TOLERANCE, find_tie
from portfolio.api import solve_options


def twins(value_b: float = 5) -> Model:
    """A budget of 100 for A or B (60 each) plus C (30): A and B tie when they are worth the same."""
    m = Model(years=(2026, 2026), budget=[100])
    m.program("A", cost=[60], value=5, name_ja="甲")
    m.program("B", cost=[60], value=value_b, name_ja="乙")
    m.program("C", cost=[30], value=1, name_ja="丙")
    return m


def test_solve_says_another_plan_has_the_same_value(tmp_path, capsys):
    path = twins().write(tmp_path, "twins.xlsx")
    out = tmp_path / "r.xlsx"
    code, stdout, _ = run_cli(capsys, "solve", str(path), "-o", str(out), "--lang", "en")
    assert code == 0
    funded = "A" if "A" in json.dumps(_summary(out)) else "B"
    line = next(x for x in stdout.splitlines() if "same value" in x)
    assert "Another plan has the same value (6.000)" in line and "both are optimal" in line
    code, stdout, _ = run_cli(capsys, "solve", str(path), "--json", "-o", str(tmp_path / "j.xlsx"), "--force")
    tie = json.loads(stdout)["tie"]
    chosen = {p["id"] for p in json.loads(stdout)["programs"] if p["funded"]}
    assert tie["status"] == "tie" and tie["objective"] == pytest.approx(6.0)
    assert tie["changed"] == [] and len(tie["added"]) == len(tie["dropped"]) == 1
    assert set(tie["dropped"]) < chosen and not set(tie["added"]) & chosen and {*tie["added"], *tie["dropped"]} == {
        "A", "B"}
    assert funded in chosen


def _summary(path) -> dict:
    ws = openpyxl.load_workbook(path)["Summary"]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}


def test_the_results_workbook_says_it_in_japanese(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    code, stdout, _ = run_cli(capsys, "solve", str(twins().write(tmp_path, "t.xlsx")), "-o", str(out))
    assert code == 0 and "同じ評価値（6.000）の別の採択案があり" in stdout
    ws = openpyxl.load_workbook(out)["概要"]
    lines = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert lines["同じ評価値の別解"].startswith("同じ評価値（6.000）の別の採択案があり、どちらも最適です")
    assert "甲（A）" in lines["同じ評価値の別解"] and "乙（B）" in lines["同じ評価値の別解"]


def test_a_unique_optimum_is_said_to_be_unique(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    code, stdout, _ = run_cli(capsys, "solve", str(twins(4).write(tmp_path, "u.xlsx")), "-o", str(out),
                              "--lang", "en", "--json")
    assert code == 0 and json.loads(stdout)["tie"]["status"] == "unique"
    code, stdout, _ = run_cli(capsys, "solve", str(twins(4).write(tmp_path, "u.xlsx")), "-o", str(out),
                              "--lang", "en", "--force")
    assert "same value" not in stdout                       # nothing to say on the console
    assert _summary(out)["Plans of the same value"] == "No other plan has the same value."


def test_a_start_year_tie_is_a_change_of_the_same_program(tmp_path):
    # No discount for a late start: S is worth the same in either year, and T fits beside it in both.
    m = Model(years=(2026, 2027), budget=[50, 50], late_start_discount=0.0)
    m.program("S", cost=[40], value=3, start=(2026, 2027))
    m.program("T", cost=[5, 5], value=1, start=(2026, 2026))
    data = portfolio.load_model(m.write(tmp_path, "s.xlsx"))
    result = portfolio.solve(data, mip_gap=0.0)
    tie = find_tie(data, result.options, result.portfolio())
    assert tie.status == "tie" and tie.changed == ["S"] and tie.added == tie.dropped == []


def test_sweep_says_which_steps_have_another_plan_of_the_same_value(tmp_path, capsys):
    # ×1: A or B (a tie); ×0.5: only C fits (50), nothing ties with it; ×2: A, B and C together.
    path = twins().write(tmp_path, "twins.xlsx")
    code, stdout, _ = run_cli(capsys, "sweep", str(path), "--scale", "0.5,1,2", "-o", str(tmp_path / "s.xlsx"),
                              "--json")
    assert code == 0
    ties = {p["scale"]: p["tie"]["status"] for p in json.loads(stdout)["points"]}
    assert ties == {0.5: "unique", 1.0: "tie", 2.0: "unique"}
    code, stdout, _ = run_cli(capsys, "sweep", str(path), "--scale", "0.5,1,2", "-o", str(tmp_path / "s.xlsx"),
                              "--force", "--lang", "en")
    said = [x for x in stdout.splitlines() if "same value" in x]
    assert len(said) == 1 and said[0].startswith("×1: Another plan has the same value (6.000)")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["Frontier"]
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Budget scale")
    col = rows[head].index("Plans of the same value")
    texts = {r[0]: r[col] for r in rows[head + 1:head + 4]}
    assert texts[1].startswith("Another plan") and texts[0.5] == texts[2] == "No other plan has the same value."


def test_solve_and_the_sweep_step_at_the_same_budget_both_say_so(tmp_path, capsys):
    """Whichever of the tied plans each picks, both name the other."""
    path = twins().write(tmp_path, "twins.xlsx")
    _, solve_out, _ = run_cli(capsys, "solve", str(path), "--json", "-o", str(tmp_path / "r.xlsx"))
    _, sweep_out, _ = run_cli(capsys, "sweep", str(path), "--scale", "0.5,1", "--json", "-o", str(tmp_path / "s.xlsx"))
    solved = json.loads(solve_out)
    step = next(p for p in json.loads(sweep_out)["points"] if p["scale"] == 1.0)
    funded = {p["id"] for p in solved["programs"] if p["funded"]}
    assert step["objective"] == pytest.approx(solved["objective"])
    for plan, tie in ((funded, solved["tie"]), (set(step["funded"]), step["tie"])):
        assert tie["status"] == "tie"
        assert plan - set(tie["dropped"]) | set(tie["added"]) in ({"A", "C"}, {"B", "C"})


# -- brute force --------------------------------------------------------------------------------------


def optimal_choices(spec: dict, shared: bool) -> tuple[float, int]:
    """The best value over every feasible combination of options and how many combinations reach it."""
    budget = [b * (spec["scale"] or 1.0) for b in spec["budget"]]
    progs = spec["programs"]
    pids = list(progs)
    terms = {(p, lid, s): option_terms(spec, p, lid, s) for p in pids for lid, s in options(spec, p)}
    feasible = []
    for combo in itertools.product(*[[None] + options(spec, p) for p in pids]):
        choice = {p: o for p, o in zip(pids, combo) if o is not None}
        if any((progs[p]["mandatory"] or progs[p]["ongoing"]) and p not in choice for p in pids):
            continue
        costs = {p: terms[p, lid, s][0] for p, (lid, s) in choice.items()}
        if not combinatorial_ok(spec, choice, terms, costs, sum(budget)):
            continue
        if money_lp(spec, choice, costs, budget) if shared else money_closed_form(spec, choice, costs, budget):
            feasible.append(sum(terms[p, lid, s][2] for p, (lid, s) in choice.items()))
    if not feasible:
        return float("nan"), 0
    best = max(feasible)
    return best, sum(v >= best - TIE_TOLERANCE * max(1.0, abs(best)) for v in feasible)


@pytest.mark.parametrize("seed,shared", [(s, False) for s in range(24)] + [(s, True) for s in range(1000, 1008)])
def test_a_tie_is_found_exactly_when_brute_force_finds_two_optima(tmp_path, seed, shared):
    spec = make_spec(seed, shared)
    data = portfolio.load_model(to_model(spec).write(tmp_path, f"bf{seed}.xlsx"))
    if spec["scale"]:
        data = data.with_scale(spec["scale"])
    result = portfolio.solve(data, mip_gap=0.0, explain=False)
    best, n = optimal_choices(spec, shared)
    if n == 0:
        assert result.status == "infeasible"
        return
    tie = find_tie(data, solve_options(data, mip_gap=0.0), result.portfolio())
    assert tie.status == ("tie" if n > 1 else "unique"), (seed, n, tie)
    if n > 1:
        assert tie.objective == pytest.approx(best, abs=1e-6)


@pytest.mark.usefixtures("stop_at_first_solution")
def test_a_plan_stopped_before_its_proof_is_not_checked(tmp_path, capsys):
    """A search from a plan the time limit stopped would only stop there too: no claim either way."""
    code, stdout, _ = run_cli(capsys, "solve", str(knapsack().write(tmp_path, "k.xlsx")), "--gap", "0", "--json",
                              "-o", str(tmp_path / "k-out.xlsx"))
    obj = json.loads(stdout)
    assert code == 0 and obj["status"] == "feasible" and "tie" not in obj
