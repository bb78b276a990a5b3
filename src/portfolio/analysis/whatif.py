r"""The report's what-if page: the plans already computed, and where each choice among them is exact.

A plan's value is linear in the weights: with :math:`V_{pc} = \sum_{o \in p} \mathrm{score}_{oc}\,
\mathrm{discount}_o\, \mathrm{share}_o` (the objective's coefficients per criterion,
:meth:`~portfolio.model.index.ModelIndex.values`), plan *p* is worth :math:`V_p \cdot w` at weights
*w*. So the best *known* plan at any weights is a dot product per plan, which a small script in the
page can do as a slider moves. This module gathers the plans and their :math:`V_p`:

* **budget** — the ladder's steps, each solved at the base weights (``budget_steps``);
* **weights, base budget** — the sensitivity analysis's base plan, the plans that beat it just
  outside each criterion's stability interval, the Monte Carlo draws' plans, the near-optimal
  alternatives and the ladder's plan at the base budget (``candidates``); all are feasible at the
  base budget.

**What is exact.** The set of weights at which a plan is optimal is convex (an intersection of
half-spaces :math:`V_p \cdot w \ge V_q \cdot w`). The base plan is proven optimal (at the tight gap)
at the base weights and at both ends of each criterion's stability interval; so it is optimal in
the convex hull of those points, given as half-spaces (``exact.facets``, found by
:func:`hull_facets`) and, where the points do not span the weight simplex, as the segments
themselves (``exact.segments``). Elsewhere, and at any budget but the base one once the weights
move, the page marks its plan as approximate: the best of the plans computed, not a re-optimisation.

Cost by domain and by lead ministry follows from a plan's options; cost by funding source does not
(who pays is settled by a solve), so the page leaves it to sections 2 and 3.

The payload is compact JSON: ids and names once, plans as lists of option indexes, values rounded
to seven significant digits and costs to 0.1 億円.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..core.data import ModelData
from ..core.numbers import finite
from ..model.index import build_index

SIGNIFICANT = 7
#: Brute-force facet search stops being cheap beyond this many point subsets; the exact region is
#: then given by its segments only (smaller, still true).
MAX_SUBSETS = 60000


def _sig(x: float) -> float:
    return float(f"{float(x):.{SIGNIFICANT}g}")


class _Plans:
    """Distinct plans (sets of option indexes) in the order first met, with where each came from."""

    def __init__(self, ix):
        self.ix = ix
        self.key = {o: k for k, o in enumerate(ix.options)}
        self.plans: list[tuple[int, ...]] = []
        self.kinds: list[str] = []
        self.count: list[int] = []
        self._at: dict[tuple[int, ...], int] = {}

    def add(self, options, kind: str) -> int:
        """Index of the plan funding `options` ((program, level, start) or option indexes)."""
        ks = tuple(sorted(self.key[(o[0], o[1], int(o[2]))] if isinstance(o, tuple) else int(o) for o in options))
        if ks not in self._at:
            self._at[ks] = len(self.plans)
            self.plans.append(ks)
            self.kinds.append(kind)
            self.count.append(0)
        i = self._at[ks]
        self.count[i] += 1
        return i

    def add_portfolio(self, portfolio: dict, kind: str) -> int:
        return self.add([(p, lv, s) for p, (lv, s) in portfolio.items()], kind)


def _with_flips(base: dict, flips: list[dict]) -> dict:
    """The base portfolio with a stability end's flips applied (the plan that beat it there)."""
    out = dict(base)
    for f in flips:
        if f["after"] is None:
            out.pop(f["program"], None)
        else:
            out[f["program"]] = (f["after"]["level"], int(f["after"]["start_year"]))
    return out


