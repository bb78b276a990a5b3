r"""Weight stability and the tornado.

For each criterion *c* with base normalised weight :math:`w_c^0`, the weights
:math:`w_c = \lambda`, :math:`w_j = w_j^0 (1-\lambda)/(1-w_c^0)` (others rescaled in
proportion). The base portfolio's value is linear in λ and so is every other portfolio's;
the set of λ where the base portfolio is optimal is therefore one interval. Its ends are
found by bisection, each probe solved to the tight gap: a probe "keeps" the portfolio when no
solution strictly better than the base portfolio's own value is found. The inside end is
reported (``low``/``high``) with the outside probe (``low_outside``/``high_outside``): they
are less than ``tolerance`` apart. A tornado gives the re-optimised objective with
:math:`w_c^0 (1 \pm f)`.

**Grains** (:mod:`portfolio.analysis.grains`). ``low``/``high`` are the G3 interval: the whole
portfolio (programs, levels, starts) stays optimal. The G2 and G1 intervals (``low_G2`` …
``high_G1``) are where the re-optimised plan still funds the same programs at the same levels
(G2), or the same programs (G1): a probe keeps grain g when the base portfolio is still optimal
or the plan found matches the base at g. They contain the G3 interval and are found by the same
bisection from the base weight outward. Unlike G3's, their inside is checked at the probes, not
proved between them (a set of programs may be optimal on more than one stretch of λ); the
bisection reports the end of the stretch around the base weight.

**What a range rests on.** A probe is solved to the tight gap (``gap``): a weight inside a range
may still have a plan up to that gap better that differs. The report says so; at 1e-6
(``portfolio sensitivity``'s default) the ranges are proven for G3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...core.data import ModelData
from ...engine.parallel import run_jobs, worker_session
from ...engine.solver import SolveOptions
from .. import grains
from .common import Base, Reason, Solved, flips, portfolio_of, run_task, run_tasks
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


def _job_end(token: str, data: ModelData, options: SolveOptions, criterion: str, side: str, x_base: np.ndarray,
             tolerance: float, gap: float, start=None, share: bool = True) -> list[dict]:
    """Worker: one end (`side`) of one criterion's stability interval at every grain, finest first.

    The grains' bisections probe the same line of weights, and a probe's solve answers every grain
    at once (its plan is compared with the base at each). So their probes are shared (`share`):

    * a weight probed before is not solved again (the far end is probed by every grain, and a
      coarser grain's bisection retraces the finer one's steps until a probe keeps it where the
      finer one did not);
    * a weight strictly between the base weight and the G3 interval's inside end keeps the base
      portfolio optimal (values are linear in λ and the base is optimal at both), so it keeps every
      grain without a solve.

    The probes asked and their verdicts are those of three separate bisections (`share=False`, used
    by the tests to compare): a solve is deterministic (:func:`.common.solve_fresh`), so a probe
    remembered gives what solving it again would.
    """
    memo: dict[float, Solved] | None = {} if share else None
    out, proven = [], None
    for g in reversed(grains.GRAINS):
        r = _job_bisect(token, data, options, criterion, side, x_base, tolerance, gap, start, g, memo=memo,
                        proven=proven)
        if g == grains.FINEST and share and r["all_optimal"]:    # a probe stopped early proves nothing
            proven = (data.weights[criterion], r["inside"])
        out.append(r)
    return out


class _Probes:
    """A bisection's probe solves on one worker session: remembered by weight in `memo` (shared by the
    grains of one end), and skipped inside `proven` (where the G3 interval proves the base optimal)."""

    def __init__(self, session, data: ModelData, criterion: str, gap: float, start, memo: dict | None,
                 proven: tuple[float, float] | None):
        self.session, self.data, self.criterion, self.gap, self.start = session, data, criterion, gap, start
        self.memo, self.proven = memo, proven
        self.solves = 0         # solves actually run

    def solve(self, lam: float) -> Solved | None:
        """The probe's solve at λ = `lam`; None where the base is proven optimal without one."""
        if self.proven is not None and min(self.proven) <= lam <= max(self.proven):
            return None
        if self.memo is not None and lam in self.memo:
            return self.memo[lam]
        r = run_task(self.session, self.data, {"weights": shifted_weights(self.data.weights, self.criterion, lam)},
                     self.gap, self.start)
        self.solves += 1
        if self.memo is not None:
            self.memo[lam] = r
        return r


