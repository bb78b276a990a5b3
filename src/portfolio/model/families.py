"""The limit families of the model, declared once: the registry every other part reads.

A *limit* is a row family a planner sets and can move: the total budget, a source's envelope, a
fund's balance, a capacity, a domain's floor or ceiling or critical mass, a group count, the cap
on commitments past the horizon, the floor on private co-investment. Each is a :class:`LimitFamily` here, with

* ``id``: its name in result tables, JSON and messages (``total_budget``);
* ``component``: the Pyomo constraint component that holds its rows (``total_budget_limit``;
  ``docs/formulation.md`` has a section of that name, and :data:`portfolio.model.build.FAMILIES`
  builds it);
* ``parameter``: the mutable Pyomo parameter re-solves move (``total_budget``, ``envelope``,
  ``capacity``), if any;
* ``lower``: whether it is a floor (what is used must reach it) rather than a ceiling;
* ``usage``: how much of it a plan uses, row by row (:class:`Usage`: key, year, used, limit);
* its words, in the one message catalogue (:mod:`portfolio.core.i18n`) under keys derived from
  the id and the component: ``family.<id>`` (its label: 総予算 / total budget),
  ``family.<id>.one`` (one row of it in a sentence: 「{year}の総予算」), ``infeas.<component>``
  (the infeasibility sentence) and ``iis.<component>`` (its phrase in an IIS).

Everything else (result tables, infeasibility explanations, sensitivity analysis, ``explain``,
the Excel writers, the report) reads limits from :data:`LIMITS`. Adding a family touches two
files: its constraint module (builder and declaration) and the message catalogue; a test checks
that every family has its words in both languages and its section in ``docs/formulation.md``.

Rows that are not limits (one choice per program, costs paid in full, eligible shares, a partner's
match, domain spend, requires, excludes) are *rules*: fixed by the input, never relaxed by the infeasibility
explainer, listed in :data:`RULES` with their IIS phrases (``iis.<component>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator

import numpy as np

from ..core.data import ModelData
from .index import ModelIndex

#: Rows within this relative distance of their limit count as tight.
TIGHT_RTOL = 1e-6


@dataclass(frozen=True)
class Usage:
    """One row of a limit on one plan: what the plan uses of it and the limit itself."""

    key: str                # the source, capacity or domain id; group members "A,B"; "" for the total budget
    year: int | None        # None for limits over the whole horizon
    used: float
    limit: float
    position: int = 0       # of the source, capacity, domain or dependency in the input (the table's order)


class Plan:
    """What a plan (one 0/1 choice per option and one payment per flow) spends and uses, computed
    once for every limit family's :attr:`LimitFamily.usage`."""

    def __init__(self, data: ModelData, ix: ModelIndex, choose: np.ndarray, pay: np.ndarray):
        self.data, self.ix = data, ix
        self.choose = np.asarray(choose, dtype=float)
        self.pay = np.asarray(pay, dtype=float)

    @cached_property
    def chosen(self) -> dict[str, int]:
        """Funded program → its chosen option."""
        return {self.ix.option_program[k]: int(k) for k in np.nonzero(self.choose > 0.5)[0]}

    @cached_property
    def spend_by_source_year(self) -> np.ndarray:
        """(sources × years) 億円 paid, sources in input order."""
        data, ix = self.data, self.ix
        out = np.zeros((len(data.sources), len(ix.years)))
        s_pos = {s.id: i for i, s in enumerate(data.sources)}
        y_pos = {y: j for j, y in enumerate(ix.years)}
        for (_, s, t), v in zip(ix.flows, self.pay):
            out[s_pos[s], y_pos[t]] += v
        return out

    @cached_property
    def annual_spend(self) -> np.ndarray:
        """Per year, 億円 paid from the annual (ministry) sources counted in the total budget: what
        the total budget caps."""
        counted = np.array([s.counts_in_budget for s in self.data.sources], dtype=bool)
        return self.spend_by_source_year[counted].sum(axis=0) if len(counted) \
            else np.zeros(len(self.ix.years))

    @cached_property
    def outside_budget_spend(self) -> np.ndarray:
        """Per year, 億円 paid from annual sources set apart from the total budget (their own envelope
        caps them, e.g. MOD's research money beside the civil budget)."""
        apart = np.array([s.kind == "annual" and not s.in_total_budget for s in self.data.sources], dtype=bool)
        return self.spend_by_source_year[apart].sum(axis=0) if len(apart) else np.zeros(len(self.ix.years))

    @cached_property
    def domain_spend(self) -> dict[str, float]:
        """Each domain's spend over the horizon (the cost inside the horizon of its funded programs)."""
        prog = self.data.program_by_id
        out = {d.id: 0.0 for d in self.data.domains}
        per_year = {d.id: np.zeros(len(self.ix.years)) for d in self.data.domains}
        for p, k in self.chosen.items():
            per_year[prog[p].domain] += self.ix.cost[k]
        for d, v in per_year.items():
            out[d] = float(v.sum())
        return out

    @cached_property
    def capacity_use(self) -> dict[str, np.ndarray]:
        """Each capacity's use per year by the running programs."""
        prog = self.data.program_by_id
        use = {c.id: np.zeros(len(self.ix.years)) for c in self.data.capacities}
        for k in self.chosen.values():
            p, lv, _ = self.ix.options[k]
            for r, u in prog[p].level(lv).use.items():
                use[r] += u * self.ix.active[k]
        return use

    @cached_property
    def capacity_created(self) -> dict[str, np.ndarray]:
        """Each capacity's amount created by the funded programs, per year (CapacityGain: from the
        start plus the lag to the end of the horizon)."""
        prog = self.data.program_by_id
        first = self.ix.years[0]
        years = np.arange(first, first + len(self.ix.years))
        out = {c.id: np.zeros(len(self.ix.years)) for c in self.data.capacities}
        for k in self.chosen.values():
            p, lv, s = self.ix.options[k]
            for r, (g, lag) in prog[p].level(lv).gain.items():
                out[r] += g * (years >= s + lag)
        return out

    @cached_property
    def private_investment(self) -> float:
        """The private co-investment the funded programs attract inside the horizon (億円): each
        program's private leverage × its cost inside the horizon."""
        prog = self.data.program_by_id
        return float(sum(prog[p].private_leverage * self.ix.cost[k].sum() for p, k in self.chosen.items()))

    @cached_property
    def public_cost(self) -> float:
        """The funded programs' cost inside the horizon, from every source (億円): what the leverage
        ratio divides the private co-investment by."""
        return float(sum(self.ix.cost[k].sum() for k in self.chosen.values()))

    @property
    def leverage_ratio(self) -> float | None:
        """Private co-investment per 億円 of the portfolio's cost (None for an empty portfolio)."""
        return self.private_investment / self.public_cost if self.public_cost > 0 else None

    @cached_property
    def tail_total(self) -> float:
        return float(sum(self.ix.tail[k] for k in self.chosen.values()))


