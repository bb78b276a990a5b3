"""The report's margins section: for the unfunded programs closest to entry and the funded ones
cheapest to lose, how far each of cost, the score on each criterion and the budget may move alone
before the re-optimised plan changes the program's status (:mod:`portfolio.analysis.margins`).

The section shows only what was computed: the programs' margins come with their value tolerance,
and a margin whose solves did not reach their gap says so in its row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ...core.i18n import t
from .markup import ProgramCell, Section, Table, render
from .text import Names

if TYPE_CHECKING:
    from ...analysis.margins import ProgramMargins
    from ...engine.results import Result

MARGIN_ROWS = 5         # programs in each table


def section_margins(result: Result, names: Names, lang: str,
                    margins: tuple[Sequence[ProgramMargins], Sequence[ProgramMargins]] | None) -> Section | None:
    """The section, or None when the margins were not computed (no solution, or the price of change
    was not run: it chooses the programs). `margins`: the unfunded programs closest to entry and the
    funded ones cheapest to lose, nearest first (:func:`portfolio.analysis.margins.borderline`)."""
    if not result.has_solution or margins is None:
        return None
    near, cheap = (list(x)[:MARGIN_ROWS] for x in margins)
    every = near + cheap
    tol = max((m.value_tolerance for m in every), default=0.0)
    width = max((m.cost.tolerance for m in every if m.cost is not None), default=0.0)
    return Section("margins", t("margin.report.title", lang), render(
        "margins.html", lang, intro=t("margin.report.intro", lang),
        note=t("margin.report.note", lang, tol=tol, width=width),
        near_title=t("margin.report.near", lang), cheap_title=t("margin.report.cheap", lang),
        none_text=t("margin.report.none", lang),
        near=_table(near, result, names, lang) if near else None,
        cheap=_table(cheap, result, names, lang) if cheap else None))


def _table(rows: Sequence[ProgramMargins], result: Result, names: Names, lang: str) -> Table:
    def clean(text: str) -> str:
        return text.strip().lstrip("・•").strip()

    body = []
    for m in rows:
        cost = clean(m.cost.text(lang)) if m.cost is not None else ""
        scores = [clean(s.text(names.criterion.get(s.criterion, s.criterion), m.funded, lang)) for s in m.scores]
        budget = clean(m.entry_text(lang) or "")
        note = "" if m.gap_reached else clean(t("margin.gap", lang))
        body.append([ProgramCell(names.program[m.program], m.program), f"{m.value_margin:+,.2f}", cost,
                     t("exp.sep", lang).join(scores) + note, budget])
    headers = [t("margin.report.col.program", lang), t("margin.report.col.value", lang),
               t("margin.report.col.cost", lang), t("margin.report.col.scores", lang),
               t("margin.report.col.budget", lang)]
    return Table(headers, body, numeric=(1,), cls="margins")