def hull_facets(points: np.ndarray, eps: float = 1e-9) -> list[list[float]]:
    """Half-spaces ``a·w ≤ b`` (rows ``[*a, b]``) whose intersection is the convex hull of `points`
    (weight vectors summing to 1), or [] when the points do not span the simplex (or are too many).

    Brute force over the hyperplanes through d of the points (d = criteria − 1, the last weight
    dropped since the weights sum to 1): few points, so exact and free of dependencies."""
    pts = np.unique(np.round(np.asarray(points, dtype=float), 12), axis=0)
    n_crit = pts.shape[1]
    d = n_crit - 1
    if d < 1 or len(pts) <= d:
        return []
    x = pts[:, :d]
    if np.linalg.matrix_rank(x[1:] - x[0], tol=1e-10) < d:
        return []
    if d == 1:
        return [_full([1.0], float(x.max()), n_crit), _full([-1.0], -float(x.min()), n_crit)]
    combos = itertools.combinations(range(len(x)), d)
    if _n_choose(len(x), d) > MAX_SUBSETS:
        return []
    found: dict[tuple, list[float]] = {}
    for c in combos:
        diffs = x[list(c[1:])] - x[c[0]]
        _, s, vt = np.linalg.svd(diffs)
        if (s > 1e-10).sum() < d - 1:
            continue
        normal = vt[-1]
        b = float(normal @ x[c[0]])
        side = x @ normal - b
        for sign in (1.0, -1.0):
            if (sign * side <= eps).all():
                a = sign * normal
                key = tuple(np.round(np.append(a, sign * b), 9))
                found.setdefault(key, _full(list(a), sign * b, n_crit))
    return list(found.values())


def _n_choose(n: int, k: int) -> int:
    from math import comb

    return comb(n, k)


def _full(a: list[float], b: float, n_crit: int) -> list[float]:
    """A facet over all the weights (the dropped last weight gets 0), normalised and rounded."""
    row = np.append(np.append(np.asarray(a, dtype=float), 0.0)[:n_crit], b)
    row = row / max(1e-12, float(np.abs(row[:-1]).max()))
    return [round(float(v), 10) for v in row]


def proven_points(sens, weights: dict[str, float]) -> tuple[list[list[float]], list[list[float]]]:
    """Weightings at which the sensitivity analysis's base plan was proven optimal, and the stability
    segments ``[criterion index, low, high]`` they come from (only criteria whose probes reached the gap)."""
    crit = list(weights)
    points = [[weights[c] for c in crit]]
    segments = []
    if sens is None or sens.stability is None or sens.base.solved.status != "optimal":
        return points, segments
    from .sensitivity.stability import shifted_weights

    for r in sens.stability.itertuples():
        if not bool(r.all_optimal) or r.criterion not in weights or r.low is None or r.high is None:
            continue
        j = crit.index(r.criterion)
        segments.append([j, round(float(r.low), 10), round(float(r.high), 10)])
        for lam in (r.low, r.high):
            w = shifted_weights(weights, r.criterion, float(lam))
            points.append([w[c] for c in crit])
    return points, segments


def whatif_payload(result, ladder=None, sens=None, lang: str = "ja") -> dict[str, Any] | None:
    """The what-if page's data, or None when there is nothing to move (no solution, or no analysis)."""
    if not result.has_solution or (ladder is None and sens is None):
        return None
    data: ModelData = sens.data if sens is not None else result.data
    ix = build_index(data)
    plans = _Plans(ix)
    weights = dict(data.weights)
    base = plans.add_portfolio(sens.base.portfolio, "base") if sens is not None else \
        plans.add(list(result.portfolio()), "base")
    steps, base_step = _budget_steps(plans, ladder, data, base)
    candidates = _candidates(plans, sens, steps, base_step, base)
    points, segments = proven_points(sens, weights)
    return _assemble(data, ix, plans, weights, steps, base_step, candidates, points, segments, sens, lang)


def _budget_steps(plans: _Plans, ladder, data: ModelData, base: int) -> tuple[list[dict], int]:
    """The ladder's solved steps (scale, horizon budget, plan) and the index of the base budget's step."""
    steps = []
    if ladder is not None:
        for s in ladder.steps:
            if s.status in ("optimal", "feasible") and s.portfolio:
                steps.append({"s": round(s.scale, 6), "b": round(s.budget, 1),
                              "p": plans.add(list(s.portfolio), "ladder")})
    at = [i for i, s in enumerate(steps) if abs(s["s"] - data.scale) < 1e-6]
    if not at:
        budget = float(sum(data.budget))
        steps.append({"s": round(data.scale, 6), "b": round(budget, 1), "p": base})
        steps.sort(key=lambda s: s["s"])
        at = [i for i, s in enumerate(steps) if s["p"] == base and abs(s["s"] - data.scale) < 1e-6]
    return steps, at[0]


