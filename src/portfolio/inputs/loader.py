"""From a workbook to validated :class:`~portfolio.core.data.ModelData`.

The reader turns cells into typed rows; this module checks what no single cell can: ids unique
(also after normalisation), references resolvable, start windows inside the horizon, cost
profiles consistent with durations, dependency graphs acyclic, and eligibility shares able to pay
for mandatory programs. Every error names the sheet, cell, column and value.
"""

from __future__ import annotations

import gc
import time
from dataclasses import replace
from pathlib import Path

from ..core import schema as S
from ..core.data import (
    Capacity,
    Criterion,
    Dependency,
    Domain,
    EligibilityRule,
    FundingSource,
    Level,
    ModelData,
    Program,
    Settings,
)
from ..core.eligibility import limiting_rules, resolve_shares
from ..core.errors import (
    InputError,
    InputErrors,
    Joined,
    Location,
    Message,
    Problems,
    Text,
)
from ..core.i18n import t
from ..core.limits import MAX_MARKING, marking_length
from .reader import (
    MAX_HORIZON_YEARS,
    RawRow,
    RawTable,
    SeriesMatcher,
    WorkbookReader,
    nearest_ids,
)


class IdIndex:
    """Ids of one sheet, unique, found by their exact normal form (:func:`portfolio.core.text.norm_id`:
    width and surrounding spaces folded, case and punctuation kept)."""

    def __init__(self, ctx: "Context", table: RawTable, column: str = "id"):
        self.ids: dict[str, str] = {}
        self.rows: dict[str, RawRow] = {}
        self.sheet = table.sheet
        for r in table.rows:
            value = r.values.get(column)
            if value is None:           # the cell was refused; its error is already listed
                continue
            if value in self.rows:
                first = self.rows[value]
                # "Ｐ１" or "P1 " against "P1": equal only after normalising, which the message says.
                note = S_dup_note(first.written.get(column, first.values[column]) != r.written.get(column, value))
                ctx.fail(InputError("err.duplicate_id", ctx.loc(table.sheet, r, column), value=value, first=first.row,
                                    note=note))
                continue
            self.ids[value] = value
            self.rows[value] = r

    def resolve(self, value: str) -> str | None:
        return value if value in self.rows else None

    def nearest(self, value: str) -> tuple[str | None, list[str]]:
        """For an id that does not exist: the one it matches but for case, and the most similar ids."""
        folded = value.casefold()
        same_but_case = next((i for i in self.rows if i.casefold() == folded), None)
        return same_but_case, nearest_ids(value, list(self.rows))

    def __contains__(self, value: str) -> bool:
        return self.resolve(value) is not None


class _DupNote:
    def __init__(self, after_norm: bool):
        self.after_norm = after_norm

    def render(self, lang: str) -> str:
        return t("err.dup_after_norm", lang) if self.after_norm else ""


def S_dup_note(after_norm: bool) -> _DupNote:
    return _DupNote(after_norm)


class Context:
    def __init__(self, path: Path, problems: Problems | None = None):
        self.path = path
        self.dependency_rows: dict[int, RawRow] = {}    # Dependencies rows by row number, for later checks
        self.warnings: list[Message] = []
        self.problems = problems if problems is not None else Problems()
        self._once: set = set()
        self.unsure: set = set()        # program cells of FundingLevels rows refused: levels not all known

    def rows(self, table: RawTable):
        """The rows of `table` whose every cell was read (a row with a refused cell is already listed)."""
        return [r for r in table.rows if not r.bad]

    def once(self, what) -> bool:
        """True the first time `what` is asked about: a problem of the sheet's layout is listed once,
        not for every row it touches."""
        if what in self._once:
            return False
        self._once.add(what)
        return True

    def checking(self):
        """``with ctx.checking():`` around one row's checks: a problem is listed and the next row checked."""
        return self.problems.guard()

    def loc(self, sheet: S.Sheet, row: RawRow | None = None, column: str = "") -> Location:
        """A location; a schema column is named by its Japanese label, and by its id in English."""
        schema_column = column and any(c.id == column for c in sheet.columns)
        label = sheet.column(column).ja if schema_column else column
        cell = row.cell(column) if (row is not None and column) else ""
        return Location(file=str(self.path), sheet=sheet.id, cell=cell, column=label,
                        column_en=column if schema_column else "",
                        row=row.row if (row is not None and not cell) else None)

    def ref(self, index: IdIndex, sheet: S.Sheet, row: RawRow, column: str, value: str | None = None) -> str:
        """The id a reference names, exactly. An unknown id is an error naming the cell and the ids
        nearest to it (one that differs only in case first: ids are case-sensitive)."""
        value = row.values[column] if value is None else value
        found = index.resolve(value)
        if found is None:
            raise unknown_ref(self.loc(sheet, row, column), value, index.sheet, sheet.column(column),
                              *index.nearest(value))
        return found

    def fail(self, error: InputError) -> None:
        """List `error` and carry on."""
        self.problems.add(error)


