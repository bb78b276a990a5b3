"""The robust plans' MIP: the portfolio model with its objective replaced by a worst case over scenarios.

Both robust plans maximise a worst case over a finite list of scenarios *j*, each an option
value vector :math:`a^j` (a weighting and scores) and a constant :math:`c^j`:

.. math::
    \\max_{x \\in X,\\ \\tau}\\ \\tau \\quad \\text{s.t.}\\quad \\tau \\le \\sum_o a^j_o x_o - c^j
    \\quad \\forall j

where *X* is every plan the model allows (all its limits and rules). For the **max-min** plan the
scenarios are the vertices of the admissible set at the low scores and :math:`c^j = 0`, so τ is the
worst-case value. For the **minimax-regret** plan :math:`c^j` is the best value known in scenario
*j*, so −τ is the largest regret over the scenarios.

Plans that tie on τ can differ at the base weights, and a planner gives up no more than needed,
so a second solve (:func:`solve_master` with ``lexicographic``) keeps τ at least at the first
solve's value and maximises the plan's value at the base weights.

The model is built anew for each call on a copy of the portfolio model (the session's is never
touched): loading it into HiGHS takes a small fraction of a solve. Its solutions are handed to the
solution observers as solutions of a model whose objective is not the portfolio's value, so every
rule is still checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.data import ModelData
from ...engine.solver import SolveOptions
from ..sensitivity.common import Solved


@dataclass
class MasterSolve:
    """The worst-case MIP's answer: τ (incumbent and bound) and the plan, from the first solve, and
    the plan the lexicographic second solve chose (the same plan if it found nothing better)."""

    first: Solved
    plan: np.ndarray                    # 0/1 per option: the plan returned
    pay: np.ndarray | None
    second: Solved | None = None

    @property
    def tau(self) -> float | None:
        return self.first.objective

    @property
    def tau_bound(self) -> float | None:
        return self.first.bound


def solve_master(data: ModelData, options: SolveOptions, cuts: list[tuple[np.ndarray, float]],
                 base_values: np.ndarray, *, gap: float, lexicographic: bool = True) -> MasterSolve | None:
    """max τ s.t. τ ≤ a^j·x − c^j for every cut (a^j, c^j); then, if `lexicographic`, the best plan at
    the base weights among those with τ at least the first solve's. None if no plan is found.

    No MIP start is given: with highspy 1.16.0 a start can come back as the solution while the
    objective reported is another plan's (seen on the separation problems of :mod:`.regret`)."""
    import pyomo.core as pyo

    from ...engine.solver import HighsSolver
    from ...model import build_model

    pm = build_model(data)
    m, ix = pm.m, pm.ix
    xs = [m.choose[o] for o in ix.options]
    b = pyo.Block()
    m.robust = b
    b.tau = pyo.Var(domain=pyo.Reals)
    b.cuts = pyo.ConstraintList()
    for a, c in cuts:
        b.cuts.add(b.tau <= pyo.quicksum(float(v) * x for v, x in zip(a, xs) if v) - float(c))
    m.total_value.deactivate()
    b.worst = pyo.Objective(expr=b.tau, sense=pyo.maximize)
    first = HighsSolver(pm, options).solve(mip_gap=gap)
    if not first.has_solution:
        return None
    out = MasterSolve(first=Solved.of(first), plan=np.asarray(first.choose, dtype=float), pay=first.pay)
    if not lexicographic:
        return out
    tau = float(first.objective)
    b.tau.setlb(tau - 1e-9 * max(1.0, abs(tau)))
    b.worst.deactivate()
    b.base = pyo.Objective(expr=pyo.quicksum(float(v) * x for v, x in zip(base_values, xs) if v),
                           sense=pyo.maximize)
    second = HighsSolver(pm, options).solve(mip_gap=gap)
    if second.has_solution:
        out.second = Solved.of(second)
        if float(base_values @ second.choose) >= float(base_values @ out.plan):
            out.plan, out.pay = np.asarray(second.choose, dtype=float), second.pay
    return out
