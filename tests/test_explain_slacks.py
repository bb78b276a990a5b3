"""``explain`` reads a portfolio's limits as ``solve`` reports them.

Both go through the same pipeline (:func:`portfolio.engine.pipeline.outcome_result`: payments
settled, then the result tables), so the slack that ``explain`` gives for each limit keeping a
program out is the slack of the same limit in ``solve``'s binding table. The model makes the
settlement matter: a fund may pay for anything, and HiGHS is free to leave it unused, whereas the
settled split draws on it first and so leaves part of the total budget unspent.
"""

from __future__ import annotations

import pytest
from builders import Model

import portfolio
from portfolio.api import explain_program, solve_options


def _model() -> Model:
    # Budget 30 a year from the annual source; a fund with 10 deposited in FY2026. X + Y (25 a year,
    # value 19) is the optimum; Z (12 a year) fits with neither of them at full price alongside.
    m = Model(years=(2026, 2027), budget=[30, 30])
    m.source("A", envelope=100).source("F", kind="fund", envelope=[10, 0])
    m.rule("A").rule("F")
    m.program("X", cost=[10, 10], value=10, lead="A")
    m.program("Y", cost=[15, 15], value=9, lead="A")
    m.program("Z", cost=[12, 12], value=8, lead="A")
    return m


def test_explain_slacks_equal_the_solve_binding_table(tmp_path):
    data = _model().load(tmp_path)
    result = portfolio.solve(data, mip_gap=0.0)
    ex = explain_program(data, solve_options(data, mip_gap=0.0), "Z", ladder=(1.0,))
    funded = set(result.programs.loc[result.programs["funded"].astype(bool), "id"])
    assert funded == {"X", "Y"} and not ex.funded
    limits = [c for c in ex.limits if c.family in ("total_budget", "source_envelope", "fund_balance", "capacity")]
    assert any(c.family == "total_budget" for c in limits) and any(c.family == "fund_balance" for c in limits)
    b = result.binding
    for c in limits:
        rows = b[(b["family"] == c.family) & (b["key"] == c.key) & (b["year"] == c.year)]
        assert len(rows) == 1, (c.family, c.key, c.year)
        assert c.slack == pytest.approx(float(rows["slack"].iloc[0]), abs=1e-9), (c.family, c.key, c.year)


def test_explain_says_what_is_needed_left_and_short_with_units(tmp_path):
    """The issue's wording: 「残り 18.00、必要量 7.00」 read as if the program fits, when 7 was the
    shortfall and the program needed 25. Each line now gives the need, what is left and the
    shortfall, in the limit's unit, and never "-0.00" or "△0" for a slack of about zero."""
    m = Model(years=(2026, 2026), budget=43)
    m.capacity("R", 10, unit="人年")
    m.program("X", cost=[25], value=10, use={"R": 8})
    m.program("Y", cost=[18], value=9)
    m.program("Z", cost=[25], value=8, use={"R": 5})
    data = m.load(tmp_path)
    ex = explain_program(data, solve_options(data, mip_gap=0.0), "Z", ladder=(1.0,))
    lines = "\n".join(ex.lines("ja"))
    budget = next(x for x in ex.lines("ja") if "総予算" in x)
    assert "このプログラムに必要 25.00 億円" in budget and "残り 0.00 億円" in budget and "不足 25.00 億円" in budget
    cap = next(x for x in ex.lines("ja") if "人年" in x)
    assert "必要 5.00 人年" in cap and "残り 2.00 人年" in cap and "不足 3.00 人年" in cap
    assert "-0.00" not in lines and "−0.00" not in lines and "△0" not in lines
    en = "\n".join(ex.lines("en"))
    assert "it needs 25.00 億円, 0.00 億円 is left, 25.00 億円 short" in en
