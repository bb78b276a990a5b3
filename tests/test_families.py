"""One tiny model per constraint family, each with its optimum worked out by hand.

Every model has one criterion of weight 1, so a program's value is its score, times the late-start
discount (1 − d)^(start − first year), times the share of its life cost inside the horizon. Each
test asserts the exact objective and the exact set of funded (program, level, start); the
invariants (tests/invariants.py) are checked on every solution as well.
"""

from __future__ import annotations

import pytest

from builders import Model, picked

Y1 = (2026, 2026)   # one-year horizon: every program is a single cost in FY2026


def approx(x):
    return pytest.approx(x, abs=1e-7)


# ---------------------------------------------------------------------------------------------
# one choice, mandatory, forbidden, ongoing
# ---------------------------------------------------------------------------------------------


def test_one_choice_per_program(tmp_path):
    # Nothing limits money. P has levels low (3) and high (5), each startable in 2026 or 2027,
    # with a 10 % late-start discount: high@2026 = 5, high@2027 = 4.5, low@2026 = 3,
    # low@2027 = 2.7. Without the one-choice row all four would be taken (15.2); with it the
    # best single option, high@2026, gives 5.
    m = Model(late_start_discount=0.1)
    m.program("P", levels={"low": ([1, 1], 3), "high": ([2, 2], 5)}, start=(2026, 2027))
    r = m.solve(tmp_path)
    assert r.objective == approx(5)
    assert picked(r) == {("P", "high", 2026)}


def test_mandatory_program_is_funded_even_when_it_crowds_out_better_ones(tmp_path):
    # Budget 100. Q (cost 50, value 10) and M (cost 60, value 1) do not fit together.
    # Free choice: Q alone, 10. With M mandatory: M plus whatever fits in the remaining 40,
    # which is R (cost 40, value 2): 1 + 2 = 3.
    def model(mandatory):
        m = Model(years=Y1, budget=100)
        m.program("Q", cost=[50], value=10)
        m.program("M", cost=[60], value=1, mandatory=mandatory)
        m.program("R", cost=[40], value=2)
        return m

    free = model(False).solve(tmp_path)
    assert free.objective == approx(12)           # Q + R = 90 ≤ 100
    assert picked(free) == {("Q", "std", 2026), ("R", "std", 2026)}
    forced = model(True).solve(tmp_path)
    assert forced.objective == approx(3)
    assert picked(forced) == {("M", "std", 2026), ("R", "std", 2026)}


def test_forbidden_program_is_never_funded(tmp_path):
    # Budget is no limit; Q (value 10) is forbidden, so only P (4) is funded.
    m = Model(years=Y1)
    m.program("P", cost=[10], value=4)
    m.program("Q", cost=[10], value=10, forbidden=True)
    r = m.solve(tmp_path)
    assert r.objective == approx(4)
    assert picked(r) == {("P", "std", 2026)}
    assert r.programs.set_index("id").loc["Q", "note"] == "forbidden"


def test_ongoing_program_starts_in_the_first_year_and_is_always_funded(tmp_path):
    # O started in FY2024; its remaining cost profile is 30 in FY2026 and FY2027. It is worth
    # little (1), and N (value 10, cost 80 in one year, startable 2026–2027) would take the
    # whole budget of 100 in either year. O must run, from FY2026 (the first year), so N
    # never fits (30 + 80 > 100) and the optimum is O alone: 1.
    m = Model(years=(2026, 2027), budget=100)
    m.program("O", cost=[30, 30], value=1, start=2024, ongoing=True)
    m.program("N", cost=[80], value=10, start=(2026, 2027))
    r = m.solve(tmp_path)
    assert r.objective == approx(1)
    assert picked(r) == {("O", "std", 2026)}
    # The same model without the ongoing flag (and a start inside the horizon) funds N instead.
    m2 = Model(years=(2026, 2027), budget=100)
    m2.program("O", cost=[30, 30], value=1, start=2026)
    m2.program("N", cost=[80], value=10, start=(2026, 2027))
    r2 = m2.solve(tmp_path)
    assert r2.objective == approx(10)
    assert picked(r2) == {("N", "std", 2026)}


def test_ongoing_program_ignores_the_late_start_discount(tmp_path):
    # An ongoing program's option is the first year, so (1 − d)^0 = 1: its value is its score.
    m = Model(years=(2026, 2027), late_start_discount=0.5)
    m.program("O", cost=[5, 5], value=8, start=2025, ongoing=True)
    r = m.solve(tmp_path)
    assert r.objective == approx(8)
    assert picked(r) == {("O", "std", 2026)}