def unknown_ref(loc: Location, value: str, target: S.Sheet, column: S.Column, same_but_case: str | None,
                near: list[str]) -> InputError:
    """A reference to an id that does not exist: never bound to a look-alike, always an error."""
    if same_but_case is not None:
        return InputError("err.unknown_ref_case", loc, value=value, target=_SheetName(target), id=same_but_case)
    return InputError("err.unknown_ref", loc, value=value, target=_SheetName(target), expected=_ColExpect(column),
                      near=Message.of("inputs.near_ids", ids=", ".join(near)) if near else "")


def _col_name(sheet: S.Sheet, column: str) -> Text:
    """A column named in the message's language: its Japanese label, or its id in English."""
    return Text(sheet.column(column).ja, column)


def _col_names(sheet: S.Sheet, *columns: str) -> Text:
    return Text("・".join(sheet.column(c).ja for c in columns), " and ".join(columns))


class _SheetName:
    def __init__(self, sheet: S.Sheet):
        self.sheet = sheet

    def render(self, lang: str) -> str:
        return t("inputs.sheet_name", lang, ja=self.sheet.ja, id=self.sheet.id)


class _ColExpect:
    def __init__(self, column: S.Column):
        self.column = column

    def render(self, lang: str) -> str:
        return self.column.expectation(lang)


def load_model(path: str | Path, timings: dict[str, float] | None = None) -> ModelData:
    """Read and validate a model workbook.

    Every problem that can be found in one pass is listed: an :class:`~portfolio.core.errors.InputErrors`
    holds the first :data:`~portfolio.core.errors.MAX_LISTED` and how many more (it is also the first
    problem, for code that expects one error). Checks that need what a broken part would give
    (the horizon, the criteria, a sheet's header) wait until that part is right.

    If `timings` is given, the seconds spent reading ("read") and checking ("validate") are added to it.
    """
    # Reading creates a great many small objects and little garbage; the cyclic collector would
    # re-scan them over and over (a third of the time on large workbooks).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    problems = Problems()
    try:
        t0 = time.perf_counter()
        try:
            data, reader = _load_model(Path(path), problems)
        except InputErrors:
            raise                       # the problems themselves, listed (adding them again would count them twice)
        except InputError as exc:       # a problem that stops the pass: listed after those found before it
            problems.add(exc)
            problems.raise_if_any()
            raise
        if timings is not None:
            timings["read"] = reader.seconds
            timings["validate"] = time.perf_counter() - t0 - reader.seconds
        return data
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_model(path: Path, problems: Problems) -> tuple[ModelData, WorkbookReader]:
    reader = WorkbookReader(path)
    reader.problems = problems
    ctx = Context(path, problems)
    settings = _settings(ctx, reader)
    years = tuple(range(settings.first_year, settings.last_year + 1))
    matcher = SeriesMatcher(years=years)

    budget_t = _table(ctx, reader, S.BUDGET)
    budget, budget_previous, spend_floor = _budget(ctx, budget_t, settings, years) if budget_t else ((), None, ())
    before = len(problems)
    criteria_t = _table(ctx, reader, S.CRITERIA)
    criteria = _criteria(ctx, criteria_t) if criteria_t else ()
    if len(problems) > before:
        problems.raise_if_any()         # score columns are found by the criteria: they must be right
    matcher.criteria = criteria
    tables = {sheet.id: _table(ctx, reader, sheet, matcher) for sheet in S.SHEETS[3:]}
    missing = [sheet for sheet in S.SHEETS[3:] if sheet.required and tables[sheet.id] is None]
    if missing or budget_t is None:
        problems.raise_if_any()         # a required sheet that could not be read: nothing to cross-check
    data = _cross_checks(ctx, reader, tables, settings, years, budget, budget_previous, criteria)
    data = replace(data, spend_floor=spend_floor) if spend_floor else data
    problems.raise_if_any()
    return data, reader


