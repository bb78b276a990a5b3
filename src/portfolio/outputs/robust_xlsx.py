"""The robust plans' workbook: RobustPlans (the three plans side by side, with a chart), Differences
(program by program) and Vertices (the admissible set's vertices, the best value there and each
plan's value and regret there)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from .excel import Col, ExcelWriter, write_workbook

if TYPE_CHECKING:
    from ..analysis.robust import RobustResult

PLANS = ("weighted", "max_min", "min_max_regret")


def write_robust(res: RobustResult, path: str | Path, *, lang: str = "ja", force: bool = False,
                 inputs: tuple = ()) -> Path:
    """Write the robust plans' workbook (atomically)."""
    return write_workbook(path, SHEETS, res, lang=lang, force=force, inputs=inputs)


def plans_table(res: RobustResult, lang: str) -> pd.DataFrame:
    """One row per plan: what it is worth at the base weights, what it gives up, what it guarantees."""
    base = res.plans["weighted"].base_value
    rows = []
    for kind in PLANS:
        p = res.plans[kind]
        s = p.solved
        rows.append(dict(plan=t(f"robust.plan.{kind}", lang), base_value=p.base_value, gives_up=res.gives_up(kind),
                         gives_up_share=res.gives_up(kind) / abs(base) if base else None, worst=p.worst_value,
                         worst_vertex=p.worst_vertex + 1, regret_low=p.regret.worst_low,
                         regret_high=p.regret.worst_high, differ=len(p.differs), funded=len(p.portfolio),
                         status=t(f"status.{s.status}", lang) if s is not None else "", gap=s.gap if s else None))
    return pd.DataFrame(rows)


def _plans_sheet(xw: ExcelWriter, res: RobustResult, lang: str) -> None:
    d, adm = res.data, res.admissible
    ws = xw.sheet("頑健な案", "RobustPlans")
    lines = [(t("xlsx.ladder.model", lang), d.settings.model_name or Path(d.path).name),
             (t("xlsx.ladder.scenario", lang), d.scenario or t("xlsx.ladder.base_scenario", lang)),
             (t("robust.xlsx.set", lang), t(f"robust.source.{adm.source}", lang, band=adm.band or 0)),
             (t("robust.xlsx.vertices", lang), (len(adm.vertices), "int")),
             (t("robust.xlsx.scores", lang), t("robust.xlsx.scores_ranged" if res.scores_ranged
                                              else "robust.xlsx.scores_fixed", lang)),
             (t("robust.xlsx.max_min_bound", lang), (res.max_min_bound, "number")),
             (t("robust.xlsx.regret_bounds", lang), t("robust.between", lang, low=res.regret_lower,
                                                      high=res.regret_upper)),
             (t("xlsx.ladder.gap_target", lang), (res.options.mip_gap, "share"))]
    for w in [*(m for m in d.warnings if m.key == "warn.gates_removed"), *res.warnings]:
        lines.append((t("xlsx.ladder.caution", lang), w.render(lang)))     # a gated model's gates removed first
    r = xw.title_block(ws, t("robust.xlsx.title", lang), lines)
    df = plans_table(res, lang)
    cols = [Col("plan", "案", "Plan"), Col("base_value", "基準重みでの評価値", "Value at the base weights", "number"),
            Col("gives_up", "基準重みで失う評価値", "Given up at the base weights", "number"),
            Col("gives_up_share", "失う割合", "Share given up", "share"),
            Col("worst", "最悪の評価値（保証値）", "Worst-case value (guaranteed)", "number"),
            Col("worst_vertex", "最悪となる頂点", "Worst vertex", "int"),
            Col("regret_low", "最大リグレット（下界）", "Largest regret (at least)", "number"),
            Col("regret_high", "最大リグレット（上界）", "Largest regret (at most)", "number"),
            Col("differ", "最適案と異なるプログラム数", "Programs that differ", "int"),
            Col("funded", "採択数", "Funded programs", "int"), Col("status", "求解状況", "Status"),
            Col("gap", "ギャップ", "Gap", "share")]
    hr, last = xw.table(ws, df, cols, first_row=r, freeze=False)
    ch = xw.chart("column", t("robust.xlsx.chart", lang), y_title=t("robust.xlsx.chart_y", lang), money_axis=False)
    for c in (1, 4):
        ch.add_series({"name": [ws.get_name(), hr, c], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                       "values": [ws.get_name(), hr + 1, c, last, c]})
    ws.insert_chart(last + 2, 0, ch)


def _differences_sheet(xw: ExcelWriter, res: RobustResult, lang: str) -> None:
    """Each program that some plan funds differently from the weighted optimum: its place in every plan."""
    ws = xw.sheet("プログラムの違い", "Differences")
    names = {p.id: p.name(lang) for p in res.data.programs}
    ids = sorted({f["program"] for kind in PLANS for f in res.plans[kind].differs})
    rows = []
    for pid in ids:
        row = {"id": pid, "name": names.get(pid, pid)}
        for kind in PLANS:
            v = res.plans[kind].portfolio.get(pid)
            row[kind] = t("robust.xlsx.not_funded", lang) if v is None else f"{v[0]} / FY{v[1]}"
        rows.append(row)
    df = pd.DataFrame(rows, columns=["id", "name", *PLANS])
    cols = [Col("id", "ID", "ID"), Col("name", "名称", "Name")] + [
        Col(k, t(f"robust.plan.{k}", "ja"), t(f"robust.plan.{k}", "en")) for k in PLANS]
    xw.table(ws, df, cols)
    xw.note(ws, len(df) + 2, t("robust.xlsx.differences_note" if ids else "robust.xlsx.no_differences", lang))


def _vertices_sheet(xw: ExcelWriter, res: RobustResult, lang: str) -> None:
    ws = xw.sheet("重みの頂点", "Vertices")
    vt = res.vertex_table()
    vt["best_status"] = [t(f"status.{s}", lang) for s in vt["best_status"]]
    crit = {c.id: c for c in res.data.criteria}
    cols = [Col("vertex", "頂点", "Vertex", "int")]
    cols += [Col(f"w_{c}", crit[c].name("ja"), crit[c].name("en"), "share") for c in res.admissible.criteria]
    cols += [Col("best", "その重みでの最適値", "Best value there", "number"),
             Col("best_bound", "最適値の上界", "Bound on the best value", "number"),
             Col("best_status", "求解状況", "Status")]
    for k in PLANS:
        ja, en = t(f"robust.plan.{k}", "ja"), t(f"robust.plan.{k}", "en")
        cols += [Col(f"value_{k}", f"{ja}：評価値（点数下限）", f"{en}: value (low scores)", "number"),
                 Col(f"regret_{k}", f"{ja}：リグレット", f"{en}: regret", "number")]
    xw.table(ws, vt, cols)
    xw.note(ws, len(vt) + 2, t("robust.xlsx.vertices_note", lang))


#: The workbook's sheets, in the order readers find them.
SHEETS = (_plans_sheet, _differences_sheet, _vertices_sheet)