def _job_bisect(token: str, data: ModelData, options: SolveOptions, criterion: str, side: str, x_base: np.ndarray,
                tolerance: float, gap: float, start=None, grain: str = grains.FINEST, *,
                memo: dict | None = None, proven: tuple[float, float] | None = None) -> dict:
    """Worker: find one end of one criterion's stability interval at `grain`, to within `tolerance`.

    A bracket [outside, inside] is kept with both ends probed by a solve: the base portfolio is
    optimal at `inside` and beaten at `outside`. Each step probes a point strictly inside the
    bracket. Every portfolio's value is linear in λ, so the portfolio Q that beat the base at
    `outside` stops beating it where the two lines cross; the probe goes just inside that crossing
    (and, if the base keeps there, just outside it), which usually closes the bracket in two or
    three solves. When the crossing is not strictly inside the bracket the probe is the midpoint:
    plain bisection, so the bracket always shrinks. At a coarser grain the crossing is taken with the
    last plan found inside that matches the base at that grain. `memo`, `proven`: see :class:`_Probes`.
    """
    ix = (s := worker_session(token, data, options)).ix
    base_plan = portfolio_of(ix, np.nonzero(x_base > 0.5)[0])
    x_in = x_base
    base_w = data.weights
    w0 = base_w[criterion]
    probes = _Probes(s, data, criterion, gap, start, memo, proven)
    all_optimal = True

    def value(x: np.ndarray, lam: float) -> float:
        return float(ix.values(shifted_weights(base_w, criterion, lam)) @ x)

    def keeps(lam: float) -> tuple[bool, Solved | None]:
        nonlocal all_optimal, x_in
        r = probes.solve(lam)
        if r is None:
            return True, r
        all_optimal &= r.status == "optimal"
        if not r.has_solution:
            return True, r     # nothing better found; counted as not optimal above
        own = value(x_base, lam)
        if r.objective <= own + KEEP_RTOL * max(1.0, abs(own)):
            return True, r
        if grain != grains.FINEST and grains.same(portfolio_of(ix, r.funded), base_plan, grain):
            x_in = np.zeros(ix.n_options)
            x_in[list(r.funded)] = 1.0
            return True, r
        return False, r

    def strictly_between(x: float, a: float, b: float) -> bool:
        return min(a, b) < x < max(a, b)

    far = 0.0 if side == "low" else 1.0
    if far == w0:
        return dict(criterion=criterion, side=side, grain=grain, inside=w0, outside=None, funded_outside=None,
                    solves=0, all_optimal=True)
    ok, r = keeps(far)
    if ok:
        return dict(criterion=criterion, side=side, grain=grain, inside=far, outside=None, funded_outside=None,
                    solves=probes.solves, all_optimal=all_optimal)
    inside, outside, out_r = w0, far, r
    toward = 1.0 if inside > outside else -1.0
    nudge = 0.45 * tolerance
    while abs(inside - outside) > tolerance:
        xq = np.zeros(ix.n_options)
        xq[list(out_r.funded)] = 1.0
        f_out = value(xq, outside) - value(x_in, outside)
        f_in = value(xq, inside) - value(x_in, inside)
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
    return dict(criterion=criterion, side=side, grain=grain, inside=inside, outside=outside,
                funded_outside=out_r.funded, solves=probes.solves, all_optimal=all_optimal)


#: The stability table's columns: G3 as ``low``/``high`` (the whole portfolio), then the coarser grains.
STABILITY_COLUMNS = ["criterion", "base", "low", "high", "low_outside", "high_outside", "tolerance", "flips_low",
                     "flips_high", "all_optimal", "reason", "gap",
                     *[f"{e}_{g}" for g in ("G2", "G1") for e in ("low", "high", "low_outside", "high_outside",
                                                                   "flips_low", "flips_high")]]


def weight_stability(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
                     settings: SensitivitySettings) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Stability interval of every criterion's normalised weight at each grain, and the tornado table."""
    gap = settings.tight_gap
    crit = list(data.weights)
    res = []
    if len(crit) > 1:
        jobs = [(token, data, options, c, side, base.x, settings.tolerance, gap, base.start, not settings.plain)
                for c in crit for side in ("low", "high")]
        est = 8      # solves per end and its three grains, typically (the progress bar adjusts as ends finish)
        ends = run_jobs(pool, _job_end, jobs, total=len(jobs) * est, count=lambda rs: sum(r["solves"] for r in rs),
                        desc="weight stability")
        res = [r for rs in ends for r in rs]
    by = {(r["criterion"], r["side"], r.get("grain", grains.FINEST)): r for r in res}
    rows = [_stability_row(c, data, ix, base, settings, by) for c in crit]
    stab = pd.DataFrame(rows, columns=STABILITY_COLUMNS)
    proven = {} if settings.plain else {r["criterion"]: r for r in rows if r["all_optimal"] and r["reason"] is None}
    torn, n_torn = _tornado(pool, workers, token, data, options, ix, base, settings, proven)
    return stab, torn, sum(r["solves"] for r in res) + n_torn