@dataclass(frozen=True)
class LimitFamily:
    id: str
    component: str
    usage: Callable[[Plan], Iterator[Usage]]
    entity: int             # what its rows are about, in the table's order: 0 budget, 1 source, 2 capacity,
    #                         3 domain, 4 the horizon as a whole (tail, private co-investment), 5 dependency
    parameter: str | None = None
    lower: bool = False
    #: For a limit with a parameter: its members (key, position in the input, the stated value per
    #: year), and the rows whose bounds move with one (key, year) of it, with ∂bound/∂limit.
    members: Callable[[ModelData], list[tuple[str, int, tuple]]] | None = None
    moves: Callable[[ModelData, str, int], list[tuple[str, tuple, float]]] | None = None

    @property
    def label_key(self) -> str:
        return f"family.{self.id}"

    def parameter_index(self, key: str, year: int | None):
        """The index of :attr:`parameter` for the row (key, year): the year for the total budget,
        (source or capacity, year) for envelopes, fund deposits and capacities."""
        if self.parameter is None:
            raise KeyError(f"the {self.id} limit has no parameter re-solves can move")
        return year if self.parameter == "total_budget" else (key, year)

    def stated(self, data: ModelData, key: str, year: int | None) -> float:
        """The limit as the input states it (before any change by a re-solve): for a fund, that
        year's deposit (the parameter a re-solve moves)."""
        return stated_value(data, self.parameter, self.parameter_index(key, year))

    def key_name(self, data: ModelData, key: str, lang: str) -> str:
        """The row's source, capacity or domain by name (its id if unknown; group members as listed)."""
        table = {1: data.source_by_id, 2: data.capacity_by_id, 3: data.domain_by_id}.get(self.entity, {})
        return table[key].name(lang) if key in table else key

    @property
    def row_key(self) -> str:
        """Catalogue key naming one row of the family in a sentence (its parameters: year, key)."""
        return f"family.{self.id}.one"

    def row(self, u: Usage) -> dict:
        """One row of the result's limit table: what is used, the limit, the slack and whether it is tight."""
        slack = (u.used - u.limit) if self.lower else (u.limit - u.used)
        tight = abs(slack) <= TIGHT_RTOL * max(1.0, abs(u.limit))
        return dict(family=self.id, key=u.key, year=u.year, used=float(u.used), limit=float(u.limit),
                    slack=float(slack), tight=bool(tight))