# ---------------------------------------------------------------------------------------------
# costs paid in full, share caps, eligibility resolution
# ---------------------------------------------------------------------------------------------

RESOLUTION_CASES = [
    # (rules for source B besides "all", B's resolved share for P)
    ([], 0.9),
    ([("domain", "D", 0.8)], 0.8),
    ([("domain", "D", 0.8), ("instrument", "K", 0.7)], 0.7),
    ([("domain", "D", 0.8), ("instrument", "K", 0.7), ("program", "P", 0.6)], 0.6),
    ([("program", "P", 0.6), ("domain", "D", 0.8)], 0.6),           # order of rows does not matter
    ([("instrument", "K", 0.7), ("domain", "D", 0.95)], 0.7),        # instrument beats domain
    # A more specific rule wins even when it is more generous (not the smallest share):
    ([("instrument", "K", 0.95)], 0.95),
    ([("domain", "D", 0.5), ("program", "P", 0.8)], 0.8),
]


@pytest.mark.parametrize("rules,share", RESOLUTION_CASES)
@pytest.mark.parametrize("slack", [0.0, -0.5])
def test_share_cap_follows_the_most_specific_rule(tmp_path, rules, share, slack):
    # P (domain D, instrument K) costs 10 in FY2026. A (the lead) may pay anything but has an
    # envelope of 10·(1 − share) + slack; B (envelope 100) may pay at most `share` of the cost,
    # where `share` is the max_share of B's most specific rule. P is fundable exactly when
    # A's envelope + share·10 ≥ 10, i.e. when slack ≥ 0: then the objective is P's value 5,
    # else 0. A wrongly resolved share (from a less specific rule) breaks one of the two cases.
    m = Model(years=Y1)
    m.source("A", envelope=round(10 * (1 - share) + slack, 9)).source("B", envelope=100)
    m.rule("A", "all", max_share=1.0).rule("B", "all", max_share=0.9)
    for kind, target, s in rules:
        m.rule("B", kind, target, s)
    m.program("P", cost=[10], value=5, instrument="K", lead="A")
    r = m.solve(tmp_path)
    if slack >= 0:
        assert r.objective == approx(5)
        assert picked(r) == {("P", "std", 2026)}
        pays = r.allocation.groupby("source")["amount"].sum()
        assert pays["B"] == pytest.approx(10 * share, abs=1e-6)
    else:
        assert r.objective == approx(0)
        assert picked(r) == set()


def test_unmatched_program_is_paid_by_its_lead_only(tmp_path):
    # Rules exist only for domain E, so P and P2 (domain D) match none: only their lead A pays,
    # at any share, although B has money. A's envelope is 10: P (10, value 5) and P2 (6, value 3)
    # do not fit together, so P is funded, entirely by A. Q (domain E) matches B's rule only, so
    # B pays all of it (the lead is not eligible once a rule matches). Optimum {P, Q} = 5 + 1.
    m = Model(years=Y1)
    m.domain("D").domain("E")
    m.source("A", envelope=10).source("B", envelope=100)
    m.rule("B", "domain", "E", 1.0)
    m.program("P", cost=[10], value=5, lead="A", domain="D")
    m.program("P2", cost=[6], value=3, lead="A", domain="D")
    m.program("Q", cost=[50], value=1, lead="A", domain="E")    # domain E: B may pay all of it
    r = m.solve(tmp_path)
    assert r.objective == approx(6)
    assert picked(r) == {("P", "std", 2026), ("Q", "std", 2026)}
    alloc = r.allocation.groupby(["program", "source"])["amount"].sum()
    assert alloc[("P", "A")] == pytest.approx(10)
    assert ("P", "B") not in alloc.index
    assert alloc[("Q", "B")] == pytest.approx(50)


def test_lead_cannot_pay_when_a_rule_excludes_it(tmp_path):
    # A program rule lets B pay P and another sets the lead A's share to 0. B's envelope (9) is
    # below P's cost (10): P cannot be funded. With B's envelope at 10 it can, paid by B. (A rule
    # for B alone would not exclude A: the lead keeps its right unless a rule names it.)
    for env, expected in ((9, 0.0), (10, 5.0)):
        m = Model(years=Y1)
        m.source("A", envelope=100).source("B", envelope=env)
        m.rule("B", "program", "P", 1.0).rule("A", "program", "P", 0.0)
        m.program("P", cost=[10], value=5, lead="A")
        r = m.solve(tmp_path)
        assert r.objective == approx(expected)
        if expected:
            assert set(r.allocation["source"]) == {"B"}


