"""Stage gates (issue #21): the policy over the scenario tree against hand-worked values and brute force.

Every plan of every path found here is checked by the invariants through the solver's observers
(``solution_checks.check_solution``, with that path's own data) and, for the policy, again on its
result tables (``conftest.solutions``): budgets, envelopes, capacities, eligibility, dependencies,
mandatory and forbidden programs hold in every outcome path.
"""

from __future__ import annotations

import itertools
import random

import pytest
from builders import Model

from portfolio.analysis.gates import (
    gate_decisions,
    plan_table,
    solve_gated,
    spend_table,
)
from portfolio.engine.solver import SolveOptions
from portfolio.model.gates import all_paths, build_tree, events, n_paths

EXACT = SolveOptions(mip_gap=0.0, time_limit=60)


def gate(m: Model, program: str, year: int, outcomes: dict[str, float], options: dict[str, dict[str, tuple]]):
    """Gates and GateOptions rows: options[outcome][option] = (cost per follow-on year, value)."""
    m.sheets.setdefault("Gates", []).extend(
        {"program": program, "gate_year": year, "outcome": o, "probability": p} for o, p in outcomes.items())
    rows = m.sheets.setdefault("GateOptions", [])
    for o, opts in options.items():
        for oid, (cost, value) in opts.items():
            rows.append({"program": program, "outcome": o, "option": oid, "v": value,
                         **{f"y{k}": c for k, c in enumerate(cost, start=1)}})
    return m


def hand_model() -> Model:
    """Two programs, one gate each; budget 30 a year.

    A runs 2026–27 (10 a year, value 4); its gate in 2027: ok (½) → go 2028–29 (20 a year) worth 30,
    bad (½) → go worth 2. B runs 2026 (10, value 1); its gate in 2026: hi (0.4) → go 2027–29 (15 a
    year) worth 20, lo (0.6) → go worth 4. Both follow-ons do not fit together in 2028–29 (35 > 30).
    """
    m = Model(years=(2026, 2029), budget=30)
    m.program("A", cost=[10, 10], value=4)
    m.program("B", cost=[10], value=1)
    gate(m, "A", 2027, {"ok": 0.5, "bad": 0.5}, {"ok": {"go": ([20, 20], 30)}, "bad": {"go": ([20, 20], 2)}})
    gate(m, "B", 2026, {"hi": 0.4, "lo": 0.6}, {"hi": {"go": ([15, 15, 15], 20)}, "lo": {"go": ([15, 15, 15], 4)}})
    return m


def test_hand_worked_policy_flexibility_and_evpi(tmp_path, solutions):
    g = solve_gated(hand_model().load(tmp_path), EXACT, evpi=True)
    assert len(solutions) == 4         # each path's result tables were checked by the invariants
    assert g.method == "exact" and len(g.paths) == 4 and g.status == "optimal"
    # Policy: fund A and B now (5). B's outcome is known when 2027 begins. If hi, B's go (20) beats
    # waiting for A's gate (½·30 + ½·2 = 16); if lo, B's go (4) does not: wait, then A's go in
    # either outcome. 5 + 0.4·20 + 0.6·16 = 22.6.
    assert g.policy.objective == pytest.approx(22.6)
    # Committed now, the same whatever happens: A+B+A's go = 5 + 16 = 21 beats A+B+B's go =
    # 5 + 0.4·20 + 0.6·4 = 15.4. The value of flexibility is 1.6.
    assert g.committed.objective == pytest.approx(21.0)
    assert g.flexibility.value == pytest.approx(1.6)
    # Everything known at the start: hi&ok 30, hi&bad 20, lo&ok 30, lo&bad 4 → 5 + 0.2·30 + 0.2·20
    # + 0.3·30 + 0.3·4 = 25.2. A's gate known at the start gives the same (B's is known in time
    # anyway): EVPI of A's gate 2.6, of B's gate 0.
    assert g.perfect.objective == pytest.approx(25.2)
    assert g.evpi("gate:A").value == pytest.approx(2.6)
    assert g.evpi("gate:B").value == pytest.approx(0.0, abs=1e-9)
    d = gate_decisions(g).set_index(["program", "outcome"])
    assert d.loc[("B", "hi"), "decision"] == "go" and d.loc[("B", "lo"), "decision"] == "stop"
    a_ok = gate_decisions(g).query("program == 'A' and outcome == 'ok'")
    # A's decision depends on B's outcome: go when B was lo (0.6), A cannot when B went on (0.4).
    assert dict(zip(a_ok["decision"], a_ok["share"].round(9))) == {"go": 0.6, "stop": 0.4}
    plan = plan_table(g)
    now = plan[plan["stage"] == "now"]
    assert set(now["program"]) == {"A", "B"} and (now["probability"] == 1.0).all()
    spend = spend_table(g).set_index("year")
    assert spend.loc[2028, "max_spend"] == pytest.approx(20.0)      # A's go, or B's go: never both
    assert spend.loc[2027, "min_spend"] == pytest.approx(10.0) and spend.loc[2027, "max_spend"] == pytest.approx(25)
    assert (spend["max_spend"] <= spend["total_budget"] + 1e-6).all()


