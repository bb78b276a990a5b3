"""The policy levers of issue 18, one tiny model each with its optimum worked out by hand:

* money set apart from the total budget (a ministry's own envelope on top of it);
* a partner's conditional match with a cap per partner and year;
* capacity created by programs (talent that grows, secure research seats), with a lag;
* private co-investment (呼び水) and its optional floor.

One criterion of weight 1, no discount: a program's value is its score. Every solution is also
checked by tests/invariants.py.
"""

from __future__ import annotations

import pytest
from builders import Model, picked

import portfolio

Y1 = (2026, 2026)
Y3 = (2026, 2028)


def approx(x):
    return pytest.approx(x, abs=1e-7)


# ---------------------------------------------------------------------------------------------
# A ministry's money set apart from the total budget
# ---------------------------------------------------------------------------------------------


def _apart(in_total: bool) -> Model:
    # Total budget 10. A (civil, in the total) and M (MOD-like, envelope 5). P (cost 10, value 10,
    # lead A) and Q (cost 5, value 4, lead M). If M's money counts in the total budget, P and Q
    # compete for 10: P alone, 10. Set apart, M adds its 5 on top: both, 14.
    m = Model(years=Y1, budget=10)
    m.source("A", envelope=100).source("M", envelope=5, in_total_budget=in_total)
    m.program("P", cost=[10], value=10, lead="A")
    m.program("Q", cost=[5], value=4, lead="M")
    return m


def test_money_set_apart_adds_to_the_total_budget_instead_of_displacing_it(tmp_path):
    inside = _apart(True).solve(tmp_path)
    assert inside.objective == approx(10) and picked(inside) == {("P", "std", 2026)}
    apart = _apart(False).solve(tmp_path)
    assert apart.objective == approx(14)
    assert picked(apart) == {("P", "std", 2026), ("Q", "std", 2026)}
    years = apart.years.set_index("year")
    assert years.loc[2026, "annual_spend"] == approx(10)          # what the total budget caps
    assert years.loc[2026, "outside_budget_spend"] == approx(5)
    assert years.loc[2026, "total_spend"] == approx(15)
    assert years.loc[2026, "budget_slack"] == approx(0)


def test_money_set_apart_is_capped_by_its_own_envelope(tmp_path):
    # Q now costs 6 and only M may pay it: M's envelope of 5 is too small, whatever the budget.
    m = _apart(False)
    m.programs[1]["id"] = "Q"
    m.levels[1]["cost"] = [6]
    r = m.solve(tmp_path)
    assert picked(r) == {("P", "std", 2026)}


# ---------------------------------------------------------------------------------------------
# A partner's conditional match
# ---------------------------------------------------------------------------------------------


def _joint(budget: float, ratio: float | None = 1.0, envelope: float = 100) -> Model:
    # J costs 10 (value 5). A (annual) and the partner X may each pay all of it (share 1).
    m = Model(years=Y1, budget=budget)
    m.source("A", envelope=100)
    kw = {} if ratio is None else {"match_ratio": ratio}
    m.source("X", kind="external", envelope=envelope, **kw)
    m.rule("A", "all").rule("X", "all")
    m.program("J", cost=[10], value=5, lead="A")
    return m


def test_without_a_ratio_partner_money_pays_alone(tmp_path):
    # No match ratio: X may pay all 10, so J is funded with no Japanese money at all.
    r = _joint(0.0, ratio=None).solve(tmp_path)
    assert picked(r) == {("J", "std", 2026)}
    assert r.allocation.set_index("source").loc["X", "amount"] == approx(10)


@pytest.mark.parametrize("budget, funded", [(4.99, False), (5.0, True)])
def test_a_partner_matches_at_most_ratio_times_what_japan_pays(tmp_path, budget, funded):
    # Ratio 1: X ≤ A's payment, and A + X = 10, so A pays at least 5. A budget of 4.99 leaves J
    # unfunded (X could add at most 4.99), 5 funds it half and half.
    r = _joint(budget).solve(tmp_path)
    assert (picked(r) == {("J", "std", 2026)}) is funded
    if funded:
        pay = r.allocation.set_index("source")["amount"]
        assert pay["A"] == approx(5) and pay["X"] == approx(5)


