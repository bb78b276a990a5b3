"""The results workbook of one solve: Summary, Programs, Allocation, Domains, Sources, Ministries,
Capacities, BindingLimits, Tail and Run sheets, in Japanese (default) or English, with native charts."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from pyomo.common.gc_manager import PauseGC

from ..core.i18n import t
from ..core.labels import group_label, kind_label
from ..core.wareki import fy_label
from ..model.families import LIMITS_BY_ID
from .excel import Col, ExcelWriter, fy_cols, write_workbook

if TYPE_CHECKING:
    from ..engine.results import Result

def status_text(result: Result, lang: str) -> str:
    text = t(f"status.{result.status}", lang)
    if result.gap is not None and result.has_solution:
        return t("status.with_gap", lang, status=text, gap=result.gap)
    if result.status == "feasible":
        # Stopped early without a finite bound: the gap is still stated, as unknown.
        return t("status.gap_unknown", lang, status=text)
    return text


def write_results(result: Result, path: str | Path, *, lang: str = "ja", force: bool = False,
                  inputs: tuple = ()) -> Path:
    """Write the results workbook of one solve (atomically: a crash leaves no half-written file)."""
    # One small object per cell and no garbage until the end: the cyclic collector would only
    # re-scan them (two fifths of the time on large models).
    with PauseGC():
        return _write_results(result, path, lang=lang, force=force, inputs=inputs)


def _write_results(result: Result, path: str | Path, *, lang: str, force: bool, inputs: tuple) -> Path:
    # The sheets are written in the order readers find them in the workbook.
    return write_workbook(path, SHEETS, result, lang=lang, force=force, inputs=inputs,
                          payload=compare_payload(result, path, lang))


def _labelled(xw: ExcelWriter, result: Result, df: pd.DataFrame, sheet: tuple[str, str], field: str, label,
              lang: str):
    """The horizon's years, a new sheet and a copy of `df` with names in `lang` and a ``<field>_label``
    column (`label` of each value of `field`)."""
    df = _names(df, lang)
    df[f"{field}_label"] = [label(v, lang) for v in df[field]]
    return list(result.data.years), xw.sheet(*sheet), df


def _names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of a table whose English names fall back to the Japanese ones where none is given."""
    df = df.copy()
    if "name_en" in df.columns and lang != "ja":
        df["name_en"] = [e or j for e, j in zip(df["name_en"], df["name_ja"])]
    return df


#: The column of a table's names in each language (English for any other).
_NAME_COLS = {"ja": "name_ja"}


def _name_col(lang: str) -> str:
    return _NAME_COLS.get(lang, "name_en")


def _program_names(result: Result, lang: str) -> dict[str, str]:
    return {p.id: p.name(lang) for p in result.data.programs}


def _summary_lines(result: Result, lang: str) -> list[tuple[str, object]]:
    d = result.data
    lines = [
        (t("xlsx.results.model", lang), d.settings.model_name or Path(d.path).name),
        (t("xlsx.results.scenario", lang), d.scenario or t("xlsx.results.base_scenario", lang)),
        (t("xlsx.results.scale", lang), (d.scale, "number")),
        (t("xlsx.results.status", lang), status_text(result, lang)),
        (t("xlsx.results.objective", lang), (result.objective, "number")),
        (t("xlsx.results.bound", lang), (result.bound, "number")),
        (t("xlsx.results.gap", lang), (result.gap, "share")),
        (t("xlsx.results.gap_target", lang), (result.mip_gap_target, "share")),
        (t("xlsx.results.solve_seconds", lang), (result.solve_seconds, "number")),
        (t("xlsx.results.budget_total", lang), (d.budget_total, "money")),
        (t("xlsx.results.spend_annual", lang), (result.spend_total if result.has_solution else None, "money")),
        (t("xlsx.results.funded", lang), (int(result.programs["funded"].sum()), "int")),
        (t("xlsx.results.private_investment", lang), (result.private_investment, "money")),
        (t("xlsx.results.leverage_ratio", lang), (result.leverage_ratio, "number")),
        (t("xlsx.results.weights", lang), t("xlsx.results.weights_note", lang)),
    ]
    if result.tie is not None:
        lines.append((t("xlsx.results.tie", lang), result.tie.describe({p.id: p.name(lang) for p in d.programs}, lang)))
    if result.explanation:
        lines.append((t("xlsx.results.why_infeasible", lang), " / ".join(m.render(lang) for m in result.explanation)))
    return lines


