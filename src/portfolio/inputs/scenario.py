"""Scenarios: named overrides layered on a base model, from a YAML file or the Scenarios sheet.

Both forms become one list of :class:`~portfolio.core.data.Override` and go through
:func:`apply_overrides`, the only code that changes a loaded model. Rules:

* an unknown key is an error naming the file (or sheet row) and the key;
* two overrides that set the same thing are an error, never last-one-wins. "The same thing"
  means one key path is a prefix of the other: ``budget.scale`` (the whole budget) conflicts
  with ``budget.FY2027``; forcing a program out conflicts with locking it;
* the overrides applied are recorded in the data (``ModelData.overrides``) and so in every output.

YAML format (see ``docs/scenarios.md``)::

    name: security_first
    description: 安全保障重視の重み
    base: default                 # or a workbook path relative to this file; optional
    budget: {scale: 1.0}          # or {FY2026: 9000, FY2027: 9100, ...}
    # budget: {spend_floor: {FY2026: 3600}}    # a year's spend floor set (null: that year's removed);
    # budget: {spend_floor: null}               # every year's removed
    weights: {deterrence: 0.4, autonomy: 0.3}
    programs:
      force_in: [P01]
      force_out: [P02]
      lock: {P03: {level: 標準, start: 2027}}
    envelopes: {MOD: {FY2027: 1200}}     # or {MOD: {scale: 1.1}}
    capacities: {SECURE: {scale: 0.7}}   # or {SECURE: {FY2027: 300}}
    domains: {quantum: {floor: 500, ceiling: 2000, floor_share: 0.05, critical_mass: 100}}
    settings: {mip_gap: 0.001, time_limit: 120, late_start_discount: 0.05}
    gates: none                          # every stage gate removed; or {remove: [P01]} for some
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..core import schema as S
from ..core.data import ModelData, Override, floor_at_scale
from ..core.errors import InputError, Location, Text
from ..core.limits import MAX_MONEY, MAX_SCALE
from ..core.text import describe_char, invisible_char, norm_id
from .reader import (
    BadValue,
    nearest_ids,
    norm_text,
    shown_id,
    to_bool,
    to_number,
    to_year,
)

TOP_KEYS = ("name", "description", "base", "budget", "weights", "programs", "envelopes", "capacities", "domains",
            "settings", "gates")
PROGRAM_KEYS = ("force_in", "force_out", "lock")
DOMAIN_FIELDS = ("floor", "ceiling", "floor_share", "ceiling_share", "critical_mass")
SETTING_FIELDS = ("mip_gap", "time_limit", "late_start_discount", "allow_tail", "tail_cap", "private_investment_floor")
MAX_SCENARIO_BYTES = 1024 * 1024      # a scenario file is a few hundred bytes; anything near this is a mistake
# The only YAML tags a scenario may hold (what plain YAML resolves to without explicit tags).
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str", "int", "float", "bool", "null",
                                                          "timestamp"))
MAPPING = Text("「項目: 値」の形の対応（マッピング）", "a mapping (key: value)")
TEXT = Text("文字列", "text")
SCENARIO_MONEY = 1.0      # 億円 per unit of a scenario's money: scenario money is always in 億円
SHEET_SETTINGS = ("budget_scale", "budget", "spend_floor", "weight", "force_in", "force_out", "lock", "envelope",
                  "envelope_scale", "capacity", "capacity_scale", *DOMAIN_FIELDS, *SETTING_FIELDS, "remove_gate")


class Scenario:
    """A parsed scenario: its name, base model reference and overrides (not yet applied)."""

    def __init__(self, name: str, overrides: list[Override], base: str | None = None, description: str = "",
                 source: str = ""):
        self.name = name
        self.overrides = overrides
        self.base = base
        self.description = description
        self.source = source


# ---------------------------------------------------------------------------------------------
# YAML files
# ---------------------------------------------------------------------------------------------


def _yaml_tree(path: Path):
    """Parse YAML into python objects, keeping each key's line and refusing duplicate keys."""
    import yaml

    loc = Location(file=str(path))
    size = path.stat().st_size
    if size > MAX_SCENARIO_BYTES:
        raise InputError("err.file_too_large", loc, size=size, limit=MAX_SCENARIO_BYTES)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("err.scenario_encoding", loc) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(file=str(path), line=mark.line + 1) if mark is not None else loc
        detail = " ".join(str(getattr(exc, "problem", None) or exc).split())[:200]
        raise InputError("err.scenario_yaml", where, detail=detail) from None
    if node is None:
        return {}, {}
    lines: dict[tuple, int] = {}
    constructor = yaml.SafeLoader("")
    visited: set[int] = set()

    def walk(n, path_):
        # An alias (*name) makes a node appear twice: expanding nested aliases is the YAML
        # "billion laughs". A scenario never needs one, so any repeat is refused at once.
        if id(n) in visited:
            raise InputError("err.scenario_alias", Location(file=str(path), line=n.start_mark.line + 1,
                                                           key=".".join(path_)))
        visited.add(id(n))
        if n.tag not in PLAIN_TAGS:
            # "!!python/object/apply:os.system" and the like: never constructed, refused by name.
            raise InputError("err.scenario_tag", Location(file=str(path), line=n.start_mark.line + 1,
                                                         key=".".join(path_)),
                             tag=_short(n.tag.replace("tag:yaml.org,2002:", "!!")))
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k_node, v_node in n.value:
                key = constructor.construct_object(k_node, deep=True)
                key_s = norm_text(str(key))
                where = path_ + (key_s,)
                if key_s in out:
                    raise InputError("err.scenario_conflict", Location(file=str(path), key=".".join(where),
                                                                        line=k_node.start_mark.line + 1),
                                     what=".".join(where), first=_line(lines[where]),
                                     second=_line(k_node.start_mark.line + 1))
                lines[where] = k_node.start_mark.line + 1
                out[key_s] = walk(v_node, where)
            return out
        if isinstance(n, yaml.SequenceNode):
            return [walk(v, path_) for v in n.value]
        return constructor.construct_object(n, deep=True)

    data = walk(node, ())
    if not isinstance(data, dict):
        raise InputError("err.scenario_type", loc, value=_short(data), expected=MAPPING)
    return data, lines


