"""The one solve pipeline: build → load into HiGHS → solve → settle payments → result tables
(→ explain an infeasible scenario).

:func:`solve` is what ``portfolio solve`` and :func:`portfolio.api.solve` run. Every other solve
(ladder steps, sensitivity and ``explain`` re-solves) goes through a
:class:`~portfolio.engine.session.Session`, whose :meth:`~portfolio.engine.session.Session.result`
runs the same last two steps (:func:`outcome_result`): so payments are settled, and the result
tables computed, the same way on every path.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..core.data import ModelData
from ..model import build_model
from .results import Result, build_result, mark_split_only
from .solver import HighsSolver, SolveOptions, SolveOutcome, versions
from .tightness import split_only_rows


def outcome_result(solver: HighsSolver, data: ModelData, outcome: SolveOutcome, options: SolveOptions,
                   package_versions: dict[str, str], timings: dict[str, float] | None = None) -> Result:
    """Settle the payments of `outcome` (:mod:`portfolio.engine.payments`) and compute its result tables.

    `outcome` itself is left as it is (a re-solve may still use its payments as a start)."""
    from .payments import settle

    settlement = None
    if outcome.has_solution:
        t = time.perf_counter()
        settlement = settle(solver, data, outcome)
        outcome = replace(outcome, pay=settlement.pay)
        if timings is not None:
            timings["settle"] = time.perf_counter() - t
    t = time.perf_counter()
    result = build_result(data, solver.pm.ix, outcome, options, package_versions)
    result.settlement = settlement
    result.binding = mark_split_only(result.binding, split_only_rows(solver, data, outcome, result.binding))
    if timings is not None:
        timings["extract"] = time.perf_counter() - t
    return result


def solve(data: ModelData, options: SolveOptions, *, explain: bool = True) -> Result:
    """Build the MIP for `data`, solve it with HiGHS and return the result tables.

    The result carries its status (optimal / feasible / infeasible / no_solution), objective,
    bound, gap and solve time; an infeasible result carries an explanation in the planner's terms
    (unless `explain` is False).
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    pm = build_model(data)
    timings["build"] = time.perf_counter() - t
    t = time.perf_counter()
    solver = HighsSolver(pm, options)
    timings["load"] = time.perf_counter() - t
    outcome = solver.solve()
    timings["solve"] = outcome.seconds
    timings["solve_wall"] = outcome.wall_seconds
    result = outcome_result(solver, data, outcome, options, versions(), timings)
    if outcome.status == "infeasible" and explain:
        from .infeasibility import explain as _explain

        result.explanation = _explain(solver, data, time_limit=min(options.time_limit, 60.0))
    result.timings = timings
    return result
