"""Section 4 of the report: how robust the recommendation is. Weight stability (tornado and the
ranges of each weight that keep the recommendation optimal), the core index over drawn weights and
scores, and the marginal values of limits. Every figure was computed by re-solving the MIP
(:mod:`portfolio.analysis.sensitivity`); this module only lays them out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ...core.i18n import t
from ...core.wareki import fy_label
from ...model.families import LIMITS_BY_ID
from . import charts
from .markup import Badge, Section, Table, not_computed, notice, render
from .text import Names, list_sep, money, num, quantity, score, share, tr

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...engine.results import Result
    from .run import RunInfo

MARGINAL_ROWS = 15          # limits listed with their marginal values (the largest first)
CORE_CHART_ROWS = 45        # programs drawn in the core-index chart (the rest are listed in the table)
CLASSES = ("core", "borderline", "exterior")


def section_sensitivity(result: Result, names: Names, lang: str, sens: SensitivityResult | None = None,
                        run: RunInfo | None = None) -> Section:
    title = tr("s4", lang)
    if not result.has_solution:
        return notice("sensitivity", title, tr("omitted", lang))
    if sens is None:
        return not_computed("sensitivity", title, lang, run.sensitivity_error if run is not None else "",
                            "sens.failed", "sens.skipped")
    st = sens.settings
    warnings = []
    mine = {r.id: (r.level, int(r.start_year)) for r in result.funded.itertuples()}
    differ = sorted(set(mine) ^ set(sens.base.portfolio) |
                    {p for p in set(mine) & set(sens.base.portfolio) if mine[p] != sens.base.portfolio[p]})
    if differ:
        warnings.append(tr("sens.base_differs", lang, gap=share(st.tight_gap, 4), n=len(differ),
                           programs=names.programs(differ)))
    warnings += [w.render(lang) for w in sens.warnings]
    weights = _weights(sens, names, lang) if sens.tornado is not None and sens.stability is not None else None
    core = _core_index(sens, names, lang) if sens.core is not None else None
    body = render("sensitivity.html", lang, warnings=warnings, weights=weights, core=core,
                  intro=tr("sens.intro", lang, solves=sens.solves, seconds=sens.seconds, gap=share(st.tight_gap, 4),
                           limit=sens.options.time_limit),
                  marginal=_marginal(result, sens, names, lang) if sens.marginal is not None else None)
    chart_list = ([weights["tornado"], weights["intervals"]] if weights else []) + ([core["chart"]] if core else [])
    return Section("sensitivity", title, body, chart_list)


def _weights(sens: SensitivityResult, names: Names, lang: str) -> dict[str, Any]:
    """4.1: the tornado (each weight ±f), the stability interval of each weight and what changes past
    its ends."""
    st = sens.settings
    tor = sens.tornado
    base_obj = sens.base.objective
    minus = [(num(v) - base_obj) if num(v) is not None else None for v in tor["objective_minus"]]
    plus = [(num(v) - base_obj) if num(v) is not None else None for v in tor["objective_plus"]]
    changed = [bool(a) or bool(b) for a, b in zip(tor["changed_minus"].fillna(False),
                                                 tor["changed_plus"].fillna(False))]
    tornado = charts.tornado(
        "tornado", [names.criterion.get(c, c) for c in tor["criterion"]], minus, plus, changed=changed,
        title=tr("chart.tornado.title", lang, f=st.tornado), x_label=tr("chart.tornado.x", lang),
        caption=tr("chart.tornado.caption", lang, f=st.tornado),
        minus_label=tr("chart.tornado.minus", lang, f=st.tornado),
        plus_label=tr("chart.tornado.plus", lang, f=st.tornado), changed_label=tr("chart.tornado.changed", lang))
    stab = sens.stability
    grains = [g for g in GRAINS if g == "G3" or f"low_{g}" in stab.columns]
    bands = [(tr(f"grain.{g}.band", lang), [float(v) for v in stab[_col("low", g)]],
              [float(v) for v in stab[_col("high", g)]]) for g in grains]
    intervals = charts.weight_intervals(
        "weight-intervals", [names.criterion.get(x, x) for x in stab["criterion"]],
        [float(v) for v in stab["base"]], bands, title=tr("chart.intervals.title", lang),
        x_label=tr("chart.intervals.x", lang), caption=tr("chart.intervals.caption", lang),
        base_label=tr("chart.intervals.base", lang))
    rows = []
    for r in stab.itertuples():
        rows.append([names.criterion.get(r.criterion, r.criterion), f"{r.base:.3f}",
                     *[_range(getattr(r, _col("low", g)), getattr(r, _col("high", g))) for g in grains],
                     _flips(getattr(r, _col("flips_low", grains[0]))), _flips(getattr(r, _col("flips_high", grains[0])))])
    table = Table([tr("col.criterion", lang), tr("col.weight", lang), *[tr(f"grain.{g}.col", lang) for g in grains],
                   tr("col.flips_low_set", lang), tr("col.flips_high_set", lang)], rows,
                  numeric=tuple(range(1, 2 + len(grains))))
    st = sens.settings
    rests = tr("stability.proven" if st.tight_gap <= PROVEN_GAP else "stability.rests", lang,
               gap=share(st.tight_gap, 4), tol=st.tolerance)
    return {"tornado": tornado, "intervals": intervals, "table": table, "rests": rests,
            "grains": [tr(f"grain.{g}.means", lang) for g in grains]}


#: A tight gap at or below this is reported as proven (the `sensitivity` command's default).
PROVEN_GAP = 1e-6
#: The grains of stability (portfolio.analysis.grains), coarsest first: G1 the same programs, G2 also
#: the same levels, G3 also the same starts. Named here because the report reads only results.
GRAINS = ("G1", "G2", "G3")


def _col(name: str, grain: str) -> str:
    """A stability column at a grain: G3 is the plain column (the whole portfolio)."""
    return name if grain == "G3" else f"{name}_{grain}"


def _range(lo, hi) -> str:
    return f"{lo:.3f}–{hi:.3f}"


def _flips(items) -> str:
    """What changes past an end of a stability interval, by id: +funded, −dropped, ±other level or start."""
    if not items:
        return "—"
    parts = []
    for f in items:
        p = f.get("program")
        before, after = f.get("before"), f.get("after")
        parts.append(("+" if before is None else "−" if after is None else "±") + str(p))
    return ", ".join(parts)


def _core_index(sens: SensitivityResult, names: Names, lang: str) -> dict[str, Any]:
    """4.2: the share of draws in which each program is funded (chart and classes) and how it was drawn."""
    st = sens.settings
    core = sens.core.copy()
    core = core[core["core_index"].notna()]
    core = core.sort_values(["core_index", "program"], ascending=[False, True], kind="stable")
    shown = core[(core["core_index"] > 0) | core["base_funded"]]
    if len(shown) > CORE_CHART_ROWS:
        # keep every borderline program, then the highest core and exterior ones
        border = shown[shown["cls"] == "borderline"]
        rest = shown[shown["cls"] != "borderline"]
        shown = core.loc[list(border.index) + list(rest.index[: max(0, CORE_CHART_ROWS - len(border))])]
        shown = shown.sort_values(["core_index", "program"], ascending=[False, True], kind="stable")
    more = tr("chart.core.more", lang, shown=len(shown), rest=len(core) - len(shown)) \
        if len(shown) < len(core) else ""
    samples = int(core["solved_draws"].max()) if len(core) else 0
    chart = charts.core_index(
        "core-index", [names.program.get(p, p) for p in shown["program"]], [float(v) for v in shown["core_index"]],
        list(shown["cls"]), [bool(v) for v in shown["base_funded"]], core=st.core, exterior=st.exterior,
        title=tr("chart.core.title", lang), x_label=tr("chart.core.x", lang),
        caption=tr("chart.core.caption", lang, samples=samples, core=st.core, ext=st.exterior, more=more).strip(),
        class_labels={k: tr(f"class.{k}", lang) for k in CLASSES}, funded_label=tr("chart.core.funded", lang))
    rows = []
    for cls in CLASSES:
        sub = core[core["cls"] == cls]
        items = [f"{names.program.get(p, p)} {v:.0%}" for p, v in zip(sub["program"], sub["core_index"])]
        rows.append([Badge(cls, tr("class." + cls, lang)), len(sub), list_sep(lang).join(items) or tr("none", lang)])
    dr = sens.draws
    draws = tr("core.draws", lang, mode=tr(f"mode.{sens.draw_mode}", lang) if sens.draw_mode else "—",
               samples=len(dr), seed=st.seed, scores=tr("core.scores", lang) if sens.scores_drawn else "",
               # the G3 share of the grain table below (over the solved draws), so that the two agree
               same=sens.same_by_grain.get("G3") or 0.0)
    table = Table([tr("col.group", lang), "#", tr("col.program", lang)], rows, numeric=(1,), cls="classes")
    return {"chart": chart, "table": table, "draws": draws, **_grains(sens, core, names, lang)}


def _grains(sens: SensitivityResult, core, names: Names, lang: str) -> dict[str, Any]:
    """4.2, by grain: the share of draws whose plan equals the base at G1, G2 and G3, and the funded
    programs whose core index at G2 (funded at their base level) is below their index at G1."""
    solved = int(sens.draws["status"].isin(["optimal", "feasible"]).sum()) if len(sens.draws) else 0
    rows = [[t(f"grain.{g}", lang), share(v, 0) if v is not None else "—"] for g, v in sens.same_by_grain.items()]
    grains = Table([tr("core.grains.col_grain", lang), tr("core.grains.col_share", lang)], rows, numeric=(1,)) \
        if rows else None
    funded = core[core["base_funded"] & core["core_index_G2"].notna()] if "core_index_G2" in core else core[:0]
    moved = funded[funded["core_index_G2"] < funded["core_index"] - 1e-12]
    levels = Table([tr("col.program", lang), tr("core.levels.col_level", lang), tr("core.levels.col_g1", lang),
                    tr("core.levels.col_g2", lang)],
                   [[names.program.get(r.program, r.program), str(r.base_level), share(r.core_index, 0),
                     share(r.core_index_G2, 0)] for r in moved.itertuples()], numeric=(2, 3)) if len(moved) else None
    return {"grains": grains, "grains_caption": tr("core.grains.caption", lang, solved=solved),
            "levels_intro": tr("core.levels.intro" if levels is not None else "core.levels.none", lang),
            "levels": levels}


def _marginal(result: Result, sens: SensitivityResult, names: Names, lang: str) -> dict[str, Any]:
    """4.3: the limits whose ±Δ moves the objective (or that carry a telling reason), the largest first."""
    d = result.data
    st = sens.settings
    mv = sens.marginal.copy()
    eps = 1e-9 * max(1.0, abs(sens.base.objective))
    mv["size"] = [max(abs(num(a) or 0.0), abs(num(b) or 0.0)) for a, b in zip(mv["plus"], mv["minus"])]
    # A reason that only says "−Δ is undefined for a zero limit" is not worth a row of its own.
    quiet = ("sens.reason.minus_below_zero", "sens.reason.zero_limit")
    telling = np.array([r is not None and r.key not in quiet for r in mv["reason"]], dtype=bool)
    interesting = mv[(mv["size"] > eps) | telling].sort_values("size", ascending=False, kind="stable")
    hidden = max(0, len(interesting) - MARGINAL_ROWS)
    rows = []
    for r in interesting.head(MARGINAL_ROWS).itertuples():
        money_limit = r.family != "capacity"
        unit = "億円" if money_limit else (d.capacity_by_id[r.source].unit if r.source in d.capacity_by_id else "")
        amount = money if money_limit else quantity
        per = f"{score(r.plus_per_unit, 3)} ／ {score(r.minus_per_unit, 3)}"
        rows.append([_limit_label(r, names, lang), fy_label(int(r.year), lang), f"{amount(r.value)} {unit}",
                     f"{amount(r.delta)} {unit}" if num(r.delta) is not None else "—", score(r.plus, 3),
                     score(r.minus, 3), per, r.reason.render(lang) if r.reason is not None else ""])
    table = Table([tr("col.limit", lang), tr("col.year", lang), tr("col.limit_value", lang), tr("col.delta", lang),
                   tr("col.plus", lang), tr("col.minus", lang), tr("col.per_unit", lang), tr("col.note", lang)],
                  rows, numeric=(2, 3, 4, 5, 6)) if rows else None
    notes = []
    if hidden:
        notes.append(tr("marginal.more", lang, n=hidden, shown=MARGINAL_ROWS))
    zero = len(mv) - len(interesting)
    if zero:
        notes.append(tr("marginal.zero", lang, n=zero, delta=st.delta))
    notes.append(t("sens.mv_note", lang))
    return {"intro": tr("marginal.intro", lang, delta=st.delta), "table": table, "notes": notes}


def _limit_label(row, names: Names, lang: str) -> str:
    family = LIMITS_BY_ID[row.family]
    what = t(family.label_key, lang)
    name = family.key_name(names.data, row.source, lang) if row.source else ""
    return f"{what}：{name}" if name and lang == "ja" else (f"{what}: {name}" if name else what)
