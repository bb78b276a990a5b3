"""Who pays: a second, lexicographic stage that settles the money split of the chosen portfolio.

The objective depends only on which programs are funded, so the MIP is indifferent between many
ways of paying for them; HiGHS returns one vertex, which can look arbitrary (a ministry paying
for another's program while the earmarked fund sits unused). With the chosen options fixed, a
small LP re-splits the money by a stated rule, without changing what is funded or any limit:

1. earmarked money first: funds (基金) and external co-funding — they do not count toward the
   total budget;
2. then the program's lead ministry;
3. then other ministries' annual budgets.

.. math::
    \\min \\sum_{(p,\\sigma,t) \\in F} \\pi_{p\\sigma}\\, f_{p\\sigma t}, \\qquad
    \\pi_{p\\sigma} = 0 \\text{ (fund, external)},\\ 1 \\text{ (lead)},\\ 2 \\text{ (other annual)}

subject to every row of the model with :math:`x` fixed at the MIP solution. The LP is feasible
because the MIP solution satisfies it; if HiGHS does not confirm optimality, the MIP's own
split is kept.
"""

from __future__ import annotations

import numpy as np

from ..core.data import ModelData
from .solver import HighsSolver, SolveOutcome

EARMARKED, LEAD, OTHER = 0.0, 1.0, 2.0


def payment_weights(data: ModelData, flows) -> np.ndarray:
    kind = {s.id: s.kind for s in data.sources}
    lead = {p.id: p.lead for p in data.programs}
    return np.array([EARMARKED if kind[s] != "annual" else (LEAD if lead[p] == s else OTHER) for p, s, _ in flows])


def settle_payments(solver: HighsSolver, data: ModelData, outcome: SolveOutcome) -> np.ndarray:
    """The payments of `outcome` re-split by the rule above (or unchanged if the LP is not optimal)."""
    import highspy

    if outcome.choose is None or not len(solver.flow_columns):
        return outcome.pay
    lp = fixed_choice_lp(solver, outcome.choose)
    n = lp.getNumCol()
    cost = np.zeros(n)
    cost[solver.flow_columns] = payment_weights(data, solver.pm.ix.flows)
    lp.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    lp.changeObjectiveSense(highspy.ObjSense.kMinimize)
    lp.run()
    if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return outcome.pay
    values = np.asarray(lp.getSolution().col_value)
    return np.maximum(values[solver.flow_columns], 0.0)


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
