"""The comparison workbook of ``portfolio compare``: summary, spend side by side, programs,
differences and overrides, with native charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .excel import Col, ExcelWriter

if TYPE_CHECKING:
    from ..analysis.compare import Comparison

KIND_LABELS = {"gained": ("追加採択", "gained"), "lost": ("不採択に", "lost"),
               "level_changed": ("水準変更", "level changed"), "start_changed": ("開始年度変更", "start changed")}


def write_comparison(comp: Comparison, path, *, lang: str = "ja", force: bool = False, inputs=()) -> Path:
    ja = lang == "ja"
    names = [r.name for r in comp.runs]
    marking = next((r.summary.get("confidentiality") for r in comp.runs if r.summary.get("confidentiality")), "")
    with ExcelWriter(path, lang=lang, marking=marking, force=force, inputs=inputs) as xw:
        ws = xw.sheet("比較概要", "Summary")
        r0 = xw.title_block(ws, "シナリオ比較" if ja else "Scenario comparison",
                            [("基準" if ja else "Baseline", names[0])])
        cols = [Col("name", "シナリオ", "Scenario"), Col("source", "入力", "Input"), Col("status", "求解状況", "Status"),
                Col("objective", "目的関数値", "Objective", "number"), Col("gap", "ギャップ", "Gap", "share"),
                Col("budget_total", "総予算", "Total budget", "money"), Col("spend_total", "支出", "Spend", "money"),
                Col("funded", "採択数", "Funded", "int"), Col("budget_scale", "予算倍率", "Budget scale", "number")]
        hr, last = xw.table(ws, comp.summary, cols, first_row=r0, freeze=False)
        ch = xw.chart("column", "目的関数値" if ja else "Objective", x_title="", y_title="", money_axis=False)
        ch.add_series({"name": [ws.get_name(), hr, 3], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                       "values": [ws.get_name(), hr + 1, 3, last, 3]})
        ch.set_legend({"none": True})
        ws.insert_chart(last + 2, 0, ch)
        r = last + 24
        ws.write_string(r, 0, "評価基準ごとの寄与" if ja else "Contribution by criterion", xw.f["sub"])
        _side(xw, ws, comp.criteria, names, r + 1, "number", ja)

        for (sheet_ja, sheet_en, df, title_ja, title_en) in (
                ("技術領域別", "Domains", comp.domains, "技術領域別の支出（億円）", "Spend by domain (億円)"),
                ("財源別", "Sources", comp.sources, "財源別の支出（億円）", "Spend by source (億円)"),
                ("府省別", "Ministries", comp.ministries, "主管府省別の事業費（億円）", "Program cost by lead ministry (億円)"),
                ("年度別", "Years", comp.years, "年度別の支出（億円）", "Spend by year (億円)")):
            ws = xw.sheet(sheet_ja, sheet_en)
            hr, last = _side(xw, ws, df, names, 0, "money", ja)
            if last > hr:
                ch = xw.chart("column", title_ja if ja else title_en, x_title="", y_title="億円")
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
        diff["kind_label"] = [KIND_LABELS[k][0 if ja else 1] for k in diff["kind"]]
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


def _side(xw, ws, df, names, first_row, kind, ja):
    cols = [Col("id", "ID", "ID")] + [Col(n, n, n, kind) for n in names]
    if "change" in df.columns:
        cols.append(Col("change", f"増減（{names[-1]}−{names[0]}）", f"Change ({names[-1]} − {names[0]})", kind))
    return xw.table(ws, df, cols, first_row=first_row, freeze=False, autofilter=False)
