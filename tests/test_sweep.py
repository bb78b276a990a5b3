"""Budget ladder: steps match fresh solves, monotone frontier, entry budgets, real swaps
versus ties within the gap, parallel and Dask runs, and the command line."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

import portfolio
from portfolio.analysis.sweep import Ladder, Step, _settle_swaps, run_ladder
from portfolio.api import solve_options
from portfolio.cli import main
from portfolio.cli.options import parse_scales
from portfolio.engine.session import Session
from portfolio.engine.solver import SolveOptions
from portfolio.inputs.template import write_input_workbook


def one_year_model(path, programs, budget=100.0, mip_gap=0.0):
    """A one-year, one-ministry model: programs = [(id, cost, value)]. The optimum is a 0-1 knapsack."""
    content = {
        "Settings": {"first_year": 2026, "last_year": 2026, "mip_gap": mip_gap},
        "Budget": [{"fiscal_year": 2026, "total_budget": budget}],
        "Criteria": [{"id": "v", "name_ja": "価値", "weight": 1}],
        "Domains": [{"id": "D", "name_ja": "領域", "group": "national_strategic"}],
        "FundingSources": [{"id": "M", "name_ja": "府省", "kind": "annual", "FY2026": 10 * budget}],
        "Programs": [{"id": p, "name_ja": p, "domain": "D", "lead": "M", "earliest_start": 2026, "duration": 1}
                     for p, _, _ in programs],
        "FundingLevels": [{"program": p, "level": "std", "y1": c, "v": v} for p, c, v in programs],
    }
    write_input_workbook(path, content, force=True)
    return portfolio.load_model(path)


def knapsack(programs, cap):
    best = 0.0
    n = len(programs)
    for mask in range(1 << n):
        cost = sum(programs[i][1] for i in range(n) if mask >> i & 1)
        if cost <= cap + 1e-9:
            best = max(best, sum(programs[i][2] for i in range(n) if mask >> i & 1))
    return best


def test_parse_scales_inclusive_and_lists():
    assert parse_scales("0.6:1.4:0.2") == [0.6, 0.8, 1.0, 1.2, 1.4]
    assert parse_scales("1.0:1.0:0.1") == [1.0]
    assert parse_scales("1.2, 0.8,1.0") == [0.8, 1.0, 1.2]
    for bad in ("1:0.5:0.1", "0.5:1:0", "a,b", "0:1:0.5", "-1,1"):
        with pytest.raises(portfolio.InputError):
            parse_scales(bad)


# Hand-worked ladder: budget 100 × scale, one year.
#   X cost 60 value 10, Y cost 100 value 15, Z cost 50 value 7.
#   ×0.6 (60): {X}=10.  ×1.0 (100): {Y}=15 (X+Z=110 does not fit).  ×1.1 (110): {X,Z}=17 > {Y}=15.
#   ×1.6 (160): {X,Y}=25 > {Y,Z}=22.
# Swaps: X dropped at ×1.0 (keeping X costs 15-10=5); Y dropped at ×1.1 (costs 17-15=2);
# Z dropped at ×1.6 (keeping Z: best {Y,Z}=22, costs 3). Entry budgets: X from ×1.1, Y from ×1.6, Z never.
HAND = [("X", 60, 10), ("Y", 100, 15), ("Z", 50, 7)]


def test_hand_built_ladder_entry_budgets_and_real_swaps(tmp_path):
    data = one_year_model(tmp_path / "hand.xlsx", HAND)
    ladder = run_ladder(data, [0.6, 1.0, 1.1, 1.6], solve_options(data))
    assert [s.objective for s in ladder.steps] == pytest.approx([10, 15, 17, 25])
    assert [sorted(s.funded) for s in ladder.steps] == [["X"], ["Y"], ["X", "Z"], ["X", "Y"]]
    entry = {r.id: (None if r.never else r.entry_scale) for r in ladder.entry_budgets().itertuples()}
    assert entry == {"X": 1.1, "Y": 1.6, "Z": None}
    swaps = {(w.lower, w.higher): w for w in ladder.swaps}
    assert set(swaps) == {(0.6, 1.0), (1.0, 1.1), (1.1, 1.6)}
    assert all(w.real for w in swaps.values())
    assert swaps[(0.6, 1.0)].dropped == ["X"] and swaps[(0.6, 1.0)].replaced_by == ["Y"]
    assert swaps[(0.6, 1.0)].cost_of_keeping == pytest.approx(5)
    assert swaps[(1.0, 1.1)].cost_of_keeping == pytest.approx(2)
    assert swaps[(1.1, 1.6)].dropped == ["Z"] and swaps[(1.1, 1.6)].cost_of_keeping == pytest.approx(3)
    fr = ladder.frontier()
    assert fr["marginal_value"].tolist()[1:] == pytest.approx([5 / 40, 2 / 10, 8 / 50])


def test_real_swap_inside_the_configured_gap_is_still_reported(tmp_path):
    # ×0.6 (60): {X}=10.  ×1.0 (100): {Y}=10.005 beats {X}=10, so X is dropped, and keeping it
    # costs 0.005 (5e-4 of the objective): inside a 1e-2 gap, so only a tighter solve can tell
    # it from noise. It is a real swap and must be reported as one.
    data = one_year_model(tmp_path / "close.xlsx", [("X", 60, 10.0), ("Y", 100, 10.005)], mip_gap=1e-2)
    ladder = run_ladder(data, [0.6, 1.0], solve_options(data))
    assert [s.funded for s in ladder.steps] == [["X"], ["Y"]]
    assert len(ladder.swaps) == 1
    w = ladder.swaps[0]
    assert w.real and w.dropped == ["X"] and w.replaced_by == ["Y"]
    assert w.cost_of_keeping == pytest.approx(0.005, abs=1e-7)


def test_planted_tie_within_gap_is_not_reported_as_swap(tmp_path):
    # A and B cost the same and are worth the same to within 1e-5 (far inside a 1e-3 gap). A loose
    # ladder might return A at one step and B at the next; that is not a real swap.
    data = one_year_model(tmp_path / "tie.xlsx", [("A", 60, 10.0), ("B", 60, 10.0001), ("C", 90, 1.0)])
    opts = solve_options(data, mip_gap=1e-3)
    fake = [Step(scale=1.0, budget=100, status="optimal", objective=10.0, bound=10.01, gap=1e-3, seconds=0,
                 portfolio=(("A", "std", 2026),)),
            Step(scale=1.1, budget=110, status="optimal", objective=10.0001, bound=10.01, gap=1e-3, seconds=0,
                 portfolio=(("B", "std", 2026),))]
    ladder = Ladder(data=data, options=opts, steps=fake, swaps=[], workers=1)
    _settle_swaps(ladder)
    assert len(ladder.swaps) == 1
    w = ladder.swaps[0]
    assert w.real is False and w.dropped == ["A"] and w.replaced_by == ["B"]


def test_exact_tie_is_not_a_swap_even_if_solver_alternates(tmp_path):
    data = one_year_model(tmp_path / "exact.xlsx", [("A", 60, 10.0), ("B", 60, 10.0)])
    opts = solve_options(data)
    fake = [Step(scale=1.0, budget=100, status="optimal", objective=10.0, bound=10.0, gap=0.0, seconds=0,
                 portfolio=(("A", "std", 2026),)),
            Step(scale=1.05, budget=105, status="optimal", objective=10.0, bound=10.0, gap=0.0, seconds=0,
                 portfolio=(("B", "std", 2026),))]
    ladder = Ladder(data=data, options=opts, steps=fake, swaps=[], workers=1)
    _settle_swaps(ladder)
    assert len(ladder.swaps) == 1 and not ladder.swaps[0].real
    assert ladder.swaps[0].cost_of_keeping in (None, 0.0) or ladder.swaps[0].cost_of_keeping < 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_every_step_matches_a_fresh_solve_and_brute_force(tmp_path, seed):
    rng = random.Random(seed)
    progs = [(f"P{i}", rng.randint(10, 60), rng.randint(1, 30)) for i in range(7)]
    data = one_year_model(tmp_path / f"r{seed}.xlsx", progs)
    scales = parse_scales("0.3:1.5:0.2")
    ladder = run_ladder(data, scales, solve_options(data))
    for step in ladder.steps:
        fresh = portfolio.solve(data, scale=step.scale, mip_gap=0.0)
        assert step.objective == pytest.approx(fresh.objective, abs=1e-6)
        assert step.objective == pytest.approx(knapsack(progs, 100 * step.scale), abs=1e-6)
    objs = [s.objective for s in ladder.steps]
    assert all(b >= a - 1e-9 for a, b in zip(objs, objs[1:]))
    assert ladder.non_monotone == []
    # every non-nested step is listed, and its verdict matches brute force: keeping the dropped
    # programs at the higher budget loses exactly cost_of_keeping; the swap is real iff that loss
    # is > 0 and the lower step could not have left them out at no loss (an exact tie)
    by = {s.scale: s for s in ladder.steps}
    pairs = {(a.scale, b.scale) for a, b in zip(ladder.steps, ladder.steps[1:]) if set(a.funded) - set(b.funded)}
    assert {(w.lower, w.higher) for w in ladder.swaps} >= pairs
    for w in ladder.swaps:
        if not w.dropped or not set(w.dropped) - set(by[w.higher].funded):
            assert not w.real
            continue
        keep = [p for p in progs if p[0] in w.dropped]
        rest = [p for p in progs if p[0] not in w.dropped]
        room = 100 * w.higher - sum(c for _, c, _ in keep)
        kept = sum(v for _, _, v in keep) + knapsack(rest, room) if room >= -1e-9 else None
        best = knapsack(progs, 100 * w.higher)
        drop_loss = knapsack(progs, 100 * w.lower) - knapsack(rest, 100 * w.lower)
        if kept is None:
            assert w.real == (drop_loss > 1e-6) and w.cost_of_keeping is None
        else:
            assert w.cost_of_keeping == pytest.approx(best - kept, abs=1e-6)
            assert w.real == (best - kept > 1e-6 and drop_loss > 1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_swap_verdicts_at_a_loose_gap_match_brute_force(tmp_path, seed):
    """At a 5% gap the steps' plans carry gap noise, apparent swaps abound and close calls go to
    the decision solve. Whatever the steps' plans are, each verdict must be exact against them:
    a tie iff keeping the dropped programs at the higher budget, or leaving them out at the lower,
    reaches that step's own objective (brute force over all subsets)."""
    rng = random.Random(100 + seed)
    progs = [(f"P{i}", rng.randint(10, 60), rng.randint(1, 30)) for i in range(9)]
    data = one_year_model(tmp_path / f"g{seed}.xlsx", progs, mip_gap=0.05)
    ladder = run_ladder(data, parse_scales("0.3:1.5:0.2"), solve_options(data))
    by = {s.scale: s for s in ladder.steps}
    for w in ladder.swaps:
        lo, hi = by[w.lower], by[w.higher]
        keep = [p for p in progs if p[0] in w.dropped]
        rest = [p for p in progs if p[0] not in w.dropped]
        room = 100 * w.higher - sum(c for _, c, _ in keep)
        kept = sum(v for _, _, v in keep) + knapsack(rest, room) if room >= -1e-9 else None
        dropped = knapsack(rest, 100 * w.lower)
        keep_free = kept is not None and kept >= hi.objective - 1e-6 * max(1.0, abs(hi.objective))
        drop_free = dropped >= lo.objective - 1e-6 * max(1.0, abs(lo.objective))
        assert w.real == (not keep_free and not drop_free), (w, kept, dropped, lo.objective, hi.objective)
        if keep_free:
            assert w.cost_of_keeping == 0.0
        elif kept is not None and w.cost_of_keeping is not None:
            # the best plan found that keeps them: no better than the optimum, within the gap of it
            assert hi.objective - kept - 1e-6 <= w.cost_of_keeping <= hi.objective - kept * (1 - 0.05) + 1e-6