def _summary_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Summary: the run's key figures, spend and budget by year with their chart, contribution by criterion."""
    ws = xw.sheet("概要", "Summary")
    r = xw.title_block(ws, t("xlsx.results.title", lang), _summary_lines(result, lang))
    yd = result.years.copy()
    yd["label"] = [fy_label(y, lang) for y in yd["year"]]
    # A ministry's money set apart from the total budget (MOD's research money) gets its own column,
    # so that the stacked columns add up to the total spend.
    apart = [Col("outside_budget_spend", "総予算外の年度予算", "Annual, outside the total budget", "money")] \
        if any(s.kind == "annual" and not s.in_total_budget for s in result.data.sources) else []
    ycols = [Col("label", "年度", "Fiscal year"), Col("total_budget", "総予算", "Total budget", "money"),
             Col("annual_spend", "年度予算財源", "Annual sources", "money"), *apart,
             Col("fund_spend", "基金", "Funds", "money"), Col("external_spend", "外部資金", "External", "money"),
             Col("total_spend", "支出計", "Total spend", "money"), Col("budget_slack", "予算残", "Budget slack", "money"),
             Col("budget_change", "総予算の対前年度", "Total budget vs previous year", "money"),
             Col("annual_change", "年度予算財源の支出の対前年度", "Annual-source spend vs previous year", "money")]
    hr, last = xw.table(ws, yd, ycols, first_row=r, freeze=False, autofilter=False)
    xw.note(ws, last + 1, t("xlsx.results.note.year_change", lang))
    ch = xw.chart("column", t("xlsx.results.chart.spend_by_year", lang), subtype="stacked",
                  x_title=t("xlsx.results.axis.year", lang), y_title="億円")
    for j in range(2, 5 + len(apart)):
        ch.add_series({"name": [ws.get_name(), hr, j], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                       "values": [ws.get_name(), hr + 1, j, last, j]})
    line = xw.wb.add_chart({"type": "line"})
    line.add_series({"name": [ws.get_name(), hr, 1], "categories": [ws.get_name(), hr + 1, 0, last, 0],
                     "values": [ws.get_name(), hr + 1, 1, last, 1], "marker": {"type": "diamond"}})
    ch.combine(line)
    ws.insert_chart(last + 2, 0, ch)
    r = last + 24
    ws.write_string(r, 0, t("xlsx.results.contribution", lang), xw.f["sub"])
    ccols = [Col("id", "ID", "ID"), Col(_name_col(lang), "名称", "Name"),
             Col("weight", "重み（入力）", "Weight (input)", "number"),
             Col("weight_normalised", "重み（正規化）", "Weight (normalised)", "share"),
             Col("contribution", "寄与", "Contribution", "number"),
             Col("share_of_objective", "構成比", "Share of objective", "share")]
    xw.table(ws, _names(result.criteria, lang), ccols, first_row=r + 1, freeze=False, autofilter=False)


def _programs_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    d = result.data
    ws = xw.sheet("プログラム", "Programs")
    progs = _names(result.programs, lang)
    progs["note_text"] = [_note(n, lang) for n in progs["note"]]
    pcols = [Col("id", "ID", "ID"), Col(_name_col(lang), "名称", "Name"), Col("domain", "技術領域", "Domain"),
             Col("instrument", "施策種別", "Instrument"), Col("lead", "主管府省", "Lead ministry"),
             Col("funded", "採択", "Funded", "bool"), Col("level", "水準", "Level"),
             Col("start_year", "開始年度", "Start", "year"), Col("end_year", "終了年度", "End", "year"),
             Col("cost_total", "総事業費", "Life cost", "money"),
             Col("cost_in_horizon", "期間内経費", "Cost in horizon", "money"),
             Col("tail_cost", "後年度負担", "Cost past horizon", "money"),
             *fy_cols(d.years), Col("value", "評価値", "Value", "number"),
             *[Col(f"contrib_{c.id}", f"寄与:{c.name_ja}", f"Contrib: {c.name_en or c.id}", "number")
               for c in d.criteria],
             Col("paid_by", "財源内訳", "Paid by"), Col("mandatory", "必須", "Mandatory", "bool"),
             Col("ongoing", "継続", "Ongoing", "bool"), Col("forbidden", "除外", "Forbidden", "bool"),
             Col("previous_year", "前年度額", "Previous year", "money"),
             Col("change_vs_previous", "対前年度増減（初年度の事業費−前年度額）",
                 "Change vs previous year (first-year cost − previous year)", "money"),
             Col("note_text", "備考", "Note")]
    xw.table(ws, progs, pcols, widths={"name_ja": 44, "name_en": 44})


