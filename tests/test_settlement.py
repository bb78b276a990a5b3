"""The three-stage payment settlement (portfolio.engine.payments, issue 17 §3).

Stage 1 (priority) and stage 2 (least year-to-year change of each source's share of each
program) are checked against brute force: on tiny models every split of every program-year's
cost into whole 億円 is enumerated, the splits that break a limit are dropped, and the
lexicographic optimum (priority cost, then total share change) is compared with what the
settlement reached — both recomputed here from the Allocation table, not from the solver. The
data are chosen so that the optimum lies on the grid of whole 億円.

Stage 3 makes the split unique: the MIP's own split does not matter, and a fixed portfolio of the
default model is paid the same with 1 and 2 threads.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import numpy as np
import pytest
from builders import Model
from invariants import eligible_shares

import portfolio
from portfolio.engine import payments
from portfolio.engine.solver import HighsSolver, SolveOptions, SolveOutcome
from portfolio.model import build_model

# -- the brute force ------------------------------------------------------------------------------


def _splits(total: int, n: int):
    """Every way of writing `total` as n whole non-negative parts."""
    if n == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _splits(total - first, n - 1):
            yield (first, *rest)


def _stage_values(data, pay: dict[tuple[str, str, int], float]) -> tuple[float, float]:
    """(priority cost, total year-to-year change of shares) of a split, from the rule as the docs state it."""
    kind = {s.id: s.kind for s in data.sources}
    lead = {p.id: p.lead for p in data.programs}
    cost = defaultdict(float)
    for (p, _, t), v in pay.items():
        cost[p, t] += v
    z1 = sum(v * (0 if kind[s] != "annual" else 1 if lead[p] == s else 2) for (p, s, t), v in pay.items())
    z2 = 0.0
    for p in data.programs:
        for s in eligible_shares(data, p):
            for t in data.years[1:]:
                if cost[p.id, t - 1] > 0 and cost[p.id, t] > 0:
                    z2 += abs(pay.get((p.id, s, t), 0.0) / cost[p.id, t]
                              - pay.get((p.id, s, t - 1), 0.0) / cost[p.id, t - 1])
    return z1, z2


def _fits(data, pay) -> bool:
    """Envelopes, fund balances and the total budget hold (costs are covered by construction)."""
    spent = defaultdict(float)
    for (_, s, t), v in pay.items():
        spent[s, t] += v
    for j, t in enumerate(data.years):
        if sum(spent[s.id, t] for s in data.sources if s.kind == "annual") > data.budget[j] + 1e-9:
            return False
        for s in data.sources:
            if s.kind == "fund":
                if sum(spent[s.id, u] for u in data.years if u <= t) > sum(s.envelope[:j + 1]) + 1e-9:
                    return False
            elif spent[s.id, t] > s.envelope[j] + 1e-9:
                return False
    return True


def brute_force(data, result) -> tuple[float, float]:
    """The lexicographic minimum of (priority, share change) over whole-億円 splits of the result's portfolio."""
    progs = data.program_by_id
    cells = []          # (program, year, sources, cost)
    for r in result.funded.itertuples():
        shares = eligible_shares(data, progs[r.id])
        for t in data.years:
            c = r._asdict()[f"FY{t}"]
            if c > 0:
                cells.append((r.id, t, sorted(shares), c))
    src = data.source_by_id
    options = []
    for p, t, srcs, c in cells:
        shares, j = eligible_shares(data, progs[p]), data.years.index(t)
        options.append([dict(zip(srcs, split)) for split in _splits(int(round(c)), len(srcs))
                        if all(v <= shares[s] * c + 1e-9 and (src[s].kind == "fund" or v <= src[s].envelope[j])
                               for s, v in zip(srcs, split))])
    best = (np.inf, np.inf)
    for combo in itertools.product(*options):
        pay = {(p, s, t): float(v) for (p, t, _, _), split in zip(cells, combo) for s, v in split.items()}
        if _fits(data, pay):
            z = _stage_values(data, pay)
            if z[0] < best[0] - 1e-9 or (abs(z[0] - best[0]) <= 1e-9 and z[1] < best[1]):
                best = z
    return best


def settled_values(data, result) -> tuple[float, float]:
    pay = {(r.program, r.source, int(r.year)): float(r.amount) for r in result.allocation.itertuples()}
    return _stage_values(data, pay)


def paid(result, program):
    a = result.allocation
    a = a[a["program"] == program]
    return {(r.source, int(r.year)): round(float(r.amount), 6) for r in a.itertuples()}


# -- tiny models ----------------------------------------------------------------------------------


def steady_model() -> Model:
    """A's lead has no money; two other ministries can each pay all of it, but M1 is short in
    FY2027 and M2 in FY2028. Priority cannot choose; steady shares can: half each, every year."""
    m = Model(years=(2026, 2028))
    m.source("L", envelope=0).source("M1", envelope=[10, 5, 10]).source("M2", envelope=[10, 10, 5])
    m.rule("L").rule("M1").rule("M2")
    m.program("A", cost=[10, 10, 10], value=5, lead="L")
    return m