def test_infeasible_steps_are_reported_and_the_ladder_continues(tmp_path):
    content_progs = [("M", 80, 5), ("P", 10, 3)]
    data = one_year_model(tmp_path / "m.xlsx", content_progs)
    from dataclasses import replace
    data = replace(data, programs=tuple(replace(p, mandatory=(p.id == "M")) for p in data.programs))
    ladder = run_ladder(data, [0.5, 0.7, 1.0], solve_options(data))
    assert [s.status for s in ladder.steps] == ["infeasible", "infeasible", "optimal"]
    assert ladder.steps[0].objective is None
    assert ladder.steps[2].objective == pytest.approx(8)


@pytest.mark.slow
def test_two_workers_agree_with_one(tmp_path):
    rng = random.Random(42)
    progs = [(f"P{i}", rng.randint(10, 60), rng.randint(1, 30)) for i in range(8)]
    data = one_year_model(tmp_path / "w.xlsx", progs)
    scales = parse_scales("0.4:1.6:0.2")
    one = run_ladder(data, scales, solve_options(data), workers=1)
    two = run_ladder(data, scales, solve_options(data), workers=2)
    again = run_ladder(data, scales, solve_options(data), workers=2)
    for a, b in zip(one.steps, two.steps):
        tol = (a.gap or 0) * abs(a.objective) + (b.gap or 0) * abs(b.objective) + 1e-9
        assert abs(a.objective - b.objective) <= tol
    assert [s.portfolio for s in two.steps] == [s.portfolio for s in again.steps]
    assert [(w.lower, w.dropped, w.real) for w in two.swaps] == [(w.lower, w.dropped, w.real) for w in again.swaps]


