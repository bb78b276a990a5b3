"""Comparing allocations across scenarios: side by side, with exactly what differs.

Inputs are results workbooks written by ``portfolio solve`` (read from their hidden JSON
payload), model workbooks (solved as they are), scenario YAML files, or names of scenarios on
the model's Scenarios sheet (solved against ``--model``, the embedded default if none); turning
each into a :class:`Run` is :func:`portfolio.api.load_run`. Every input becomes the same plain
summary (``Result.to_json`` with names), so solved and saved runs compare alike.
The first input is the baseline for "gained / lost / changed" and for every change column.

Objectives computed under different weightings are not comparable, so every plan is also
rescored under the baseline's weights (:func:`rescored`, from each funded program's unweighted
value per criterion, ``score_terms``); each run's own objective is shown beside it, marked as
its own. A run without a plan (an infeasible scenario) stays in the comparison with its status and
explanation, and with no figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

#: The kinds of change from the baseline, in the order they are listed; each one's words are the
#: catalogue's ``xlsx.compare.kind.<kind>``.
KINDS = ("gained", "lost", "level_changed", "start_changed")


@dataclass
class Run:
    name: str
    source: str
    summary: dict

    @property
    def has_plan(self) -> bool:
        """Whether the run found a plan (an infeasible scenario or a time-out has none)."""
        return has_plan(self)


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
    #: The kinds of difference, in the order they are told (for writers, which do not import analysis).
    kinds: ClassVar[tuple[str, ...]] = KINDS

    @staticmethod
    def change_column(i: int) -> str:
        return change_column(i)

    def to_json(self, output: str | None) -> dict:
        diffs: dict[str, dict[str, list]] = {}
        for r in self.runs[1:]:
            sub = self.differences[self.differences["run"] == r.name]
            diffs[r.name] = {kind: sorted(sub.loc[sub["kind"] == kind, "program"].tolist())
                             for kind in KINDS}
        return {"baseline": self.runs[0].name,
                "scenarios": [{"name": r.name, "source": r.source, "status": r.summary.get("status"),
                               "objective": r.summary.get("objective"),
                               "objective_base_weights": rescored(r, self.runs[0].summary.get("weights") or {}),
                               "explanation": r.summary.get("explanation"), "gap": r.summary.get("gap"),
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


def has_plan(run: Run) -> bool:
    return run.summary.get("status") in ("optimal", "feasible")


def rescored(run: Run, weights: dict[str, float]) -> float | None:
    """The run's plan valued under `weights` (normalised), from its programs' unweighted value per
    criterion; None without a plan, or for a workbook saved before those values were kept."""
    if not has_plan(run):
        return None
    total = 0.0
    for p in run.summary.get("programs", []):
        if not p.get("funded"):
            continue
        terms = p.get("score_terms")
        if terms is None:
            return None
        total += sum(weights.get(c, 0.0) * (v or 0.0) for c, v in terms.items())
    return total


def compare(runs: list[Run]) -> Comparison:
    _unique_names(runs)
    base_weights = runs[0].summary.get("weights") or {}
    summary = pd.DataFrame([{"name": r.name, "source": r.source, "status": r.summary.get("status"),
                             "objective_base_weights": rescored(r, base_weights),
                             "objective": r.summary.get("objective"), "bound": r.summary.get("bound"),
                             "gap": r.summary.get("gap"), "budget_total": r.summary.get("budget_total"),
                             "spend_total": r.summary.get("spend_total"),
                             "funded": sum(1 for p in r.summary.get("programs", []) if p["funded"])
                             if has_plan(r) else None,
                             "budget_scale": r.summary.get("budget_scale"),
                             "same_weights": _same_weights(r.summary.get("weights"), base_weights),
                             "explanation": " ".join(r.summary.get("explanation") or [])} for r in runs])
    names = _names(runs)
    programs, differences = _programs(runs, names["programs"])
    return Comparison(runs=runs, summary=summary, domains=_side_by_side(runs, "spend_by_domain", names["domains"]),
                      sources=_side_by_side(runs, "spend_by_source", names["sources"]),
                      ministries=_side_by_side(runs, "spend_by_ministry", names["sources"]),
                      years=_side_by_side(runs, "spend_by_year", {}),
                      criteria=_side_by_side(runs, "criteria_contributions", names["criteria"]),
                      programs=programs, differences=differences, overrides=_overrides(runs), names=names)


def _same_weights(w: dict | None, base: dict) -> bool:
    return bool(w) and set(w) == set(base) and all(abs(w[c] - base[c]) < 1e-9 for c in w)


def change_column(i: int) -> str:
    """The column of run i's change against the baseline (run 0) in a side-by-side table."""
    return f"change_{i}"