def test_zero_share_rule_excludes_a_source_despite_a_general_rule(tmp_path):
    # "all" lets B pay everything, but a program rule sets B's share for P to 0: P must be paid
    # by A alone (envelope 4 < cost 10), so P is out; Q (same cost, no override) is paid by B.
    m = Model(years=Y1)
    m.source("A", envelope=4).source("B", envelope=100)
    m.rule("A", "all").rule("B", "all").rule("B", "program", "P", 0.0)
    m.program("P", cost=[10], value=5, lead="A")
    m.program("Q", cost=[10], value=2, lead="A")
    r = m.solve(tmp_path)
    assert r.objective == approx(2)
    assert picked(r) == {("Q", "std", 2026)}


def test_shares_below_one_make_a_program_unfundable_with_a_warning(tmp_path):
    # B may pay 0.5 and a rule excludes the lead A: P can never be paid in full.
    m = Model(years=Y1)
    m.source("A").source("B")
    m.rule("B", "all", max_share=0.5).rule("A", "program", "P", 0.0)
    m.program("P", cost=[10], value=5, lead="A")
    m.program("Q", cost=[10], value=1, lead="A")
    m.rule("A", "program", "Q", 0.5)
    r = m.solve(tmp_path)
    assert r.objective == approx(1)                 # Q: A 0.5 + B 0.5 = 1
    assert picked(r) == {("Q", "std", 2026)}
    assert [w.key for w in r.data.warnings] == ["warn.unfundable"]
    assert r.programs.set_index("id").loc["P", "note"] == "unfundable"


def test_costs_are_paid_in_every_year_with_split_shares(tmp_path):
    # P costs 10, 20, 30 over FY2026–28. A and B may each pay at most 60 % of a year's cost, and
    # A's envelope is 12 a year. FY2028: A ≤ 12, B ≤ 18, together exactly 30: feasible, value 7.
    # With 31 in FY2028: A ≤ 12 and B ≤ 18.6 leave it short, so P is never funded: 0.
    for last_cost, expected in ((30, 7.0), (31, 0.0)):
        m = Model()
        m.source("A", envelope=12).source("B", envelope=100)
        m.rule("A", "all", max_share=0.6).rule("B", "all", max_share=0.6)
        m.program("P", cost=[10, 20, last_cost], value=7, lead="A")
        r = m.solve(tmp_path)
        assert r.objective == approx(expected)


# ---------------------------------------------------------------------------------------------
# total budget (annual sources only), envelopes, fund balances
# ---------------------------------------------------------------------------------------------


def test_total_budget_counts_annual_sources_only(tmp_path):
    # Budget 10. Sources: annual A (envelope 100), fund F (deposit 20), external X (envelope 20).
    # P costs 45 and any source may pay: A 10 (the budget) + F 20 + X 15 — feasible only if the
    # fund and external money do not count toward the budget. R may be paid by A only (program
    # rule) and costs 11 > budget 10: never fundable although A's envelope is 100. S costs 5,
    # paid by A only. P + S need 50: at most 10 annual + 20 fund + 20 external = 50, exactly
    # feasible. Optimum {P, S} = 6 + 1.
    m = Model(years=Y1, budget=10)
    m.source("A", envelope=100).source("F", kind="fund", envelope=20).source("X", kind="external", envelope=20)
    m.rule("A", "all").rule("F", "all").rule("X", "all")
    m.rule("F", "program", "R", 0).rule("X", "program", "R", 0)
    m.rule("F", "program", "S", 0).rule("X", "program", "S", 0)
    m.program("P", cost=[45], value=6)
    m.program("R", cost=[11], value=100)
    m.program("S", cost=[5], value=1)
    r = m.solve(tmp_path)
    assert r.objective == approx(7)
    assert picked(r) == {("P", "std", 2026), ("S", "std", 2026)}
    years = r.years.set_index("year")
    assert years.loc[2026, "annual_spend"] == pytest.approx(10)
    assert years.loc[2026, "total_spend"] == pytest.approx(50)
    assert r.spend_total == pytest.approx(10)


def test_total_budget_is_per_year(tmp_path):
    # Budgets 10, 0, 10. P (cost 8, value 3) may start 2026–2028, Q (cost 8, value 2) the same,
    # and they cannot share a year (16 > 10). FY2027 has no budget. No discount: P and Q take
    # 2026 and 2028 in either order — a tie, so only the objective and the start years used
    # are asserted — and nothing starts in 2027.
    m = Model(budget=[10, 0, 10])
    m.program("P", cost=[8], value=3, start=(2026, 2028))
    m.program("Q", cost=[8], value=2, start=(2026, 2028))
    r = m.solve(tmp_path)
    assert r.objective == approx(5)
    assert sorted(s for _, _, s in picked(r)) == [2026, 2028]