def test_ready_pairs_wait_for_every_step_between_and_skip_steps_without_a_plan():
    from portfolio.analysis.sweep import _ready_pairs

    def step(scale, funded, solved=True):
        return Step(scale=scale, budget=100 * scale, status="optimal" if solved else "infeasible",
                    objective=float(len(funded)) if solved else None, bound=None, gap=0, seconds=0,
                    portfolio=tuple((p, "std", 2026) for p in funded))

    scales = [0.5, 0.6, 0.7, 0.8, 0.9]
    done = {0.5: step(0.5, [], solved=False), 0.6: step(0.6, ["A"]), 0.8: step(0.8, ["B"])}
    assert list(_ready_pairs(scales, done)) == []             # 0.7 unknown: 0.6 and 0.8 may not be neighbours
    done[0.7] = step(0.7, [], solved=False)
    assert [(lo.scale, hi.scale) for lo, hi in _ready_pairs(scales, done)] == [(0.6, 0.8)]
    done[0.9] = step(0.9, ["B", "C"])                          # nothing dropped from 0.8 to 0.9: no swap
    assert [(lo.scale, hi.scale) for lo, hi in _ready_pairs(scales, done)] == [(0.6, 0.8)]


def test_swaps_are_settled_as_soon_as_both_steps_are_known(tmp_path):
    """Steps and swaps are separate jobs; a swap is submitted once its two steps are solved, not
    after the whole ladder. Recorded with an executor that runs each job when it is submitted."""
    from concurrent.futures import Executor, Future

    order = []

    class Recording(Executor):
        def submit(self, fn, *args):
            order.append((fn.__name__, args[3] if fn.__name__ == "ladder_step" else (args[3].scale, args[4].scale)))
            f = Future()
            f.set_result(fn(*args))
            return f

    data = one_year_model(tmp_path / "hand.xlsx", HAND)
    ladder = run_ladder(data, [0.6, 1.0, 1.1, 1.6], solve_options(data), workers=1, executor=Recording())
    steps = [x for kind, x in order if kind == "ladder_step"]
    swaps = [x for kind, x in order if kind == "settle_pair"]
    assert steps == [0.6, 1.0, 1.1, 1.6] and swaps == [(0.6, 1.0), (1.0, 1.1), (1.1, 1.6)]
    for lo, hi in swaps:            # each after both of its steps
        at = order.index(("settle_pair", (lo, hi)))
        assert order.index(("ladder_step", lo)) < at and order.index(("ladder_step", hi)) < at
    assert order.index(("settle_pair", (0.6, 1.0))) < order.index(("ladder_step", 1.6))   # not after the ladder
    assert [(w.lower, w.real) for w in ladder.swaps] == [(0.6, True), (1.0, True), (1.1, True)]


