"""Domain spend: floors, ceilings (absolute or as a share of the budget) and critical mass."""

from __future__ import annotations

from typing import Callable, Iterator

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage
from .terms import lin, var_list


def add_domain_spend(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Define each domain's spend over the horizon, from every kind of source.

    .. math::
        S_d = \sum_{(p,\ell,s):\ p \in d} \Big(\sum_{t \in Y} c_{p\ell s t}\Big) x_{p\ell s} \quad \forall d

    Because each program's cost is paid in full every year (``cost_covered``), this equals the
    money from all sources, annual, fund and external alike. Costs past the horizon are not in it.
    """
    m.domain_spend = pyo.Var([d.id for d in data.domains], domain=pyo.NonNegativeReals)
    inside = ix.cost.sum(axis=1)
    prog = data.program_by_id
    terms: dict[str, tuple[list, list]] = {d.id: ([], []) for d in data.domains}
    choose = var_list(m.choose)
    for k, o in enumerate(ix.options):
        cs, vs = terms[prog[o[0]].domain]
        cs.append(-inside[k])
        vs.append(choose[k])
    m.domain_spend_def = pyo.Constraint(
        [d.id for d in data.domains],
        rule=lambda _, d: lin([1.0] + terms[d][0], [m.domain_spend[d]] + terms[d][1]) == 0)


def add_domain_floor_ceiling(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Floors and ceilings on each domain's horizon spend, in 億円 or as a share of the total budget.

    .. math::
        S_d \ge L_d, \quad S_d \le U_d, \quad
        S_d \ge \lambda_d \sum_{t} B_t, \quad S_d \le \mu_d \sum_{t} B_t

    The share forms use the mutable budget :math:`B_t`, so they follow any budget scaling.
    """
    doms = data.domains
    budget_total = sum(m.total_budget[t] for t in ix.years)
    m.domain_floor = pyo.Constraint([d.id for d in doms if d.floor], rule=lambda _, d: m.domain_spend[d] >= data.domain_by_id[d].floor)
    m.domain_ceiling = pyo.Constraint([d.id for d in doms if d.ceiling is not None],
                                      rule=lambda _, d: m.domain_spend[d] <= data.domain_by_id[d].ceiling)
    m.domain_floor_share = pyo.Constraint([d.id for d in doms if d.floor_share],
                                          rule=lambda _, d: m.domain_spend[d] >= data.domain_by_id[d].floor_share
                                          * budget_total)
    m.domain_ceiling_share = pyo.Constraint([d.id for d in doms if d.ceiling_share is not None],
                                            rule=lambda _, d: m.domain_spend[d] <= data.domain_by_id[d].ceiling_share
                                            * budget_total)


def add_critical_mass(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""If any program of a domain is funded, the domain's spend reaches its critical mass.

    .. math::
        S_d \ge M_d \sum_{\ell, s} x_{p\ell s} \quad \forall d,\ p \in d

    One row per program instead of a binary per domain: the relaxation is the same
    (:math:`S_d \ge M_d \max_p \sum x_p`) and no variable is added.
    """
    keys = [(d.id, p.id) for d in data.domains if d.critical_mass for p in data.programs
            if p.domain == d.id and ix.by_program[p.id]]

    def rule(_, d, p):
        cm = data.domain_by_id[d].critical_mass
        ks = ix.by_program[p]
        return lin([1.0] + [-cm] * len(ks), [m.domain_spend[d]] + [m.choose[ix.options[k]] for k in ks]) >= 0

    m.critical_mass = pyo.Constraint(keys, rule=rule)


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _domain_limit(attribute: str, share: bool) -> Callable[[Plan], Iterator[Usage]]:
    def usage(plan: Plan) -> Iterator[Usage]:
        budget_total = float(sum(plan.data.budget))
        for i, d in enumerate(plan.data.domains):
            value = getattr(d, attribute)
            if value is None or (attribute.startswith("floor") and not value):
                continue
            yield Usage(d.id, None, plan.domain_spend[d.id], value * budget_total if share else value, i)
    return usage


def _critical_mass(plan: Plan) -> Iterator[Usage]:
    funded_domains = {plan.data.program_by_id[p].domain for p in plan.chosen}
    for i, d in enumerate(plan.data.domains):
        if d.critical_mass and d.id in funded_domains:
            yield Usage(d.id, None, plan.domain_spend[d.id], d.critical_mass, i)


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = (
    (("domain_spend_def",), add_domain_spend),
    (("domain_floor", "domain_ceiling", "domain_floor_share", "domain_ceiling_share"), add_domain_floor_ceiling),
    (("critical_mass",), add_critical_mass),
)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (
    LimitFamily("domain_floor", "domain_floor", _domain_limit("floor", False), 3, lower=True),
    LimitFamily("domain_ceiling", "domain_ceiling", _domain_limit("ceiling", False), 3),
    LimitFamily("domain_floor_share", "domain_floor_share", _domain_limit("floor_share", True), 3, lower=True),
    LimitFamily("domain_ceiling_share", "domain_ceiling_share", _domain_limit("ceiling_share", True), 3),
    LimitFamily("critical_mass", "critical_mass", _critical_mass, 3, lower=True),
)