def test_source_envelopes(tmp_path):
    # One year, budget no limit; A's envelope 10 and B's 5 (15 in all), every source eligible.
    # P costs 12 (value 5), Q 4 (value 4), R 3 (value 1.5). P+Q = 16 > 15; P+R = 15 fits
    # exactly (6.5); Q+R = 7 (5.5). Optimum {P, R} = 6.5. External envelopes bind the same
    # way: X (external, 5) replaces B in the second model.
    for kind in ("annual", "external"):
        m = Model(years=Y1)
        m.source("A", envelope=10).source("B", kind=kind, envelope=5)
        m.rule("A", "all").rule("B", "all")
        m.program("P", cost=[12], value=5)
        m.program("Q", cost=[4], value=4)
        m.program("R", cost=[3], value=1.5)
        r = m.solve(tmp_path)
        assert r.objective == approx(6.5)
        assert picked(r) == {("P", "std", 2026), ("R", "std", 2026)}


def test_fund_balance_carries_over_and_never_goes_negative(tmp_path):
    # Fund F deposits 0, 10, 5 in FY2026–28 (cumulative 0, 10, 15) and is the only eligible
    # source. P1 needs 1 in FY2026, before any deposit: never fundable despite value 100.
    # P4 needs 12 in FY2028: only possible if FY2027's unspent deposit carries over (12 ≤ 15).
    # P3 needs 5 in FY2028; P4 + P3 = 17 > 15. Optimum {P4} = 4 (P3 alone 1). Treating the
    # deposit as a yearly envelope would give P3 alone (1); ignoring the balance would fund P1.
    m = Model()
    m.source("A").source("F", kind="fund", envelope=[0, 10, 5])
    m.rule("F", "all").rule("A", "all", max_share=0)      # the lead A excluded by a rule naming it
    m.program("P1", cost=[1], value=100, start=2026)
    m.program("P4", cost=[12], value=4, start=2028)
    m.program("P3", cost=[5], value=1, start=2028)
    r = m.solve(tmp_path)
    assert r.objective == approx(4)
    assert picked(r) == {("P4", "std", 2028)}


def test_fund_pays_multi_year_programs_from_its_balance(tmp_path):
    # Fund deposits 30 in FY2026 only. P costs 10 a year for three years (30 in all): funded
    # from the balance. Q (one year, 1, FY2028) no longer fits: 31 > 30. Optimum {P} = 3.
    m = Model()
    m.source("A").source("F", kind="fund", envelope=[30, 0, 0])
    m.rule("F", "all").rule("A", "all", max_share=0)
    m.program("P", cost=[10, 10, 10], value=3)
    m.program("Q", cost=[1], value=2, start=2028)
    r = m.solve(tmp_path)
    assert r.objective == approx(3)
    assert picked(r) == {("P", "std", 2026)}


# ---------------------------------------------------------------------------------------------
# capacities
# ---------------------------------------------------------------------------------------------


def test_capacity_per_year_and_per_level(tmp_path):
    # Capacity C is 1 in each of FY2026–28; discount 10 %. P runs 2 years from 2026 or 2027;
    # its level "std" uses 1 a year and its level "big" 2 (level-specific rows), so "big" never
    # fits. Q runs in FY2028 only and uses 1. P@2026 (5) + Q (3·0.81 = 2.43) = 7.43;
    # P@2027 (4.5) clashes with Q in 2028; big@2026 (value 9) needs 2 > 1.
    m = Model(late_start_discount=0.1)
    m.capacity("C", 1)
    m.program("P", levels={"std": ([1, 1], 5), "big": ([2, 2], 9)}, start=(2026, 2027))
    m.use("P", "C", 1, level="std").use("P", "C", 2, level="big")
    m.program("Q", cost=[1], value=3, start=2028, use={"C": 1})
    r = m.solve(tmp_path)
    assert r.objective == approx(5 + 3 * 0.81)
    assert picked(r) == {("P", "std", 2026), ("Q", "std", 2028)}
    caps = r.capacities.set_index("year")
    assert list(caps["use"]) == [1, 1, 1]