def test_committed_policy_perfect_ordering_and_equal_history(tmp_path):
    data = hand_model().load(tmp_path)
    g = solve_gated(data, EXACT, evpi=True)
    assert g.committed.objective <= g.policy.objective + 1e-7 <= g.perfect.objective + 2e-7
    for e in g.events:
        assert g.policy.objective - 1e-7 <= g.evpi_runs[e.id].objective <= g.perfect.objective + 1e-7
    # Decisions made in 2026 (before any outcome) are the same in every path.
    firsts = {tuple(sorted(o for o in r.portfolio() if o[2] <= 2026)) for r in g.path_results}
    assert len(firsts) == 1


# -- brute force over all policies ----------------------------------------------------------------


def random_gated(seed: int) -> Model:
    rnd = random.Random(seed)
    years = (2026, 2029)
    m = Model(years=years, budget=[rnd.choice([15, 20, 25, 30]) for _ in range(4)])
    n_prog = rnd.randint(2, 4)
    gated = rnd.sample(range(n_prog), rnd.randint(1, 2))
    for k in range(n_prog):
        dur = rnd.randint(1, 2)
        first = 2026 if k in gated else rnd.choice([2026, 2027])
        last = min(first + rnd.randint(0, 1), 2029 - dur + 1)
        if k in gated:
            last = first
        m.program(f"P{k}", cost=[rnd.randint(3, 12) for _ in range(dur)], value=rnd.randint(1, 10),
                  start=(first, last))
    for k in gated:
        dur = next(p["duration"] for p in m.programs if p["id"] == f"P{k}")
        year = rnd.choice(range(2026, min(2026 + dur, 2029)))
        n_out = rnd.randint(2, 3)
        probs = [rnd.randint(1, 5) for _ in range(n_out)]
        outs = {f"o{j}": p / sum(probs) for j, p in enumerate(probs)}
        opts = {}
        for o in outs:
            opts[o] = {f"x{i}": ([rnd.randint(3, 14) for _ in range(rnd.randint(1, 2029 - year))], rnd.randint(0, 20))
                       for i in range(rnd.randint(1, 2))}
        gate(m, f"P{k}", year, outs, opts)
    return m


def brute_force(data) -> float | None:
    """The best expected value over every policy, enumerated: at each (year, revealed history) the
    options that start then, chosen once per program; each path's plan checked against the yearly
    budget, one choice per program and "a follow-on needs its phase 1"."""
    from portfolio.model.gates import path_data

    evs = events(data)
    paths = all_paths(evs)
    first, last = data.settings.first_year, data.settings.last_year
    pdata = [path_data(data, evs, p) for p in paths]

    def options(d):
        out = []
        for p in d.programs:
            for lv in p.levels:
                for s in range(p.earliest_start, p.latest_start + 1):
                    if s + p.duration - 1 <= last:
                        out.append((p.id, lv.id, s))
        return out

    def history(i, year):
        return tuple(o if e.year < year else None for e, o in zip(evs, paths[i].outcomes))

    nodes: dict[tuple, list[int]] = {}
    for i in range(len(paths)):
        for y in range(first, last + 1):
            nodes.setdefault((y, history(i, y)), []).append(i)
    node_list = sorted(nodes)
    # the starts available at a node: the options of its year (the same in each of its paths)
    avail = {}
    for node in node_list:
        y = node[0]
        sets = [frozenset(o for o in options(pdata[i]) if o[2] == y) for i in nodes[node]]
        assert len(set(sets)) == 1
        avail[node] = sorted(sets[0])

    def subsets(opts):
        by_prog: dict[str, list] = {}
        for o in opts:
            by_prog.setdefault(o[0], []).append(o)
        choices = [[None] + v for v in by_prog.values()]
        for combo in itertools.product(*choices):
            yield [o for o in combo if o is not None]

    per_node = [list(subsets(avail[n])) for n in node_list]
    total = 1
    for c in per_node:
        total *= len(c)
    if total > 300_000:
        return "skip"
    best = None
    for combo in itertools.product(*per_node):
        plans = [[] for _ in paths]
        for node, chosen in zip(node_list, combo):
            for i in nodes[node]:
                plans[i].extend(chosen)
        value = 0.0
        for i, plan in enumerate(plans):
            v = _path_value(pdata[i], plan, first, last)
            if v is None:
                value = None
                break
            value += paths[i].probability * v
        if value is not None and (best is None or value > best):
            best = value
    return best