def _settings(ctx: Context, reader: WorkbookReader) -> Settings:
    """The Settings sheet, read (which also sets the reader's money unit: tail_cap is converted
    with it) and checked; every later sheet needs the horizon, so a problem here stops the pass."""
    path = ctx.path
    settings_values, settings_cells = reader.read_keyvalue(S.SETTINGS)
    ctx.problems.raise_if_any()
    settings = Settings(**settings_values)
    settings_loc = lambda key: Location(file=str(path), sheet="Settings", cell=settings_cells.get(key, ""),  # noqa: E731
                                        column=S.SETTINGS.column(key).ja, column_en=key)
    if settings.first_year > settings.last_year:
        raise InputError("err.horizon_order", settings_loc("last_year"), first=settings.first_year,
                         last=settings.last_year)
    n_years = settings.last_year - settings.first_year + 1
    if n_years > MAX_HORIZON_YEARS:
        raise InputError("err.horizon_too_long", settings_loc("last_year"), years=n_years, limit=MAX_HORIZON_YEARS)
    if settings.allow_tail and settings.tail_cap is None:
        raise InputError("err.tail_cap_required", settings_loc("tail_cap"))
    if marking_length(settings.confidentiality or "") > MAX_MARKING:
        raise InputError("err.marking_too_long", settings_loc("confidentiality"),
                         length=marking_length(settings.confidentiality), limit=MAX_MARKING)
    return settings


def _table(ctx: Context, reader: WorkbookReader, sheet: S.Sheet, matcher: SeriesMatcher | None = None):
    """A table sheet, or None when it is absent or its layout is wrong (that problem is listed)."""
    with ctx.checking():
        return reader.read_table(sheet, matcher)
    return None


def _cross_checks(ctx: Context, reader: WorkbookReader, tables: dict, settings: Settings, years, budget,
                  budget_previous, criteria) -> ModelData:
    """What no single cell can say: ids unique, references resolvable, programs payable, no cycles."""
    path = ctx.path
    domains_t, sources_t, programs_t = tables["Domains"], tables["FundingSources"], tables["Programs"]
    capacities_t = tables["Capacities"]
    domains = _domains(ctx, domains_t)
    sources = _sources(ctx, sources_t, years)
    capacities = _capacities(ctx, capacities_t, years) if capacities_t else ()
    warnings: list[Message] = []
    domain_ix = IdIndex(ctx, domains_t)
    source_ix = IdIndex(ctx, sources_t)
    program_ix = IdIndex(ctx, programs_t)
    capacity_ix = IdIndex(ctx, capacities_t) if capacities_t else None
    if not programs_t.rows:
        first_row = f"{programs_t.column_letters['id']}{programs_t.header_row + 1}"
        ctx.fail(InputError("err.no_programs", Location(file=str(path), sheet=S.PROGRAMS.id, cell=first_row,
                                                        column=S.PROGRAMS.column("id").ja, column_en="id")))

    programs = _programs(ctx, programs_t, settings, domain_ix, source_ix, {s.id: s for s in sources}, warnings)
    levels = _levels(ctx, tables["FundingLevels"], program_ix, programs, criteria)
    use_t, elig_t, deps_t, scen_t = (tables[k] for k in ("CapacityUse", "Eligibility", "Dependencies", "Scenarios"))
    gain_t = tables["CapacityGain"]
    uses = _capacity_use(ctx, use_t, program_ix, capacity_ix, levels) if use_t else {}
    gains = _capacity_gain(ctx, gain_t, program_ix, capacity_ix, levels) if gain_t else {}
    rules = _eligibility(ctx, elig_t, source_ix, program_ix, domain_ix, programs) if elig_t else ()
    deps = _dependencies(ctx, deps_t, program_ix, programs) if deps_t else ()
    built = []
    for p in programs:
        with ctx.checking():
            prog = _build_program(ctx, p, levels, uses, gains, rules, warnings)
            if prog is not None:
                built.append(prog)
    if not ctx.problems.errors:
        _check_mandatory_requires(ctx, deps, {p.id: p for p in built})
    from .gates import read_gates

    gates = read_gates(ctx, tables["Gates"], tables["GateOptions"], program_ix, {p.id: p for p in built}, criteria,
                       settings)
    return ModelData(
        path=str(path), settings=settings, budget=budget, budget_previous=budget_previous, criteria=criteria,
        domains=domains, sources=sources, programs=tuple(built), capacities=capacities, dependencies=deps,
        eligibility=rules, scenario_rows=tuple(scen_t.rows) if scen_t else (), gates=gates,
        warnings=tuple(reader.finish() + ctx.warnings + warnings),
    )


