"""The criteria trade-off frontier: the non-dominated plans between two or three criteria (AUGMECON2).

For criteria :math:`f_1, …, f_p` (p = 2 or 3; each criterion's value after discounting, as the
objective weighs it) the frontier holds every plan of the full model, under all its limits, that
no other plan beats on one criterion without losing on another. It is computed by the augmented
ε-constraint method with bypass (:mod:`.frontier_search`), in three phases, each parallel over the
executor's workers:

1. **the payoff table**: for each criterion *k*, the lexicographic optimum that maximises
   :math:`f_k` first and then the others in the order given (each held at its optimum);
2. **the ranges**: each secondary criterion is searched from a lower bound to its maximum
   (the payoff table's diagonal). With two criteria the lower bound is :math:`f_2` at the first
   row, which is exactly the least :math:`f_2` of a non-dominated plan. With three, the payoff
   table's minima may lie above some non-dominated points (in 3kp40, 42 of 389 do): in exact
   mode the bound on :math:`f_3` is the least :math:`f_3` among the plans of the exact
   two-criterion frontier of :math:`(f_1, f_2)` (and likewise for :math:`f_2`), which no
   non-dominated point can lie below (see docs/robustness.md §1); the grid uses the payoff table's minima
   and says so;
3. **the grid**: AUGMECON2 loops over the secondary criteria's grid. ``exact``: every integer
   value (criterion values must be integers), solved at gap 0, which finds every non-dominated
   point. Otherwise *N* points per secondary criterion: every non-dominated plan then has a found
   plan at least as good on the first criterion (within the gap) and at most one grid step worse
   on each other.

The points found are de-duplicated and any found point dominated by another is dropped. Every
point carries the status of the solve that found it. :func:`locate` places a plan (today's weighted
optimum) against the frontier: on it, dominated, or between its points, with its neighbours and
the programs that change towards each.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from ..core.data import ModelData
from ..core.errors import InputError
from ..core.numbers import json_number as _num
from ..engine.parallel import executor as make_executor
from ..engine.parallel import new_token, run_jobs, split
from ..engine.solver import SolveOptions
from .frontier_search import lex_task, loop_task, run_job

#: The augmentation δ on a grid: Mavrotas's 10⁻³ (integer criteria get an exact scaling, see _alpha).
GRID_DELTA = 1e-3
#: With two criteria the grid is cut into this many contiguous loops (whatever the number of workers,
#: so that the points found do not depend on it).
CHUNKS = 4
#: With three criteria the outer grid is cut into this many contiguous runs (each shares, in order,
#: what its solves proved; again whatever the number of workers).
OUTER_CHUNKS = 8
DEFAULT_POINTS = 9
MAX_POINTS = 1000
MAX_EXACT_GRID = 10**6


@dataclass
class FrontierPoint:
    plan_id: str
    criteria: dict[str, float]
    objective: float                    # the model's weighted objective of this plan
    portfolio: tuple                    # ((program, level, start), …) sorted
    status: str                         # of the solve that found it
    gap: float | None
    seconds: float = 0.0                # HiGHS time of that solve

    @property
    def funded(self) -> list[str]:
        return [p for p, _, _ in self.portfolio]

    def to_json(self) -> dict:
        return {"plan_id": self.plan_id, "criteria": {c: _num(v) for c, v in self.criteria.items()},
                "objective": _num(self.objective), "funded": self.funded,
                "plan": [[p, lv, int(s)] for p, lv, s in self.portfolio], "status": self.status, "gap": _num(self.gap),
                "solve_seconds": round(self.seconds, 4)}


@dataclass
class Neighbour:
    plan_id: str
    added: list[str]
    removed: list[str]
    changed: list[str]                  # funded in both at another level or start
    delta: dict[str, float]             # criterion → neighbour − plan

    def to_json(self) -> dict:
        return {"plan_id": self.plan_id, "added": self.added, "removed": self.removed, "changed": self.changed,
                "delta": {c: _num(v) for c, v in self.delta.items()}}


@dataclass
class Position:
    """Where a plan (today's weighted optimum) sits against the frontier."""

    criteria: dict[str, float]
    objective: float | None
    status: str
    gap: float | None
    where: str                          # on | dominated | between
    plan_id: str | None                 # the frontier point it is (where == "on")
    same_plan: bool                     # that point's plan is this plan (not another of equal values)
    dominated_by: list[str]
    neighbours: list[Neighbour]

    def to_json(self) -> dict:
        return {"criteria": {c: _num(v) for c, v in self.criteria.items()}, "objective": _num(self.objective),
                "status": self.status, "gap": _num(self.gap), "where": self.where, "plan_id": self.plan_id,
                "same_plan": self.same_plan, "dominated_by": self.dominated_by,
                "neighbours": [n.to_json() for n in self.neighbours]}


@dataclass
class Frontier:
    data: ModelData
    options: SolveOptions
    criteria: tuple[str, ...]
    exact: bool
    status: str                         # ok | infeasible | no_solution
    points: list[FrontierPoint] = field(default_factory=list)
    payoff: list[dict[str, float]] = field(default_factory=list)    # row k: the plan maximising criterion k first
    ranges: dict[str, dict] = field(default_factory=dict)           # secondary criterion → low, high, step, grid
    lower_bounds: str = "payoff"        # payoff | nadir: where the secondary ranges' low ends come from
    requested_points: int | None = None
    solves: int = 0
    found: int = 0                      # solves that returned a plan (each checked by the solution observers)
    bypassed: int = 0                   # grid points skipped by the bypass
    after_infeasible: int = 0           # grid points skipped after an infeasible one (early exit)
    stopped: int = 0                    # solves stopped at the time limit with a plan
    unsolved: int = 0                   # solves stopped at the time limit without one
    dominated_found: int = 0            # plans found that another found plan dominates (dropped)
    seconds: float = 0.0
    workers: int = 1
    position: Position | None = None

    @property
    def complete(self) -> bool:
        """Exact mode with every solve proven optimal: the points are the whole non-dominated set."""
        return self.exact and self.status == "ok" and not self.stopped and not self.unsolved

    @property
    def max_gap(self) -> float | None:
        gaps = [p.gap for p in self.points if p.gap is not None]
        return max(gaps) if gaps else None

    def point(self, plan_id: str) -> FrontierPoint:
        return next(p for p in self.points if p.plan_id == plan_id)

    def to_json(self, output: str | None = None) -> dict:
        return {"criteria": list(self.criteria), "mode": "exact" if self.exact else "grid", "status": self.status,
                "complete": self.complete, "points": [p.to_json() for p in self.points],
                "payoff": [{"maximised": c, "criteria": {k: _num(v) for k, v in row.items()}}
                           for c, row in zip(self.criteria, self.payoff)],
                "ranges": {c: {k: _num(v) for k, v in r.items()} for c, r in self.ranges.items()},
                "lower_bounds": self.lower_bounds, "grid_points": self.requested_points,
                "mip_gap": self.options.mip_gap, "max_gap": _num(self.max_gap), "time_limit": self.options.time_limit,
                "solves": self.solves, "plans_found": self.found, "bypassed": self.bypassed,
                "after_infeasible": self.after_infeasible,
                "stopped": self.stopped, "unsolved": self.unsolved, "dominated_found": self.dominated_found,
                "seconds": round(self.seconds, 3), "workers": self.workers,
                "weighted_optimum": None if self.position is None else self.position.to_json(), "output": output}


def check_criteria(data: ModelData, criteria) -> tuple[str, ...]:
    """The frontier's criteria: 2 or 3 distinct ids of the model's criteria."""
    crit = tuple(c.strip() for c in criteria if c.strip())
    known = [c.id for c in data.criteria]
    if not 2 <= len(crit) <= 3 or len(set(crit)) != len(crit) or any(c not in known for c in crit):
        raise InputError("err.frontier.criteria", value=",".join(crit), known=", ".join(known))
    return crit


def run_frontier(data: ModelData, criteria, options: SolveOptions, *, points: int | None = None, exact: bool = False,
                 workers: int = 1, executor=None, base: tuple | None = None, base_outcome: dict | None = None,
                 method: str = "boxes") -> Frontier:
    """The frontier between `criteria` (2 or 3 ids, the first one maximised in the ε-problems).

    ``exact``: every non-dominated point (integer criterion values; every solve at gap 0). Else a
    grid of `points` per secondary criterion at the options' gap. `base` (a plan: (program, level,
    start) triples) is placed against the frontier (:func:`locate`); `base_outcome` gives its
    status, gap and objective. `method` (for the benchmark): "boxes" (the default: AUGMECON2's bypass, and
    with three criteria each plan's box of grid points kept across the outer loop), "augmecon2" (the
    bypass in the inner loop only) or "plain" (every grid point solved).
    """
    from dataclasses import replace

    from ..model.index import build_index
    from .frontier_model import criterion_values, drop_frontier_solver

    t0 = time.perf_counter()
    crit = check_criteria(data, criteria)
    ix = build_index(data)
    values = criterion_values(ix, crit)
    if exact:
        _check_integer(values, crit)
        options = replace(options, mip_gap=0.0)
    n = None if exact else int(points or DEFAULT_POINTS)
    if n is not None and not 2 <= n <= MAX_POINTS:
        raise InputError("err.bad_option", option="--points", value=str(points),
                         expected=f"2 … {MAX_POINTS}")
    fr = Frontier(data=data, options=options, criteria=crit, exact=exact, status="ok", requested_points=n,
                  workers=workers)
    token = new_token()
    with make_executor(executor, workers) as pool:
        def run(task_lists: list[list[dict]]) -> list[list[dict]]:
            return run_jobs(pool, run_job, [(token, data, options, crit, ts, options.mip_gap) for ts in task_lists],
                            desc="frontier")
        candidates = _payoff(fr, run)
        if fr.status == "ok":
            tasks = _grid_tasks(fr, run, n, method)
            for res in (r for batch in run([[task] for task in tasks]) for r in batch):
                _count(fr, res["records"])
                fr.bypassed += res["bypassed"] + res["reused"]
                fr.after_infeasible += res["after_infeasible"]
                candidates += [r for r in res["records"] if r["y"] is not None]
    drop_frontier_solver(token)
    _collect(fr, ix, candidates)
    if base is not None and fr.points:
        fr.position = locate(fr, ix, values, base, base_outcome or {})
    fr.seconds = time.perf_counter() - t0
    return fr


def _check_integer(values: np.ndarray, crit: tuple[str, ...]) -> None:
    for j, c in enumerate(crit):
        col = values[:, j]
        bad = np.nonzero(np.abs(col - np.round(col)) > 1e-9)[0]
        if len(bad):
            raise InputError("err.frontier.not_integer", criterion=c, value=f"{col[bad[0]]:.6g}")


def _count(fr: Frontier, records: list[dict]) -> None:
    fr.solves += len(records)
    fr.found += sum(r["y"] is not None for r in records)
    fr.stopped += sum(r["status"] == "feasible" for r in records)
    fr.unsolved += sum(r["status"] == "no_solution" for r in records)


def _theta(fr: Frontier, lb: float, ub: float) -> float:
    """How far below a grid value the ε row's right-hand side lies: half a unit for integer criteria
    (so rounding never cuts off a plan), a relative 10⁻⁶ on a grid."""
    return 0.5 if fr.exact else 1e-6 * max(1.0, abs(lb), abs(ub))


def _payoff(fr: Frontier, run) -> list[dict]:
    """Phase 1: the lexicographic payoff table; returns its plans as candidate points."""
    p = len(fr.criteria)
    tasks = [[lex_task([k] + [j for j in range(p) if j != k], 0.5 if fr.exact else 1e-6, fr.exact)] for k in range(p)]
    rows = [batch[0] for batch in run(tasks)]
    for row in rows:
        _count(fr, row["records"])
    last = [row["point"] for row in rows]
    if any(r is None or r["y"] is None for r in last):
        statuses = {r["status"] for r in last if r is not None}
        fr.status = "infeasible" if "infeasible" in statuses else "no_solution"
        return []
    fr.payoff = [{c: float(v) for c, v in zip(fr.criteria, r["y"])} for r in last]
    return list(last)


def _span(fr: Frontier, lb: float, ub: float, n: int | None) -> tuple[float, float, int]:
    """(low end, step, number of grid points) of one secondary criterion's range."""
    if fr.exact:
        lb, ub = round(lb), round(ub)
        count = int(ub - lb) + 1
        if count > MAX_EXACT_GRID:
            raise InputError("err.frontier.too_wide", low=lb, high=ub, most=MAX_EXACT_GRID)
        return lb, 1.0, max(count, 1)
    if ub - lb <= 1e-9 * max(1.0, abs(ub)):
        return lb, 0.0, 1
    return lb, (ub - lb) / (n - 1), n


def _alpha(fr: Frontier, ranges: list[tuple[float, float]]) -> list[float]:
    """The ε-problem's objective Σ α_k f_k: f_1 plus the augmentation δ·10^-(k−2)·s_k/r_k on each
    secondary criterion k (r_k its range), whose slack s_k = f_k − e_k is folded into f_k.

    With integer criteria the objective is scaled to integers: (Σ r_k + 1)·f_1 + Σ f_k. Within the
    ε-problem Σ f_k varies by at most Σ r_k, so one unit of f_1 outweighs it (the role δ plays)."""
    spans = [ub - lb for lb, ub in ranges]
    if fr.exact:
        return [float(sum(spans) + 1)] + [1.0] * len(spans)
    return [1.0] + [GRID_DELTA * 10.0 ** -(k - 1) / max(r, 1e-9) for k, r in enumerate(spans, start=1)]


def _grid_tasks(fr: Frontier, run, n: int | None, method: str) -> list[dict]:
    """Phases 2 and 3: the secondary criteria's ranges, and the AUGMECON2 loops over their grid."""
    P = [[row[c] for c in fr.criteria] for row in fr.payoff]
    p = len(fr.criteria)
    high = [P[k][k] for k in range(1, p)]
    if p == 2:
        low = [P[0][1]]
    elif fr.exact:
        low = _nadir(fr, run, P)
        fr.lower_bounds = "nadir"
    else:
        low = [min(P[r][k] for r in range(p)) for k in range(1, p)]
    spans = [_span(fr, lb, ub, n) for lb, ub in zip(low, high)]
    alpha = _alpha(fr, list(zip(low, high)))
    for c, (lb, step, count), ub in zip(fr.criteria[1:], spans, high):
        fr.ranges[c] = {"low": lb, "high": ub, "step": step, "grid": count}
    thetas = [_theta(fr, lb, ub) for lb, ub in zip(low, high)]
    (lb1, step1, n1) = spans[0]
    bypass, reuse = method != "plain", method == "boxes"
    if p == 2:
        return [loop_task(1, [None, None], lb1, step1, c[0], c[-1] + 1, thetas[0], alpha, bypass)
                for c in split(range(n1), CHUNKS)]
    lb2, step2, n2 = spans[1]
    return [loop_task(1, [None, None, None], lb1, step1, 0, n1, thetas[0], alpha, bypass,
                      outer={"criterion": 2, "values": [(k, lb2 + k * step2) for k in ks], "theta": thetas[1]},
                      reuse=reuse)
            for ks in split(range(n2), OUTER_CHUNKS)]


def _nadir(fr: Frontier, run, P) -> list[float]:
    """Exact lower bounds on f_2 and f_3 over the non-dominated set (three criteria, integer values).

    A non-dominated plan with the least f_3 is non-dominated for (f_1, f_2) alone, so it is at least
    the least f_3 among plans found for each point of the exact (f_1, f_2) frontier; likewise for f_2
    with (f_1, f_3). Both two-criterion frontiers are computed exactly by the same loop."""
    tasks = []
    for inner in (1, 2):
        lb, ub = P[0][inner], P[inner][inner]
        lb, step, count = _span(fr, lb, ub, None)
        alpha = [float(ub - lb + 1), 0.0, 0.0]
        alpha[inner] = 1.0
        tasks.append([loop_task(inner, [None, None, None], lb, step, 0, count, 0.5, alpha)])
    fronts = [batch[0] for batch in run(tasks)]
    for f in fronts:
        _count(fr, f["records"])
        fr.bypassed += f["bypassed"]
    found = [[r["y"] for r in f["records"] if r["y"] is not None] for f in fronts]
    # (f1, f2) front bounds f3; (f1, f3) front bounds f2; never above the payoff table's minima.
    low3 = min([y[2] for y in found[0]] + [P[r][2] for r in range(3)])
    low2 = min([y[1] for y in found[1]] + [P[r][1] for r in range(3)])
    return [float(math.floor(low2 + 1e-9)), float(math.floor(low3 + 1e-9))]


def _collect(fr: Frontier, ix, candidates: list[dict]) -> None:
    """The frontier's points: candidates de-duplicated (first found kept), dominated ones dropped, sorted."""
    seen: dict[tuple, dict] = {}
    for r in candidates:
        key = tuple(round(v) if fr.exact else round(v, 6) for v in r["y"])
        seen.setdefault(key, r)
    recs = list(seen.values())
    ys = np.array([r["y"] for r in recs], dtype=float).reshape(len(recs), len(fr.criteria))
    tol = 1e-9 if fr.exact else 1e-7 * max(1.0, float(np.abs(ys).max()) if len(ys) else 1.0)
    keep = [i for i in range(len(recs)) if not _dominated(ys[i], ys, tol)]
    fr.dominated_found = len(recs) - len(keep)
    keep.sort(key=lambda i: tuple(-ys[i]))
    width = len(str(len(keep)))
    for rank, i in enumerate(keep, start=1):
        r = recs[i]
        y = [float(round(v)) if fr.exact else float(v) for v in r["y"]]
        fr.points.append(FrontierPoint(plan_id=f"F{rank:0{width}d}", criteria=dict(zip(fr.criteria, y)),
                                       objective=r["objective"], portfolio=tuple(sorted(ix.options[k]
                                                                                         for k in r["funded"])),
                                       status=r["status"], gap=r["gap"], seconds=r["seconds"]))


def _dominated(y: np.ndarray, ys: np.ndarray, tol: float) -> bool:
    """Whether some row of `ys` is at least `y` everywhere and above it somewhere."""
    ge = (ys >= y - tol).all(axis=1)
    gt = (ys > y + tol).any(axis=1)
    return bool((ge & gt).any())


def locate(fr: Frontier, ix, values: np.ndarray, plan: tuple, outcome: dict) -> Position:
    """Where `plan` sits: the frontier point with its values (on), the points that dominate it, or
    neither (between grid points); its neighbours and the programs that change towards each.

    With two criteria the neighbours are the points next to it along the frontier (ordered by the
    first criterion); with three, the two nearest in values scaled by each criterion's range."""
    at = {o: k for k, o in enumerate(ix.options)}
    x = np.zeros(ix.n_options)
    for o in plan:
        x[at[tuple(o)]] = 1.0
    y = values.T @ x
    ys = np.array([[p.criteria[c] for c in fr.criteria] for p in fr.points], dtype=float)
    tol = 1e-6 * max(1.0, float(np.abs(ys).max()))
    same = [i for i in range(len(ys)) if np.all(np.abs(ys[i] - y) <= tol)]
    dominating = [i for i in range(len(ys)) if (ys[i] >= y - tol).all() and (ys[i] > y + tol).any()]
    where = "on" if same else ("dominated" if dominating else "between")
    idx = _neighbour_indices(ys, y, same[0] if same else None)
    base = {p: (lv, int(s)) for p, lv, s in plan}
    neighbours = []
    for i in idx:
        pt = fr.points[i]
        other = {p: (lv, int(s)) for p, lv, s in pt.portfolio}
        neighbours.append(Neighbour(pt.plan_id, sorted(set(other) - set(base)), sorted(set(base) - set(other)),
                                    sorted(p for p in set(base) & set(other) if base[p] != other[p]),
                                    {c: float(ys[i, j] - y[j]) for j, c in enumerate(fr.criteria)}))
    on = fr.points[same[0]] if same else None
    return Position(criteria={c: float(v) for c, v in zip(fr.criteria, y)}, objective=outcome.get("objective"),
                    status=outcome.get("status", "optimal"), gap=outcome.get("gap"), where=where,
                    plan_id=on.plan_id if on else None,
                    same_plan=bool(on and tuple(sorted(map(tuple, plan))) == tuple(on.portfolio)),
                    dominated_by=[fr.points[i].plan_id for i in dominating], neighbours=neighbours)


def _neighbour_indices(ys: np.ndarray, y: np.ndarray, on: int | None) -> list[int]:
    n = len(ys)
    if ys.shape[1] == 2:
        if on is not None:
            return [i for i in (on - 1, on + 1) if 0 <= i < n]
        # points are ordered by the first criterion, descending: the last at or above y and the first below
        above = [i for i in range(n) if ys[i, 0] >= y[0]]
        below = [i for i in range(n) if ys[i, 0] < y[0]]
        return ([above[-1]] if above else []) + ([below[0]] if below else [])
    span = np.maximum(ys.max(axis=0) - ys.min(axis=0), 1e-12)
    dist = np.sqrt((((ys - y) / span) ** 2).sum(axis=1))
    order = [i for i in np.argsort(dist, kind="stable").tolist() if i != on]
    return order[:2]