def _path_value(d, plan, first, last):
    progs = [o[0] for o in plan]
    if len(set(progs)) != len(progs):
        return None
    spend = [0.0] * (last - first + 1)
    value = 0.0
    for pid, lid, s in plan:
        p = d.program_by_id[pid]
        lv = p.level(lid)
        for j, c in enumerate(lv.cost):
            spend[s + j - first] += c
        value += lv.scores["v"]
    for p in d.programs:
        if p.mandatory and p.id not in progs:
            return None
    for dep in d.dependencies:
        if dep.kind == "requires" and dep.program in progs and dep.target not in progs:
            return None
    if any(s > b + 1e-9 for s, b in zip(spend, d.budget)):
        return None
    return value


@pytest.mark.parametrize("seed", range(12))
def test_brute_force_small_random_gated_models(tmp_path, seed):
    # A draw with too many policies to enumerate is replaced by the next one (seed + 100, …).
    for draw in range(seed, seed + 1000, 100):
        data = random_gated(draw).load(tmp_path)
        assert n_paths(events(data)) <= 9
        expected = brute_force(data)
        if expected != "skip":
            break
    g = solve_gated(data, EXACT)
    if expected is None:
        assert g.status == "infeasible"
        return
    assert g.status == "optimal"
    assert g.policy.objective == pytest.approx(expected, abs=1e-6)
    assert g.committed.objective <= g.policy.objective + 1e-6 <= g.perfect.objective + 2e-6


@pytest.mark.parametrize("seed", range(4))
def test_shared_node_variables_and_linking_rows_give_the_same_optimum(tmp_path, seed):
    """The tree with one variable per node (the default) and with a variable per path linked by rows are
    the same MIP: the same optimal value in the policy, the committed plan and perfect information."""
    from portfolio.engine.gates import solve_tree

    data = random_gated(seed).load(tmp_path)
    evs, paths = events(data), all_paths(events(data))
    first = data.settings.first_year
    for kw in ({}, {"commit": True}, {"reveal": {e.id: first - 1 for e in evs}}):
        a = solve_tree(build_tree(data, evs, paths, **kw), EXACT)
        b = solve_tree(build_tree(data, evs, paths, links="rows", **kw), EXACT)
        assert a.status == b.status
        if a.has_solution:
            assert a.objective == pytest.approx(b.objective, abs=1e-6)
            assert a.n_columns <= b.n_columns


@pytest.mark.parametrize("seed", range(4))
def test_outcomes_known_at_the_start_solved_as_separate_subtrees_give_the_whole_tree_optimum(tmp_path, seed):
    """Perfect information and each gate's EVPI run are solved as independent subtrees and added up; the
    sum is the optimum of the whole tree with the same outcomes known at the start."""
    from portfolio.analysis.gates import solve_known_at_start
    from portfolio.engine.gates import solve_tree

    data = random_gated(seed).load(tmp_path)
    evs, paths = events(data), all_paths(events(data))
    first = data.settings.first_year
    for reveal in [{e.id: first - 1 for e in evs}] + [{e.id: first - 1} for e in evs]:
        whole = solve_tree(build_tree(data, evs, paths, reveal=reveal), EXACT)
        apart = solve_known_at_start(data, evs, paths, EXACT, reveal, None, None)
        assert apart.status == whole.status
        if whole.has_solution:
            assert apart.objective == pytest.approx(whole.objective, abs=1e-6)
            assert sum(p.probability * v for p, v in zip(paths, apart.values)) == pytest.approx(apart.objective)


def test_tree_model_links_by_history(tmp_path):
    """Rows of non-anticipativity exist in the row form; in the shared form paths with the same history
    share one column (fewer columns than rows-form, none of its linking rows), and a committed tree
    links every choice."""
    data = hand_model().load(tmp_path)
    evs = events(data)
    policy = build_tree(data, evs, all_paths(evs), links="rows")
    committed = build_tree(data, evs, all_paths(evs), commit=True, links="rows")
    assert len(committed.m.nonanticipative) > len(policy.m.nonanticipative) > 0
    shared = build_tree(data, evs, all_paths(evs))
    shared_committed = build_tree(data, evs, all_paths(evs), commit=True)
    assert len(shared.m.nonanticipative) == 0
    n_rows_form = sum(len(b.choose) for b in policy.m.paths.values())
    assert len(shared_committed.m.node_choose) < len(shared.m.node_choose) < n_rows_form
    # the choice of the first year is decided before any outcome: one column for all paths
    b0, b1 = shared.m.paths[0], shared.m.paths[len(shared.paths) - 1]
    first = data.settings.first_year
    common = [o for o in b0.choose if o[2] == first and o in b1.choose]
    assert common and all(b0.choose[o] is b1.choose[o] for o in common)


