"""The frontier workbook: Frontier (points, status and a native scatter chart), PayoffTable, Plans
(each program at each point) and WeightedOptimum (where today's optimum sits, its neighbours)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from .excel import Col, ExcelWriter, write_workbook

if TYPE_CHECKING:
    from ..analysis.frontier import Frontier


def write_frontier(fr: Frontier, path: str | Path, *, lang: str = "ja", force: bool = False,
                   inputs: tuple = ()) -> Path:
    """Write the frontier workbook (atomically), with the JSON payload embedded."""
    return write_workbook(path, SHEETS, fr, lang=lang, force=force, inputs=inputs, payload=fr.to_json(str(path)))


def _criterion_cols(fr: Frontier, prefix: str = "c_") -> list[Col]:
    crit = fr.data.criterion_by_id
    return [Col(f"{prefix}{c}", crit[c].name("ja"), crit[c].name("en"), "int" if fr.exact else "number")
            for c in fr.criteria]


def _frontier_sheet(xw: ExcelWriter, fr: Frontier, lang: str) -> None:
    """Frontier: the status sentences, one row per point and the scatter chart of the first two criteria."""
    from .frontier_text import (
        change_text,
        position_sentences,
        status_sentences,
        steps_between,
    )

    d = fr.data
    ws = xw.sheet("トレードオフ", "Frontier")
    names = {c.id: c.name(lang) for c in d.criteria}
    lines = [(t("xlsx.ladder.model", lang), d.settings.model_name or Path(d.path).name),
             (t("xlsx.ladder.scenario", lang), d.scenario or t("xlsx.ladder.base_scenario", lang)),
             (t("xlsx.frontier.criteria", lang), " / ".join(names[c] for c in fr.criteria)),
             (t("xlsx.frontier.mode", lang), t("xlsx.frontier.mode.exact" if fr.exact else "xlsx.frontier.mode.grid",
                                               lang)),
             (t("xlsx.ladder.gap_target", lang), (fr.options.mip_gap, "share")),
             (t("xlsx.frontier.solves", lang), (fr.solves, "int")),
             (t("xlsx.frontier.bypassed", lang), (fr.bypassed, "int")),
             (t("xlsx.ladder.workers", lang), (fr.workers, "int"))]
    lines += [(t("xlsx.frontier.status", lang), s) for s in status_sentences(fr, lang)]
    lines += [(t("xlsx.frontier.weighted", lang), s) for s in position_sentences(fr, lang)]
    r = xw.title_block(ws, t("xlsx.frontier.title", lang), lines)
    changes = steps_between(fr)
    rows = []
    for p, (added, removed, moved) in zip(fr.points, changes):
        row = {"plan_id": p.plan_id, "objective": p.objective, "funded": len(p.portfolio),
               "status": t(f"status.{p.status}", lang), "gap": p.gap,
               "change": "" if p is fr.points[0] else change_text(fr, added, removed, moved, lang),
               "programs": ", ".join(p.funded),
               "weighted": fr.position is not None and fr.position.plan_id == p.plan_id}
        row.update({f"c_{c}": v for c, v in p.criteria.items()})
        rows.append(row)
    cols = ([Col("plan_id", "点", "Point")] + _criterion_cols(fr) +
            [Col("objective", "目的関数値（現在の重み）", "Objective (today's weights)", "number"),
             Col("weighted", "現在の最適解", "Today's optimum", "bool"),
             Col("funded", "採択数", "Funded programs", "int"), Col("status", "求解状況", "Status"),
             Col("gap", "ギャップ", "Gap", "share"),
             Col("change", "前の点からの変更", "Change from the point before"),
             Col("programs", "採択プログラム", "Funded programs (ids)")])
    hr, last = xw.table(ws, pd.DataFrame(rows), cols, first_row=r, freeze=False, widths={"change": 50, "programs": 40})
    _chart(xw, ws, fr, hr, last, lang)


def _chart(xw: ExcelWriter, ws, fr: Frontier, hr: int, last: int, lang: str) -> None:
    """A native scatter chart: the first criterion across, the second up; today's optimum as its own series."""
    names = {c.id: c.name(lang) for c in fr.data.criteria}
    a, b = fr.criteria[0], fr.criteria[1]
    ch = xw.chart("scatter", t("xlsx.frontier.chart", lang, a=names[a], b=names[b]), x_title=names[a],
                  y_title=names[b], money_axis=False)
    sheet = ws.get_name()
    ch.add_series({"name": t("xlsx.frontier.series", lang), "categories": [sheet, hr + 1, 1, last, 1],
                   "values": [sheet, hr + 1, 2, last, 2], "marker": {"type": "circle", "size": 7}})
    pos = fr.position
    row = last + 2
    if pos is not None:
        ws.write_string(row, 0, t("xlsx.frontier.weighted", lang), xw.f["sub"])
        xw.write_value(ws, row, 1, pos.criteria[a], "number")
        xw.write_value(ws, row, 2, pos.criteria[b], "number")
        ch.add_series({"name": t("xlsx.frontier.weighted", lang), "categories": [sheet, row, 1, row, 1],
                       "values": [sheet, row, 2, row, 2],
                       "marker": {"type": "diamond", "size": 11, "fill": {"color": "#E08A1E"}}})
    if len(fr.criteria) == 3:
        xw.note(ws, row + 1, t("xlsx.frontier.third", lang, c=names[fr.criteria[2]]))
    ws.insert_chart(row + 3, 0, ch)


