"""Money limits: the total budget per year, each source's envelope, and fund balances over the years."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
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
