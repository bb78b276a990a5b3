"""The single-plan solves the robust plans need, run on worker sessions: the best plan at a weighting
(one per vertex), and the separation that finds a plan's largest regret at a vertex (one per vertex
and plan, where scores have ranges).

Every solve starts from a cleared solver state and without a MIP start, so results do not depend
on the order or the worker they run in. (No start at all: with highspy 1.16.0, after the objective
coefficients change, a start can come back as "the optimal solution" while the objective reported
is that of another, better plan: the brute-force test of seed 0 in ``tests/test_robust.py`` failed so.)
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ...core.data import ModelData
from ...engine.parallel import run_jobs, split, worker_session
from ...engine.solver import SolveOptions
from ..sensitivity.common import Solved, solve_fresh


def _solve(s, gap: float) -> Solved:
    """One solve; HiGHS's "Solve error" (a MIP it claims optimal with a primal infeasibility, HiGHS
    issues 2782 and 2808, seen on a separation of the default model) counts as no solution, so the
    value it was to prove stays unproven (an infinite upper bound) instead of ending the run."""
    try:
        return Solved.of(solve_fresh(s, mip_gap=gap))
    except RuntimeError as exc:
        if "Solve error" not in str(exc):
            raise
        return Solved(status="no_solution", objective=None, bound=None, gap=None, funded=(), seconds=0.0,
                      gap_target=gap)


def _job(token: str, data: ModelData, options: SolveOptions, tasks: list[tuple], gap: float):
    s = worker_session(token, data, options)
    crit = [c.id for c in data.criteria]
    out = []
    for key, w, values in tasks:
        with s.changed(weights=dict(zip(crit, np.asarray(w, dtype=float).tolist()))):
            if values is None:
                out.append((key, _solve(s, gap)))
                continue
            # The separation's objective is not a plan's value at some scores the level shares:
            # the observers check every rule of its solution but not its objective.
            s.pm.set_values(np.asarray(values, dtype=float))
            honest = s.solver.state
            s.solver.state = lambda: replace(s.solve_state(), objective_is_value=False)
            try:
                out.append((key, _solve(s, gap)))
            finally:
                s.solver.state = honest
    return out


def run_solves(pool, workers: int, token: str, data: ModelData, options: SolveOptions,
               tasks: list[tuple[Any, np.ndarray, np.ndarray | None]], gap: float, desc: str) -> dict[Any, Solved]:
    """Run (key, weights, values or None) tasks: with None, the model's own objective at those
    weights; with values, those option values as the objective. Each Solved by its key."""
    if not tasks:
        return {}
    chunks = split(tasks, max(1, workers) * 2)
    res = run_jobs(pool, _job, [(token, data, options, c, gap) for c in chunks], total=len(tasks),
                   count=len, desc=desc)
    return {k: v for chunk in res for k, v in chunk}
