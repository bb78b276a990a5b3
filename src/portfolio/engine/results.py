"""Solution tables: what was funded, who pays, and how each limit stands, as pandas DataFrames.

A :class:`Result` is computed from the validated data, the model index and one solve outcome
(numbers only); it never reaches back into the Pyomo model. Writers (Excel, JSON, reports) read
a Result and nothing else. Money is in 億円.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pyomo.common.gc_manager import PauseGC

from ..core.data import ModelData
from ..core.numbers import json_number as _num
from ..model.families import BINDING_COLUMNS, Plan, limit_rows
from ..model.index import ModelIndex
from .solver import SolveOptions, SolveOutcome


@dataclass
class Result:
    data: ModelData
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    mip_gap_target: float
    time_limit: float
    options: SolveOptions
    versions: dict[str, str]
    programs: pd.DataFrame
    allocation: pd.DataFrame
    domains: pd.DataFrame
    sources: pd.DataFrame
    ministries: pd.DataFrame
    years: pd.DataFrame
    capacities: pd.DataFrame
    binding: pd.DataFrame
    tail: pd.DataFrame
    criteria: pd.DataFrame
    message: str = ""
    explanation: list = field(default_factory=list)      # Messages, rendered in the output language
    wall_seconds: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    settlement: Any = None      # engine.payments.Settlement: how the payments were settled (None without a plan)
    tie: Any = None             # analysis.ties.Tie: whether another plan has the same value (None: not checked)
    private_investment: float | None = None     # 億円 of private co-investment the plan attracts (呼び水)
    leverage_ratio: float | None = None         # … per 億円 of the plan's cost inside the horizon

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def funded(self) -> pd.DataFrame:
        return self.programs[self.programs["funded"]]

    @property
    def spend_total(self) -> float:
        """Spending from annual sources over the horizon (comparable with the total budget)."""
        return float(self.years["annual_spend"].sum()) if len(self.years) else 0.0

    def portfolio(self) -> tuple[tuple[str, str, int], ...]:
        """The choice as (program, level, start) triples: what "the same portfolio" compares."""
        f = self.funded
        return tuple(zip(f["id"], f["level"], f["start_year"].astype(int)))

    def to_json(self, output: str | None = None, lang: str = "ja") -> dict[str, Any]:
        d = self.data
        terms = self.score_terms()
        out: dict[str, Any] = {
            "status": self.status,
            "objective": _num(self.objective),
            "bound": _num(self.bound),
            "gap": _num(self.gap),
            "mip_gap_target": self.mip_gap_target,
            "solve_seconds": round(self.solve_seconds, 4),
            "time_limit": self.time_limit,
            "budget_total": round(d.budget_total, 6),
            "spend_total": round(self.spend_total, 6) if self.has_solution else None,
            "budget_scale": d.scale,
            "scenario": d.scenario or None,
            "overrides": [{"key": o.key, "value": _plain(o.value), "origin": o.origin} for o in d.overrides],
            "weights": {c.id: round(w, 10) for c, w in zip(d.criteria, d.weights.values())},
            "weights_normalised": True,
            "spend_by_domain": _series(self.domains.set_index("id")["total"]) if self.has_solution else {},
            "spend_by_source": _series(self.sources.set_index("id")["total"]) if self.has_solution else {},
            "spend_by_ministry": _series(self.ministries.set_index("id")["total"]) if self.has_solution else {},
            "criteria_contributions": ({r.id: round(float(r.contribution), 9) for r in self.criteria.itertuples()}
                                       if self.has_solution else {}),
            "private_investment": _num(self.private_investment),
            "leverage_ratio": _num(self.leverage_ratio),
            "spend_by_year": ({str(int(y)): round(float(v), 6) for y, v in zip(self.years["year"],
                                                                                self.years["total_spend"])}
                              if self.has_solution else {}),
            "programs": [
                {"id": r.id, "name": r.name_ja or r.name_en, "funded": bool(r.funded),
                 "level": r.level if r.funded else None,
                 "start_year": int(r.start_year) if r.funded else None,
                 "cost_total": round(float(r.cost_total), 6) if r.funded else 0,
                 "score_terms": terms.get(r.id)}
                for r in self.programs.itertuples()
            ],
            "versions": self.versions,
            "options": {"time_limit": self.options.time_limit, "mip_gap": self.options.mip_gap,
                        "threads": self.options.threads, "seed": self.options.seed},
            "confidentiality": d.settings.confidentiality,
            "output": output,
        }
        st = self.settlement
        out["payments"] = None if st is None else {"stage": st.stage, "priority": _num(st.priority),
                                                   "share_change": _num(st.share_change)}
        if self.tie is not None:
            out["tie"] = self.tie.to_json()
        out["warnings"] = [w.render(lang) for w in d.warnings]
        if self.message:
            out["message"] = self.message
        if self.explanation:
            out["explanation"] = [m.render(lang) for m in self.explanation]
        return out


    def score_terms(self) -> dict[str, dict[str, float]]:
        """Each funded program's value per criterion before weighting (score × late-start discount × share
        inside the horizon): Σ_c w_c × term_c is its value under any weights (``compare`` rescores a
        plan under the baseline's weights with them)."""
        f = self.funded
        return {pid: {c: round(float(v), 9) for c, v in zip(self.data.weights, vals)}
                for pid, vals in zip(f["id"], f[[f"term_{c}" for c in self.data.weights]].to_numpy().tolist())} \
            if len(f) else {}

    def names(self) -> dict[str, dict[str, list[str]]]:
        """Display names by id, [Japanese, English], for whoever reads the result without the data."""
        d = self.data
        return {kind: {x.id: [x.name_ja, x.name_en or x.name_ja] for x in items}
                for kind, items in (("programs", d.programs), ("domains", d.domains), ("sources", d.sources),
                                    ("criteria", d.criteria))}


def _plain(v):
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


def _series(s: pd.Series) -> dict[str, float]:
    return {str(k): round(float(v), 6) for k, v in s.items()}


def build_result(data: ModelData, ix: ModelIndex, outcome: SolveOutcome, options: SolveOptions,
                 versions: dict[str, str]) -> Result:
    """Compute every results table from one solve outcome."""
    with PauseGC():     # many small objects, no garbage: the cyclic collector would only slow it down
        return _build_result(data, ix, outcome, options, versions)


def _build_result(data: ModelData, ix: ModelIndex, outcome: SolveOutcome, options: SolveOptions,
                  versions: dict[str, str]) -> Result:
    has = outcome.has_solution and outcome.choose is not None
    plan = Plan(data, ix, outcome.choose if has else np.zeros(ix.n_options),
                outcome.pay if has else np.zeros(len(ix.flows)))
    alloc = _allocation(plan)
    programs = _programs(plan, _paid_by(alloc))
    years_df = _years(plan)
    domains = _domains(plan, programs)
    criteria = _criteria(plan, programs)
    binding = pd.DataFrame(limit_rows(plan), columns=BINDING_COLUMNS) if has \
        else pd.DataFrame(columns=BINDING_COLUMNS)
    return Result(data=data, status=outcome.status, objective=outcome.objective, bound=outcome.bound,
                  gap=outcome.gap, solve_seconds=outcome.seconds, wall_seconds=outcome.wall_seconds,
                  mip_gap_target=outcome.mip_gap_target, time_limit=outcome.time_limit, options=options,
                  versions=versions, programs=programs, allocation=alloc, domains=domains, sources=_sources(plan),
                  ministries=_ministries(plan, programs), years=years_df, capacities=_capacities(plan), binding=binding,
                  tail=_tail(plan), criteria=criteria, **_leverage(plan, has))


def mark_split_only(binding: pd.DataFrame, split_only: set[tuple[str, str, int]]) -> pd.DataFrame:
    """The limit table with a ``split_only`` column: True on a tight row that only the payment split
    makes tight (:mod:`portfolio.engine.tightness`), so that it reads "tight (payment split only)"
    and not as a limit the plan depends on."""
    out = binding.copy()
    out["split_only"] = [bool(tight) and (f, k, int(y)) in split_only if y == y and y is not None else False
                         for f, k, y, tight in zip(out["family"], out["key"], out["year"], out["tight"])]
    return out


def _leverage(plan: Plan, has: bool) -> dict[str, float | None]:
    """The portfolio's private co-investment (呼び水) and its ratio to the public cost: reported with
    every result, a criterion never (Programs.private_leverage, Settings.private_investment_floor)."""
    if not has:
        return {"private_investment": None, "leverage_ratio": None}
    return {"private_investment": plan.private_investment, "leverage_ratio": plan.leverage_ratio}


def _fy(plan: Plan) -> list[str]:
    return [f"FY{y}" for y in plan.ix.years]


def _allocation(plan: Plan) -> pd.DataFrame:
    """Program × source × year: every payment above 1e-9 億円."""
    if not len(plan.ix.flows):
        return pd.DataFrame(columns=["program", "source", "year", "amount"])
    alloc = pd.DataFrame(plan.ix.flows, columns=["program", "source", "year"])
    alloc["amount"] = plan.pay
    return alloc[alloc["amount"] > 1e-9].reset_index(drop=True)


def _paid_by(alloc: pd.DataFrame) -> dict[str, list[str]]:
    """Program → "source:amount" in source order, built in one pass."""
    paying = (alloc.groupby(["program", "source"], sort=True)["amount"].sum() if len(alloc)
              else pd.Series(dtype=float))
    paid_by: dict[str, list[str]] = {}
    if len(paying):
        for p_, s_, v in zip(paying.index.get_level_values(0), paying.index.get_level_values(1), paying.tolist()):
            paid_by.setdefault(p_, []).append(f"{s_}:{v:,.1f}")
    return paid_by


def _programs(plan: Plan, paid_by: dict[str, list[str]]) -> pd.DataFrame:
    data, ix = plan.data, plan.ix
    years, fy = list(ix.years), _fy(plan)
    w = np.array([data.weights[c] for c in ix.criteria])
    factor = ix.discount * ix.horizon_share
    prog_rows = []
    for p in data.programs:
        k = plan.chosen.get(p.id)
        row: dict[str, Any] = dict(id=p.id, name_ja=p.name_ja, name_en=p.name_en, domain=p.domain,
                                   instrument=p.instrument, lead=p.lead, mandatory=p.mandatory,
                                   forbidden=p.forbidden, ongoing=p.ongoing, funded=k is not None)
        if k is not None:
            _, lv, s = ix.options[k]
            row.update(level=lv, start_year=s, end_year=s + p.duration - 1, cost_total=float(ix.life_cost[k]),
                       cost_in_horizon=float(ix.cost[k].sum()), tail_cost=float(ix.tail[k]),
                       value=float(ix.scores[k] @ w * factor[k]))
            for j, y in enumerate(years):
                row[f"FY{y}"] = float(ix.cost[k, j])
            for c, wc, sc in zip(ix.criteria, w, ix.scores[k]):
                row[f"contrib_{c}"] = float(wc * sc * factor[k])
                row[f"term_{c}"] = float(sc * factor[k])
            row["paid_by"] = ", ".join(paid_by.get(p.id, ()))
        else:
            row.update(level=None, start_year=None, end_year=None, cost_total=0.0, cost_in_horizon=0.0,
                       tail_cost=0.0, value=0.0, paid_by="")
            for y in years:
                row[f"FY{y}"] = 0.0
            for c in ix.criteria:
                row[f"contrib_{c}"] = 0.0
                row[f"term_{c}"] = 0.0
        row["previous_year"] = p.previous_year
        row["change_vs_previous"] = (row[fy[0]] - p.previous_year) if p.previous_year is not None else None
        row["note"] = _program_note(p, ix)
        prog_rows.append(row)
    programs = pd.DataFrame(prog_rows)
    programs["funded"] = programs["funded"].astype(bool)
    return programs


def _years(plan: Plan) -> pd.DataFrame:
    """Per year: the total budget and the spend from the annual sources it caps, funds, external
    co-funding and ministries' money set apart from the total budget."""
    data = plan.data
    spend_src = plan.spend_by_source_year
    kinds = np.array([s.kind for s in data.sources])
    years_df = pd.DataFrame({
        "year": list(plan.ix.years),
        "total_budget": list(data.budget),
        "annual_spend": plan.annual_spend,
        "fund_spend": spend_src[kinds == "fund"].sum(axis=0) if len(kinds) else 0.0,
        "external_spend": spend_src[kinds == "external"].sum(axis=0) if len(kinds) else 0.0,
        "outside_budget_spend": plan.outside_budget_spend,
    })
    years_df["total_spend"] = years_df[["annual_spend", "fund_spend", "external_spend",
                                        "outside_budget_spend"]].sum(axis=1)
    years_df["budget_slack"] = years_df["total_budget"] - years_df["annual_spend"]
    # 対前年度: each year against the year before; the first against the workbook's previous-year total
    # budget (for spend: this year's request against last year's budget), or none without one.
    prev = data.budget_previous
    years_df["budget_change"] = years_df["total_budget"] - years_df["total_budget"].shift(1, fill_value=prev)
    years_df["annual_change"] = years_df["annual_spend"] - years_df["annual_spend"].shift(1, fill_value=prev)
    return years_df


def _domains(plan: Plan, programs: pd.DataFrame) -> pd.DataFrame:
    data, fy = plan.data, _fy(plan)
    cost_by_year = programs[fy].to_numpy() if len(programs) else np.zeros((0, len(fy)))
    dom_rows = []
    for d in data.domains:
        mask = (programs["domain"] == d.id).to_numpy()
        spend = cost_by_year[mask].sum(axis=0)
        prev_total, known, parts = previous_of([p for p in data.programs if p.domain == d.id])
        row = dict(id=d.id, name_ja=d.name_ja, name_en=d.name_en, group=d.group,
                   **{f: float(v) for f, v in zip(fy, spend)}, total=float(spend.sum()),
                   funded_programs=int(programs.loc[mask, "funded"].sum()),
                   floor=d.floor, ceiling=d.ceiling, floor_share=d.floor_share, ceiling_share=d.ceiling_share,
                   critical_mass=d.critical_mass, previous_year=prev_total, previous_known=known,
                   previous_parts=parts,
                   change_vs_previous=(float(spend[0]) - prev_total) if prev_total is not None else None)
        dom_rows.append(row)
    domains = pd.DataFrame(dom_rows)
    total_spend = float(domains["total"].sum()) if len(domains) else 0.0
    if len(domains):
        domains["share"] = domains["total"] / total_spend if total_spend > 0 else 0.0
    return domains


def _sources(plan: Plan) -> pd.DataFrame:
    fy = _fy(plan)
    spend_src = plan.spend_by_source_year
    src_rows = []
    for i, s in enumerate(plan.data.sources):
        row = dict(id=s.id, name_ja=s.name_ja, name_en=s.name_en, kind=s.kind,
                   **{f: float(v) for f, v in zip(fy, spend_src[i])}, total=float(spend_src[i].sum()),
                   envelope_total=float(sum(s.envelope)),
                   **{f"envelope_{f}": float(v) for f, v in zip(fy, s.envelope)},
                   previous_year=s.previous_year,
                   change_vs_previous=(float(spend_src[i, 0]) - s.previous_year)
                   if s.previous_year is not None else None)
        row["utilisation"] = row["total"] / row["envelope_total"] if row["envelope_total"] > 0 else None
        src_rows.append(row)
    return pd.DataFrame(src_rows)


def _ministries(plan: Plan, programs: pd.DataFrame) -> pd.DataFrame:
    """Per lead ministry (annual source leading some program): its programs' cost by year."""
    data, fy = plan.data, _fy(plan)
    cost_by_year = programs[fy].to_numpy() if len(programs) else np.zeros((0, len(fy)))
    min_rows = []
    for s in data.sources:
        if s.kind != "annual":
            continue
        mask = (programs["lead"] == s.id).to_numpy()
        if not mask.any():
            continue
        spend = cost_by_year[mask].sum(axis=0)
        prev_total, known, parts = previous_of([p for p in data.programs if p.lead == s.id])
        min_rows.append(dict(id=s.id, name_ja=s.name_ja, name_en=s.name_en,
                             **{f: float(v) for f, v in zip(fy, spend)}, total=float(spend.sum()),
                             funded_programs=int(programs.loc[mask, "funded"].sum()),
                             tail=float(programs.loc[mask, "tail_cost"].sum()),
                             previous_year=prev_total, previous_known=known, previous_parts=parts,
                             change_vs_previous=(float(spend[0]) - prev_total) if prev_total is not None else None))
    return pd.DataFrame(min_rows, columns=["id", "name_ja", "name_en", *fy, "total", "funded_programs", "tail",
                                           "previous_year", "previous_known", "previous_parts",
                                           "change_vs_previous"])


def previous_of(programs) -> tuple[float | None, int, int]:
    """The previous-year total of a group of programs (a domain, the programs a ministry leads), how
    many of them have a previous-year amount, and how many there are.

    The total is given only when every program of the group has one (0 counts: a new program): a
    sum of the few that are known is not the group's previous year, and comparing it with the
    whole group's first year would show growth that is only missing data."""
    known = [p.previous_year for p in programs if p.previous_year is not None]
    total = float(sum(known)) if programs and len(known) == len(programs) else None
    return total, len(known), len(programs)


def _capacities(plan: Plan) -> pd.DataFrame:
    cap_rows = []
    for c in plan.data.capacities:
        use = plan.capacity_use[c.id]
        created = plan.capacity_created[c.id]
        for j, y in enumerate(plan.ix.years):
            cap = c.capacity[j] + created[j]       # what there is without the portfolio, plus what it creates
            cap_rows.append(dict(id=c.id, name_ja=c.name_ja, name_en=c.name_en, unit=c.unit, year=y,
                                 use=float(use[j]), capacity=float(cap), slack=float(cap - use[j]),
                                 utilisation=float(use[j] / cap) if cap > 0 else None))
    return pd.DataFrame(cap_rows, columns=["id", "name_ja", "name_en", "unit", "year", "use", "capacity",
                                           "slack", "utilisation"])


def _tail(plan: Plan) -> pd.DataFrame:
    """Costs committed past the horizon, by program and fiscal year."""
    prog = plan.data.program_by_id
    tail_rows = []
    for p_id, k in plan.chosen.items():
        for y, c in plan.ix.tail_by_year.get(k, []):
            tail_rows.append(dict(program=p_id, lead=prog[p_id].lead, year=y, amount=c))
    return pd.DataFrame(tail_rows, columns=["program", "lead", "year", "amount"])


def _criteria(plan: Plan, programs: pd.DataFrame) -> pd.DataFrame:
    data, weights = plan.data, plan.data.weights
    crit_rows = []
    for c in data.criteria:
        contrib = float(programs[f"contrib_{c.id}"].sum()) if len(programs) else 0.0
        crit_rows.append(dict(id=c.id, name_ja=c.name_ja, name_en=c.name_en, weight=c.weight,
                              weight_normalised=weights[c.id], contribution=contrib))
    criteria = pd.DataFrame(crit_rows)
    obj = float(criteria["contribution"].sum()) if len(criteria) else 0.0
    criteria["share_of_objective"] = criteria["contribution"] / obj if obj > 0 else 0.0
    return criteria


def _program_note(p, ix: ModelIndex) -> str:
    if p.forbidden:
        return "forbidden"
    if not p.fundable:
        return "unfundable"
    if not ix.by_program.get(p.id):
        return "no_option"
    return ""
