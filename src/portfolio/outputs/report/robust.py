"""The report's section on the robust plans (``portfolio report --robust``): the max-min and
minimax-regret plans beside the weighted optimum.

Every sentence is generated from the table printed beside it (the same numbers, the same
rounding), and a value that was not proven exactly is given as the range that was proven."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.i18n import t
from .markup import ProgramCell, Section, Table, notice, render
from .text import Names, share, tr

if TYPE_CHECKING:
    from ...analysis.robust import RobustResult
    from ...engine.results import Result

PLANS = ("weighted", "max_min", "min_max_regret")


def value(x) -> str:
    return "—" if x is None else f"{x:,.1f}"


def proven(low: float, high: float) -> str:
    """A value proven to lie in [low, high], as the table prints it: one figure when both round alike."""
    a, b = value(low), value(high)
    return a if a == b else f"{a}–{b}"


def plan_name(kind: str, lang: str) -> str:
    return t(f"robust.plan.{kind}", lang)


def status(p, lang: str) -> str:
    s = p.solved
    if s is None:
        return ""
    text = t(f"status.{s.status}", lang)
    return text if not s.gap else tr("robust.gap", lang, status=text, gap=share(s.gap, 2))


def section_robust(result: Result, names: Names, lang: str, res: RobustResult | None,
                   error: str = "") -> Section | None:
    """None when the report was not asked for robust plans; a notice when they could not be computed."""
    title = tr("robust.title", lang)
    if res is None:
        return notice("robust", title, tr("robust.failed", lang, error=error)) if error else None
    adm = res.admissible
    rows = [[plan_name(k, lang), value(res.plans[k].base_value), value(res.gives_up(k)),
             share(res.gives_up(k) / abs(res.plans["weighted"].base_value)) if res.plans["weighted"].base_value
             else "—", value(res.plans[k].worst_value),
             proven(res.plans[k].regret.worst_low, res.plans[k].regret.worst_high), str(len(res.plans[k].differs)),
             status(res.plans[k], lang)] for k in PLANS]
    table = Table([tr("robust.col.plan", lang), tr("robust.col.base", lang), tr("robust.col.gives", lang),
                   tr("robust.col.share", lang), tr("robust.col.worst", lang), tr("robust.col.regret", lang),
                   tr("robust.col.differ", lang), tr("robust.col.status", lang)], rows, numeric=(1, 2, 3, 4, 5, 6),
                  cls="robust")
    source = t(f"robust.source.{adm.source}", lang, band=adm.band or 0)
    intro = tr("robust.intro", lang, source=source, n=len(adm.vertices)) + (
        " " + tr("robust.intro_scores", lang) if res.scores_ranged else "")
    return Section("robust", title, render("robust.html", lang, intro=intro, plans=table,
                                           sentences=sentences(res, rows, lang),
                                           differences=differences(res, names, lang),
                                           warnings=[w.render(lang) for w in res.warnings]))


def sentences(res: RobustResult, rows: list[list[str]], lang: str) -> list[str]:
    """What the table says, in words: each figure is the table's own cell."""
    by = dict(zip(PLANS, rows))
    w, mm, rg = by["weighted"], by["max_min"], by["min_max_regret"]
    out = []
    if res.plans["max_min"].differs:
        out.append(tr("robust.max_min", lang, worst=mm[4], base_worst=w[4], value=mm[1], gives=mm[2], share=mm[3],
                      n=mm[6]))
    else:
        out.append(tr("robust.max_min_same", lang, worst=w[4]))
    bound = res.max_min_bound
    if bound is not None and value(bound) != mm[4]:
        out.append(tr("robust.max_min_bound", lang, bound=value(bound)))
    if res.plans["min_max_regret"].differs:
        out.append(tr("robust.regret", lang, regret=rg[5], base_regret=w[5], value=rg[1], gives=rg[2], share=rg[3],
                      n=rg[6]))
    else:
        out.append(tr("robust.regret_same", lang, regret=w[5]))
    least = proven(res.regret_lower, res.regret_upper)
    if least != rg[5] or not res.regret_converged:
        out.append(tr("robust.regret_bounds", lang, low=value(res.regret_lower), high=value(res.regret_upper)))
    return out


def differences(res: RobustResult, names: Names, lang: str) -> Table | None:
    """Each program some robust plan funds differently from the weighted optimum, in every plan."""
    ids = sorted({f["program"] for k in PLANS for f in res.plans[k].differs})
    if not ids:
        return None

    def place(k, pid):
        v = res.plans[k].portfolio.get(pid)
        return tr("robust.not_funded", lang) if v is None else tr("robust.place", lang, level=v[0], year=v[1])

    rows = [[ProgramCell(names.program.get(pid, pid), pid)] + [place(k, pid) for k in PLANS] for pid in ids]
    return Table([tr("col.program", lang)] + [plan_name(k, lang) for k in PLANS], rows, cls="robust-diff")