# -- how much of each limit a plan uses ------------------------------------------------------------


def _total_budget(plan: Plan) -> Iterator[Usage]:
    for y, used, budget in zip(plan.ix.years, plan.annual_spend, plan.data.budget):
        yield Usage("", y, float(used), float(budget))


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


def _capacity(plan: Plan) -> Iterator[Usage]:
    """The limit is the capacity there is without the portfolio plus what the funded programs create."""
    for i, c in enumerate(plan.data.capacities):
        use, created = plan.capacity_use[c.id], plan.capacity_created[c.id]
        for j, y in enumerate(plan.ix.years):
            yield Usage(c.id, y, float(use[j]), float(c.capacity[j] + created[j]), i)


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


def _tail_cap(plan: Plan) -> Iterator[Usage]:
    st = plan.data.settings
    if st.allow_tail and st.tail_cap is not None:
        yield Usage("", None, plan.tail_total, st.tail_cap)


def _private_investment(plan: Plan) -> Iterator[Usage]:
    floor = plan.data.settings.private_investment_floor
    if floor is not None:
        yield Usage("", None, plan.private_investment, float(floor))


def _group(kind: str) -> Callable[[Plan], Iterator[Usage]]:
    def usage(plan: Plan) -> Iterator[Usage]:
        for i, dep in enumerate(plan.data.dependencies):
            if dep.kind == kind:
                yield Usage(",".join(dep.members), None, sum(m in plan.chosen for m in dep.members), dep.k, i)
    return usage


# -- who a limit with a parameter is set for, and which rows move with it -------------------------


def _budget_members(data: ModelData) -> list[tuple[str, int, tuple]]:
    return [("", 0, tuple(data.budget))]


def _source_members(funds: bool) -> Callable[[ModelData], list[tuple[str, int, tuple]]]:
    def members(data: ModelData) -> list[tuple[str, int, tuple]]:
        return [(s.id, i, s.envelope) for i, s in enumerate(data.sources) if (s.kind == "fund") == funds]
    return members


def _capacity_members(data: ModelData) -> list[tuple[str, int, tuple]]:
    return [(c.id, i, c.capacity) for i, c in enumerate(data.capacities)]


def _budget_moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
    """A year's budget is the total budget row's bound, and a share of the share-based domain limits'."""
    return ([("total_budget_limit", (year,), 1.0)]
            + [("domain_floor_share", (d.id,), d.floor_share) for d in data.domains if d.floor_share]
            + [("domain_ceiling_share", (d.id,), d.ceiling_share) for d in data.domains
               if d.ceiling_share is not None])


def _fund_moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
    """A fund's deposit in one year raises its balance in that year and every later one."""
    return [("fund_balance", (key, y), 1.0) for y in data.years if y >= year]


def _same_row(component: str) -> Callable[[ModelData, str, int], list[tuple[str, tuple, float]]]:
    def moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
        return [(component, (key, year), 1.0)]
    return moves