def test_two_partners_are_each_matched_against_japans_money(tmp_path):
    # X (ratio 1) and Y (ratio 0.5): A + X + Y = 10 with X ≤ A, Y ≤ A/2, so A ≥ 10 / 2.5 = 4.
    # With shares alone (no ratios) the two partners could pay everything between them.
    for budget, funded in ((3.99, False), (4.0, True)):
        m = _joint(budget)
        m.source("Y", kind="external", envelope=100, match_ratio=0.5)
        m.rule("Y", "all")
        r = m.solve(tmp_path)
        assert (picked(r) == {("J", "std", 2026)}) is funded, budget
        if funded:
            pay = r.allocation.set_index("source")["amount"]
            assert (pay["A"], pay["X"], pay["Y"]) == (approx(4), approx(4), approx(2))


def test_the_partner_pays_nothing_to_a_program_japan_does_not_fund(tmp_path):
    # K may be paid by X alone (A not eligible): with a ratio, X may pay nothing, so K is unfundable
    # however much X has; without a ratio X pays all of it.
    def model(ratio):
        m = Model(years=Y1, budget=100)
        m.source("A", envelope=100)
        m.source("X", kind="external", envelope=100, **({} if ratio is None else {"match_ratio": ratio}))
        m.rule("X", "program", "K", 1.0).rule("A", "program", "K", 0.0)
        m.program("K", cost=[10], value=5, lead="A")
        m.program("L", cost=[1], value=1, lead="A")
        return m

    assert picked(model(None).solve(tmp_path)) == {("K", "std", 2026), ("L", "std", 2026)}
    assert picked(model(2.0).solve(tmp_path)) == {("L", "std", 2026)}


def test_the_partners_yearly_cap_is_its_envelope(tmp_path):
    # Two joint programs of 10 each (values 5 and 4), budget 10, X's envelope 3 a year: at most 13
    # of the 20 can be paid, so only one is funded, J (the more valuable), with X paying 3 of it.
    m = _joint(10, envelope=3)
    m.program("J2", cost=[10], value=4, lead="A")
    r = m.solve(tmp_path)
    assert r.objective == approx(5) and picked(r) == {("J", "std", 2026)}
    assert r.allocation.set_index("source").loc["X", "amount"] == approx(3)


# ---------------------------------------------------------------------------------------------
# Capacity created by programs
# ---------------------------------------------------------------------------------------------


def _talent(lag: int, duration_t: int = 3, **settings) -> Model:
    # FY2026–28. Researchers C: none without the portfolio. T (a training program, cost 1 a year,
    # value 1, FY2026 only) creates 2 researchers from its start plus the lag. U needs 2
    # researchers in each of its 2 years (value 10) and may start FY2026 or FY2027.
    m = Model(years=Y3, budget=100, **settings)
    m.capacity("C", [0, 0, 0])
    m.program("T", cost=[1] * duration_t, value=1)
    m.program("U", cost=[3, 3], value=10, start=(2026, 2027), use={"C": 2})
    m.gain("T", "C", 2, lag=lag)
    return m


def test_talent_first_then_the_program_that_needs_it(tmp_path):
    # Lag 1: T's researchers are there from FY2027, so U starts FY2027 (FY2026 has none): 1 + 10.
    r = _talent(lag=1).solve(tmp_path)
    assert r.objective == approx(11)
    assert picked(r) == {("T", "std", 2026), ("U", "std", 2027)}
    caps = r.capacities.set_index("year")
    assert list(caps["capacity"]) == [0, 2, 2] and list(caps["use"]) == [0, 2, 2]
    rows = r.binding[r.binding["family"] == "capacity"].set_index("year")
    assert list(rows["limit"]) == [0, 2, 2]


def test_created_capacity_lasts_after_the_program_ends(tmp_path):
    # T runs in FY2026 only; its researchers stay: U still runs FY2027–28.
    r = _talent(lag=1, duration_t=1).solve(tmp_path)
    assert picked(r) == {("T", "std", 2026), ("U", "std", 2027)}


def test_capacity_that_comes_too_late_is_no_use(tmp_path):
    # Lag 2: the researchers arrive in FY2028, too late for U's two years inside the horizon, and U
    # may not run past it. T alone: 1.
    r = _talent(lag=2).solve(tmp_path)
    assert r.objective == approx(1) and picked(r) == {("T", "std", 2026)}


def test_a_program_can_be_worth_funding_only_for_the_capacity_it_creates(tmp_path):
    # T is worth nothing itself (value 0) and costs money; it is funded because U needs it.
    m = _talent(lag=1)
    m.levels[0]["value"] = 0
    r = m.solve(tmp_path)
    assert r.objective == approx(10) and picked(r) == {("T", "std", 2026), ("U", "std", 2027)}


