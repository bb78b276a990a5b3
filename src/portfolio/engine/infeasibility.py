"""Explaining an infeasible scenario in the planner's terms: which limits conflict, and by how much.

Method (see ``docs/formulation.md``, "Infeasibility"):

1. **Elastic MIP.** Copy the loaded HiGHS model, add a non-negative slack to every *limit* row
   (total budget, envelopes, fund balances, capacities, domain floors, ceilings and critical
   mass, group counts, the tail cap), and minimise the total relative violation
   Σ slack / max(1, |limit|) subject to every structural row (costs paid in full, eligibility
   shares, dependencies, mandatory programs). The rows whose slack is positive are the limits
   that must move, and the slack is by how much: "FY2027: total budget 8,000 億円 is 1,234 億円
   short". This also catches conflicts that only integrality creates, such as a critical mass
   that no whole combination of programs can meet.
2. If even that is infeasible, the conflict lies in the structural rules themselves (for
   example, two mandatory programs that exclude each other); then mandatory programs are made
   elastic too, and the ones that cannot be funded are named.
3. **IIS of the relaxation.** HiGHS's irreducible infeasible subsystem of the LP relaxation
   names the rows that conflict even with fractional choices; it is mapped back to sheets and
   ids and reported beside the elastic result, when HiGHS finds one within its time limit.
   Limits come first ("the FY2027 total budget of 8,000 億円; the floor of 500 億円 on domain
   量子 [Domains row 6: quantum]"), then the rules that tie them: mandatory programs, and for a
   program whose cost must be paid, the Eligibility rules that keep sources from paying it
   ("the Eligibility rule on row 9: 防衛省 → domain 量子, share at most 0"). When the relaxation
   is feasible, the conflict comes from integrality alone, and the explanation says so.

Before both, :func:`mandatory_shortfall` states a budget too small for the mandatory and
ongoing programs by itself, with the shortfall in 億円.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.data import ModelData
from ..core.errors import Message, Text
from ..core.i18n import t
from ..core.wareki import fy_label
from ..model.families import LIMIT_COMPONENTS

# Rows in an IIS are listed limits first (in the registry's order), then the rules that tie them.
_IIS_ORDER = (*LIMIT_COMPONENTS, "mandatory", "one_choice", "requires", "excludes", "eligibility", "eligibility_none",
              "share_cap", "partner_match", "cost_covered")


def _iis_rank(kind: str) -> int:
    """Where an IIS phrase of this kind is listed: in :data:`_IIS_ORDER`, a kind it does not name last."""
    return _IIS_ORDER.index(kind) if kind in _IIS_ORDER else len(_IIS_ORDER)



class _Ref:
    """Where a limit was set, for the planner to find it: sheet, row and id ("［技術領域 4行目 QT］"), or
    the scenario row or line that set it in place of the sheet's value ("［シナリオ m.xlsx:シナリオ!7 QT］")."""

    def __init__(self, sheet_id: str | None, row: int | None, ident: str, origin: str | None = None):
        self.sheet_id, self.row, self.ident, self.origin = sheet_id, row, ident, origin

    def render(self, lang: str) -> str:
        from ..core.schema import SHEETS_BY_ID

        if self.origin:
            return t("engine.ref.scenario", lang, origin=self.origin, ident=self.ident)
        if self.sheet_id is None:
            return ""
        sheet = SHEETS_BY_ID[self.sheet_id]
        row = t("engine.ref.row", lang, row=self.row) if self.row is not None else ""
        return t("engine.ref", lang, sheet_ja=sheet.ja, sheet_id=sheet.id, row=row, ident=self.ident)


def _set_by(data: ModelData, *targets: tuple[str, ...]) -> str | None:
    """The origin of the scenario override that set a limit, if one did: `targets` are key paths, the
    most specific first, e.g. ("envelopes", "MOD", 2027) then ("envelopes", "MOD"). An override's ids
    match like the workbook's (case and width do not matter) and its year however it was written."""
    from ..core.text import norm_key
    from ..core.wareki import parse_year

    def same(part: str, want) -> bool:
        return parse_year(part) == want if isinstance(want, int) else norm_key(part) == norm_key(want)

    for target in targets:
        for o in data.overrides:
            parts = o.key.split(".")
            if len(parts) == len(target) and all(same(a, b) for a, b in zip(parts, target)):
                return o.origin
    return None