def _build_program(ctx: Context, p: dict, levels, uses, gains, rules, warnings) -> Program | None:
    lvls = tuple(Level(**{**lv, "use": uses.get((p["id"], lv["id"]), {}), "gain": gains.get((p["id"], lv["id"]), {})})
                 for lv in levels.get(p["id"], []))
    if not lvls and ctx.unsure:
        # A FundingLevels row was refused (and is listed): it may be this program's, under a
        # mistyped id. Saying "no level" too would report one mistake twice.
        return None
    if not lvls:
        raise InputError("err.no_levels", ctx.loc(S.PROGRAMS, p["_row"], "id"), value=p["id"])
    shares = resolve_shares(p, rules)
    prog = Program(**{k: v for k, v in p.items() if k != "_row"}, levels=lvls, shares=shares)
    total = sum(shares.values())
    if total < 1 - 1e-9:
        loc = ctx.loc(S.PROGRAMS, p["_row"], "id")
        named = _rules_named(limiting_rules(p, rules))
        if prog.mandatory or prog.ongoing:
            raise InputError("err.mandatory_unfundable", loc, program=prog.id, total=round(total, 4), rules=named)
        if not prog.forbidden:
            warnings.append(Message.of("warn.unfundable", loc, program=prog.id, total=round(total, 4), rules=named))
    return prog


# ---------------------------------------------------------------------------------------------
# Sheet by sheet
# ---------------------------------------------------------------------------------------------


def _budget(ctx: Context, table: RawTable, settings: Settings, years: tuple[int, ...]):
    by_year: dict[int, float] = {}
    floors: dict[int, float | None] = {}
    seen: dict[int, RawRow] = {}
    previous = None
    for r in ctx.rows(table):
        with ctx.checking():
            y = r.values["fiscal_year"]
            if y not in years:
                raise InputError("err.budget_year_outside", ctx.loc(S.BUDGET, r, "fiscal_year"), value=y,
                                 first=settings.first_year, last=settings.last_year)
            if y in seen:
                raise InputError("err.duplicate_id", ctx.loc(S.BUDGET, r, "fiscal_year"), value=y,
                                 first=seen[y].row, note=S_dup_note(False))
            seen[y] = r
            by_year[y] = r.values["total_budget"]
            floor = r.values.get("spend_floor")
            if floor is not None and floor > by_year[y] + 1e-9:
                raise InputError("err.spend_floor_above_budget", ctx.loc(S.BUDGET, r, "spend_floor"), floor=floor,
                                 budget=by_year[y], year=y)
            floors[y] = floor
            if y == years[0] and r.values.get("previous_year") is not None:
                previous = r.values["previous_year"]
    written = {r.values.get("fiscal_year") for r in table.rows}     # a year whose row was refused is there
    for y in years:
        if y not in written and len(seen) == len(table.rows):   # else a refused row may be the year mistyped
            # No row to point at: name the column, and the first free row as a place to add it.
            free = max([r.row for r in table.rows], default=table.header_row) + 1
            ctx.fail(InputError("err.budget_year_missing", ctx.loc(S.BUDGET, None, "fiscal_year"), year=y,
                                first=years[0], last=years[-1], row=free))
    spend_floor = tuple(floors.get(y) for y in years) if any(f is not None for f in floors.values()) else ()
    return tuple(by_year.get(y, 0.0) for y in years), previous, spend_floor


def _criteria(ctx: Context, table: RawTable) -> tuple[Criterion, ...]:
    IdIndex(ctx, table)
    out = []
    for r in ctx.rows(table):
        with ctx.checking():
            v = r.values
            lo, hi = v.get("weight_low"), v.get("weight_high")
            if (lo is not None and lo > v["weight"] + 1e-12) or (hi is not None and hi < v["weight"] - 1e-12):
                raise InputError("err.weight_range", ctx.loc(S.CRITERIA, r, "weight"), weight=v["weight"],
                                 low=lo if lo is not None else "-", high=hi if hi is not None else "-")
            out.append(Criterion(id=v["id"], name_ja=v["name_ja"], name_en=v.get("name_en") or "",
                                 weight=v["weight"], weight_low=lo, weight_high=hi, rank=v.get("rank"), row=r.row))
    if not table.rows:
        # The first data row is where the first criterion belongs.
        cell = f"{table.column_letters['id']}{table.header_row + 1}"
        raise InputError("err.required", Location(file=str(ctx.path), sheet=S.CRITERIA.id, cell=cell,
                                                  column=S.CRITERIA.column("id").ja, column_en="id"),
                         expected=_ColExpect(S.CRITERIA.column("id")))
    if len(out) == len(table.rows) and sum(c.weight for c in out) <= 0:
        raise InputError("err.weights_zero", ctx.loc(S.CRITERIA, table.rows[0], "weight"))
    return tuple(out)


