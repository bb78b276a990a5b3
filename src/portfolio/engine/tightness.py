"""Which tight money limits only the payment split makes tight ("tight (payment split only)").

The objective depends only on which programs are funded, and the payments are settled afterwards
by a stated rule (:mod:`portfolio.engine.payments`): earmarked money first, then the lead ministry.
That rule can fill an envelope to the brim (a partner's cap, a ministry's envelope) although another
split of the same plan would leave room in it. Such a row is at its limit, but the plan does not
depend on it: raising it alone changes nothing (its marginal value at ±5 % is typically 0).

For each money row at its limit (total budget, a source's envelope, a fund's balance) one small
LP, with every choice fixed at the plan's and every other row kept, minimises what that row holds:

.. math::
    \\min \\sum_{(p,\\sigma,t) \\in F_r} f_{p\\sigma t} \\quad \\text{s.t. every row of the model},\\ x = x^*

where :math:`F_r` are the payments row :math:`r` sums. If the minimum fits within the limit cut by
:data:`SPLIT_MARGIN` (5 %, the sensitivity analysis' default step), the row is *tight by the payment
split only*: the same plan, paid differently, survives that cut, so cutting the limit by 5 % costs
nothing. The result's limit table marks it ``split_only``. A row that no split can open that far
stays plainly tight: the plan needs (nearly) all of that money. Each row is judged on its own;
several rows that can each be opened may not all open at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.data import ModelData
from .solver import HighsSolver, SolveOutcome

#: Limit families whose use is a sum of payments, so that a different split can change it.
MONEY_FAMILIES = ("total_budget", "source_envelope", "fund_balance")
#: Room another split must open in a tight money row, as a share of its limit, for the row to be
#: tight by the payment split only.
SPLIT_MARGIN = 0.05


def split_only_rows(solver: HighsSolver, data: ModelData, outcome: SolveOutcome,
                    binding: pd.DataFrame) -> set[tuple[str, str, int]]:
    """(family, key, year) of every tight money row of `binding` that another payment split of
    `outcome`'s plan leaves below its limit."""
    import highspy

    from .payments import fixed_choice_lp

    if outcome.choose is None or not len(binding) or not len(solver.flow_columns):
        return set()
    # a limit of 0 is at its limit whatever the split: nothing to open, so never "split only"
    tight = binding[binding["tight"].astype(bool) & binding["family"].isin(MONEY_FAMILIES)
                    & (binding["limit"].astype(float) > 1e-9)]
    if tight.empty:
        return set()
    lp = fixed_choice_lp(solver, outcome.choose)
    n = lp.getNumCol()
    all_cols = np.arange(n, dtype=np.int32)
    lp.changeObjectiveSense(highspy.ObjSense.kMinimize)
    flows = solver.pm.ix.flows
    source = np.array([s for _, s, _ in flows], dtype=object)
    year = np.array([t for _, _, t in flows])
    counted = np.array([data.source_by_id[s].counts_in_budget for s in source], dtype=bool)
    out = set()
    for r in tight.itertuples():
        y = int(r.year)
        if r.family == "total_budget":
            mask = counted & (year == y)
        elif r.family == "source_envelope":
            mask = (source == r.key) & (year == y)
        else:                                           # a fund's balance: what it paid up to that year
            mask = (source == r.key) & (year <= y)
        cost = np.zeros(n)
        cost[solver.flow_columns[mask]] = 1.0
        lp.changeColsCost(n, all_cols, cost)
        lp.run()
        if lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            continue
        least = float(lp.getInfo().objective_function_value)
        if least <= (1.0 - SPLIT_MARGIN) * float(r.limit) + 1e-6:
            out.add((r.family, r.key, y))
    return out