@pytest.mark.slow
def test_dask_executor_gives_the_same_ladder(tmp_path):
    distributed = pytest.importorskip("distributed")
    rng = random.Random(7)
    progs = [(f"P{i}", rng.randint(10, 60), rng.randint(1, 30)) for i in range(6)]
    data = one_year_model(tmp_path / "d.xlsx", progs)
    scales = parse_scales("0.5:1.5:0.25")
    local = run_ladder(data, scales, solve_options(data), workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl:
        address = cl.scheduler_address.replace("tcp://", "dask://")
        remote = run_ladder(data, scales, solve_options(data), workers=2, executor=address)
    assert [s.objective for s in remote.steps] == pytest.approx([s.objective for s in local.steps])
    assert [s.portfolio for s in remote.steps] == [s.portfolio for s in local.steps]
    assert [(w.lower, w.dropped, w.real) for w in remote.swaps] == [(w.lower, w.dropped, w.real) for w in local.swaps]


def test_sweep_cli_writes_workbook_and_json(tmp_path, capsys):
    one_year_model(tmp_path / "hand.xlsx", HAND)
    out = tmp_path / "ladder.xlsx"
    code = main(["sweep", str(tmp_path / "hand.xlsx"), "--scale", "0.6,1.0,1.1,1.6", "-o", str(out), "--json"])
    assert code == 0
    obj = json.loads(capsys.readouterr().out)
    assert [p["scale"] for p in obj["points"]] == [0.6, 1.0, 1.1, 1.6]
    assert obj["points"][1]["funded"] == ["Y"] and obj["points"][1]["budget"] == pytest.approx(100)
    assert set(obj["points"][0]) >= {"scale", "budget", "objective", "bound", "gap", "status", "funded"}
    assert obj["output"] == str(out) and out.exists()
    import openpyxl
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:5] == ["予算と効果", "段階別採択", "採択開始予算", "非入れ子", "予算別技術領域"]
    assert len(wb["予算と効果"]._charts) == 1 and len(wb["予算別技術領域"]._charts) == 1
    nn = [[c.value for c in row] for row in wb["非入れ子"].iter_rows(min_row=2, max_row=4)]
    assert any("X" in str(r[2]) and "Y" in str(r[3]) for r in nn)