def _domains(ctx: Context, table: RawTable) -> tuple[Domain, ...]:
    out = []
    for r in ctx.rows(table):
        v = r.values
        out.append(Domain(id=v["id"], name_ja=v["name_ja"], name_en=v.get("name_en") or "", group=v["group"],
                          floor=v.get("floor"), ceiling=v.get("ceiling"), floor_share=v.get("floor_share"),
                          ceiling_share=v.get("ceiling_share"), critical_mass=v.get("critical_mass"), row=r.row))
    return tuple(out)


def _year_series(ctx: Context, table: RawTable, r: RawRow, years: tuple[int, ...]) -> tuple[float, ...]:
    group = table.sheet.series[0]
    for y in years:
        if ("fiscal_year", y) not in table.series_headers:
            raise InputError("err.series_missing", ctx.loc(table.sheet, row=None) if False else
                             Location(file=str(ctx.path), sheet=table.sheet.id, row=table.header_row),
                             group=Text(group.ja, group.en.lower()), header=f"FY{y}",
                             years=f"FY{years[0]}–FY{years[-1]}")
    out = []
    for y in years:
        key = ("fiscal_year", y)
        if key not in r.series:
            raise InputError("err.required", Location(file=str(ctx.path), sheet=table.sheet.id,
                                                      cell=r.series_cells.get(key, ""),
                                                      column=table.series_headers[key]),
                             expected=_GroupExpect(group))
        out.append(float(r.series[key]))
    return tuple(out)


class _GroupExpect:
    def __init__(self, group: S.SeriesGroup):
        self.group = group

    def render(self, lang: str) -> str:
        return S.at_least(S.type_label(self.group.type, lang), "0", lang)


def _sources(ctx: Context, table: RawTable, years) -> tuple[FundingSource, ...]:
    out = []
    for r in ctx.rows(table):
        with ctx.checking():
            v = r.values
            if v.get("match_ratio") is not None and v["kind"] != "external":
                raise InputError("err.match_ratio_kind", ctx.loc(S.FUNDING_SOURCES, r, "match_ratio"), kind=v["kind"])
            out.append(FundingSource(id=v["id"], name_ja=v["name_ja"], name_en=v.get("name_en") or "",
                                     kind=v["kind"], envelope=_year_series(ctx, table, r, years),
                                     previous_year=v.get("previous_year"),
                                     in_total_budget=v.get("in_total_budget", True) is not False,
                                     match_ratio=v.get("match_ratio"), row=r.row))
    return tuple(out)


def _capacities(ctx: Context, table: RawTable, years) -> tuple[Capacity, ...]:
    out = []
    for r in ctx.rows(table):
        with ctx.checking():
            out.append(Capacity(id=r.values["id"], name_ja=r.values["name_ja"], name_en=r.values.get("name_en") or "",
                                unit=r.values.get("unit") or "", capacity=_year_series(ctx, table, r, years),
                                row=r.row))
    return tuple(out)


def _programs(ctx, table, settings: Settings, domain_ix, source_ix, sources, warnings) -> list[dict]:
    first, last = settings.first_year, settings.last_year
    n_years = last - first + 1
    out = []
    for r in ctx.rows(table):
        with ctx.checking():
            v = dict(r.values)
            v["domain"] = ctx.ref(domain_ix, S.PROGRAMS, r, "domain")
            v["lead"] = ctx.ref(source_ix, S.PROGRAMS, r, "lead")
            if v["lead"] not in sources:
                continue                # the source's own row was refused (and is listed)
            if sources[v["lead"]].kind != "annual":
                raise InputError("err.lead_not_annual", ctx.loc(S.PROGRAMS, r, "lead"), value=v["lead"],
                                 kind=sources[v["lead"]].kind)
            if v.get("latest_start") is None:
                v["latest_start"] = v["earliest_start"]
            for a, b in (("mandatory", "forbidden"), ("ongoing", "forbidden")):
                if v[a] and v[b]:
                    raise InputError("err.flag_conflict", ctx.loc(S.PROGRAMS, r, b), a=_col_name(S.PROGRAMS, a),
                                     b=_col_name(S.PROGRAMS, b))
            if v["earliest_start"] > v["latest_start"]:
                raise InputError("err.start_order", ctx.loc(S.PROGRAMS, r, "latest_start"),
                                 earliest=v["earliest_start"], latest=v["latest_start"])
            if v["ongoing"]:
                if v["earliest_start"] >= first:
                    raise InputError("err.ongoing_start", ctx.loc(S.PROGRAMS, r, "earliest_start"),
                                     value=v["earliest_start"], first=first)
            else:
                for col in ("earliest_start", "latest_start"):
                    if not first <= v[col] <= last:
                        raise InputError("err.start_outside", ctx.loc(S.PROGRAMS, r, col), value=v[col], first=first,
                                         last=last)
            if not settings.allow_tail:
                if v["duration"] > n_years:
                    raise InputError("err.duration_too_long", ctx.loc(S.PROGRAMS, r, "duration"),
                                     duration=v["duration"], years=n_years)
                start = first if v["ongoing"] else v["earliest_start"]
                if start + v["duration"] - 1 > last and not v["forbidden"]:
                    raise InputError("err.never_fits", ctx.loc(S.PROGRAMS, r, "duration"), earliest=v["earliest_start"],
                                     latest=v["latest_start"], duration=v["duration"])
            v["instrument"] = v.get("instrument") or ""
            v["name_en"] = v.get("name_en") or ""
            v["note"] = v.get("note") or ""
            v["row"] = r.row
            v["_row"] = r
            out.append(v)
    return out


