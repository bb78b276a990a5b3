r"""Weight stability and the tornado.

For each criterion *c* with base normalised weight :math:`w_c^0`, the weights
:math:`w_c = \lambda`, :math:`w_j = w_j^0 (1-\lambda)/(1-w_c^0)` (others rescaled in
proportion). The base portfolio's value is linear in λ and so is every other portfolio's;
the set of λ where the base portfolio is optimal is therefore one interval. Its ends are
found by bisection, each probe solved to a tight gap: a probe "keeps" the portfolio when no
solution strictly better than the base portfolio's own value is found. The inside end is
reported (``low``/``high``) with the outside probe (``low_outside``/``high_outside``): they
are less than ``tolerance`` apart. A tornado gives the re-optimised objective with
:math:`w_c^0 (1 \pm f)`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.data import ModelData
from ...engine.parallel import run_jobs, worker_session
from ...engine.solver import SolveOptions
from .common import Base, Reason, Solved, flips, run_task, run_tasks
from .settings import KEEP_RTOL, SensitivitySettings


def shifted_weights(base: dict[str, float], criterion: str, lam: float) -> dict[str, float]:
    """Weights with `criterion` at `lam` and the others rescaled in proportion to sum to 1 − lam."""
    rest = 1.0 - base[criterion]
    n_other = len(base) - 1
    out = {}
    for c, w in base.items():
        if c == criterion:
            out[c] = lam
        elif rest > 1e-15:
            out[c] = w * (1.0 - lam) / rest
        else:   # every other weight is zero: "in proportion" is undefined, share equally
            out[c] = (1.0 - lam) / n_other
    return out


def _job_bisect(token: str, data: ModelData, options: SolveOptions, criterion: str, side: str, x_base: np.ndarray,
                tolerance: float, gap: float, start=None) -> dict:
    """Worker: find one end of one criterion's stability interval, to within `tolerance`.

    A bracket [outside, inside] is kept with both ends probed by a solve: the base portfolio is
    optimal at `inside` and beaten at `outside`. Each step probes a point strictly inside the
    bracket. Every portfolio's value is linear in λ, so the portfolio Q that beat the base at
    `outside` stops beating it where the two lines cross; the probe goes just inside that crossing
    (and, if the base keeps there, just outside it), which usually closes the bracket in two or
    three solves. When the crossing is not strictly inside the bracket the probe is the midpoint:
    plain bisection, so the bracket always shrinks.
    """
    s = worker_session(token, data, options)
    ix = s.ix
    base_w = data.weights
    w0 = base_w[criterion]
    solves = 0
    all_optimal = True

    def value(x: np.ndarray, lam: float) -> float:
        return float(ix.values(shifted_weights(base_w, criterion, lam)) @ x)

    def keeps(lam: float) -> tuple[bool, Solved]:
        nonlocal solves, all_optimal
        r = run_task(s, data, {"weights": shifted_weights(base_w, criterion, lam)}, gap, start)
        solves += 1
        all_optimal &= r.status == "optimal"
        if not r.has_solution:
            return True, r     # nothing better found; counted as not optimal above
        own = value(x_base, lam)
        return r.objective <= own + KEEP_RTOL * max(1.0, abs(own)), r

    def strictly_between(x: float, a: float, b: float) -> bool:
        return min(a, b) < x < max(a, b)

    far = 0.0 if side == "low" else 1.0
    if far == w0:
        return dict(criterion=criterion, side=side, inside=w0, outside=None, funded_outside=None, solves=0,
                    all_optimal=True)
    ok, r = keeps(far)
    if ok:
        return dict(criterion=criterion, side=side, inside=far, outside=None, funded_outside=None, solves=solves,
                    all_optimal=all_optimal)
    inside, outside, out_r = w0, far, r
    toward = 1.0 if inside > outside else -1.0
    nudge = 0.45 * tolerance
    while abs(inside - outside) > tolerance:
        xq = np.zeros(ix.n_options)
        xq[list(out_r.funded)] = 1.0
        f_out = value(xq, outside) - value(x_base, outside)
        f_in = value(xq, inside) - value(x_base, inside)
        probe = 0.5 * (inside + outside)
        cross = None
        if f_out > 0 and f_in < f_out:
            cross = outside + f_out / (f_out - f_in) * (inside - outside)
            if strictly_between(cross + toward * nudge, outside, inside):
                probe = cross + toward * nudge
        ok, r = keeps(probe)
        if not ok:
            outside, out_r = probe, r
            continue
        inside = probe
        if cross is not None and strictly_between(cross - toward * nudge, outside, inside):
            ok, r = keeps(cross - toward * nudge)
            if ok:
                inside = cross - toward * nudge
            else:
                outside, out_r = cross - toward * nudge, r
    return dict(criterion=criterion, side=side, inside=inside, outside=outside, funded_outside=out_r.funded,
                solves=solves, all_optimal=all_optimal)


def weight_stability(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
                     settings: SensitivitySettings) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Stability interval of every criterion's normalised weight, and the tornado table."""
    gap = settings.tight_gap
    crit = list(data.weights)
    rows = []
    jobs = []
    if len(crit) > 1:
        for c in crit:
            for side in ("low", "high"):
                jobs.append((token, data, options, c, side, base.x, settings.tolerance, gap, base.start))
        est = 4      # solves per end, typically (the progress bar adjusts as ends finish)
        res = run_jobs(pool, _job_bisect, jobs, total=len(jobs) * est, count=lambda r: r["solves"],
                       desc="weight stability")
    else:
        res = []
    by = {(r["criterion"], r["side"]): r for r in res}
    solves = sum(r["solves"] for r in res)
    for c in crit:
        w0 = data.weights[c]
        if len(crit) == 1:
            rows.append(dict(criterion=c, base=1.0, low=1.0, high=1.0, low_outside=None, high_outside=None,
                             tolerance=settings.tolerance, flips_low=[], flips_high=[], all_optimal=True,
                             reason=Reason.of("sens.reason.single_criterion")))
            continue
        lo, hi = by[(c, "low")], by[(c, "high")]
        rows.append(dict(
            criterion=c, base=w0, low=lo["inside"], high=hi["inside"], low_outside=lo["outside"],
            high_outside=hi["outside"], tolerance=settings.tolerance,
            flips_low=flips(ix, base.portfolio, lo["funded_outside"]) if lo["funded_outside"] is not None else [],
            flips_high=flips(ix, base.portfolio, hi["funded_outside"]) if hi["funded_outside"] is not None else [],
            all_optimal=lo["all_optimal"] and hi["all_optimal"], reason=None))
    stab = pd.DataFrame(rows, columns=["criterion", "base", "low", "high", "low_outside", "high_outside", "tolerance",
                                       "flips_low", "flips_high", "all_optimal", "reason"])

    # Tornado: the re-optimised objective with each weight at (1 ± f) of its base value.
    tasks = []
    for c in crit:
        w0 = data.weights[c]
        for sign, name in ((-1, "minus"), (1, "plus")):
            lam = min(1.0, max(0.0, w0 * (1 + sign * settings.tornado)))
            tasks.append(((c, name, lam), {"weights": shifted_weights(data.weights, c, lam)}))
    if len(crit) > 1:
        got = run_tasks(pool, workers, token, data, options, tasks, gap, "tornado", base.start)
    else:
        got = {}
    trows = []
    for c in crit:
        row = dict(criterion=c, base_weight=data.weights[c], objective_base=base.objective)
        for (cc, name, lam), r in got.items():
            if cc != c:
                continue
            row[f"weight_{name}"] = lam
            row[f"objective_{name}"] = r.objective
            row[f"changed_{name}"] = (r.has_solution and set(r.funded) != set(base.solved.funded))
        trows.append(row)
    torn = pd.DataFrame(trows, columns=["criterion", "base_weight", "weight_minus", "weight_plus", "objective_base",
                                        "objective_minus", "objective_plus", "changed_minus", "changed_plus"])
    torn["swing"] = (torn["objective_plus"] - torn["objective_minus"]).abs()
    torn = torn.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return stab, torn, solves + len(got)