def _allocation_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Allocation: one row per program and funding source, one column per fiscal year."""
    d = result.data
    years = list(d.years)
    ws = xw.sheet("配分", "Allocation")
    alloc = result.allocation
    if len(alloc):
        wide = alloc.pivot_table(index=["program", "source"], columns="year", values="amount", aggfunc="sum",
                                 fill_value=0.0)
        wide.columns = [f"FY{int(y)}" for y in wide.columns]
        for y in years:
            if f"FY{y}" not in wide.columns:
                wide[f"FY{y}"] = 0.0
        wide = wide.reset_index()
        wide["total"] = wide[[f"FY{y}" for y in years]].sum(axis=1)
    else:
        wide = pd.DataFrame(columns=["program", "source", *[f"FY{y}" for y in years], "total"])
    pname = _program_names(result, lang)
    sname = {s.id: s.name(lang) for s in d.sources}
    wide["program_name"] = [pname.get(p, "") for p in wide["program"]]
    wide["source_name"] = [sname.get(s, "") for s in wide["source"]]
    acols = [Col("program", "プログラム", "Program"), Col("program_name", "名称", "Name"),
             Col("source", "財源", "Source"), Col("source_name", "財源名", "Source name"), *fy_cols(years),
             Col("total", "合計", "Total", "money")]
    xw.table(ws, wide, acols, widths={"program_name": 28, "source_name": 18})


def _domains_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Domains: spend by domain and year against its floors and ceilings, with a bar chart of the totals."""
    years, ws, doms = _labelled(xw, result, result.domains, ("技術領域別", "Domains"), "group", group_label, lang)
    dcols = [Col("id", "ID", "ID"), Col(_name_col(lang), "名称", "Name"), Col("group_label", "区分", "Group"),
             *fy_cols(years), Col("total", "合計", "Total", "money"), Col("share", "構成比", "Share", "share"),
             Col("funded_programs", "採択数", "Funded programs", "int"), Col("floor", "下限額", "Floor", "money"),
             Col("ceiling", "上限額", "Ceiling", "money"), Col("floor_share", "下限割合", "Floor share", "share"),
             Col("ceiling_share", "上限割合", "Ceiling share", "share"),
             Col("critical_mass", "クリティカルマス", "Critical mass", "money"), *_previous_cols(doms)]
    hr, last = xw.table(ws, doms, dcols)
    xw.note(ws, last + 1, t("xlsx.results.note.previous_programs", lang))
    if last > hr:
        ch = xw.chart("bar", t("xlsx.results.chart.domains", lang), x_title="億円", y_title="")
        tot = 3 + len(years)
        ch.add_series({"name": [ws.get_name(), hr, tot], "categories": [ws.get_name(), hr + 1, 1, last, 1],
                       "values": [ws.get_name(), hr + 1, tot, last, tot], "fill": {"color": "#2E75B6"}})
        ch.set_legend({"none": True})
        ch.set_y_axis({"reverse": True})
        ch.set_size({"width": 760, "height": max(300, 24 * (last - hr) + 80)})
        ws.insert_chart(last + 2, 1, ch)


def _sources_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Sources: spend by funding source and year against its envelope, with a stacked chart by year."""
    years, ws, srcs = _labelled(xw, result, result.sources, ("財源別", "Sources"), "kind", kind_label, lang)
    scols = [Col("id", "ID", "ID"), Col(_name_col(lang), "名称", "Name"), Col("kind_label", "種別", "Kind"),
             *fy_cols(years), Col("total", "合計", "Total", "money"),
             Col("envelope_total", "枠合計", "Envelope total", "money"),
             Col("utilisation", "執行率", "Utilisation", "share"),
             Col("previous_year", "前年度額（財源）", "Previous year (source)", "money"),
             Col("change_vs_previous", "対前年度増減（初年度の支出−前年度額）",
                 "Change vs previous year (first-year spend − previous year)", "money")]
    hr, last = xw.table(ws, srcs, scols)
    xw.note(ws, last + 1, t("xlsx.results.note.previous_sources", lang))
    _chart_by_year(xw, ws, hr, last, lang, "xlsx.results.chart.sources", first_col=3, last_col=2 + len(years))


def _ministries_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Ministries: program cost by lead ministry and year, with a stacked chart by year."""
    years = list(result.data.years)
    ws = xw.sheet("府省別", "Ministries")
    mins = _names(result.ministries, lang)
    mcols = [Col("id", "ID", "ID"), Col(_name_col(lang), "主管府省", "Lead ministry"), *fy_cols(years),
             Col("total", "合計", "Total", "money"), Col("funded_programs", "採択数", "Funded programs", "int"),
             Col("tail", "後年度負担", "Past horizon", "money"), *_previous_cols(mins)]
    hr, last = xw.table(ws, mins, mcols)
    xw.note(ws, last + 1, t("xlsx.results.note.previous_programs", lang))
    _chart_by_year(xw, ws, hr, last, lang, "xlsx.results.chart.ministries", first_col=2, last_col=1 + len(years))


