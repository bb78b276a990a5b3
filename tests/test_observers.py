"""Every solution is checked, in every process, under the state it was solved in.

The engine hands each solution ``HighsSolver.solve`` returns to its solution observers
(``portfolio.engine.solver``); conftest registers :func:`solution_checks.check_solution` through
``$PORTFOLIO_SOLUTION_OBSERVERS``, so spawned workers check theirs too. These tests show that
the observer sees the forcings and limits of the solve, that it fires in worker processes, and
that a planted violation is caught there and here.
"""

from __future__ import annotations

import os

import pytest
from builders import Model
from solution_checks import CHECKED, LOG_ENV, PLANT_ENV

from portfolio.analysis.sweep import run_ladder
from portfolio.api import solve_options
from portfolio.engine import solver as solver_module
from portfolio.engine.session import Session


def _data(tmp_path):
    m = Model(years=(2026, 2027), budget=[30, 30])
    m.program("X", cost=[10, 10], value=10).program("Y", cost=[15, 15], value=12)
    m.program("Z", cost=[12, 12], value=4).program("W", cost=[5, 5], value=3)
    return m.load(tmp_path)


def test_the_observer_sees_the_state_each_solve_was_in(tmp_path):
    data = _data(tmp_path)
    s = Session(data, solve_options(data, mip_gap=0.0))
    seen = []
    observer = lambda solver, outcome, state: seen.append((outcome, state))     # noqa: E731
    solver_module.add_solution_observer(observer)
    try:
        n = len(CHECKED)
        with s.changed(force={"Z": "in", "Y": "out"}, limits=[("total_budget", 2027, 25.0)], scale=1.2):
            inside = s.solve()
        after = s.solve()
    finally:
        solver_module.remove_solution_observer(observer)
    assert len(CHECKED) == n + 2                    # the suite's own check ran on both solutions
    (o1, st1), (o2, st2) = seen
    assert o1 is inside and o2 is after
    assert st1.forced == {"Z": "in", "Y": "out"} and st2.forced == {}
    # the scale, applied after the budget limit, replaced it
    assert st1.limits == {} and st1.data.scale == pytest.approx(1.2)
    assert "Z" in {p for p, _, _ in s.portfolio(inside)} and "Y" not in {p for p, _, _ in s.portfolio(inside)}
    with s.changed(limits=[("total_budget", 2027, 25.0)]):
        s.solve()
    assert s.solver.state().limits == {}
    with s.changed(limits=[("total_budget", 2027, 25.0)]):
        assert s.solve_state().limits == {("total_budget", 2027): 25.0}


def test_the_check_fires_in_worker_processes(tmp_path, monkeypatch):
    log = tmp_path / "solutions.log"
    monkeypatch.setenv(LOG_ENV, str(log))
    data = _data(tmp_path)
    ladder = run_ladder(data, [0.6, 0.8, 1.0, 1.2], solve_options(data, mip_gap=0.0), workers=2)
    pids = [int(x) for x in log.read_text().split()]
    assert len(pids) >= len(ladder.steps)
    assert pids and os.getpid() not in pids          # every solution was checked, in the workers


def test_a_planted_violation_is_caught_here(tmp_path, monkeypatch):
    data = _data(tmp_path)
    s = Session(data, solve_options(data, mip_gap=0.0))
    monkeypatch.setenv(PLANT_ENV, "1")
    with pytest.raises(AssertionError, match="exceeds the total budget"):
        s.solve()


def test_a_planted_violation_is_caught_in_a_worker(tmp_path, monkeypatch):
    monkeypatch.setenv(PLANT_ENV, "1")
    data = _data(tmp_path)
    with pytest.raises(AssertionError, match="exceeds the total budget"):
        run_ladder(data, [0.6, 0.8, 1.0, 1.2], solve_options(data, mip_gap=0.0), workers=2)


def test_observers_named_in_the_environment_must_be_module_colon_function(monkeypatch):
    monkeypatch.setattr(solver_module, "_env_observers_loaded", False)
    monkeypatch.setattr(solver_module, "_observers", [])
    monkeypatch.setenv(solver_module.OBSERVERS_ENV, "solution_checks.check_solution")
    with pytest.raises(ValueError, match="module:function"):
        solver_module.solution_observers()


