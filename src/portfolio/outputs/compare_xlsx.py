"""The comparison workbook of ``portfolio compare``: summary, spend side by side, programs,
differences and overrides, with native charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.i18n import t
from .excel import Col, ExcelWriter

if TYPE_CHECKING:
    from ..analysis.compare import Comparison

#: The side-by-side sheets: sheet name (Japanese, English), the comparison's table and the chart's title.
_SIDE_SHEETS = (("技術領域別", "Domains", "domains", "xlsx.compare.chart.domains"),
                ("財源別", "Sources", "sources", "xlsx.compare.chart.sources"),
                ("府省別", "Ministries", "ministries", "xlsx.compare.chart.ministries"),
                ("年度別", "Years", "years", "xlsx.compare.chart.years"))


def write_comparison(comp: Comparison, path, *, lang: str = "ja", force: bool = False, inputs=()) -> Path:
    names = [r.name for r in comp.runs]
    marking = next((r.summary.get("confidentiality") for r in comp.runs if r.summary.get("confidentiality")), "")
    with ExcelWriter(path, lang=lang, marking=marking, force=force, inputs=inputs) as xw:
        ws = xw.sheet("比較概要", "Summary")
        r0 = xw.title_block(ws, t("xlsx.compare.title", lang), [(t("xlsx.compare.baseline", lang), names[0])])
        cols = [Col("name", "シナリオ", "Scenario"), Col("source", "入力", "Input"), Col("status", "求解状況", "Status"),
                Col("objective", "目的関数値", "Objective", "number"), Col("gap", "ギャップ", "Gap", "share"),
                Col("budget_total", "総予算", "Total budget", "money"), Col("spend_total", "支出", "Spend", "money"),
                Col("funded", "採択数", "Funded", "int"), Col("budget_scale", "予算倍率", "Budget scale", "number")]
        hr, last = xw.table(ws, comp.summary, cols, first_row=r0, freeze=False)
        ch = xw.chart("column", t("xlsx.compare.chart.objective", lang), x_title="", y_title="", money_axis=False)
        ch.add_series({"name": [ws.get_name(), hr, 3], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                       "values": [ws.get_name(), hr + 1, 3, last, 3]})
        ch.set_legend({"none": True})
        ws.insert_chart(last + 2, 0, ch)
        r = last + 24
        ws.write_string(r, 0, t("xlsx.compare.contribution", lang), xw.f["sub"])
        _side(xw, ws, comp.criteria, names, r + 1, "number")

        for sheet_ja, sheet_en, table, title_key in _SIDE_SHEETS:
            ws = xw.sheet(sheet_ja, sheet_en)
            hr, last = _side(xw, ws, getattr(comp, table), names, 0, "money")
            if last > hr:
                ch = xw.chart("column", t(title_key, lang), x_title="", y_title="億円")
                for j, n in enumerate(names, start=1):
                    ch.add_series({"name": [ws.get_name(), hr, j], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                                   "values": [ws.get_name(), hr + 1, j, last, j]})
                ch.set_size({"width": 900, "height": 440})
                ws.insert_chart(last + 2, 0, ch)

        ws = xw.sheet("プログラム", "Programs")
        cols = [Col("id", "ID", "ID"), Col("name", "名称", "Name")] + [Col(n, n, n) for n in names]
        xw.table(ws, comp.programs, cols)

        ws = xw.sheet("差異", "Differences")
        diff = comp.differences.copy()
        diff["kind_label"] = [t(f"xlsx.compare.kind.{k}", lang) for k in diff["kind"]]
        xw.table(ws, diff, [Col("run", "シナリオ", "Scenario"), Col("kind_label", "区分", "Change"),
                            Col("program", "ID", "ID"), Col("name", "名称", "Name"),
                            Col("before", f"基準（{names[0]}）", f"Baseline ({names[0]})"),
                            Col("after", "比較先", "This scenario"),
                            Col("cost_before", "基準の総事業費", "Life cost (baseline)", "money"),
                            Col("cost_after", "比較先の総事業費", "Life cost (this)", "money")])

        ws = xw.sheet("上書きの違い", "Overrides")
        cols = [Col("key", "項目", "Key")] + [Col(f"v{i}", n, n) for i, n in enumerate(names)]
        xw.table(ws, comp.overrides, cols, widths={"key": 30})
    return Path(path)


def _side(xw, ws, df, names, first_row, kind):
    cols = [Col("id", "ID", "ID")] + [Col(n, n, n, kind) for n in names]
    if "change" in df.columns:
        cols.append(Col("change", f"増減（{names[-1]}−{names[0]}）", f"Change ({names[-1]} − {names[0]})", kind))
    return xw.table(ws, df, cols, first_row=first_row, freeze=False, autofilter=False)
