"""The criteria trade-off frontier (#20 §1): a front worked by hand, brute force on small random models,
the same answer with one worker or two, grid resolution, and the errors a planner can make.

Every plan any frontier solve finds is checked against every rule of the model by the solution
observer (tests/solution_checks.py); the tests assert that each solve with a plan was checked.
"""

from __future__ import annotations

import itertools
import random

import pytest
import solution_checks
from builders import Model

from portfolio.analysis.frontier import run_frontier
from portfolio.api import solve_options
from portfolio.core.errors import InputError


def hand_model() -> Model:
    """Four programs, budget 7, criteria A and B (weights 1, 1).

    cost, A, B:  P1 4, 5, 1 · P2 3, 1, 4 · P3 3, 3, 3 · P4 2, 2, 0. The plans within budget and their
    (A, B): {} (0,0); P1 (5,1); P2 (1,4); P3 (3,3); P4 (2,0); P1+P2 (6,5); P1+P3 (8,4); P1+P4 (7,1);
    P2+P3 (4,7); P2+P4 (3,4); P3+P4 (5,3); any three cost more than 7. Non-dominated: (8,4) P1+P3,
    (6,5) P1+P2, (4,7) P2+P3. (6,5) lies below the segment from (8,4) to (4,7) (5 < 5.5): no weighted
    sum finds it, the ε-constraint does. The weighted optimum (A + B) is P1+P3, 12.
    """
    m = Model(years=(2026, 2026), budget=7)
    m.criterion("A", 1.0).criterion("B", 1.0)
    for pid, cost, a, b in (("P1", 4, 5, 1), ("P2", 3, 1, 4), ("P3", 3, 3, 3), ("P4", 2, 2, 0)):
        m.program(pid, cost=[cost], value={"A": a, "B": b})
    return m


def checked_count() -> int:
    return len(solution_checks.CHECKED)


def test_hand_worked_front(tmp_path):
    data = hand_model().load(tmp_path)
    before = checked_count()
    plan = (("P1", "std", 2026), ("P3", "std", 2026))
    fr = run_frontier(data, ["A", "B"], solve_options(data), exact=True, base=plan,
                      base_outcome={"status": "optimal", "gap": 0.0, "objective": 6.0})
    assert [(p.criteria["A"], p.criteria["B"]) for p in fr.points] == [(8, 4), (6, 5), (4, 7)]
    assert [p.funded for p in fr.points] == [["P1", "P3"], ["P1", "P2"], ["P2", "P3"]]
    assert [p.plan_id for p in fr.points] == ["F1", "F2", "F3"]
    assert fr.payoff == [{"A": 8, "B": 4}, {"A": 4, "B": 7}]
    assert fr.complete and fr.exact and fr.status == "ok"
    assert [p.objective for p in fr.points] == [6.0, 5.5, 5.5]     # weights normalised to ½, ½
    pos = fr.position
    assert pos.where == "on" and pos.plan_id == "F1" and pos.same_plan
    assert [n.plan_id for n in pos.neighbours] == ["F2"]
    n = pos.neighbours[0]
    assert (n.added, n.removed, n.changed, n.delta) == (["P2"], ["P3"], [], {"A": -2.0, "B": 1.0})
    assert checked_count() - before == fr.found >= len(fr.points)     # every plan found was checked


def test_grid_resolution(tmp_path):
    """Two grid points on B (4 and 7) miss (6, 5); four (4, 5, 6, 7) find the whole front."""
    data = hand_model().load(tmp_path)
    coarse = run_frontier(data, ["A", "B"], solve_options(data, mip_gap=0.0), points=2)
    assert [(p.criteria["A"], p.criteria["B"]) for p in coarse.points] == [(8, 4), (4, 7)]
    assert coarse.ranges["B"] == {"low": 4.0, "high": 7.0, "step": 3.0, "grid": 2}
    assert not coarse.complete
    fine = run_frontier(data, ["A", "B"], solve_options(data, mip_gap=0.0), points=4)
    assert [(p.criteria["A"], p.criteria["B"]) for p in fine.points] == [(8, 4), (6, 5), (4, 7)]


def test_dominated_weighted_optimum(tmp_path):
    """A plan dominated on the two criteria: placed with the points that dominate it and its neighbours."""
    data = hand_model().load(tmp_path)
    plan = (("P3", "std", 2026), ("P4", "std", 2026))
    fr = run_frontier(data, ["A", "B"], solve_options(data), exact=True, base=plan)
    pos = fr.position
    assert pos.criteria == {"A": 5.0, "B": 3.0}
    assert pos.where == "dominated" and pos.dominated_by == ["F1", "F2"]
    assert [n.plan_id for n in pos.neighbours] == ["F2", "F3"]       # A: 6 ≥ 5 above it, 4 below it
    assert pos.neighbours[0].added == ["P1", "P2"] and pos.neighbours[0].removed == ["P3", "P4"]