def _candidates(plans: _Plans, sens, steps: list[dict], base_step: int, base: int) -> list[int]:
    """Plans feasible at the base budget, the base plan first (it wins ties)."""
    out = [base]
    if sens is not None:
        if sens.stability is not None:
            for r in sens.stability.itertuples():
                for fl in (r.flips_low, r.flips_high):
                    if fl:
                        out.append(plans.add_portfolio(_with_flips(sens.base.portfolio, fl), "stability"))
        if sens.draws is not None and "options" in sens.draws:
            for r in sens.draws.itertuples():
                if r.status in ("optimal", "feasible"):
                    out.append(plans.add(r.options, "draw"))
        for a in sens.alternatives or ():
            out.append(plans.add_portfolio(a.portfolio, "alternative"))
    out.append(steps[base_step]["p"])
    return list(dict.fromkeys(out))


def _assemble(data: ModelData, ix, plans: _Plans, weights: dict, steps: list[dict], base_step: int,
              candidates: list[int], points: list, segments: list, sens, lang: str) -> dict[str, Any]:
    """The payload: names once, the options the plans use, each plan's values per criterion."""
    crit = list(weights)
    per_option = ix.scores * (ix.discount * ix.horizon_share)[:, None]
    inside = ix.cost.sum(axis=1)
    used = sorted({k for p in plans.plans for k in p})
    in_plans = {ix.options[k][0] for k in used}
    prog_ids = [p.id for p in data.programs if p.id in in_plans]       # in the workbook's order
    by_prog = data.program_by_id
    domains = [d for d in data.domains if any(by_prog[p].domain == d.id for p in prog_ids)]
    dom_at = {d.id: i for i, d in enumerate(domains)}
    leads = [x for x in data.sources if any(by_prog[p].lead == x.id for p in prog_ids)]
    lead_at = {x.id: i for i, x in enumerate(leads)}
    levels = list(dict.fromkeys(ix.options[k][1] for k in used))
    prog_at = {p: i for i, p in enumerate(prog_ids)}
    opt_at = {k: i for i, k in enumerate(used)}
    core = _core_index(sens, prog_ids)
    return {
        "crit": [[c, data.criterion_by_id[c].name(lang)] for c in crit],
        "w0": [round(float(weights[c]), 10) for c in crit],
        "dom": [[d.id, d.name(lang)] for d in domains],
        "ministry": [[x.id, x.name(lang)] for x in leads],
        "prog": [[p, by_prog[p].name(lang), dom_at[by_prog[p].domain], lead_at.get(by_prog[p].lead, -1)]
                 for p in prog_ids],
        "lv": levels,
        "opt": [[prog_at[ix.options[k][0]], levels.index(ix.options[k][1]), int(ix.options[k][2]),
                 round(float(inside[k]), 1)] for k in used],
        "plans": [[[opt_at[k] for k in p], [_sig(v) for v in per_option[list(p)].sum(axis=0)], kind, n]
                  for p, kind, n in zip(plans.plans, plans.kinds, plans.count)],
        "steps": [[s["s"], s["b"], s["p"]] for s in steps],
        "bs": base_step,
        "cand": candidates,
        "exact": {"facets": hull_facets(np.array(points)) if len(crit) > 1 else [], "seg": segments},
        "core": core,
        "iv": _intervals(sens, crit),
        "model": _model_name(data),
        "scenario": data.scenario or "",
        "unit": data.settings.money_unit,
    }


def _core_index(sens, prog_ids: list[str]) -> list[float | None] | None:
    if sens is None or sens.core is None:
        return None
    share = {r.program: finite(r.core_index) for r in sens.core.itertuples()}
    return [None if share.get(p) is None else round(share[p], 3) for p in prog_ids]


def _intervals(sens, crit: list[str]) -> list[list[float] | None] | None:
    """Each criterion's stability interval (G3): how far its weight may move with the base plan optimal."""
    if sens is None or sens.stability is None:
        return None
    by = {r.criterion: r for r in sens.stability.itertuples()}
    out = []
    for c in crit:
        r = by.get(c)
        out.append(None if r is None or r.low is None or r.high is None else [round(float(r.low), 4),
                                                                               round(float(r.high), 4)])
    return out


def _model_name(data: ModelData) -> str:
    """The model as `portfolio solve` takes it: nothing for the embedded default model, else its file name."""
    import shlex
    from importlib import resources
    from pathlib import Path

    if not data.path:
        return "MODEL.xlsx"
    default = Path(str(resources.files("portfolio") / "data" / "default.xlsx"))
    path = Path(data.path)
    if path.exists() and default.exists() and path.resolve() == default.resolve():
        return ""
    return shlex.quote(path.name)
