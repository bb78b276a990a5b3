"""The frontier in sentences, from the catalogue (``frontier.*``): what was computed and how sure it is,
where today's weighted optimum sits, and what changes towards each neighbouring point.

The command line, the workbook and the report all take their sentences from here, each sentence
from the same figures the tables beside it show, so that they never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.i18n import t

if TYPE_CHECKING:
    from ..analysis.frontier import Frontier, Neighbour


def number(x: float | None, exact: bool = False) -> str:
    if x is None:
        return "—"
    return f"{x:,.0f}" if exact else f"{x:,.3f}"


def sep(lang: str) -> str:
    return "、" if lang == "ja" else ", "


def criterion_names(fr: Frontier, lang: str) -> dict[str, str]:
    return {c.id: c.name(lang) for c in fr.data.criteria}


def values_text(fr: Frontier, values: dict[str, float], lang: str) -> str:
    names = criterion_names(fr, lang)
    return sep(lang).join(f"{names[c]} {number(values[c], fr.exact)}" for c in fr.criteria)


def status_sentences(fr: Frontier, lang: str) -> list[str]:
    """What the points are: the whole non-dominated set, or a grid with its resolution; the gaps."""
    names = criterion_names(fr, lang)
    n = len(fr.points)
    if fr.status != "ok":
        return [t(f"frontier.status.{fr.status}", lang)]
    out = []
    if n == 1 and all(r["grid"] == 1 for r in fr.ranges.values()):
        out.append(t("frontier.status.single", lang, names=sep(lang).join(names[c] for c in fr.criteria)))
    elif fr.complete:
        out.append(t("frontier.status.exact", lang, n=n, solves=fr.solves))
    elif fr.exact:
        out.append(t("frontier.status.exact_incomplete", lang, n=n, stopped=fr.stopped, unsolved=fr.unsolved,
                     limit=fr.options.time_limit))
    else:
        steps = sep(lang).join(f"{names[c]} {number(r['step'])}" for c, r in fr.ranges.items())
        out.append(t("frontier.status.grid", lang, n=n, points=fr.requested_points, steps=steps,
                     first=names[fr.criteria[0]], gap=f"{fr.options.mip_gap:.2%}"))
        if len(fr.criteria) == 3:
            out.append(t("frontier.status.grid_payoff_range", lang))
        if fr.stopped or fr.unsolved:
            out.append(t("frontier.status.stopped", lang, stopped=fr.stopped, unsolved=fr.unsolved,
                         limit=fr.options.time_limit))
    gap = fr.max_gap
    if gap is not None and not fr.exact:
        out.append(t("frontier.status.max_gap", lang, gap=f"{gap:.3%}"))
    if fr.dominated_found:
        out.append(t("frontier.status.dominated_found", lang, k=fr.dominated_found))
    return out


def position_sentences(fr: Frontier, lang: str) -> list[str]:
    """Where today's weighted optimum sits, and what changes towards each neighbouring point."""
    pos = fr.position
    if pos is None:
        return []
    values = values_text(fr, pos.criteria, lang)
    if pos.where == "on":
        key = "frontier.position.on" if pos.same_plan else "frontier.position.on_other_plan"
        out = [t(key, lang, id=pos.plan_id, values=values)]
    elif pos.where == "dominated":
        out = [t("frontier.position.dominated", lang, values=values, ids=sep(lang).join(pos.dominated_by))]
        others = [c for c in fr.data.criteria if c.id not in fr.criteria and c.weight > 0]
        if others:
            out.append(t("frontier.position.other_criteria", lang,
                         names=sep(lang).join(c.name(lang) for c in others)))
    else:
        out = [t("frontier.position.between", lang, values=values)]
    if pos.status != "optimal":
        gap = "—" if pos.gap is None else f"{pos.gap:.3%}"
        out.append(t("frontier.position.not_proven", lang, gap=gap))
    out += [neighbour_sentence(fr, nb, lang) for nb in pos.neighbours]
    return out


def change_text(fr: Frontier, added, removed, changed, lang: str) -> str:
    """'+ A, − B, level or start: C' in words; 'no program changes' when the plans are the same."""
    names = {p.id: p.name(lang) for p in fr.data.programs}

    def listed(ids):
        return sep(lang).join(f"{names.get(p, p)} ({p})" for p in ids)

    parts = []
    if added:
        parts.append(t("frontier.change.added", lang, programs=listed(added)))
    if removed:
        parts.append(t("frontier.change.removed", lang, programs=listed(removed)))
    if changed:
        parts.append(t("frontier.change.changed", lang, programs=listed(changed)))
    return ("；" if lang == "ja" else "; ").join(parts) if parts else t("frontier.change.none", lang)


def neighbour_sentence(fr: Frontier, nb: Neighbour, lang: str) -> str:
    names = criterion_names(fr, lang)
    deltas = sep(lang).join(f"{names[c]} {_signed(nb.delta[c], fr.exact)}" for c in fr.criteria)
    return t("frontier.neighbour", lang, id=nb.plan_id, deltas=deltas,
             changes=change_text(fr, nb.added, nb.removed, nb.changed, lang))


def _signed(x: float, exact: bool) -> str:
    text = number(abs(x), exact)
    return ("+" if x > 0 else "−" if x < 0 else "±") + text


def steps_between(fr: Frontier) -> list[tuple[list[str], list[str], list[str]]]:
    """For each point after the first, what changes from the point before it (added, removed, moved)."""
    out = [([], [], [])]
    for a, b in zip(fr.points, fr.points[1:]):
        pa = {p: (lv, s) for p, lv, s in a.portfolio}
        pb = {p: (lv, s) for p, lv, s in b.portfolio}
        out.append((sorted(set(pb) - set(pa)), sorted(set(pa) - set(pb)),
                    sorted(p for p in set(pa) & set(pb) if pa[p] != pb[p])))
    return out