def mixed_model() -> Model:
    """Two programs, a fund that only A may use (for at most half its cost) and that has money only
    from FY2027, leads short in one year each, and a total budget that binds in FY2026."""
    m = Model(years=(2026, 2027), budget=[16, 30])
    m.source("M1", envelope=[6, 10]).source("M2", envelope=[10, 4]).source("K", kind="fund", envelope=[0, 8])
    m.rule("M1").rule("M2").rule("K", "program", "A", max_share=0.5)
    m.program("A", cost=[8, 8], value=5, lead="M1")
    m.program("B", cost=[8, 8], value=4, lead="M2")
    return m


@pytest.mark.parametrize("build", [steady_model, mixed_model])
def test_stages_one_and_two_reach_the_brute_force_optimum(tmp_path, build):
    data = build().load(tmp_path)
    r = portfolio.solve(data, mip_gap=0.0)
    assert r.status == "optimal" and r.settlement.stage == 3
    z1, z2 = settled_values(data, r)
    b1, b2 = brute_force(data, r)
    assert z1 == pytest.approx(b1, abs=1e-5)
    assert z2 == pytest.approx(b2, abs=1e-5)
    # The stage values the settlement reports are the ones the table shows.
    assert r.settlement.priority == pytest.approx(b1, abs=1e-5)
    assert r.settlement.share_change == pytest.approx(b2, abs=1e-5)


def test_steady_shares_pay_half_each_every_year(tmp_path):
    r = steady_model().solve(tmp_path)
    assert paid(r, "A") == pytest.approx({("M1", y): 5.0 for y in (2026, 2027, 2028)}
                                         | {("M2", y): 5.0 for y in (2026, 2027, 2028)})


def test_even_split_of_a_tie(tmp_path):
    # Two other ministries, both able to pay everything every year: shares are steady whatever the
    # split, so only stage 3 decides, and it splits evenly.
    m = Model(years=(2026, 2027))
    m.source("L", envelope=0).source("M1").source("M2")
    m.rule("L").rule("M1").rule("M2")
    m.program("A", cost=[10, 30], value=5, lead="L")
    r = m.solve(tmp_path)
    assert paid(r, "A") == pytest.approx({("M1", 2026): 5, ("M2", 2026): 5, ("M1", 2027): 15, ("M2", 2027): 15})


def test_the_mips_own_split_does_not_matter(tmp_path):
    """Whatever split the MIP returned (here: three different ones), the settled split is the same."""
    data = mixed_model().load(tmp_path)
    pm = build_model(data)
    solver = HighsSolver(pm, SolveOptions(mip_gap=0.0))
    o = solver.solve()
    got = []
    for pay in (o.pay, np.zeros_like(o.pay), np.full_like(o.pay, 3.0)):
        s = payments.settle(solver, data, SolveOutcome(**{**o.__dict__, "pay": pay}))
        assert s.stage == 3
        got.append(s.pay)
    assert np.abs(got[0] - got[1]).max() < 1e-6 and np.abs(got[0] - got[2]).max() < 1e-6


def test_a_failed_stage_keeps_the_split_of_the_stage_before(tmp_path, monkeypatch):
    data = steady_model().load(tmp_path)
    monkeypatch.setattr(payments, "_run_even_split", lambda *a: False)
    r = portfolio.solve(data, mip_gap=0.0)
    assert r.settlement.stage == 2
    assert settled_values(data, r) == pytest.approx(brute_force(data, r), abs=1e-5)


# -- the default model ----------------------------------------------------------------------------


def test_default_portfolio_is_paid_the_same_with_one_and_two_threads():
    """The issue's case: the same portfolio of the default model was paid differently with
    --threads 1 and 2. One MIP solve gives the portfolio; it is settled on a model loaded with 1
    thread and on one loaded with 2, each from a different starting split."""
    data = portfolio.load_model(None)
    opts = SolveOptions(time_limit=60, mip_gap=1e-3, threads=1)
    one = HighsSolver(build_model(data), opts)
    o = one.solve()
    assert o.has_solution
    two = HighsSolver(build_model(data), SolveOptions(time_limit=60, mip_gap=1e-3, threads=2))
    a = payments.settle(one, data, o)
    b = payments.settle(two, data, SolveOutcome(**{**o.__dict__, "pay": np.zeros_like(o.pay)}))
    payments.settle(one, data, o)       # back to one thread: the process's pool is resized again
    assert a.stage == b.stage == 3
    assert np.abs(a.pay - b.pay).max() < 1e-6
    # and the shares are steady: AI-ROBO (the example) is paid by the same sources every year
    ix = one.pm.ix
    by_source = defaultdict(set)
    for (p, s, t), v in zip(ix.flows, a.pay):
        if p == "AI-ROBO" and v > 1e-6:
            by_source[s].add(t)
    years = set().union(*by_source.values())
    assert by_source and all(ts == years for ts in by_source.values()), dict(by_source)