def test_capacity_use_without_level_applies_to_every_level(tmp_path):
    # C is 1; both levels of P use 1 (empty level), Q uses 1: only one of P, Q can run.
    m = Model(years=Y1)
    m.capacity("C", 1)
    m.program("P", levels={"a": ([1], 2), "b": ([1], 6)}, use={"C": 1})
    m.program("Q", cost=[1], value=5, use={"C": 1})
    r = m.solve(tmp_path)
    assert r.objective == approx(6)
    assert picked(r) == {("P", "b", 2026)}


# ---------------------------------------------------------------------------------------------
# domains: floor, ceiling, floor_share, ceiling_share, critical mass
# ---------------------------------------------------------------------------------------------


def _floor_model(**d1):
    # Budget 90. D1: P (cost 20, value 1). D2: Q (80, 10), R (70, 6).
    m = Model(years=Y1, budget=90)
    m.domain("D1", **d1).domain("D2")
    m.program("P", cost=[20], value=1, domain="D1")
    m.program("Q", cost=[80], value=10, domain="D2")
    m.program("R", cost=[70], value=6, domain="D2")
    return m


def test_domain_floor(tmp_path):
    # Without a floor: Q alone (10; Q+P = 100 > 90). With D1's floor of 20, P must be funded,
    # leaving 70: R fits exactly. {P, R} = 7.
    r = _floor_model().solve(tmp_path)
    assert r.objective == approx(10) and picked(r) == {("Q", "std", 2026)}
    r = _floor_model(floor=20).solve(tmp_path)
    assert r.objective == approx(7)
    assert picked(r) == {("P", "std", 2026), ("R", "std", 2026)}


def test_domain_floor_counts_money_from_every_kind_of_source(tmp_path):
    # D1's floor of 30 is met by P (cost 30) paid by the fund F (the only source eligible for
    # it); the annual budget of 50 then pays Q (50). Optimum {P, Q} = 1 + 10.
    m = Model(years=Y1, budget=50)
    m.domain("D1", floor=30).domain("D2")
    m.source("A", envelope=100).source("F", kind="fund", envelope=30)
    m.rule("F", "domain", "D1").rule("A", "domain", "D2")
    m.program("P", cost=[30], value=1, domain="D1")
    m.program("Q", cost=[50], value=10, domain="D2")
    r = m.solve(tmp_path)
    assert r.objective == approx(11)
    assert r.domains.set_index("id").loc["D1", "total"] == pytest.approx(30)


def test_domain_ceiling(tmp_path):
    # D2's ceiling of 75 rules out Q (80): R (70) + P (20) = 90 ≤ 90 gives 7.
    r = _floor_model().solve(tmp_path)
    assert r.objective == approx(10)
    m = _floor_model()
    m.domains[1]["ceiling"] = 75
    r = m.solve(tmp_path)
    assert r.objective == approx(7)
    assert picked(r) == {("P", "std", 2026), ("R", "std", 2026)}


def _share_model(**d1):
    # Budget 100 (one year). D1: S1 (15, 1), S2 (15, 0.9), S3 (15, 0.8). D2: Q (70, 10), R (40, 6).
    m = Model(years=Y1, budget=100)
    m.domain("D1", **d1).domain("D2")
    for pid, v in (("S1", 1), ("S2", 0.9), ("S3", 0.8)):
        m.program(pid, cost=[15], value=v, domain="D1")
    m.program("Q", cost=[70], value=10, domain="D2")
    m.program("R", cost=[40], value=6, domain="D2")
    return m


@pytest.mark.parametrize("scale,objective,funded", [
    # scale 1: floor 0.3·100 = 30 → S1+S2 (30) + Q (70) = 100: 11.9 (S1+S2+S3+R = 85 gives 8.7).
    (None, 11.9, {"S1", "S2", "Q"}),
    # scale 1.5: budget 150, floor 45 → S1+S2+S3 (45) + Q (70) = 115 (R too: 155 > 150): 12.7.
    # A floor left at 30 would allow S1+S2+Q+R = 140 ≤ 150: 17.9.
    (1.5, 12.7, {"S1", "S2", "S3", "Q"}),
    # scale 0.5: budget 50, floor 15 → S1 + the best of what fits in 35: S2+S3 (30) — 2.7.
    (0.5, 2.7, {"S1", "S2", "S3"}),
])
def test_domain_floor_share_follows_the_scaled_budget(tmp_path, scale, objective, funded):
    r = _share_model(floor_share=0.3).solve(tmp_path, scale=scale)
    assert r.objective == approx(objective)
    assert {p for p, _, _ in picked(r)} == funded


