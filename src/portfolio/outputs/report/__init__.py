"""The deliberation report: one self-contained HTML file for CSTI meetings.

What reaches a meeting is a few pages: what we recommend, what the budget buys at the margin and
how robust the choice is. :func:`render_report` assembles them from a solve
(:class:`~portfolio.engine.results.Result`), a budget ladder (:class:`~portfolio.analysis.sweep.Ladder`) and a
sensitivity analysis (:class:`~portfolio.analysis.sensitivity.SensitivityResult`); the last two are
optional. It reads those objects and nothing else (no solving, no files) and returns the HTML text.

Sections: 1 summary · 2 allocation (domain, funding source, lead ministry, year, with 対前年度) ·
3 budget ladder · 4 sensitivity · 5 why not funded · 6 assumptions and data sources ·
7 run details.

The file is safe to open anywhere: charts are inline SVG with text as paths
(:mod:`portfolio.outputs.report.charts`), there is no script, no external style, font or image, a
Content-Security-Policy forbids loading anything, and every text that comes from the workbook
goes through :func:`html.escape`. A print stylesheet lays it out on A4 with the Settings
confidentiality marking at the top and bottom of every page.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np

from ...core.data import SourcesSheet
from ...core.i18n import MESSAGES, t
from ...core.wareki import fy_label
from ..results_xlsx import FAMILY_LABELS, GROUP_LABELS, KIND_LABELS, status_text
from . import charts

if TYPE_CHECKING:
    from ...engine.results import Result

WHY_NOT_LINES = 15          # unfunded programs explained one by one (the closest to being funded first)
TOP_PROGRAMS = 10           # funded programs listed in the summary
MARGINAL_ROWS = 15          # limits listed with their marginal values (the largest first)
CORE_CHART_ROWS = 45        # programs drawn in the core-index chart (the rest are listed in the table)


def _t(key: str, lang: str, **params) -> str:
    """The report's own messages are the catalogue's ``report.*`` keys."""
    return t(f"report.{key}", lang, **params)


# ---------------------------------------------------------------------------------------------
# What goes in
# ---------------------------------------------------------------------------------------------


@dataclass
class RunInfo:
    """How the report was made: shown in section 7, never used for numbers."""

    command: str = ""
    ladder_seconds: float | None = None
    sensitivity_seconds: float | None = None
    samples: int | None = None
    workers: int = 1
    workers_auto: bool = False      # chosen by --workers auto
    analysis_time_limit: float | None = None
    total_seconds: float | None = None
    generated_at: str = ""
    ladder_error: str = ""          # why the ladder is missing (empty: not requested or present)
    sensitivity_error: str = ""


@dataclass
class Section:
    id: str
    title: str
    body: str
    charts: list[charts.Chart] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------------------------


class Raw(str):
    """HTML that is already safe (built here from escaped parts)."""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _cell(value: Any) -> str:
    return value if isinstance(value, Raw) else esc(value)


def _num(x: Any) -> float | None:
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def money(x: Any, signed: bool = False) -> str:
    v = _num(x)
    if v is None:
        return "—"
    if abs(v) < 0.05:
        v = 0.0
    return f"{v:+,.1f}" if signed and v != 0 else f"{v:,.1f}"


def quantity(x: Any) -> str:
    """A non-money amount (capacity units): up to four significant digits."""
    v = _num(x)
    return "—" if v is None else f"{v:,.4g}"


def share(x: Any, digits: int = 1) -> str:
    v = _num(x)
    return "—" if v is None else f"{v:.{digits}%}"


def score(x: Any, digits: int = 2) -> str:
    v = _num(x)
    return "—" if v is None else f"{v:,.{digits}f}"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Sequence[int] = (), cls: str = "",
          row_classes: Sequence[str] | None = None, nowrap: Sequence[int] = ()) -> Raw:
    """A table; `numeric` columns are right-aligned, `nowrap` ones never wrap. Cells are escaped unless Raw."""
    num, nw = set(numeric), set(nowrap)

    def attr(i: int) -> str:
        return " class=num" if i in num else " class=nw" if i in nw else ""

    head = "".join(f"<th{attr(i)}>{esc(h)}</th>" for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        rc = row_classes[r] if row_classes and r < len(row_classes) and row_classes[r] else ""
        cells = "".join(f"<td{attr(i)}>{_cell(v)}</td>" for i, v in enumerate(row))
        body.append(f"<tr{f' class={rc}' if rc else ''}>{cells}</tr>")
    return Raw(f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def para(text: str, cls: str = "") -> Raw:
    return Raw(f"<p{f' class={cls}' if cls else ''}>{esc(text)}</p>")


def bullets(items: Iterable[str]) -> Raw:
    return Raw("<ul>" + "".join(f"<li>{_cell(i)}</li>" for i in items) + "</ul>")


def figure(chart: charts.Chart) -> Raw:
    """A chart with its caption; the title and axis labels are drawn in the SVG (and named in its aria-label)."""
    return Raw(f'<figure class="chart" id="chart-{esc(chart.key)}" data-chart="{esc(chart.key)}" '
               f'data-title="{esc(chart.title)}">{chart.svg}<figcaption>{esc(chart.caption)}</figcaption></figure>')


def h3(text: str) -> Raw:
    return Raw(f"<h3>{esc(text)}</h3>")


class Names:
    """Display names in the report language, by id."""

    def __init__(self, result: Result, lang: str):
        d = result.data
        self.lang = lang
        self.program = {p.id: p.name(lang) for p in d.programs}
        self.domain = {x.id: x.name(lang) for x in d.domains}
        self.source = {s.id: s.name(lang) for s in d.sources}
        self.capacity = {c.id: c.name(lang) for c in d.capacities}
        self.criterion = {c.id: c.name(lang) for c in d.criteria}

    def programs(self, ids: Iterable[str]) -> str:
        ids = list(ids)
        if not ids:
            return _t("none", self.lang)
        sep = "、" if self.lang == "ja" else ", "
        return sep.join(f"{self.program.get(p, p)}（{p}）" if self.lang == "ja" else f"{self.program.get(p, p)} ({p})"
                        for p in ids)


def _label(table_: dict, key: str, lang: str) -> str:
    pair = table_.get(key)
    return key if pair is None else pair[0 if lang == "ja" else 1]


def _sep(lang: str) -> str:
    return "、" if lang == "ja" else ", "


# ---------------------------------------------------------------------------------------------
# 1. Summary
# ---------------------------------------------------------------------------------------------


def _group_totals(result: Result) -> tuple[float, float]:
    dom = result.domains
    ns = float(dom.loc[dom["group"] == "national_strategic", "total"].sum()) if len(dom) else 0.0
    ef = float(dom.loc[dom["group"] == "emerging_foundational", "total"].sum()) if len(dom) else 0.0
    return ns, ef


def section_summary(result: Result, names: Names, lang: str, ladder=None, sens=None) -> Section:
    d = result.data
    parts: list[str] = []
    horizon = f"{fy_label(d.years[0], lang)}–{fy_label(d.years[-1], lang)}"
    if not result.has_solution:
        parts.append(para(_t("rec.none", lang, status=status_text(result, lang)), "recommendation"))
        if result.explanation:
            parts.append(h3(_t("why_infeasible", lang)))
            parts.append(bullets(m.render(lang) for m in result.explanation))
        return Section("summary", _t("s1", lang), "".join(parts))
    funded = result.funded
    budget = d.budget_total
    util = result.spend_total / budget if budget > 0 else 0.0
    rec = [_t("rec", lang, budget=budget, horizon=horizon, scale=d.scale, spend=result.spend_total, util=util,
              n=len(result.programs), m=len(funded))]
    ns, ef = _group_totals(result)
    if ns + ef > 0:
        rec.append(_t("rec.groups", lang, ns=ns, ns_share=ns / (ns + ef), ef=ef, ef_share=ef / (ns + ef)))
    if sens is not None and sens.core is not None:
        core = sens.core
        in_base = core[core["program"].isin(funded["id"])]
        rec.append(_t("rec.robust", lang, samples=int(core["solved_draws"].max() or 0), m=len(funded),
                      core=int((in_base["cls"] == "core").sum()), border=int((in_base["cls"] == "borderline").sum()),
                      core_thr=sens.settings.core))
    if ladder is not None:
        hi = _next_step(ladder, d.scale, +1)
        if hi is not None:
            added = sorted(set(hi.funded) - set(funded["id"]))
            dropped = sorted(set(funded["id"]) - set(hi.funded))
            if added and dropped:
                rec.append(_t("rec.margin_swap", lang, hi=hi.scale, budget=hi.budget, added=names.programs(added),
                              dropped=names.programs(dropped)))
            else:
                rec.append(_t("rec.margin", lang, hi=hi.scale, budget=hi.budget, added=names.programs(added))
                           if added else _t("rec.margin_none", lang, hi=hi.scale, budget=hi.budget))
    parts.append(Raw('<div class="recommendation">' + "".join(f"<p>{esc(s)}</p>" for s in rec) + "</div>"))

    cards = [
        (_t("status", lang), status_text(result, lang)),
        (_t("budget_total", lang), f"{money(budget)} 億円"),
        (_t("spend_annual", lang), f"{money(result.spend_total)} 億円"),
        (_t("utilisation", lang), share(util)),
        (_t("funded_count", lang), f"{len(funded)} / {len(result.programs)}"),
        (_t("objective", lang), score(result.objective)),
        (_t("gap", lang), share(result.gap, 3)),
    ]
    parts.append(Raw('<dl class="cards">' + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>"
                                                    for k, v in cards) + "</dl>"))
    top = funded.sort_values("value", ascending=False).head(TOP_PROGRAMS)
    obj = result.objective or 0.0
    core_of = {}
    if sens is not None and sens.core is not None:
        core_of = {r.program: r.core_index for r in sens.core.itertuples()}
    rows = []
    for r in top.itertuples():
        rows.append([Raw(f"{esc(names.program[r.id])} <span class=id>{esc(r.id)}</span>"),
                     names.domain.get(r.domain, r.domain), r.level, fy_label(int(r.start_year), lang),
                     money(r.cost_in_horizon), score(r.value), share(r.value / obj if obj else None),
                     share(core_of.get(r.id), 0) if core_of else "—"])
    parts.append(h3(_t("top", lang, n=min(TOP_PROGRAMS, len(funded)))))
    parts.append(table([_t("col.program", lang), _t("col.domain", lang), _t("col.level", lang),
                        _t("col.start", lang), _t("col.cost_horizon", lang), _t("col.value", lang),
                        _t("col.share_obj", lang), _t("col.core", lang)], rows, numeric=(4, 5, 6, 7),
                       nowrap=(2, 3)))
    return Section("summary", _t("s1", lang), "".join(parts))


def _next_step(ladder, scale: float, direction: int):
    steps = [s for s in ladder.steps if s.objective is not None]
    if direction > 0:
        higher = [s for s in steps if s.scale > scale + 1e-12]
        return higher[0] if higher else None
    lower = [s for s in steps if s.scale < scale - 1e-12]
    return lower[-1] if lower else None


# ---------------------------------------------------------------------------------------------
# 2. Allocation
# ---------------------------------------------------------------------------------------------


def section_allocation(result: Result, names: Names, lang: str) -> Section:
    if not result.has_solution:
        return Section("allocation", _t("s2", lang), para(_t("omitted", lang)))
    d = result.data
    fy0 = f"FY{d.years[0]}"
    fy0_label = fy_label(d.years[0], lang)
    out: list[str] = []
    chart_list: list[charts.Chart] = []

    # -- by domain, grouped -------------------------------------------------------------------
    dom = result.domains
    has_prev = dom["previous_year"].notna().any() or result.sources["previous_year"].notna().any() or \
        result.ministries["previous_year"].notna().any()
    out.append(h3(_t("s2.domain", lang)))
    order = ["national_strategic", "emerging_foundational"]
    groups = order + [g for g in dom["group"].unique() if g not in order]
    rows, rcls = [], []
    bar_labels, bar_values, bar_colours = [], [], []
    total = float(dom["total"].sum())
    for g in groups:
        sub = dom[dom["group"] == g].sort_values("total", ascending=False, kind="stable")
        if not len(sub):
            continue
        glabel = _label(GROUP_LABELS, g, lang)
        for r in sub.itertuples():
            rows.append([names.domain[r.id], glabel, money(r.total), share(r.total / total if total else None),
                         int(r.funded_programs), money(dom.loc[r.Index, fy0]),
                         money(r.previous_year), money(r.change_vs_previous, signed=True)])
            rcls.append("")
            bar_labels.append(names.domain[r.id])
            bar_values.append(float(r.total))
            bar_colours.append(charts.GROUP_COLOURS.get(g, charts.GREY))
        rows.append([_t("subtotal", lang, group=glabel), "", money(sub["total"].sum()),
                     share(sub["total"].sum() / total if total else None), int(sub["funded_programs"].sum()),
                     money(sub[fy0].sum()), money(sub["previous_year"].sum()) if sub["previous_year"].notna().any()
                     else "—",
                     money(sub["change_vs_previous"].sum(), signed=True) if sub["change_vs_previous"].notna().any()
                     else "—"])
        rcls.append("subtotal")
    rows.append([_t("grand_total", lang), "", money(total), share(1.0 if total else None),
                 int(dom["funded_programs"].sum()), money(dom[fy0].sum()), "", ""])
    rcls.append("total")
    out.append(table([_t("col.domain", lang), _t("col.group", lang), _t("col.total", lang), _t("col.share", lang),
                      _t("col.funded", lang), _t("col.first_year", lang, fy=fy0_label), _t("col.previous", lang),
                      _t("col.change", lang)], rows, numeric=(2, 3, 4, 5, 6, 7), row_classes=rcls, nowrap=(1,)))
    c = charts.horizontal_bars(
        "domains", bar_labels, bar_values, bar_colours, title=_t("chart.domain.title", lang),
        x_label=_t("chart.domain.x", lang), caption=_t("chart.domain.caption", lang),
        legend=[(_label(GROUP_LABELS, g, lang), charts.GROUP_COLOURS[g]) for g in order
                if (dom["group"] == g).any()])
    chart_list.append(c)
    out.append(figure(c))

    # -- by funding source --------------------------------------------------------------------
    out.append(h3(_t("s2.source", lang)))
    src = result.sources
    rows = []
    for r in src.itertuples():
        rows.append([names.source[r.id], _label(KIND_LABELS, r.kind, lang), money(r.total), money(r.envelope_total),
                     share(r.utilisation), money(src.loc[r.Index, fy0]), money(r.previous_year),
                     money(r.change_vs_previous, signed=True)])
    out.append(table([_t("col.source", lang), _t("col.kind", lang), _t("col.total", lang),
                      _t("col.envelope", lang), _t("col.use", lang), _t("col.first_year", lang, fy=fy0_label),
                      _t("col.previous", lang), _t("col.change", lang)], rows, numeric=(2, 3, 4, 5, 6, 7),
                     nowrap=(1,)))
    fy_cols = [f"FY{y}" for y in d.years]
    series = [(names.source[r.id], [float(src.loc[r.Index, f]) for f in fy_cols]) for r in src.itertuples()
              if float(r.total) > 1e-9]
    c = charts.stacked_columns(
        "sources", [f"FY{y}" for y in d.years], series, title=_t("chart.source.title", lang),
        x_label=_t("chart.source.x", lang), y_label=_t("chart.source.y", lang), caption=_t("chart.source.caption", lang),
        line=(_t("chart.source.line", lang), [float(b) for b in d.budget]))
    chart_list.append(c)
    out.append(figure(c))

    # -- by lead ministry ---------------------------------------------------------------------
    out.append(h3(_t("s2.ministry", lang)))
    mins = result.ministries.sort_values("total", ascending=False, kind="stable")
    rows = []
    for r in mins.itertuples():
        rows.append([names.source.get(r.id, r.id), money(r.total), int(r.funded_programs), money(r.tail),
                     money(mins.loc[r.Index, fy0]), money(r.previous_year), money(r.change_vs_previous, signed=True)])
    out.append(table([_t("col.ministry", lang), _t("col.total", lang), _t("col.funded", lang), _t("col.tail", lang),
                      _t("col.first_year", lang, fy=fy0_label), _t("col.previous", lang), _t("col.change", lang)],
                     rows, numeric=(1, 2, 3, 4, 5, 6)))
    if len(mins):
        c = charts.horizontal_bars(
            "ministries", [names.source.get(i, i) for i in mins["id"]], [float(v) for v in mins["total"]],
            [charts.BLUE] * len(mins), title=_t("chart.ministry.title", lang), x_label=_t("chart.ministry.x", lang),
            caption=_t("chart.ministry.caption", lang))
        chart_list.append(c)
        out.append(figure(c))
    out.append(para(_t("prev.note", lang, fy=fy0_label) if has_prev else _t("prev.none", lang), "note"))

    # -- by year ------------------------------------------------------------------------------
    out.append(h3(_t("s2.year", lang)))
    yrs = result.years
    rows = []
    prev = d.budget_previous
    for r in yrs.itertuples():
        change = (r.annual_spend - prev) if prev is not None else None
        rows.append([fy_label(int(r.year), lang), money(r.total_budget), money(r.annual_spend), money(r.fund_spend),
                     money(r.external_spend), money(r.total_spend), money(r.budget_slack),
                     money(change, signed=True)])
        prev = r.annual_spend
    rows.append([_t("grand_total", lang), money(yrs["total_budget"].sum()), money(yrs["annual_spend"].sum()),
                 money(yrs["fund_spend"].sum()), money(yrs["external_spend"].sum()), money(yrs["total_spend"].sum()),
                 money(yrs["budget_slack"].sum()), ""])
    out.append(table([_t("col.year", lang), _t("col.budget", lang), _t("col.annual", lang), _t("col.fund", lang),
                      _t("col.external", lang), _t("col.spend", lang), _t("col.slack", lang),
                      _t("col.change_annual", lang)], rows, numeric=(1, 2, 3, 4, 5, 6, 7),
                     row_classes=[""] * len(yrs) + ["total"]))
    if d.budget_previous is not None:
        out.append(para(_t("year.note", lang, prev=f"{money(d.budget_previous)} 億円"), "note"))
    return Section("allocation", _t("s2", lang), "".join(out), chart_list)


# ---------------------------------------------------------------------------------------------
# 3. Budget ladder
# ---------------------------------------------------------------------------------------------


def section_ladder(result: Result, names: Names, lang: str, ladder=None, run: RunInfo | None = None) -> Section:
    title = _t("s3", lang)
    if not result.has_solution:
        return Section("ladder", title, para(_t("omitted", lang)))
    if ladder is None:
        if run is not None and run.ladder_error:
            return Section("ladder", title, para(_t("ladder.failed", lang, error=run.ladder_error), "warning"))
        return Section("ladder", title, para(_t("ladder.skipped", lang)))
    d = result.data
    out: list[str] = []
    steps = [s for s in ladder.steps if s.objective is not None]
    scales = ", ".join(f"×{s.scale:g}" for s in ladder.steps)
    out.append(para(_t("ladder.intro", lang, scales=scales, gap=share(ladder.options.mip_gap, 2))))
    current = d.scale
    c = charts.frontier(
        "frontier", [s.budget for s in ladder.steps], [s.objective for s in ladder.steps],
        current=d.budget_total if result.has_solution else None,
        current_objective=result.objective if result.has_solution else None,
        title=_t("chart.frontier.title", lang), x_label=_t("chart.frontier.x", lang),
        y_label=_t("chart.frontier.y", lang), caption=_t("chart.frontier.caption", lang),
        current_label=_t("chart.frontier.current", lang), step_labels=[f"×{s.scale:g}" for s in ladder.steps])
    out.append(figure(c))

    out.append(h3(_t("s3.steps", lang)))
    fr = ladder.frontier()
    rows, prev, rcls = [], None, []
    for s, f in zip(ladder.steps, fr.itertuples()):
        added = dropped = ""
        if s.objective is not None and prev is not None:      # ids keep the table short; names are below
            added = _ids(sorted(set(s.funded) - set(prev.funded)), lang)
            dropped = _ids(sorted(set(prev.funded) - set(s.funded)), lang)
        status = t(f"status.{s.status}", lang) if s.objective is None else share(s.gap, 3)
        rows.append([f"×{s.scale:g}", money(s.budget), score(s.objective), len(s.portfolio),
                     score(f.marginal_value, 3), status, added, dropped])
        rcls.append("current" if abs(s.scale - current) < 1e-9 else "")
        if s.objective is not None:
            prev = s
    out.append(table([_t("col.step", lang), _t("col.step_budget", lang), _t("objective", lang),
                      _t("col.funded", lang), _t("col.marginal", lang), _t("gap", lang), _t("col.added", lang),
                      _t("col.dropped", lang)], rows, numeric=(1, 2, 3, 4, 5), cls="ladder", row_classes=rcls))
    for lo, hi in ladder.non_monotone:
        out.append(para(_t("non_monotone", lang, lo=lo, hi=hi), "warning"))

    base_funded = set(result.funded["id"]) if result.has_solution else set()
    higher = [s for s in steps if s.scale > current + 1e-12]
    lower = [s for s in steps if s.scale < current - 1e-12]
    entry = {r.id: r for r in ladder.entry_budgets().itertuples()}
    out.append(h3(_t("s3.enter", lang)))
    if not higher:
        out.append(para(_t("ladder.no_higher", lang)))
    else:
        first: dict[str, Any] = {}
        for s in higher:
            for p in s.funded:
                if p not in base_funded and p not in first:
                    first[p] = s
        if first:
            rows = []
            for p, s in sorted(first.items(), key=lambda kv: (kv[1].scale, kv[0])):
                e = entry.get(p)
                stays = e is not None and not e.never and e.entry_scale is not None and e.entry_scale <= s.scale + 1e-12
                rows.append([Raw(f"{esc(names.program[p])} <span class=id>{esc(p)}</span>"),
                             names.domain.get(d.program_by_id[p].domain, ""),
                             f"×{s.scale:g}（{money(s.budget)} 億円）" if lang == "ja"
                             else f"×{s.scale:g} ({money(s.budget)} 億円)",
                             _t("yes" if stays else "no", lang)])
            out.append(table([_t("col.program", lang), _t("col.domain", lang), _t("col.enters_at", lang),
                              _t("col.stays", lang)], rows))
        else:
            out.append(para(_t("ladder.enter_none", lang)))
    out.append(h3(_t("s3.leave", lang)))
    if not lower:
        out.append(para(_t("ladder.no_lower", lang)))
    else:
        leaves: dict[str, Any] = {}
        for s in reversed(lower):
            for p in base_funded:
                if p not in s.funded and p not in leaves:
                    leaves[p] = s
        if leaves:
            rows = []
            for p, s in sorted(leaves.items(), key=lambda kv: (-kv[1].scale, kv[0])):
                rows.append([Raw(f"{esc(names.program[p])} <span class=id>{esc(p)}</span>"),
                             names.domain.get(d.program_by_id[p].domain, ""),
                             f"×{s.scale:g}（{money(s.budget)} 億円）" if lang == "ja"
                             else f"×{s.scale:g} ({money(s.budget)} 億円)"])
            out.append(table([_t("col.program", lang), _t("col.domain", lang), _t("col.leaves_at", lang)], rows))
        else:
            out.append(para(_t("ladder.leave_none", lang)))

    out.append(h3(_t("s3.swaps", lang)))
    if not ladder.swaps:
        out.append(para(_t("swap.none", lang)))
    else:
        items = []
        for w in ladder.swaps:
            if w.real:
                cost = score(w.cost_of_keeping) if w.cost_of_keeping is not None else _t("swap.infeasible", lang)
                items.append(Raw('<span class="badge real">' + esc(_t("badge.real", lang)) + "</span> "
                                 + esc(_t("swap.real", lang, lo=w.lower, hi=w.higher,
                                          dropped=names.programs(w.dropped), added=names.programs(w.replaced_by),
                                          cost=cost))))
            else:
                items.append(Raw('<span class="badge tie">' + esc(_t("badge.tie", lang)) + "</span> "
                                 + esc(_t("swap.tie", lang, lo=w.lower, hi=w.higher,
                                          dropped=names.programs(w.dropped)))))
        out.append(bullets(items))
        out.append(para(_t("swap.note", lang), "note"))
    return Section("ladder", title, "".join(out), [c])


# ---------------------------------------------------------------------------------------------
# 4. Sensitivity
# ---------------------------------------------------------------------------------------------


def _limit_label(row, names: Names, lang: str) -> str:
    fam = row.family
    if fam == "capacity":
        what = _t("fam.capacity", lang)
        name = names.capacity.get(row.source, row.source)
    else:
        what = _label(FAMILY_LABELS, fam, lang)
        name = names.source.get(row.source, row.source) if row.source else ""
    return f"{what}：{name}" if name and lang == "ja" else (f"{what}: {name}" if name else what)


def section_sensitivity(result: Result, names: Names, lang: str, sens=None, run: RunInfo | None = None) -> Section:
    title = _t("s4", lang)
    if not result.has_solution:
        return Section("sensitivity", title, para(_t("omitted", lang)))
    if sens is None:
        if run is not None and run.sensitivity_error:
            return Section("sensitivity", title, para(_t("sens.failed", lang, error=run.sensitivity_error), "warning"))
        return Section("sensitivity", title, para(_t("sens.skipped", lang)))
    d = result.data
    st = sens.settings
    out: list[str] = [para(_t("sens.intro", lang, solves=sens.solves, seconds=sens.seconds,
                              gap=share(st.tight_gap, 4), limit=sens.options.time_limit))]
    chart_list: list[charts.Chart] = []
    if result.has_solution:
        mine = {r.id: (r.level, int(r.start_year)) for r in result.funded.itertuples()}
        differ = sorted(set(mine) ^ set(sens.base.portfolio) |
                        {p for p in set(mine) & set(sens.base.portfolio) if mine[p] != sens.base.portfolio[p]})
        if differ:
            out.append(para(_t("sens.base_differs", lang, gap=share(st.tight_gap, 4), n=len(differ),
                               programs=names.programs(differ)), "warning"))
    for w in sens.warnings:
        out.append(para(w.render(lang), "warning"))

    # -- weights --------------------------------------------------------------------------------
    out.append(h3(_t("s4.weights", lang)))
    if sens.tornado is None or sens.stability is None:
        out.append(para(_t("sens.part_off", lang)))
    else:
        tor = sens.tornado
        base_obj = sens.base.objective
        labels = [names.criterion.get(c, c) for c in tor["criterion"]]
        minus = [(_num(v) - base_obj) if _num(v) is not None else None for v in tor["objective_minus"]]
        plus = [(_num(v) - base_obj) if _num(v) is not None else None for v in tor["objective_plus"]]
        changed = [bool(a) or bool(b) for a, b in zip(tor["changed_minus"].fillna(False),
                                                     tor["changed_plus"].fillna(False))]
        c = charts.tornado(
            "tornado", labels, minus, plus, changed=changed, title=_t("chart.tornado.title", lang, f=st.tornado),
            x_label=_t("chart.tornado.x", lang), caption=_t("chart.tornado.caption", lang, f=st.tornado),
            minus_label=_t("chart.tornado.minus", lang, f=st.tornado),
            plus_label=_t("chart.tornado.plus", lang, f=st.tornado), changed_label=_t("chart.tornado.changed", lang))
        chart_list.append(c)
        out.append(figure(c))
        stab = sens.stability
        c = charts.weight_intervals(
            "weight-intervals", [names.criterion.get(x, x) for x in stab["criterion"]],
            [float(v) for v in stab["base"]], [float(v) for v in stab["low"]], [float(v) for v in stab["high"]],
            title=_t("chart.intervals.title", lang), x_label=_t("chart.intervals.x", lang),
            caption=_t("chart.intervals.caption", lang), base_label=_t("chart.intervals.base", lang),
            interval_label=_t("chart.intervals.range", lang))
        chart_list.append(c)
        out.append(figure(c))
        rows = []
        for r in stab.itertuples():
            rows.append([names.criterion.get(r.criterion, r.criterion), f"{r.base:.3f}", f"{r.low:.3f}",
                         f"{r.high:.3f}", _flips(r.flips_low, names, lang), _flips(r.flips_high, names, lang)])
        out.append(table([_t("col.criterion", lang), _t("col.weight", lang), _t("col.low", lang),
                          _t("col.high", lang), _t("col.flips_low", lang), _t("col.flips_high", lang)], rows,
                         numeric=(1, 2, 3)))
        out.append(para(_t("flips.legend", lang), "note"))

    # -- core index -----------------------------------------------------------------------------
    out.append(h3(_t("s4.core", lang)))
    if sens.core is None:
        out.append(para(_t("sens.part_off", lang)))
    else:
        core = sens.core.copy()
        core = core[core["core_index"].notna()]
        core = core.sort_values(["core_index", "program"], ascending=[False, True], kind="stable")
        shown = core[(core["core_index"] > 0) | core["base_funded"]]
        if len(shown) > CORE_CHART_ROWS:
            # keep every borderline program, then the highest core and exterior ones
            border = shown[shown["cls"] == "borderline"]
            rest = shown[shown["cls"] != "borderline"]
            shown = core.loc[list(border.index) + list(rest.index[: max(0, CORE_CHART_ROWS - len(border))])]
            shown = shown.sort_values(["core_index", "program"], ascending=[False, True], kind="stable")
        more = _t("chart.core.more", lang, shown=len(shown), rest=len(core) - len(shown)) \
            if len(shown) < len(core) else ""
        samples = int(core["solved_draws"].max()) if len(core) else 0
        c = charts.core_index(
            "core-index", [names.program.get(p, p) for p in shown["program"]], [float(v) for v in shown["core_index"]],
            list(shown["cls"]), [bool(v) for v in shown["base_funded"]], core=st.core, exterior=st.exterior,
            title=_t("chart.core.title", lang), x_label=_t("chart.core.x", lang),
            caption=_t("chart.core.caption", lang, samples=samples, core=st.core, ext=st.exterior, more=more).strip(),
            class_labels={k: _t(f"class.{k}", lang) for k in ("core", "borderline", "exterior")},
            funded_label=_t("chart.core.funded", lang))
        chart_list.append(c)
        out.append(figure(c))
        rows = []
        for cls in ("core", "borderline", "exterior"):
            sub = core[core["cls"] == cls]
            items = [f"{names.program.get(p, p)} {v:.0%}" for p, v in zip(sub["program"], sub["core_index"])]
            rows.append([Raw(f'<span class="badge {cls}">{esc(_t("class." + cls, lang))}</span>'), len(sub),
                         _sep(lang).join(items) or _t("none", lang)])
        out.append(table([_t("col.group", lang), "#", _t("col.program", lang)], rows, numeric=(1,), cls="classes"))
        dr = sens.draws
        out.append(para(_t("core.draws", lang, mode=_t(f"mode.{sens.draw_mode}", lang) if sens.draw_mode else "—",
                           samples=len(dr), seed=st.seed, scores=_t("core.scores", lang) if sens.scores_drawn else "",
                           same=float(dr["same_as_base"].mean()) if len(dr) else 0.0), "note"))

    # -- marginal values ------------------------------------------------------------------------
    out.append(h3(_t("s4.marginal", lang)))
    if sens.marginal is None:
        out.append(para(_t("sens.part_off", lang)))
    else:
        mv = sens.marginal.copy()
        out.append(para(_t("marginal.intro", lang, delta=st.delta)))
        eps = 1e-9 * max(1.0, abs(sens.base.objective))
        mv["size"] = [max(abs(_num(a) or 0.0), abs(_num(b) or 0.0)) for a, b in zip(mv["plus"], mv["minus"])]
        # A reason that only says "−Δ is undefined for a zero limit" is not worth a row of its own.
        quiet = ("sens.reason.minus_below_zero", "sens.reason.zero_limit")
        telling = np.array([r is not None and r.key not in quiet for r in mv["reason"]], dtype=bool)
        interesting = mv[(mv["size"] > eps) | telling].sort_values("size", ascending=False, kind="stable")
        hidden = max(0, len(interesting) - MARGINAL_ROWS)
        rows = []
        for r in interesting.head(MARGINAL_ROWS).itertuples():
            money_limit = r.family != "capacity"
            unit = "億円" if money_limit else (d.capacity_by_id[r.source].unit if r.source in d.capacity_by_id else "")
            amount = money if money_limit else quantity
            per = f"{score(r.plus_per_unit, 3)} ／ {score(r.minus_per_unit, 3)}"
            rows.append([_limit_label(r, names, lang), fy_label(int(r.year), lang), f"{amount(r.value)} {unit}",
                         f"{amount(r.delta)} {unit}" if _num(r.delta) is not None else "—", score(r.plus, 3),
                         score(r.minus, 3), per, r.reason.render(lang) if r.reason is not None else ""])
        if rows:
            out.append(table([_t("col.limit", lang), _t("col.year", lang), _t("col.limit_value", lang),
                              _t("col.delta", lang), _t("col.plus", lang), _t("col.minus", lang),
                              _t("col.per_unit", lang), _t("col.note", lang)], rows, numeric=(2, 3, 4, 5, 6)))
        if hidden:
            out.append(para(_t("marginal.more", lang, n=hidden, shown=MARGINAL_ROWS), "note"))
        zero = len(mv) - len(interesting)
        if zero:
            out.append(para(_t("marginal.zero", lang, n=zero, delta=st.delta), "note"))
        if "sens.mv_note" in MESSAGES:
            out.append(para(t("sens.mv_note", lang), "note"))
    return Section("sensitivity", title, "".join(out), chart_list)


def _ids(ids: Sequence[str], lang: str) -> str:
    return ", ".join(ids) if ids else _t("none", lang)


def _flips(items, names: Names, lang: str) -> str:
    """What changes past an end of a stability interval, by id: +funded, −dropped, ±other level or start."""
    if not items:
        return "—"
    parts = []
    for f in items:
        p = f.get("program")
        before, after = f.get("before"), f.get("after")
        parts.append(("+" if before is None else "−" if after is None else "±") + str(p))
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# 5. Why not funded
# ---------------------------------------------------------------------------------------------


@dataclass
class WhyNot:
    program: str
    text: str
    blocked: bool
    sort_key: tuple


def why_not_funded(result: Result, names: Names, lang: str, ladder=None, sens=None) -> list[WhyNot]:
    """One sentence per unfunded program, from the price of forcing it in, the ladder and the core index."""
    if not result.has_solution:
        return []
    d = result.data
    price = {r.program: r for r in sens.price.itertuples()} if sens is not None and sens.price is not None else {}
    core = {r.program: r.core_index for r in sens.core.itertuples()} if sens is not None and sens.core is not None \
        else {}
    steps = [s for s in ladder.steps if s.objective is not None] if ladder is not None else []
    out = []
    for r in result.programs[~result.programs["funded"]].itertuples():
        parts: list[str] = []
        blocked = False
        pr = price.get(r.id)
        if r.note in ("forbidden", "unfundable", "no_option"):
            parts.append(_t(f"why.note.{r.note}", lang))
            blocked = True
        elif pr is not None and pr.reason is not None and _num(pr.loss) is None:
            parts.append(pr.reason.render(lang))
            blocked = pr.reason.key != "sens.reason.no_solution"
        elif pr is not None and _num(pr.loss) is not None:
            loss = float(pr.loss)
            if pr.loss_share is not None and float(pr.loss_share) < 1e-6:
                parts.append(_t("why.price_zero", lang))
            else:
                parts.append(_t("why.price", lang, loss=loss, share=_num(pr.loss_share) or 0.0))
            if pr.removed:
                parts.append(_t("why.displaces", lang, names=names.programs(pr.removed)))
        else:
            parts.append(_t("why.unknown", lang))
        if not blocked:
            held = _limits_in_the_way(result, names, lang, r.id)
            if held:
                parts.append(_t("why.limits", lang, items=_sep(lang).join(held)))
        if steps and not blocked:
            above = [s for s in steps if s.scale > d.scale + 1e-12 and r.id in s.funded]
            below = [s for s in steps if s.scale < d.scale - 1e-12 and r.id in s.funded]
            if above:
                parts.append(_t("why.enters", lang, scale=above[0].scale, budget=above[0].budget))
            elif steps[-1].scale > d.scale + 1e-12:
                parts.append(_t("why.never", lang, scale=steps[-1].scale))
            if below:
                parts.append(_t("why.was_funded", lang, scale=below[-1].scale))
        ci = core.get(r.id)
        if ci is not None and ci > 0 and not blocked:
            parts.append(_t("why.core", lang, share=ci))
        sep = "。" if lang == "ja" else "; "
        text = sep.join(parts) + ("。" if lang == "ja" else ".")
        share_ = _num(pr.loss_share) if pr is not None else None
        key = (1 if blocked else 0, share_ if share_ is not None else math.inf, -(ci or 0.0), r.id)
        out.append(WhyNot(r.id, text, blocked, key))
    return sorted(out, key=lambda w: w.sort_key)


def _limits_in_the_way(result: Result, names: Names, lang: str, program: str, most: int = 3) -> list[str]:
    """Limits the recommendation uses up that this program would also need, and dependencies that bar it.

    Read from the result's limit table (no solving): a capacity it uses, an envelope or fund it may
    draw on, the total budget (if it needs annual money), its domain's ceiling or a group maximum,
    in the years it could run; then a prerequisite left unfunded or an excluded program funded."""
    d = result.data
    p = d.program_by_id[program]
    first, last = p.earliest_start, p.latest_start + p.duration - 1
    kinds = {s.id: s.kind for s in d.sources}
    eligible = {s for s, sh in p.shares.items() if sh > 0}
    needs_annual = sum(sh for s, sh in p.shares.items() if kinds.get(s) != "annual") < 1 - 1e-9
    uses = {c for lv in p.levels for c, u in lv.use.items() if u > 0}
    funded = set(result.funded["id"])
    out: list[str] = []
    for r in result.binding[result.binding["tight"]].itertuples():
        year = None if r.year is None or r.year != r.year else int(r.year)
        if year is not None and not first <= year <= last:
            continue
        fam, key = r.family, r.key
        hit = ((fam == "capacity" and key in uses) or (fam in ("source_envelope", "fund_balance") and key in eligible)
               or (fam == "total_budget" and needs_annual)
               or (fam in ("domain_ceiling", "domain_ceiling_share") and key == p.domain)
               or (fam == "group_at_most" and program in key.split(",")))
        if not hit:
            continue
        name = (names.capacity.get(key) or names.source.get(key) or names.domain.get(key) or key) \
            if fam != "group_at_most" else key
        label = _label(FAMILY_LABELS, fam, lang) + (f"「{name}」" if lang == "ja" and name else f" {name}" if name
                                                     else "")
        out.append(label + (f"（FY{year}）" if lang == "ja" and year else f" (FY{year})" if year else ""))
    for dep in d.dependencies:
        if dep.kind == "requires" and dep.program == program and dep.target not in funded:
            out.append(_t("why.dep_requires", lang, name=names.program.get(dep.target, dep.target)))
        if dep.kind == "excludes" and program in (dep.program, dep.target):
            other = dep.target if dep.program == program else dep.program
            if other in funded:
                out.append(_t("why.dep_excludes", lang, name=names.program.get(other, other)))
    if len(out) > most:
        out = out[:most] + [_t("why.more_limits", lang, n=len(out) - most)]
    return out


def section_why_not(result: Result, names: Names, lang: str, ladder=None, sens=None) -> Section:
    title = _t("s5", lang)
    if not result.has_solution:
        return Section("why-not", title, para(_t("omitted", lang)))
    lines = why_not_funded(result, names, lang, ladder, sens)
    if not lines:
        return Section("why-not", title, para(_t("why.none", lang)))
    open_ = [w for w in lines if not w.blocked]
    blocked = [w for w in lines if w.blocked]
    shown = open_[:WHY_NOT_LINES] + blocked
    out = [para(_t("why.intro", lang))]
    rows = []
    dom = {p.id: p.domain for p in result.data.programs}
    for w in shown:
        rows.append([Raw(f"{esc(names.program[w.program])} <span class=id>{esc(w.program)}</span>"),
                     names.domain.get(dom[w.program], ""), w.text])
    out.append(table([_t("col.program", lang), _t("col.domain", lang), _t("col.note", lang)], rows, cls="why"))
    if len(open_) > WHY_NOT_LINES:
        out.append(para(_t("why.more", lang, n=len(open_) - WHY_NOT_LINES), "note"))
    return Section("why-not", title, "".join(out))


# ---------------------------------------------------------------------------------------------
# 6. Assumptions and data sources
# ---------------------------------------------------------------------------------------------


def section_assumptions(result: Result, names: Names, lang: str, sources: SourcesSheet | None = None,
                        sens=None) -> Section:
    d = result.data
    st = d.settings
    sep = _sep(lang)
    items = [
        _t("as.money", lang),
        _t("as.horizon", lang, first=fy_label(d.years[0], lang), last=fy_label(d.years[-1], lang), n=len(d.years)),
        _t("as.budget", lang, items=sep.join(f"{fy_label(y, lang)} {money(b)} 億円" for y, b in zip(d.years, d.budget))),
        _t("as.weights", lang, items=sep.join(f"{names.criterion[c.id]} {d.weights[c.id]:.3f}" for c in d.criteria)),
        _t("as.objective", lang, disc=st.late_start_discount),
        _t("as.tail", lang, text=_t("as.tail_yes", lang, cap=st.tail_cap or 0.0) if st.allow_tail
           else _t("as.tail_no", lang)),
        _t("as.scores", lang),
    ]
    if st.model_name:
        items.insert(0, _t("as.model_name", lang, name=st.model_name))
    if sens is not None:
        items.append(_t("as.sens", lang, samples=sens.settings.samples, tornado=sens.settings.tornado,
                        delta=sens.settings.delta))
    out = [h3(_t("s6.assumptions", lang)), bullets(items), h3(_t("s6.sources", lang))]
    if sources is None or not sources.rows:
        out.append(para(_t("src.none", lang)))
    else:
        n_ill = sum(sources.illustrative(r) for r in sources.rows)
        out.append(para(_t("src.intro", lang, sheet=sources.sheet)))
        out.append(para(_t("src.counts", lang, sourced=len(sources.rows) - n_ill, illustrative=n_ill), "note"))
        rows, rcls = [], []
        for r in sources.rows:
            ill = sources.illustrative(r)
            cells: list[Any] = list(r) + [""] * (len(sources.header) - len(r))
            if ill:
                cells[0] = Raw(f'<span class="badge illustrative">{esc(_t("src.illustrative", lang))}</span> '
                               f"{esc(cells[0])}")
            rows.append(cells)
            rcls.append("illustrative" if ill else "")
        out.append(table(sources.header, rows, cls="sources", row_classes=rcls))
    out.append(h3(_t("s6.warnings", lang)))
    if d.warnings:
        out.append(bullets(w.render(lang) for w in d.warnings))
    else:
        out.append(para(_t("warnings.none", lang)))
    return Section("assumptions", _t("s6", lang), "".join(out))


# ---------------------------------------------------------------------------------------------
# 7. Run details
# ---------------------------------------------------------------------------------------------


def section_run(result: Result, lang: str, run: RunInfo, ladder=None, sens=None) -> Section:
    d = result.data
    o = result.options
    rows: list[list[Any]] = [
        [_t("run.input", lang), Path(d.path).name],
        [_t("run.model_name", lang), d.settings.model_name or "—"],
        [_t("scenario", lang), d.scenario or _t("base_scenario", lang)],
        [_t("scale", lang), f"×{d.scale:g}"],
        [_t("horizon", lang), f"FY{d.years[0]}–FY{d.years[-1]}"],
        [_t("status", lang), status_text(result, lang)],
        [_t("objective", lang), score(result.objective, 6)],
        [_t("bound", lang), score(result.bound, 6)],
        [_t("gap", lang), share(result.gap, 4)],
        [_t("run.gap_target", lang), share(o.mip_gap, 4)],
        [_t("run.time_limit", lang), f"{o.time_limit:g}"],
        [_t("run.analysis_time_limit", lang), f"{run.analysis_time_limit:g}" if run.analysis_time_limit else "—"],
        [_t("run.threads", lang), str(o.threads)],
        [_t("run.seed", lang), str(o.seed)],
        [_t("run.solve_seconds", lang), f"{result.solve_seconds:,.2f}"],
        [_t("run.ladder", lang), _t("run.ladder_text", lang, n=len(ladder.steps),
                                    scales=", ".join(f"×{s.scale:g}" for s in ladder.steps),
                                    seconds=run.ladder_seconds or 0.0) if ladder is not None
         else (run.ladder_error or _t("run.not_run", lang))],
        [_t("run.sens", lang), _t("run.sens_text", lang, solves=sens.solves, seconds=sens.seconds)
         if sens is not None else (run.sensitivity_error or _t("run.not_run", lang))],
        [_t("run.samples", lang), str(run.samples) if run.samples is not None else "—"],
        [_t("run.workers", lang), f"{run.workers}" + (" (auto)" if run.workers_auto else "")],
        [_t("run.total", lang), f"{run.total_seconds:,.1f}" if run.total_seconds is not None else "—"],
        [_t("generated", lang), run.generated_at or _dt.datetime.now().isoformat(timespec="seconds")],
    ]
    if run.command:
        rows.append([_t("run.command", lang), Raw(f"<code>{esc(run.command)}</code>")])
    out = [table([_t("col.key", lang), _t("col.value_text", lang)], rows, cls="kv")]
    out.append(h3(_t("s7.overrides", lang)))
    if d.overrides:
        out.append(table([_t("col.key", lang), _t("col.value_text", lang), _t("col.origin", lang)],
                         [[ov.key, _show(ov.value), ov.origin] for ov in d.overrides]))
    else:
        out.append(para(_t("overrides.none", lang)))
    out.append(h3(_t("s7.versions", lang)))
    vers = dict(result.versions)
    vers.update(charts.versions())
    out.append(table([_t("col.key", lang), _t("col.value_text", lang)], [[k, v] for k, v in sorted(vers.items())],
                     cls="kv"))
    return Section("run", _t("s7", lang), "".join(out))


def _show(v) -> str:
    if isinstance(v, (tuple, list)):
        return " ".join("" if x is None else str(x) for x in v)
    return str(v)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """`text` as a CSS string literal that cannot end the string or the <style> element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