def random_model(seed: int, p: int) -> tuple[Model, list]:
    """Two years, six programs with two levels each (or none), a budget per year and a capacity."""
    rng = random.Random(seed)
    crit = [f"c{k}" for k in range(p)]
    m = Model(years=(2026, 2027), budget=[rng.randint(25, 45), rng.randint(25, 45)])
    for c in crit:
        m.criterion(c, rng.choice([1.0, 2.0, 3.0]))
    m.capacity("R", [rng.randint(8, 20), 1e6])
    progs = []
    for j in range(6):
        levels = {}
        for lv in ("low", "high"):
            cost = [rng.randint(3, 15), rng.randint(0, 15)]
            levels[lv] = (cost, {c: rng.randint(0, 9) for c in crit})
        use = rng.randint(1, 8)
        m.program(f"P{j}", levels=levels, use={"R": use})
        progs.append((f"P{j}", levels, use))
    return m, progs


def brute_front(m: Model, progs: list, crit: list[str]) -> set[tuple]:
    """Every plan (none, low or high for each program) within the budgets and the capacity; the
    non-dominated set of their criterion vectors."""
    ys = set()
    for choice in itertools.product((None, "low", "high"), repeat=len(progs)):
        spend = [0.0, 0.0]
        use = 0.0
        y = [0] * len(crit)
        for (pid, levels, u), lv in zip(progs, choice):
            if lv is None:
                continue
            cost, scores = levels[lv]
            spend = [s + c for s, c in zip(spend, cost)]
            use += u
            y = [v + scores[c] for v, c in zip(y, crit)]
        if all(s <= b for s, b in zip(spend, m.budget)) and use <= m.capacities[0]["FY2026"]:
            ys.add(tuple(y))
    return {y for y in ys if not any(z != y and all(a >= b for a, b in zip(z, y)) for z in ys)}


@pytest.mark.parametrize("seed,p", [(1, 2), (2, 2), (3, 2), (4, 3), (5, 3)])
def test_brute_force(tmp_path, seed, p):
    m, progs = random_model(seed, p)
    crit = [f"c{k}" for k in range(p)]
    data = m.load(tmp_path)
    before = checked_count()
    fr = run_frontier(data, crit, solve_options(data), exact=True)
    assert fr.complete
    assert {tuple(int(v) for v in pt.criteria.values()) for pt in fr.points} == brute_front(m, progs, crit)
    assert checked_count() - before == fr.found
    for pt in fr.points:            # each point's plan gives its criteria (recomputed from the programs)
        chosen = dict((pid, lv) for pid, lv, _ in pt.portfolio)
        y = [sum(levels[chosen[pid]][1][c] for pid, levels, _ in progs if pid in chosen) for c in crit]
        assert y == [pt.criteria[c] for c in crit]


@pytest.mark.parametrize("p,exact", [(2, False), (3, True)])
def test_same_answer_with_one_or_two_workers(tmp_path, p, exact):
    m, _ = random_model(7, p)
    data = m.load(tmp_path)
    crit = [f"c{k}" for k in range(p)]
    kw = dict(exact=True) if exact else dict(points=6)
    one = run_frontier(data, crit, solve_options(data), workers=1, **kw)
    two = run_frontier(data, crit, solve_options(data), workers=2, **kw)

    def strip(fr):          # everything but times and the number of workers
        out = {k: v for k, v in fr.to_json().items() if k not in ("seconds", "workers")}
        out["points"] = [{k: v for k, v in p.items() if k != "solve_seconds"} for p in out["points"]]
        return out

    assert strip(one) == strip(two)
    assert one.points


def test_exact_refuses_fractional_values(tmp_path):
    """A late start is discounted: values are no longer integers, so --exact refuses (and the grid works)."""
    m = Model(years=(2026, 2027), budget=10, late_start_discount=0.1)
    m.criterion("A").criterion("B")
    m.program("P1", cost=[4], value={"A": 3, "B": 1}, start=(2026, 2027))
    m.program("P2", cost=[4], value={"A": 1, "B": 3}, start=(2026, 2027))
    data = m.load(tmp_path)
    with pytest.raises(InputError) as err:
        run_frontier(data, ["A", "B"], solve_options(data), exact=True)
    assert err.value.key == "err.frontier.not_integer"
    fr = run_frontier(data, ["A", "B"], solve_options(data), points=3)
    assert fr.points and not fr.complete


