r"""Who pays: the settlement that fixes the money split of the chosen portfolio after the MIP.

The objective depends only on which programs are funded, so the MIP is indifferent between many
ways of paying for them, and HiGHS returns whichever vertex its search ends on: a ministry paying
for a program one year and not the next, or a split that changes with ``--threads``. No ministry
can put such a plan into its 概算要求. With the chosen options fixed (rounded to 0/1) and every
row of the model kept, three problems settle the split, each one solved over the optimal
solutions of the one before:

1. **priority**: earmarked money first (funds and external co-funding, which do not count toward
   the total budget), then the program's lead ministry, then other ministries' annual budgets;

   .. math:: z_1 = \min \sum_{(p,\sigma,t)\in F} \pi_{p\sigma} f_{p\sigma t},\qquad
      \pi = 0 \text{ (fund, external)},\ 1 \text{ (lead)},\ 2 \text{ (other annual)}

2. **steady shares**: the least total year-to-year change of each source's share of each
   program's cost, over consecutive years in which the program costs something;

   .. math:: z_2 = \min \sum_{(p,\sigma,t)\in P} \Big| \frac{f_{p\sigma t}}{C_{pt}} -
      \frac{f_{p\sigma,t-1}}{C_{p,t-1}} \Big|

   (linear: each absolute value is :math:`d^+ + d^-` with :math:`d^\pm \ge 0` and
   :math:`f_{p\sigma t}/C_{pt} - f_{p\sigma,t-1}/C_{p,t-1} = d^+ - d^-`);

3. **even split of what is still tied**: the least sum of squared shares, strictly convex in
   the payments, so the settled split is unique whatever solved the MIP:

   .. math:: \min \sum_{(p,\sigma,t)\in F,\ C_{pt}>0} \Big(\frac{f_{p\sigma t}}{C_{pt}}\Big)^2

:math:`C_{pt}` is the program's cost in year *t* at its chosen level and start (constant once the
choice is fixed). "Over the optimal solutions of the stage before" is exact, not a tolerance on
its objective that the next stage could spend: by complementary slackness a feasible point is
optimal exactly when it keeps at their bounds the columns and rows that an optimal dual solution
prices (:func:`_keep_optimal_face`), so those are fixed before the next stage runs. Every stage is
feasible (the MIP's own split satisfies stage 1's rows; each optimum, the next stage's). A stage
HiGHS does not solve to optimality leaves the split of the stage before it (the MIP's own if stage
1 fails); :class:`Settlement` says which stage was reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.data import ModelData
from .solver import HighsSolver, SolveOutcome

EARMARKED, LEAD, OTHER = 0.0, 1.0, 2.0
#: A reduced cost or row dual larger than this marks a column or row that every optimum holds at its bound.
DUAL_TOL = 1e-7


@dataclass(frozen=True)
class Settlement:
    """The settled payments (in flow order, 億円), the last stage reached (0: the MIP's own split was
    kept) and the optimum of stages 1 and 2 (priority cost, total year-to-year change of shares)."""

    pay: np.ndarray
    stage: int
    priority: float | None = None
    share_change: float | None = None


def payment_weights(data: ModelData, flows) -> np.ndarray:
    """Stage 1's priority π of every flow: earmarked 0, the lead ministry 1, another annual source 2."""
    kind = {s.id: s.kind for s in data.sources}
    lead = {p.id: p.lead for p in data.programs}
    return np.array([EARMARKED if kind[s] != "annual" else (LEAD if lead[p] == s else OTHER) for p, s, _ in flows])


def program_year_cost(ix, choose: np.ndarray) -> dict[tuple[str, int], float]:
    """C_pt: each funded program's cost in each horizon year at its chosen option."""
    out: dict[tuple[str, int], float] = {}
    for k in np.nonzero(choose > 0.5)[0]:
        p = ix.option_program[k]
        for j, y in enumerate(ix.years):
            out[(p, y)] = out.get((p, y), 0.0) + float(ix.cost[k, j])
    return out


def share_pairs(ix, cost: dict[tuple[str, int], float]) -> list[tuple[int, int, float, float]]:
    """The set P: (flow in year t−1, flow in year t, C_p,t−1, C_pt) for every source of a program that
    costs something in both of two consecutive years."""
    at = {f: i for i, f in enumerate(ix.flows)}
    pairs = []
    for i, (p, s, t) in enumerate(ix.flows):
        j = at.get((p, s, t - 1))
        c0, c1 = cost.get((p, t - 1), 0.0), cost.get((p, t), 0.0)
        if j is not None and c0 > 0 and c1 > 0:
            pairs.append((j, i, c0, c1))
    return pairs


def settle_payments(solver: HighsSolver, data: ModelData, outcome: SolveOutcome) -> np.ndarray:
    """The payments of `outcome` settled by the rule above (see :func:`settle`)."""
    return settle(solver, data, outcome).pay


def settle(solver: HighsSolver, data: ModelData, outcome: SolveOutcome) -> Settlement:
    """Settle the payments of `outcome`'s portfolio in three stages (the module's docstring)."""
    if outcome.choose is None or not len(solver.flow_columns):
        return Settlement(outcome.pay, 0)
    choose = np.round(outcome.choose)
    lp = _fixed_lp(solver, choose)
    flows = solver.flow_columns.astype(np.int32)
    z1 = _run_linear(lp, flows, payment_weights(data, solver.pm.ix.flows))
    if z1 is None:
        return Settlement(outcome.pay, 0)
    pay = _payments(lp, flows)
    _keep_optimal_face(lp)
    cost = program_year_cost(solver.pm.ix, choose)
    d_cols = _add_share_changes(lp, flows, share_pairs(solver.pm.ix, cost))
    z2 = 0.0
    if len(d_cols):
        z2 = _run_linear(lp, d_cols, np.ones(len(d_cols)))
        if z2 is None:
            return Settlement(pay, 1, z1)
        pay = _payments(lp, flows)
        _keep_optimal_face(lp)
    if _run_even_split(lp, flows, solver.pm.ix, cost):
        return Settlement(_payments(lp, flows), 3, z1, z2)
    return Settlement(pay, 2, z1, z2)


