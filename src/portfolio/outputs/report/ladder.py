"""Section 3 of the report: the budget ladder. The frontier of objective against total budget, the
optimum at every step, what enters with more budget and leaves with less, and the steps that are not
nested (real swaps against ties within the gap)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from ...core.i18n import t
from . import charts
from .markup import Badge, ProgramCell, Section, Table, not_computed, notice, render
from .text import Names, money, program_ids, score, share, tr

if TYPE_CHECKING:
    from ...analysis.sweep import Ladder, Step
    from ...engine.results import Result
    from .run import RunInfo


@dataclass(frozen=True)
class Change:
    """How one portfolio differs from another: programs added, dropped, and funded in both at another
    level or start year. The summary's sentences and the ladder's table both take it from here."""

    added: list[str]
    dropped: list[str]
    moved: list[str]

    @property
    def none(self) -> bool:
        return not (self.added or self.dropped or self.moved)


def change(before: Sequence[tuple], after: Sequence[tuple]) -> Change:
    """The change from portfolio `before` to `after` (each a sequence of (program, level, start))."""
    a = {p: (lv, st) for p, lv, st in before}
    b = {p: (lv, st) for p, lv, st in after}
    return Change(sorted(set(b) - set(a)), sorted(set(a) - set(b)), sorted(p for p in set(a) & set(b) if a[p] != b[p]))


def step_at(ladder: Ladder, scale: float) -> Step | None:
    """The solved ladder step at `scale`, if the ladder has one."""
    return next((s for s in ladder.steps if s.objective is not None and abs(s.scale - scale) < 1e-9), None)


def swap_between(ladder: Ladder, lower: float, higher: float):
    """The settled non-nested step between two adjacent scales, if there is one."""
    return next((w for w in ladder.swaps if abs(w.lower - lower) < 1e-9 and abs(w.higher - higher) < 1e-9), None)


def stopped_steps(ladder: Ladder) -> list[Step]:
    """Steps with a plan that the time limit stopped before their gap was proved."""
    return [s for s in ladder.steps if s.objective is not None and s.status != "optimal"]


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
    tie = ladder_differs(result, ladder, names, lang)
    body = render("ladder.html", lang, frontier=chart, intro=_intro(ladder, lang),
                  accuracy=_accuracy(ladder, lang), tie=tie,
                  steps=_steps(ladder, current, lang),
                  non_monotone=[tr("non_monotone", lang, lo=lo, hi=hi) for lo, hi in ladder.non_monotone],
                  higher=bool(higher), entering=_entering(result, names, lang, ladder, higher) if higher else None,
                  lower=bool(lower), leaving=_leaving(result, names, lang, lower) if lower else None,
                  swaps=_swaps(ladder, names, lang))
    return Section("ladder", title, body, [chart])


def _intro(ladder: Ladder, lang: str) -> str:
    return tr("ladder.intro", lang, scales=", ".join(f"×{s.scale:g}" for s in ladder.steps))


def _accuracy(ladder: Ladder, lang: str) -> list[str]:
    """What the steps' gaps are: the range actually reached against the target, and the steps that the
    time limit stopped (never a claim that every step is within the target when one is not)."""
    gaps = [s.gap for s in ladder.steps if s.objective is not None and s.gap is not None]
    target = share(ladder.options.mip_gap, 2)
    out = []
    if gaps:
        out.append(tr("ladder.gaps", lang, lo=share(min(gaps), 3), hi=share(max(gaps), 3), target=target))
    stopped = stopped_steps(ladder)
    if stopped:
        out.append(tr("ladder.stopped", lang, steps=", ".join(f"×{s.scale:g}" for s in stopped),
                      limit=ladder.options.time_limit, target=target))
    elif gaps:
        out.append(tr("ladder.all_within", lang, target=target))
    return out


def ladder_differs(result: Result, ladder: Ladder, names: Names, lang: str) -> str:
    """A sentence when the ladder's step at the recommendation's scale funds another plan than the
    recommendation (a tie within the gap, reached from another start); empty otherwise."""
    step = step_at(ladder, result.data.scale)
    if step is None:
        return ""
    ch = change(result.portfolio(), step.portfolio)
    if ch.none:
        return ""
    return tr("ladder.differs", lang, scale=step.scale, diff=score(abs((step.objective or 0) - (result.objective or 0)),
                                                                   3),
              programs=names.programs(sorted(ch.added + ch.dropped + ch.moved)),
              gap=share(max(ladder.options.mip_gap, result.mip_gap_target), 2))


def _frontier(result: Result, ladder: Ladder, lang: str) -> charts.Chart:
    return charts.frontier(
        "frontier", [s.budget for s in ladder.steps], [s.objective for s in ladder.steps],
        current=result.data.budget_total, current_objective=result.objective,
        title=tr("chart.frontier.title", lang), x_label=tr("chart.frontier.x", lang),
        y_label=tr("chart.frontier.y", lang), caption=tr("chart.frontier.caption", lang),
        current_label=tr("chart.frontier.current", lang), step_labels=[f"×{s.scale:g}" for s in ladder.steps])


def _steps(ladder: Ladder, current: float, lang: str) -> Table:
    """Every step: budget, objective, gain per 億円, its gap (marked where the time limit stopped it), and
    the programs added and dropped against the solved step below (by id, to keep the table narrow; the
    names are in 3.2 and 3.3)."""
    fr = ladder.frontier()
    rows, prev, rcls = [], None, []
    for s, f in zip(ladder.steps, fr.itertuples()):
        added = dropped = ""
        if s.objective is not None and prev is not None:
            ch = change(prev.portfolio, s.portfolio)
            added, dropped = program_ids(ch.added, lang), program_ids(ch.dropped, lang)
        if s.objective is None:
            status = t(f"status.{s.status}", lang)
        else:
            status = share(s.gap, 3) if s.status == "optimal" else tr("ladder.gap_stopped", lang, gap=share(s.gap, 3))
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
    """One line per non-nested step, in the words of its verdict, with the loss that verdict rests on."""
    items = []
    for w in ladder.swaps:
        v = w.verdict
        key = "swap.real_cannot" if v == "real" and w.loss is None else f"swap.{v}"
        items.append(Badge("real" if v in ("real", "undecided") else "tie", tr(f"badge.{v}", lang),
                           tr(key, lang, lo=w.lower, hi=w.higher, dropped=names.programs(w.dropped),
                              added=names.programs(w.replaced_by), loss=score(w.loss),
                              gap=share(ladder.options.mip_gap, 2))))
    return items
