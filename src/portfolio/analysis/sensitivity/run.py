"""Running the requested parts of the sensitivity analysis on one model, and the result as JSON."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...core.data import ModelData
from ...core.i18n import t
from ...core.numbers import json_number as _num
from ...engine.parallel import executor as make_executor
from ...engine.parallel import new_token
from ...engine.solver import SolveOptions
from .alternatives import Alternative, near_optimal_alternatives
from .common import Base, Reason, base_solve, level_and_start, plain
from .core_index import core_index, same_shares
from .marginal import marginal_values
from .price import price_of_change
from .settings import SensitivitySettings
from .stability import weight_stability


@dataclass
class SensitivityResult:
    data: ModelData
    options: SolveOptions
    settings: SensitivitySettings
    base: Base
    parts: tuple[str, ...]
    stability: pd.DataFrame | None = None
    tornado: pd.DataFrame | None = None
    core: pd.DataFrame | None = None
    draws: pd.DataFrame | None = None
    #: share of the solved draws whose plan equals the base plan at each grain (G1, G2, G3)
    same_by_grain: dict[str, float | None] = field(default_factory=dict)
    draw_mode: str = ""
    scores_drawn: bool = False
    price: pd.DataFrame | None = None
    marginal: pd.DataFrame | None = None
    alternatives: list[Alternative] | None = None
    alternatives_note: Reason | None = None
    margins: list | None = None         # analysis.margins.ProgramMargins, one per program
    solves: int = 0
    seconds: float = 0.0
    warnings: list[Reason] = field(default_factory=list)

    def to_json(self, output: str | None, lang: str = "ja") -> dict[str, Any]:
        return result_json(self, output, lang)


def run_sensitivity(data: ModelData, options: SolveOptions, settings: SensitivitySettings = SensitivitySettings(),
                    *, executor=None, workers: int = 1) -> SensitivityResult:
    """Run the requested parts; raise InfeasibleError / NoSolutionError if the base model has no solution."""
    from ...core.errors import InfeasibleError, NoSolutionError
    from ...engine.session import Session

    t0 = time.perf_counter()
    session = Session(data, options)
    base = base_solve(session, settings.tight_gap)
    if base.solved.status == "infeasible":
        from ...engine.infeasibility import explain
        raise InfeasibleError("msg.infeasible", explanation=explain(session.solver, data))
    if not base.solved.has_solution:
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)
    res = SensitivityResult(data=data, options=options, settings=settings, base=base, parts=settings.parts)
    if base.solved.status != "optimal":
        res.warnings.append(Reason.of("sens.warn.base_not_tight", gap=f"{base.solved.gap or 0:.4%}",
                                      target=f"{settings.tight_gap:g}", limit=options.time_limit))
    solves = 1
    ix = session.ix
    token = new_token()
    with make_executor(executor, workers) as pool:
        if "stability" in settings.parts:
            res.stability, res.tornado, n = weight_stability(pool, workers, token, data, options, ix, base, settings)
            solves += n
        if "core" in settings.parts:
            res.core, res.draws, spec = core_index(pool, workers, token, data, options, ix, base, settings)
            res.draw_mode, res.scores_drawn = spec.mode, spec.scores
            res.same_by_grain = same_shares(res.draws)
            res.warnings.extend(spec.notes)
            solves += len(res.draws)
            bad = int((res.draws["status"] != "optimal").sum())
            if bad:
                res.warnings.append(Reason.of("sens.warn.draws_not_optimal", n=bad, total=len(res.draws)))
        if "price" in settings.parts:
            res.price, n = price_of_change(pool, workers, token, data, options, ix, base, settings)
            solves += n
        if "marginal" in settings.parts:
            res.marginal, n = marginal_values(pool, workers, token, data, options, session, base, settings)
            solves += n
        if "margins" in settings.parts:
            res.margins, n = _margins(pool, workers, token, data, options, base, settings)
            solves += n
    if "alternatives" in settings.parts and settings.alternatives > 0:
        res.alternatives, res.alternatives_note = near_optimal_alternatives(
            data, options, base, settings.alternatives, settings.within)
        solves += len(res.alternatives) + (1 if res.alternatives_note else 0)
    res.solves = solves
    res.seconds = time.perf_counter() - t0
    return res


def _margins(pool, workers, token, data, options, base, settings):
    """Each program's margins (:mod:`portfolio.analysis.margins`), with entry budgets from the
    explain command's budget ladder run by the ladder's own code."""
    from ..explain import DEFAULT_LADDER
    from ..margins import MarginSettings, add_entry_budgets, all_margins
    from ..sweep import run_ladder

    margins = all_margins(pool, workers, token, data, options, base, MarginSettings(tight_gap=settings.tight_gap))
    ladder = run_ladder(data, list(DEFAULT_LADDER), options, workers=workers, executor=pool, check_swaps=False)
    add_entry_budgets(margins, ladder)
    return margins, sum(m.solves for m in margins) + len(ladder.steps)


def result_json(res: SensitivityResult, output: str | None, lang: str = "ja") -> dict[str, Any]:
    d, s, b = res.data, res.settings, res.base
    out: dict[str, Any] = {
        "status": "ok",
        "model": d.path,
        "scenario": d.scenario or None,
        "budget_scale": d.scale,
        "weights": {c: _num(w, 10) for c, w in d.weights.items()},
        "weights_normalised": True,
        "parts": list(res.parts),
        "base": {"status": b.solved.status, "objective": _num(b.objective), "bound": _num(b.solved.bound),
                 "gap": _num(b.solved.gap), "gap_target": s.tight_gap,
                 "portfolio": {p: level_and_start(v) for p, v in sorted(b.portfolio.items())}},
        "core_index": None, "classes": None, "weight_stability": None, "tornado": None,
        "price_of_change": None, "marginal_values": None, "alternatives": None, "margins": None,
    }
    if res.core is not None:
        out.update(_core_json(res))
    if res.stability is not None:
        out["weight_stability"] = {
            r.criterion: {"base": _num(r.base, 10), "low": _num(r.low, 10), "high": _num(r.high, 10),
                          "low_outside": _num(r.low_outside, 10), "high_outside": _num(r.high_outside, 10),
                          "tolerance": r.tolerance, "flips_low": r.flips_low, "flips_high": r.flips_high,
                          "gap_reached": bool(r.all_optimal), "gap": _num(r.gap, 10),
                          "grains": {g: {"low": _num(getattr(r, f"low_{g}"), 10),
                                         "high": _num(getattr(r, f"high_{g}"), 10)} for g in ("G1", "G2")},
                          "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.stability.itertuples()}
        out["tornado"] = {
            r.criterion: {"share": s.tornado, "weight_minus": _num(r.weight_minus, 10),
                          "weight_plus": _num(r.weight_plus, 10), "objective_base": _num(r.objective_base),
                          "objective_minus": _num(r.objective_minus), "objective_plus": _num(r.objective_plus),
                          "changed_minus": bool(r.changed_minus), "changed_plus": bool(r.changed_plus)}
            for r in res.tornado.itertuples()}
    if res.price is not None:
        out["price_of_change"] = {r.program: _num(r.loss) for r in res.price.itertuples()}
        out["price_of_change_detail"] = {
            r.program: {"direction": r.direction, "loss": _num(r.loss), "loss_share": _num(r.loss_share),
                        "objective": _num(r.objective), "gap_reached": r.gap_reached, "added": r.added,
                        "removed": r.removed, "changed": r.changed,
                        "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.price.itertuples()}
    if res.marginal is not None:
        out["marginal_values"] = {
            r.limit: {"plus": _num(r.plus), "minus": _num(r.minus), "delta": _num(r.delta), "limit": _num(r.value),
                      "family": r.family, "source": r.source or None, "year": int(r.year),
                      "plus_per_unit": _num(r.plus_per_unit), "minus_per_unit": _num(r.minus_per_unit),
                      "gap_reached": r.gap_reached, "lp_dual_indicative": _num(r.lp_dual),
                      "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.marginal.itertuples()}
        out["marginal_values_note"] = t("sens.mv_note", lang)
    if res.alternatives is not None:
        out["alternatives"] = [
            {"rank": a.rank, "objective": _num(a.objective), "shortfall": _num(a.shortfall, 9),
             "distance": a.distance, "min_distance": a.min_distance, "status": a.status,
             "added": a.added, "removed": a.removed, "changed": a.changed,
             "portfolio": {p: level_and_start(v) for p, v in sorted(a.portfolio.items())}}
            for a in res.alternatives]
        out["alternatives_settings"] = {"k": s.alternatives, "within": s.within}
        out["alternatives_note"] = res.alternatives_note.render(lang) if res.alternatives_note else None
    if res.margins is not None:
        out["margins"] = {m.program: m.to_json(lang) for m in res.margins}
    out["solves"] = res.solves
    out["seconds"] = round(res.seconds, 3)
    out["settings"] = {"tight_gap": s.tight_gap, "tolerance": s.tolerance, "tornado": s.tornado,
                       "delta": s.delta}
    out["confidentiality"] = d.settings.confidentiality
    out["warnings"] = [w.render(lang) for w in res.warnings]
    out["output"] = output
    return plain(out)


def _core_json(res: SensitivityResult) -> dict[str, Any]:
    """The core index's keys: the index at G1 (``core_index``, with its class) and G2, and the draws."""
    s, out = res.settings, {}
    out["core_index"] = {r.program: _num(r.core_index, 6) for r in res.core.itertuples()}
    out["classes"] = {r.program: r.cls for r in res.core.itertuples()}
    # the core index at grain G2: funded at its base level (programs the base funds)
    out["core_index_G2"] = {r.program: _num(r.core_index_G2, 6) for r in res.core.itertuples() if r.base_funded}
    dr = res.draws
    out["monte_carlo"] = {
        "samples": s.samples, "seed": s.seed, "draws": s.weight_draws, "draw_mode": res.draw_mode,
        "concentration": s.concentration if res.draw_mode == "dirichlet" else None,
        "scores_drawn": res.scores_drawn, "core": s.core, "exterior": s.exterior,
        "solved": int(dr["status"].isin(["optimal", "feasible"]).sum()) if len(dr) else 0,
        "not_optimal": int((dr["status"] != "optimal").sum()) if len(dr) else 0,
        "same_as_base": _num(dr["same_as_base"].mean(), 6) if len(dr) else None,
        # share of the solved draws whose plan equals the base plan at each grain (analysis.grains)
        "same_as_base_by_grain": {g: _num(v, 6) for g, v in res.same_by_grain.items()},
    }
    return out