@pytest.mark.parametrize("criteria", [["A"], ["A", "A"], ["A", "X"], ["A", "B", "A", "B"]])
def test_bad_criteria(tmp_path, criteria):
    data = hand_model().load(tmp_path)
    with pytest.raises(InputError) as err:
        run_frontier(data, criteria, solve_options(data), exact=True)
    assert err.value.key == "err.frontier.criteria"


def test_infeasible_model(tmp_path):
    m = Model(years=(2026, 2026), budget=3)
    m.criterion("A").criterion("B")
    m.program("P1", cost=[4], value={"A": 3, "B": 1}, mandatory=True)
    data = m.load(tmp_path)
    fr = run_frontier(data, ["A", "B"], solve_options(data), exact=True)
    assert fr.status == "infeasible" and fr.points == []


@pytest.mark.parametrize("seed", [11, 12])
def test_grid_resolution_against_brute_force(tmp_path, seed):
    """Three criteria on a grid (gap 0): every non-dominated plan inside the searched ranges has a found
    point at least as good on the first criterion and less than one step worse on the others."""
    m, progs = random_model(seed, 3)
    crit = ["c0", "c1", "c2"]
    data = m.load(tmp_path)
    fr = run_frontier(data, crit, solve_options(data, mip_gap=0.0), points=4)
    found = [[pt.criteria[c] for c in crit] for pt in fr.points]
    brute = brute_front(m, progs, crit)
    assert {tuple(int(v) for v in y) for y in found} <= brute      # every point found is non-dominated
    r = fr.ranges
    for y in brute:
        if all(y[k] >= r[c]["low"] - 1e-9 for k, c in enumerate(crit) if k):
            assert any(z[0] >= y[0] and all(z[k] > y[k] - r[c]["step"] - 1e-9 for k, c in enumerate(crit) if k)
                       for z in found), y


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_brute_force_three_criteria_more_seeds(tmp_path, seed):
    m, progs = random_model(seed, 3)
    crit = ["c0", "c1", "c2"]
    data = m.load(tmp_path)
    fr = run_frontier(data, crit, solve_options(data), exact=True)
    assert fr.complete
    assert {tuple(int(v) for v in pt.criteria.values()) for pt in fr.points} == brute_front(m, progs, crit)


def test_methods_agree(tmp_path):
    """The box record, AUGMECON2's inner bypass alone and the plain loop find the same front; each
    shortcut saves solves and never costs one."""
    m, progs = random_model(31, 3)
    crit = ["c0", "c1", "c2"]
    data = m.load(tmp_path)
    runs = {k: run_frontier(data, crit, solve_options(data), exact=True, method=k) for k in ("boxes", "augmecon2",
                                                                                            "plain")}
    fronts = {k: {tuple(int(v) for v in pt.criteria.values()) for pt in fr.points} for k, fr in runs.items()}
    assert fronts["boxes"] == fronts["augmecon2"] == fronts["plain"] == brute_front(m, progs, crit)
    assert runs["boxes"].solves <= runs["augmecon2"].solves < runs["plain"].solves


def test_a_weighted_optimum_not_proven_says_so(tmp_path):
    from portfolio.outputs.frontier_text import position_sentences

    data = hand_model().load(tmp_path)
    plan = (("P1", "std", 2026), ("P3", "std", 2026))
    fr = run_frontier(data, ["A", "B"], solve_options(data), exact=True, base=plan,
                      base_outcome={"status": "feasible", "gap": 0.02, "objective": 6.0})
    said = position_sentences(fr, "en")
    assert any("stopped at the time limit (gap 2.000%)" in s for s in said)


def test_no_trade_off(tmp_path):
    """One plan is best on both criteria: one point, and the sentence says there is no trade-off."""
    from portfolio.outputs.frontier_text import status_sentences

    m = Model(years=(2026, 2026), budget=5)
    m.criterion("A").criterion("B")
    m.program("P1", cost=[4], value={"A": 3, "B": 3})
    m.program("P2", cost=[4], value={"A": 1, "B": 1})
    data = m.load(tmp_path)
    for kw in (dict(exact=True), dict(points=5)):
        fr = run_frontier(data, ["A", "B"], solve_options(data), **kw)
        assert [p.funded for p in fr.points] == [["P1"]]
        assert status_sentences(fr, "en")[0].startswith("One plan is best on each of")
