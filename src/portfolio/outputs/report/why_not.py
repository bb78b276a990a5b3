"""Section 5 of the report: why each unfunded program is not funded, the closest to being funded
first. One line per program from what the analyses found: the price of forcing it in and what it
displaces, the limits it needs that the recommendation uses up, the ladder step at which it enters,
and its core index."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from ...core.i18n import t
from ...model.families import LIMITS_BY_ID
from .markup import ProgramCell, Section, Table, notice, render
from .text import Names, list_sep, num, tr

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...analysis.why_not import Obstacle

    #: Program → what keeps it out (:func:`portfolio.analysis.why_not.unfunded_obstacles`).
    Obstacles = Mapping[str, Sequence[Obstacle]]
    from ...analysis.sweep import Ladder
    from ...engine.results import Result

WHY_NOT_LINES = 15          # unfunded programs explained one by one (the closest to being funded first)


@dataclass
class WhyNot:
    program: str
    text: str
    blocked: bool           # barred by its data (forbidden, unfundable, no start year), not by the choice
    sort_key: tuple


def section_why_not(result: Result, names: Names, lang: str, ladder: Ladder | None = None,
                    sens: SensitivityResult | None = None, obstacles: Obstacles | None = None) -> Section:
    title = tr("s5", lang)
    if not result.has_solution:
        return notice("why-not", title, tr("omitted", lang))
    lines = why_not_funded(result, names, lang, ladder, sens, obstacles)
    if not lines:
        return notice("why-not", title, tr("why.none", lang))
    open_ = [w for w in lines if not w.blocked]
    blocked = [w for w in lines if w.blocked]
    dom = {p.id: p.domain for p in result.data.programs}
    rows = [[ProgramCell(names.program[w.program], w.program), names.domain.get(dom[w.program], ""), w.text]
            for w in open_[:WHY_NOT_LINES] + blocked]
    table = Table([tr("col.program", lang), tr("col.domain", lang), tr("col.note", lang)], rows, cls="why")
    return Section("why-not", title, render("why_not.html", lang, lines=table,
                                            more=max(0, len(open_) - WHY_NOT_LINES)))


def why_not_funded(result: Result, names: Names, lang: str, ladder: Ladder | None = None,
                   sens: SensitivityResult | None = None, obstacles: Obstacles | None = None) -> list[WhyNot]:
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
            parts.append(tr(f"why.note.{r.note}", lang))
            blocked = True
        elif pr is not None and pr.reason is not None and num(pr.loss) is None:
            parts.append(pr.reason.render(lang))
            blocked = pr.reason.key != "sens.reason.no_solution"
        elif pr is not None and num(pr.loss) is not None:
            loss = float(pr.loss)
            if pr.loss_share is not None and float(pr.loss_share) < 1e-6:
                parts.append(tr("why.price_zero", lang))
            else:
                parts.append(tr("why.price", lang, loss=loss, share=num(pr.loss_share) or 0.0))
            if pr.removed:
                parts.append(tr("why.displaces", lang, names=names.programs(pr.removed)))
        else:
            parts.append(tr("why.unknown", lang))
        if not blocked:
            held = _obstacle_phrases((obstacles or {}).get(r.id, ()), names, lang)
            if held:
                parts.append(tr("why.limits", lang, items=list_sep(lang).join(held)))
        if steps and not blocked:
            above = [s for s in steps if s.scale > d.scale + 1e-12 and r.id in s.funded]
            below = [s for s in steps if s.scale < d.scale - 1e-12 and r.id in s.funded]
            if above:
                parts.append(tr("why.enters", lang, scale=above[0].scale, budget=above[0].budget))
            elif steps[-1].scale > d.scale + 1e-12:
                parts.append(tr("why.never", lang, scale=steps[-1].scale))
            if below:
                parts.append(tr("why.was_funded", lang, scale=below[-1].scale))
        ci = core.get(r.id)
        if ci is not None and ci > 0 and not blocked:
            parts.append(tr("why.core", lang, share=ci))
        text = tr("why.line", lang, text=tr("why.sep", lang).join(parts))
        share_ = num(pr.loss_share) if pr is not None else None
        key = (1 if blocked else 0, share_ if share_ is not None else math.inf, -(ci or 0.0), r.id)
        out.append(WhyNot(r.id, text, blocked, key))
    return sorted(out, key=lambda w: w.sort_key)


def _obstacle_phrases(found: Sequence[Obstacle], names: Names, lang: str, most: int = 3) -> list[str]:
    """The obstacles of one program (computed once, :func:`portfolio.analysis.why_not.obstacles`) in
    words: the limits it needs that the recommendation uses up, then the dependencies that bar it."""
    out: list[str] = []
    for ob in found:
        if ob.family == "requires":
            out.append(tr("why.dep_requires", lang, name=names.program.get(ob.key, ob.key)))
        elif ob.family == "excludes":
            out.append(tr("why.dep_excludes", lang, name=names.program.get(ob.key, ob.key)))
        else:
            family = LIMITS_BY_ID[ob.family]
            name = family.key_name(names.data, ob.key, lang)
            what = t(family.label_key, lang)
            if name:
                what = tr("why.limit_named", lang, what=what, name=name)
            out.append(tr("why.limit_year", lang, what=what, year=ob.year) if ob.year else what)
    if len(out) > most:
        out = out[:most] + [tr("why.more_limits", lang, n=len(out) - most)]
    return out
