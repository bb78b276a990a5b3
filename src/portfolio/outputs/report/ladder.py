"""Section 3 of the report: the budget ladder. The frontier of objective against total budget, the
optimum at every step, what enters with more budget and leaves with less, and the steps that are not
nested (real swaps against ties within the gap)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.i18n import t
from . import charts
from .markup import Badge, ProgramCell, Section, Table, not_computed, notice, render
from .text import Names, money, program_ids, score, share, tr

if TYPE_CHECKING:
    from ...analysis.sweep import Ladder, Step
    from ...engine.results import Result
    from .run import RunInfo


def section_ladder(result: Result, names: Names, lang: str, ladder: Ladder | None = None,
                   run: RunInfo | None = None) -> Section:
    title = tr("s3", lang)
    if not result.has_solution:
        return notice("ladder", title, tr("omitted", lang))
    if ladder is None:
        return not_computed("ladder", title, lang, run.ladder_error if run is not None else "", "ladder.failed",
                            "ladder.skipped")
    current = result.data.scale
    steps = [s for s in ladder.steps if s.objective is not None]
    higher = [s for s in steps if s.scale > current + 1e-12]
    lower = [s for s in steps if s.scale < current - 1e-12]
    chart = _frontier(result, ladder, lang)
    body = render("ladder.html", lang, frontier=chart,
                  intro=tr("ladder.intro", lang, scales=", ".join(f"×{s.scale:g}" for s in ladder.steps),
                           gap=share(ladder.options.mip_gap, 2)),
                  steps=_steps(ladder, current, lang),
                  non_monotone=[tr("non_monotone", lang, lo=lo, hi=hi) for lo, hi in ladder.non_monotone],
                  higher=bool(higher), entering=_entering(result, names, lang, ladder, higher) if higher else None,
                  lower=bool(lower), leaving=_leaving(result, names, lang, lower) if lower else None,
                  swaps=_swaps(ladder, names, lang))
    return Section("ladder", title, body, [chart])


def _frontier(result: Result, ladder: Ladder, lang: str) -> charts.Chart:
    return charts.frontier(
        "frontier", [s.budget for s in ladder.steps], [s.objective for s in ladder.steps],
        current=result.data.budget_total, current_objective=result.objective,
        title=tr("chart.frontier.title", lang), x_label=tr("chart.frontier.x", lang),
        y_label=tr("chart.frontier.y", lang), caption=tr("chart.frontier.caption", lang),
        current_label=tr("chart.frontier.current", lang), step_labels=[f"×{s.scale:g}" for s in ladder.steps])


def _steps(ladder: Ladder, current: float, lang: str) -> Table:
    """Every step: budget, objective, gain per 億円, and the programs added and dropped against the
    solved step below (by id, to keep the table narrow; the names are in 3.2 and 3.3)."""
    fr = ladder.frontier()
    rows, prev, rcls = [], None, []
    for s, f in zip(ladder.steps, fr.itertuples()):
        added = dropped = ""
        if s.objective is not None and prev is not None:
            added = program_ids(sorted(set(s.funded) - set(prev.funded)), lang)
            dropped = program_ids(sorted(set(prev.funded) - set(s.funded)), lang)
        status = t(f"status.{s.status}", lang) if s.objective is None else share(s.gap, 3)
        rows.append([f"×{s.scale:g}", money(s.budget), score(s.objective), len(s.portfolio),
                     score(f.marginal_value, 3), status, added, dropped])
        rcls.append("current" if abs(s.scale - current) < 1e-9 else "")
        if s.objective is not None:
            prev = s
    return Table([tr("col.step", lang), tr("col.step_budget", lang), tr("objective", lang),
                  tr("col.funded", lang), tr("col.marginal", lang), tr("gap", lang), tr("col.added", lang),
                  tr("col.dropped", lang)], rows, numeric=(1, 2, 3, 4, 5), cls="ladder", row_classes=rcls)


def _step_at(s: Step, lang: str) -> str:
    return tr("ladder.step_at", lang, scale=s.scale, budget=money(s.budget))


def _entering(result: Result, names: Names, lang: str, ladder: Ladder, higher: list[Step]) -> Table | None:
    """Programs outside the recommendation that the steps above fund, at the first step that does,
    and whether they stay funded from there on; None when no program enters."""
    base_funded = set(result.funded["id"])
    first: dict[str, Any] = {}
    for s in higher:
        for p in s.funded:
            if p not in base_funded and p not in first:
                first[p] = s
    if not first:
        return None
    entry = {r.id: r for r in ladder.entry_budgets().itertuples()}
    rows = []
    for p, s in sorted(first.items(), key=lambda kv: (kv[1].scale, kv[0])):
        e = entry.get(p)
        stays = e is not None and not e.never and e.entry_scale is not None and e.entry_scale <= s.scale + 1e-12
        rows.append([ProgramCell(names.program[p], p), names.domain.get(result.data.program_by_id[p].domain, ""),
                     _step_at(s, lang), tr("yes" if stays else "no", lang)])
    return Table([tr("col.program", lang), tr("col.domain", lang), tr("col.enters_at", lang),
                  tr("col.stays", lang)], rows)


def _leaving(result: Result, names: Names, lang: str, lower: list[Step]) -> Table | None:
    """Recommended programs that a step below drops, at the highest step that drops them; None when
    every one of them stays."""
    base_funded = set(result.funded["id"])
    leaves: dict[str, Any] = {}
    for s in reversed(lower):
        for p in base_funded:
            if p not in s.funded and p not in leaves:
                leaves[p] = s
    if not leaves:
        return None
    rows = [[ProgramCell(names.program[p], p), names.domain.get(result.data.program_by_id[p].domain, ""),
             _step_at(s, lang)] for p, s in sorted(leaves.items(), key=lambda kv: (-kv[1].scale, kv[0]))]
    return Table([tr("col.program", lang), tr("col.domain", lang), tr("col.leaves_at", lang)], rows)


def _swaps(ladder: Ladder, names: Names, lang: str) -> list[Badge]:
    """One line per non-nested step: a real swap (with what keeping the dropped programs costs) or a tie."""
    items = []
    for w in ladder.swaps:
        if w.real:
            cost = score(w.cost_of_keeping) if w.cost_of_keeping is not None else tr("swap.infeasible", lang)
            items.append(Badge("real", tr("badge.real", lang),
                               tr("swap.real", lang, lo=w.lower, hi=w.higher, dropped=names.programs(w.dropped),
                                  added=names.programs(w.replaced_by), cost=cost)))
        else:
            items.append(Badge("tie", tr("badge.tie", lang),
                               tr("swap.tie", lang, lo=w.lower, hi=w.higher, dropped=names.programs(w.dropped))))
    return items