def _run_test(test):
    while not test.done:
        test.advance()
    return test.verdict, test.outcome


def test_unclear_keep_test_is_decided_by_one_solve_with_the_step_objective_as_cutoff(monkeypatch):
    # The step's own plan is worth 10; the target is T = 10 − 1e-5. The first forced re-solve
    # (configured gap 1e-2) finds 9.99 with a bound of 10.05: it cannot tell. The second asks
    # HiGHS exactly "is there a plan ≥ T?": T as cutoff and target, from the plan it found, at a
    # gap below the margin (T − 9.99)/10 ≈ 1e-3, so that only the decision can end it. It ends
    # with every node pruned (bound 9.99 < T): the loss is proved.
    from portfolio.analysis import sweep
    from portfolio.engine.solver import SolveOutcome

    calls = []
    plan = (np.array([1.0]), np.array([2.0]))

    def fake(session, scale, programs, state, gap, start, target, near, cutoff=None):
        calls.append((gap, start, target, near, cutoff))
        bound = 10.05 if len(calls) == 1 else 9.99
        return SolveOutcome(status="optimal", objective=9.99, bound=bound, gap=None, seconds=0, wall_seconds=0,
                            mip_gap_target=gap, time_limit=60, choose=plan[0], pay=plan[1])

    monkeypatch.setattr(sweep, "_forced", fake)
    step = Step(scale=1.0, budget=100, status="optimal", objective=10.0, bound=10.0, gap=0, seconds=0)
    options = SolveOptions(mip_gap=1e-2, time_limit=60)
    lo, hi = np.array([0.0]), np.array([1.0])
    verdict, o = _run_test(sweep._ForcedTest(None, options, step, ["X"], "in", None, [lo, hi]))
    assert verdict == "costly" and len(calls) == 2
    assert calls[0][0] == 1e-2 and calls[0][2] == pytest.approx(10 - 1e-5) and calls[0][4] is None
    assert calls[1][4] == calls[1][2] == pytest.approx(10 - 1e-5)
    assert calls[1][0] <= 5e-4 + 1e-12
    assert calls[1][1][0] is plan[0] and calls[1][1][1] is plan[1]
    # the first solve searches around the two steps' plans, the decision also around its own plan
    assert calls[0][3] == [lo, hi]
    assert calls[1][3][0] is plan[0] and calls[1][3][1:] == [lo, hi]
    # a decision that finds a plan ≥ T makes the test free
    calls.clear()
    monkeypatch.setattr(sweep, "_forced", lambda *a, cutoff=None: SolveOutcome(
        status="optimal" if cutoff is None else "feasible", objective=9.99 if cutoff is None else 10.0,
        bound=10.05, gap=None, seconds=1, wall_seconds=1, mip_gap_target=1e-2, time_limit=60,
        choose=plan[0], pay=plan[1]))
    test = sweep._ForcedTest(None, options, step, ["X"], "in", None, None)
    assert _run_test(test)[0] == "free" and test.outcome.objective == 10.0
    # a solve stopped by the time limit ends the test, undecided
    monkeypatch.setattr(sweep, "_forced", lambda *a, **k: SolveOutcome(
        status="feasible", objective=9.99, bound=10.05, gap=None, seconds=60, wall_seconds=60, mip_gap_target=1e-2,
        time_limit=60, choose=plan[0], pay=plan[1]))
    assert _run_test(sweep._ForcedTest(None, options, step, ["X"], "in", None, None))[0] == "unclear"