CSS = """
:root { --ink: #1b1b1b; --muted: #5f6368; --line: #d0d4da; --accent: #1f5fa8; --soft: #f3f6fa; }
* { box-sizing: border-box; }
html { font-family: "Yu Gothic", Meiryo, "Noto Sans CJK JP", sans-serif; color: var(--ink); font-size: 14px;
       line-height: 1.6; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1000px; padding: 0 24px 48px; }
.marking { text-align: center; font-weight: bold; color: #b00020; border: 2px solid #b00020; padding: 2px 8px;
           margin: 12px auto; width: fit-content; letter-spacing: 0.1em; }
header.doc { border-bottom: 3px solid var(--accent); margin-bottom: 16px; }
header.doc h1 { font-size: 24px; margin: 8px 0 2px; }
header.doc .sub { color: var(--muted); margin: 0 0 8px; }
header.doc dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 16px; margin: 8px 0 12px; }
header.doc dt { color: var(--muted); }
header.doc dd { margin: 0; }
nav.toc ul { columns: 2; margin: 4px 0 16px; padding-left: 4px; list-style: none; }
nav.toc a { color: var(--accent); text-decoration: none; }
h2 { font-size: 19px; border-left: 6px solid var(--accent); padding-left: 8px; margin: 32px 0 10px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 15.5px; margin: 20px 0 6px; break-after: avoid; page-break-after: avoid; }
p { margin: 6px 0; }
.recommendation { background: var(--soft); border: 1px solid var(--line); border-left: 6px solid var(--accent);
                  padding: 8px 14px; font-size: 15px; }
dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 12px 0; }
dl.cards div { border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; break-inside: avoid; }
dl.cards dt { font-size: 12px; color: var(--muted); }
dl.cards dd { margin: 0; font-size: 15px; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12.5px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #e8eef6; font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nw { white-space: nowrap; }
tr.subtotal td { background: #f5f7fa; font-weight: bold; }
tr.total td { background: #e8eef6; font-weight: bold; }
tr.current td { background: #fff4e0; font-weight: bold; }
tr.illustrative td { background: #fffbe8; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.kv td:first-child { width: 34%; color: var(--muted); }
table.sources td { font-size: 11.5px; word-break: break-all; }
table.why td:last-child { width: 60%; }
.id { color: var(--muted); font-size: 11px; }
.note { color: var(--muted); font-size: 12.5px; }
.warning { color: #8a4b00; background: #fff4e0; padding: 4px 8px; border-left: 4px solid #e08a1e; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; color: #fff;
         background: var(--muted); white-space: nowrap; }
.badge.core, .badge.real { background: #1f5fa8; }
.badge.borderline { background: #e08a1e; }
.badge.exterior, .badge.tie { background: #9aa0a6; }
.badge.illustrative { background: #b7950b; }
figure.chart { margin: 12px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; max-width: 760px; display: block; }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 2px; }
code { font-size: 12px; word-break: break-all; }
footer.doc { margin-top: 32px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted);
             font-size: 12px; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { margin-top: 14pt; }
  section.page { break-before: page; page-break-before: always; }
  figure.chart svg { max-width: 100%; max-height: 225mm; }
  footer.doc { display: none; }      /* the page margins carry the marking on every printed page */
  a { color: inherit; text-decoration: none; }
}
"""