def _previous_cols(df: pd.DataFrame) -> list[Col]:
    """The previous-year columns of a table of program groups (domains, lead ministries): the sum of
    the programs' previous-year amounts (only where all are given), how many are given, the change."""
    df["previous_cover"] = [f"{k}/{n}" for k, n in zip(df["previous_known"], df["previous_parts"])]
    return [Col("previous_year", "前年度額（全プログラム計）", "Previous year (all programs)", "money"),
            Col("previous_cover", "前年度額の入力（件）", "Previous-year amounts given", "text"),
            Col("change_vs_previous", "対前年度増減（初年度の事業費−前年度額）",
                "Change vs previous year (first-year cost − previous year)", "money")]


def _chart_by_year(xw: ExcelWriter, ws, hr: int, last: int, lang: str, title_key: str, *,
                   first_col: int, last_col: int) -> None:
    """Below a table with rows (header row `hr`, last row `last`), a stacked column chart by year titled
    by the catalogue's `title_key`: one series per row, named by its second column, over the year
    columns `first_col`..`last_col`."""
    if last <= hr:
        return
    ch = xw.chart("column", t(title_key, lang), subtype="stacked", x_title=t("xlsx.results.axis.year", lang),
                  y_title="億円")
    for i in range(hr + 1, last + 1):
        ch.add_series({"name": [ws.get_name(), i, 1], "categories": [ws.get_name(), hr, first_col, hr, last_col],
                       "values": [ws.get_name(), i, first_col, i, last_col]})
    ws.insert_chart(last + 2, 1, ch)


def _capacities_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    ws = xw.sheet("能力制約", "Capacities")
    caps = _names(result.capacities, lang)
    caps["year_label"] = [fy_label(y, lang) for y in caps["year"]]
    kcols = [Col("id", "ID", "ID"), Col(_name_col(lang), "資源", "Resource"), Col("unit", "単位", "Unit"),
             Col("year_label", "年度", "Fiscal year"), Col("use", "使用量", "Use", "number"),
             Col("capacity", "容量", "Capacity", "number"), Col("slack", "余裕", "Slack", "number"),
             Col("utilisation", "使用率", "Utilisation", "share")]
    xw.table(ws, caps, kcols)


def _binding_limits_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """BindingLimits: every limit's use against its value, the tight ones first."""
    d = result.data
    ws = xw.sheet("制約の状況", "BindingLimits")
    b = result.binding.copy()
    b["family_label"] = [t(LIMITS_BY_ID[f].label_key, lang) for f in b["family"]]
    b["key_label"] = [LIMITS_BY_ID[f].key_name(d, k, lang) for f, k in zip(b["family"], b["key"])]
    b["year_label"] = [fy_label(int(y), lang) if y is not None and y == y else "" for y in b["year"]]
    if "split_only" not in b:
        b["split_only"] = False
    b = b.sort_values(["tight", "split_only", "family"], ascending=[False, True, True], kind="stable")
    bcols = [Col("family_label", "制約", "Limit"), Col("key_label", "対象", "Applies to"),
             Col("year_label", "年度", "Fiscal year"), Col("used", "使用", "Used", "number"),
             Col("limit", "制約値", "Limit value", "number"), Col("slack", "余裕", "Slack", "number"),
             Col("tight", "上限・下限に到達", "Tight", "bool"),
             Col("split_only", "支払の配分のみによる到達", "Tight (payment split only)", "bool")]
    xw.table(ws, b, bcols, widths={"key_label": 30})


