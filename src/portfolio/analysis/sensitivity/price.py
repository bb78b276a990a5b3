"""The price of change: the objective lost when each program is forced in (if unfunded) or out (if
funded), and why a forcing is impossible where the data alone says so (:func:`forcing_blocker`)."""

from __future__ import annotations

import pandas as pd

from ...core.data import ModelData
from ...core.i18n import MESSAGES
from ...engine.solver import SolveOptions
from .common import Base, Reason, diff_portfolios, portfolio_of, run_tasks
from .settings import KEEP_RTOL, SensitivitySettings

MESSAGES.update({
    "sens.reason.mandatory": ("必須プログラムのため採択を外せない", "mandatory: cannot be forced out"),
    "sens.reason.ongoing": ("継続プログラムのため採択を外せない", "ongoing: cannot be forced out"),
    "sens.reason.locked": ("シナリオで水準・開始年度が固定されているため外せない",
                           "locked by the scenario: cannot be forced out"),
    "sens.reason.forbidden": ("除外プログラムのため採択できない", "forbidden: cannot be forced in"),
    "sens.reason.unfundable": ("支出可能な財源の割合の合計が100%未満のため採択できない",
                               "its eligible sources cannot cover its whole cost, so it cannot be funded"),
    "sens.reason.no_start": ("計画期間内に開始・完了できる開始年度がないため採択できない",
                             "no start year lets it run inside the horizon, so it cannot be funded"),
    "sens.reason.requires": ("前提プログラム {target} を採択できないため採択できない",
                             "it requires {target}, which cannot be funded"),
    "sens.reason.excludes_mandatory": ("必須・継続プログラム {target} と排他関係にあるため採択できない",
                                       "it excludes {target}, which is mandatory or ongoing"),
    "sens.reason.required_by": ("必須・継続プログラム {target} の前提のため外せない",
                                "mandatory or ongoing program {target} requires it"),
    "sens.reason.group_min": ("選定数の下限（{members} のうち {k} 件以上）を満たせなくなるため外せない",
                              "the group minimum ({k} of {members}) cannot be met without it"),
    "sens.reason.group_max": ("選定数の上限（{members} のうち {k} 件以下）を必須プログラムだけで満たしているため採択できない",
                              "mandatory programs already fill the group maximum ({k} of {members})"),
    "sens.reason.infeasible_in": ("採択を強制すると全ての制約を満たす配分がない（予算・枠・容量・領域の制約など）",
                                  "no allocation meets every limit with it funded (budget, envelopes, capacity, "
                                  "domain limits, …)"),
    "sens.reason.infeasible_out": ("外すと全ての制約を満たす配分がない（領域下限・クリティカルマス・選定数など）",
                                   "no allocation meets every limit without it (domain floor, critical mass, group "
                                   "minimum, …)"),
    "sens.reason.no_solution": ("時間上限内に解が得られなかった", "no solution within the time limit"),
    "sens.reason.base_beaten": ("強制した解が基準解を上回った：基準解が時間上限で打ち切られ最適でない（値は負のまま示す）",
                                "the forced solve beat the base: the base solve stopped at the time limit short of "
                                "optimal (the value is kept, negative)"),
})


def forcing_blocker(data: ModelData, ix, program: str, direction: str) -> Reason | None:
    """Why forcing `program` in ("in") or out ("out") is impossible, from the data alone (None if not obvious)."""
    p = data.program_by_id[program]
    fixed = {q.id for q in data.programs if (q.mandatory or q.ongoing) and not q.forbidden}
    if direction == "out":
        if p.mandatory:
            return Reason.of("sens.reason.mandatory")
        if p.ongoing:
            return Reason.of("sens.reason.ongoing")
        if p.lock_level is not None or p.lock_start is not None:
            return Reason.of("sens.reason.locked")
        for d in data.dependencies:
            if d.kind == "requires" and d.target == program and d.program in fixed:
                return Reason.of("sens.reason.required_by", target=d.program)
            if d.kind == "at_least" and program in d.members:
                others = [m for m in d.members if m != program and ix.by_program.get(m)]
                if len(others) < (d.k or 0):
                    return Reason.of("sens.reason.group_min", k=d.k, members=", ".join(d.members))
        return None
    if p.forbidden:
        return Reason.of("sens.reason.forbidden")
    if not p.fundable:
        return Reason.of("sens.reason.unfundable")
    if not ix.by_program.get(program):
        return Reason.of("sens.reason.no_start")
    for d in data.dependencies:
        if d.kind == "requires" and d.program == program and not ix.by_program.get(d.target):
            return Reason.of("sens.reason.requires", target=d.target)
        if d.kind == "excludes" and program in (d.program, d.target):
            other = d.target if d.program == program else d.program
            if other in fixed:
                return Reason.of("sens.reason.excludes_mandatory", target=other)
        if d.kind == "at_most" and program in d.members:
            if sum(m in fixed for m in d.members if m != program) >= (d.k or 0):
                return Reason.of("sens.reason.group_max", k=d.k, members=", ".join(d.members))
    return None


def price_of_change(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
                    settings: SensitivitySettings) -> tuple[pd.DataFrame, int]:
    """Objective lost by forcing each unfunded program in and each funded program out."""
    tasks, pre = [], {}
    for p in data.programs:
        direction = "out" if p.id in base.portfolio else "in"
        why = forcing_blocker(data, ix, p.id, direction)
        if why is not None:
            pre[p.id] = (direction, why)
        else:
            tasks.append((p.id, {"force": {p.id: direction}}))
    got = run_tasks(pool, workers, token, data, options, tasks, settings.tight_gap, "price of change", base.start)
    rows = []
    for p in data.programs:
        direction = "out" if p.id in base.portfolio else "in"
        row = dict(program=p.id, name_ja=p.name_ja, name_en=p.name_en or p.name_ja, direction=direction,
                   base_funded=direction == "out", loss=None, loss_share=None, objective=None, status=None,
                   gap_reached=None, added=[], removed=[], changed=[], reason=None)
        if p.id in pre:
            row["reason"] = pre[p.id][1]
        else:
            r = got[p.id]
            row["status"] = r.status
            if r.has_solution:
                loss = base.objective - r.objective
                # A forced solve can beat the base only by what the two gaps allow; within that
                # it is a tie. Beyond it the base was not optimal (stopped at the time limit):
                # the negative value is kept and said so.
                slack = (abs(base.objective) * ((base.solved.gap or 0.0) + (r.gap or 0.0))
                         + KEEP_RTOL * max(1.0, abs(base.objective)))
                if loss < 0 and -loss <= slack:
                    loss = 0.0
                elif loss < 0:
                    row["reason"] = Reason.of("sens.reason.base_beaten")
                row.update(objective=r.objective, loss=loss,
                           loss_share=loss / base.objective if base.objective else None,
                           gap_reached=r.status == "optimal" and base.solved.status == "optimal")
                added, removed, changed = diff_portfolios(base.portfolio, portfolio_of(ix, r.funded))
                # The forced program itself obviously moves: list what else does.
                row["added"] = [q for q in added if q != p.id]
                row["removed"] = [q for q in removed if q != p.id]
                row["changed"] = changed
            elif r.status == "infeasible":
                row["reason"] = Reason.of("sens.reason.infeasible_in" if direction == "in"
                                          else "sens.reason.infeasible_out")
            else:
                row["reason"] = Reason.of("sens.reason.no_solution")
        rows.append(row)
    return pd.DataFrame(rows), len(got)
