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
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import ModelData
from .errors import Message
from .i18n import MESSAGES
from .wareki import fy_label

# Families whose rows are policy limits a planner can move (elastic); all others are structural.
LIMIT_FAMILIES = ("total_budget_limit", "source_envelope", "fund_balance", "capacity_limit", "domain_floor",
                  "domain_ceiling", "domain_floor_share", "domain_ceiling_share", "critical_mass", "group_count",
                  "tail_cap")

MESSAGES.update({
    "infeas.total_budget_limit": ("{year}：総予算 {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                                  "{year}: the total budget of {limit:,.1f} 億円 is {amount:,.1f} 億円 short"),
    "infeas.source_envelope": ("{year}：財源「{name}」の枠 {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                               "{year}: the envelope of {name}, {limit:,.1f} 億円, is {amount:,.1f} 億円 short"),
    "infeas.fund_balance": ("基金「{name}」の{year}までの累積積立額 {limit:,.1f} 億円が {amount:,.1f} 億円不足",
                            "fund {name}: deposits up to {year}, {limit:,.1f} 億円, are {amount:,.1f} 億円 short"),
    "infeas.capacity_limit": ("{year}：資源「{name}」の容量 {limit:,.1f} {unit} を {amount:,.1f} 超過",
                              "{year}: the capacity of {name}, {limit:,.1f} {unit}, is exceeded by {amount:,.1f}"),
    "infeas.domain_floor": ("技術領域「{name}」の下限 {limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                            "the floor of {limit:,.1f} 億円 on domain {name} is missed by {amount:,.1f} 億円"),
    "infeas.domain_floor_share": ("技術領域「{name}」の下限（総予算の割合）{limit:,.1f} 億円に {amount:,.1f} 億円届かない",
                                  "the share-based floor of {limit:,.1f} 億円 on domain {name} is missed by "
                                  "{amount:,.1f} 億円"),
    "infeas.domain_ceiling": ("技術領域「{name}」の上限 {limit:,.1f} 億円を {amount:,.1f} 億円超過",
                              "the ceiling of {limit:,.1f} 億円 on domain {name} is exceeded by {amount:,.1f} 億円"),
    "infeas.domain_ceiling_share": ("技術領域「{name}」の上限（総予算の割合）{limit:,.1f} 億円を {amount:,.1f} 億円超過",
                                    "the share-based ceiling of {limit:,.1f} 億円 on domain {name} is exceeded by "
                                    "{amount:,.1f} 億円"),
    "infeas.critical_mass": ("技術領域「{name}」のクリティカルマス {limit:,.1f} 億円（「{program}」を採択する場合）に "
                             "{amount:,.1f} 億円届かない",
                             "the critical mass of {limit:,.1f} 億円 for domain {name} (with {program} funded) is "
                             "missed by {amount:,.1f} 億円"),
    "infeas.group_count": ("依存関係（{row}行目）{kind} {limit:g} 件（{members}）を {amount:g} 件満たせない",
                           "dependency (row {row}) {kind} {limit:g} of {members} is missed by {amount:g}"),
    "infeas.tail_cap": ("後年度負担の上限 {limit:,.1f} 億円を {amount:,.1f} 億円超過",
                        "the cap on commitments past the horizon, {limit:,.1f} 億円, is exceeded by {amount:,.1f} 億円"),
    "infeas.one_choice": ("必須・継続プログラム「{name}」を採択できない", "mandatory or ongoing program {name} cannot be funded"),
    "infeas.summary": ("次の制約を同時に満たすことはできません（最小の緩和量を併記）：{items}",
                       "these limits cannot all hold (with the smallest relaxation that would make room): {items}"),
    "infeas.mandatory_shortfall": ("必須・継続プログラムだけで{year}の総予算を {amount:,.1f} 億円超えます（必要額 {need:,.1f} 億円、"
                                   "総予算 {limit:,.1f} 億円）",
                                   "the mandatory and ongoing programs alone exceed the {year} total budget by "
                                   "{amount:,.1f} 億円 (they need {need:,.1f} 億円; the budget is {limit:,.1f} 億円)"),
    "iis.total_budget_limit": ("{year}の総予算 {limit:,.1f} 億円", "the {year} total budget of {limit:,.1f} 億円"),
    "iis.source_envelope": ("{year}の財源「{name}」の枠 {limit:,.1f} 億円", "the {year} envelope of {name}, {limit:,.1f} 億円"),
    "iis.fund_balance": ("基金「{name}」の{year}までの累積積立額 {limit:,.1f} 億円",
                         "deposits of fund {name} up to {year}, {limit:,.1f} 億円"),
    "iis.capacity_limit": ("{year}の資源「{name}」の容量 {limit:,.1f} {unit}", "the {year} capacity of {name}, {limit:,.1f} {unit}"),
    "iis.domain_floor": ("技術領域「{name}」の下限 {limit:,.1f} 億円", "the floor of {limit:,.1f} 億円 on domain {name}"),
    "iis.domain_floor_share": ("技術領域「{name}」の下限（割合）{limit:,.1f} 億円", "the share floor of {limit:,.1f} 億円 on {name}"),
    "iis.domain_ceiling": ("技術領域「{name}」の上限 {limit:,.1f} 億円", "the ceiling of {limit:,.1f} 億円 on domain {name}"),
    "iis.domain_ceiling_share": ("技術領域「{name}」の上限（割合）{limit:,.1f} 億円", "the share ceiling of {limit:,.1f} 億円 on {name}"),
    "iis.critical_mass": ("技術領域「{name}」のクリティカルマス {limit:,.1f} 億円", "the critical mass of {limit:,.1f} 億円 on {name}"),
    "iis.group_count": ("依存関係（{row}行目）{kind} {limit:g} 件", "the dependency on row {row} ({kind} {limit:g})"),
    "iis.tail_cap": ("後年度負担の上限 {limit:,.1f} 億円", "the cap of {limit:,.1f} 億円 past the horizon"),
    "iis.one_choice": ("「{name}」は1回まで（必須なら必ず）採択", "{name} is funded at most once (exactly once if mandatory)"),
    "iis.cost_covered": ("「{name}」の経費は全額を支出可能な財源で賄う", "{name}'s cost is paid in full by eligible sources"),
    "iis.share_cap": ("財源「{source}」が「{name}」に支出できる割合の上限", "the share of {name} that {source} may pay"),
    "iis.requires": ("「{name}」の前提プログラムと開始年度の順序", "the prerequisite of {name} and its start order"),
    "iis.excludes": ("依存関係（{row}行目）の排他", "the exclusion on Dependencies row {row}"),
    "infeas.iis": ("LP緩和でも矛盾する制約（IIS）：{items}", "limits that conflict even in the LP relaxation (IIS): {items}"),
    "infeas.structural": ("必須・継続プログラムの間の依存関係・排他関係が矛盾しています。",
                          "the dependencies between mandatory or ongoing programs contradict each other."),
})


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
            params["year"] = fy_label(idx[0])
        elif fam in ("source_envelope", "fund_balance"):
            params.update(name=data.source_by_id[idx[0]].name_ja, year=fy_label(idx[1]))
        elif fam == "capacity_limit":
            c = data.capacity_by_id[idx[0]]
            params.update(name=c.name_ja, unit=c.unit, year=fy_label(idx[1]))
        elif fam in ("domain_floor", "domain_ceiling", "domain_floor_share", "domain_ceiling_share"):
            params["name"] = data.domain_by_id[idx[0]].name_ja
        elif fam == "critical_mass":
            params.update(name=data.domain_by_id[idx[0]].name_ja, program=data.program_by_id[idx[1]].name_ja)
        elif fam == "group_count":
            dep = data.dependencies[idx[0]]
            params.update(row=dep.row, kind=dep.kind, members=", ".join(dep.members))
        elif fam == "one_choice":
            params["name"] = data.program_by_id[idx[0]].name_ja
        return Message.of(f"infeas.{fam}", **params)


def mandatory_shortfall(data: ModelData) -> list[Message]:
    """Years in which mandatory and ongoing programs alone cost more than the total budget allows.

    Uses each program's cheapest level and start for that year's annual-source share, so the
    shortfall stated is a lower bound that holds whatever else is chosen.
    """
    from .model.index import start_options

    years = data.years
    annual = {s.id for s in data.sources if s.kind == "annual"}
    need = np.zeros(len(years))
    for p in data.programs:
        if not (p.mandatory or p.ongoing) or p.forbidden:
            continue
        starts, _ = start_options(p, years[0], years[-1], data.settings.allow_tail)
        levels = [lv for lv in p.levels if p.lock_level is None or lv.id == p.lock_level]
        other = sum(sh for s, sh in p.shares.items() if s not in annual)
        annual_share = max(0.0, 1.0 - other)
        if not starts or not levels:
            continue
        per_year = np.full(len(years), np.inf)
        for lv in levels:
            for s in starts:
                row = np.zeros(len(years))
                for j, c in enumerate(lv.cost):
                    if s + j <= years[-1]:
                        row[s + j - years[0]] = c
                per_year = np.minimum(per_year, row)
        need += annual_share * per_year
    out = []
    for j, y in enumerate(years):
        if need[j] > data.budget[j] + 1e-6:
            out.append(Message.of("infeas.mandatory_shortfall", year=fy_label(y), amount=need[j] - data.budget[j],
                                  need=need[j], limit=data.budget[j]))
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
    iis = _iis(solver, data, time_limit)
    if iis:
        out.append(Message.of("infeas.iis", items=_Joined(iis)))
    return out


class _Joined:
    def __init__(self, parts):
        self.parts = parts

    def render(self, lang: str) -> str:
        sep = "／" if lang == "ja" else "; "
        return sep.join(p.render(lang) if hasattr(p, "render") else str(p) for p in self.parts)


def _row_map(solver) -> list[tuple[str, tuple, object]]:
    """(family, index, constraint) for each HiGHS row, in row order."""
    cmap = solver._opt._pyomo_con_to_solver_con_map
    rows: list = [None] * len(cmap)
    for con, r in cmap.items():
        comp = con.parent_component().name
        idx = con.index()
        idx = idx if isinstance(idx, tuple) else ((idx,) if idx is not None else ())
        rows[r] = (comp, idx, con)
    return rows


def _elastic(solver, data: ModelData, time_limit: float, elastic_mandatory: bool):
    import highspy

    h = solver.highs
    rows = _row_map(solver)
    lp = h.getLp()
    lower = np.asarray(lp.row_lower_)
    upper = np.asarray(lp.row_upper_)
    e = highspy.Highs()
    e.setOptionValue("output_flag", False)
    e.setOptionValue("time_limit", float(time_limit))
    e.setOptionValue("mip_rel_gap", 1e-6)
    e.setOptionValue("threads", 1)
    e.setOptionValue("random_seed", 0)
    e.passModel(h.getModel())
    n = lp.num_col_
    e.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
    e.changeObjectiveSense(highspy.ObjSense.kMinimize)
    slacks = []  # (row, sign, family, index, limit)
    for r, (fam, idx, _) in enumerate(rows):
        if fam == "one_choice":
            if elastic_mandatory and lower[r] >= 0.5:
                slacks.append((r, 1.0, fam, idx, lower[r]))
            continue
        if fam not in LIMIT_FAMILIES:
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


def _iis(solver, data: ModelData, time_limit: float) -> list[str]:
    """Row names in the IIS of the LP relaxation, as readable ids; empty if HiGHS finds none."""
    import highspy

    h = solver.highs
    rows = _row_map(solver)
    r = highspy.Highs()
    r.setOptionValue("output_flag", False)
    r.setOptionValue("time_limit", float(time_limit))
    model = h.getModel()
    lp = model.lp_
    lp.integrality_ = []
    r.passModel(lp)
    try:
        r.setOptionValue("iis_strategy", 2)  # 2: a true (irreducible) IIS; 0 only runs a light check
    except Exception:  # noqa: BLE001 - option names vary across HiGHS releases
        pass
    r.run()
    if r.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
        return []
    try:
        status, iis = r.getIis()
    except Exception:  # noqa: BLE001
        return []
    lp_rows = r.getLp()
    out = []
    for row in list(getattr(iis, "row_index_", []))[:20]:
        fam, idx, _ = rows[row]
        msg = _iis_label(fam, idx, data, lp_rows.row_lower_[row], lp_rows.row_upper_[row])
        if msg is not None and msg not in out:
            out.append(msg)
    return out


def _stated_limit(fam: str, idx: tuple, data: ModelData, rhs: float) -> float:
    """The limit as the planner set it. A critical-mass row reads S_d − M_d·x ≥ 0: its right-hand
    side is 0 and the limit M_d is a coefficient, so it comes from the data."""
    if fam == "critical_mass":
        return float(data.domain_by_id[idx[0]].critical_mass)
    return float(rhs)


def _iis_label(fam: str, idx: tuple, data: ModelData, lower: float, upper: float) -> Message | None:
    """A planner's phrase for one row of an IIS; None for bookkeeping rows (domain spend definition)."""
    limit = _stated_limit(fam, idx, data, float(upper) if np.isfinite(upper) else float(lower))
    key = f"iis.{fam}"
    if key not in MESSAGES:
        return None
    if fam in ("cost_covered", "one_choice", "requires"):
        pid = idx[0] if fam != "requires" else data.dependencies[idx[0]].program
        return Message.of(key, name=data.program_by_id[pid].name_ja)
    if fam == "share_cap":
        return Message.of(key, name=data.program_by_id[idx[0]].name_ja, source=data.source_by_id[idx[1]].name_ja)
    if fam == "excludes":
        return Message.of(key, row=data.dependencies[idx[0]].row)
    v = Violation(fam, idx, limit, 0.0).message(data)
    return Message(key, v.loc, v.params)