def _levels(ctx, table: RawTable, program_ix: IdIndex, programs: list[dict], criteria) -> dict[str, list[dict]]:
    by_program = {p["id"]: p for p in programs}
    max_year = max((k[1] for k in table.series_headers if k[0] == "program_year"), default=0)
    missing = False
    for c in criteria:
        if ("criterion", c.id, "score") not in table.series_headers:
            where = Location(file=str(ctx.path), sheet="FundingLevels", row=table.header_row)
            ctx.fail(InputError("err.score_missing", where, criterion=f"{c.id}（{c.name_ja}）"))
            missing = True
    # Without every score column no row can be read; and a Programs row refused (an id mistyped,
    # duplicated) would make its levels' references look wrong too: the pass stops here. Problems
    # elsewhere (Budget, FundingSources) do not, so what follows is still checked and listed.
    if missing or any(e.loc.sheet == S.PROGRAMS.id for e in ctx.problems.errors):
        ctx.problems.raise_if_any()
    seen: dict[tuple[str, str], RawRow] = {}
    out: dict[str, list[dict]] = {}
    ctx.unsure |= {r.values.get("program") for r in table.rows if r.bad}
    for r in ctx.rows(table):
        with ctx.checking() as guard:
            pid = ctx.ref(program_ix, S.FUNDING_LEVELS, r, "program")
            lid = r.values["level"]
            key = (pid, lid)
            if key in seen:
                raise InputError("err.duplicate_id", ctx.loc(S.FUNDING_LEVELS, r, "level"), value=f"{pid}/{lid}",
                                 first=seen[key].row, note=S_dup_note(r.written.get("level", lid)
                                                                      != seen[key].written.get("level", lid)))
            seen[key] = r
            if pid not in by_program:
                continue                # the program's own row was refused (and is listed)
            duration = by_program[pid]["duration"]
            if duration > max_year:
                if not ctx.once(("cost_columns", max_year + 1)):
                    continue            # the same missing column, already listed for an earlier row
                # The column is the first program year without a cost column (the one to add).
                raise InputError("err.cost_columns_missing", Location(file=str(ctx.path), sheet="FundingLevels",
                                                                      row=r.row, column=f"y{max_year + 1}"),
                                 duration=duration, have=max_year, need=max_year + 1)
            cost = []
            for k in range(1, max_year + 1):
                x = float(r.series.get(("program_year", k), 0.0) or 0.0)
                if k > duration and x != 0:
                    raise InputError("err.cost_beyond_duration", Location(file=str(ctx.path), sheet="FundingLevels",
                                                          cell=r.series_cells[("program_year", k)],
                                                          column=table.series_headers[("program_year", k)]),
                                     duration=duration, year=k, value=x)
                if k <= duration:
                    cost.append(x)
            scores, lows, highs = {}, {}, {}
            for c in criteria:
                skey = ("criterion", c.id, "score")
                if skey not in r.series:
                    raise InputError("err.required", Location(file=str(ctx.path), sheet="FundingLevels",
                                                              cell=r.series_cells[skey],
                                                              column=table.series_headers[skey]),
                                     expected=_GroupExpect(S.FUNDING_LEVELS.series[1]))
                scores[c.id] = float(r.series[skey])
                lo = r.series.get(("criterion", c.id, "low"))
                hi = r.series.get(("criterion", c.id, "high"))
                if lo is not None or hi is not None:
                    lo = scores[c.id] if lo is None else float(lo)
                    hi = scores[c.id] if hi is None else float(hi)
                    if not lo <= scores[c.id] <= hi:
                        where = ("criterion", c.id, "low" if lo > scores[c.id] else "high")
                        raise InputError("err.score_range", Location(file=str(ctx.path), sheet="FundingLevels",
                                                          cell=r.series_cells.get(where, r.series_cells[skey]),
                                                          column=table.series_headers.get(where, c.id)),
                                         score=scores[c.id], low=lo, high=hi)
                    lows[c.id], highs[c.id] = lo, hi
            out.setdefault(pid, []).append(dict(id=lid, cost=tuple(cost), scores=scores, score_low=lows,
                                                score_high=highs, row=r.row))
        if guard.failed:
            ctx.unsure.add(r.values.get("program"))
    return out


