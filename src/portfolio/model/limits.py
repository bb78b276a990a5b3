"""Money limits: the total budget per year and its optional spend floor, each source's envelope, and fund
balances over the years."""

from __future__ import annotations

from typing import Callable, Iterator

import numpy as np
import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage, same_row
from .terms import lin, var_list


def add_total_budget(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Spending from annual (ministry) sources stays within each year's total budget.

    .. math::
        \sum_{p} \sum_{\sigma \in A_B} f_{p\sigma t} \le B_t \quad \forall t \in Y

    :math:`A_B \subseteq A` is the set of ``annual`` sources counted in the total budget
    (``in_total_budget``, the default); funds, external co-funding and a ministry's money set
    apart (capped by its own envelope only, e.g. MOD's research money beside the civil budget) do
    not count. :math:`B_t` is the mutable ``m.total_budget[t]``: the Budget sheet × any scale.
    """
    annual = data.budget_sources
    m.total_budget = pyo.Param(ix.years, mutable=True, initialize=dict(zip(ix.years, data.budget)))
    by_year: dict[int, list] = {t: [] for t in ix.years}
    for f, v in zip(ix.flows, var_list(m.pay)):
        if f[1] in annual:
            by_year[f[2]].append(v)
    m.total_budget_limit = pyo.Constraint(
        ix.years, rule=lambda _, t: lin([1.0] * len(by_year[t]), by_year[t], m.zero) <= m.total_budget[t])


def add_spend_floor(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""In each year with a spend floor, spending from the sources counted in the total budget reaches it.

    .. math::
        \sum_{p} \sum_{\sigma \in A_B} f_{p\sigma t} \ge L_t \quad \forall t \in Y_L

    The same sum as the total budget's (:math:`A_B`: the annual sources counted in it), so money
    set apart (e.g. MOD's research money beside the civil budget) adds to the floor's sources
    instead of standing in for them. :math:`Y_L` are the years whose Budget row gives a floor;
    :math:`L_t` is the mutable ``m.spend_floor[t]``: the Budget sheet's ``spend_floor`` × the
    budget's scale (it moves with the total budget, :meth:`PortfolioModel.set_budget`). Without
    a floor in any year the rows are not built.
    """
    floors = {t: f for t, f in zip(ix.years, data.spend_floors) if f is not None}
    if not floors:
        return
    annual = data.budget_sources
    m.spend_floor = pyo.Param(list(floors), mutable=True, initialize=floors)
    by_year: dict[int, list] = {t: [] for t in floors}
    for f, v in zip(ix.flows, var_list(m.pay)):
        if f[1] in annual and f[2] in by_year:
            by_year[f[2]].append(v)
    m.spend_floor_limit = pyo.Constraint(
        list(floors), rule=lambda _, t: lin([1.0] * len(by_year[t]), by_year[t], m.zero) >= m.spend_floor[t])


def add_source_envelope(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Annual and external sources pay at most their envelope each year.

    .. math::
        \sum_{p} f_{p\sigma t} \le E_{\sigma t} \quad \forall \sigma \in A \cup X,\ t \in Y

    :math:`E_{\sigma t}` is the mutable ``m.envelope[σ, t]``.
    """
    years = ix.years
    m.envelope = pyo.Param([(s.id, t) for s in data.sources for t in years], mutable=True,
                           initialize={(s.id, t): s.envelope[j] for s in data.sources for j, t in enumerate(years)})
    terms: dict[tuple[str, int], list] = {}
    for f, v in zip(ix.flows, var_list(m.pay)):
        terms.setdefault((f[1], f[2]), []).append(v)
    keys = [(s.id, t) for s in data.sources if s.kind != "fund" for t in years if (s.id, t) in terms]
    m.source_envelope = pyo.Constraint(
        keys, rule=lambda _, s, t: lin([1.0] * len(terms[s, t]), terms[s, t]) <= m.envelope[s, t])


def add_fund_balance(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""A fund (基金) never pays out more than has been deposited so far.

    .. math::
        \sum_{\tau \le t} \sum_{p} f_{p\sigma\tau} \le \sum_{\tau \le t} D_{\sigma\tau}
        \quad \forall \sigma \in \Phi,\ t \in Y

    :math:`D_{\sigma t}` is the fund's deposit in year *t* (its envelope, ``m.envelope``), so an
    unspent balance carries over to later years.
    """
    years = ix.years
    funds = [s for s in data.sources if s.kind == "fund"]
    terms: dict[tuple[str, int], list] = {}
    for f, v in zip(ix.flows, var_list(m.pay)):
        terms.setdefault((f[1], f[2]), []).append(v)
    keys = []
    for s in funds:
        if any((s.id, t) in terms for t in years):
            keys.extend((s.id, t) for t in years)

    def rule(_, s, t):
        pays = [v for tau in years if tau <= t for v in terms.get((s, tau), [])]
        if not pays:
            return pyo.Constraint.Skip
        return lin([1.0] * len(pays), pays) <= sum(m.envelope[s, tau] for tau in years if tau <= t)

    m.fund_balance = pyo.Constraint(keys, rule=rule)


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _total_budget(plan: Plan) -> Iterator[Usage]:
    for y, used, budget in zip(plan.ix.years, plan.annual_spend, plan.data.budget):
        yield Usage("", y, float(used), float(budget))


def _spend_floor(plan: Plan) -> Iterator[Usage]:
    for y, used, floor in zip(plan.ix.years, plan.annual_spend, plan.data.spend_floors):
        if floor is not None:
            yield Usage("", y, float(used), float(floor))


def _source_envelope(plan: Plan) -> Iterator[Usage]:
    for i, s in enumerate(plan.data.sources):
        if s.kind != "fund":
            for j, y in enumerate(plan.ix.years):
                yield Usage(s.id, y, float(plan.spend_by_source_year[i, j]), float(s.envelope[j]), i)


def _fund_balance(plan: Plan) -> Iterator[Usage]:
    for i, s in enumerate(plan.data.sources):
        if s.kind == "fund":
            paid, deposited = np.cumsum(plan.spend_by_source_year[i]), np.cumsum(s.envelope)
            for j, y in enumerate(plan.ix.years):
                yield Usage(s.id, y, float(paid[j]), float(deposited[j]), i)


def _budget_members(data: ModelData) -> list[tuple[str, int, tuple]]:
    return [("", 0, tuple(data.budget))]


def _source_members(funds: bool) -> Callable[[ModelData], list[tuple[str, int, tuple]]]:
    def members(data: ModelData) -> list[tuple[str, int, tuple]]:
        return [(s.id, i, s.envelope) for i, s in enumerate(data.sources) if (s.kind == "fund") == funds]
    return members


def _budget_moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
    """A year's budget is the total budget row's bound, and a share of the share-based domain limits'."""
    return ([("total_budget_limit", (year,), 1.0)]
            + [("domain_floor_share", (d.id,), d.floor_share) for d in data.domains if d.floor_share]
            + [("domain_ceiling_share", (d.id,), d.ceiling_share) for d in data.domains
               if d.ceiling_share is not None])


def _fund_moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
    """A fund's deposit in one year raises its balance in that year and every later one."""
    return [("fund_balance", (key, y), 1.0) for y in data.years if y >= year]


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = (
    (("total_budget_limit",), add_total_budget),
    (("spend_floor_limit",), add_spend_floor),
    (("source_envelope",), add_source_envelope),
    (("fund_balance",), add_fund_balance),
)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (
    LimitFamily("total_budget", "total_budget_limit", _total_budget, 0, parameter="total_budget",
                members=_budget_members, moves=_budget_moves),
    LimitFamily("spend_floor", "spend_floor_limit", _spend_floor, 0, lower=True),
    LimitFamily("source_envelope", "source_envelope", _source_envelope, 1, parameter="envelope",
                members=_source_members(funds=False), moves=same_row("source_envelope")),
    LimitFamily("fund_balance", "fund_balance", _fund_balance, 1, parameter="envelope",
                members=_source_members(funds=True), moves=_fund_moves),
)
