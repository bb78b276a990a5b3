"""What a plan is worth in one scenario (a weighting and a score for every level and criterion),
and the worst scenario for a plan's regret.

A plan *x* (0/1 per option o = (p, ℓ, s)) is worth, at weights *w* and scores *s*,

.. math::
    V(x; w, s) = \\sum_o x_o\\, f_o \\sum_c w_c\\, s_{g(o) c}, \\qquad f_o = (1-d)^{s - t_0} \\cdot
    \\text{(in-horizon share)},

the model's objective (:meth:`portfolio.model.index.ModelIndex.values`); *g(o)* = (p, ℓ) is the
option's level, whose score is the same for every start. Scores are non-negative and weights
too, so a plan is worth least at the low ends of the score ranges.

**The worst scenario for a regret.** For a fixed plan *x* and weights *w*, the largest shortfall
against any plan *y* over the score box is

.. math::
    \\max_{y,\\,s} V(y; w, s) - V(x; w, s)
    = \\max_y \\sum_o y_o\\, a_o \\;-\\; V(x; w, s^{\\mathrm{low}}), \\qquad
    a_o = f_o\\, w \\cdot s^{\\mathrm{low}}_{g} + \\max(f_o - F^x_g, 0)\\; w \\cdot (s^{\\mathrm{high}}_g -
    s^{\\mathrm{low}}_g),

where :math:`F^x_g` is *f* of the option *x* funds in level *g* (0 if none). Why: each level's
score enters the shortfall with the factor :math:`D_g = \\sum_{o \\in g} (y_o - x_o) f_o`, so the
worst score is the high end where :math:`D_g > 0` and the low end otherwise; with at most one
option per program in *x* and in *y*, :math:`\\max(D_g, 0) = \\sum_{o \\in g} y_o \\max(f_o - F^x_g,
0)`. That makes the separation one solve of the portfolio model with objective coefficients
:math:`a_o`, and the scenario it finds has, per level, the high score where *y* gains on *x*
and the low score elsewhere (:func:`worst_scores`).
"""

from __future__ import annotations

import numpy as np

from ...core.data import ModelData


def score_bounds(data: ModelData, ix) -> tuple[np.ndarray, np.ndarray, bool]:
    """Option × criterion low and high scores (the score itself where no range is given), and
    whether any range is given."""
    lo, hi = ix.scores.copy(), ix.scores.copy()
    levels = {(p.id, lv.id): lv for p in data.programs for lv in p.levels}
    for k, (p, lid, _) in enumerate(ix.options):
        lv = levels[p, lid]
        for j, c in enumerate(ix.criteria):
            lo[k, j] = lv.score_low.get(c, lv.scores[c])
            hi[k, j] = lv.score_high.get(c, lv.scores[c])
    return lo, hi, bool((hi - lo > 0).any())


def factors(ix) -> np.ndarray:
    """f_o: each option's discount times its in-horizon share."""
    return ix.discount * ix.horizon_share


def levels_of(ix) -> np.ndarray:
    """The level (as a number) of each option: options of one level share its scores."""
    at: dict[tuple[str, str], int] = {}
    return np.array([at.setdefault((p, lv), len(at)) for p, lv, _ in ix.options], dtype=np.int64)


def funded_factor(ix, x: np.ndarray, level: np.ndarray) -> np.ndarray:
    """F^x of each option's level: f of the option x funds in that level (0 if none)."""
    f = factors(ix)
    per_level = np.zeros(int(level.max()) + 1 if len(level) else 0)
    np.add.at(per_level, level, f * (np.asarray(x) > 0.5))
    return per_level[level]


def separation_values(ix, x: np.ndarray, w: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                      level: np.ndarray) -> np.ndarray:
    """a_o of the module docstring: maximising Σ y_o a_o − V(x; w, low) finds x's largest regret at w."""
    f = factors(ix)
    gain = np.maximum(f - funded_factor(ix, x, level), 0.0)
    return f * (lo @ w) + gain * ((hi - lo) @ w)


def worst_scores(ix, x: np.ndarray, y: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                 level: np.ndarray) -> np.ndarray:
    """The scores (option × criterion, the same for every option of a level) at which y's lead
    over x is largest: the high end where y's level term exceeds x's, the low end elsewhere."""
    f = factors(ix)
    d = np.zeros(int(level.max()) + 1 if len(level) else 0)
    np.add.at(d, level, f * ((np.asarray(y) > 0.5).astype(float) - (np.asarray(x) > 0.5)))
    up = d[level] > 0
    return np.where(up[:, None], hi, lo)


def option_values(ix, w: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Each option's value at weights w (normalised) and option × criterion scores."""
    return (scores @ w) * factors(ix)
