"""Reading and checking stage gates: the Gates and GateOptions sheets into :class:`~portfolio.core.data.Gate`.

Every row is either part of a gate or an error naming its cell: a gate on an unknown or forbidden
program, a gate year outside the horizon or the program's run, probabilities that do not sum to 1
(within :data:`PROBABILITY_TOL`), an option for an outcome or level that does not exist, a follow-on
running past the horizon when that is not allowed. Nothing is dropped silently.
"""

from __future__ import annotations

from ..core import schema as S
from ..core.data import Gate, GateOption, GateOutcome, Program, Settings
from ..core.errors import InputError, Location, Text

#: How far the probabilities of one gate's outcomes may sum from 1.
PROBABILITY_TOL = 1e-6


def read_gates(ctx, gates_t, options_t, program_ix, programs: dict[str, Program], criteria,
               settings: Settings) -> tuple[Gate, ...]:
    """The gates of the workbook (empty when it has neither sheet)."""
    if gates_t is None and options_t is None:
        return ()
    if gates_t is None or options_t is None:
        sheet = S.GATES if gates_t is None else S.GATE_OPTIONS
        ctx.fail(InputError("err.gate_sheet_missing", Location(file=str(ctx.path)),
                            sheet=Text(f"{sheet.ja}（{sheet.id}）", sheet.id)))
        return ()
    outcomes = _outcome_rows(ctx, gates_t, program_ix, programs, settings)
    options = _option_rows(ctx, options_t, program_ix, programs, outcomes, criteria, settings)
    gates = []
    for pid, rows in outcomes.items():
        with ctx.checking():
            first = rows[0]
            if not any(options.get((pid, r.values["outcome"])) for r in rows):
                raise InputError("err.gate_no_options", ctx.loc(S.GATES, first, "program"), program=pid)
            outs = tuple(GateOutcome(id=r.values["outcome"], probability=float(r.values["probability"]),
                                     options=tuple(options.get((pid, r.values["outcome"]), ())),
                                     name_ja=r.values.get("name_ja") or "", name_en=r.values.get("name_en") or "",
                                     row=r.row) for r in rows)
            gates.append(Gate(program=pid, year=int(first.values["gate_year"]), outcomes=outs,
                              group=first.values.get("group") or "", row=first.row))
    _check_groups(ctx, gates, outcomes)
    return tuple(gates)


def _outcome_rows(ctx, table, program_ix, programs: dict[str, Program], settings: Settings) -> dict[str, list]:
    """Gates rows by program, each gate checked: one year, in the horizon and the run, probabilities sum to 1."""
    by_program: dict[str, list] = {}
    seen: dict[tuple[str, str], object] = {}
    for r in ctx.rows(table):
        with ctx.checking():
            pid = ctx.ref(program_ix, S.GATES, r, "program")
            key = (pid, r.values["outcome"])
            if key in seen:
                raise InputError("err.duplicate_id", ctx.loc(S.GATES, r, "outcome"), value=f"{pid}/{key[1]}",
                                 first=seen[key].row, note="")
            seen[key] = r
            by_program.setdefault(pid, []).append(r)
    if len(ctx.rows(table)) < len(table.rows) or any(e.loc.sheet == S.GATES.id for e in ctx.problems.errors):
        return {}                       # a row refused (and listed): whose gate it was is unknown, so is each sum
    good: dict[str, list] = {}
    for pid, rows in by_program.items():
        p = programs.get(pid)
        if p is None:
            continue                    # the program's own row was refused (and is listed)
        with ctx.checking():
            _check_gate(ctx, p, rows, settings)
            good[pid] = rows
    return good


def _check_gate(ctx, p: Program, rows, settings: Settings) -> None:
    first = rows[0]
    year = int(first.values["gate_year"])
    for r in rows[1:]:
        if int(r.values["gate_year"]) != year:
            raise InputError("err.gate_year_differs", ctx.loc(S.GATES, r, "gate_year"), program=p.id,
                             value=r.values["gate_year"], first=year)
    if p.forbidden:
        raise InputError("err.gate_forbidden", ctx.loc(S.GATES, first, "program"), program=p.id)
    if not settings.first_year <= year < settings.last_year:
        raise InputError("err.gate_year_horizon", ctx.loc(S.GATES, first, "gate_year"), value=year,
                         first=settings.first_year, last=settings.last_year)
    low = settings.first_year if p.ongoing else p.latest_start
    high = (settings.first_year if p.ongoing else p.earliest_start) + p.duration - 1
    if not low <= year <= high:
        raise InputError("err.gate_year_run", ctx.loc(S.GATES, first, "gate_year"), value=year, program=p.id,
                         low=low, high=high)
    total = sum(float(r.values["probability"]) for r in rows)
    if abs(total - 1.0) > PROBABILITY_TOL:
        raise InputError("err.gate_probability_sum", ctx.loc(S.GATES, first, "probability"), program=p.id,
                         total=round(total, 9), tol=PROBABILITY_TOL)


