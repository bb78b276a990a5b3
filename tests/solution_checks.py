"""The solution observer the test suite registers in every process it starts solves in.

``conftest.py`` names :func:`check_solution` in ``$PORTFOLIO_SOLUTION_OBSERVERS`` (see
:mod:`portfolio.engine.solver`), so every solution any ``HighsSolver.solve`` returns, in the test
process, in spawned worker processes and in ``portfolio`` subprocesses alike, is made into result
tables from HiGHS's own answer (before payments are settled) and checked by
:func:`invariants.check_invariants` against the problem it was solved for: forced programs,
limits set, budget scale, weights and scores.

``$PORTFOLIO_TEST_SOLUTION_LOG`` names a file that gets one line per checked solution (the
process id), so a test can see that workers checked theirs. ``$PORTFOLIO_TEST_PLANT_VIOLATION``
set makes the check see every payment ten times over, a planted violation of the budget that it
must catch, wherever it runs.
"""

from __future__ import annotations

import os
from dataclasses import replace

from invariants import check_invariants

LOG_ENV = "PORTFOLIO_TEST_SOLUTION_LOG"
PLANT_ENV = "PORTFOLIO_TEST_PLANT_VIOLATION"

#: (process id, status, objective) of every solution checked in this process.
CHECKED: list[tuple[int, str, float]] = []
_versions: dict | None = None


def _objective(outcome, state) -> str:
    """How the outcome's objective must relate to its plan's value (see check_invariants)."""
    if not state.objective_is_value:
        return "other"
    if outcome.cutoff is not None and outcome.objective is not None and outcome.objective < outcome.cutoff:
        return "at_least"
    return "equal"


def check_solution(solver, outcome, state) -> None:
    """Check one solution (a :data:`portfolio.engine.solver.SolutionObserver`)."""
    global _versions
    from portfolio.engine.results import build_result
    from portfolio.engine.solver import versions

    if _versions is None:
        _versions = versions()
    if os.environ.get(PLANT_ENV):
        outcome = replace(outcome, pay=outcome.pay * 10.0)
    result = build_result(state.data, solver.pm.ix, outcome, solver.options, _versions)
    check_invariants(state.data, result, forced=state.forced, limits=state.limits, objective=_objective(outcome, state))
    CHECKED.append((os.getpid(), outcome.status, outcome.objective))
    log = os.environ.get(LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
