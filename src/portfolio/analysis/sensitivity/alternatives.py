"""Near-optimal alternatives: k portfolios within x % of the optimum, each as far as possible from
the optimum and the ones found before (max–min distance, on a separately built copy of the model)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.data import ModelData
from ...engine.solver import SolveOptions
from .common import Base, Reason, diff_portfolios, portfolio_of


@dataclass
class Alternative:
    rank: int
    objective: float
    shortfall: float                 # share below the optimum
    distance: float                  # to the optimum
    min_distance: float              # to the optimum and every earlier alternative
    portfolio: dict[str, tuple[str, int]]
    added: list[str]
    removed: list[str]
    changed: list[str]
    status: str


def near_optimal_alternatives(data: ModelData, options: SolveOptions, base: Base, k: int, within: float,
                              ) -> tuple[list[Alternative], Reason | None]:
    """Up to `k` portfolios with objective ≥ opt − within·|opt|, each as far as possible from all found so far.

    On a separately built model (the session's is never touched), a block adds

    .. math::
        \\sum_o v_o x_o \\ge z^* - x\\,|z^*|, \\qquad
        \\delta_j = \\sum_p |y_p - y^j_p| + \\tfrac12 \\sum_o |x_o - x^j_o| \\ge 1, \\qquad
        \\zeta \\le \\delta_j \\quad \\forall j

    over the optimum and earlier alternatives *j* (:math:`y_p = \\sum_{\\ell,s} x_{p\\ell s}`;
    with :math:`x^j` fixed, each absolute value is linear), and maximises ζ plus a small
    tie-break on the objective. Funding or dropping a program counts 1.5, moving its level or
    start counts 1, so δ ≥ 1 means "a different portfolio".
    """
    import pyomo.environ as pyo

    from ...engine.solver import HighsSolver
    from ...model import build_model

    pm = build_model(data)
    m, ix = pm.m, pm.ix
    values = ix.values(data.weights)
    opt = base.objective
    floor = opt - within * abs(opt)
    scale = max(abs(opt), 1e-9)
    b = pyo.Block()
    m.alternatives = b
    b.floor = pyo.Constraint(expr=sum(float(v) * m.choose[o] for o, v in zip(ix.options, values)) >= floor)
    b.z = pyo.Var(domain=pyo.NonNegativeReals)
    b.distance = pyo.ConstraintList()
    m.total_value.deactivate()
    b.obj = pyo.Objective(expr=b.z + 0.01 * sum(float(v) / scale * m.choose[o] for o, v in zip(ix.options, values)),
                          sense=pyo.maximize)
    found: list[np.ndarray] = [base.x]
    programs = [p for p in ix.by_program if ix.by_program[p]]
    ub = sum(1.5 for _ in programs) + 1.0

    def distance_expr(xj: np.ndarray):
        expr = 0
        for p in programs:
            ks = ix.by_program[p]
            y = sum(m.choose[ix.options[kk]] for kk in ks)
            expr += (1 - y) if xj[ks].sum() > 0.5 else y
        for kk, o in enumerate(ix.options):
            expr += 0.5 * ((1 - m.choose[o]) if xj[kk] > 0.5 else m.choose[o])
        return expr

    alts: list[Alternative] = []
    note = None
    b.z.setub(ub)
    for rank in range(1, k + 1):
        d = distance_expr(found[-1])
        b.distance.add(d >= 1)
        b.distance.add(b.z <= d)
        solver = HighsSolver(pm, options)
        o = solver.solve()
        if not o.has_solution:
            note = (Reason.of("sens.reason.no_alternative", within=f"{within:.2%}") if o.status == "infeasible"
                    else Reason.of("sens.reason.alternative_no_solution", limit=options.time_limit))
            break
        x = np.zeros(ix.n_options)
        x[o.funded_options()] = 1.0
        obj = float(values @ x)
        port = portfolio_of(ix, o.funded_options())
        added, removed, changed = diff_portfolios(base.portfolio, port)
        dists = [_distance(ix, programs, xj, x) for xj in found]
        alts.append(Alternative(rank=rank, objective=obj, shortfall=(opt - obj) / abs(opt) if opt else 0.0,
                                distance=dists[0], min_distance=min(dists), portfolio=port, added=added,
                                removed=removed, changed=changed, status=o.status))
        found.append(x)
    return alts, note


def _distance(ix, programs, a: np.ndarray, b: np.ndarray) -> float:
    d = 0.5 * float(np.abs(a - b).sum())
    for p in programs:
        ks = ix.by_program[p]
        d += abs(float(a[ks].sum()) - float(b[ks].sum()))
    return d
