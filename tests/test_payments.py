"""Who pays (portfolio.engine.payments): with the portfolio fixed, earmarked money (funds, external
co-funding) is used first, then the lead ministry, then other ministries — and nothing about what
is funded, or any limit, changes."""

from __future__ import annotations

import unittest.mock as mock

import pytest
from builders import Model

import portfolio


def paid(result, program):
    a = result.allocation
    a = a[a["program"] == program]
    return a.groupby("source")["amount"].sum().to_dict()


def _fund_and_two_ministries() -> Model:
    """K1 (instrument K, led by METI) may be paid by the K fund, METI or MEXT; A1 (led by MEXT) by
    MEXT or METI; the fund holds enough for K1."""
    m = Model(years=(2026, 2027), budget=1000)
    m.source("MEXT").source("METI").source("KF", kind="fund", envelope=[100, 0])
    m.rule("MEXT").rule("METI").rule("KF", "instrument", "K")
    m.program("K1", cost=[30, 30], value=5, lead="METI", instrument="K")
    m.program("A1", cost=[20, 20], value=4, lead="MEXT")
    return m


def test_fund_before_lead_before_other_ministry(tmp_path):
    # Every split is equally optimal to the MIP; the settled split uses the fund for K1 and MEXT
    # (the lead) for A1.
    m = _fund_and_two_ministries()
    r = m.solve(tmp_path)
    assert r.status == "optimal" and r.objective == pytest.approx(9)
    assert paid(r, "K1") == pytest.approx({"KF": 60})
    assert paid(r, "A1") == pytest.approx({"MEXT": 40})


def test_limits_still_bind_after_settling(tmp_path):
    # The lead (MEXT) has only 15 a year; the rest of A1's 20 must come from METI.
    m = Model(years=(2026, 2026), budget=1000)
    m.source("MEXT", envelope=15).source("METI")
    m.rule("MEXT").rule("METI")
    m.program("A1", cost=[20], value=4, lead="MEXT")
    r = m.solve(tmp_path)
    assert paid(r, "A1") == pytest.approx({"MEXT": 15, "METI": 5})


def test_payments_are_settled_whatever_threads_a_process_used_before(tmp_path):
    """HiGHS sizes one thread pool per process: a run with another number of threads does not run
    unless the pool is reset. Solving with 1, then 2, then 1 thread in one process settles the same
    payments each time (before the reset, the 2-thread solve failed, and a settlement LP that could
    not run left the MIP's own split in place)."""
    from portfolio.engine import payments

    m = _fund_and_two_ministries()
    data = m.load(tmp_path)
    settled = []
    original = payments.settle

    def watched(solver, data_, outcome):
        out = original(solver, data_, outcome)
        settled.append(out.stage == 3)
        return out

    results = []
    with mock.patch.object(payments, "settle", watched):
        for threads in (1, 2, 1):
            results.append(portfolio.solve(data, threads=threads))
    assert [r.status for r in results] == ["optimal"] * 3
    assert settled == [True, True, True]
    for r in results:
        assert paid(r, "K1") == pytest.approx({"KF": 60}) and paid(r, "A1") == pytest.approx({"MEXT": 40})
