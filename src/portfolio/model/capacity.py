"""Capacity limits: researcher FTE, shared test facilities, secure sites, used by running programs and
created by programs that train people or build facilities."""

from __future__ import annotations

from typing import Iterator

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage, same_row
from .terms import lin, var_list


def gain_years(ix: ModelIndex, k: int, lag: int) -> list[int]:
    """Horizon years (column positions) in which option `k` has created its capacity: from its start
    plus `lag` to the end of the horizon, while the program runs and after it."""
    start = ix.options[k][2]
    first = ix.years[0]
    return [j for j in range(len(ix.years)) if first + j >= start + lag]


def add_capacity_limit(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Programs running in a year use no more of a resource than its capacity that year, which
    programs that train people or build facilities raise.

    .. math::
        \sum_{(p,\ell,s):\ s \le t \le s + d_p - 1} u_{p\ell r}\, x_{p\ell s}
        - \sum_{(p,\ell,s):\ s + \lambda_{p\ell r} \le t} g_{p\ell r}\, x_{p\ell s} \le K_{rt}
        \quad \forall r \in R,\ t \in Y

    :math:`u_{p\ell r}` is the level's use of resource *r* (CapacityUse sheet), the same in every
    year the program runs; :math:`g_{p\ell r}` the capacity it creates (CapacityGain sheet) from
    its start plus the lag :math:`\lambda_{p\ell r}`, while it runs and after, to the end of the
    horizon; :math:`K_{rt}` the mutable ``m.capacity[r, t]``, the capacity there is without the
    portfolio. A year whose resource no program uses has no row.
    """
    years = ix.years
    m.capacity = pyo.Param([(c.id, t) for c in data.capacities for t in years], mutable=True,
                           initialize={(c.id, t): c.capacity[j] for c in data.capacities for j, t in enumerate(years)})
    prog = data.program_by_id
    choose = var_list(m.choose)
    terms: dict[tuple[str, int], tuple[list, list]] = {}
    gains: dict[tuple[str, int], tuple[list, list]] = {}
    for k, (p, lv, s) in enumerate(ix.options):
        level = prog[p].level(lv)
        for j in ix.active[k].nonzero()[0]:
            for r, u in level.use.items():
                if u:
                    cs, vs = terms.setdefault((r, years[j]), ([], []))
                    cs.append(u)
                    vs.append(choose[k])
        for r, (g, lag) in level.gain.items():
            for j in gain_years(ix, k, lag) if g else ():
                cs, vs = gains.setdefault((r, years[j]), ([], []))
                cs.append(-g)
                vs.append(choose[k])

    def rule(_, r, t):
        cs, vs = terms[r, t]
        gc, gv = gains.get((r, t), ([], []))
        return lin(cs + gc, vs + gv) <= m.capacity[r, t]

    keys = [(c.id, t) for c in data.capacities for t in years if (c.id, t) in terms]
    m.capacity_limit = pyo.Constraint(keys, rule=rule)


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _capacity(plan: Plan) -> Iterator[Usage]:
    """The limit is the capacity there is without the portfolio plus what the funded programs create."""
    for i, c in enumerate(plan.data.capacities):
        use, created = plan.capacity_use[c.id], plan.capacity_created[c.id]
        for j, y in enumerate(plan.ix.years):
            yield Usage(c.id, y, float(use[j]), float(c.capacity[j] + created[j]), i)


def _capacity_members(data: ModelData) -> list[tuple[str, int, tuple]]:
    return [(c.id, i, c.capacity) for i, c in enumerate(data.capacities)]


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = ((("capacity_limit",), add_capacity_limit),)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (
    LimitFamily("capacity", "capacity_limit", _capacity, 2, parameter="capacity",
                members=_capacity_members, moves=same_row("capacity_limit")),
)
