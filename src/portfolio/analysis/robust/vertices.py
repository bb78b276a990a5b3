"""The vertices of a small polytope of normalised weights, by the double-description method.

The admissible weightings form :math:`W = \\{w \\ge 0,\\ \\mathbf 1^\\top w = 1,\\ A w \\ge 0\\}`: every
constraint is homogeneous (an interval given before normalisation becomes a ratio
:math:`h_j w_c - l_c w_j \\ge 0`, a rank order a difference :math:`w_a - w_b \\ge 0`). So *W* is the
slice at :math:`\\mathbf 1^\\top w = 1` of the pointed cone :math:`C = \\{w \\ge 0, A w \\ge 0\\}`, and
the vertices of *W* are the extreme rays of *C*, scaled to sum to 1.

The extreme rays are found by the double-description method (Motzkin et al. 1953; Fukuda and
Prodon 1996): start from the cone :math:`w \\ge 0`, whose extreme rays are the unit vectors, and
add one row :math:`a` at a time. Rays with :math:`a \\cdot r \\ge 0` stay; those with
:math:`a \\cdot r < 0` go; each pair of *adjacent* rays on either side gives the new ray
:math:`(a \\cdot p)\\, q - (a \\cdot q)\\, p` on the hyperplane :math:`a \\cdot r = 0`. Two rays are
adjacent when no third ray is tight on every row both are tight on (the combinatorial test, exact
for a minimal set of rays, which the method keeps). Each row's zero set is a bit mask.

Why this and not a library: criteria are few (five in the default model), the method is forty
lines, it is exact up to one stated tolerance, and it needs no compiled dependency (pycddlib
needs GMP). ``tests/test_robust_vertices.py`` checks it against the brute force (every choice of
n − 1 tight rows, solved, kept if feasible) on random polytopes.
"""

from __future__ import annotations

import numpy as np

#: A ray's value on a row (both scaled to unit size) is "zero" below this: far above rounding
#: error, far below any difference between weights a planner writes down.
ZERO_TOL = 1e-10
#: Two vertices closer than this (largest coordinate difference) are one.
SAME_TOL = 1e-9


def cone_rays(rows: np.ndarray, n: int) -> np.ndarray:
    """Extreme rays of {w ≥ 0 (n coordinates), rows @ w ≥ 0}, each scaled to sum to 1 (k × n).

    An empty result means the cone holds only w = 0: no weighting satisfies every row."""
    rows = np.asarray(rows, dtype=float).reshape(-1, n)
    scale = np.abs(rows).max(axis=1) if len(rows) else np.zeros(0)
    rows = rows[scale > 0] / scale[scale > 0, None]
    rays = [np.eye(n)[i] for i in range(n)]
    # Zero sets as bit masks: bit i for the row w_i ≥ 0, bit n + k for rows[k].
    zeros = [sum(1 << j for j in range(n) if j != i) for i in range(n)]
    for k, a in enumerate(rows):
        bit = 1 << (n + k)
        vals = [float(a @ r) for r in rays]
        pos = [i for i, v in enumerate(vals) if v > ZERO_TOL]
        neg = [i for i, v in enumerate(vals) if v < -ZERO_TOL]
        if not neg:
            zeros = [z | bit if abs(v) <= ZERO_TOL else z for z, v in zip(zeros, vals)]
            continue
        new_rays = [rays[i] for i, v in enumerate(vals) if v >= -ZERO_TOL]
        new_zeros = [zeros[i] | (bit if abs(vals[i]) <= ZERO_TOL else 0) for i, v in enumerate(vals)
                     if v >= -ZERO_TOL]
        for p in pos:
            for q in neg:
                common = zeros[p] & zeros[q]
                if bin(common).count("1") < n - 2 or not _adjacent(common, p, q, zeros):
                    continue
                r = vals[p] * rays[q] - vals[q] * rays[p]
                r = np.where(np.abs(r) <= ZERO_TOL * np.abs(r).max(), 0.0, r)
                new_rays.append(r / r.sum())
                new_zeros.append(common | bit)
        rays, zeros = new_rays, new_zeros
        if not rays:
            break
    return _distinct(rays, n)


def _adjacent(common: int, p: int, q: int, zeros: list[int]) -> bool:
    """No ray but p and q is tight on every row both are tight on."""
    return not any(i != p and i != q and (z & common) == common for i, z in enumerate(zeros))


def _distinct(rays: list[np.ndarray], n: int) -> np.ndarray:
    """The rays scaled to sum to 1, duplicates dropped, in a fixed order (largest first coordinates first)."""
    out: list[np.ndarray] = []
    for r in rays:
        r = np.clip(r / r.sum(), 0.0, None)
        r = r / r.sum()
        if not any(np.abs(r - o).max() <= SAME_TOL for o in out):
            out.append(r)
    out.sort(key=lambda r: tuple(-np.round(r, 12)))
    return np.array(out, dtype=float).reshape(len(out), n)


def contains(rows: np.ndarray, w: np.ndarray, tol: float = 1e-9) -> bool:
    """Whether the weighting w (≥ 0, summing to 1) satisfies every homogeneous row."""
    w = np.asarray(w, dtype=float)
    if (w < -tol).any():
        return False
    rows = np.asarray(rows, dtype=float).reshape(-1, len(w))
    if not len(rows):
        return True
    scale = np.maximum(np.abs(rows).max(axis=1), 1e-300)
    return bool(((rows @ w) / scale >= -tol).all())
