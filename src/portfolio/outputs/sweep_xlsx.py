"""The budget-ladder workbook: Frontier, Ladder, EntryBudget, NonNested and DomainsByBudget sheets."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from ..core.labels import scale_label
from .excel import Col, ExcelWriter, write_workbook

if TYPE_CHECKING:
    from ..analysis.sweep import Ladder


def write_ladder(ladder: Ladder, path: str | Path, *, lang: str = "ja", force: bool = False,
                 inputs: tuple = ()) -> Path:
    """Write the budget-ladder workbook (atomically: a crash leaves no half-written file)."""
    return write_workbook(path, SHEETS, ladder, lang=lang, force=force, inputs=inputs)


def _program_names(ladder: Ladder, lang: str) -> dict[str, str]:
    return {p.id: p.name(lang) for p in ladder.data.programs}


def _frontier_sheet(xw: ExcelWriter, ladder: Ladder, lang: str) -> None:
    """Frontier: objective against total budget at each step, with the marginal value per 億円 and a line chart."""
    d = ladder.data
    ws = xw.sheet("予算と効果", "Frontier")
    lines = [(t("xlsx.ladder.model", lang), d.settings.model_name or Path(d.path).name),
             (t("xlsx.ladder.scenario", lang), d.scenario or t("xlsx.ladder.base_scenario", lang)),
             (t("xlsx.ladder.steps", lang), (len(ladder.steps), "int")),
             (t("xlsx.ladder.workers", lang), (ladder.workers, "int")),
             (t("xlsx.ladder.gap_target", lang), (ladder.options.mip_gap, "share"))]
    if ladder.non_monotone:
        steps = ", ".join(f"{scale_label(a)}→{scale_label(b)}" for a, b in ladder.non_monotone)
        lines.append((t("xlsx.ladder.caution", lang), t("xlsx.ladder.non_monotone", lang, steps=steps)))
    r = xw.title_block(ws, t("xlsx.ladder.frontier.title", lang), lines)
    fr = ladder.frontier()
    fr["status_label"] = [t(f"status.{s}", lang) for s in fr["status"]]
    cols = [Col("scale", "予算倍率", "Budget scale", "number"),
            Col("budget", "総予算（億円）", "Total budget (億円)", "money"),
            Col("objective", "目的関数値", "Objective", "number"), Col("bound", "上界", "Bound", "number"),
            Col("gap", "ギャップ", "Gap", "share"), Col("status_label", "求解状況", "Status"),
            Col("funded", "採択数", "Funded programs", "int"),
            Col("marginal_value", "1億円あたり限界価値", "Marginal value per 億円", "number"),
            Col("seconds", "求解時間（秒）", "Solve seconds", "number")]
    if any(s.tie is not None for s in ladder.steps):
        names = _program_names(ladder, lang)
        fr["tie"] = ["" if s.tie is None else s.tie.describe(names, lang) for s in ladder.steps]
        cols.append(Col("tie", "同じ評価値の別解", "Plans of the same value"))
    hr, last = xw.table(ws, fr, cols, first_row=r, freeze=False, widths={"tie": 60})
    ch = xw.chart("line", t("xlsx.ladder.frontier.chart", lang), x_title=t("xlsx.ladder.frontier.x_axis", lang),
                  y_title=t("xlsx.ladder.frontier.y_axis", lang), money_axis=False)
    ch.add_series({"name": [ws.get_name(), hr, 2], "categories": [ws.get_name(), hr + 1, 1, last, 1],
                   "values": [ws.get_name(), hr + 1, 2, last, 2], "marker": {"type": "circle", "size": 7}})
    ch.set_legend({"none": True})
    ws.insert_chart(last + 2, 0, ch)


def _ladder_sheet(xw: ExcelWriter, ladder: Ladder, lang: str) -> None:
    """Ladder: each program's level and start at each step."""
    ws = xw.sheet("段階別採択", "Ladder")
    pname = _program_names(ladder, lang)
    lt = ladder.ladder_table()
    lt.insert(1, "name", [pname[p] for p in lt["id"]])
    step_cols = [c for c in lt.columns if c not in ("id", "name")]
    cols = [Col("id", "ID", "ID"), Col("name", "名称", "Name")] + [Col(c, c, c) for c in step_cols]
    xw.table(ws, lt, cols)
    xw.note(ws, len(lt) + 2, t("xlsx.ladder.cells", lang))


