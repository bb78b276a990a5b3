"""Time limits: many re-solves in one process must not trip the limit early.

HiGHS keeps a cumulative run clock per Highs object (HiGHS#1331, #1477 report limits measured
against it). If the limit were measured that way, once the clock passed the limit every later
solve would stop at once with status "feasible" or "no_solution". This test keeps re-solving one
persistent model until the cumulative clock is far past the per-solve limit and checks that every
solve still proves optimality.
"""

from __future__ import annotations

from pathlib import Path

import portfolio
from portfolio.engine.session import Session
from portfolio.engine.solver import SolveOptions

EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "example.xlsx"


def test_many_resolves_under_a_short_limit_all_finish(tmp_path):
    data = portfolio.load_model(EXAMPLE)
    limit = 0.25
    s = Session(data, SolveOptions(time_limit=limit, mip_gap=0.0))
    statuses = []
    n = 0
    # Keep re-solving until HiGHS's cumulative clock is well past the per-solve limit.
    while s.solver.highs.getRunTime() < 4 * limit and n < 20000:
        s.set_scale(0.4 + (n % 9) / 10)
        statuses.append(s.solve().status)
        n += 1
    assert s.solver.highs.getRunTime() >= 4 * limit, "precondition: the cumulative clock passed the limit"
    assert set(statuses) == {"optimal"}
    # The last solves (clock far beyond the limit) still prove optimality.
    assert statuses[-5:] == ["optimal"] * 5