def _capacity_use(ctx, table: RawTable, program_ix, capacity_ix, levels) -> dict[tuple[str, str], dict[str, float]]:
    """CapacityUse rows: (program, level) -> {capacity: use}; an empty level means every level."""
    return _per_level(ctx, table, S.CAPACITY_USE, program_ix, capacity_ix, levels, lambda v: v["use"])


def _capacity_gain(ctx, table: RawTable, program_ix, capacity_ix, levels) -> dict[tuple[str, str], dict]:
    """CapacityGain rows: (program, level) -> {capacity: (gain, lag)}; an empty level means every level."""
    return _per_level(ctx, table, S.CAPACITY_GAIN, program_ix, capacity_ix, levels,
                      lambda v: (float(v["gain"]), int(v.get("lag") or 0)))


def _per_level(ctx, table: RawTable, sheet: S.Sheet, program_ix, capacity_ix, levels, value) -> dict:
    """Rows of a (program, level, capacity) sheet: (program, level) -> {capacity: value(row)}."""
    out: dict[tuple[str, str], dict] = {}
    seen: dict[tuple, RawRow] = {}
    for r in ctx.rows(table):
        with ctx.checking():
            pid = ctx.ref(program_ix, sheet, r, "program")
            if capacity_ix is None:
                raise InputError("err.sheet_missing", Location(file=str(ctx.path)),
                                 sheet=Text(S.CAPACITIES.ja, S.CAPACITIES.id),
                                 names=f"{S.CAPACITIES.id} / {S.CAPACITIES.ja}")
            cid = ctx.ref(capacity_ix, sheet, r, "capacity")
            known = [lv["id"] for lv in levels.get(pid, [])]
            lid = r.values.get("level") or ""
            if lid and lid not in known:
                raise InputError("err.unknown_level", ctx.loc(sheet, r, "level"), program=pid, value=lid,
                                 levels=", ".join(known) or "-")
            for lv in ([lid] if lid else known):
                key = (pid, lv, cid)
                if key in seen:
                    raise InputError("err.duplicate_id", ctx.loc(sheet, r, "capacity"),
                                     value=f"{pid}/{lv}/{cid}", first=seen[key].row, note=S_dup_note(False))
                seen[key] = r
                out.setdefault((pid, lv), {})[cid] = value(r.values)
    return out


def _eligibility(ctx, table: RawTable, source_ix, program_ix, domain_ix, programs) -> tuple[EligibilityRule, ...]:
    instruments = {p["instrument"] for p in programs if p["instrument"]}
    out = []
    seen: dict[tuple, RawRow] = {}
    for r in ctx.rows(table):
        with ctx.checking():
            src = ctx.ref(source_ix, S.ELIGIBILITY, r, "source")
            kind = r.values["target_type"]
            target = r.values.get("target") or ""
            if kind == "program":
                target = ctx.ref(program_ix, S.ELIGIBILITY, r, "target") if target else _missing_target(ctx, r, kind)
            elif kind == "domain":
                target = ctx.ref(domain_ix, S.ELIGIBILITY, r, "target") if target else _missing_target(ctx, r, kind)
            elif kind == "instrument":
                if not target:
                    _missing_target(ctx, r, kind)
                if target not in instruments:
                    same_but_case = next((i for i in sorted(instruments) if i.casefold() == target.casefold()), None)
                    if same_but_case is not None:
                        ctx.fail(InputError("err.unknown_instrument_case", ctx.loc(S.ELIGIBILITY, r, "target"),
                                            value=target, id=same_but_case))
                    else:
                        # A rule kept for an instrument no program has yet is allowed, and said.
                        near = ", ".join(nearest_ids(target, sorted(instruments))) or "-"
                        ctx.warnings.append(Message.of("warn.unused_instrument", ctx.loc(S.ELIGIBILITY, r, "target"),
                                                       value=target, near=near))
            else:
                target = ""
            key = (src, kind, target)
            if key in seen:
                raise InputError("err.duplicate_id", ctx.loc(S.ELIGIBILITY, r, "target"),
                                 value=f"{src}/{kind}/{target}", first=seen[key].row, note=S_dup_note(False))
            seen[key] = r
            out.append(EligibilityRule(source=src, target_type=kind, target=target, max_share=r.values["max_share"],
                                       row=r.row))
    return tuple(out)


