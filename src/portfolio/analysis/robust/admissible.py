"""The admissible set of weightings, as the sensitivity analysis defines it, and its vertices.

The Criteria sheet may give each criterion's weight an interval (``weight_low`` / ``weight_high``,
before normalisation; a missing end is the weight itself) and a rank (1 = most important; equal
ranks are unordered). The sensitivity analysis draws raw weights in the intervals and normalises
them, and keeps only draws in rank order (``portfolio.analysis.sensitivity.core_index``). The
admissible set is the set of all such normalised weightings:

.. math::
    W = \\{ w = r / \\mathbf 1^\\top r :\\ l \\le r \\le h,\\ r \\text{ in rank order} \\}
      = \\{ w \\ge 0,\\ \\mathbf 1^\\top w = 1,\\ h_j w_c \\ge l_c w_j\\ (c \\ne j),\\
            w_a \\ge w_b\\ (\\mathrm{rank}_a < \\mathrm{rank}_b) \\}

(a normalised *w* comes from some raw *r* in the box exactly when every ratio :math:`w_c / w_j` lies
in :math:`[l_c / h_j,\\ h_c / l_j]`). Criteria without an interval, when another has one, keep
their raw weight (:math:`l = h = ` weight), as in the draws. Without intervals only the rank order
(and :math:`w \\ge 0`) applies.

``band`` f (``portfolio robust --band``) replaces the intervals by :math:`[w(1-f), w(1+f)]` for every
criterion: the tornado's ±f, all at once. Without intervals, ranks or a band there is no
admissible set, and :func:`admissible_set` refuses with a message saying how to give one: which
weightings a council accepts is a judgement the tool does not make up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.data import ModelData
from ...core.errors import InputError
from .vertices import cone_rays, contains


@dataclass(frozen=True)
class AdmissibleSet:
    """The admissible weightings: how they were given, their homogeneous rows and their vertices."""

    criteria: tuple[str, ...]
    source: str                          # intervals | ranks | intervals+ranks | band | band+ranks
    low: tuple[float | None, ...]        # raw interval ends in force (None: no interval applies)
    high: tuple[float | None, ...]
    ranks: tuple[int | None, ...]
    band: float | None
    rows: np.ndarray                     # A with A w ≥ 0 (besides w ≥ 0, Σ w = 1)
    vertices: np.ndarray                 # K × n, each summing to 1
    base: np.ndarray                     # the normalised weights in force
    base_inside: bool

    def vertex_weights(self, k: int) -> dict[str, float]:
        return dict(zip(self.criteria, self.vertices[k].tolist()))


def admissible_set(data: ModelData, band: float | None = None) -> AdmissibleSet:
    """The admissible set of `data`'s weightings (or the ±`band` box), with its vertices.

    Raises InputError when no set is defined, or when it is empty (intervals and ranks contradict)."""
    crit = data.criteria
    ids = tuple(c.id for c in crit)
    raw = np.array([c.weight for c in crit], dtype=float)
    ranks = tuple(c.rank for c in crit)
    has_rank = any(r is not None for r in ranks)
    if band is not None:
        low, high = tuple(float(w * (1 - band)) for w in raw), tuple(float(w * (1 + band)) for w in raw)
        source = "band"
    elif any(c.weight_low is not None or c.weight_high is not None for c in crit):
        low = tuple(float(c.weight if c.weight_low is None else c.weight_low) for c in crit)
        high = tuple(float(c.weight if c.weight_high is None else c.weight_high) for c in crit)
        source = "intervals"
    elif has_rank:
        low = high = tuple(None for _ in crit)
        source = "ranks"
    else:
        raise InputError("robust.err.no_set")
    if has_rank and source != "ranks":
        source += "+ranks"
    rows = weight_rows(low, high, ranks)
    vertices = cone_rays(rows, len(ids))
    if not len(vertices):
        raise InputError("robust.err.empty_set", intervals=_describe(ids, low, high), ranks=_ranks(ids, ranks))
    base = np.array([data.weights[c] for c in ids], dtype=float)
    return AdmissibleSet(criteria=ids, source=source, low=low, high=high, ranks=ranks, band=band, rows=rows,
                         vertices=vertices, base=base, base_inside=contains(rows, base))


def weight_rows(low, high, ranks) -> np.ndarray:
    """The homogeneous rows A (A w ≥ 0) of intervals (raw ends; None for none) and a rank order."""
    n = len(ranks)
    rows = []
    for c in range(n):
        for j in range(n):
            if c != j and low[c] is not None and high[j] is not None and low[c] > 0:
                a = np.zeros(n)
                a[c], a[j] = high[j], -low[c]       # h_j w_c − l_c w_j ≥ 0
                rows.append(a)
    for a_ in range(n):
        for b in range(n):
            if ranks[a_] is not None and ranks[b] is not None and ranks[a_] < ranks[b]:
                a = np.zeros(n)
                a[a_], a[b] = 1.0, -1.0
                rows.append(a)
    return np.array(rows, dtype=float).reshape(len(rows), n)


def _describe(ids, low, high) -> str:
    parts = [f"{c} [{lo:g}, {hi:g}]" for c, lo, hi in zip(ids, low, high) if lo is not None]
    return ", ".join(parts) or "-"


def _ranks(ids, ranks) -> str:
    parts = [f"{c} {r}" for c, r in zip(ids, ranks) if r is not None]
    return ", ".join(parts) or "-"