@pytest.mark.parametrize("scale,objective,funded", [
    # ceiling 0.5 on D2. scale 1: 50 → R only in D2 (40): R + S1+S2+S3 (45) = 85: 8.7.
    (None, 8.7, {"R", "S1", "S2", "S3"}),
    # scale 1.5: budget 150, ceiling 75 → Q (70) allowed, Q+R (110) not: Q + S1+S2+S3 = 115: 12.7.
    (1.5, 12.7, {"Q", "S1", "S2", "S3"}),
])
def test_domain_ceiling_share_follows_the_scaled_budget(tmp_path, scale, objective, funded):
    m = _share_model()
    m.domains[1]["ceiling_share"] = 0.5
    r = m.solve(tmp_path, scale=scale)
    assert r.objective == approx(objective)
    assert {p for p, _, _ in picked(r)} == funded


def test_absolute_floor_does_not_follow_the_scale(tmp_path):
    # D1 floor 30 (absolute). At scale 1.5 (budget 150) the floor stays 30: S1+S2 (30) + Q + R
    # (110) = 140 ≤ 150: 17.9.
    r = _share_model(floor=30).solve(tmp_path, scale=1.5)
    assert r.objective == approx(17.9)
    assert {p for p, _, _ in picked(r)} == {"S1", "S2", "Q", "R"}


def test_critical_mass(tmp_path):
    # Budget 100. Domain QT: S (20, 5), L (40, 3); domain O: O (60, 6). Without critical mass:
    # S + O (80) = 11. With QT's critical mass 50, funding S alone (20) is not enough: QT needs
    # S + L (60), and then O does not fit (120): {S, L} = 8 beats {O} = 6.
    def model(cm):
        m = Model(years=Y1, budget=100)
        m.domain("QT", critical_mass=cm).domain("O")
        m.program("S", cost=[20], value=5, domain="QT")
        m.program("L", cost=[40], value=3, domain="QT")
        m.program("O", cost=[60], value=6, domain="O")
        return m

    r = model(None).solve(tmp_path)
    assert r.objective == approx(11)
    assert picked(r) == {("S", "std", 2026), ("O", "std", 2026)}
    r = model(50).solve(tmp_path)
    assert r.objective == approx(8)
    assert picked(r) == {("S", "std", 2026), ("L", "std", 2026)}


# ---------------------------------------------------------------------------------------------
# dependencies
# ---------------------------------------------------------------------------------------------


def test_requires_with_start_precedence_and_lag(tmp_path):
    # A (value 1) and B (value 10) each run one year and may start 2026–2028; discount 10 %.
    # Free: both in 2026 = 11. B requires A with lag 1: B starts ≥ A's start + 1.
    # A@2026 + B@2027 = 1 + 9 = 10; A@2027 + B@2028 = 0.9 + 8.1 = 9. Optimum 10.
    m = Model(late_start_discount=0.1)
    m.program("A", cost=[1], value=1, start=(2026, 2028))
    m.program("B", cost=[1], value=10, start=(2026, 2028))
    r = m.solve(tmp_path)
    assert r.objective == approx(11)
    m.requires("B", "A", lag=1)
    r = m.solve(tmp_path)
    assert r.objective == approx(10)
    assert picked(r) == {("A", "std", 2026), ("B", "std", 2027)}


def test_requires_needs_the_target_funded(tmp_path):
    # B (10) requires A; A (cost 60) and B (cost 50) do not fit together in 100, so B can never
    # be funded. What remains: {A} = 1, {C} = 2, {A, C} costs 110 > 100. Optimum {C} = 2.
    m = Model(years=Y1, budget=100)
    m.program("A", cost=[60], value=1)
    m.program("B", cost=[50], value=10)
    m.program("C", cost=[50], value=2)
    m.requires("B", "A")
    r = m.solve(tmp_path)
    assert r.objective == approx(2)
    assert picked(r) == {("C", "std", 2026)}


@pytest.mark.parametrize("lag,objective,b_start", [
    (1, 10 + 5, 2026),       # 2024 + 1 ≤ 2026: B starts at once
    (3, 10 * 0.9 + 5, 2027),  # 2024 + 3 = 2027: B waits a year (discount 10 %)
    (5, 5, None),            # 2024 + 5 = 2029, after B's latest start: B is never funded
])
def test_requires_an_ongoing_target_uses_its_original_start(tmp_path, lag, objective, b_start):
    # A is ongoing, started FY2024 (value 5). B (value 10) requires A with the given lag and
    # may start 2026–2028. The precedence uses A's original start (2024), not FY2026.
    m = Model(late_start_discount=0.1)
    m.program("A", cost=[1, 1], value=5, start=2024, ongoing=True)
    m.program("B", cost=[1], value=10, start=(2026, 2028))
    m.requires("B", "A", lag=lag)
    r = m.solve(tmp_path)
    assert r.objective == approx(objective)
    expected = {("A", "std", 2026)} | ({("B", "std", b_start)} if b_start else set())
    assert picked(r) == expected