#: Every limit family, in the order result tables list them.
LIMITS: tuple[LimitFamily, ...] = (
    LimitFamily("total_budget", "total_budget_limit", _total_budget, 0, parameter="total_budget",
                members=_budget_members, moves=_budget_moves),
    LimitFamily("source_envelope", "source_envelope", _source_envelope, 1, parameter="envelope",
                members=_source_members(funds=False), moves=_same_row("source_envelope")),
    LimitFamily("fund_balance", "fund_balance", _fund_balance, 1, parameter="envelope",
                members=_source_members(funds=True), moves=_fund_moves),
    LimitFamily("capacity", "capacity_limit", _capacity, 2, parameter="capacity",
                members=_capacity_members, moves=_same_row("capacity_limit")),
    LimitFamily("domain_floor", "domain_floor", _domain_limit("floor", False), 3, lower=True),
    LimitFamily("domain_ceiling", "domain_ceiling", _domain_limit("ceiling", False), 3),
    LimitFamily("domain_floor_share", "domain_floor_share", _domain_limit("floor_share", True), 3, lower=True),
    LimitFamily("domain_ceiling_share", "domain_ceiling_share", _domain_limit("ceiling_share", True), 3),
    LimitFamily("critical_mass", "critical_mass", _critical_mass, 3, lower=True),
    LimitFamily("tail_cap", "tail_cap", _tail_cap, 4),
    LimitFamily("private_investment_floor", "private_investment_floor", _private_investment, 4, lower=True),
    LimitFamily("group_at_least", "group_count", _group("at_least"), 5, lower=True),
    LimitFamily("group_at_most", "group_count", _group("at_most"), 5),
)
LIMITS_BY_ID = {f.id: f for f in LIMITS}
#: Pyomo components whose rows are limits (relaxed by the infeasibility explainer); the rest are rules.
LIMIT_COMPONENTS = tuple(dict.fromkeys(f.component for f in LIMITS))
#: Rows that are rules, not limits, with an IIS phrase each (``iis.<component>``).
RULES = ("one_choice", "requires", "excludes", "share_cap", "partner_match", "cost_covered")

BINDING_COLUMNS = ["family", "key", "year", "used", "limit", "slack", "tight"]


def parameter_limits(data: ModelData) -> list[tuple[LimitFamily, str, int, float]]:
    """Every (family, key, year, stated value) of the limits re-solves can move, in the order of the
    result's limit table (the budget, then each source and capacity in input order, then year)."""
    keyed = []
    for i, fam in enumerate(LIMITS):
        if fam.members is None:
            continue
        for key, position, series in fam.members(data):
            for j, y in enumerate(data.years):
                keyed.append(((fam.entity, position, i, y), (fam, key, y, float(series[j]))))
    keyed.sort(key=lambda kv: kv[0])
    return [v for _, v in keyed]


def stated_value(data: ModelData, parameter: str, index) -> float:
    """A limit parameter's value as the input states it: ``total_budget[year]``,
    ``envelope[(source, year)]`` (a fund's deposit that year) or ``capacity[(capacity, year)]``."""
    j = data.years.index(index[-1] if isinstance(index, tuple) else index)
    if parameter == "total_budget":
        return float(data.budget[j])
    if parameter == "envelope":
        return float(data.source_by_id[index[0]].envelope[j])
    if parameter == "capacity":
        return float(data.capacity_by_id[index[0]].capacity[j])
    raise KeyError(parameter)


def limit_rows(plan: Plan) -> list[dict]:
    """Every limit's rows on `plan`: the result's limit table (:data:`BINDING_COLUMNS`), by what the
    rows are about (the budget, then each source, capacity and domain in input order, the tail, each
    dependency), then family, then year."""
    keyed = []
    for i, fam in enumerate(LIMITS):
        for u in fam.usage(plan):
            keyed.append(((fam.entity, u.position, i, u.year if u.year is not None else 0), fam.row(u)))
    keyed.sort(key=lambda kr: kr[0])
    return [row for _, row in keyed]