def _stability_row(c: str, data: ModelData, ix, base: Base, settings: SensitivitySettings, by: dict) -> dict:
    """One criterion's row: its interval at G3 (``low``/``high``) and at the coarser grains."""
    if len(data.weights) == 1:
        row = dict(criterion=c, base=1.0, low=1.0, high=1.0, tolerance=settings.tolerance, flips_low=[],
                   flips_high=[], all_optimal=True, reason=Reason.of("sens.reason.single_criterion"),
                   gap=settings.tight_gap)
        for g in ("G2", "G1"):
            row.update({f"low_{g}": 1.0, f"high_{g}": 1.0, f"flips_low_{g}": [], f"flips_high_{g}": []})
        return row
    row = dict(criterion=c, base=data.weights[c], tolerance=settings.tolerance, reason=None, gap=settings.tight_gap,
               all_optimal=all(r["all_optimal"] for k, r in by.items() if k[0] == c))
    for g in grains.GRAINS:
        suffix = "" if g == grains.FINEST else f"_{g}"
        for side in ("low", "high"):
            r = by[(c, side, g)]
            row[f"{side}{suffix}"] = r["inside"]
            row[f"{side}_outside{suffix}"] = r["outside"]
            row[f"flips_{side}{suffix}"] = (flips(ix, base.portfolio, r["funded_outside"])
                                            if r["funded_outside"] is not None else [])
    return row


def _tornado(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
             settings: SensitivitySettings, proven: dict | None = None) -> tuple[pd.DataFrame, int]:
    """The re-optimised objective with each weight at (1 ± f) of its base value; "changed" when the set of
    programs funded changes (grain G1), ``changed_*_G3`` when anything does.

    A weight inside the criterion's G3 stability interval (`proven`: its row, every probe at the tight
    gap) needs no solve: the base portfolio is optimal there, so the re-optimised objective is its value."""
    crit = list(data.weights)
    tasks, known = [], {}
    for c in crit:
        w0 = data.weights[c]
        for sign, name in ((-1, "minus"), (1, "plus")):
            lam = min(1.0, max(0.0, w0 * (1 + sign * settings.tornado)))
            row = (proven or {}).get(c)
            if row is not None and row["low"] <= lam <= row["high"]:
                value = float(ix.values(shifted_weights(data.weights, c, lam)) @ base.x)
                known[(c, name, lam)] = Solved("optimal", value, value, 0.0, base.solved.funded, 0.0,
                                               settings.tight_gap)
            else:
                tasks.append(((c, name, lam), {"weights": shifted_weights(data.weights, c, lam)}))
    got = run_tasks(pool, workers, token, data, options, tasks, settings.tight_gap, "tornado", base.start) \
        if len(crit) > 1 else {}
    n_solved = len(got)
    got = {**known, **got} if len(crit) > 1 else got
    trows = []
    for c in crit:
        row = dict(criterion=c, base_weight=data.weights[c], objective_base=base.objective)
        for (cc, name, lam), r in got.items():
            if cc != c:
                continue
            plan = portfolio_of(ix, r.funded)
            row[f"weight_{name}"] = lam
            row[f"objective_{name}"] = r.objective
            row[f"changed_{name}"] = r.has_solution and not grains.same(plan, base.portfolio, "G1")
            row[f"changed_{name}_G3"] = r.has_solution and not grains.same(plan, base.portfolio, "G3")
        trows.append(row)
    torn = pd.DataFrame(trows, columns=["criterion", "base_weight", "weight_minus", "weight_plus", "objective_base",
                                        "objective_minus", "objective_plus", "changed_minus", "changed_plus",
                                        "changed_minus_G3", "changed_plus_G3"])
    torn["swing"] = (torn["objective_plus"] - torn["objective_minus"]).abs()
    torn = torn.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return torn, n_solved