def test_excludes(tmp_path):
    # A (5) excludes B (4); C (3) is free: {A, C} = 8.
    m = Model(years=Y1)
    m.program("A", cost=[1], value=5)
    m.program("B", cost=[1], value=4)
    m.program("C", cost=[1], value=3)
    m.excludes("A", "B")
    r = m.solve(tmp_path)
    assert r.objective == approx(8)
    assert picked(r) == {("A", "std", 2026), ("C", "std", 2026)}


def test_at_most(tmp_path):
    # At most one of A (5), B (4), C (3); D (1) is outside the group: {A, D} = 6.
    m = Model(years=Y1)
    for pid, v in (("A", 5), ("B", 4), ("C", 3), ("D", 1)):
        m.program(pid, cost=[1], value=v)
    m.at_most(["A", "B", "C"], 1)
    r = m.solve(tmp_path)
    assert r.objective == approx(6)
    assert picked(r) == {("A", "std", 2026), ("D", "std", 2026)}


def test_at_least(tmp_path):
    # Budget 100. Group {X (50, 1), Y (50, 1.5), Z (10, 0.5)}; W (60, 10) is outside it.
    # Free: W + Z (70) = 10.5. At least 2 of the group: W + any two exceeds 100 except W+Z+?
    # (needs a second member: X or Y, 120) — so W is out, and the best pair is X + Y (2.5).
    m = Model(years=Y1, budget=100)
    for pid, c, v in (("X", 50, 1), ("Y", 50, 1.5), ("Z", 10, 0.5), ("W", 60, 10)):
        m.program(pid, cost=[c], value=v)
    r = m.solve(tmp_path)
    assert r.objective == approx(10.5)
    m.at_least(["X", "Y", "Z"], 2)
    r = m.solve(tmp_path)
    assert r.objective == approx(2.5)
    assert picked(r) == {("X", "std", 2026), ("Y", "std", 2026)}


# ---------------------------------------------------------------------------------------------
# commitments past the horizon, late starts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cap,objective,funded", [
    # P@2026: 20 of 30 inside → 9·2/3 = 6, tail 10. P@2027: 10/30 → 3, tail 20.
    # Q@2027 (the only start): cost 6, 4 → 6/10 inside → 5·0.6 = 3, tail 4.
    (10, 6.0, {("P", "std", 2026)}),                           # P@2026 + Q: tail 14 > 10
    (14, 9.0, {("P", "std", 2026), ("Q", "std", 2027)}),       # tail 14 ≤ 14
    (4, 3.0, {("Q", "std", 2027)}),                            # P's tail ≥ 10 > 4
])
def test_tail_cap_and_pro_rated_value(tmp_path, cap, objective, funded):
    m = Model(years=(2026, 2027), allow_tail=True, tail_cap=cap)
    m.program("P", cost=[10, 10, 10], value=9, start=(2026, 2027))
    m.program("Q", cost=[6, 4], value=5, start=2027)
    r = m.solve(tmp_path)
    assert r.objective == approx(objective)
    assert picked(r) == funded


def test_no_tails_unless_allowed(tmp_path):
    # Budget 0 in FY2026, 100 in FY2027. P runs 2 years, startable 2026 or 2027. FY2026 has no
    # money, and starting in 2027 would run past the horizon: without tails, P is never funded.
    # With tails allowed (cap 10), P@2027 is funded with half its value (cost 5 of 10 inside).
    m = Model(years=(2026, 2027), budget=[0, 100])
    m.program("P", cost=[5, 5], value=8, start=(2026, 2027))
    r = m.solve(tmp_path)
    assert r.objective == approx(0) and picked(r) == set()
    m.settings.update(allow_tail=True, tail_cap=10)
    r = m.solve(tmp_path)
    assert r.objective == approx(4)
    assert picked(r) == {("P", "std", 2027)}
    assert list(r.tail["amount"]) == [5]