def _print_css(marking: str, lang: str) -> str:
    page = "counter(page) \" / \" counter(pages)"
    top = f"@top-center {{ content: {_css_string(marking)}; color: #b00020; font-weight: bold; " \
          f"font-family: \"Yu Gothic\", Meiryo, \"Noto Sans CJK JP\", sans-serif; font-size: 9pt; }}" if marking else ""
    bottom = (f"@bottom-center {{ content: {_css_string(marking + '  ')} {page}; color: #b00020; font-size: 8.5pt; "
              f"font-family: \"Yu Gothic\", Meiryo, \"Noto Sans CJK JP\", sans-serif; }}") if marking else \
        f"@bottom-center {{ content: {page}; font-size: 8.5pt; }}"
    return f"@page {{ size: A4; margin: 16mm 14mm 16mm 14mm; {top} {bottom} }}"


def render_report(result: Result, *, lang: str = "ja", ladder=None, sensitivity=None,
                  sources: SourcesSheet | None = None, run: RunInfo | None = None) -> str:
    """The whole report as one HTML document (a str)."""
    run = run or RunInfo()
    d = result.data
    names = Names(result, lang)
    marking = d.settings.confidentiality.strip()
    sections = [
        section_summary(result, names, lang, ladder, sensitivity),
        section_allocation(result, names, lang),
        section_ladder(result, names, lang, ladder if result.has_solution else None, run),
        section_sensitivity(result, names, lang, sensitivity if result.has_solution else None, run),
        section_why_not(result, names, lang, ladder, sensitivity),
        section_assumptions(result, names, lang, sources, sensitivity),
        section_run(result, lang, run, ladder, sensitivity),
    ]
    title = _t("title", lang)
    model = d.settings.model_name or Path(d.path).name
    mark_html = f'<div class="marking" role="note">{esc(marking)}</div>' if marking else ""
    head_rows = [(_t("model", lang), model), (_t("scenario", lang), d.scenario or _t("base_scenario", lang)),
                 (_t("scale", lang), f"×{d.scale:g}"),
                 (_t("horizon", lang), f"{fy_label(d.years[0], lang)}–{fy_label(d.years[-1], lang)}"),
                 (_t("status", lang), status_text(result, lang)),
                 (_t("generated", lang), run.generated_at or _dt.datetime.now().isoformat(timespec="seconds"))]
    toc = "".join(f'<li><a href="#{s.id}">{esc(s.title)}</a></li>' for s in sections)
    # Sections with charts start on a new printed page; the short ones follow on.
    body = "".join(f'<section class="major{" page" if s.charts else ""}" id="{s.id}"><h2>{esc(s.title)}</h2>'
                   f"{s.body}</section>" for s in sections)
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; script-src 'none'"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"ja" if lang == "ja" else "en"}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="portfolio {esc(result.versions.get("portfolio", ""))}">\n'
        f"<title>{esc(title)} — {esc(model)}</title>\n"
        f"<style>{CSS}{_print_css(marking, lang)}</style>\n</head>\n<body>\n"
        f"{mark_html}"
        f'<header class="doc"><h1>{esc(title)}</h1><p class="sub">{esc(_t("subtitle", lang))}</p><dl>'
        + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in head_rows) + "</dl></header>\n"
        f'<nav class="toc"><h2>{esc(_t("toc", lang))}</h2><ul>{toc}</ul></nav>\n'
        f"<main>{body}</main>\n"
        f'<footer class="doc">{mark_html}</footer>\n'
        "</body>\n</html>\n"
    )


def report_charts_of(html_text: str) -> list[str]:
    """The chart keys present in a rendered report (for tests and the command's JSON)."""
    import re

    return re.findall(r'<figure class="chart" id="chart-[^"]*" data-chart="([^"]+)"', html_text)