def _entry_budget_sheet(xw: ExcelWriter, ladder: Ladder, lang: str) -> None:
    """EntryBudget: the step from which each program is funded at every higher step."""
    ws = xw.sheet("採択開始予算", "EntryBudget")
    pname = _program_names(ladder, lang)
    eb = ladder.entry_budgets()
    eb.insert(1, "name", [pname[p] for p in eb["id"]])
    eb["entry"] = [_entry_text(r, lang) for r in eb.itertuples()]
    eb["steps"] = [f"{k}/{n}" for k, n in zip(eb["funded_steps"], eb["solved_steps"])]
    xw.table(ws, eb, [Col("id", "ID", "ID"), Col("name", "名称", "Name"),
                      Col("entry", "採択の状況", "Where funded", "text"),
                      Col("entry_budget", "常に採択となる総予算（億円）", "Total budget from which always funded (億円)",
                          "money"),
                      Col("steps", "採択された段の数", "Steps funded", "text")], widths={"entry": 44})


def _entry_text(r, lang: str) -> str:
    """Where a program is funded on the ladder: from a step up, only at some steps, or at none."""
    if not r.never:
        return t("xlsx.ladder.entry.from", lang, scale=scale_label(r.entry_scale))
    if r.funded_steps:
        return t("xlsx.ladder.entry.some", lang, steps=", ".join(scale_label(s) for s in r.funded_at))
    return t("xlsx.ladder.entry.never", lang)


def _non_nested_sheet(xw: ExcelWriter, ladder: Ladder, lang: str) -> None:
    """NonNested: programs dropped at a higher step, what replaced them and what keeping them would cost."""
    ws = xw.sheet("非入れ子", "NonNested")
    pname = _program_names(ladder, lang)
    nn = pd.DataFrame([dict(lower=scale_label(w.lower), higher=scale_label(w.higher),
                            dropped=", ".join(f"{p} {pname[p]}" for p in w.dropped),
                            replaced_by=", ".join(f"{p} {pname[p]}" for p in w.replaced_by) or t("xlsx.ladder.none",
                                                                                               lang),
                            keep=w.cost_of_keeping, drop=w.cost_of_dropping, loss=w.loss,
                            verdict=t(f"xlsx.ladder.swap.{w.verdict}", lang))
                       for w in ladder.swaps], columns=["lower", "higher", "dropped", "replaced_by", "keep", "drop",
                                                        "loss", "verdict"])
    xw.table(ws, nn, [Col("lower", "低い段", "Lower step"), Col("higher", "高い段", "Higher step"),
                      Col("dropped", "外れたプログラム", "Dropped"), Col("replaced_by", "代わりに採択", "Replaced by"),
                      Col("keep", "高い段で残した場合の損失", "Loss if kept at the higher step", "number"),
                      Col("drop", "低い段で外した場合の損失", "Loss if left out at the lower step", "number"),
                      Col("loss", "入れ子にする最小の損失", "Least loss of nesting", "number"),
                      Col("verdict", "判定", "Verdict")], widths={"dropped": 40, "replaced_by": 40, "verdict": 40})
    xw.note(ws, len(nn) + 2, t("xlsx.ladder.swap.checked", lang))


def _domains_by_budget_sheet(xw: ExcelWriter, ladder: Ladder, lang: str) -> None:
    """DomainsByBudget: spend by domain at each step, with a stacked chart."""
    ws = xw.sheet("予算別技術領域", "DomainsByBudget")
    db = ladder.domains_by_budget()
    dname = {x.id: x.name(lang) for x in ladder.data.domains}
    db.insert(1, "name", [dname[x] for x in db["id"]])
    step_cols = [c for c in db.columns if c not in ("id", "name")]
    hr, last = xw.table(ws, db, [Col("id", "ID", "ID"), Col("name", "名称", "Name")] +
                        [Col(c, c, c, "money") for c in step_cols])
    if step_cols and last > hr:
        ch = xw.chart("column", t("xlsx.ladder.domains.chart", lang), subtype="stacked",
                      x_title=t("xlsx.ladder.domains.x_axis", lang), y_title=t("xlsx.ladder.domains.y_axis", lang))
        for i in range(hr + 1, last + 1):
            ch.add_series({"name": [ws.get_name(), i, 1], "categories": [ws.get_name(), hr, 2, hr, 1 + len(step_cols)],
                           "values": [ws.get_name(), i, 2, i, 1 + len(step_cols)]})
        ch.set_size({"width": 900, "height": 480})
        ws.insert_chart(last + 2, 1, ch)


#: The ladder workbook's sheets, in the order readers find them.
SHEETS = (_frontier_sheet, _ladder_sheet, _entry_budget_sheet, _non_nested_sheet, _domains_by_budget_sheet)
