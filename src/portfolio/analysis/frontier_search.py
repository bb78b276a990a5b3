"""The solves of the criteria frontier, as jobs for worker processes: payoff-table rows and AUGMECON2 loops.

A job is a list of tasks, run on the worker's frontier model (:mod:`.frontier_model`); each task
returns plain records, so nothing solver-side crosses a process boundary. Each solve starts from a
cleared HiGHS state, so a record depends only on the task, never on which worker ran it or what it
ran before: the same run gives the same frontier with one worker or several.

**The AUGMECON2 loop** (Mavrotas & Florios 2013) over the grid :math:`g_i = lb + i\\,\\Delta` of one
criterion *j* (the others held at fixed :math:`e`): solve

.. math::
    \\max f_1 + \\delta \\sum_{k \\ge 2} 10^{-(k-2)} s_k / r_k \\quad
    \\text{s.t. } f_k - s_k = e_k,\\ s_k \\ge 0

at :math:`e_j = g_i - \\theta`, as :math:`\\max \\sum_k \\alpha_k f_k` (the slack terms are the criteria less
constants; the task's ``alpha``). Its plan, with value :math:`y_j`, is feasible at every grid point
up to :math:`y_j` and, since those problems only tighten the one before, optimal there too: the
loop **bypasses** them and goes on at the first grid point above :math:`y_j`. When a grid point is
infeasible, every higher one is too: the loop ends (early exit). With ``bypass`` False it visits every
grid point (the plain ε-constraint loop the benchmark compares with).
"""

from __future__ import annotations

import math

from ..core.data import ModelData
from ..engine.solver import SolveOptions
from .frontier_model import frontier_solver


def lex_task(order: list[int], theta: float, integer: bool) -> dict:
    """A row of the payoff table: maximise the criteria in `order`, each held at its optimum after."""
    return {"kind": "lex", "order": order, "theta": theta, "integer": integer}


def loop_task(inner: int, fixed: list, lb: float, step: float, first: int, end: int, theta: float,
              alpha: list[float], bypass: bool = True, outer: dict | None = None, reuse: bool = True) -> dict:
    """AUGMECON2 loops over grid points `first` … `end` − 1 of criterion `inner` (others at `fixed`).

    `outer` (three criteria): {"criterion": k, "values": [(index, grid value), …] ascending, "theta": θ_k}:
    one inner loop per outer grid value, in order, sharing what earlier solves proved (unless `reuse` is
    False: AUGMECON2's bypass in the inner loop only)."""
    return {"kind": "loop", "inner": inner, "fixed": fixed, "lb": lb, "step": step, "first": first, "end": end,
            "theta": theta, "alpha": alpha, "bypass": bypass, "outer": outer,
            "reuse": bypass and reuse}


def run_job(token: str, data: ModelData, options: SolveOptions, criteria: tuple[str, ...], tasks: list[dict],
            mip_gap: float) -> list[dict]:
    """Run `tasks` on this worker's frontier model; one result per task, in order."""
    fs = frontier_solver(token, data, options, criteria)
    return [_lex(fs, t, mip_gap) if t["kind"] == "lex" else _loop(fs, t, mip_gap) for t in tasks]


def _lex(fs, task: dict, mip_gap: float) -> dict:
    """Lexicographic optimum in the task's order: its last record is the payoff row's plan."""
    p = len(fs.criteria)
    eps: list = [None] * p
    records = []
    rec = None
    for k in task["order"]:
        alpha = [1.0 if j == k else 0.0 for j in range(p)]
        rec = fs.solve(alpha, eps, mip_gap)
        records.append(rec)
        if rec["y"] is None:
            break
        v = rec["y"][k]
        eps[k] = (round(v) if task["integer"] else v) - task["theta"] * (1.0 if task["integer"] else max(1.0, abs(v)))
    return {"kind": "lex", "records": records, "point": rec}


def _loop(fs, task: dict, mip_gap: float) -> dict:
    """The task's AUGMECON2 loops: every solve's record (with its grid indices); skipped points counted.

    A plan found at grid point (g_j, g_k) with values y is optimal at every grid point of the box
    [g_j, y_j] × [g_k, y_k]: there the problem only tightens, and the plan still meets it. Within one
    inner loop that is the bypass; across the outer loop (three criteria) the box answers later
    outer values without a solve (Nikas et al. 2022's AUGMECON-R keeps the same record). An
    infeasible grid point likewise answers every point above it on both criteria."""
    outer = task["outer"] or {"criterion": None, "values": [(None, None)], "theta": 0.0}
    oc, otheta = outer["criterion"], outer["theta"]
    boxes, walls = [], []               # (g_j, g_k, y) of plans found; (g_j, g_k) found infeasible
    out = {"kind": "loop", "records": [], "bypassed": 0, "after_infeasible": 0, "reused": 0}
    for k, gk in outer["values"]:
        fixed = list(task["fixed"])
        if oc is not None:
            fixed[oc] = gk - otheta
        _inner(fs, task, mip_gap, fixed, (k, gk, oc, otheta), boxes, walls, out)
    return out


def _inner(fs, task, mip_gap, fixed, outer, boxes, walls, out) -> None:
    """One inner loop at fixed outer ε (see _loop); appends to `out`, `boxes` and `walls`."""
    j, lb, step, theta, bypass = task["inner"], task["lb"], task["step"], task["theta"], task["bypass"]
    reuse = task["reuse"]
    k, gk, oc, otheta = outer
    i, end = task["first"], task["end"]
    while i < end:
        g = lb + i * step
        if reuse and any(g >= wj and (gk is None or gk >= wk) for wj, wk in walls):
            out["after_infeasible"] += end - i
            return
        y = None
        if reuse and gk is not None:
            y = next((y for bj, bk, y in boxes if bj <= g <= y[j] + theta and bk <= gk <= y[oc] + otheta), None)
        if y is None:
            eps = list(fixed)
            eps[j] = g - theta
            rec = fs.solve(task["alpha"], eps, mip_gap)
            rec["grid"] = [i, k]
            out["records"].append(rec)
            if rec["status"] == "infeasible":
                walls.append((g, gk))
                out["after_infeasible"] += end - i - 1
                return
            y = rec["y"]
            if y is None:               # no plan within the time limit: nothing to bypass with
                i += 1
                continue
            boxes.append((g, gk, y))
        else:
            out["reused"] += 1
        nxt = i + 1
        if bypass and step > 0:
            nxt = max(nxt, math.floor((y[j] + theta - lb) / step + 1e-9) + 1)
        out["bypassed"] += min(nxt, end) - i - 1
        i = nxt