# ---------------------------------------------------------------------------------------------
# Private co-investment (呼び水) and its floor
# ---------------------------------------------------------------------------------------------


def _leverage(floor: float | None) -> Model:
    # Budget 10. A (cost 10, value 10, no leverage) or B (cost 10, value 8, 1.5 億円 private per 億円).
    m = Model(years=Y1, budget=10, **({} if floor is None else {"private_investment_floor": floor}))
    m.program("A", cost=[10], value=10)
    m.program("B", cost=[10], value=8, private_leverage=1.5)
    return m


def test_private_leverage_is_not_a_criterion(tmp_path):
    r = _leverage(None).solve(tmp_path)
    assert picked(r) == {("A", "std", 2026)}
    assert "private_investment_floor" not in set(r.binding["family"])


def test_a_floor_on_private_co_investment_changes_the_choice(tmp_path):
    # Floor 12: A attracts 0, B 1.5 × 10 = 15. B is funded though worth less.
    r = _leverage(12).solve(tmp_path)
    assert r.objective == approx(8) and picked(r) == {("B", "std", 2026)}
    row = r.binding[r.binding["family"] == "private_investment_floor"].iloc[0]
    assert (row["used"], row["limit"], row["slack"]) == (approx(15), approx(12), approx(3))


def test_an_unreachable_floor_is_explained(tmp_path):
    # Floor 16: the most any plan attracts is 15, so the model is infeasible by 1 億円.
    r = _leverage(16).solve(tmp_path)
    assert r.status == "infeasible"
    text = " ".join(m.render("en") for m in r.explanation)
    assert "private co-investment" in text and "1.0" in text


def test_plan_reports_leverage_ratio(tmp_path):
    from portfolio.model import build_index
    from portfolio.model.families import Plan

    data = _leverage(12).load(tmp_path)
    ix = build_index(data)
    choose = [1.0 if o[0] == "B" else 0.0 for o in ix.options]
    plan = Plan(data, ix, choose, [10.0 if f[0] == "B" else 0.0 for f in ix.flows])
    assert plan.private_investment == approx(15) and plan.public_cost == approx(10)
    assert plan.leverage_ratio == approx(1.5)


def test_a_match_ratio_on_an_annual_source_is_refused(tmp_path):
    m = Model(years=Y1)
    m.source("A", match_ratio=1.0)
    m.program("P", cost=[1], value=1)
    with pytest.raises(portfolio.InputError) as exc:
        m.load(tmp_path)
    assert exc.value.key == "err.match_ratio_kind"


# ---------------------------------------------------------------------------------------------
# Scenarios reach the levers: capacities and the floor on private co-investment
# ---------------------------------------------------------------------------------------------


def test_a_scenario_scales_a_capacity_or_sets_one_year(tmp_path):
    data = _talent(lag=1).load(tmp_path)
    scen = tmp_path / "cap.yaml"
    scen.write_text("name: cap\ncapacities:\n  C: {FY2026: 2}\n", encoding="utf-8")
    applied = portfolio.apply_scenario(data, scen)
    assert applied.capacity_by_id["C"].capacity == (2, 0, 0)
    r = portfolio.solve(applied, mip_gap=0.0)
    assert picked(r) == {("T", "std", 2026), ("U", "std", 2026)}      # U can start at once
    scen.write_text("name: cap\ncapacities:\n  C: {scale: 0.5, FY2026: 1}\n", encoding="utf-8")
    with pytest.raises(portfolio.InputError) as exc:
        portfolio.apply_scenario(data, scen)
    assert exc.value.key == "err.scenario_conflict"


def test_a_scenario_sets_or_removes_the_private_floor(tmp_path):
    data = _leverage(12).load(tmp_path)
    scen = tmp_path / "floor.yaml"
    scen.write_text("name: f\nsettings:\n  private_investment_floor: null\n", encoding="utf-8")
    assert picked(portfolio.solve(portfolio.apply_scenario(data, scen), mip_gap=0.0)) == {("A", "std", 2026)}
    scen.write_text("name: f\nsettings:\n  private_investment_floor: 16\n", encoding="utf-8")
    assert portfolio.solve(portfolio.apply_scenario(data, scen), mip_gap=0.0).status == "infeasible"


# ---------------------------------------------------------------------------------------------
# Why forcing a program in is impossible: its prerequisite's start order
# ---------------------------------------------------------------------------------------------


