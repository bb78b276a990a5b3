"""Section 9 of the report: the trade-off frontier between the two most-weighted criteria.

The deliberation computes a small grid (:data:`portfolio.analysis.deliberation.REPORT_FRONTIER_POINTS`
points, AUGMECON2) with the recommendation as today's weighted optimum. Every sentence here comes
from :mod:`portfolio.outputs.frontier_text`, from the same figures as the table beside it: what the
points are and how sure, where the recommendation sits and what changes towards its neighbours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import charts
from .markup import Section, Table, not_computed, notice, render
from .text import Names, score, share, tr

if TYPE_CHECKING:
    from ...analysis.frontier import Frontier
    from ...engine.results import Result

SECTION_ID = "frontier"


def section_frontier(result: Result, names: Names, lang: str, frontier: Frontier | None, error: str = "",
                     off: bool = False) -> Section:
    from ..frontier_text import (
        change_text,
        number,
        position_sentences,
        status_sentences,
        steps_between,
    )

    title = tr("frontier.title", lang)
    if not result.has_solution:
        return notice(SECTION_ID, title, tr("omitted", lang))
    if frontier is None:
        return not_computed(SECTION_ID, title, lang, error, "frontier.failed",
                            "frontier.off" if off else "frontier.skipped")
    crit = frontier.criteria
    if not frontier.points:
        return notice(SECTION_ID, title, " ".join(status_sentences(frontier, lang)))
    chart = _chart(frontier, names, lang)
    rows, classes = [], []
    pos = frontier.position
    for p, (added, removed, moved) in zip(frontier.points, steps_between(frontier)):
        here = pos is not None and pos.plan_id == p.plan_id
        rows.append([p.plan_id + (" ★" if here else "")] + [number(p.criteria[c], frontier.exact) for c in crit] +
                    [score(p.objective, 3), len(p.portfolio), share(p.gap, 3),
                     "" if p is frontier.points[0] else change_text(frontier, added, removed, moved, lang)])
        classes.append("current" if here else "")
    headers = ([tr("frontier.point", lang)] + [names.criterion[c] for c in crit] +
               [tr("frontier.objective", lang), tr("frontier.funded", lang), tr("frontier.gap", lang),
                tr("frontier.change", lang)])
    n = len(crit)
    table = Table(headers, rows, numeric=list(range(1, n + 4)), nowrap=[0], row_classes=classes)
    intro = tr("frontier.intro", lang, a=names.criterion[crit[0]], b=names.criterion[crit[1]])
    body = render("frontier.html", lang, intro=intro, status=status_sentences(frontier, lang), chart=chart,
                  points=table, position=position_sentences(frontier, lang))
    return Section(SECTION_ID, title, body, [chart])


def _chart(fr: Frontier, names: Names, lang: str) -> charts.Chart:
    """The frontier's points (the first criterion across, the second up), the recommendation starred."""
    a, b = fr.criteria[0], fr.criteria[1]
    xa, xb = names.criterion[a], names.criterion[b]
    title = tr("frontier.chart", lang, a=xa, b=xb)
    with charts._style():
        fig = charts._figure(7.0, 3.4)
        ax = fig.subplots()
        xs = [p.criteria[a] for p in fr.points]
        ys = [p.criteria[b] for p in fr.points]
        ax.plot(xs, ys, color=charts.BLUE, marker="o", markersize=4.5, linewidth=1.0, linestyle=":")
        for p, x, y in zip(fr.points, xs, ys):
            ax.annotate(p.plan_id, (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7, color="#555555")
        if fr.position is not None:
            ax.plot([fr.position.criteria[a]], [fr.position.criteria[b]], marker="*", markersize=13,
                    color=charts.ORANGE, linestyle="none", label=tr("frontier.current", lang), zorder=5)
            ax.legend(loc="lower left")
        ax.set_xlabel(xa)
        ax.set_ylabel(xb)
        ax.set_title(title, loc="left")
        ax.margins(x=0.08, y=0.15)
        return charts._finish(fig, "criteria-frontier", title, xa, xb, tr("frontier.caption", lang))