def read_scenario_file(path: str | Path) -> Scenario:
    path = Path(path)
    if not path.is_file():
        raise InputError("err.file_missing", Location(file=str(path)))
    data, lines = _yaml_tree(path)

    def origin(*keys) -> str:
        line = lines.get(tuple(keys))
        return f"{path.name}:{line}" if line else path.name

    def at(keys: tuple) -> Location:
        return Location(file=str(path), key=".".join(keys), line=lines.get(tuple(keys)))

    def bad_key(keys: tuple, valid) -> InputError:
        return InputError("err.scenario_unknown_key", at(keys), value=keys[-1], names=", ".join(valid))

    def expect_map(v, keys):
        if not isinstance(v, dict):
            raise InputError("err.scenario_type", at(keys), value=_short(v), expected=MAPPING)
        return v

    ovs: list[Override] = []
    for key, value in data.items():
        if key not in TOP_KEYS:
            raise bad_key((key,), TOP_KEYS)
    for key, value in expect_map(data.get("budget", {}) or {}, ("budget",)).items():
        if key == "scale":
            ovs.append(Override("budget", ("scale", value), origin("budget", key)))
        elif key == "spend_floor" and value is None:
            ovs.append(Override("spend_floor", None, origin("budget", key)))
        elif key == "spend_floor":
            for year, floor in expect_map(value, ("budget", key)).items():
                ovs.append(Override(f"spend_floor.{year}", floor, origin("budget", key, year)))
        else:
            ovs.append(Override(f"budget.{key}", value, origin("budget", key)))
    for key, value in expect_map(data.get("weights", {}) or {}, ("weights",)).items():
        ovs.append(Override(f"weights.{key}", value, origin("weights", key)))
    progs = expect_map(data.get("programs", {}) or {}, ("programs",))
    for key, value in progs.items():
        if key not in PROGRAM_KEYS:
            raise bad_key(("programs", key), PROGRAM_KEYS)
        if key in ("force_in", "force_out"):
            ids = value if isinstance(value, list) else [value]
            for pid in ids:
                ovs.append(Override(f"programs.{norm_text(str(pid))}", "in" if key == "force_in" else "out",
                                    origin("programs", key)))
        else:
            for pid, spec in expect_map(value, ("programs", "lock")).items():
                spec = expect_map(spec, ("programs", "lock", pid))
                for k in spec:
                    if k not in ("level", "start"):
                        raise bad_key(("programs", "lock", pid, k), ("level", "start"))
                ovs.append(Override(f"programs.{pid}", ("lock", spec.get("level"), spec.get("start")),
                                    origin("programs", "lock", pid)))
    for top in ("envelopes", "capacities"):
        for src, spec in expect_map(data.get(top, {}) or {}, (top,)).items():
            for k, v in expect_map(spec, (top, src)).items():
                if k == "scale":
                    ovs.append(Override(f"{top}.{src}", ("scale", v), origin(top, src, k)))
                else:
                    ovs.append(Override(f"{top}.{src}.{k}", v, origin(top, src, k)))
    for dom, spec in expect_map(data.get("domains", {}) or {}, ("domains",)).items():
        for k, v in expect_map(spec, ("domains", dom)).items():
            if k not in DOMAIN_FIELDS:
                raise bad_key(("domains", dom, k), DOMAIN_FIELDS)
            ovs.append(Override(f"domains.{dom}.{k}", v, origin("domains", dom, k)))
    for k, v in expect_map(data.get("settings", {}) or {}, ("settings",)).items():
        if k not in SETTING_FIELDS:
            raise bad_key(("settings", k), SETTING_FIELDS)
        ovs.append(Override(f"settings.{k}", v, origin("settings", k)))
    ovs += _gate_overrides(data, origin, at)
    for key in ("name", "description", "base"):
        v = data.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
            raise InputError("err.scenario_type", at((key,)), value=_short(v), expected=TEXT)
    name = norm_text(str(data.get("name") or path.stem))
    base = data.get("base")
    return Scenario(name=name, overrides=ovs, base=None if base is None else str(base),
                    description=str(data.get("description") or ""), source=str(path))


