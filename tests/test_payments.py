"""Who pays (portfolio.engine.payments): with the portfolio fixed, earmarked money (funds, external
co-funding) is used first, then the lead ministry, then other ministries — and nothing about what
is funded, or any limit, changes."""

from __future__ import annotations

import pytest

from builders import Model


def paid(result, program):
    a = result.allocation
    a = a[a["program"] == program]
    return a.groupby("source")["amount"].sum().to_dict()


def test_fund_before_lead_before_other_ministry(tmp_path):
    # K1 (instrument K, led by METI) may be paid by the K fund, METI or MEXT; the fund holds
    # enough. A1 (led by MEXT) may be paid by MEXT or METI. Every split is equally optimal to the
    # MIP; the settled split uses the fund for K1 and MEXT (the lead) for A1.
    m = Model(years=(2026, 2027), budget=1000)
    m.source("MEXT").source("METI").source("KF", kind="fund", envelope=[100, 0])
    m.rule("MEXT").rule("METI").rule("KF", "instrument", "K")
    m.program("K1", cost=[30, 30], value=5, lead="METI", instrument="K")
    m.program("A1", cost=[20, 20], value=4, lead="MEXT")
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
