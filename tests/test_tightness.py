"""Tight limits the plan depends on, and limits only the payment split makes tight (issue 18, item 4).

Hand-worked: one program P (cost 10, value 5) that sources A (its lead) and B may both pay. The
payment rule pays the lead first, so A's envelope of 10 is full; but B could pay it all, so A is
"tight (payment split only)". When only A may pay, or B has too little room to take 5 % of it, A's
envelope is tight and the plan depends on it.
"""

from __future__ import annotations

import pytest
from builders import Model


def _two_sources(b_envelope: float, b_may_pay: bool = True) -> Model:
    m = Model(years=(2026, 2026))
    m.source("A", envelope=10).source("B", envelope=b_envelope)
    m.rule("A").rule("B", max_share=1.0 if b_may_pay else 0.0)
    m.program("P", cost=[10], value=5, lead="A")
    return m


def _row(result, family: str, key: str):
    b = result.binding
    return b[(b["family"] == family) & (b["key"] == key)].iloc[0]


def test_a_lead_envelope_filled_by_the_payment_rule_is_split_only(tmp_path):
    r = _two_sources(b_envelope=10).solve(tmp_path)
    a = _row(r, "source_envelope", "A")
    assert a["tight"] and a["split_only"]
    assert r.allocation.set_index("source").at["A", "amount"] == pytest.approx(10)   # the rule: lead first


def test_an_envelope_no_other_source_can_relieve_is_plainly_tight(tmp_path):
    r = _two_sources(b_envelope=10, b_may_pay=False).solve(tmp_path)
    a = _row(r, "source_envelope", "A")
    assert a["tight"] and not a["split_only"]


@pytest.mark.parametrize("b_envelope, split_only", [(0.4, False), (0.6, True)])
def test_split_only_needs_room_for_five_per_cent(tmp_path, b_envelope, split_only):
    # B can take 0.4 or 0.6 of A's 10: 5 % of A's limit is 0.5
    r = _two_sources(b_envelope=b_envelope).solve(tmp_path)
    a = _row(r, "source_envelope", "A")
    assert a["tight"] and bool(a["split_only"]) is split_only


def test_the_total_budget_and_a_funds_balance(tmp_path):
    # Budget 10 binds for real (Q waits outside); fund F (deposit 4) pays first, fully used, but A
    # could pay instead only if the budget had room: it has none, so F is plainly tight too.
    m = Model(years=(2026, 2026), budget=10)
    m.source("A", envelope=100).source("F", kind="fund", envelope=4)
    m.program("P", cost=[14], value=5, lead="A")
    m.program("Q", cost=[3], value=1, lead="A")
    m.rule("A").rule("F")
    r = m.solve(tmp_path)
    assert set(r.funded["id"]) == {"P"}
    budget = _row(r, "total_budget", "")
    fund = _row(r, "fund_balance", "F")
    assert budget["tight"] and not budget["split_only"]
    assert fund["tight"] and not fund["split_only"]


def test_capacity_and_other_limits_are_never_split_only(tmp_path):
    m = _two_sources(b_envelope=10)
    m.capacity("C", 1).use("P", "C", 1)
    r = m.solve(tmp_path)
    c = _row(r, "capacity", "C")
    assert c["tight"] and not c["split_only"]
    assert not r.binding[r.binding["family"] != "source_envelope"]["split_only"].any()
