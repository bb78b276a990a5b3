"""The results workbook of a gated solve (issue #21): the model used and every run with its status,
the decisions at each gate, the plan decided now and the contingent one, spend per year with its
range over outcome paths and the money reserved for follow-on phases, EVPI per gate, the paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from ..core.wareki import fy_label
from .excel import Col, ExcelWriter

if TYPE_CHECKING:
    from ..analysis.gates import GatedResult


def write_gated_results(g: "GatedResult", tables: dict[str, pd.DataFrame], payload: dict, path: str | Path, *,
                        lang: str = "ja", force: bool = False, inputs: tuple = ()) -> Path:
    """Write the workbook from the gated result's tables (computed by :mod:`portfolio.analysis.gates`)."""
    with ExcelWriter(path, lang=lang, marking=g.data.settings.confidentiality, force=force, inputs=inputs) as xw:
        _summary(xw, g, tables, payload["method_text"], lang)
        _decisions(xw, tables["gate_decisions"], lang)
        _plan(xw, tables["plan"], lang)
        _spend(xw, tables["spend"], lang)
        if g.evpi_computed:
            _evpi(xw, tables["evpi"], lang)
        _paths(xw, tables["paths"])
        xw.embed_json(payload)
    return Path(path)


def _range(d, lang: str) -> str:
    if d.value is None:
        return t("xlsx.gates.unknown", lang)
    return t("xlsx.gates.range", lang, value=d.value, low=d.low, high=d.high)


def _summary(xw: ExcelWriter, g, tables, method: str, lang: str) -> None:
    ws = xw.sheet("ゲート概要", "Gates summary")
    lines = [(t("xlsx.gates.model", lang), method),
             (t("xlsx.gates.flexibility", lang), _range(g.flexibility, lang)),
             (t("gates.run.perfect", lang), _range(g.evpi_all, lang))]
    if not g.evpi_computed:
        lines.append(("EVPI", t("gates.evpi.not_computed", lang)))
    if g.policy.values:
        lines.append((t("xlsx.gates.worst", lang), min(g.policy.values)))
    if g.worst_floor is not None:
        lines.append((t("xlsx.gates.worst_floor", lang), g.worst_floor))
    r = xw.title_block(ws, t("xlsx.gates.title", lang), lines)
    runs = tables["runs"].copy()
    runs["status_label"] = [t(f"status.{s}", lang) for s in runs["status"]]
    cols = [Col("label", "求解", "Solve"), Col("status_label", "状態", "Status"),
            Col("objective", "期待価値", "Expected value", "number"), Col("bound", "上界", "Bound", "number"),
            Col("gap", "ギャップ", "Gap", "share"), Col("seconds", "求解時間（秒）", "Solve seconds", "number"),
            Col("build_seconds", "構築時間（秒）", "Build seconds", "number"), Col("columns", "変数", "Columns", "int"),
            Col("rows", "制約", "Rows", "int")]
    _, last = xw.table(ws, runs, cols, first_row=r, freeze=False, autofilter=False, widths={"label": 40})
    r = xw.note(ws, last + 1, t("xlsx.gates.note.range", lang))
    xw.note(ws, r, t("xlsx.gates.note.payments", lang))


def _decisions(xw: ExcelWriter, df: pd.DataFrame, lang: str) -> None:
    ws = xw.sheet("ゲート判断", "Gate decisions")
    cols = [Col("program", "プログラム", "Program"), Col("gate_year", "ゲート年度", "Gate year", "year"),
            Col("outcome", "結果", "Outcome"), Col("probability", "確率", "Probability", "share"),
            Col("decision_label", "ゲートでの判断", "Decision at the gate"),
            Col("share", "その結果の経路に占める割合", "Share of the outcome's paths", "share"),
            Col("follow_on_cost", "後続段階の経費", "Follow-on cost", "money"),
            Col("follow_on_value", "後続段階の価値", "Follow-on value", "number")]
    xw.table(ws, df, cols)


def _plan(xw: ExcelWriter, df: pd.DataFrame, lang: str) -> None:
    ws = xw.sheet("方策の計画", "Plan")
    df = df.copy()
    df["stage_label"] = [t(f"gates.stage.{s}", lang) for s in df["stage"]]
    cols = [Col("program", "プログラム", "Program"), Col("level", "水準・選択肢", "Level or option"),
            Col("start_year", "開始年度", "Start", "year"), Col("probability", "実施確率", "Probability funded", "share"),
            Col("stage_label", "決定", "Decided"), Col("follow_on", "ゲート後の段階", "Follow-on phase", "bool")]
    xw.table(ws, df, cols)


def _spend(xw: ExcelWriter, df: pd.DataFrame, lang: str) -> None:
    ws = xw.sheet("年度別支出", "Spend by year")
    df = df.copy()
    df["label"] = [fy_label(y, lang) for y in df["year"]]
    cols = [Col("label", "年度", "Fiscal year"), Col("total_budget", "総予算", "Total budget", "money"),
            Col("expected_spend", "支出の期待値", "Expected spend", "money"),
            Col("min_spend", "支出の最小（経路）", "Least spend (paths)", "money"),
            Col("max_spend", "支出の最大（経路）", "Most spend (paths)", "money"),
            Col("expected_follow_on", "後続段階の支出の期待値", "Expected follow-on spend", "money"),
            Col("max_follow_on", "後続段階のために確保する額（最大）", "Reserved for follow-on phases (most)", "money")]
    hr, last = xw.table(ws, df, cols, freeze=False, autofilter=False)
    if len(df):
        ch = xw.chart("line", t("xlsx.gates.chart.spend", lang), x_title=t("xlsx.gates.axis.year", lang),
                      y_title="億円")
        for j in range(1, 5):
            ch.add_series({"name": [ws.get_name(), hr, j], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                           "values": [ws.get_name(), hr + 1, j, last, j]})
        ws.insert_chart(last + 2, 0, ch)


def _evpi(xw: ExcelWriter, df: pd.DataFrame, lang: str) -> None:
    ws = xw.sheet("完全情報の価値", "EVPI")
    df = df.copy()
    df["status_label"] = [t(f"status.{s}", lang) for s in df["status"]]
    cols = [Col("gate", "ゲート", "Gate"), Col("gate_year", "ゲート年度", "Gate year", "year"),
            Col("evpi", "EVPI", "EVPI", "number"), Col("evpi_low", "範囲（下）", "Range low", "number"),
            Col("evpi_high", "範囲（上）", "Range high", "number"), Col("status_label", "求解の状態", "Solve status")]
    xw.table(ws, df, cols)


def _paths(xw: ExcelWriter, df: pd.DataFrame) -> None:
    ws = xw.sheet("結果の経路", "Outcome paths")
    fixed = [Col("path", "経路", "Path", "int"), Col("probability", "確率（標本では重み）", "Probability (weight)", "share"),
             Col("value", "方策の価値", "Policy value", "number")]
    gates = [Col(c, c, c) for c in df.columns if c not in ("path", "probability", "value")]
    xw.table(ws, df, fixed + gates)
