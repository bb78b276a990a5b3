"""What every part of the sensitivity analysis shares: why a value is missing (:class:`Reason`),
the picklable summary of a solve (:class:`Solved`), the base solve everything is compared with,
running tasks on worker sessions, and comparing portfolios.

Solves are independent of each other and of the order they run in:

* no MIP start is carried from one solve to the next, and HiGHS's solver state (basis,
  solution) is cleared before every solve (:func:`solve_fresh`), so a worker that has solved
  other tasks before returns exactly what a fresh one would;
* every task's changes (forcings, limits, weights, scores) are undone when it ends, so each task
  starts from the data's own state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ...core.data import ModelData
from ...core.i18n import t
from ...engine.parallel import run_jobs, split, worker_session
from ...engine.solver import SolveOptions, SolveOutcome


@dataclass(frozen=True)
class Reason:
    """Why a value is null: a message key and plain parameters, rendered in the output language."""

    key: str
    params: tuple = ()

    @classmethod
    def of(cls, key: str, **params) -> "Reason":
        return cls(key, tuple(sorted(params.items())))

    def render(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.params))


@dataclass
class Solved:
    """The picklable summary of one solve that workers send back."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    funded: tuple[int, ...]          # option indices
    seconds: float
    gap_target: float

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")

    @classmethod
    def of(cls, o: SolveOutcome) -> "Solved":
        return cls(status=o.status, objective=o.objective, bound=o.bound, gap=o.gap,
                   funded=tuple(o.funded_options()), seconds=o.seconds, gap_target=o.mip_gap_target)


@dataclass
class Base:
    """The base solve everything is compared with (tight gap)."""

    solved: Solved
    weights: dict[str, float]
    x: np.ndarray                    # 0/1 per option
    portfolio: dict[str, tuple[str, int]]   # program -> (level, start)
    outcome: SolveOutcome | None = None     # the raw outcome, for result tables (main process only)

    @property
    def start(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The base portfolio as a MIP start: the same for every tight-gap task, so order-free."""
        return self.x, (self.outcome.pay if self.outcome is not None else None)

    @property
    def objective(self) -> float:
        return float(self.solved.objective)


def solve_fresh(session, *, mip_gap: float | None = None, start=None) -> SolveOutcome:
    """Solve with HiGHS's solver state cleared, so the result never depends on earlier solves.

    `start` may be the base portfolio (the same for every task, so it carries nothing from one
    solve to the next); HiGHS rejects it where it breaks a limit or a forcing.
    """
    session.solver.forget()
    return session.solve(mip_gap=mip_gap, start=start)


def run_task(s, data: ModelData, task: dict, gap: float, start=None) -> Solved:
    """Solve one task on a session: its forcings, limits, weights (and scores) and budget scale in
    force for the solve only (:meth:`Session.changed` puts them back as they were).

    A worker's session is changed by nothing else, so every task starts from the data's own state."""
    weights, scores = task.get("weights"), task.get("scores")
    reweighted = weights is not None or scores is not None
    if reweighted and not weights:
        weights = data.weights      # scores alone are drawn around the data's weights
    with s.changed(force=task.get("force"), limits=task.get("limits", ()), weights=weights, scores=scores,
                   scale=task.get("scale")):
        return Solved.of(solve_fresh(s, mip_gap=gap, start=start))


def _job_tasks(token: str, data: ModelData, options: SolveOptions, tasks: list[tuple[Any, dict]],
               gap: float, start=None) -> list[tuple[Any, Solved]]:
    """Worker: run independent tasks (forcing, limits, weights) on this process's session."""
    s = worker_session(token, data, options)
    return [(key, run_task(s, data, task, gap, start)) for key, task in tasks]


def run_tasks(pool, workers: int, token: str, data: ModelData, options: SolveOptions,
              tasks: list[tuple[Any, dict]], gap: float, desc: str, start=None) -> dict[Any, Solved]:
    """Run independent tasks (key, changes) on the pool, in chunks; each task's result by its key."""
    if not tasks:
        return {}
    chunks = split(tasks, max(1, workers) * 4)
    out = run_jobs(pool, _job_tasks, [(token, data, options, c, gap, start) for c in chunks], total=len(tasks),
                   count=len, desc=desc)
    return {k: v for chunk in out for k, v in chunk}


def portfolio_of(ix, funded: Sequence[int]) -> dict[str, tuple[str, int]]:
    return {ix.options[k][0]: (ix.options[k][1], int(ix.options[k][2])) for k in funded}


def diff_portfolios(a: dict, b: dict) -> tuple[list[str], list[str], list[str]]:
    """Programs added in b, removed from a, and funded in both at another level or start."""
    added = sorted(p for p in b if p not in a)
    removed = sorted(p for p in a if p not in b)
    changed = sorted(p for p in a if p in b and a[p] != b[p])
    return added, removed, changed


def flips(ix, base: dict, funded: Sequence[int]) -> list[dict]:
    """What differs from the base portfolio: one entry per program, with before and after."""
    other = portfolio_of(ix, funded)
    out = []
    for p in sorted(set(base) | set(other)):
        if base.get(p) != other.get(p):
            out.append({"program": p, "before": level_and_start(base.get(p)),
                        "after": level_and_start(other.get(p))})
    return out


def level_and_start(v):
    """A program's place in a portfolio, (level, start) or None, as JSON."""
    return None if v is None else {"level": v[0], "start_year": int(v[1])}


def base_solve(session, gap: float) -> Base:
    o = solve_fresh(session, mip_gap=gap)
    solved = Solved.of(o)
    x = np.zeros(session.ix.n_options)
    x[list(solved.funded)] = 1.0
    return Base(solved=solved, weights=dict(session.weights), x=x, portfolio=portfolio_of(session.ix, solved.funded),
                outcome=o)


def plain(obj):
    """JSON-safe copy: numpy scalars become Python numbers, NaN and infinities become null."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        return x if math.isfinite(x) else None
    return obj
