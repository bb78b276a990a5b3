"""Section 2 of the report: where the money goes, by technology domain (grouped, with subtotals), by
funding source (with envelope use), by lead ministry and by fiscal year, with the change against the
previous year wherever the workbook gives previous-year figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.labels import group_label, kind_label
from ...core.wareki import fy_label
from . import charts
from .markup import Section, Table, notice, render
from .text import Names, money, share, tr

if TYPE_CHECKING:
    from ...engine.results import Result

GROUP_ORDER = ("national_strategic", "emerging_foundational")


def section_allocation(result: Result, names: Names, lang: str) -> Section:
    title = tr("s2", lang)
    if not result.has_solution:
        return notice("allocation", title, tr("omitted", lang))
    d = result.data
    fy0_label = fy_label(d.years[0], lang)
    domains, domain_chart = _by_domain(result, names, lang)
    sources, source_chart = _by_source(result, names, lang)
    ministries, ministry_chart = _by_ministry(result, names, lang)
    chart_list = [c for c in (domain_chart, source_chart, ministry_chart) if c is not None]
    known = sum(p.previous_year is not None for p in d.programs)
    body = render("allocation.html", lang, domains=domains, domain_chart=domain_chart, sources=sources,
                  source_chart=source_chart, ministries=ministries, ministry_chart=ministry_chart,
                  domain_note=tr("prev.programs", lang, fy=fy0_label, what=tr("prev.what.domain", lang), known=known,
                                 n=len(d.programs)),
                  source_note=tr("prev.sources", lang, fy=fy0_label,
                                 known=sum(s.previous_year is not None for s in d.sources), n=len(d.sources)),
                  ministry_note=tr("prev.programs", lang, fy=fy0_label, what=tr("prev.what.ministry", lang),
                                   known=known, n=len(d.programs)),
                  years=_by_year(result, lang),
                  year_note=tr("year.note", lang, prev=f"{money(d.budget_previous)} 億円")
                  if d.budget_previous is not None else tr("year.note_none", lang))
    return Section("allocation", title, body, chart_list)


def _by_domain(result: Result, names: Names, lang: str) -> tuple[Table, charts.Chart]:
    """Domains grouped (national strategic first), each group with its subtotal, and a bar chart."""
    fy0 = f"FY{result.data.years[0]}"
    dom = result.domains
    groups = list(GROUP_ORDER) + [g for g in dom["group"].unique() if g not in GROUP_ORDER]
    rows, rcls = [], []
    bar_labels, bar_values, bar_colours = [], [], []
    total = float(dom["total"].sum())
    for g in groups:
        sub = dom[dom["group"] == g].sort_values("total", ascending=False, kind="stable")
        if not len(sub):
            continue
        glabel = group_label(g, lang)
        for r in sub.itertuples():
            rows.append([names.domain[r.id], glabel, money(r.total), share(r.total / total if total else None),
                         int(r.funded_programs), money(dom.loc[r.Index, fy0]),
                         money(r.previous_year), money(r.change_vs_previous, signed=True)])
            rcls.append("")
            bar_labels.append(names.domain[r.id])
            bar_values.append(float(r.total))
            bar_colours.append(charts.GROUP_COLOURS.get(g, charts.GREY))
        rows.append([tr("subtotal", lang, group=glabel), "", money(sub["total"].sum()),
                     share(sub["total"].sum() / total if total else None), int(sub["funded_programs"].sum()),
                     money(sub[fy0].sum()), *_previous_sum(sub, fy0)])
        rcls.append("subtotal")
    rows.append([tr("grand_total", lang), "", money(total), share(1.0 if total else None),
                 int(dom["funded_programs"].sum()), money(dom[fy0].sum()), *_previous_sum(dom, fy0)])
    rcls.append("total")
    table = Table([tr("col.domain", lang), tr("col.group", lang), tr("col.total", lang), tr("col.share", lang),
                   tr("col.funded", lang), tr("col.first_year", lang, fy=fy_label(result.data.years[0], lang)),
                   tr("col.previous", lang), tr("col.change", lang)], rows, numeric=(2, 3, 4, 5, 6, 7),
                  row_classes=rcls, nowrap=(1,))
    chart = charts.horizontal_bars(
        "domains", bar_labels, bar_values, bar_colours, title=tr("chart.domain.title", lang),
        x_label=tr("chart.domain.x", lang), caption=tr("chart.domain.caption", lang),
        legend=[(group_label(g, lang), charts.GROUP_COLOURS[g]) for g in GROUP_ORDER
                if (dom["group"] == g).any()])
    return table, chart


def _previous_sum(rows, fy0: str) -> list[str]:
    """Previous year and change of a subtotal or total: only when every row's previous year is known
    (a sum of the known ones is not the total's previous year)."""
    if not len(rows) or rows["previous_year"].isna().any():
        return ["—", "—"]
    prev = float(rows["previous_year"].sum())
    return [money(prev), money(float(rows[fy0].sum()) - prev, signed=True)]


def _by_source(result: Result, names: Names, lang: str) -> tuple[Table, charts.Chart]:
    """Funding sources with their envelopes, and spend by source and year against the total budget."""
    d = result.data
    fy0 = f"FY{d.years[0]}"
    src = result.sources
    rows = []
    for r in src.itertuples():
        rows.append([names.source[r.id], kind_label(r.kind, lang), money(r.total), money(r.envelope_total),
                     share(r.utilisation), money(src.loc[r.Index, fy0]), money(r.previous_year),
                     money(r.change_vs_previous, signed=True)])
    table = Table([tr("col.source", lang), tr("col.kind", lang), tr("col.total", lang),
                   tr("col.envelope", lang), tr("col.use", lang),
                   tr("col.first_year", lang, fy=fy_label(d.years[0], lang)), tr("col.previous", lang),
                   tr("col.change", lang)], rows, numeric=(2, 3, 4, 5, 6, 7), nowrap=(1,))
    fy_cols = [f"FY{y}" for y in d.years]
    series = [(names.source[r.id], [float(src.loc[r.Index, f]) for f in fy_cols]) for r in src.itertuples()
              if float(r.total) > 1e-9]
    chart = charts.stacked_columns(
        "sources", [f"FY{y}" for y in d.years], series, title=tr("chart.source.title", lang),
        x_label=tr("chart.source.x", lang), y_label=tr("chart.source.y", lang),
        caption=tr("chart.source.caption", lang), line=(tr("chart.source.line", lang), [float(b) for b in d.budget]))
    return table, chart


def _by_ministry(result: Result, names: Names, lang: str) -> tuple[Table, charts.Chart | None]:
    """Program cost by lead ministry (whoever pays), the largest first; no chart without programs."""
    fy0 = f"FY{result.data.years[0]}"
    mins = result.ministries.sort_values("total", ascending=False, kind="stable")
    rows = []
    for r in mins.itertuples():
        rows.append([names.source.get(r.id, r.id), money(r.total), int(r.funded_programs), money(r.tail),
                     money(mins.loc[r.Index, fy0]), money(r.previous_year), money(r.change_vs_previous, signed=True)])
    table = Table([tr("col.ministry", lang), tr("col.total", lang), tr("col.funded", lang), tr("col.tail", lang),
                   tr("col.first_year", lang, fy=fy_label(result.data.years[0], lang)), tr("col.previous", lang),
                   tr("col.change", lang)], rows, numeric=(1, 2, 3, 4, 5, 6))
    if not len(mins):
        return table, None
    chart = charts.horizontal_bars(
        "ministries", [names.source.get(i, i) for i in mins["id"]], [float(v) for v in mins["total"]],
        [charts.BLUE] * len(mins), title=tr("chart.ministry.title", lang), x_label=tr("chart.ministry.x", lang),
        caption=tr("chart.ministry.caption", lang))
    return table, chart


def _by_year(result: Result, lang: str) -> Table:
    """Budget and spend by fiscal year, with the total budget and the annual-source spend against the
    year before (the first year against the workbook's previous-year total budget). Money set apart
    from the total budget (MOD's research money) has a column of its own when the model has any, so
    that the parts add up to the spend."""
    yrs = result.years
    apart = any(s.kind == "annual" and not s.in_total_budget for s in result.data.sources)
    parts = ["annual_spend", *(["outside_budget_spend"] if apart else []), "fund_spend", "external_spend"]
    rows = []
    for r in yrs.itertuples():
        rows.append([fy_label(int(r.year), lang), money(r.total_budget), *(money(getattr(r, c)) for c in parts),
                     money(r.total_spend), money(r.budget_slack),
                     money(r.budget_change, signed=True), money(r.annual_change, signed=True)])
    rows.append([tr("grand_total", lang), money(yrs["total_budget"].sum()), *(money(yrs[c].sum()) for c in parts),
                 money(yrs["total_spend"].sum()), money(yrs["budget_slack"].sum()), "", ""])
    heads = [tr("col.annual", lang), *([tr("col.outside_budget", lang)] if apart else []), tr("col.fund", lang),
             tr("col.external", lang)]
    return Table([tr("col.year", lang), tr("col.budget", lang), *heads, tr("col.spend", lang), tr("col.slack", lang),
                  tr("col.change_budget", lang), tr("col.change_annual", lang)], rows,
                 numeric=tuple(range(1, len(heads) + 6)), row_classes=[""] * len(yrs) + ["total"])