def _rules_named(rules: list[EligibilityRule]) -> Joined:
    """The Eligibility rules that keep a program from being paid in full, each by its row and contents."""
    return Joined(Message.of("inputs.rule", row=r.row, source=r.source, kind=r.target_type, target=r.target or "-",
                             share=r.max_share) for r in rules)


def _missing_target(ctx, r, kind):
    expected = {"program": "プログラムID / a program id", "domain": "技術領域ID / a domain id",
                "instrument": "施策種別 / an instrument"}[kind]
    raise InputError("err.eligibility_target", ctx.loc(S.ELIGIBILITY, r, "target"), kind=kind, expected=expected)


def _dependencies(ctx, table: RawTable, program_ix, programs) -> tuple[Dependency, ...]:
    out = []
    ctx.dependency_rows = {r.row: r for r in table.rows}
    for r in ctx.rows(table):
        with ctx.checking():
            v = r.values
            kind = v["kind"]
            if kind in ("requires", "excludes"):
                if not v.get("program") or not v.get("target"):
                    missing = "program" if not v.get("program") else "target"
                    raise InputError("err.dep_columns", ctx.loc(S.DEPENDENCIES, r, missing), kind=kind,
                                     need=_col_names(S.DEPENDENCIES, "program", "target"))
                p = ctx.ref(program_ix, S.DEPENDENCIES, r, "program")
                t = ctx.ref(program_ix, S.DEPENDENCIES, r, "target")
                if p == t:
                    raise InputError("err.dep_self", ctx.loc(S.DEPENDENCIES, r, "target"), value=p)
                out.append(Dependency(kind=kind, program=p, target=t, lag=v.get("lag") or 0, row=r.row))
            else:
                members = v.get("members") or ()
                if not members or v.get("k") is None:
                    missing = "members" if not members else "k"
                    raise InputError("err.dep_columns", ctx.loc(S.DEPENDENCIES, r, missing), kind=kind,
                                     need=_col_names(S.DEPENDENCIES, "members", "k"))
                resolved = tuple(ctx.ref(program_ix, S.DEPENDENCIES, r, "members", m) for m in members)
                if v["k"] > len(resolved):
                    raise InputError("err.group_k", ctx.loc(S.DEPENDENCIES, r, "k"), k=v["k"], n=len(resolved))
                out.append(Dependency(kind=kind, members=resolved, k=v["k"], row=r.row))
    _check_cycles(ctx, out)
    return tuple(out)


def _check_cycles(ctx, deps: list[Dependency]) -> None:
    graph: dict[str, list[tuple[str, Dependency]]] = {}
    for d in deps:
        if d.kind == "requires":
            graph.setdefault(d.program, []).append((d.target, d))
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str):
        state[node] = 1
        stack.append(node)
        for nxt, dep in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise InputError("err.dep_cycle", _dependency_loc(ctx, dep), cycle=" → ".join(cycle))
            if state.get(nxt) is None:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node)


def _check_mandatory_requires(ctx, deps, programs: dict[str, Program]) -> None:
    for d in deps:
        if d.kind == "requires":
            p, t = programs[d.program], programs[d.target]
            if (p.mandatory or p.ongoing) and t.forbidden:
                raise InputError("err.mandatory_forbidden_dep", _dependency_loc(ctx, d), program=p.id, target=t.id)


def _dependency_loc(ctx, dep: Dependency) -> Location:
    """The target cell of a requires/excludes row (the reference that closes a cycle or is forbidden)."""
    row = ctx.dependency_rows.get(dep.row)
    if row is None:
        return Location(file=str(ctx.path), sheet=S.DEPENDENCIES.id, row=dep.row)
    return ctx.loc(S.DEPENDENCIES, row, "target")
