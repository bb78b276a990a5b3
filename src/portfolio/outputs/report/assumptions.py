"""Section 6 of the report: what the numbers rest on. Units, horizon, budget, weights and objective;
the model's sources sheet (出典) with illustrative rows marked; and the input warnings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.wareki import fy_label
from .markup import Badge, Section, Table, render
from .text import Names, list_sep, money, tr

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...core.data import SourcesSheet
    from ...engine.results import Result


def section_assumptions(result: Result, names: Names, lang: str, sources: SourcesSheet | None = None,
                        sens: SensitivityResult | None = None) -> Section:
    d = result.data
    st = d.settings
    sep = list_sep(lang)
    items = [
        tr("as.money", lang),
        tr("as.horizon", lang, first=fy_label(d.years[0], lang), last=fy_label(d.years[-1], lang), n=len(d.years)),
        tr("as.budget", lang, items=sep.join(f"{fy_label(y, lang)} {money(b)} 億円" for y, b in zip(d.years, d.budget))),
        tr("as.weights", lang, items=sep.join(f"{names.criterion[c.id]} {d.weights[c.id]:.3f}" for c in d.criteria)),
        tr("as.objective", lang, disc=st.late_start_discount),
        tr("as.tail", lang, text=tr("as.tail_yes", lang, cap=st.tail_cap or 0.0) if st.allow_tail
           else tr("as.tail_no", lang)),
        tr("as.scores", lang),
    ]
    if st.model_name:
        items.insert(0, tr("as.model_name", lang, name=st.model_name))
    if sens is not None:
        items.append(tr("as.sens", lang, samples=sens.settings.samples, tornado=sens.settings.tornado,
                        delta=sens.settings.delta))
    context: dict[str, Any] = {"items": items, "warnings": [w.render(lang) for w in d.warnings], "sources": None}
    if sources is not None and sources.rows:
        n_ill = sum(sources.illustrative(r) for r in sources.rows)
        context.update(sources=_sources_table(sources, lang), sheet=sources.sheet,
                       sourced=len(sources.rows) - n_ill, illustrative=n_ill)
    return Section("assumptions", tr("s6", lang), render("assumptions.html", lang, **context))


def _sources_table(sources: SourcesSheet, lang: str) -> Table:
    """The sources sheet as it is, every row padded to the header; illustrative rows badged and tinted.
    Its text (URLs included) is shown as text, never as links."""
    rows, rcls = [], []
    for r in sources.rows:
        ill = sources.illustrative(r)
        cells: list[Any] = list(r) + [""] * (len(sources.header) - len(r))
        if ill:
            cells[0] = Badge("illustrative", tr("src.illustrative", lang), cells[0])
        rows.append(cells)
        rcls.append("illustrative" if ill else "")
    return Table(sources.header, rows, cls="sources", row_classes=rcls)
