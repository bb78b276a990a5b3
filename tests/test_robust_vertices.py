"""The admissible set of weightings and its vertices (portfolio.analysis.robust.admissible / .vertices).

The double-description enumeration is checked against a brute force that shares nothing with it:
every choice of n − 1 rows held tight, with Σw = 1, solved as a linear system and kept if it
satisfies every row."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from builders import Model

from portfolio.analysis.robust import admissible_set, cone_rays, contains, weight_rows
from portfolio.core.errors import InputError


def brute_vertices(rows: np.ndarray, n: int) -> np.ndarray:
    """Vertices of {w ≥ 0, Σw = 1, rows w ≥ 0} by trying every set of n − 1 tight rows."""
    A = np.vstack([np.eye(n), np.asarray(rows, dtype=float).reshape(-1, n)])
    found: list[np.ndarray] = []
    for tight in itertools.combinations(range(len(A)), n - 1):
        M = np.vstack([A[list(tight)], np.ones(n)])
        if abs(np.linalg.det(M)) < 1e-12:
            continue
        w = np.linalg.solve(M, np.r_[np.zeros(n - 1), 1.0])
        if (A @ w >= -1e-9).all() and not any(np.abs(w - f).max() < 1e-7 for f in found):
            found.append(w)
    return np.array(found).reshape(len(found), n)


def same_points(a: np.ndarray, b: np.ndarray, tol: float = 1e-7) -> bool:
    if len(a) != len(b):
        return False
    return all(any(np.abs(p - q).max() < tol for q in b) for p in a)


def test_the_simplex_has_the_unit_vectors_as_vertices():
    v = cone_rays(np.zeros((0, 4)), 4)
    assert same_points(v, np.eye(4))


def test_a_full_rank_order_gives_the_nested_averages():
    rows = weight_rows([None] * 4, [None] * 4, (1, 2, 3, 4))
    v = cone_rays(rows, 4)
    expected = np.array([[1, 0, 0, 0], [.5, .5, 0, 0], [1 / 3, 1 / 3, 1 / 3, 0], [.25, .25, .25, .25]])
    assert same_points(v, expected)


def test_tied_ranks_are_unordered():
    # a and b share rank 1, c is rank 2: w_a ≥ w_c and w_b ≥ w_c only.
    rows = weight_rows([None] * 3, [None] * 3, (1, 1, 2))
    v = cone_rays(rows, 3)
    assert same_points(v, np.array([[1, 0, 0], [0, 1, 0], [1 / 3, 1 / 3, 1 / 3]]))


def test_intervals_are_taken_before_normalisation():
    """Raw a ∈ [0.3, 0.5], b = 0.4, c = 0.2 fixed: normalised, a runs from 0.3/0.9 to 0.5/1.1."""
    rows = weight_rows((0.3, 0.4, 0.2), (0.5, 0.4, 0.2), (None, None, None))
    v = cone_rays(rows, 3)
    assert same_points(v, np.array([[0.3, 0.4, 0.2], [0.5, 0.4, 0.2]]) / np.array([[0.9], [1.1]]))


def test_box_corners_are_not_enough_with_a_rank_order():
    """With ranks, vertices appear where a rank row cuts the box: no normalised box corner is one."""
    low, high, ranks = (0.3, 0.1, 0.2), (0.5, 0.4, 0.2), (1, 2, None)
    v = cone_rays(weight_rows(low, high, ranks), 3)
    corners = np.array([c for c in itertools.product(*zip(low, high))], dtype=float)
    corners /= corners.sum(axis=1, keepdims=True)
    assert any(not any(np.abs(p - c).max() < 1e-9 for c in corners) for p in v)
    assert any(abs(p[0] - p[1]) < 1e-12 for p in v)       # a = b: the rank row is tight


@pytest.mark.parametrize("seed", range(12))
def test_double_description_matches_the_brute_force_on_random_sets(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 6))
    raw = rng.uniform(0.05, 1.0, n)
    low = tuple(float(x) if rng.random() < 0.7 else None for x in raw * rng.uniform(0.3, 1.0, n))
    high = tuple(None if lo is None else float(h) for lo, h in zip(low, raw * rng.uniform(1.0, 2.0, n)))
    if all(lo is None for lo in low):
        low = tuple(float(x) for x in raw * 0.5)
        high = tuple(float(x) for x in raw * 1.5)
    low = tuple(float(r) if lo is None else lo for lo, r in zip(low, raw))
    high = tuple(float(r) if hi is None else hi for hi, r in zip(high, raw))
    ranks = tuple(int(x) if rng.random() < 0.5 else None for x in rng.integers(1, 4, n))
    rows = weight_rows(low, high, ranks)
    v = cone_rays(rows, n)
    assert same_points(v, brute_vertices(rows, n)), (low, high, ranks)
    assert all(contains(rows, p) for p in v)
    # The ratio rows describe exactly the normalised raw box: a normalised box point is admissible
    # when it keeps the rank order, and every vertex is the normalised image of a box point.
    for r in rng.uniform(low, high, (50, n)):
        w = r / r.sum()
        in_order = all(w[a] >= w[b] for a in range(n) for b in range(n)
                       if ranks[a] is not None and ranks[b] is not None and ranks[a] < ranks[b])
        assert contains(rows, w) or not in_order
    for p in v:
        pos = p > 1e-12
        assert (np.asarray(low)[~pos] == 0).all()
        lam_lo = max(np.asarray(low)[pos] / p[pos])
        lam_hi = min(np.asarray(high)[pos] / p[pos])
        assert lam_lo <= lam_hi * (1 + 1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_arbitrary_homogeneous_rows(seed):
    """Any homogeneous rows (not only ratios and ranks), including redundant and contradictory ones."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(2, 5))
    rows = rng.normal(size=(int(rng.integers(1, 7)), n))
    assert same_points(cone_rays(rows, n), brute_vertices(rows, n))


