"""The sensitivity workbook's Margins sheet: each program's margins (``sensitivity --parts margins``).

One row per program: its status, the value over its best replacement, the cost factors between
which its status changes, the points each criterion's score may fall (funded) or must rise
(unfunded), its entry budget from the budget ladder, whether every solve reached its gap; the closest to the line first, above a bar chart of the
value margins. The MarginsInWords sheet says the same in sentences, one a row. Reads
:class:`~portfolio.analysis.margins.ProgramMargins` and nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from .excel import Col

if TYPE_CHECKING:
    from ..analysis.sensitivity import SensitivityResult


def margins_sheet(xw, res: SensitivityResult, lang: str, prog_name: dict[str, str]) -> None:
    d = res.data
    rise = [m.cost for m in res.margins if m.cost is not None and m.cost.direction == "rise"]
    costs = [m.cost for m in res.margins if m.cost is not None]
    ws = xw.sheet("採否の余裕", "Margins")
    r = xw.title_block(ws, t("margin.xlsx.title", lang), [
        (t("xlsx.sens.method", lang), t("margin.xlsx.method", lang, tol=costs[0].tolerance if costs else 0.0,
                                        max=rise[0].searched if rise else 0.0, gap=res.settings.tight_gap)),
    ])
    rows = []
    for m in res.margins:
        c = m.cost
        row = dict(program=m.program, name=prog_name[m.program],
                   status=t("margin.xlsx.status_funded" if m.funded else "margin.xlsx.status_unfunded", lang),
                   value_margin=m.value_margin, cost_holds=c.holds if c else None, cost_flips=c.flips if c else None,
                   entry_scale=m.entry_scale, entry_budget=m.entry_budget, gap_reached=m.gap_reached)
        for s in m.scores:
            row[f"score_{s.criterion}"] = s.change
        rows.append(row)
    crit = [Col(f"score_{c.id}", f"{c.name('ja')}（点）", f"{c.name('en')} (points)", "number") for c in d.criteria]
    cols = [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("status", "採否", "Status"),
            Col("value_margin", "価値の差", "Value margin", "number"),
            Col("cost_holds", "費用倍率：採否が変わらない", "Cost factor: status holds", "number"),
            Col("cost_flips", "費用倍率：採否が変わる", "Cost factor: status changes", "number"),
            *crit,
            Col("entry_scale", "予算倍率：採択が始まる", "Budget scale: funded from", "number"),
            Col("entry_budget", "その予算（億円）", "That budget (億円)", "money"),
            Col("gap_reached", "許容ギャップ到達", "Gap reached", "bool")]
    # The closest to the line first: value margins from the most negative (unfunded) up; fixed and
    # held programs, which have none, last.
    table = pd.DataFrame(rows)
    table["_has"] = table["value_margin"].notna()
    table = table.sort_values(["_has", "value_margin", "program"], ascending=[False, True, True], kind="stable")
    hr, last = xw.table(ws, table, cols, first_row=r, freeze=False, widths={"name": 30})
    n = int(table["_has"].sum())
    if n:
        name = ws.get_name()
        ch = xw.chart("bar", t("margin.xlsx.chart", lang), money_axis=False)
        ch.add_series({"name": [name, hr, 3], "categories": [name, hr + 1, 1, hr + n, 1],
                       "values": [name, hr + 1, 3, hr + n, 3], "gap": 50, "fill": {"color": "#2E75B6"},
                       "invert_if_negative": False})
        ch.set_y_axis({"reverse": True, "num_font": {"name": "Yu Gothic"}})
        ch.set_legend({"none": True})
        ch.set_size({"width": 760, "height": max(300, 22 * n + 80)})
        ws.insert_chart(last + 2, 0, ch)
    _words_sheet(xw, res, lang, prog_name)



def _words_sheet(xw, res: SensitivityResult, lang: str, prog_name: dict[str, str]) -> None:
    """The margins in words, one row per sentence (a cell that prints whole): what the numeric
    columns do not say, or why a program has no margin."""
    d = res.data
    names = {c.id: c.name(lang) for c in d.criteria}
    ws = xw.sheet("採否の余裕（文章）", "MarginsInWords")
    r = xw.title_block(ws, t("margin.xlsx.words_title", lang), [])
    rows = []
    for m in res.margins:
        if m.fixed is not None or (m.held is not None and m.cost is None):
            lines = m.lines(d, lang)
        else:
            lines = [m.cost.text(lang)] if m.cost is not None else []
            lines += [s.text(names.get(s.criterion, s.criterion), m.funded, lang) for s in m.scores]
            if m.entry_text(lang):
                lines.append(m.entry_text(lang))
            if not m.gap_reached:
                lines.append(t("margin.gap", lang))
        rows += [dict(program=m.program, name=prog_name[m.program], text=x.strip().lstrip("・•").strip())
                 for x in lines]
    cols = [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("text", "余裕（文章）", "Margins in words")]
    xw.table(ws, pd.DataFrame(rows, columns=["program", "name", "text"]), cols, first_row=r, freeze=False,
             widths={"name": 30, "text": 60})