def _option_rows(ctx, table, program_ix, programs, outcomes: dict[str, list], criteria,
                 settings: Settings) -> dict[tuple[str, str], list[GateOption]]:
    """GateOptions rows: (program, outcome) -> its follow-on options, each checked."""
    out: dict[tuple[str, str], list[GateOption]] = {}
    seen: dict[tuple, object] = {}
    for r in ctx.rows(table):
        with ctx.checking():
            pid = ctx.ref(program_ix, S.GATE_OPTIONS, r, "program")
            if pid not in programs:
                continue                # the program's own row was refused (and is listed)
            rows = outcomes.get(pid)
            if rows is None:
                if any(e.loc.sheet == S.GATES.id for e in ctx.problems.errors):
                    continue            # its gate was refused (and is listed)
                raise InputError("err.gate_option_no_gate", ctx.loc(S.GATE_OPTIONS, r, "program"), program=pid)
            names = [g.values["outcome"] for g in rows]
            oid = r.values["outcome"]
            if oid not in names:
                raise InputError("err.gate_unknown_outcome", ctx.loc(S.GATE_OPTIONS, r, "outcome"), program=pid,
                                 value=oid, outcomes=", ".join(names))
            key = (pid, oid, r.values["option"])
            if key in seen:
                raise InputError("err.duplicate_id", ctx.loc(S.GATE_OPTIONS, r, "option"), value="/".join(key),
                                 first=seen[key].row, note="")
            seen[key] = r
            option = _option(ctx, r, programs[pid], criteria)
            end = int(rows[0].values["gate_year"]) + len(option.cost)
            if end > settings.last_year and not settings.allow_tail:
                raise InputError("err.gate_option_tail", ctx.loc(S.GATE_OPTIONS, r, "option"), value=option.id,
                                 end=end, last=settings.last_year)
            out.setdefault((pid, oid), []).append(option)
    return out


def _option(ctx, r, p: Program, criteria) -> GateOption:
    """One follow-on option: its cost and scores as written, the named level's where left empty."""
    lid = r.values.get("level") or ""
    level = None
    if lid:
        known = [lv.id for lv in p.levels]
        if lid not in known:
            raise InputError("err.unknown_level", ctx.loc(S.GATE_OPTIONS, r, "level"), program=p.id, value=lid,
                             levels=", ".join(known) or "-")
        level = p.level(lid)
    years = sorted(k[1] for k in r.series if k[0] == "program_year")
    cost = [float(r.series.get(("program_year", k)) or 0.0) for k in range(1, (years[-1] if years else 0) + 1)]
    while cost and cost[-1] == 0:
        cost.pop()
    if not years and level is not None:
        cost = list(level.cost)
    scores = {}
    for c in criteria:
        value = r.series.get(("criterion", c.id, "score"))
        if value is None:
            if level is None:
                raise InputError("err.gate_option_empty", ctx.loc(S.GATE_OPTIONS, r, "option"),
                                 value=r.values["option"])
            value = level.scores[c.id]
        scores[c.id] = float(value)
    return GateOption(id=r.values["option"], cost=tuple(cost) or (0.0,), scores=scores, level=lid,
                      use=dict(level.use) if level is not None else {}, row=r.row)


def _check_groups(ctx, gates: list[Gate], outcomes: dict[str, list]) -> None:
    """Gates of one group share their outcome: same year, same outcomes with the same probabilities."""
    first: dict[str, Gate] = {}
    for g in gates:
        if not g.group:
            continue
        ref = first.setdefault(g.group, g)
        same = (g.year == ref.year and [(o.id, round(o.probability, 9)) for o in g.outcomes]
                == [(o.id, round(o.probability, 9)) for o in ref.outcomes])
        if not same:
            ctx.fail(InputError("err.gate_group_differs", ctx.loc(S.GATES, outcomes[g.program][0], "group"),
                                group=g.group, program=g.program, first=ref.program))
