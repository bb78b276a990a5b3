"""Capacity limits: researcher FTE, shared test facilities, secure sites, used by running programs."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .terms import lin, var_list


def add_capacity_limit(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Programs running in a year use no more of a resource than its capacity that year.

    .. math::
        \sum_{(p,\ell,s):\ s \le t \le s + d_p - 1} u_{p\ell r}\, x_{p\ell s} \le K_{rt}
        \quad \forall r \in R,\ t \in Y

    :math:`u_{p\ell r}` is the level's use of resource *r* (CapacityUse sheet), the same in every
    year the program runs; :math:`K_{rt}` the mutable ``m.capacity[r, t]``.
    """
    years = ix.years
    m.capacity = pyo.Param([(c.id, t) for c in data.capacities for t in years], mutable=True,
                           initialize={(c.id, t): c.capacity[j] for c in data.capacities for j, t in enumerate(years)})
    prog = data.program_by_id
    choose = var_list(m.choose)
    terms: dict[tuple[str, int], tuple[list, list]] = {}
    for k, (p, lv, s) in enumerate(ix.options):
        use = prog[p].level(lv).use
        if not use:
            continue
        for j in ix.active[k].nonzero()[0]:
            for r, u in use.items():
                if u:
                    cs, vs = terms.setdefault((r, years[j]), ([], []))
                    cs.append(u)
                    vs.append(choose[k])
    keys = [(c.id, t) for c in data.capacities for t in years if (c.id, t) in terms]
    m.capacity_limit = pyo.Constraint(keys, rule=lambda _, r, t: lin(*terms[r, t]) <= m.capacity[r, t])
