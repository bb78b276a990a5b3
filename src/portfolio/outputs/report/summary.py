"""Section 1 of the report: the recommendation in a few sentences, its headline figures and the
funded programs with the largest value."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.wareki import fy_label
from ..results_xlsx import status_text
from .markup import ProgramCell, Section, Table, render
from .text import Names, money, score, share, tr

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...analysis.sweep import Ladder, Step
    from ...engine.results import Result

TOP_PROGRAMS = 10           # funded programs listed in the summary


def section_summary(result: Result, names: Names, lang: str, ladder: Ladder | None = None,
                    sens: SensitivityResult | None = None) -> Section:
    title = tr("s1", lang)
    if not result.has_solution:
        return Section("summary", title, render("summary.html", lang, solved=False,
                                                status=status_text(result, lang),
                                                explanation=[m.render(lang) for m in result.explanation]))
    funded = result.funded
    budget = result.data.budget_total
    util = result.spend_total / budget if budget > 0 else 0.0
    cards = [
        (tr("status", lang), status_text(result, lang)),
        (tr("budget_total", lang), f"{money(budget)} 億円"),
        (tr("spend_annual", lang), f"{money(result.spend_total)} 億円"),
        (tr("utilisation", lang), share(util)),
        (tr("funded_count", lang), f"{len(funded)} / {len(result.programs)}"),
        (tr("objective", lang), score(result.objective)),
        (tr("gap", lang), share(result.gap, 3)),
    ]
    return Section("summary", title, render("summary.html", lang, solved=True, cards=cards,
                                            sentences=_recommendation(result, names, lang, ladder, sens),
                                            top_count=min(TOP_PROGRAMS, len(funded)),
                                            top=_top_programs(result, names, lang, sens)))


def _recommendation(result: Result, names: Names, lang: str, ladder: Ladder | None,
                    sens: SensitivityResult | None) -> list[str]:
    """The recommendation: budget used and programs funded, the split between the domain groups, how
    robust it is, and what the next budget step would add."""
    d = result.data
    funded = result.funded
    budget = d.budget_total
    util = result.spend_total / budget if budget > 0 else 0.0
    horizon = f"{fy_label(d.years[0], lang)}–{fy_label(d.years[-1], lang)}"
    rec = [tr("rec", lang, budget=budget, horizon=horizon, scale=d.scale, spend=result.spend_total, util=util,
              n=len(result.programs), m=len(funded))]
    ns, ef = _group_totals(result)
    if ns + ef > 0:
        rec.append(tr("rec.groups", lang, ns=ns, ns_share=ns / (ns + ef), ef=ef, ef_share=ef / (ns + ef)))
    if sens is not None and sens.core is not None:
        core = sens.core
        in_base = core[core["program"].isin(funded["id"])]
        rec.append(tr("rec.robust", lang, samples=int(core["solved_draws"].max() or 0), m=len(funded),
                      core=int((in_base["cls"] == "core").sum()), border=int((in_base["cls"] == "borderline").sum()),
                      core_thr=sens.settings.core))
    if ladder is not None:
        rec += ladder_sentences(result, names, lang, ladder)
    return rec


def ladder_sentences(result: Result, names: Names, lang: str, ladder: Ladder) -> list[str]:
    """What the next budget step up and the next step down change, against the recommendation: from
    the same comparison as the ladder's table (:func:`.ladder.change`), with the verdict of section
    3.4 where the steps are not nested, and a note when the ladder's own step at this budget funds
    another plan of equal value."""
    from .ladder import change, ladder_differs, step_at, swap_between

    d = result.data
    out = []
    here = step_at(ladder, d.scale)
    same_as_ladder = here is not None and change(result.portfolio(), here.portfolio).none
    for direction, word in ((+1, "up"), (-1, "down")):
        s = next_step(ladder, d.scale, direction)
        if s is None:
            continue
        ch = change(result.portfolio(), s.portfolio)
        args = dict(scale=s.scale, budget=s.budget)
        if ch.none:
            out.append(tr(f"rec.{word}.same", lang, **args))
            continue
        if not ch.added and not ch.dropped:
            out.append(tr(f"rec.{word}.moved", lang, moved=_listed(ch.moved, names, lang), **args))
            continue
        # with more budget a drop is the unexpected move; with less, an addition
        odd = ch.dropped if direction > 0 else ch.added
        key = ("swap" if ch.added and ch.dropped else "drop" if ch.dropped else "add")
        text = tr(f"rec.{word}.{key}", lang, added=_listed(ch.added, names, lang),
                  dropped=_listed(ch.dropped, names, lang), **args)
        if odd:
            w = swap_between(ladder, *sorted((d.scale, s.scale))) if same_as_ladder else None
            verdict = "see" if w is None else ("real_cannot" if w.verdict == "real" and w.loss is None else w.verdict)
            text += tr(f"rec.verdict.{verdict}", lang, loss=score(w.loss) if w is not None else "")
        if ch.moved:
            text += tr("rec.also_moved", lang, n=len(ch.moved))
        out.append(text)
    tie = ladder_differs(result, ladder, names, lang)
    if tie:
        out.append(tie)
    return out


#: Programs named in a summary sentence; more are counted.
LISTED = 5


def _listed(ids: list[str], names: Names, lang: str) -> str:
    """`n` programs, the first :data:`LISTED` by name: 「3 件（A、B、C）」; 「なし」 for none."""
    if not ids:
        return tr("none", lang)
    shown = names.programs(ids[:LISTED])
    more = len(ids) - LISTED
    return tr("rec.list_more" if more > 0 else "rec.list", lang, n=len(ids), names=shown, more=max(more, 0))


def _group_totals(result: Result) -> tuple[float, float]:
    dom = result.domains
    ns = float(dom.loc[dom["group"] == "national_strategic", "total"].sum()) if len(dom) else 0.0
    ef = float(dom.loc[dom["group"] == "emerging_foundational", "total"].sum()) if len(dom) else 0.0
    return ns, ef


def next_step(ladder: Ladder, scale: float, direction: int) -> Step | None:
    """The solved ladder step just above (`direction` +1) or below (−1) `scale`."""
    steps = [s for s in ladder.steps if s.objective is not None]
    if direction > 0:
        higher = [s for s in steps if s.scale > scale + 1e-12]
        return higher[0] if higher else None
    lower = [s for s in steps if s.scale < scale - 1e-12]
    return lower[-1] if lower else None


def _top_programs(result: Result, names: Names, lang: str, sens: SensitivityResult | None) -> Table:
    funded = result.funded
    top = funded.sort_values("value", ascending=False).head(TOP_PROGRAMS)
    obj = result.objective or 0.0
    core_of = {}
    if sens is not None and sens.core is not None:
        core_of = {r.program: r.core_index for r in sens.core.itertuples()}
    rows = []
    for r in top.itertuples():
        rows.append([ProgramCell(names.program[r.id], r.id),
                     names.domain.get(r.domain, r.domain), r.level, fy_label(int(r.start_year), lang),
                     money(r.cost_in_horizon), score(r.value), share(r.value / obj if obj else None),
                     share(core_of.get(r.id), 0) if core_of else "—"])
    return Table([tr("col.program", lang), tr("col.domain", lang), tr("col.level", lang),
                  tr("col.start", lang), tr("col.cost_horizon", lang), tr("col.value", lang),
                  tr("col.share_obj", lang), tr("col.core", lang)], rows, numeric=(4, 5, 6, 7), nowrap=(2, 3))