def _gate_overrides(data: dict, origin, at) -> list[Override]:
    """``gates: none`` (every stage gate removed) or ``gates: {remove: [P01, …]}`` (those programs' gates)."""
    if "gates" not in data:
        return []
    value = data["gates"]
    if value is None or value is False or (isinstance(value, str) and value.strip().lower() == "none"):
        return [Override("gates", "none", origin("gates"))]
    if isinstance(value, dict) and set(value) == {"remove"}:
        ids = value["remove"] if isinstance(value["remove"], list) else [value["remove"]]
        return [Override(f"gates.{norm_text(str(pid))}", "remove", origin("gates", "remove")) for pid in ids]
    raise InputError("err.scenario_type", at(("gates",)), value=_short(value), expected=GATES_VALUE)


GATES_VALUE = Text("none または {remove: [プログラムID, …]}", "none, or {remove: [program id, …]}")


# ---------------------------------------------------------------------------------------------
# Scenarios sheet
# ---------------------------------------------------------------------------------------------


def scenario_names(data: ModelData) -> list[str]:
    return list(dict.fromkeys(r.values["scenario"] for r in data.scenario_rows))


def read_scenario_rows(data: ModelData, name: str) -> Scenario | None:
    """The overrides of one named scenario on the Scenarios sheet, or None if there is no such name."""
    rows = [r for r in data.scenario_rows if r.values["scenario"] == norm_id(name)]
    if not rows:
        return None
    ovs: list[Override] = []
    description = ""
    file = Path(data.path).name
    for r in rows:
        setting = norm_text(r.values["setting"]).lower()
        target = norm_text(str(r.values.get("target") or ""))
        value = r.values.get("value")
        origin = f"{file}:シナリオ!{r.row}"
        description = description or (r.values.get("description") or "")
        loc = Location(file=data.path, sheet="Scenarios", cell=r.cell("setting"), column=S.SCENARIOS.column("setting").ja,
                       column_en="setting")
        if setting not in SHEET_SETTINGS:
            raise InputError("err.scenario_unknown_key", loc, value=setting, names=", ".join(SHEET_SETTINGS))
        if setting == "budget_scale":
            ovs.append(Override("budget", ("scale", value), origin))
        elif setting == "budget":
            ovs.append(Override(f"budget.{target}", value, origin))
        elif setting == "spend_floor":        # target a year (empty: every year, removed)
            ovs.append(Override(f"spend_floor.{target}" if target else "spend_floor", value, origin))
        elif setting == "weight":
            ovs.append(Override(f"weights.{target}", value, origin))
        elif setting in ("force_in", "force_out"):
            ovs.append(Override(f"programs.{target}", "in" if setting == "force_in" else "out", origin))
        elif setting == "lock":
            parts = [p.strip() for p in str(value).replace("@", ",").split(",")]
            level = parts[0] if parts else None
            start = parts[1] if len(parts) > 1 else None
            ovs.append(Override(f"programs.{target}", ("lock", level, start), origin))
        elif setting in ("envelope", "envelope_scale", "capacity", "capacity_scale"):
            top = "envelopes" if setting.startswith("envelope") else "capacities"
            src, _, year = target.partition("@")
            if setting.endswith("_scale"):
                ovs.append(Override(f"{top}.{src}", ("scale", value), origin))
            else:
                ovs.append(Override(f"{top}.{src}.{year}", value, origin))
        elif setting in DOMAIN_FIELDS:
            ovs.append(Override(f"domains.{target}.{setting}", value, origin))
        elif setting == "remove_gate":      # target a gated program (empty: every gate removed)
            ovs.append(Override(f"gates.{target}" if target else "gates", "remove" if target else "none", origin))
        else:
            ovs.append(Override(f"settings.{setting}", value, origin))
    return Scenario(name=rows[0].values["scenario"], overrides=ovs, description=description,
                    source=f"{file}:Scenarios")