#: The scenario key of each domain limit (domains.<id>.<field>).
_DOMAIN_FIELD = {"domain_floor": "floor", "domain_ceiling": "ceiling", "domain_floor_share": "floor_share",
                 "domain_ceiling_share": "ceiling_share", "critical_mass": "critical_mass"}


def _budget_ref(data: ModelData, year: int) -> _Ref:
    """The total budget has no row of its own to point at: only a scenario that set it."""
    return _Ref(None, None, f"FY{year}", _set_by(data, ("budget", year), ("budget",)))


def _program_ref(data: ModelData, p) -> _Ref:
    return _Ref("Programs", p.row, p.id, _set_by(data, ("programs", p.id)))


class _FY:
    """A fiscal year in the message's language: "FY2027（令和9年度）" or "FY2027"."""

    def __init__(self, year: int):
        self.year = year

    def render(self, lang: str) -> str:
        return fy_label(self.year, lang)


class _Target:
    """What an Eligibility rule names, in the message's language: 技術領域「量子」 / domain 量子
    (``engine.target.<kind>``: program, domain, instrument or all)."""

    def __init__(self, kind: str, name: str):
        self.kind, self.name = kind, name

    def render(self, lang: str) -> str:
        return t(f"engine.target.{self.kind}", lang, name=self.name)


def _unit(unit: str) -> str:
    # " 人年" after a number, nothing when the capacity has no unit (never "1.0 , is exceeded").
    return f" {unit}" if unit else ""


@dataclass
class Violation:
    family: str
    index: tuple
    limit: float
    amount: float

    def message(self, data: ModelData) -> Message:
        fam, idx = self.family, self.index
        params: dict = dict(limit=self.limit, amount=self.amount)
        if fam == "total_budget_limit":
            params.update(year=_FY(idx[0]), ref=_budget_ref(data, idx[0]))
        elif fam == "spend_floor_limit":
            params.update(year=_FY(idx[0]), ref=_Ref("Budget", None, f"FY{idx[0]}",
                                                     _set_by(data, ("spend_floor", idx[0]), ("spend_floor",))))
        elif fam in ("source_envelope", "fund_balance"):
            s = data.source_by_id[idx[0]]
            params.update(name=s.name_ja, year=_FY(idx[1]),
                          ref=_Ref("FundingSources", s.row, s.id,
                                   _set_by(data, ("envelopes", s.id, idx[1]), ("envelopes", s.id))))
        elif fam == "capacity_limit":
            c = data.capacity_by_id[idx[0]]
            params.update(name=c.name_ja, ref=_Ref("Capacities", c.row, c.id), unit=_unit(c.unit), year=_FY(idx[1]))
        elif fam in ("domain_floor", "domain_ceiling", "domain_floor_share", "domain_ceiling_share"):
            d = data.domain_by_id[idx[0]]
            params.update(name=d.name_ja, ref=_Ref("Domains", d.row, d.id,
                                                   _set_by(data, ("domains", d.id, _DOMAIN_FIELD[fam]))))
        elif fam == "critical_mass":
            d, p = data.domain_by_id[idx[0]], data.program_by_id[idx[1]]
            params.update(name=d.name_ja, program=p.name_ja,
                          ref=_Ref("Domains", d.row, d.id, _set_by(data, ("domains", d.id, "critical_mass"))))
        elif fam == "tail_cap":
            params["ref"] = _Ref(None, None, "tail_cap", _set_by(data, ("settings", "tail_cap")))
        elif fam == "group_count":
            dep = data.dependencies[idx[0]]
            params.update(row=dep.row, kind=dep.kind, members=", ".join(dep.members))
        elif fam == "one_choice":
            p = data.program_by_id[idx[0]]
            params.update(name=p.name_ja, ref=_program_ref(data, p))
        return Message.of(f"infeas.{fam}", **params)


