"""The robust plans as one JSON object (``portfolio robust --json``): no NaN or infinity, a value that
was not proven is null."""

from __future__ import annotations

from typing import Any

from ...core.numbers import json_number as _num
from ..sensitivity.common import level_and_start, plain


def _solve(s) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"status": s.status, "objective": _num(s.objective), "bound": _num(s.bound), "gap": _num(s.gap),
            "gap_target": s.gap_target, "seconds": round(s.seconds, 3)}


def plan_json(res, kind: str) -> dict[str, Any]:
    p = res.plans[kind]
    base = res.plans["weighted"].base_value
    return {
        "value_at_base_weights": _num(p.base_value),
        "gives_up": _num(res.gives_up(kind) + 0.0),     # + 0.0: never "-0.0"
        "gives_up_share": _num(res.gives_up(kind) / abs(base)) if base else None,
        "worst_case_value": _num(p.worst_value),
        "worst_case_vertex": p.worst_vertex + 1,
        "max_regret": {"low": _num(p.regret.worst_low), "high": _num(p.regret.worst_high),
                       "vertex": p.regret.worst_vertex + 1},
        "solve": _solve(p.solved),
        "funded": len(p.portfolio),
        "portfolio": {q: level_and_start(v) for q, v in sorted(p.portfolio.items())},
        "differs": p.differs, "added": p.added, "removed": p.removed, "changed": p.changed,
    }


def result_json(res, output: str | None, lang: str = "ja") -> dict[str, Any]:
    d, adm = res.data, res.admissible
    out: dict[str, Any] = {
        "status": "ok", "model": d.path, "scenario": d.scenario or None, "budget_scale": d.scale,
        "weights": {c: _num(w, 10) for c, w in d.weights.items()}, "weights_normalised": True,
        "admissible": {
            "source": adm.source, "band": adm.band,
            "intervals": {c: (None if lo is None else [lo, hi]) for c, lo, hi in zip(adm.criteria, adm.low, adm.high)},
            "ranks": {c: r for c, r in zip(adm.criteria, adm.ranks)},
            "vertices": [{c: _num(x, 10) for c, x in zip(adm.criteria, w)} for w in adm.vertices],
            "base_inside": adm.base_inside, "scores_ranged": res.scores_ranged},
        "vertex_best": [_solve(b) for b in res.best],
        "plans": {kind: plan_json(res, kind) for kind in ("weighted", "max_min", "min_max_regret")},
        "max_min": {"value": _num(res.plans["max_min"].worst_value), "bound": _num(res.max_min_bound),
                    "solve": _solve(res.master_status["max_min"])},
        "min_max_regret": {"value": _num(res.plans["min_max_regret"].regret.worst_low),
                           "lower_bound": _num(res.regret_lower), "upper_bound": _num(res.regret_upper),
                           "converged": res.regret_converged, "iterations": res.regret_iterations,
                           "scenarios": res.regret_scenarios, "solve": _solve(res.master_status["min_max_regret"])},
        "solves": res.solves, "seconds": round(res.seconds, 3),
        "settings": {"gap": res.options.mip_gap, "time_limit": res.options.time_limit, "band": res.settings.band,
                     "max_iterations": res.settings.max_iterations},
        "confidentiality": d.settings.confidentiality,
        "warnings": [w.render(lang) for w in res.warnings],
        "output": output,
    }
    return plain(out)