# ---------------------------------------------------------------------------------------------
# Applying overrides: the one place a loaded model changes
# ---------------------------------------------------------------------------------------------


def _line(n: int) -> Text:
    return Text(f"{n}行目", f"line {n}")


def _short(v) -> str:
    """A value as shown in a one-line message."""
    return " ".join(str(v).split())[:50]


def _override_loc(source: str, o: Override) -> Location:
    """Where an override was set: the file, its key and, for a YAML file, the line ("name.yaml:12")."""
    m = re.search(r":(\d+)$", o.origin)
    return Location(file=source, key=o.key, line=int(m.group(1)) if m else None)


def override_path(o: Override) -> tuple[str, ...]:
    """An override's key as (kind, id, field or year): an id may hold dots ("K.1"), so the key is
    split by what each kind of override holds, never at every dot."""
    parts = o.key.split(".")
    kind, rest = parts[0], parts[1:]
    if kind in ("budget", "spend_floor"):
        return (kind,) if not rest else (kind, ".".join(rest))
    if kind in ("envelopes", "capacities"):       # both: <id> scaled, or <id>.<year> set
        whole = isinstance(o.value, tuple) and o.value[:1] == ("scale",)
        return (kind, ".".join(rest)) if whole else (kind, ".".join(rest[:-1]), rest[-1] if rest else "")
    if kind == "domains":
        return (kind, ".".join(rest[:-1]), rest[-1] if rest else "")
    if kind == "settings":
        return (kind, rest[0] if rest else "")
    return (kind, ".".join(rest))


def _same_thing(path: tuple[str, ...]) -> tuple[str, ...]:
    """A path as conflicts are found: a year however it is written (FY2027, 2027, 令和9年度)."""
    out = []
    for i, part in enumerate(path):
        year = None
        if (path[0] in ("budget", "spend_floor") and i == 1) or (path[0] == "envelopes" and i == 2):
            try:
                year = to_year(part)
            except BadValue:
                pass
        out.append(str(year) if year is not None else part)
    return tuple(out)


def _check_conflicts(overrides: list[Override], source: str = "") -> None:
    seen: list[tuple[Override, tuple[str, ...]]] = []
    for o in overrides:
        path = _same_thing(override_path(o))
        for prev, p2 in seen:
            n = min(len(path), len(p2))
            if path[:n] == p2[:n]:
                raise InputError("err.scenario_conflict", _override_loc(source, o), what=o.key if len(path) <= len(p2)
                                 else prev.key, first=prev.origin, second=o.origin)
        seen.append((o, path))