def _cheapest_cost(data: ModelData, p) -> tuple[np.ndarray, float] | None:
    """A mandatory program's least cost: per year (each year's minimum over its levels and starts)
    and over the horizon (the least total); None if it has no option."""
    from ..core.data import start_options

    years = data.years
    starts, _ = start_options(p, years[0], years[-1], data.settings.allow_tail)
    levels = [lv for lv in p.levels if p.lock_level is None or lv.id == p.lock_level]
    if not starts or not levels:
        return None
    per_year = np.full(len(years), np.inf)
    total = np.inf
    for lv in levels:
        for s in starts:
            row = np.zeros(len(years))
            for j, c in enumerate(lv.cost):
                if s + j <= years[-1]:
                    row[s + j - years[0]] = c
            per_year = np.minimum(per_year, row)
            total = min(total, float(row.sum()))
    return per_year, total


def mandatory_shortfall(data: ModelData) -> list[Message]:
    """Where mandatory and ongoing programs alone cost more than the total budget allows.

    The total budget caps spending from annual sources. What the mandatory and ongoing programs
    need from it is at least their cheapest cost (each program's cheapest level and start), less
    what funds and external sources could pay: no more than their eligible shares of those costs,
    and no more than a fund's deposits to date or an external envelope. The shortfall stated is
    this lower bound minus the budget, so it holds whatever else is chosen: first year by year,
    then (when no single year is short, e.g. because starts can move) over the whole horizon.
    """
    years = data.years
    annual = data.budget_sources
    cost = np.zeros(len(years))
    cost_total = 0.0
    relief = np.zeros(len(years))          # what other sources may pay, by eligible share
    relief_total = 0.0
    for p in data.programs:
        if not (p.mandatory or p.ongoing) or p.forbidden:
            continue
        cheapest = _cheapest_cost(data, p)
        if cheapest is None:
            continue
        other = min(1.0, sum(sh for s, sh in p.shares.items() if s not in annual))
        cost += cheapest[0]
        cost_total += cheapest[1]
        relief += other * cheapest[0]
        relief_total += other * cheapest[1]
    # What funds (deposits to date) and other sources outside the total budget (the year's envelope) hold at most.
    held = np.zeros(len(years))
    for s in data.sources:
        if s.kind == "fund":
            held += np.cumsum(s.envelope)
        elif s.id not in annual:        # external co-funding, or a ministry's money set apart from the total budget
            held += np.asarray(s.envelope, dtype=float)
    held_total = sum(sum(s.envelope) for s in data.sources if s.id not in annual)
    need = cost - np.minimum(relief, held)
    need_total = cost_total - min(relief_total, held_total)
    out = []
    for j, y in enumerate(years):
        if need[j] > data.budget[j] + 1e-6:
            out.append(Message.of("infeas.mandatory_shortfall", year=_FY(y), amount=need[j] - data.budget[j],
                                  need=need[j], limit=data.budget[j]))
    total = float(sum(data.budget))
    if not out and need_total > total + 1e-6:
        out.append(Message.of("infeas.mandatory_shortfall_total", first=f"FY{years[0]}", last=f"FY{years[-1]}",
                              amount=need_total - total, need=need_total, limit=total))
    return out


def explain(solver, data: ModelData, time_limit: float = 30.0) -> list[Message]:
    """Messages explaining why the model loaded in `solver` (a HighsSolver) is infeasible."""
    out = mandatory_shortfall(data)
    violations = _elastic(solver, data, time_limit, elastic_mandatory=False)
    if violations is None:
        out.append(Message.of("infeas.structural"))
        violations = _elastic(solver, data, time_limit, elastic_mandatory=True) or []
    if violations:
        out.append(Message.of("infeas.summary", items=_Joined([v.message(data) for v in violations])))
    relaxation_infeasible, iis = _iis(solver, data, time_limit)
    if iis:
        out.append(Message.of("infeas.iis", items=_Joined(iis)))
    elif relaxation_infeasible is False:
        # The LP relaxation is feasible: only whole-program choices conflict (the elastic MIP above
        # names the limits that would have to move).
        out.append(Message.of("infeas.integrality"))
    return out