def _fixed_lp(solver: HighsSolver, choose: np.ndarray):
    """A continuous copy of the loaded model with every choice fixed at `choose`."""
    import highspy

    lp = fixed_choice_lp(solver, choose)
    lp.changeObjectiveSense(highspy.ObjSense.kMinimize)
    return lp


def _run_linear(lp, cols: np.ndarray, cost: np.ndarray) -> float | None:
    """Minimise `cost` on `cols` (every other column costs nothing): the optimum, or None."""
    import highspy

    n = lp.getNumCol()
    full = np.zeros(n)
    full[cols] = cost
    lp.changeColsCost(n, np.arange(n, dtype=np.int32), full)
    lp.run()
    if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return float(np.asarray(lp.getSolution().col_value)[cols] @ cost)


def _payments(lp, flows: np.ndarray) -> np.ndarray:
    return np.maximum(np.asarray(lp.getSolution().col_value)[flows], 0.0)


def _keep_optimal_face(lp) -> None:
    """Restrict `lp` to the optimal solutions of the problem it has just solved.

    By complementary slackness, a feasible point is optimal exactly when it is complementary to
    one optimal dual solution: every column with a non-zero reduced cost stays at its bound and
    every row with a non-zero dual at its active side. Fixing those (each at the bound the optimum
    sits on) leaves the set of optimal solutions, exactly, without a tolerance on the objective
    that the next stage could spend.
    """
    sol, model = lp.getSolution(), lp.getLp()
    x, dj = np.asarray(sol.col_value), np.asarray(sol.col_dual)
    lo, up = np.asarray(model.col_lower_), np.asarray(model.col_upper_)
    cols = np.nonzero((np.abs(dj) > DUAL_TOL) & (lo < up))[0]
    if len(cols):
        at = np.where(np.abs(x[cols] - lo[cols]) <= np.abs(x[cols] - up[cols]), lo[cols], up[cols])
        lp.changeColsBounds(len(cols), cols.astype(np.int32), at, at)
    r, yi = np.asarray(sol.row_value), np.asarray(sol.row_dual)
    lo, up = np.asarray(model.row_lower_), np.asarray(model.row_upper_)
    for i in np.nonzero((np.abs(yi) > DUAL_TOL) & (lo < up))[0]:
        side = lo[i] if abs(r[i] - lo[i]) <= abs(r[i] - up[i]) else up[i]
        lp.changeRowBounds(int(i), float(side), float(side))


def _add_share_changes(lp, flows: np.ndarray, pairs) -> np.ndarray:
    """Columns d⁺, d⁻ ≥ 0 and rows f_t/C_t − f_{t−1}/C_{t−1} − d⁺ + d⁻ = 0, one pair per element of P."""
    if not pairs:
        return np.zeros(0, dtype=np.int32)
    n0, k = lp.getNumCol(), len(pairs)
    lp.addVars(2 * k, np.zeros(2 * k), np.full(2 * k, np.inf))
    starts, index, value = [], [], []
    for r, (j, i, c0, c1) in enumerate(pairs):
        starts.append(len(index))
        index += [int(flows[i]), int(flows[j]), n0 + 2 * r, n0 + 2 * r + 1]
        value += [1.0 / c1, -1.0 / c0, -1.0, 1.0]
    lp.addRows(k, np.zeros(k), np.zeros(k), len(index), np.array(starts, dtype=np.int32),
               np.array(index, dtype=np.int32), np.array(value, dtype=float))
    return np.arange(n0, n0 + 2 * k, dtype=np.int32)


def _run_even_split(lp, flows: np.ndarray, ix, cost: dict[tuple[str, int], float]) -> bool:
    """Stage 3: minimise Σ (f/C)² (a diagonal Hessian, nothing linear); True when HiGHS solves it."""
    import highspy

    n = lp.getNumCol()
    lp.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    diag = np.zeros(n)
    for col, (p, _, t) in zip(flows, ix.flows):
        c = cost.get((p, t), 0.0)
        if c > 0:
            diag[col] = 2.0 / (c * c)       # HiGHS minimises ½ fᵀQf
    nz = np.nonzero(diag)[0]
    starts = np.searchsorted(nz, np.arange(n + 1)).astype(np.int32)     # column j's entries: nz[starts[j]:starts[j+1]]
    status = lp.passHessian(n, len(nz), highspy.HessianFormat.kTriangular, starts, nz.astype(np.int32), diag[nz])
    if status == highspy.HighsStatus.kError:
        return False
    lp.run()
    return lp.getModelStatus() == highspy.HighsModelStatus.kOptimal


def fixed_choice_lp(solver: HighsSolver, choose: np.ndarray):
    """A side highspy.Highs holding the model as it stands with every choice fixed at `choose`
    (integrality dropped): an LP over the payments alone, every limit and rule kept. The objective
    is the model's own until the caller sets one."""
    import highspy

    solver.push_updates()       # HiGHS must hold the model as it stands now (a re-solve may have moved it since)
    lp = solver.auxiliary()
    lp.passModel(solver.highs.getModel())
    n = lp.getNumCol()
    lp.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kContinuous))
    x_cols = solver.option_columns.astype(np.int32)
    lp.changeColsBounds(len(x_cols), x_cols, np.asarray(choose, dtype=float), np.asarray(choose, dtype=float))
    return lp
