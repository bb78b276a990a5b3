"""The invariant checker itself: it passes a real solution and catches each kind of broken one.

A checker that never fails would make every other test weaker, so each rule is shown to bite:
the example model's optimum is taken, one thing is broken (in the result tables, or in the rules
the result is checked against), and the checker must name the problem.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from invariants import check_invariants

import portfolio

EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "example.xlsx"


@pytest.fixture(scope="module")
def solved():
    data = portfolio.load_model(EXAMPLE)
    result = portfolio.solve(data, mip_gap=0.0)
    assert result.status == "optimal"
    return data, result


def copy_result(result, **tables):
    return replace(result, **{k: v for k, v in tables.items()})


def program(data, pid, **kw):
    return replace(data, programs=tuple(replace(p, **kw) if p.id == pid else p for p in data.programs))


def test_the_example_optimum_passes(solved):
    data, result = solved
    check_invariants(data, result)
    # The example exercises what the checker looks at: a fund, co-funding, a tail, a lag.
    kinds = set(result.allocation.merge(result.sources[["id", "kind"]], left_on="source", right_on="id")["kind"])
    assert kinds == {"annual", "fund", "external"}
    assert result.tail["amount"].sum() > 0


def broken(data, result, match: str):
    with pytest.raises(AssertionError, match=match):
        check_invariants(data, result)


def test_catches_money_from_an_ineligible_source(solved):
    data, result = solved
    alloc = result.allocation.copy()
    i = alloc.index[(alloc["program"] == "SHIP-YARD")][0]      # SHIP domain: ALLY is not eligible
    alloc.loc[i, "source"] = "ALLY"
    broken(data, copy_result(result, allocation=alloc), "not eligible")


def test_catches_a_share_above_its_cap(solved):
    data, result = solved
    rules = tuple(replace(r, max_share=0.1) if (r.source, r.target) == ("KPROG", "K") else r for r in data.eligibility)
    broken(replace(data, eligibility=rules), result, "above its share")


def test_catches_a_cost_not_paid_in_full(solved):
    data, result = solved
    alloc = result.allocation.copy()
    alloc.loc[alloc.index[0], "amount"] *= 0.5
    broken(data, copy_result(result, allocation=alloc), "paid .* but costs")


def test_catches_the_total_budget(solved):
    data, result = solved
    broken(replace(data, budget=tuple(b * 0.5 for b in data.budget)), result, "exceeds the total budget")


def test_fund_and_external_money_do_not_count_toward_the_budget(solved):
    data, result = solved
    years = result.years
    # A budget exactly at the annual spend passes, although total spend (with fund and
    # external money) is larger.
    assert (years["total_spend"] > years["annual_spend"] + 1).any()
    check_invariants(replace(data, budget=tuple(years["annual_spend"])), result)


def test_catches_envelopes_and_fund_balances(solved):
    data, result = solved
    srcs = {s.id: s for s in data.sources}
    meti = replace(srcs["METI"], envelope=(1.0, 1.0, 1.0))
    broken(replace(data, sources=tuple(meti if s.id == "METI" else s for s in data.sources)), result,
           "METI .* above its envelope")
    # The fund's 60 arrives in FY2028 instead of FY2026: draws before it are overdrafts.
    late = replace(srcs["KPROG"], envelope=(0.0, 0.0, 60.0))
    broken(replace(data, sources=tuple(late if s.id == "KPROG" else s for s in data.sources)), result,
           "fund KPROG: .* drawn by FY2027, only 0.0 deposited")


def test_catches_capacities(solved):
    data, result = solved
    caps = tuple(replace(c, capacity=(50.0, 50.0, 50.0)) if c.id == "FTE-QT" else c for c in data.capacities)
    broken(replace(data, capacities=caps), result, "capacity FTE-QT")


def test_catches_floors_ceilings_and_critical_mass(solved):
    data, result = solved
    doms = {d.id: d for d in data.domains}
    for d, kw, match in (("AI", {"floor": 1e4}, "below its floor"), ("AI", {"ceiling": 1.0}, "above its ceiling"),
                         ("QT", {"floor_share": 0.9}, "below 0.9 of the budget"),
                         ("SHIP", {"ceiling_share": 0.01}, "above 0.01 of the budget"),
                         ("QT", {"critical_mass": 1e4}, "below its critical mass")):
        changed = replace(doms[d], **kw)
        broken(replace(data, domains=tuple(changed if x.id == d else x for x in data.domains)), result, match)


def test_catches_dependencies(solved):
    data, result = solved
    deps = list(data.dependencies)
    req = next(d for d in deps if d.kind == "requires")               # AI-APP requires AI-CLOUD, lag 1
    tighter = [replace(d, lag=5) if d is req else d for d in deps]
    broken(replace(data, dependencies=tuple(tighter)), result, "before AI-CLOUD's start")
    both = [replace(d, kind="excludes", lag=0) if d is req else d for d in deps]
    broken(replace(data, dependencies=tuple(both)), result, "exclude each other")
    grp = [replace(d, kind="at_most", k=0) if d.kind == "at_least" else d for d in deps]
    broken(replace(data, dependencies=tuple(grp)), result, "at_most 0")


def test_catches_program_flags_windows_and_locks(solved):
    data, result = solved
    broken(program(data, "QT-COMP", forbidden=True), result, "forbidden but funded")
    broken(program(data, "SHIP-AUV", mandatory=True), result, "mandatory/ongoing but not funded")
    broken(program(data, "AI-APP", latest_start=2026), result, "outside its window")
    broken(program(data, "QT-COMP", lock_level="拡充"), result, "locked at level")
    table = result.programs.copy()
    table.loc[table["id"] == "ONGO", "start_year"] = 2027
    broken(data, copy_result(result, programs=table), "ongoing but starts FY2027")


def test_catches_tails(solved):
    data, result = solved
    broken(replace(data, settings=replace(data.settings, tail_cap=1.0)), result, "exceeds the cap")
    broken(replace(data, settings=replace(data.settings, allow_tail=False)), result, "past the horizon")


def test_catches_a_wrong_objective_and_tables(solved):
    data, result = solved
    broken(data, copy_result(result, objective=result.objective + 1), "objective")
    doms = result.domains.copy()
    doms.loc[0, "total"] += 5
    broken(data, copy_result(result, domains=doms), "Domains table")


def test_catches_a_budget_not_scaled(solved):
    data, result = solved
    # Checked against a result solved at scale 0.5 as if it were unscaled: the checker uses the
    # result's scale, so a solution that spends the full budget is caught.
    half = portfolio.solve(data, scale=0.5, mip_gap=0.0)
    check_invariants(data, half)
    broken(data, replace(result, data=half.data), "exceeds the total budget")


def test_catches_a_spend_floor_missed_or_misreported(solved):
    data, result = solved
    # The example's floors (90, 100, none) hold; a floor above what the counted sources pay does not.
    spent = tuple(result.years["annual_spend"])
    check_invariants(data, result)
    broken(replace(data, spend_floor=(spent[0] + 1, 100.0, None)), result, "FY2026: spend .* below the spend floor")
    # A floor in a year the limit table has no row for, and a row whose limit is not the floor.
    broken(replace(data, spend_floor=(90.0, 100.0, 50.0)), result, "spend floor rows")
    binding = result.binding.copy()
    binding.loc[binding["family"] == "spend_floor", "limit"] += 1
    broken(data, copy_result(result, binding=binding), "spend floor used/limit")
