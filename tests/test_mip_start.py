"""MIP starts are complete: HiGHS can take a fitting start as it is.

A start with a column missing (the domain spend the choices imply) breaks its defining rows, so
HiGHS would first solve an LP to repair it; highspy 1.15–1.16 checks that repair against the time
limit on its cumulative run clock, so after a few solves on one model the start was silently lost
(a warm ladder step then took as long as a cold one). ``HighsSolver.start_vector`` fills every
column; these tests check that the vector satisfies every row of the HiGHS model, at the budget
it was solved for and at a higher one (the ladder's warm start). The time it saves is measured in
benchmarks/ (the ladder), not here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import portfolio
from portfolio.api import solve_options
from portfolio.engine.session import Session

EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "example.xlsx"


def _violation(highs, col: np.ndarray, skip: np.ndarray | None = None) -> float:
    """Largest violation of a row or column bound by the column values `col` (rows in `skip` left out)."""
    lp = highs.getLp()
    a = lp.a_matrix_
    start, index, value = np.asarray(a.start_), np.asarray(a.index_), np.asarray(a.value_)
    act = np.zeros(lp.num_row_)
    for j in range(lp.num_col_):
        s, e = start[j], start[j + 1]
        act[index[s:e]] += value[s:e] * col[j]
    lo, up = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
    if skip is not None:
        lo, up = np.where(skip, -np.inf, lo), np.where(skip, np.inf, up)
    clo, cup = np.asarray(lp.col_lower_), np.asarray(lp.col_upper_)
    return float(max(np.max(lo - act, initial=0), np.max(act - up, initial=0),
                     np.max(clo - col, initial=0), np.max(col - cup, initial=0)))


@pytest.mark.parametrize("which", ["example", "default"])
def test_start_vector_satisfies_every_row(which):
    data = portfolio.load_model(EXAMPLE if which == "example" else None)
    s = Session(data, solve_options(data, mip_gap=1e-3))
    o = s.solve()
    assert o.has_solution
    col = s.solver.start_vector(o.choose, o.pay)
    scale = max(1.0, float(np.max(np.abs(col))))
    assert _violation(s.solver.highs, col) <= 1e-6 * scale
    # the same plan at a 20% higher budget (the warm start of the next ladder step) still fits, but
    # for the spend floor: it moves with the budget (×1.2), so a plan that spent just above it need not
    s.set_scale(1.2)
    s.solve()
    floor_rows = np.array([fam == "spend_floor_limit" for fam, _ in s.solver.rows()], dtype=bool)
    assert _violation(s.solver.highs, col, floor_rows) <= 1e-6 * scale
    # without the columns the choices define (domain spend) the start would break rows (the case
    # the complete start avoids)
    defined = np.setdiff1d(np.arange(s.solver.n_columns), np.r_[s.solver.option_columns, s.solver.flow_columns])
    partial = col.copy()
    partial[defined] = 0.0
    if len(defined) and col[defined].any():
        assert _violation(s.solver.highs, partial) > 1e-3


def _relaxation(highs) -> np.ndarray:
    """Column values of the LP relaxation of the HiGHS model as it stands."""
    import highspy

    lp = highs.getLp()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    n = lp.num_col_
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.uint8))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return np.asarray(h.getSolution().col_value)


@pytest.mark.parametrize("which", ["example", "default"])
def test_neighbourhood_plan_fits_and_keeps_what_reference_and_relaxation_agree_on(which):
    """The ladder's start: a neighbour's plan improved by a search around it (RINS, solver.py).

    Its plan must satisfy every row at the new budget (so HiGHS takes it as it is), keep every
    option on which the neighbour's plan and the new relaxation agree, and be no worse than the
    neighbour's plan where that still fits."""
    data = portfolio.load_model(EXAMPLE if which == "example" else None)
    s = Session(data, solve_options(data, mip_gap=1e-3))
    low = s.solve()
    assert low.has_solution
    s.set_scale(1.15)
    s.solver.push_updates()
    xbar = _relaxation(s.solver.highs)[s.solver.option_columns]
    plan, seconds = s.solver._neighbourhood([low.choose], 1e-3, 60.0, None)
    assert plan is not None and seconds >= 0
    choose, pay = plan
    col = s.solver.start_vector(choose, pay)
    assert _violation(s.solver.highs, col) <= 1e-6 * max(1.0, float(np.max(np.abs(col))))
    agree = np.abs(xbar - low.choose) <= 1e-6
    assert agree.any()
    assert np.array_equal(choose[agree], low.choose[agree])
    cost = np.asarray(s.solver.highs.getLp().col_cost_)
    # the lower step's plan fits the higher budget but for the spend floor, which moves with the
    # budget; where it fits altogether the search finds one at least as good
    tol = 1e-6 * max(1.0, float(np.max(np.abs(col))))
    low_col = s.solver.start_vector(low.choose, low.pay)
    floor_rows = np.array([fam == "spend_floor_limit" for fam, _ in s.solver.rows()], dtype=bool)
    assert _violation(s.solver.highs, low_col, floor_rows) <= tol
    if _violation(s.solver.highs, low_col) <= tol:
        assert float(cost @ col) >= float(cost @ low_col) - 1e-6


@pytest.mark.slow
def test_solve_near_a_plan_agrees_with_a_cold_solve():
    """Searching around a neighbour's plan changes where HiGHS starts, never what it proves. (The
    example model: the default one takes minutes at this gap away from its base budget.)"""
    data = portfolio.load_model(EXAMPLE)
    s = Session(data, solve_options(data, mip_gap=1e-4))
    base = s.solve()
    for scale, near in [(1.2, [base.choose]), (0.8, [base.choose]),
                        # a reference that fits nowhere: every option of every program chosen
                        (1.0, [np.ones_like(base.choose)])]:
        s.set_scale(scale)
        warm = s.solve(start=(base.choose, base.pay), near=near)
        cold = Session(data.with_scale(scale), solve_options(data, mip_gap=1e-4)).solve()
        assert warm.status == cold.status == "optimal"
        tol = 1e-4 * abs(cold.objective) * 2 + 1e-6
        assert abs(warm.objective - cold.objective) <= tol
        assert warm.objective <= cold.bound + 1e-6 and cold.objective <= warm.bound + 1e-6


def test_neighbourhood_search_time_comes_off_the_solve_time_limit(monkeypatch):
    """A solve near a plan stays within its time limit: the search's seconds come off HiGHS's."""
    def limit_set():
        value = s.solver.highs.getOptionValue("time_limit")
        return value[1] if isinstance(value, tuple) else value

    data = portfolio.load_model(EXAMPLE)
    s = Session(data, solve_options(data, mip_gap=1e-3, time_limit=10.0))
    base = s.solve()
    assert limit_set() == pytest.approx(10.0)
    monkeypatch.setattr(type(s.solver), "_neighbourhood", lambda self, refs, gap, limit, target: (None, 0.4 * limit))
    o = s.solve(start=(base.choose, base.pay), near=[base.choose])
    assert limit_set() == pytest.approx(6.0)
    assert o.status == "optimal" and o.time_limit == 10.0
    assert o.seconds >= 4.0        # the search's (here pretended) seconds are counted in the solve's
    s.solve()
    assert limit_set() == pytest.approx(10.0)
