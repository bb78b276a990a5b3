"""The comparison workbook of ``portfolio compare``: summary, spend side by side, programs,
differences and overrides, with native charts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.i18n import t
from ..core.wareki import fy_label
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
        _summary_sheet(xw, comp, names, lang)
        for sheet_ja, sheet_en, table, title_key in _SIDE_SHEETS:
            ws = xw.sheet(sheet_ja, sheet_en)
            df = getattr(comp, table)
            if table == "years":
                df = df.assign(name_ja=[fy_label(int(y), "ja") for y in df["id"]],
                               name_en=[fy_label(int(y), "en") for y in df["id"]])
            hr, last = _side(xw, ws, df, names, 0, "money", lang, comp)
            if last > hr:
                ch = xw.chart("column", t(title_key, lang), x_title="", y_title="億円")
                for j, n in enumerate(names, start=2):
                    ch.add_series({"name": [ws.get_name(), hr, j], "categories": [ws.get_name(), hr + 1, 1, last, 1],
                                   "values": [ws.get_name(), hr + 1, j, last, j]})
                ch.set_size({"width": 900, "height": 440})
                ws.insert_chart(last + 2, 0, ch)

        ws = xw.sheet("プログラム", "Programs")
        cols = [Col("id", "ID", "ID"), Col(_name(lang), "名称", "Name")] + [Col(n, n, n) for n in names]
        xw.table(ws, comp.programs, cols)

        ws = xw.sheet("差異", "Differences")
        diff = comp.differences.copy()
        diff["kind_label"] = [t(f"xlsx.compare.kind.{k}", lang) for k in diff["kind"]]
        xw.table(ws, diff, [Col("run", "シナリオ", "Scenario"), Col("kind_label", "区分", "Change"),
                            Col("program", "ID", "ID"), Col(_name(lang), "名称", "Name"),
                            Col("before", f"基準（{names[0]}）", f"Baseline ({names[0]})"),
                            Col("after", "比較先", "This scenario"),
                            Col("cost_before", "基準の総事業費", "Life cost (baseline)", "money"),
                            Col("cost_after", "比較先の総事業費", "Life cost (this)", "money")])

        ws = xw.sheet("上書きの違い", "Overrides")
        cols = [Col("key", "項目", "Key")] + [Col(f"v{i}", n, n) for i, n in enumerate(names)]
        xw.table(ws, comp.overrides, cols, widths={"key": 30})
    return Path(path)


#: The column of a table's names in each language (English for any other).
_NAME_COLS = {"ja": "name_ja"}


def _name(lang: str) -> str:
    return _NAME_COLS.get(lang, "name_en")


def _summary_sheet(xw, comp: Comparison, names: list[str], lang: str) -> None:
    """Every run's status and figures; the objective rescored under the baseline's weights (comparable)
    beside each run's own (not comparable when its weights differ); an infeasible run's explanation."""
    ws = xw.sheet("比較概要", "Summary")
    r0 = xw.title_block(ws, t("xlsx.compare.title", lang), [(t("xlsx.compare.baseline", lang), names[0]),
                                                             (t("xlsx.compare.note", lang), "")])
    summ = comp.summary.copy()
    summ["status_label"] = [t(f"status.{s}", lang) if s else "" for s in summ["status"]]
    summ["weights_label"] = [t("xlsx.compare.weights.same" if same else "xlsx.compare.weights.own", lang)
                             for same in summ["same_weights"]]
    cols = [Col("name", "シナリオ", "Scenario"), Col("status_label", "求解状況", "Status"),
            Col("objective_base_weights", "目的関数値（基準の重みで再評価）", "Objective at the baseline's weights",
                "number"),
            Col("objective", "目的関数値（各シナリオ自身の重み・参考）", "Objective at its own weights (for reference)",
                "number"),
            Col("weights_label", "重み", "Weights"), Col("gap", "ギャップ", "Gap", "share"),
            Col("budget_total", "総予算", "Total budget", "money"), Col("spend_total", "支出", "Spend", "money"),
            Col("funded", "採択数", "Funded", "int"), Col("budget_scale", "予算倍率", "Budget scale", "number"),
            Col("explanation", "解がない理由", "Why no plan"), Col("source", "入力", "Input")]
    hr, last = xw.table(ws, summ, cols, first_row=r0, freeze=False, widths={"explanation": 60, "source": 30})
    ch = xw.chart("column", t("xlsx.compare.chart.objective", lang), x_title="", y_title="", money_axis=False)
    ch.add_series({"name": [ws.get_name(), hr, 2], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                   "values": [ws.get_name(), hr + 1, 2, last, 2]})
    ch.set_legend({"none": True})
    ws.insert_chart(last + 2, 0, ch)
    r = last + 24
    ws.write_string(r, 0, t("xlsx.compare.contribution", lang), xw.f["sub"])
    _side(xw, ws, comp.criteria, names, r + 1, "number", lang, comp)


def _side(xw, ws, df, names, first_row, kind, lang, comp):
    cols = [Col("id", "ID", "ID"), Col(_name(lang), "名称", "Name")] + [Col(n, n, n, kind) for n in names]
    for i, n in enumerate(names[1:], start=1):
        cols.append(Col(comp.change_column(i), f"増減（{n}−{names[0]}）", f"Change ({n} − {names[0]})", kind))
    return xw.table(ws, df, cols, first_row=first_row, freeze=False, autofilter=False)