def _side_by_side(runs: list[Run], key: str, names: dict) -> pd.DataFrame:
    """One row per id, one column per run (empty for a run without a plan), and one change column per
    run against the baseline."""
    ids = list(dict.fromkeys(k for r in runs for k in r.summary.get(key, {})))
    df = pd.DataFrame({"id": ids, "name_ja": [names.get(i, [i, i])[0] for i in ids],
                       "name_en": [names.get(i, [i, i])[1] for i in ids]})
    for r in runs:
        vals = r.summary.get(key, {})
        df[r.name] = [vals.get(i, 0.0) if has_plan(r) else None for i in ids]
    for i, r in enumerate(runs[1:], start=1):
        both = has_plan(runs[0]) and has_plan(r)
        df[change_column(i)] = (df[r.name] - df[runs[0].name]) if both else None
    return df


def _names(runs: list[Run]) -> dict[str, dict[str, list[str]]]:
    """Display names by kind and id, [Japanese, English], from every run (older payloads: programs only)."""
    out: dict[str, dict[str, list[str]]] = {"programs": {}, "domains": {}, "sources": {}, "criteria": {}}
    for r in runs:
        for kind, table in (r.summary.get("names") or {}).items():
            out.setdefault(kind, {}).update({k: list(v) for k, v in table.items()})
        for pid, name in (r.summary.get("program_names") or {}).items():
            out["programs"].setdefault(pid, [name, name])
        for p in r.summary.get("programs", []):
            out["programs"].setdefault(p["id"], [p.get("name") or p["id"]] * 2)
    return out


def _programs(runs: list[Run], names: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each program's level@start in every run, and what differs from the baseline, kind by kind."""
    ids = list(dict.fromkeys(p["id"] for r in runs for p in r.summary.get("programs", [])))
    chosen = [{p["id"]: p for p in r.summary.get("programs", [])} for r in runs]
    prog = pd.DataFrame({"id": ids, "name_ja": [names.get(i, [i, i])[0] for i in ids],
                         "name_en": [names.get(i, [i, i])[1] for i in ids]})
    for r, ch in zip(runs, chosen):
        prog[r.name] = [f"{ch[i]['level']}@{ch[i]['start_year']}" if i in ch and ch[i]["funded"] else "" for i in ids]
    diff_rows = []
    base = chosen[0]
    for r, ch in zip(runs[1:], chosen[1:]):
        if not (has_plan(runs[0]) and has_plan(r)):
            continue
        for i in ids:
            diff_rows += _differences(r.name, i, base.get(i), ch.get(i), names.get(i, [i, i]))
    differences = pd.DataFrame(diff_rows, columns=["run", "kind", "program", "name_ja", "name_en", "before", "after",
                                                   "cost_before", "cost_after"])
    return prog, differences


def _differences(run: str, pid: str, a: dict | None, b: dict | None, name: list[str]) -> list[dict]:
    fa, fb = bool(a and a["funded"]), bool(b and b["funded"])
    kinds = []
    if fa and not fb:
        kinds = ["lost"]
    elif fb and not fa:
        kinds = ["gained"]
    elif fa and fb:
        kinds = [k for k, differs in (("level_changed", a["level"] != b["level"]),
                                      ("start_changed", a["start_year"] != b["start_year"])) if differs]
    return [dict(run=run, kind=kind, program=pid, name_ja=name[0], name_en=name[1],
                 before=f"{a['level']}@{a['start_year']}" if fa else "",
                 after=f"{b['level']}@{b['start_year']}" if fb else "",
                 cost_before=a["cost_total"] if fa else 0.0, cost_after=b["cost_total"] if fb else 0.0)
            for kind in kinds]


def _overrides(runs: list[Run]) -> pd.DataFrame:
    keys = list(dict.fromkeys(o["key"] for r in runs for o in r.summary.get("overrides", [])))
    ov_rows = []
    for k in keys:
        vals = [_fmt(next((o["value"] for o in r.summary.get("overrides", []) if o["key"] == k), None)) for r in runs]
        if len(set(vals)) > 1:
            ov_rows.append({"key": k, **{f"v{i}": v for i, v in enumerate(vals)}})
    return pd.DataFrame(ov_rows, columns=["key", *[f"v{i}" for i in range(len(runs))]])


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return " ".join("" if x is None else str(x) for x in v)
    return str(v)
