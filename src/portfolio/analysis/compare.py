"""Comparing allocations across scenarios: side by side, with exactly what differs.

Inputs are results workbooks written by ``portfolio solve`` (read from their hidden JSON
payload), model workbooks (solved as they are), scenario YAML files, or names of scenarios on
the model's Scenarios sheet (solved against ``--model``, the embedded default if none); turning
each into a :class:`Run` is :func:`portfolio.api.load_run`. Every input becomes the same plain
summary (``Result.to_json``), so solved and saved runs compare alike.
The first input is the baseline for "gained / lost / changed".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: The kinds of change from the baseline, in the order they are listed; each one's words are the
#: catalogue's ``xlsx.compare.kind.<kind>``.
KINDS = ("gained", "lost", "level_changed", "start_changed")


@dataclass
class Run:
    name: str
    source: str
    summary: dict


@dataclass
class Comparison:
    runs: list[Run]
    summary: pd.DataFrame
    domains: pd.DataFrame
    sources: pd.DataFrame
    ministries: pd.DataFrame
    years: pd.DataFrame
    criteria: pd.DataFrame
    programs: pd.DataFrame
    differences: pd.DataFrame
    overrides: pd.DataFrame
    names: dict = field(default_factory=dict)

    def to_json(self, output: str | None) -> dict:
        diffs: dict[str, dict[str, list]] = {}
        for r in self.runs[1:]:
            sub = self.differences[self.differences["run"] == r.name]
            diffs[r.name] = {kind: sorted(sub.loc[sub["kind"] == kind, "program"].tolist())
                             for kind in KINDS}
        return {"baseline": self.runs[0].name,
                "scenarios": [{"name": r.name, "source": r.source, "status": r.summary.get("status"),
                               "objective": r.summary.get("objective"), "gap": r.summary.get("gap"),
                               "budget_total": r.summary.get("budget_total"),
                               "spend_total": r.summary.get("spend_total")} for r in self.runs],
                "differences": diffs,
                "overrides": {row.key: {r.name: getattr(row, f"v{i}") for i, r in enumerate(self.runs)}
                              for row in self.overrides.itertuples()},
                "output": output}


def _unique_names(runs: list[Run]) -> None:
    seen: dict[str, int] = {}
    for r in runs:
        n = seen.get(r.name, 0)
        seen[r.name] = n + 1
        if n:
            r.name = f"{r.name} ({n + 1})"


def compare(runs: list[Run]) -> Comparison:
    _unique_names(runs)
    summary = pd.DataFrame([{"name": r.name, "source": r.source, "status": r.summary.get("status"),
                             "objective": r.summary.get("objective"), "bound": r.summary.get("bound"),
                             "gap": r.summary.get("gap"), "budget_total": r.summary.get("budget_total"),
                             "spend_total": r.summary.get("spend_total"),
                             "funded": sum(1 for p in r.summary.get("programs", []) if p["funded"]),
                             "budget_scale": r.summary.get("budget_scale")} for r in runs])

    def side_by_side(key: str) -> pd.DataFrame:
        ids = list(dict.fromkeys(k for r in runs for k in r.summary.get(key, {})))
        df = pd.DataFrame({"id": ids})
        for r in runs:
            vals = r.summary.get(key, {})
            df[r.name] = [vals.get(i, 0.0) for i in ids]
        if len(runs) > 1:
            df["change"] = df[runs[-1].name] - df[runs[0].name]
        return df

    program_names: dict[str, str] = {}
    for r in runs:
        program_names.update(r.summary.get("program_names", {}))
        for p in r.summary.get("programs", []):
            program_names.setdefault(p["id"], p.get("name") or p["id"])
    ids = list(dict.fromkeys(p["id"] for r in runs for p in r.summary.get("programs", [])))
    chosen = [{p["id"]: p for p in r.summary.get("programs", [])} for r in runs]
    prog = pd.DataFrame({"id": ids, "name": [program_names.get(i, i) for i in ids]})
    for r, ch in zip(runs, chosen):
        prog[r.name] = [f"{ch[i]['level']}@{ch[i]['start_year']}" if i in ch and ch[i]["funded"] else "" for i in ids]
    diff_rows = []
    base = chosen[0]
    for r, ch in zip(runs[1:], chosen[1:]):
        for i in ids:
            a, b = base.get(i), ch.get(i)
            fa, fb = bool(a and a["funded"]), bool(b and b["funded"])
            if fa and not fb:
                kind = "lost"
            elif fb and not fa:
                kind = "gained"
            elif fa and fb and a["level"] != b["level"]:
                kind = "level_changed"
            elif fa and fb and a["start_year"] != b["start_year"]:
                kind = "start_changed"
            else:
                continue
            diff_rows.append(dict(run=r.name, kind=kind, program=i, name=program_names.get(i, i),
                                  before=f"{a['level']}@{a['start_year']}" if fa else "",
                                  after=f"{b['level']}@{b['start_year']}" if fb else "",
                                  cost_before=a["cost_total"] if fa else 0.0, cost_after=b["cost_total"] if fb else 0.0))
            if kind == "level_changed" and a["start_year"] != b["start_year"]:
                diff_rows.append(dict(run=r.name, kind="start_changed", program=i, name=program_names.get(i, i),
                                      before=f"{a['level']}@{a['start_year']}", after=f"{b['level']}@{b['start_year']}",
                                      cost_before=a["cost_total"], cost_after=b["cost_total"]))
    differences = pd.DataFrame(diff_rows, columns=["run", "kind", "program", "name", "before", "after", "cost_before",
                                                   "cost_after"])

    keys = list(dict.fromkeys(o["key"] for r in runs for o in r.summary.get("overrides", [])))
    ov_rows = []
    for k in keys:
        vals = []
        for r in runs:
            v = next((o["value"] for o in r.summary.get("overrides", []) if o["key"] == k), None)
            vals.append(_fmt(v))
        if len(set(vals)) > 1:
            ov_rows.append({"key": k, **{f"v{i}": v for i, v in enumerate(vals)}})
    overrides = pd.DataFrame(ov_rows, columns=["key", *[f"v{i}" for i in range(len(runs))]])

    years = side_by_side("spend_by_year")
    return Comparison(runs=runs, summary=summary, domains=side_by_side("spend_by_domain"),
                      sources=side_by_side("spend_by_source"), ministries=side_by_side("spend_by_ministry"),
                      years=years, criteria=side_by_side("criteria_contributions"), programs=prog,
                      differences=differences, overrides=overrides, names={"programs": program_names})


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return " ".join("" if x is None else str(x) for x in v)
    return str(v)