def _fake_swap(monkeypatch, fake):
    """A swap D → E between steps ×1.0 (objective 8) and ×1.1 (objective 10), its forced re-solves
    answered by `fake`; no model behind it. Returns (lo, hi)."""
    from portfolio.analysis import sweep

    monkeypatch.setattr(sweep, "_forced", fake)
    solver = type("Solver", (), {"forget": lambda self: None})()
    monkeypatch.setattr(sweep, "worker_session", lambda *a: type("S", (), {"ix": None, "solver": solver})())
    monkeypatch.setattr(sweep, "_without", lambda ix, step, programs: (np.array([0.0]), np.array([0.0])))
    plan = dict(status="optimal", gap=0, seconds=0, choose=np.array([1.0]), pay=np.array([0.0]))
    lo = Step(scale=1.0, budget=100, objective=8.0, bound=8.0, portfolio=(("D", "std", 2026),), **plan)
    hi = Step(scale=1.1, budget=110, objective=10.0, bound=10.0, portfolio=(("E", "std", 2026),), **plan)
    return lo, hi


def test_a_free_drop_test_settles_a_tie_before_the_keep_test_is_decided(monkeypatch):
    # keep (higher step, D forced in): first solve unclear (9.99 against 10, bound 10.05);
    # drop (lower step, D forced out): first solve reaches the lower step's objective. The swap
    # is a tie after those two solves; the keep test never takes its decision solve.
    from portfolio.analysis import sweep
    from portfolio.engine.solver import SolveOutcome

    calls = []

    def fake(session, scale, programs, state, gap, start, target, near, cutoff=None):
        calls.append((state, gap))
        obj, bound = (9.99, 10.05) if state == "in" else (8.0, 8.0)
        return SolveOutcome(status="optimal", objective=obj, bound=bound, gap=None, seconds=0, wall_seconds=0,
                            mip_gap_target=gap, time_limit=60, choose=np.array([1.0]), pay=np.array([0.0]))

    lo, hi = _fake_swap(monkeypatch, fake)
    w = sweep.settle_pair("t", None, SolveOptions(mip_gap=1e-2, time_limit=60), lo, hi)
    assert calls == [("in", 1e-2), ("out", 1e-2)]
    assert w.real is False and w.dropped == ["D"] and w.replaced_by == ["E"]
    assert w.cost_of_keeping == pytest.approx(0.01)
    # when the drop test is costly too, the unclear keep test takes its decision before a verdict;
    # the decision proves the loss but finds no better plan: the cost stays the first plan's
    calls.clear()

    def costly(session, scale, programs, state, gap, start, target, near, cutoff=None):
        calls.append((state, gap, cutoff))
        first = cutoff is None
        return SolveOutcome(status="optimal", objective=(9.99 if first else 9.5) if state == "in" else 7.0,
                            bound=(10.05 if first else 9.5) if state == "in" else 7.5, gap=None, seconds=0,
                            wall_seconds=0, mip_gap_target=gap, time_limit=60, choose=np.array([1.0]),
                            pay=np.array([0.0]))

    monkeypatch.setattr(sweep, "_forced", costly)
    w = sweep.settle_pair("t", None, SolveOptions(mip_gap=1e-2, time_limit=60), lo, hi)
    assert [c[0] for c in calls] == ["in", "out", "in"] and calls[2][1] < 1e-2
    assert calls[2][2] == pytest.approx(10 - 1e-5)
    assert w.real is True and w.cost_of_keeping == pytest.approx(0.01)