def criteria_model(**criteria) -> Model:
    m = Model(years=(2026, 2026), budget=10)
    for cid, kw in criteria.items():
        m.criterion(cid, **kw)
    m.program("P", [5], {c: 1 for c in criteria})
    return m


def test_no_admissible_set_is_refused_with_a_clear_message(tmp_path):
    data = criteria_model(a={"weight": 1}, b={"weight": 1}).load(tmp_path)
    with pytest.raises(InputError) as exc:
        admissible_set(data)
    assert exc.value.key == "robust.err.no_set"
    assert "--band" in exc.value.render("en") and "--band" in exc.value.render("ja")
    band = admissible_set(data, band=0.5)       # the band makes one: raw 1 ± 0.5 each
    assert band.source == "band"
    assert same_points(band.vertices, np.array([[0.75, 0.25], [0.25, 0.75]]))


def test_an_empty_admissible_set_is_refused(tmp_path):
    data = criteria_model(a={"weight": 0.2, "weight_low": 0.1, "weight_high": 0.2, "rank": 1},
                          b={"weight": 0.5, "weight_low": 0.5, "weight_high": 0.6, "rank": 2}).load(tmp_path)
    with pytest.raises(InputError) as exc:
        admissible_set(data)
    assert exc.value.key == "robust.err.empty_set"
    assert "a [0.1, 0.2]" in exc.value.render("en")


def test_the_sets_source_and_the_base_weights(tmp_path):
    data = criteria_model(a={"weight": 0.6, "weight_low": 0.5, "weight_high": 0.7, "rank": 1},
                          b={"weight": 0.4, "rank": 2}).load(tmp_path)
    adm = admissible_set(data)
    assert adm.source == "intervals+ranks" and adm.base_inside
    assert same_points(adm.vertices, np.array([[0.5 / 0.9, 0.4 / 0.9], [0.7 / 1.1, 0.4 / 1.1]]))
