"""The parts every limit family is declared with: :class:`LimitFamily`, what a plan uses of it
(:class:`Usage`) and the plan's spend and use computed once (:class:`Plan`).

Each constraint module declares its own limit families next to its builders (``LIMITS``), and the
rules among its rows (``RULES``); :mod:`portfolio.model.families` gathers them into the registry the
rest of the tool reads. See that module for what a family declares.
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


def same_row(component: str) -> Callable[[ModelData, str, int], list[tuple[str, tuple, float]]]:
    def moves(data: ModelData, key: str, year: int) -> list[tuple[str, tuple, float]]:
        return [(component, (key, year), 1.0)]
    return moves
