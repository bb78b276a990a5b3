"""The price of change: the objective lost when each program is forced in (if unfunded) or out (if
funded), and why a forcing is impossible where the data alone says so (:func:`forcing_blocker`)."""

from __future__ import annotations

import pandas as pd

from ...core.data import ModelData
from ...engine.solver import SolveOptions
from .common import Base, Reason, diff_portfolios, portfolio_of, run_tasks
from .settings import KEEP_RTOL, SensitivitySettings


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
        if d.kind == "requires" and d.program == program:
            why = _start_order(ix, d)
            if why is not None:
                return why
        if d.kind == "excludes" and program in (d.program, d.target):
            other = d.target if d.program == program else d.program
            if other in fixed:
                return Reason.of("sens.reason.excludes_mandatory", target=other)
        if d.kind == "at_most" and program in d.members:
            if sum(m in fixed for m in d.members if m != program) >= (d.k or 0):
                return Reason.of("sens.reason.group_max", k=d.k, members=", ".join(d.members))
    return None


def _start_order(ix, d) -> Reason | None:
    """The program's latest start comes before its prerequisite's earliest start plus the lag, so
    no start order satisfies the dependency (money does not come into it)."""
    latest = max(ix.options[k][2] for k in ix.by_program[d.program])
    target_start = min(int(ix.precedence_start[k]) for k in ix.by_program[d.target])
    if latest < target_start + d.lag:
        return Reason.of("sens.reason.requires_start", target=d.target, target_start=target_start, lag=d.lag,
                         latest=latest)
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