def apply_overrides(data: ModelData, scenario: Scenario) -> ModelData:
    """A new ModelData with the scenario's overrides applied (the input data is unchanged)."""
    ovs = scenario.overrides
    _check_conflicts(ovs, scenario.source)
    changed = _Changes(data, scenario)
    for o in ovs:
        changed.apply(o)
    weights, settings = changed.weights, changed.settings
    if sum(weights.values()) <= 0:
        raise InputError("err.weights_zero", Location(file=scenario.source, key="weights"))
    if settings.allow_tail and settings.tail_cap is None:
        raise InputError("err.tail_cap_required", Location(file=scenario.source, key="settings.tail_cap"))
    criteria = tuple(replace(c, weight=weights[c.id]) for c in data.criteria)
    spend_floor = changed.checked_spend_floor()
    return replace(data, budget=tuple(changed.budget), spend_floor=spend_floor, criteria=criteria,
                   programs=tuple(changed.programs[p.id] for p in data.programs),
                   sources=tuple(changed.sources[s.id] for s in data.sources),
                   capacities=tuple(changed.capacities[c.id] for c in data.capacities),
                   domains=tuple(changed.domains[d.id] for d in data.domains), settings=settings,
                   scenario=scenario.name, overrides=tuple(data.overrides) + tuple(ovs), base_budget=(),
                   gates=changed.gates)


