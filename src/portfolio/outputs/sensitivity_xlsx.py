"""The sensitivity workbook: a summary and one sheet per part, with native Excel charts.

Sheets: Summary (base portfolio and settings), WeightStability (intervals, flips and a tornado
chart), CoreIndex (bars) with Draws, PriceOfChange, MarginalValues (finite differences beside
indicative LP duals) and Alternatives (what differs, and a program × portfolio matrix). Only
the parts that were run get a sheet. Reads a :class:`~portfolio.analysis.sensitivity.SensitivityResult`
and nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..core.i18n import t
from ..core.wareki import fy_label
from ..model.families import LIMITS_BY_ID
from .excel import Col, ExcelWriter

if TYPE_CHECKING:
    from ..analysis.sensitivity import SensitivityResult

#: How the Monte Carlo drew the weights, and a program's class by its core index: catalogue keys.
DRAW_MODES = {"dirichlet": "xlsx.sens.draws.dirichlet", "intervals": "xlsx.sens.draws.intervals",
              "ranks": "xlsx.sens.draws.ranks"}
CLASS_LABELS = {"core": "xlsx.sens.class.core", "borderline": "xlsx.sens.class.borderline",
                "exterior": "xlsx.sens.class.exterior"}


def _flips_text(flips: list[dict], lang: str) -> str:
    parts = []
    for f in flips:
        b, a = f["before"], f["after"]
        if b is None:
            parts.append(t("xlsx.sens.flip.in", lang, program=f["program"], level=a["level"], start=a["start_year"]))
        elif a is None:
            parts.append(t("xlsx.sens.flip.out", lang, program=f["program"]))
        else:
            parts.append(t("xlsx.sens.flip.change", lang, program=f["program"], level_before=b["level"],
                           start_before=b["start_year"], level=a["level"], start=a["start_year"]))
    return t("xlsx.sens.flip.sep", lang).join(parts)


def write_sensitivity(res: SensitivityResult, path: str | Path, *, lang: str = "ja", force: bool = False,
                      inputs: tuple | list = ()) -> Path:
    d, s = res.data, res.settings
    crit_name = {c.id: c.name(lang) for c in d.criteria}
    prog_name = {p.id: p.name(lang) for p in d.programs}
    with ExcelWriter(path, lang=lang, marking=d.settings.confidentiality, force=force, inputs=inputs) as xw:
        # -- Summary -----------------------------------------------------------------------------
        ws = xw.sheet("概要", "Summary")
        b = res.base
        lines = [
            (t("xlsx.sens.model", lang), d.settings.model_name or Path(d.path).name),
            (t("xlsx.sens.scenario", lang), d.scenario or t("xlsx.sens.base_scenario", lang)),
            (t("xlsx.sens.scale", lang), (d.scale, "number")),
            (t("xlsx.sens.objective", lang), (b.objective, "number")),
            (t("xlsx.sens.bound", lang), (b.solved.bound, "number")),
            (t("xlsx.sens.gap", lang), (b.solved.gap, "share")),
            (t("xlsx.sens.tight_gap", lang), (s.tight_gap, "number")),
            (t("xlsx.sens.solves", lang), (res.solves, "int")),
            (t("xlsx.sens.seconds", lang), (res.seconds, "number")),
            (t("xlsx.sens.weights", lang), t("xlsx.sens.weights_shown", lang)),
        ]
        for w in [*(m for m in d.warnings if m.key == "warn.gates_removed"), *res.warnings]:
            lines.append((t("xlsx.sens.warning", lang), w.render(lang)))     # a gated model's gates removed first
        r = xw.title_block(ws, t("xlsx.sens.title", lang), lines)
        port = pd.DataFrame([dict(program=p, name=prog_name[p], level=v[0], start=v[1])
                             for p, v in sorted(b.portfolio.items())], columns=["program", "name", "level", "start"])
        ws.write_string(r, 0, t("xlsx.sens.base_portfolio", lang), xw.f["sub"])
        xw.table(ws, port, [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("level", "水準", "Level"),
                            Col("start", "開始年度", "Start", "year")], first_row=r + 1, freeze=False,
                 autofilter=False, widths={"name": 34})

        if res.stability is not None:
            _stability_sheet(xw, res, lang, crit_name)
        if res.core is not None:
            _core_sheets(xw, res, lang, crit_name, prog_name)
        if res.price is not None:
            _price_sheet(xw, res, lang, prog_name)
        if res.marginal is not None:
            _marginal_sheet(xw, res, lang)
        if res.alternatives is not None:
            _alternatives_sheet(xw, res, lang, prog_name)
        if getattr(res, "margins", None) is not None:
            from .margins_xlsx import margins_sheet
            margins_sheet(xw, res, lang, prog_name)
    return Path(path)


def _stability_sheet(xw, res, lang, crit_name):
    s = res.settings
    ws = xw.sheet("重みの安定性", "WeightStability")
    r = xw.title_block(ws, t("xlsx.sens.stability.title", lang), [
        (t("xlsx.sens.method", lang), t("xlsx.sens.stability.method", lang)),
        (t("xlsx.sens.stability.tolerance", lang), (s.tolerance, "number")),
        (t("xlsx.sens.stability.tornado", lang), f"±{s.tornado:.0%}"),
    ])
    st = res.stability.copy()
    st["name"] = [crit_name[c] for c in st["criterion"]]
    st["flips_low_text"] = [_flips_text(f, lang) for f in st["flips_low"]]
    st["flips_high_text"] = [_flips_text(f, lang) for f in st["flips_high"]]
    st["reason_text"] = [x.render(lang) if x is not None else "" for x in st["reason"]]
    cols = [Col("criterion", "基準", "Criterion"), Col("name", "名称", "Name"),
            Col("base", "基準の重み", "Base weight", "number"), Col("low", "下限", "Low", "number"),
            Col("high", "上限", "High", "number"), Col("low_outside", "下限の外側", "Low (outside)", "number"),
            Col("high_outside", "上限の外側", "High (outside)", "number"),
            Col("flips_low_text", "下限で最初に変わるもの", "First to flip below"),
            Col("flips_high_text", "上限で最初に変わるもの", "First to flip above"),
            Col("all_optimal", "許容ギャップ到達", "Gap reached", "bool"), Col("reason_text", "注記", "Note"),
            *[Col(f"{e}_{g}", f"{g} {ja}", f"{g} {en}", "number") for g in ("G2", "G1")
              for e, ja, en in (("low", "下限", "low"), ("high", "上限", "high"))],
            Col("gap", "求解のギャップ", "Solve gap", "share")]
    hr, last = xw.table(ws, st, cols, first_row=r, freeze=False, widths={"flips_low_text": 40, "flips_high_text": 40})
    xw.note(ws, last + 1, t("xlsx.sens.stability.grains", lang))
    r = last + 3
    tn = res.tornado.copy()
    tn["name"] = [crit_name[c] for c in tn["criterion"]]
    tn["delta_minus"] = tn["objective_minus"] - tn["objective_base"]
    tn["delta_plus"] = tn["objective_plus"] - tn["objective_base"]
    ws.write_string(r, 0, t("xlsx.sens.tornado.table", lang), xw.f["sub"])
    tcols = [Col("name", "基準", "Criterion"), Col("weight_minus", f"重み −{s.tornado:.0%}", f"Weight −{s.tornado:.0%}",
                                                "number"),
             Col("weight_plus", f"重み +{s.tornado:.0%}", f"Weight +{s.tornado:.0%}", "number"),
             Col("delta_minus", f"変化（−{s.tornado:.0%}）", f"Change (−{s.tornado:.0%})", "number"),
             Col("delta_plus", f"変化（+{s.tornado:.0%}）", f"Change (+{s.tornado:.0%})", "number"),
             Col("objective_minus", "目的関数値（−）", "Objective (−)", "number"),
             Col("objective_plus", "目的関数値（+）", "Objective (+)", "number"),
             Col("changed_minus", "配分が変化（−）", "Portfolio changes (−)", "bool"),
             Col("changed_plus", "配分が変化（+）", "Portfolio changes (+)", "bool")]
    hr, last = xw.table(ws, tn, tcols, first_row=r + 1, freeze=False, autofilter=False)
    if len(tn):
        name = ws.get_name()
        axis = t("xlsx.sens.tornado.axis", lang)
        ch = xw.chart("bar", t("xlsx.sens.tornado.chart", lang, tornado=s.tornado), x_title=axis, money_axis=False)
        for j in (3, 4):
            ch.add_series({"name": [name, hr, j], "categories": [name, hr + 1, 0, last, 0],
                           "values": [name, hr + 1, j, last, j], "gap": 40, "overlap": 100})
        # Bar charts: x is the value axis, y the category axis; widest swing on top.
        ch.set_y_axis({"reverse": True, "num_font": {"name": "Yu Gothic"}, "label_position": "low"})
        ch.set_x_axis({"name": axis, "major_gridlines": {"visible": True}})
        ws.insert_chart(last + 2, 0, ch)


def _both(col, field: str, key: str, kind: str) -> list:
    """A column whose headers come from the catalogue (both languages, as the sheet's other headers)."""
    return [col(field, t(key, "ja"), t(key, "en"), kind)]


def _core_sheets(xw, res, lang, crit_name, prog_name):
    s = res.settings
    ws = xw.sheet("コア指数", "CoreIndex")
    mode = t(DRAW_MODES[res.draw_mode], lang) if res.draw_mode in DRAW_MODES else res.draw_mode
    lines = [
        (t("xlsx.sens.core.draws", lang), (s.samples, "int")),
        (t("xlsx.sens.core.seed", lang), (s.seed, "int")),
        (t("xlsx.sens.core.weight_draws", lang), mode),
        (t("xlsx.sens.core.scores", lang),
         t("xlsx.sens.core.scores_drawn" if res.scores_drawn else "xlsx.sens.core.scores_fixed", lang)),
        (t("xlsx.sens.core.thresholds", lang), f"≥ {s.core:g} / ≤ {s.exterior:g}"),
    ]
    if res.draw_mode == "dirichlet":
        lines.insert(3, (t("xlsx.sens.core.concentration", lang), (s.concentration, "number")))
    for g, v in res.same_by_grain.items():
        lines.append((t("xlsx.sens.core.same_grain", lang, grain=t(f"grain.{g}", lang)),
                      (v, "share") if v is not None else "—"))
    r = xw.title_block(ws, t("xlsx.sens.core.title", lang), lines)
    core = res.core.sort_values(["core_index", "program"], ascending=[False, True], kind="stable").copy()
    core["name"] = [prog_name[p] for p in core["program"]]
    core["class_text"] = [t(CLASS_LABELS[c], lang) if c else "" for c in core["cls"]]
    cols = [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("domain", "技術領域", "Domain"),
            Col("base_funded", "基準解で採択", "Funded in base", "bool"), Col("base_level", "水準", "Level"),
            Col("base_start", "開始年度", "Start", "year"), Col("core_index", "コア指数", "Core index", "share"),
            Col("class_text", "区分", "Class"), Col("funded_draws", "採択回数", "Funded in draws", "int"),
            Col("solved_draws", "解けた抽出", "Draws solved", "int"),
            *_both(Col, "core_index_G2", "xlsx.sens.core.index_G2", "share"),
            *_both(Col, "funded_draws_G2", "xlsx.sens.core.funded_G2", "int")]
    hr, last = xw.table(ws, core, cols, first_row=r, freeze=False, widths={"name": 30})
    if len(core):
        name = ws.get_name()
        ch = xw.chart("bar", t("xlsx.sens.core.chart", lang), money_axis=False)
        ch.add_series({"name": [name, hr, 6], "categories": [name, hr + 1, 1, last, 1],
                       "values": [name, hr + 1, 6, last, 6], "gap": 50, "fill": {"color": "#2E75B6"}})
        ch.set_y_axis({"reverse": True, "num_font": {"name": "Yu Gothic"}})
        ch.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        ch.set_legend({"none": True})
        ch.set_size({"width": 760, "height": max(300, 22 * len(core) + 80)})
        ws.insert_chart(last + 2, 0, ch)

    ws = xw.sheet("抽出", "Draws")
    dr = res.draws.copy()
    dr["status_text"] = [t(f"status.{x}", lang) for x in dr["status"]]
    wcols = [c for c in dr.columns if c.startswith("w_")]
    cols = [Col("draw", "抽出番号", "Draw", "int"), Col("status_text", "求解状況", "Status"),
            Col("objective", "目的関数値", "Objective", "number"), Col("gap", "ギャップ", "Gap", "share"),
            Col("funded_programs", "採択数", "Funded", "int"),
            Col("same_as_base", "基準解と同じ", "Same as base", "bool"),
            *_both(Col, "same_G1", "xlsx.sens.draws.same_G1", "bool"),
            *_both(Col, "same_G2", "xlsx.sens.draws.same_G2", "bool")] + \
        [Col(c, f"重み：{crit_name[c[2:]]}", f"Weight: {crit_name[c[2:]]}", "number") for c in wcols]
    xw.table(ws, dr, cols, first_row=0)


def _price_sheet(xw, res, lang, prog_name):
    ws = xw.sheet("強制の代償", "PriceOfChange")
    r = xw.title_block(ws, t("xlsx.sens.price.title", lang), [
        (t("xlsx.sens.method", lang), t("xlsx.sens.price.method", lang)),
    ])
    pr = res.price.copy()
    pr["name"] = [prog_name[p] for p in pr["program"]]
    pr["direction_text"] = [t("xlsx.sens.price.forced_in" if x == "in" else "xlsx.sens.price.forced_out", lang)
                            for x in pr["direction"]]
    for c in ("added", "removed", "changed"):
        pr[c + "_text"] = [", ".join(v) for v in pr[c]]
    pr["reason_text"] = [x.render(lang) if x is not None else "" for x in pr["reason"]]
    cols = [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("direction_text", "強制", "Forcing"),
            Col("loss", "目的関数値の低下", "Objective lost", "number"),
            Col("loss_share", "低下率", "Share lost", "share"), Col("objective", "強制後の目的関数値", "Objective forced",
                                                                "number"),
            Col("removed_text", "外れるもの", "Dropped"), Col("added_text", "入るもの", "Added"),
            Col("changed_text", "水準・開始年度の変更", "Level/start changed"),
            Col("gap_reached", "許容ギャップ到達", "Gap reached", "bool"), Col("reason_text", "値がない理由", "Why no value")]
    xw.table(ws, pr, cols, first_row=r, freeze=False, widths={"name": 30, "reason_text": 50})


def _marginal_sheet(xw, res, lang):
    d = res.data
    ws = xw.sheet("限界価値", "MarginalValues")
    r = xw.title_block(ws, t("xlsx.sens.mv.title", lang), [
        ("Δ", t("xlsx.sens.mv.delta", lang, delta=res.settings.delta)),
        (t("xlsx.sens.note", lang), t("sens.mv_note", lang)),
    ])
    mv = res.marginal.copy()
    mv["family_text"] = [t(LIMITS_BY_ID[f].label_key, lang) for f in mv["family"]]
    names = {}
    for s_ in d.sources:
        names[s_.id] = s_.name(lang)
    for c in d.capacities:
        names[c.id] = c.name(lang)
    mv["source_text"] = [names.get(x, x) if x else "" for x in mv["source"]]
    mv["year_text"] = [fy_label(int(y), lang) for y in mv["year"]]
    mv["reason_text"] = [x.render(lang) if x is not None else "" for x in mv["reason"]]
    cols = [Col("family_text", "制約", "Limit"), Col("source_text", "財源・資源", "Source / resource"),
            Col("year_text", "年度", "Fiscal year"), Col("value", "制約値", "Limit value", "number"),
            Col("delta", "Δ", "Δ", "number"), Col("plus", "+Δ での増加", "Gain at +Δ", "number"),
            Col("minus", "−Δ での減少", "Loss at −Δ", "number"),
            Col("plus_per_unit", "単位当たり（+）", "Per unit (+)", "number"),
            Col("minus_per_unit", "単位当たり（−）", "Per unit (−)", "number"),
            Col("lp_dual", "LP緩和の双対値（参考）", "LP-relaxation dual (indicative)", "number"),
            Col("gap_reached", "許容ギャップ到達", "Gap reached", "bool"), Col("reason_text", "値がない理由", "Why no value")]
    hr, last = xw.table(ws, mv, cols, first_row=r, freeze=False, widths={"reason_text": 40, "source_text": 24})
    # Highlight the limits that matter: a data bar on gains and losses.
    if len(mv):
        for j in (5, 6):
            ws.conditional_format(hr + 1, j, last, j, {"type": "data_bar", "bar_color": "#9BC2E6"})


def _alternatives_sheet(xw, res, lang, prog_name):
    s = res.settings
    ws = xw.sheet("代替案", "Alternatives")
    lines = [(t("xlsx.sens.alt.within", lang), f"{s.within:.2%}"),
             (t("xlsx.sens.alt.requested", lang), (s.alternatives, "int")),
             (t("xlsx.sens.alt.distance", lang), t("xlsx.sens.alt.distance_rule", lang))]
    if res.alternatives_note is not None:
        lines.append((t("xlsx.sens.note", lang), res.alternatives_note.render(lang)))
    r = xw.title_block(ws, t("xlsx.sens.alt.title", lang), lines)
    rows = [dict(rank=a.rank, objective=a.objective, shortfall=a.shortfall, distance=a.distance,
                 min_distance=a.min_distance, added=", ".join(a.added), removed=", ".join(a.removed),
                 changed=", ".join(a.changed)) for a in res.alternatives]
    df = pd.DataFrame(rows, columns=["rank", "objective", "shortfall", "distance", "min_distance", "added", "removed",
                                     "changed"])
    cols = [Col("rank", "案", "Alternative", "int"), Col("objective", "目的関数値", "Objective", "number"),
            Col("shortfall", "最適値との差", "Below optimum", "share"), Col("distance", "最適解との距離", "Distance to optimum",
                                                                        "number"),
            Col("min_distance", "最小距離", "Least distance", "number"), Col("added", "追加", "Added"),
            Col("removed", "削除", "Removed"), Col("changed", "水準・開始年度の変更", "Level/start changed")]
    hr, last = xw.table(ws, df, cols, first_row=r, freeze=False, autofilter=False,
                        widths={"added": 30, "removed": 30, "changed": 30})
    r = last + 2
    ws.write_string(r, 0, t("xlsx.sens.alt.by_program", lang), xw.f["sub"])
    ports = [("optimum", res.base.portfolio)] + [(f"alt{a.rank}", a.portfolio) for a in res.alternatives]
    mrows = []
    for p in res.data.programs:
        row = dict(program=p.id, name=prog_name[p.id])
        for key, port in ports:
            v = port.get(p.id)
            row[key] = f"{v[0]}/{v[1]}" if v else ""
        mrows.append(row)
    mcols = [Col("program", "ID", "ID"), Col("name", "名称", "Name"), Col("optimum", "最適解", "Optimum")] + \
        [Col(f"alt{a.rank}", f"代替案{a.rank}", f"Alternative {a.rank}") for a in res.alternatives]
    xw.table(ws, pd.DataFrame(mrows), mcols, first_row=r + 1, freeze=False, widths={"name": 30})