def test_of_two_unclear_tests_the_one_further_below_its_target_is_decided_first(monkeypatch):
    # keep: 9.99 against 10 (relative margin ≈ 1e-3); drop: 7.0 against 8 (≈ 0.125). Both are
    # unclear after their first solves; the drop test takes its decision first and finds 8.0.
    from portfolio.analysis import sweep
    from portfolio.engine.solver import SolveOutcome

    calls = []

    def fake(session, scale, programs, state, gap, start, target, near, cutoff=None):
        calls.append((state, cutoff is not None))
        if state == "in":
            obj, bound = 9.99, 10.05
        else:
            obj, bound = (7.0, 8.5) if cutoff is None else (8.0, 8.5)
        return SolveOutcome(status="optimal" if cutoff is None else "feasible", objective=obj, bound=bound, gap=None,
                            seconds=0, wall_seconds=0, mip_gap_target=gap, time_limit=60, choose=np.array([1.0]),
                            pay=np.array([0.0]))

    lo, hi = _fake_swap(monkeypatch, fake)
    w = sweep.settle_pair("t", None, SolveOptions(mip_gap=1e-2, time_limit=60), lo, hi)
    assert calls == [("in", False), ("out", False), ("out", True)]
    assert w.real is False


def test_cutoff_asks_whether_a_plan_at_least_that_good_exists(tmp_path):
    """HiGHS's objective_bound is applied to its internal, minimising objective; the solver turns a
    cutoff on our maximised objective into it. Checked on the hand-worked knapsack (optimum 15 at
    budget 100): a cutoff just below 15 finds it; just above, no plan qualifies (infeasible with
    no start; with a start below the cutoff, the best plan seen comes back, with its bound, both
    below the cutoff)."""
    data = one_year_model(tmp_path / "t.xlsx", HAND)
    s = Session(data, solve_options(data, mip_gap=0.0))
    o = s.solve(cutoff=14.99)
    assert o.status == "optimal" and o.objective == pytest.approx(15.0)
    o = s.solve(cutoff=15.01)
    assert o.status == "infeasible" and o.objective is None
    x = np.zeros(len(s.pm.ix.options))
    x[s.pm.ix.by_program["X"][0]] = 1.0          # {X}: value 10, fits
    o = s.solve(cutoff=15.01, start=(x, None))
    assert o.status in ("optimal", "infeasible")
    if o.status == "optimal":       # the start, or a better plan found on the way, below the cutoff
        assert 10.0 - 1e-9 <= o.objective < 15.01 and o.bound < 15.01
    full = s.solve()                     # the cutoff does not stick to later solves
    assert full.status == "optimal" and full.objective == pytest.approx(15.0)