@pytest.mark.parametrize("budget,objective,start", [
    ([10, 10, 10], 10.0, 2026),
    ([0, 10, 10], 8.0, 2027),        # one year late: 10·0.8
    ([0, 0, 10], 6.4, 2028),         # two years late: 10·0.8²
])
def test_late_start_discount(tmp_path, budget, objective, start):
    m = Model(budget=budget, late_start_discount=0.2)
    m.program("P", cost=[10], value=10, start=(2026, 2028))
    r = m.solve(tmp_path)
    assert r.objective == approx(objective)
    assert picked(r) == {("P", "std", start)}


# ---------------------------------------------------------------------------------------------
# money units
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unit,factor", [("億円", 1), ("百万円", 100), ("千円", 100_000)])
def test_money_unit_is_converted_to_oku_yen(tmp_path, unit, factor):
    # The same model written in 億円, 百万円 (×100) and 千円 (×100,000). Budget 100 億円 in one
    # year. Domain D's floor (10 億円) forces S in: S costs 10 inside the horizon and 20 past it
    # (value 3 pro-rated to 1), within the tail cap of 20 億円. That leaves 90 for domain E:
    # P 60 (5), Q 50 (4), R 40 (3.5): Q + R = 90 (7.5) beats P alone (5); P + R = 100 does not fit.
    # Capacity use is not money and is never converted.
    m = Model(years=Y1, budget=100 * factor, allow_tail=True, tail_cap=20 * factor, money_unit=unit)
    m.domain("D", floor=10 * factor, critical_mass=10 * factor).domain("E")
    m.capacity("C", 5)
    m.program("P", cost=[60 * factor], value=5, domain="E", use={"C": 5})
    m.program("Q", cost=[50 * factor], value=4, domain="E")
    m.program("R", cost=[40 * factor], value=3.5, domain="E")
    m.program("S", cost=[10 * factor, 20 * factor], value=3, domain="D")
    m.source("A", envelope=200 * factor)
    r = m.solve(tmp_path)
    data = r.data
    assert data.settings.money_unit == unit
    assert data.budget == (pytest.approx(100),)
    assert data.settings.tail_cap == pytest.approx(20)
    assert data.domain_by_id["D"].floor == pytest.approx(10)
    assert data.program_by_id["P"].level("std").cost == (pytest.approx(60),)
    assert data.program_by_id["P"].level("std").use == {"C": 5}
    assert r.objective == approx(8.5)
    assert picked(r) == {("S", "std", 2026), ("Q", "std", 2026), ("R", "std", 2026)}
    assert r.programs.set_index("id").loc["Q", "cost_total"] == pytest.approx(50)


# ---------------------------------------------------------------------------------------------
# scenario locks and forced programs (the invariants check locks on every solution)
# ---------------------------------------------------------------------------------------------


def test_scenario_lock_force_in_and_force_out(tmp_path, solutions):
    # Budget 10 a year; discount 10 %. P: low (cost 1, 1; score 3) or high (2, 2; 5), start
    # 2026–2027. Q: 3 in FY2026, score 4. R: 9 in FY2026, score 0.5.
    # Base: P high@2026 + Q (FY2026: 2 + 3 = 5) = 9; R does not fit beside them (14 > 10) and
    # P + R (5.5) is worse. Scenario "lk": P locked at low@2027 (3·0.9 = 2.7), Q forced out,
    # R forced in: 2.7 + 0.5 = 3.2.
    import portfolio

    m = Model(budget=10, late_start_discount=0.1)
    m.program("P", levels={"low": ([1, 1], 3), "high": ([2, 2], 5)}, start=(2026, 2027))
    m.program("Q", cost=[3], value=4)
    m.program("R", cost=[9], value=0.5)
    m.sheets["Scenarios"] = [
        {"scenario": "lk", "setting": "lock", "target": "P", "value": "low@2027"},
        {"scenario": "lk", "setting": "force_out", "target": "Q"},
        {"scenario": "lk", "setting": "force_in", "target": "R"},
    ]
    data = portfolio.load_model(m.write(tmp_path))
    base = portfolio.solve(data, mip_gap=0)
    assert base.objective == approx(9)
    assert picked(base) == {("P", "high", 2026), ("Q", "std", 2026)}
    scen = portfolio.apply_scenario(data, "lk")
    assert scen.program_by_id["P"].lock_level == "low" and scen.program_by_id["P"].lock_start == 2027
    r = portfolio.solve(scen, mip_gap=0)
    assert r.objective == approx(3.2)
    assert picked(r) == {("P", "low", 2027), ("R", "std", 2026)}
    assert len(solutions) == 2          # both solutions went through the invariants (locks included)