def _payoff_sheet(xw: ExcelWriter, fr: Frontier, lang: str) -> None:
    """PayoffTable: row k is the plan that maximises criterion k first, then the others in order."""
    ws = xw.sheet("利得表", "PayoffTable")
    names = {c.id: c.name(lang) for c in fr.data.criteria}
    rows = [{"maximised": names[c], **{f"c_{k}": v for k, v in row.items()}} for c, row in zip(fr.criteria, fr.payoff)]
    cols = [Col("maximised", "最初に最大化する基準", "Maximised first")] + _criterion_cols(fr)
    xw.table(ws, pd.DataFrame(rows), cols, widths={"maximised": 30})
    xw.note(ws, len(rows) + 2, t("xlsx.frontier.payoff_note", lang))
    if fr.ranges:
        rr = [{"criterion": names[c], "low": r["low"], "high": r["high"], "step": r["step"], "grid": r["grid"]}
              for c, r in fr.ranges.items()]
        cols = [Col("criterion", "ε制約の基準", "ε-constrained criterion"), Col("low", "下限", "Low end", "number"),
                Col("high", "上限", "High end", "number"), Col("step", "刻み", "Step", "number"),
                Col("grid", "格子点", "Grid points", "int")]
        xw.table(ws, pd.DataFrame(rr), cols, first_row=len(rows) + 4, freeze=False, widths={"criterion": 30})
        xw.note(ws, len(rows) + 6 + len(rr), t(f"xlsx.frontier.low.{fr.lower_bounds}", lang))


def _plans_sheet(xw: ExcelWriter, fr: Frontier, lang: str) -> None:
    """Plans: each program's level and start at each point ('level@start'; blank: not funded)."""
    ws = xw.sheet("点ごとの採択", "Plans")
    progs = fr.data.programs
    table = pd.DataFrame({"id": [p.id for p in progs], "name": [p.name(lang) for p in progs]})
    for pt in fr.points:
        chosen = {p: f"{lv}@{s}" for p, lv, s in pt.portfolio}
        table[pt.plan_id] = [chosen.get(p.id, "") for p in progs]
    cols = [Col("id", "ID", "ID"), Col("name", "名称", "Name")] + [Col(p.plan_id, p.plan_id, p.plan_id)
                                                                   for p in fr.points]
    xw.table(ws, table, cols)
    xw.note(ws, len(table) + 2, t("xlsx.ladder.cells", lang))


def _weighted_sheet(xw: ExcelWriter, fr: Frontier, lang: str) -> None:
    """WeightedOptimum: today's optimum against the frontier and what changes towards each neighbour."""
    from .frontier_text import change_text

    pos = fr.position
    if pos is None:
        return
    ws = xw.sheet("現在の最適解の位置", "WeightedOptimum")
    rows = [{"plan_id": nb.plan_id, **{f"d_{c}": v for c, v in nb.delta.items()},
             "change": change_text(fr, nb.added, nb.removed, nb.changed, lang)} for nb in pos.neighbours]
    crit = fr.data.criterion_by_id
    cols = ([Col("plan_id", "隣の点", "Neighbouring point")] +
            [Col(f"d_{c}", f"{crit[c].name('ja')}の差", f"{crit[c].name('en')}: difference", "number")
             for c in fr.criteria] + [Col("change", "採択の変更", "Programs that change")])
    xw.table(ws, pd.DataFrame(rows, columns=[c.field for c in cols]), cols, widths={"change": 70})


#: The frontier workbook's sheets, in the order readers find them.
SHEETS = (_frontier_sheet, _payoff_sheet, _plans_sheet, _weighted_sheet)