class _Joined:
    def __init__(self, parts):
        self.parts = parts

    def render(self, lang: str) -> str:
        return t("engine.sep", lang).join(p.render(lang) if hasattr(p, "render") else str(p) for p in self.parts)


def _elastic(solver, data: ModelData, time_limit: float, elastic_mandatory: bool):
    import highspy

    h = solver.highs
    rows = solver.rows()
    lp = h.getLp()
    lower = np.asarray(lp.row_lower_)
    upper = np.asarray(lp.row_upper_)
    e = solver.auxiliary(time_limit=time_limit, mip_gap=1e-6)
    e.passModel(h.getModel())
    n = lp.num_col_
    e.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    e.changeObjectiveSense(highspy.ObjSense.kMinimize)
    slacks = []  # (row, sign, family, index, limit)
    for r, (fam, idx) in enumerate(rows):
        if fam == "one_choice":
            if elastic_mandatory and lower[r] >= 0.5:
                slacks.append((r, 1.0, fam, idx, lower[r]))
            continue
        if fam not in LIMIT_COMPONENTS:
            continue
        if np.isfinite(upper[r]):
            slacks.append((r, -1.0, fam, idx, _stated_limit(fam, idx, data, upper[r])))
        if np.isfinite(lower[r]):
            slacks.append((r, 1.0, fam, idx, _stated_limit(fam, idx, data, lower[r])))
    if not slacks:
        return None
    k = len(slacks)
    costs = np.array([1.0 / max(1.0, abs(s[4])) for s in slacks])
    starts = np.arange(k, dtype=np.int32)
    indices = np.array([s[0] for s in slacks], dtype=np.int32)
    values = np.array([s[1] for s in slacks])
    e.addCols(k, costs, np.zeros(k), np.full(k, highspy.kHighsInf), k, starts, indices, values)
    e.run()
    status = e.getModelStatus()
    sol = e.getSolution()
    if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit) or not sol.value_valid:
        return None
    vals = np.asarray(sol.col_value)[n:]
    out = []
    for (r, sign, fam, idx, limit), v in zip(slacks, vals):
        if v > 1e-6:
            out.append(Violation(fam, idx, float(limit), float(v)))
    return out


def _iis(solver, data: ModelData, time_limit: float) -> tuple[bool | None, list[Message]]:
    """The IIS of the LP relaxation in the planner's terms.

    Returns (whether the relaxation is infeasible — None if HiGHS could not tell in time, the
    conflicting rows as messages, limits first, each naming its sheet, row and id).
    """
    import highspy

    h = solver.highs
    rows = solver.rows()
    r = solver.auxiliary(time_limit=time_limit)
    model = h.getModel()
    lp = model.lp_
    lp.integrality_ = []
    r.passModel(lp)
    try:
        r.setOptionValue("iis_strategy", 2)  # 2: a true (irreducible) IIS; 0 only runs a light check
    except Exception:  # noqa: BLE001 - option names vary across HiGHS releases
        pass
    r.run()
    status = r.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return False, []
    if status != highspy.HighsModelStatus.kInfeasible:
        return None, []
    try:
        _, iis = r.getIis()
    except Exception:  # noqa: BLE001
        return True, []
    lp_rows = r.getLp()
    items: list[tuple[int, Message]] = []
    seen: set[str] = set()
    for row in list(getattr(iis, "row_index_", []))[:40]:
        fam, idx = rows[row]
        for msg in _iis_labels(fam, idx, data, lp_rows.row_lower_[row], lp_rows.row_upper_[row]):
            text = msg.render("en")         # several programs can share one Eligibility rule
            if text not in seen:
                seen.add(text)
                items.append((_iis_rank(msg.key.split(".", 1)[1]), msg))
    items.sort(key=lambda im: im[0])        # stable: limits first, then the rules that tie them
    return True, [m for _, m in items[:20]]