def test_objective_target_stops_at_a_plan_at_least_that_good(tmp_path):
    data = one_year_model(tmp_path / "t.xlsx", HAND)
    s = Session(data, solve_options(data, mip_gap=1e-9))
    o = s.solve(target=5.0)
    assert o.has_solution and o.objective >= 5.0 - 1e-9
    full = s.solve()                     # the target does not stick to later solves
    assert full.status == "optimal" and full.objective == pytest.approx(15.0)


@pytest.mark.slow
def test_same_ladder_twice_gives_identical_results_on_a_real_model():
    """The neighbourhood-search starts and the settlement order are deterministic (one thread, fixed
    seed): the same ladder run twice gives the same plans, objectives and swap verdicts."""
    data = portfolio.load_model(None)       # the embedded default model: 75 programs, 1 real swap here
    scales = parse_scales("1.0,1.1")
    runs = [run_ladder(data, scales, solve_options(data, mip_gap=1e-3), workers=1) for _ in range(2)]
    a, b = runs
    assert [s.portfolio for s in a.steps] == [s.portfolio for s in b.steps]
    assert [s.objective for s in a.steps] == [s.objective for s in b.steps]
    assert [(w.lower, w.dropped, w.replaced_by, w.real) for w in a.swaps] == \
        [(w.lower, w.dropped, w.replaced_by, w.real) for w in b.swaps]
    assert all(s.status == "optimal" for s in a.steps)
    assert a.swaps        # the settlement ran (its verdicts compared above)


def test_progress_bar_counts_steps_and_swaps_on_a_terminal(tmp_path, monkeypatch):
    """On a terminal the ladder shows one bar whose total grows as swaps are found (here with the
    terminal check forced on); the ladder is the same as without it."""
    from portfolio.analysis import sweep
    from portfolio.engine import parallel

    bars = []

    def recorded_bar(total, desc):
        """The real bar, with what the ladder tells it written down: its totals and its updates."""
        bar = parallel.progress_bar(total, desc)
        seen = {"desc": desc, "totals": [total], "updates": []}
        bars.append(seen)
        update, refresh = bar.update, bar.refresh

        def counted_update(n=1):
            seen["updates"].append(n)
            return update(n)

        def counted_refresh(*args, **kwargs):
            # tqdm also refreshes on its own when enough time has passed: note changes of the total only
            if bar.total != seen["totals"][-1]:
                seen["totals"].append(bar.total)
            return refresh(*args, **kwargs)

        bar.update, bar.refresh = counted_update, counted_refresh
        return bar

    data = one_year_model(tmp_path / "hand.xlsx", HAND)
    quiet = run_ladder(data, [0.6, 1.0, 1.1, 1.6], solve_options(data))
    monkeypatch.setattr(parallel, "progress_shown", lambda: True)
    monkeypatch.setattr(sweep, "progress_bar", recorded_bar)
    shown = run_ladder(data, [0.6, 1.0, 1.1, 1.6], solve_options(data))
    (bar,) = bars
    assert bar["desc"] == "ladder"
    assert bar["totals"] == [4, 5, 6, 7]            # 4 steps, then 3 swaps found, one at a time
    assert bar["updates"] == [1] * 7                # every step and every swap settled counted once
    assert [s.portfolio for s in shown.steps] == [s.portfolio for s in quiet.steps]
    assert [(w.lower, w.real) for w in shown.swaps] == [(w.lower, w.real) for w in quiet.swaps]