def test_forcing_blocker_names_the_dependencys_start_order(tmp_path):
    # B requires A with a lag of 1, and both may only start in FY2026: B can never be funded,
    # whatever the money. The reason names A, its start, the lag and B's latest start.
    from portfolio.analysis.sensitivity.price import forcing_blocker
    from portfolio.model import build_index

    m = Model(years=Y3)
    m.program("A", cost=[1], value=1).program("B", cost=[1], value=1)
    m.requires("B", "A", lag=1)
    data = m.load(tmp_path)
    why = forcing_blocker(data, build_index(data), "B", "in")
    assert why is not None and why.key == "sens.reason.requires_start"
    text = why.render("en")
    assert "A" in text and "FY2026" in text and "1 year" in text
    # With a start window that allows FY2027, nothing blocks it.
    m.programs[1]["latest_start"] = 2027
    data = m.load(tmp_path)
    assert forcing_blocker(data, build_index(data), "B", "in") is None


@pytest.mark.parametrize("lang, header", [("ja", "総予算外の年度予算"), ("en", "Annual, outside the total budget")])
def test_the_summary_shows_money_set_apart_so_that_spend_adds_up(tmp_path, lang, header):
    import openpyxl

    r = _apart(False).solve(tmp_path)
    from portfolio.api import write_results

    out = write_results(r, tmp_path / f"r-{lang}.xlsx", lang=lang)
    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        rows = [list(row) for row in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()
    head = next(row for row in rows if header in row)
    year = rows[rows.index(head) + 1]
    parts = [year[head.index(h)] for h in head[2:6]]          # annual in the budget, set apart, funds, external
    assert parts == [approx(10), approx(5), approx(0), approx(0)]
    assert sum(parts) == approx(year[head.index(head[6])])    # = total spend


def test_the_report_shows_money_set_apart_so_that_spend_adds_up(tmp_path):
    from portfolio.outputs.report.allocation import _by_year

    r = _apart(False).solve(tmp_path)
    for lang, header in (("ja", "総予算外の年度予算"), ("en", "Annual, outside the total budget")):
        table = _by_year(r, lang)
        assert any(header in h for h in table.headers)
        col = next(i for i, h in enumerate(table.headers) if header in h)
        assert float(table.rows[0][col].replace(",", "")) == approx(5)
    # without a source set apart, no such column
    inside = _apart(True).solve(tmp_path)
    assert not any("outside the total budget" in h for h in _by_year(inside, "en").headers)


# ---------------------------------------------------------------------------------------------
# The spend floor: set-apart money adds to the counted sources' spend, it does not displace it
# ---------------------------------------------------------------------------------------------


def _floor(floor: float | None) -> Model:
    # Total budget 10; A (civil, in the total) and M (set apart, envelope 10). P (cost 10, value 10)
    # only M pays; R (cost 6, value 2) and S (cost 9, value 1.5) only A pays. Without a floor: P + R,
    # 12 (A spends 6). A floor of 8 on A's spend rules R out: P + S, 11.5. A floor of 10 cannot be
    # met (A's programs cost 6, 9 or 15): infeasible by 1 億円 (S gets closest).
    m = Model(years=Y1, budget=10, spend_floor=floor)
    m.source("A", envelope=100).source("M", envelope=10, in_total_budget=False)
    m.program("P", cost=[10], value=10, lead="M")
    m.program("R", cost=[6], value=2, lead="A")
    m.program("S", cost=[9], value=1.5, lead="A")
    return m


def test_without_a_spend_floor_set_apart_money_may_displace_civil_spend(tmp_path):
    r = _floor(None).solve(tmp_path)
    assert r.objective == approx(12) and picked(r) == {("P", "std", 2026), ("R", "std", 2026)}
    assert "spend_floor" not in set(r.binding["family"])


def test_a_spend_floor_changes_the_plan(tmp_path):
    r = _floor(8).solve(tmp_path)
    assert r.objective == approx(11.5) and picked(r) == {("P", "std", 2026), ("S", "std", 2026)}
    row = r.binding[r.binding["family"] == "spend_floor"].iloc[0]
    assert (row["year"], row["used"], row["limit"], row["slack"]) == (2026, approx(9), approx(8), approx(1))
    assert r.years.set_index("year").loc[2026, "annual_spend"] == approx(9)


def test_an_unreachable_spend_floor_is_explained(tmp_path):
    r = _floor(10).solve(tmp_path)
    assert r.status == "infeasible"
    for lang, words in (("en", "spend floor"), ("ja", "最低執行額")):
        text = " ".join(m.render(lang) for m in r.explanation)
        assert words in text and "FY2026" in text and "1.0" in text


def test_the_spend_floor_moves_with_the_budget_scale(tmp_path):
    # At ×0.75 the budget is 7.5 and the floor 6: R (6) meets it again, S (9) no longer fits.
    from portfolio.engine.session import Session

    data = _floor(8).load(tmp_path)
    r = portfolio.solve(data, scale=0.75, mip_gap=0.0)
    assert picked(r) == {("P", "std", 2026), ("R", "std", 2026)}
    row = r.binding[r.binding["family"] == "spend_floor"].iloc[0]
    assert row["limit"] == approx(6)
    session = Session(data, portfolio.api.solve_options(data, mip_gap=0.0))
    with session.changed(scale=0.75):
        assert session.pm.spend_floor() == [approx(6)]
        assert picked(session.result(session.solve())) == {("P", "std", 2026), ("R", "std", 2026)}
    assert session.pm.spend_floor() == [approx(8)]
    assert picked(session.result(session.solve())) == {("P", "std", 2026), ("S", "std", 2026)}
    # Above ×1 the floor stays as stated: at ×2 (budget 20) it is 8, not 16, so the plan may spend
    # less than 16 from A (a floor is the least that must be spent, not a share of the budget).
    r = portfolio.solve(data, scale=2.0, mip_gap=0.0)
    assert r.status == "optimal"
    row = r.binding[r.binding["family"] == "spend_floor"].iloc[0]
    assert row["limit"] == approx(8)
    with session.changed(scale=2.0):
        assert session.pm.spend_floor() == [approx(8)]


def test_a_spend_floor_above_the_total_budget_is_an_input_error(tmp_path):
    m = _floor(11)
    with pytest.raises(portfolio.InputError) as exc:
        m.load(tmp_path)
    assert exc.value.key == "err.spend_floor_above_budget"
    assert exc.value.loc.sheet == "Budget" and exc.value.loc.cell
    assert "11.0" in exc.value.render("en") and "最低執行額" in exc.value.render("ja")


def test_a_scenario_sets_or_removes_the_spend_floor(tmp_path):
    data = _floor(8).load(tmp_path)
    scen = tmp_path / "floor.yaml"
    scen.write_text("name: f\nbudget:\n  spend_floor: null\n", encoding="utf-8")
    applied = portfolio.apply_scenario(data, scen)
    assert applied.spend_floor == ()
    assert picked(portfolio.solve(applied, mip_gap=0.0)) == {("P", "std", 2026), ("R", "std", 2026)}
    scen.write_text("name: f\nbudget:\n  spend_floor: {FY2026: 10}\n", encoding="utf-8")
    r = portfolio.solve(portfolio.apply_scenario(data, scen), mip_gap=0.0)
    assert r.status == "infeasible"
    assert "floor.yaml" in " ".join(m.render("en") for m in r.explanation)     # the scenario set it
    scen.write_text("name: f\nbudget:\n  spend_floor: {FY2026: 12}\n", encoding="utf-8")
    with pytest.raises(portfolio.InputError) as exc:
        portfolio.apply_scenario(data, scen)
    assert exc.value.key == "err.spend_floor_above_budget"
    scen.write_text("name: f\nbudget:\n  scale: 0.75\n", encoding="utf-8")
    assert portfolio.apply_scenario(data, scen).spend_floor == (approx(6),)    # it moves with the budget
    scen.write_text("name: f\nbudget:\n  scale: 1.5\n", encoding="utf-8")
    assert portfolio.apply_scenario(data, scen).spend_floor == (approx(8),)    # but never above as stated
    scen.write_text("name: f\nbudget:\n  scale: 0.75\n  spend_floor: {FY2026: 7}\n", encoding="utf-8")
    assert portfolio.apply_scenario(data, scen).spend_floor == (7,)             # unless the scenario sets it
    scen.write_text("name: f\nbudget:\n  spend_floor: {FY2026: 7, 令和8年度: 6}\n", encoding="utf-8")
    with pytest.raises(portfolio.InputError) as exc:
        portfolio.apply_scenario(data, scen)
    assert exc.value.key == "err.scenario_conflict"


def test_the_scenarios_sheet_sets_the_spend_floor(tmp_path):
    m = _floor(None)
    m.sheets["Scenarios"] = [{"scenario": "fl", "setting": "spend_floor", "target": "FY2026", "value": 8}]
    data = m.load(tmp_path)
    applied = portfolio.apply_scenario(data, "fl")
    assert applied.spend_floor == (8,)
    assert picked(portfolio.solve(applied, mip_gap=0.0)) == {("P", "std", 2026), ("S", "std", 2026)}