def rich_model() -> Model:
    """Every kind of rule around gated programs: a fund and two ministries with envelopes, an eligibility
    rule naming the gated program (its follow-on inherits it), a capacity the follow-on uses through the
    level it names, a mandatory and a forbidden program, a requires, a spend floor."""
    m = Model(years=(2026, 2029), budget=40, spend_floor=[5, 5, None, None])
    m.source("A", envelope=[40, 30, 30, 30])
    m.source("B", envelope=[10, 10, 10, 10])
    m.source("F", kind="fund", envelope=[20, 0, 0, 0])
    m.rule("F", "program", "G", 0.5)
    m.rule("B", "program", "G", 0.3)
    m.capacity("FTE", [10, 10, 10, 10])
    m.program("G", levels={"std": ([10, 10], 6), "big": ([14, 14], 8)}, use={"FTE": 4})
    m.program("H", cost=[8, 8], value=3, start=(2026, 2027))
    m.program("M", cost=[5], value=1, mandatory=True)
    m.program("X", cost=[1], value=50, forbidden=True)
    m.program("R", cost=[6, 6], value=4, start=(2027, 2028))
    m.requires("R", "H")
    gate(m, "G", 2027, {"ok": 0.5, "mid": 0.3, "bad": 0.2},
         {"ok": {"go": ([16, 16], 25)}, "mid": {"go": ([16, 16], 9), "small": ([8, 8], 6)}, "bad": {"go": ([16], 1)}})
    m.sheets["GateOptions"].append({"program": "G", "outcome": "ok", "option": "asis", "level": "big"})
    gate(m, "H", 2027, {"yes": 0.6, "no": 0.4}, {"yes": {"go": ([9, 9], 12)}, "no": {"go": ([9, 9], 2)}})
    return m


def test_every_rule_holds_in_every_outcome_path(tmp_path, solutions):
    """Each path's plan of each run is checked by the invariants (the observers, with that path's data:
    budget, spend floor, envelopes, fund balance, eligibility shares, capacity, dependencies, mandatory,
    forbidden); the policy's result tables again by the pipeline's build_result."""
    from solution_checks import CHECKED

    data = rich_model().load(tmp_path)
    before = len(CHECKED)
    g = solve_gated(data, EXACT, evpi=True)
    assert g.status == "optimal" and len(g.paths) == 6
    # 6 paths in each of policy, committed, perfect and 2 EVPI runs, 1 without gates: 31 plans checked
    assert len(CHECKED) - before == 6 * 5 + 1
    assert len(solutions) == 6
    for res in g.path_results:
        f = res.programs.set_index("id")
        assert bool(f.loc["M", "funded"]) and not bool(f.loc["X", "funded"])
        if "G@gate" in f.index and bool(f.loc["G@gate", "funded"]):
            paid = res.allocation[res.allocation["program"] == "G@gate"].groupby("source")["amount"].sum()
            cost = float(f.loc["G@gate", "cost_in_horizon"])
            assert paid.get("F", 0.0) <= 0.5 * cost + 1e-6 and paid.get("B", 0.0) <= 0.3 * cost + 1e-6
    assert g.committed.objective <= g.policy.objective + 1e-7 <= g.perfect.objective + 2e-7


def test_gates_of_one_group_share_their_outcome(tmp_path):
    m = Model(years=(2026, 2029), budget=30)
    m.program("A", cost=[10, 10], value=4)
    m.program("B", cost=[10, 10], value=4)
    for p in ("A", "B"):
        gate(m, p, 2027, {"ok": 0.5, "bad": 0.5}, {"ok": {"go": ([10, 10], 10)}, "bad": {"go": ([10, 10], 1)}})
        for r in m.sheets["Gates"]:
            if r["program"] == p:
                r["group"] = "tech"
    data = m.load(tmp_path)
    assert n_paths(events(data)) == 2
    g = solve_gated(data, EXACT)
    # One event, 2 paths. Both phase 1s (8); both follow-ons fit (10 + 10 ≤ 30) and are worth going on
    # in either outcome (10 each when ok, 1 each when bad): 8 + ½·20 + ½·2 = 19.
    assert g.policy.objective == pytest.approx(19.0)