class _Changes:
    """The model's budget, weights, programs, sources, domains and settings as the overrides change them.

    Each override is checked where it is applied: a value of the wrong type or out of range, an
    unknown id or a year outside the horizon is an error naming the override.
    """

    def __init__(self, data: ModelData, scenario: Scenario):
        self.data = data
        self.scenario = scenario
        self.years = data.years
        self.budget = list(data.budget)
        self.floor: list[float | None] = list(data.spend_floor or (None,) * len(data.years))
        self.floor_set: dict[int, Override] = {}     # year → the override that set its floor
        self.weights = {c.id: c.weight for c in data.criteria}
        self.programs = {p.id: p for p in data.programs}
        self.sources = {s.id: s for s in data.sources}
        self.capacities = {c.id: c for c in data.capacities}
        self.domains = {d.id: d for d in data.domains}
        self.settings = data.settings
        self.gates = tuple(data.gates)

    def apply(self, o: Override) -> None:
        path = override_path(o)
        handler = {"budget": self._budget, "spend_floor": self._spend_floor, "weights": self._weight,
                   "programs": self._program, "envelopes": self._envelope, "capacities": self._capacity,
                   "domains": self._domain, "settings": self._setting, "gates": self._gates}.get(path[0])
        if handler is not None:
            handler(o, path)

    # -- one kind of override each -------------------------------------------------------------
    def _gates(self, o: Override, path: tuple[str, ...]) -> None:
        """Stage gates removed: all of them, or one program's (an id without a gate is an error)."""
        if len(path) == 1 or not path[1]:
            self.gates = ()
            return
        pid = self._lookup(o, {g.program: g.program for g in self.data.gates}, path[1])
        self.gates = tuple(g for g in self.gates if g.program != pid)

    def _budget(self, o: Override, path: tuple[str, ...]) -> None:
        if len(path) == 1:
            factor = self._number(o, o.value[1], lo=0.0, hi=MAX_SCALE)
            self.budget = [b * factor for b in self.budget]
            # The spend floor moves with the budget's scale, unless the scenario states a year's floor.
            self.floor = [f if f is None or y in self.floor_set else floor_at_scale(f, factor)
                          for y, f in zip(self.years, self.floor)]
        else:
            y = self._year(o, path[1])
            self.budget[self.years.index(y)] = self._number(o, o.value) * SCENARIO_MONEY

    def _spend_floor(self, o: Override, path: tuple[str, ...]) -> None:
        if len(path) == 1:          # every year's floor removed
            self.floor = [None] * len(self.years)
            return
        y = self._year(o, path[1])
        self.floor[self.years.index(y)] = None if o.value is None else self._number(o, o.value) * SCENARIO_MONEY
        self.floor_set[y] = o

    def checked_spend_floor(self) -> tuple[float | None, ...]:
        """The spend floor after every override, each year's at most that year's total budget."""
        for y, f, b in zip(self.years, self.floor, self.budget):
            if f is not None and f > b + 1e-9:
                o = self.floor_set.get(y)
                loc = _override_loc(self.scenario.source, o) if o else Location(file=self.scenario.source, key="budget")
                raise InputError("err.spend_floor_above_budget", loc, floor=f, budget=b, year=y)
        return tuple(self.floor) if any(f is not None for f in self.floor) else ()

    def _weight(self, o: Override, path: tuple[str, ...]) -> None:
        c = self._lookup(o, self.weights, path[1])
        self.weights[c] = self._number(o, o.value)

    def _program(self, o: Override, path: tuple[str, ...]) -> None:
        pid = self._lookup(o, self.programs, path[1])
        p = self.programs[pid]
        if o.value == "in":
            self.programs[pid] = replace(p, mandatory=True, forbidden=False)
        elif o.value == "out":
            # Forcing out an ongoing (継続) program means ending it: it is no longer committed.
            self.programs[pid] = replace(p, mandatory=False, forbidden=True, ongoing=False)
        else:
            _, level, start = o.value
            self.programs[pid] = _lock(o, p, level, start, self.data, self.scenario)

    def _envelope(self, o: Override, path: tuple[str, ...]) -> None:
        sid = self._lookup(o, self.sources, path[1])
        s = self.sources[sid]
        self.sources[sid] = replace(s, envelope=self._series(o, path, s.envelope, SCENARIO_MONEY))

    def _capacity(self, o: Override, path: list[str]) -> None:
        cid = self._lookup(o, self.capacities, path[1])
        c = self.capacities[cid]
        self.capacities[cid] = replace(c, capacity=self._series(o, path, c.capacity, 1.0))

    def _series(self, o: Override, path: list[str], series, unit: float) -> tuple[float, ...]:
        """A per-year series scaled (``<top>.<id>``) or with one year set (``<top>.<id>.<year>``)."""
        values = list(series)
        if len(path) == 2:
            factor = self._number(o, o.value[1], lo=0.0, hi=MAX_SCALE)
            return tuple(e * factor for e in values)
        y = self._year(o, path[2])
        values[self.years.index(y)] = self._number(o, o.value) * unit
        return tuple(values)

    def _domain(self, o: Override, path: tuple[str, ...]) -> None:
        did = self._lookup(o, self.domains, path[1])
        field_ = path[2]
        hi = 1.0 if field_.endswith("share") else MAX_MONEY
        value = None if o.value is None else self._number(o, o.value, hi=hi)
        self.domains[did] = replace(self.domains[did], **{field_: value})

    def _setting(self, o: Override, path: tuple[str, ...]) -> None:
        field_ = path[1]
        if field_ == "allow_tail":
            try:
                value = to_bool(o.value)
            except BadValue:
                self._fail(o, o.value, Text("TRUE または FALSE", "TRUE or FALSE"))
        elif field_ in ("mip_gap", "late_start_discount"):
            value = self._number(o, o.value, hi=1.0)
        elif field_ == "private_investment_floor" and o.value is None:
            value = None            # the floor removed
        elif field_ == "private_investment_floor":
            value = self._number(o, o.value) * SCENARIO_MONEY
        else:
            value = self._number(o, o.value)
        self.settings = replace(self.settings, **{field_: value})

    # -- checked values ------------------------------------------------------------------------
    def _fail(self, o: Override, value, expected: Text, key: str = "err.scenario_type"):
        raise InputError(key, _override_loc(self.scenario.source, o), value=_short(value), expected=expected)

    def _number(self, o: Override, v, lo: float | None = 0.0, hi: float | None = MAX_MONEY) -> float:
        """A number from `lo` to `hi` (by default no larger than any plausible amount, so that 1e308
        never reaches the model: it would solve, then fail while its figures are written)."""
        try:
            x = to_number(v)
        except BadValue:
            self._fail(o, v, Text("数値", "a number"))
        if (lo is not None and x < lo) or (hi is not None and x > hi):
            top = f"{hi:g}" if hi is not None else "∞"
            self._fail(o, v, Text(f"{lo:g}以上{top}以下の数値", f"a number in [{lo:g}, {top}]"))
        return x

    def _year(self, o: Override, token) -> int:
        years = self.years
        expected = Text(f"FY{years[0]}〜FY{years[-1]} の年度", f"a fiscal year FY{years[0]}–FY{years[-1]}")
        try:
            y = to_year(token)
        except BadValue:
            self._fail(o, token, expected)
        if y not in years:
            self._fail(o, token, expected)
        return y

    def _lookup(self, o: Override, table: dict, ident: str) -> str:
        """The id in `table` that `ident` names: exactly, as every id is compared (width and surrounding
        spaces aside; case, brackets and punctuation kept). Never a look-alike."""
        loc = _override_loc(self.scenario.source, o)
        ch = invisible_char(str(ident))
        if ch is not None:
            raise InputError("err.invisible_char", loc, value=shown_id(str(ident)), char=describe_char(ch))
        ident = norm_id(ident)
        if ident in table:
            return ident
        same_but_case = next((k for k in table if k.casefold() == ident.casefold()), None)
        if same_but_case is not None:
            raise InputError("err.scenario_id_case", loc, value=ident, id=same_but_case)
        # Every id when there are few, else the nearest ones (then the first few).
        names = list(table) if len(table) <= 30 else (nearest_ids(ident, list(table)) or list(table)[:30])
        raise InputError("err.scenario_unknown_key", loc, value=ident,
                         names=", ".join(names) + (" …" if len(names) < len(table) else ""))


