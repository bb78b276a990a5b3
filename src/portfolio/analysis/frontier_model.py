"""The model the criteria frontier solves: the full portfolio MIP with ε-constraint rows added.

For the chosen criteria :math:`c_1 … c_p` (values after discounting, as the objective module
computes them: :func:`criterion_values`), a block ``frontier`` adds

.. math::
    \\sum_o a_{o c_j}\\, x_o - s_j = e_j, \\qquad s_j \\ge 0, \\qquad j = 1…p

and the objective becomes

.. math::
    \\max \\sum_o \\Big(\\sum_j \\alpha_j a_{o c_j}\\Big) x_o

with :math:`e` and :math:`\\alpha` (through the model's mutable ``value``) mutable parameters, so
the one persistent HiGHS model serves every solve: a lexicographic row of the payoff table (α a unit
vector, earlier criteria held by their :math:`e`) and every AUGMECON2 grid point. AUGMECON2's
augmentation :math:`\\beta_j s_j` is :math:`\\beta_j f_j` less the constant :math:`\\beta_j e_j`,
so it is folded into α (:mod:`.frontier_search`); with integer criteria α is integer too, and
HiGHS can then use the objective's integrality. A criterion that is not held has :math:`e` far
below any value it can take, so its row binds nothing.

Every other limit of the model stays as it is. Each worker process builds this model once per run
(:func:`frontier_solver`); each solve starts from a cleared HiGHS state, so that its answer
depends only on the model and the parameters it is given, never on the solves before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.data import ModelData
from ..engine.solver import HighsSolver, SolveOptions, SolveState

def criterion_values(ix, criteria: tuple[str, ...]) -> np.ndarray:
    """(n_options, len(criteria)): each option's value on each criterion after discounting and
    pro-rating, as :meth:`ModelIndex.values` weighs them (a unit weight on one criterion)."""
    factor = ix.discount * ix.horizon_share
    cols = [ix.criteria.index(c) for c in criteria]
    return ix.scores[:, cols] * factor[:, None] if ix.n_options else np.zeros((0, len(criteria)))


@dataclass
class FrontierSolver:
    """One worker's frontier model on a persistent HiGHS instance."""

    data: ModelData
    criteria: tuple[str, ...]
    solver: HighsSolver
    values: np.ndarray                  # (n_options, p) criterion values
    off: np.ndarray                     # per criterion: an e below any value it can take
    weighted: np.ndarray = field(default=None)   # the model's own objective coefficient per option

    def solve(self, alpha, eps, mip_gap: float) -> dict:
        """One solve: objective α·f, rows f − s = e (None in `eps`: not held). A plain record."""
        pm = self.solver.pm
        b = pm.m.frontier
        pm.set_values(self.values @ np.asarray(alpha, dtype=float))
        for j in range(len(self.criteria)):
            b.eps[j] = float(self.off[j] if eps[j] is None else eps[j])
        self.solver.forget()
        self.solver.highs.setOptionValue("mip_abs_gap", 0.0 if mip_gap == 0 else 1e-6)
        o = self.solver.solve(mip_gap=mip_gap)
        rec = {"status": o.status, "gap": o.gap, "bound": o.bound, "seconds": o.seconds, "funded": None,
               "y": None, "objective": None}
        if o.has_solution:
            x = np.asarray(o.choose, dtype=float)
            rec["funded"] = o.funded_options()
            rec["y"] = [float(v) for v in self.values.T @ x]
            rec["objective"] = float(self.weighted @ x)
        return rec


def build_frontier_solver(data: ModelData, options: SolveOptions, criteria: tuple[str, ...]) -> FrontierSolver:
    """The model with the frontier block, loaded into HiGHS (objective and rows added before loading)."""
    import pyomo.core as pyo

    from ..model import build_model
    from ..model.terms import lin, var_list

    pm = build_model(data)
    m, ix = pm.m, pm.ix
    values = criterion_values(ix, criteria)
    off = np.minimum(values, 0.0).sum(axis=0) - 1.0 if ix.n_options else np.full(len(criteria), -1.0)
    p = range(len(criteria))
    b = pyo.Block()
    m.frontier = b
    b.eps = pyo.Param(p, mutable=True, initialize={j: float(off[j]) for j in p})
    b.slack = pyo.Var(p, domain=pyo.NonNegativeReals)
    xs = var_list(m.choose)
    b.row = pyo.Constraint(p, rule=lambda _, j: lin(values[:, j], xs, m.zero) - b.slack[j] == b.eps[j])
    m.total_value.deactivate()
    expr = sum(v * x for v, x in zip(var_list(m.value), xs)) if ix.options else m.zero
    b.objective = pyo.Objective(expr=expr, sense=pyo.maximize)
    solver = HighsSolver(pm, options)
    # The rules of the model hold for every plan; the objective is not the portfolio's value.
    solver.state = lambda: SolveState(data, {}, {}, False)
    return FrontierSolver(data=data, criteria=criteria, solver=solver, values=values, off=off,
                          weighted=ix.values(data.weights))


def frontier_solver(token: str, data: ModelData, options: SolveOptions, criteria: tuple[str, ...]) -> FrontierSolver:
    """This worker's frontier model for `token`, built on first use (HiGHS on one thread)."""
    from dataclasses import replace

    from ..engine.parallel import worker_object

    return worker_object("frontier_solvers", token,
                         lambda: build_frontier_solver(data, replace(options, threads=1), criteria))


def drop_frontier_solver(token: str) -> None:
    """Free this process's model for `token` (a run on the inline executor keeps it in this process)."""
    from ..engine.parallel import drop_worker_object

    drop_worker_object("frontier_solvers", token)
