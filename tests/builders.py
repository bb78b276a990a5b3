"""Small models built in code and written as real workbooks with the project's own writer.

A test describes only what matters to it; everything else gets a harmless default:

    m = Model(years=(2026, 2028), budget=100)
    m.program("P", cost=[10, 10], value=5, start=(2026, 2027))
    result = m.solve(tmp_path)

Defaults: one criterion ``v`` (weight 1, so the objective is the plain score), one domain ``D``,
one annual source ``A`` with a large envelope, Settings ``mip_gap`` 0. A program's ``value`` is
its score on ``v`` (or a dict of scores when the model has several criteria); ``cost`` is the
cost per program year, and its length is the duration unless ``duration`` is given.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Callable, Iterable

BIG = 1e6
_counter = itertools.count()


class Model:
    def __init__(self, years: tuple[int, int] = (2026, 2028), budget: float | Iterable[float] = BIG,
                 spend_floor: float | Iterable[float | None] | None = None, **settings: Any):
        first, last = years
        self.years = list(range(first, last + 1))
        self.settings: dict[str, Any] = {"model_name": "test", "first_year": first, "last_year": last,
                                         "mip_gap": 0.0, "time_limit": 60, **settings}
        self.budget = self.per_year(budget)
        self.spend_floor = [None] * len(self.years) if spend_floor is None else self.per_year(spend_floor)
        self.criteria: list[dict] = []
        self.domains: list[dict] = []
        self.sources: list[dict] = []
        self.rules: list[dict] = []
        self.programs: list[dict] = []
        self.levels: list[dict] = []
        self.capacities: list[dict] = []
        self.uses: list[dict] = []
        self.gains: list[dict] = []
        self.deps: list[dict] = []
        self.sheets: dict[str, list[dict]] = {}     # extra raw rows per sheet (e.g. Scenarios)

    # -- helpers ---------------------------------------------------------------------------------
    def per_year(self, v: float | Iterable[float]) -> list[float]:
        if isinstance(v, (int, float)):
            return [v] * len(self.years)
        v = list(v)
        assert len(v) == len(self.years), f"{len(v)} values for {len(self.years)} years"
        return v

    def fy(self, v: float | Iterable[float]) -> dict[str, float]:
        return {f"FY{y}": x for y, x in zip(self.years, self.per_year(v))}

    # -- sheets ------------------------------------------------------------------------------------
    def criterion(self, id: str, weight: float = 1.0, **kw) -> "Model":
        self.criteria.append({"id": id, "name_ja": kw.pop("name_ja", f"基準{id}"), "weight": weight, **kw})
        return self

    def domain(self, id: str, group: str = "national_strategic", **kw) -> "Model":
        self.domains.append({"id": id, "name_ja": kw.pop("name_ja", f"領域{id}"), "group": group, **kw})
        return self

    def source(self, id: str, kind: str = "annual", envelope: float | Iterable[float] = BIG, **kw) -> "Model":
        self.sources.append({"id": id, "name_ja": kw.pop("name_ja", f"財源{id}"), "kind": kind,
                             **self.fy(envelope), **kw})
        return self

    def rule(self, source: str, target_type: str = "all", target: str = "", max_share: float = 1.0) -> "Model":
        self.rules.append({"source": source, "target_type": target_type, "target": target, "max_share": max_share})
        return self

    def program(self, id: str, cost: Iterable[float] | None = None, value: float | dict | None = None, *,
                start: int | tuple[int, int] | None = None, duration: int | None = None,
                levels: dict[str, tuple] | None = None, use: dict[str, float] | None = None,
                domain: str | None = None, lead: str | None = None, **kw) -> "Model":
        """A program with one level ``std`` (cost, value) or several: levels={"low": (cost, value), ...}."""
        if levels is None:
            levels = {"std": (list(cost or []), 0.0 if value is None else value)}
        if duration is None:
            duration = max(len(c) for c, _ in levels.values())
        if start is None:
            start = self.years[0]
        earliest, latest = (start, start) if isinstance(start, int) else start
        self.programs.append({"id": id, "name_ja": kw.pop("name_ja", f"プログラム{id}"), "domain": domain,
                              "lead": lead, "earliest_start": earliest, "latest_start": latest,
                              "duration": duration, **kw})
        for lid, (c, v) in levels.items():
            self.levels.append({"program": id, "level": lid, "cost": list(c), "value": v})
        for cap, u in (use or {}).items():
            self.uses.append({"program": id, "capacity": cap, "use": u})
        return self

    def capacity(self, id: str, per_year: float | Iterable[float], **kw) -> "Model":
        self.capacities.append({"id": id, "name_ja": kw.pop("name_ja", f"資源{id}"), **self.fy(per_year), **kw})
        return self

    def use(self, program: str, capacity: str, use: float, level: str = "") -> "Model":
        self.uses.append({"program": program, "level": level, "capacity": capacity, "use": use})
        return self

    def gain(self, program: str, capacity: str, gain: float, lag: int = 0, level: str = "") -> "Model":
        """The program creates `gain` of `capacity` in every year from its start plus `lag` (CapacityGain)."""
        self.gains.append({"program": program, "level": level, "capacity": capacity, "gain": gain, "lag": lag})
        return self

    def requires(self, program: str, target: str, lag: int = 0) -> "Model":
        self.deps.append({"kind": "requires", "program": program, "target": target, "lag": lag})
        return self

    def excludes(self, program: str, target: str) -> "Model":
        self.deps.append({"kind": "excludes", "program": program, "target": target})
        return self

    def at_least(self, members: Iterable[str], k: int) -> "Model":
        self.deps.append({"kind": "at_least", "members": ", ".join(members), "k": k})
        return self

    def at_most(self, members: Iterable[str], k: int) -> "Model":
        self.deps.append({"kind": "at_most", "members": ", ".join(members), "k": k})
        return self

    # -- output ------------------------------------------------------------------------------------
    def content(self) -> dict[str, Any]:
        criteria = self.criteria or [{"id": "v", "name_ja": "価値", "weight": 1.0}]
        domains = self.domains or [{"id": "D", "name_ja": "領域D", "group": "national_strategic"}]
        sources = self.sources or [{"id": "A", "name_ja": "財源A", "kind": "annual", **self.fy(BIG)}]
        annual = next(s["id"] for s in sources if s["kind"] == "annual")
        programs = [{**p, "domain": p["domain"] or domains[0]["id"], "lead": p["lead"] or annual}
                    for p in self.programs]
        crit_ids = [c["id"] for c in criteria]
        levels = []
        for lv in self.levels:
            row = {"program": lv["program"], "level": lv["level"]}
            row.update({f"y{k}": c for k, c in enumerate(lv["cost"], start=1)})
            v = lv["value"]
            scores = v if isinstance(v, dict) else {crit_ids[0]: v, **{c: 0 for c in crit_ids[1:]}}
            row.update(scores)
            levels.append(row)
        out: dict[str, Any] = {
            "Settings": dict(self.settings),
            "Budget": [{"fiscal_year": y, "total_budget": b, **({} if f is None else {"spend_floor": f})}
                       for y, b, f in zip(self.years, self.budget, self.spend_floor)],
            "Criteria": criteria, "Domains": domains, "FundingSources": sources,
            "Programs": programs, "FundingLevels": levels,
        }
        for sheet, rows in (("Eligibility", self.rules), ("Capacities", self.capacities),
                            ("CapacityUse", self.uses), ("CapacityGain", self.gains), ("Dependencies", self.deps)):
            if rows:
                out[sheet] = rows
        out.update(self.sheets)
        return out

    def write(self, folder: Path, name: str | None = None) -> Path:
        from portfolio.inputs.template import write_input_workbook

        path = Path(folder) / (name or f"model{next(_counter)}.xlsx")
        return write_input_workbook(path, self.content(), force=True)

    def load(self, folder: Path):
        import portfolio

        return portfolio.load_model(self.write(folder))

    def solve(self, folder: Path, **kw):
        """Write, load and solve (gap 0 unless given); every solution is checked by the invariants."""
        from invariants import check_invariants

        import portfolio

        data = self.load(folder)
        kw.setdefault("mip_gap", 0.0)
        result = portfolio.solve(data, **kw)
        if result.has_solution:
            check_invariants(data, result)
        return result


def row_of(content: dict, sheet: str, **match) -> dict:
    """The first row (a dict) of `sheet` in workbook content whose fields equal `match`."""
    return next(r for r in content[sheet] if all(r.get(k) == v for k, v in match.items()))


def content_changed(model: Callable[[], Model], change: Callable[[dict], object], name: str):
    """A builder folder → workbook path: `model()`'s content (rows as dicts) modified by `change`,
    then written with the project's writer (for what Model's own methods cannot express)."""
    def build(folder: Path) -> Path:
        from portfolio.inputs.template import write_input_workbook

        content = model().content()
        change(content)
        return write_input_workbook(Path(folder) / name, content, force=True)
    return build


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """Run the ``portfolio`` command line in-process: (exit code, stdout, stderr)."""
    from portfolio.cli import main

    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def picked(result) -> set[tuple[str, str, int]]:
    """The funded (program, level, start) triples of a result."""
    return set(result.portfolio())


def parse_mknap(path: Path) -> list[dict]:
    """The instances of an OR-Library mknap file: n, m, optimum, values, uses[m][n], capacities.

    Shared with benchmarks/run.py (the published-optima measure).
    """
    tokens = path.read_text().split()
    pos = 0

    def take(k):
        nonlocal pos
        out = tokens[pos:pos + k]
        pos += k
        return out

    (count,) = take(1)
    instances = []
    for _ in range(int(count)):
        n, m, opt = take(3)
        n, m = int(n), int(m)
        values = [float(x) for x in take(n)]
        uses = [[float(x) for x in take(n)] for _ in range(m)]
        caps = [float(x) for x in take(m)]
        instances.append(dict(n=n, m=m, optimum=float(opt), values=values, uses=uses, caps=caps))
    assert pos == len(tokens), f"trailing data in {path}"
    return instances