def _lock(o: Override, p, level, start, data: ModelData, scenario: Scenario):
    from ..core.data import start_options

    st = data.settings
    loc = _override_loc(scenario.source, o)
    if level is None and len(p.levels) == 1:
        level = p.levels[0].id          # a program with one level needs no level in its lock
    shown_level = level if level is not None else Text("（水準未指定）", "(no level given)")
    lv = next((x.id for x in p.levels if level is not None and x.id == norm_id(level)), None)
    if lv is None:
        raise InputError("err.scenario_lock", loc, program=p.id, level=shown_level, start=start,
                         reason=Text("水準：" + ", ".join(x.id for x in p.levels),
                                     "levels: " + ", ".join(x.id for x in p.levels)))
    try:
        year = to_year(start) if start is not None else (st.first_year if p.ongoing else p.earliest_start)
    except BadValue:
        raise InputError("err.scenario_lock", loc, program=p.id, level=shown_level, start=start,
                         reason=Text("開始は年度で指定してください", "start must be a fiscal year")) from None
    allowed, _ = start_options(replace(p, lock_start=None), st.first_year, st.last_year, st.allow_tail)
    if year not in allowed:
        raise InputError("err.scenario_lock", loc, program=p.id, level=lv, start=year,
                         reason=Text("開始可能な年度：" + ", ".join(map(str, allowed)),
                                     "allowed starts: " + ", ".join(map(str, allowed))))
    return replace(p, lock_level=lv, lock_start=year, forbidden=False)


def resolve_scenario(arg: str, model_arg: str | None, default_path: Path):
    """Work out the base model path and the Scenario for ``--scenario ARG`` with optional MODEL.

    ARG is a YAML file, or the name of a scenario on the model's Scenarios sheet. Returns
    (model path, Scenario or a sheet-scenario name to read after loading).
    """
    p = Path(arg)
    is_file = p.suffix.lower() in (".yaml", ".yml") or p.is_file()
    if not is_file:
        return (Path(model_arg) if model_arg else default_path), arg
    scen = read_scenario_file(p)
    if scen.base is None:
        return (Path(model_arg) if model_arg else default_path), scen
    base = default_path if scen.base.strip().lower() == "default" else (p.parent / scen.base)
    if not base.is_file():
        raise InputError("err.scenario_base_missing", Location(file=str(p), key="base"), value=scen.base)
    if model_arg:
        from ..core.safeio import _same
        if not _same(Path(model_arg), base):
            raise InputError("err.scenario_base_mismatch", Location(file=str(p), key="base"), scenario=scen.base,
                             cli=model_arg)
    return base, scen
