"""Validated, immutable input data: what the model is built from.

Nothing here reads files or builds constraints. Objects are frozen dataclasses; changing one
(a scenario override, a budget scale) means making a new one with :func:`dataclasses.replace`,
so a loaded model can be reused safely for many scenarios. Money is in 億円 throughout.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Sequence

from .errors import Message


def floor_at_scale(floor: float, scale: float) -> float:
    """A spend floor stated at budget scale 1, at budget `scale`: it comes down with a smaller budget
    (at ×0.8, 0.8 × the floor, so it never exceeds the budget it was stated under) and does not rise
    with a larger one (a floor is the least that must be spent, not a share of what may be)."""
    return floor * min(scale, 1.0)


@dataclass(frozen=True)
class Settings:
    first_year: int
    last_year: int
    model_name: str = ""
    money_unit: str = "億円"
    late_start_discount: float = 0.0
    allow_tail: bool = False
    tail_cap: float | None = None
    time_limit: float = 60.0
    mip_gap: float = 1e-4
    confidentiality: str = ""
    private_investment_floor: float | None = None   # 億円 of private co-investment over the horizon, at least


@dataclass(frozen=True)
class Criterion:
    id: str
    name_ja: str
    name_en: str = ""
    weight: float = 1.0
    weight_low: float | None = None
    weight_high: float | None = None
    rank: int | None = None
    row: int | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" or not self.name_en else self.name_en


@dataclass(frozen=True)
class Domain:
    id: str
    name_ja: str
    group: str
    name_en: str = ""
    floor: float | None = None
    ceiling: float | None = None
    floor_share: float | None = None
    ceiling_share: float | None = None
    critical_mass: float | None = None
    row: int | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" or not self.name_en else self.name_en


@dataclass(frozen=True)
class FundingSource:
    id: str
    name_ja: str
    kind: str                       # "annual" | "fund" | "external"
    envelope: tuple[float, ...]     # per horizon year; a fund's deposit that year
    name_en: str = ""
    previous_year: float | None = None
    in_total_budget: bool = True    # an annual source counted in the total budget (False: its own money on top)
    match_ratio: float | None = None  # an external source that matches: pays ≤ ratio × the Japanese sources' pay
    row: int | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" or not self.name_en else self.name_en

    @property
    def counts_in_budget(self) -> bool:
        """Whether what this source pays counts toward the total budget (Budget sheet)."""
        return self.kind == "annual" and self.in_total_budget

    @property
    def japanese(self) -> bool:
        """Japanese public money (a ministry's budget or a fund), which a partner's match follows."""
        return self.kind != "external"


@dataclass(frozen=True)
class EligibilityRule:
    source: str
    target_type: str                # "program" | "instrument" | "domain" | "all"
    target: str
    max_share: float
    row: int | None = None


@dataclass(frozen=True)
class Level:
    id: str
    cost: tuple[float, ...]                   # by program year 1..duration
    scores: dict[str, float]                  # criterion id -> score
    score_low: dict[str, float] = field(default_factory=dict)
    score_high: dict[str, float] = field(default_factory=dict)
    use: dict[str, float] = field(default_factory=dict)   # capacity id -> use per active year
    gain: dict[str, tuple[float, int]] = field(default_factory=dict)  # capacity id -> (capacity created, lag)
    row: int | None = None

    @property
    def life_cost(self) -> float:
        return float(sum(self.cost))


@dataclass(frozen=True)
class Program:
    id: str
    name_ja: str
    domain: str
    lead: str
    earliest_start: int
    latest_start: int
    duration: int
    levels: tuple[Level, ...]
    shares: dict[str, float]        # resolved eligibility: source id -> max share of yearly cost
    name_en: str = ""
    instrument: str = ""
    mandatory: bool = False
    forbidden: bool = False
    ongoing: bool = False
    previous_year: float | None = None
    private_leverage: float = 0.0   # 億円 of private co-investment attracted per 億円 of the program's cost
    note: str = ""
    lock_level: str | None = None   # scenario lock: level id
    lock_start: int | None = None   # scenario lock: start year
    row: int | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" or not self.name_en else self.name_en

    def level(self, level_id: str) -> Level:
        for lv in self.levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)

    @property
    def fundable(self) -> bool:
        """Eligible sources can cover the whole yearly cost."""
        return sum(self.shares.values()) >= 1 - 1e-9


@dataclass(frozen=True)
class Capacity:
    id: str
    name_ja: str
    capacity: tuple[float, ...]     # per horizon year
    name_en: str = ""
    unit: str = ""
    row: int | None = None

    def name(self, lang: str) -> str:
        return self.name_ja if lang == "ja" or not self.name_en else self.name_en


@dataclass(frozen=True)
class Dependency:
    kind: str                       # "requires" | "excludes" | "at_least" | "at_most"
    program: str = ""
    target: str = ""
    members: tuple[str, ...] = ()
    k: int | None = None
    lag: int = 0
    row: int | None = None


@dataclass(frozen=True)
class GateOption:
    """A follow-on option after a gate outcome: its cost from the year after the gate, its scores."""

    id: str
    cost: tuple[float, ...]                   # by follow-on year 1..n (the first is the year after the gate)
    scores: dict[str, float]                  # criterion id -> score
    level: str = ""                           # the gated program's level it takes after ("" for none)
    use: dict[str, float] = field(default_factory=dict)   # capacity id -> use per active year (from the level)
    row: int | None = None


@dataclass(frozen=True)
class GateOutcome:
    id: str
    probability: float
    options: tuple[GateOption, ...] = ()      # stopping is always possible and not listed
    name_ja: str = ""
    name_en: str = ""
    row: int | None = None

    def name(self, lang: str) -> str:
        if lang == "ja":
            return self.name_ja or self.id
        return self.name_en or self.name_ja or self.id


@dataclass(frozen=True)
class Gate:
    """A stage gate on a program: its outcome is known at the end of `year` (see portfolio.model.gates)."""

    program: str
    year: int
    outcomes: tuple[GateOutcome, ...]
    group: str = ""                           # gates of one group share one outcome; "" = independent
    row: int | None = None

    @property
    def event(self) -> str:
        """The uncertain event whose outcome this gate reveals: its group, or the gate itself."""
        return f"group:{self.group}" if self.group else f"gate:{self.program}"

    def outcome(self, outcome_id: str) -> GateOutcome:
        for o in self.outcomes:
            if o.id == outcome_id:
                return o
        raise KeyError(outcome_id)


@dataclass(frozen=True)
class Override:
    """One scenario override as applied: what it set, to what, and where it came from."""

    key: str                        # e.g. "weights.autonomy", "budget.scale", "programs.P01.force"
    value: object
    origin: str                     # file and line, or Scenarios-sheet row


@dataclass(frozen=True)
class ModelData:
    path: str
    settings: Settings
    budget: tuple[float, ...]       # total budget per horizon year, after any scaling
    criteria: tuple[Criterion, ...]
    domains: tuple[Domain, ...]
    sources: tuple[FundingSource, ...]
    programs: tuple[Program, ...]
    capacities: tuple[Capacity, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()
    budget_previous: float | None = None
    #: the least spent per horizon year from the sources counted in the total budget (None: no
    #: floor that year), as stated at budget scale 1; :attr:`spend_floors` is what binds at `scale`
    spend_floor: tuple[float | None, ...] = ()
    scenario_rows: tuple = ()       # raw Scenarios-sheet rows, read by portfolio.inputs.scenario
    warnings: tuple[Message, ...] = ()
    scenario: str = ""
    overrides: tuple[Override, ...] = ()
    scale: float = 1.0
    base_budget: tuple[float, ...] = ()   # before --scale, for the record
    gates: tuple[Gate, ...] = ()    # stage gates (Gates, GateOptions sheets); see portfolio.model.gates

    # -- derived views (computed once per object) ---------------------------------------------
    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.settings.first_year, self.settings.last_year + 1))

    @cached_property
    def weights(self) -> dict[str, float]:
        """Criterion weights normalised to sum to 1."""
        total = sum(c.weight for c in self.criteria)
        return {c.id: c.weight / total for c in self.criteria}

    @cached_property
    def program_by_id(self) -> dict[str, Program]:
        return {p.id: p for p in self.programs}

    @cached_property
    def domain_by_id(self) -> dict[str, Domain]:
        return {d.id: d for d in self.domains}

    @cached_property
    def source_by_id(self) -> dict[str, FundingSource]:
        return {s.id: s for s in self.sources}

    @cached_property
    def capacity_by_id(self) -> dict[str, Capacity]:
        return {c.id: c for c in self.capacities}

    @cached_property
    def criterion_by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    @cached_property
    def budget_sources(self) -> frozenset[str]:
        """The sources whose spending counts toward the total budget: annual ones, unless set apart."""
        return frozenset(s.id for s in self.sources if s.counts_in_budget)

    @property
    def spend_floors(self) -> tuple[float | None, ...]:
        """The spend floor per year at this model's budget scale (:func:`floor_at_scale`)."""
        floors = self.spend_floor or (None,) * len(self.years)
        return tuple(None if f is None else floor_at_scale(f, self.scale) for f in floors)

    @property
    def budget_total(self) -> float:
        return float(sum(self.budget))

    def with_scale(self, scale: float) -> "ModelData":
        """The model with every year's total budget set to `scale` × the budget before scaling.

        Scaling is relative to the scenario's budget (``base_budget``), never compounded, so a sweep
        can call this for each step. Envelopes and absolute floors are unchanged; share-based
        floors follow the budget because the model computes them from it, and the spend floor
        because it is stated at scale 1 (:attr:`spend_floors`: down with a smaller budget only)."""
        base = self.base_budget or self.budget
        return replace(self, budget=tuple(b * scale for b in base), base_budget=base, scale=scale)


#: Words in the status column of a model's sources sheet that mark a figure as an illustrative assumption.
ILLUSTRATIVE_MARKS = ("例示", "illustrative", "仮定", "assumption")


@dataclass
class SourcesSheet:
    """The rows of a model's free-form sources sheet (出典), as text."""

    sheet: str
    header: list[str]
    rows: list[list[str]]

    def illustrative(self, row: Sequence[str]) -> bool:
        status = (row[0] if row else "").lower()
        return any(m in status for m in ILLUSTRATIVE_MARKS)


def start_options(p: Program, first: int, last: int, allow_tail: bool) -> tuple[list[int], list[int]]:
    """Start years the program may take, and those dropped because they would run past the horizon."""
    if p.ongoing:
        starts = [first]
    else:
        starts = list(range(p.earliest_start, min(p.latest_start, last) + 1))
    if p.lock_start is not None:
        starts = [s for s in starts if s == p.lock_start]
    if allow_tail:
        return starts, []
    keep = [s for s in starts if s + p.duration - 1 <= last]
    return keep, [s for s in starts if s not in keep]