def _tail_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Tail: what the funded programs commit past the horizon (後年度負担), by program and year."""
    ws = xw.sheet("後年度負担", "Tail")
    tail = result.tail.copy()
    pname = _program_names(result, lang)
    tail["program_name"] = [pname.get(p, "") for p in tail["program"]]
    tail["year_label"] = [fy_label(int(y), lang) for y in tail["year"]]
    tcols = [Col("program", "プログラム", "Program"), Col("program_name", "名称", "Name"),
             Col("lead", "主管府省", "Lead ministry"), Col("year_label", "年度", "Fiscal year"),
             Col("amount", "金額", "Amount", "money")]
    xw.table(ws, tail, tcols, widths={"program_name": 28})


def _run_lines(result: Result, lang: str) -> list[tuple[str, object]]:
    d = result.data
    years = list(d.years)
    tail = (t("xlsx.results.run.tail_allowed", lang, cap=d.settings.tail_cap) if d.settings.allow_tail
            else t("xlsx.results.run.tail_not_allowed", lang))
    return [
        (t("xlsx.results.run.input_file", lang), str(d.path)),
        (t("xlsx.results.run.model_name", lang), d.settings.model_name),
        (t("xlsx.results.scenario", lang), d.scenario or "-"),
        (t("xlsx.results.scale", lang), (d.scale, "number")),
        (t("xlsx.results.run.horizon", lang), f"FY{years[0]}–FY{years[-1]}"),
        (t("xlsx.results.run.money_unit", lang), d.settings.money_unit),
        (t("xlsx.results.run.late_start", lang), (d.settings.late_start_discount, "share")),
        (t("xlsx.results.run.tail", lang), tail),
        (t("xlsx.results.run.time_limit", lang), (result.options.time_limit, "number")),
        (t("xlsx.results.gap_target", lang), (result.options.mip_gap, "share")),
        (t("xlsx.results.run.threads", lang), (result.options.threads, "int")),
        (t("xlsx.results.run.seed", lang), (result.options.seed, "int")),
        (t("xlsx.results.run.solver_status", lang), result.status),
        *[(f"version: {k}", v) for k, v in result.versions.items()],
        (t("xlsx.results.run.run_at", lang), _dt.datetime.now().isoformat(timespec="seconds")),
    ]


def _run_sheet(xw: ExcelWriter, result: Result, lang: str) -> None:
    """Run: settings, solver options and versions, the scenario's overrides, the warnings and the input budget."""
    d = result.data
    ws = xw.sheet("実行情報", "Run")
    r = xw.title_block(ws, t("xlsx.results.run.title", lang), _run_lines(result, lang))
    ws.write_string(r, 0, t("xlsx.results.run.overrides", lang), xw.f["sub"])
    ov = pd.DataFrame([{"key": o.key, "value": _show(o.value), "origin": o.origin} for o in d.overrides],
                      columns=["key", "value", "origin"])
    _, last = xw.table(ws, ov, [Col("key", "項目", "Key"), Col("value", "値", "Value"), Col("origin", "出典", "Origin")],
                       first_row=r + 1, freeze=False, autofilter=False)
    r = last + 2
    ws.write_string(r, 0, t("xlsx.results.run.warnings", lang), xw.f["sub"])
    warn = pd.DataFrame({"message": [w.render(lang) for w in d.warnings]}, columns=["message"])
    _, last = xw.table(ws, warn, [Col("message", "内容", "Message")], first_row=r + 1, freeze=False, autofilter=False,
                       widths={"message": 70})
    r = last + 2
    ws.write_string(r, 0, t("xlsx.results.run.budget", lang), xw.f["sub"])
    bud = pd.DataFrame({"label": [fy_label(y, lang) for y in d.years], "budget": list(d.budget),
                        "base": list(d.base_budget or d.budget)})
    xw.table(ws, bud, [Col("label", "年度", "Fiscal year"), Col("base", "倍率適用前", "Before scale", "money"),
                       Col("budget", "適用後", "After scale", "money")], first_row=r + 1, freeze=False,
             autofilter=False)


def compare_payload(result: Result, path: str | Path | None, lang: str) -> dict:
    """A hidden, language-independent copy of the result, read back by `portfolio compare` (which
    builds the same for a run it solves itself)."""
    d = result.data
    payload = result.to_json(str(path) if path is not None else None, lang)
    payload["names"] = result.names()
    payload["program_names"] = {p.id: p.name_ja for p in d.programs}
    payload["levels"] = {p.id: [lv.id for lv in p.levels] for p in d.programs}
    return payload


def _show(v) -> str:
    if isinstance(v, tuple):
        return " ".join("" if x is None else str(x) for x in v)
    return str(v)


def _note(note: str, lang: str) -> str:
    """Why a program has no option (forbidden, unfundable, no start possible), in words."""
    return t(f"program.note.{note}", lang) if note else ""


#: The results workbook's sheets, in the order readers find them.
SHEETS = (_summary_sheet, _programs_sheet, _allocation_sheet, _domains_sheet, _sources_sheet, _ministries_sheet,
          _capacities_sheet, _binding_limits_sheet, _tail_sheet, _run_sheet)