def _stated_limit(fam: str, idx: tuple, data: ModelData, rhs: float) -> float:
    """The limit as the planner set it. A critical-mass row reads S_d − M_d·x ≥ 0: its right-hand
    side is 0 and the limit M_d is a coefficient, so it comes from the data."""
    if fam == "critical_mass":
        return float(data.domain_by_id[idx[0]].critical_mass)
    return float(rhs)


def _iis_labels(fam: str, idx: tuple, data: ModelData, lower: float, upper: float) -> list[Message]:
    """Planner's phrases for one row of an IIS (none for bookkeeping rows such as domain spend)."""
    limit = _stated_limit(fam, idx, data, float(upper) if np.isfinite(upper) else float(lower))
    if fam == "one_choice":
        p = data.program_by_id[idx[0]]
        if lower < 0.5:
            return [Message.of("iis.one_choice", name=p.name_ja, ref=_program_ref(data, p))]
        kind = (Text("シナリオで固定", "locked by the scenario") if p.lock_level is not None or p.lock_start is not None
                else Text("継続", "ongoing") if p.ongoing else Text("必須", "mandatory"))
        return [Message.of("iis.mandatory", name=p.name_ja, ref=_program_ref(data, p), kind=kind)]
    if fam in ("cost_covered", "share_cap"):
        p = data.program_by_id[idx[0]]
        ref = _Ref("Programs", p.row, p.id)
        if fam == "share_cap":
            out = [Message.of("iis.share_cap", name=p.name_ja, ref=ref, source=data.source_by_id[idx[1]].name_ja)]
        else:
            out = [Message.of("iis.cost_covered", name=p.name_ja, ref=ref)]
        return out + _eligibility_limits(data, p)
    if fam == "partner_match":
        p, s = data.program_by_id[idx[0]], data.source_by_id[idx[1]]
        return [Message.of("iis.partner_match", name=p.name_ja, ref=_Ref("Programs", p.row, p.id), source=s.name_ja,
                           ratio=s.match_ratio)]
    if fam == "requires":
        dep = data.dependencies[idx[0]]
        p = data.program_by_id[dep.program]
        return [Message.of("iis.requires", name=p.name_ja, ref=_Ref("Programs", p.row, p.id), row=dep.row)]
    if fam == "excludes":
        return [Message.of("iis.excludes", row=data.dependencies[idx[0]].row)]
    if fam not in LIMIT_COMPONENTS:       # bookkeeping rows (a domain's spend) say nothing to a planner
        return []
    key = f"iis.{fam}"
    v = Violation(fam, idx, limit, 0.0).message(data)
    return [Message(key, v.loc, v.params)]


def _eligibility_limits(data: ModelData, p) -> list[Message]:
    """The Eligibility rules that keep sources from paying for program `p`: the most specific rule
    for each source (the one that applies) when its share is below 1. Without any rule that
    applies, only the lead ministry may pay."""
    from ..core.eligibility import applying_rules

    applying = applying_rules(p, data.eligibility)
    if not applying:
        if len(data.sources) == 1:
            return []           # one source: nothing else could pay, so no rule is in the way
        lead = data.source_by_id[p.lead]
        return [Message.of("iis.eligibility_none", name=p.name_ja, ref=_Ref("Programs", p.row, p.id),
                           sources=lead.name_ja)]
    out = []
    for rule in sorted(applying.values(), key=lambda r: r.row or 0):
        if rule.max_share < 1.0:
            name = {"program": lambda: data.program_by_id[rule.target].name_ja,
                    "domain": lambda: data.domain_by_id[rule.target].name_ja,
                    "instrument": lambda: rule.target, "all": lambda: ""}[rule.target_type]()
            target = _Target(rule.target_type, name)
            out.append(Message.of("iis.eligibility", row=rule.row, source=data.source_by_id[rule.source].name_ja,
                                  target=target, share=rule.max_share))
    return out
