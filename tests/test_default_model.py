"""The embedded default model (models/default.xlsx) and the scenario files shipped in scenarios/.

Every check recomputes what it asserts from the inputs and the result tables; nothing here
hard-codes a solution. The base model is solved once per module; each scenario once, through the
command line, as a planner would run it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
import yaml

from portfolio import cli
from portfolio.api import default_model_path, load_model, load_with_scenario, solve

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "default.xlsx"
GATED = ROOT / "models" / "default_gated.xlsx"
#: Scenarios of the default model (no_gates.yaml is a scenario of models/default_gated.xlsx, tested below).
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.stem != "no_gates")
TOL = 1e-6

NATIONAL_STRATEGIC = {"AI・先端ロボット", "量子", "半導体・通信", "バイオ・ヘルスケア", "フュージョン", "宇宙"}
EMERGING = {"造船", "航空", "デジタル・サイバーセキュリティ", "農林水産", "資源・エネルギー安全保障・環境",
            "防災・国土強靱化", "創薬・医療", "製造・材料", "物流", "海洋"}
MINISTRIES = {"CAO", "MEXT", "METI", "MOD", "MIC", "MHLW", "MAFF", "MLIT"}
INSTRUMENTS = {"KPROG", "ANZEN", "SBIR", "SECBASE", "TESTBED", "COMPUTE", "INST", "INTL", "EXCH", "STARTSEC",
               "CHALLENGE"}


@pytest.fixture(scope="module")
def data():
    return load_model(None)


@pytest.fixture(scope="module")
def result(data):
    return solve(data)


# ---------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------


def test_embedded_copy_is_models_default():
    assert default_model_path().read_bytes() == MODEL.read_bytes()


def test_default_is_valid_with_every_domain_source_instrument_and_rule(data):
    assert not data.warnings, [w.render("en") for w in data.warnings]
    st = data.settings
    assert (st.first_year, st.last_year) == (2026, 2030)
    assert st.confidentiality and st.mip_gap == pytest.approx(0.001) and st.late_start_discount > 0
    # 16 domains: 6 national strategic and 10 emerging/foundational, with their Japanese names
    groups = defaultdict(set)
    for d in data.domains:
        groups[d.group].add(d.name_ja)
    assert groups["national_strategic"] == NATIONAL_STRATEGIC
    assert groups["emerging_foundational"] == EMERGING
    # funding sources: the eight ministries (annual), two funds, external co-funding
    kinds = defaultdict(set)
    for s in data.sources:
        kinds[s.kind].add(s.id)
        assert len(s.envelope) == 5 and all(e > 0 for e in s.envelope)
    assert MINISTRIES <= kinds["annual"]
    assert len(kinds["fund"]) >= 2 and kinds["external"]
    assert any("Kプログラム" in s.name_ja for s in data.sources if s.kind == "fund")
    assert any("宇宙戦略基金" in s.name_ja for s in data.sources if s.kind == "fund")
    # programs: at least 60, every instrument, 2-3 levels with a multi-year profile and every score
    assert len(data.programs) >= 60
    assert INSTRUMENTS <= {p.instrument for p in data.programs}
    for p in data.programs:
        assert 2 <= len(p.levels) <= 3, p.id
        assert p.fundable, p.id
        for lv in p.levels:
            assert set(lv.scores) == {c.id for c in data.criteria}, p.id
            assert sum(1 for c in lv.cost if c > 0) >= 2, (p.id, lv.id)
    ongoing = [p for p in data.programs if p.ongoing]
    assert len(ongoing) >= 3 and all(p.earliest_start < 2026 for p in ongoing)
    assert any(p.previous_year is not None for p in data.programs)
    assert any(s.previous_year is not None for s in data.sources) and data.budget_previous is not None
    # dependencies: AI programs require the sovereign compute; a mutual exclusion; a group
    compute = {p.id for p in data.programs if p.instrument == "COMPUTE"}
    kinds = {d.kind for d in data.dependencies}
    assert {"requires", "excludes", "at_least"} <= kinds
    ai_needing_compute = {d.program for d in data.dependencies if d.kind == "requires" and d.target in compute
                          and data.program_by_id[d.program].domain == "AI"}
    assert len(ai_needing_compute) >= 3
    # capacities: researcher FTE by domain, test facilities, secure sites, all used by some program
    used = {r for p in data.programs for lv in p.levels for r in lv.use}
    assert {c.id for c in data.capacities} <= used
    assert sum(c.id.startswith("FTE") for c in data.capacities) >= 2


def test_institute_is_mandatory_from_fy2026(data):
    inst = [p for p in data.programs if p.instrument == "INST"]
    assert len(inst) == 1
    p = inst[0]
    assert p.name_ja.startswith("重要技術戦略研究所")
    assert p.mandatory and p.earliest_start == p.latest_start == 2026


def test_budget_is_calibrated_to_bind(data):
    """About 70-85 % of the total ask can be paid, recomputed from the workbook: the civil total
    budget, plus each source outside it (MOD's research money, the funds, the partners) up to what
    the programs it may pay can take (a partner matching at ratio r at most r/(1+r) of a program)."""
    first, last = data.years[0], data.years[-1]

    def ask(p):
        lv = next(x for x in p.levels if x.id == "標準")
        start = first if p.ongoing else p.earliest_start
        return sum(c for k, c in enumerate(lv.cost) if start + k <= last)

    total_ask = sum(ask(p) for p in data.programs)
    available = data.budget_total
    for s in data.sources:
        if s.counts_in_budget:
            continue
        cap = 1.0 if s.match_ratio is None else s.match_ratio / (1 + s.match_ratio)
        payable = sum(ask(p) * min(p.shares[s.id], cap) for p in data.programs if s.id in p.shares)
        available += min(sum(s.envelope), payable)
    ratio = available / total_ask
    assert 0.70 <= ratio <= 0.85, ratio
    # the civil envelopes together exceed the total budget, so the budget is the binding total
    assert sum(sum(s.envelope) for s in data.sources if s.counts_in_budget) > data.budget_total


def test_mod_research_money_is_set_apart_from_the_civil_budget(data):
    mod = data.source_by_id["MOD"]
    assert mod.kind == "annual" and not mod.in_total_budget
    assert all(s.in_total_budget for s in data.sources if s.kind == "annual" and s.id != "MOD")
    # its envelope starts from the 507 億円 of new research contracts in FY2026 [S7], plus awarded
    # projects' remaining payments, and grows after FY2026 (例示)
    assert mod.envelope[0] >= 507 and list(mod.envelope) == sorted(mod.envelope)
    # the civil budget alone is at least FY2025's civil total in every year, and the civil ministries
    # must spend at least that much (the spend floor): MOD's money adds, it does not displace
    assert data.budget_previous == 3649 and min(data.budget) >= data.budget_previous
    assert data.spend_floor == (3649,) * len(data.years)
    # 安全保障技術研究推進制度 can grow (充実): it has a level above its current size
    anzen = data.program_by_id["ANZEN"]
    std = next(lv for lv in anzen.levels if lv.id == "標準")
    assert any(lv.id == "拡充" and sum(lv.cost) > sum(std.cost) for lv in anzen.levels)


def test_partners_match_and_programs_create_capacity(data):
    partners = [s for s in data.sources if s.kind == "external"]
    assert len(partners) >= 2 and all(s.match_ratio for s in partners)
    creators = {p.id for p in data.programs for lv in p.levels if lv.gain}
    assert {"HR-AI", "HR-QT"} <= creators                                  # talent that grows
    gained = {c for p in data.programs for lv in p.levels for c in lv.gain}
    assert {"FTE-AI", "FTE-QT", "SECURE", "CLEAR"} <= gained               # and research security
    assert sum(p.private_leverage > 0 for p in data.programs) >= 10


def test_every_program_is_fundable_on_its_own():
    """build_default.py's checker, run on the shipped workbook: each program forced in, with every
    money limit dropped, has a feasible plan (OC-MDA once could not: its prerequisite's lag)."""
    build = _build_default()
    assert build.check_fundable_alone(MODEL) == []


def test_the_fundable_check_finds_a_program_its_prerequisite_starts_too_late_for(tmp_path):
    from builders import Model

    # B requires A with a one-year lag, but both can only start in 2026 (OC-MDA's old bug); C costs
    # more than any budget here, which the check ignores: it drops every money limit.
    m = Model(years=(2026, 2028), budget=10)
    m.program("A", cost=[5, 5], value=3, start=(2026, 2026))
    m.program("B", cost=[5, 5], value=3, start=(2026, 2026))
    m.program("C", cost=[500, 500], value=3)
    m.requires("B", "A", lag=1)
    assert _build_default().check_fundable_alone(m.write(tmp_path)) == ["B: infeasible when forced in without money "
                                                                         "limits"]


def _build_default():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_default", ROOT / "models" / "build_default.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# The base solve
# ---------------------------------------------------------------------------------------------


def test_default_solves_to_optimality_within_its_gap(data, result):
    assert result.status == "optimal"
    assert result.gap is not None and result.gap <= data.settings.mip_gap + 1e-9
    assert result.objective <= result.bound + 1e-6 * abs(result.bound)
    # How long it takes (≈ 1 s on one core) is measured by benchmarks/run.py (default_solve_seconds).


def test_institute_is_funded_from_fy2026(result):
    row = result.programs.set_index("instrument").loc["INST"]
    assert bool(row["funded"]) and int(row["start_year"]) == 2026 and row["FY2026"] > 0


def test_budget_binds(data, result):
    # The budget binds: programs are left out, nearly all of it is spent, and more budget buys
    # more value. (Year-by-year slack can be positive: after the MIP, the money split is settled
    # with funds and co-funding first — portfolio.engine.payments — which leaves annual budget unused
    # where no further whole program fits.)
    years = result.years
    assert (years["annual_spend"] <= years["total_budget"] + TOL).all()
    assert result.spend_total >= 0.95 * data.budget_total
    assert (~result.programs["funded"]).any()
    richer = solve(data, scale=1.1)
    assert richer.objective > result.objective * (1 + data.settings.mip_gap)


def test_a_planner_sees_real_choices(data, result):
    """Issue 18's "done when": at most 85 % of the programs funded, at least three at 拡充, 縮小 where
    a program's curve makes it worth it but not everywhere, and civil annual spend at least
    FY2025's 3,649 億円 in every year (MOD's money comes on top)."""
    progs = result.programs
    funded = progs[progs["funded"]]
    assert len(funded) <= 0.85 * len(progs)
    levels = funded["level"].value_counts()
    assert levels.get("拡充", 0) >= 3
    assert levels.get("縮小", 0) < levels.get("標準", 0)
    years = result.years.set_index("year")
    assert (years["annual_spend"] >= data.budget_previous - TOL).all()
    assert (years["outside_budget_spend"] > 0).all()
    # some program at 拡充 is there for its increasing returns (more value per 億円 than at 標準)
    assert any(_per_oku(data.program_by_id[pid], "拡充") > _per_oku(data.program_by_id[pid], "標準")
               for pid in funded[funded["level"] == "拡充"]["id"])


def _per_oku(p, level: str) -> float:
    lv = p.level(level)
    return sum(lv.scores.values()) / sum(lv.cost)


def test_value_curves_differ_by_program(data):
    """縮小 is not a uniform bargain any more: the value kept per 億円 at 縮小 differs by the kind of
    effort, is below 標準's for programs that need a critical mass, and some programs gain value per
    億円 at 拡充 (勝ち筋)."""
    reduced = {round(_per_oku(p, "縮小") / _per_oku(p, "標準"), 2) for p in data.programs
               if not p.ongoing and any(lv.id == "縮小" for lv in p.levels)}
    expanded = {round(_per_oku(p, "拡充") / _per_oku(p, "標準"), 2) for p in data.programs
                if not p.ongoing and any(lv.id == "拡充" for lv in p.levels)}
    assert len(reduced) >= 4 and min(reduced) < 0.6 and max(reduced) > 1.0
    assert max(expanded) > 1.05 and min(expanded) < 0.9


def test_readme_figures_are_current(result):
    """models/README.md quotes the calibration and the base solve from a block build_default.py
    generates; it must be what the shipped model gives now (rerun models/build_default.py)."""
    build = _build_default()
    text = (ROOT / "models" / "README.md").read_text(encoding="utf-8")
    assert build.readme_block(text) == build.readme_figures(build.calibration(), result)


def test_only_schemes_are_reduced(data, result):
    """models/README.md says so: 縮小 is chosen only where the curve keeps value per 億円 (公募型, many
    independent awards: a smaller round keeps the best ones)."""
    funded = result.funded
    reduced = funded[funded["level"] == "縮小"]["id"]
    assert len(reduced) and all(_per_oku(data.program_by_id[p], "縮小") > _per_oku(data.program_by_id[p], "標準")
                                for p in reduced)


def test_floors_envelopes_and_limits_hold(data, result):
    """Recompute every limit from the Allocation and Programs tables."""
    years = list(data.years)
    progs = result.programs.set_index("id")
    alloc = result.allocation
    paid = alloc.groupby(["program", "year"])["amount"].sum()
    # each funded program's yearly cost is paid in full, and only by eligible sources within their share
    for pid, row in progs.iterrows():
        for y in years:
            cost = float(row[f"FY{y}"])
            assert abs(float(paid.get((pid, y), 0.0)) - cost) <= 1e-5 * max(1.0, cost), (pid, y)
    for r in alloc.itertuples():
        shares = data.program_by_id[r.program].shares
        assert r.source in shares, (r.program, r.source)
        assert r.amount <= shares[r.source] * float(progs.at[r.program, f"FY{r.year}"]) + 1e-5, r
    by_source_year = alloc.groupby(["source", "year"])["amount"].sum()
    annual_by_year = defaultdict(float)
    for s in data.sources:
        spent = [float(by_source_year.get((s.id, y), 0.0)) for y in years]
        if s.kind == "fund":
            cum_spent = cum_dep = 0.0
            for x, dep in zip(spent, s.envelope):
                cum_spent, cum_dep = cum_spent + x, cum_dep + dep
                assert cum_spent <= cum_dep + 1e-5, s.id
        else:
            for x, env in zip(spent, s.envelope):
                assert x <= env + 1e-5, (s.id, x, env)
        if s.counts_in_budget:          # MOD's research money is set apart, on top of the total budget
            for y, x in zip(years, spent):
                annual_by_year[y] += x
    for y, b in zip(years, data.budget):
        assert annual_by_year[y] <= b + 1e-5, y
    # domain floors, ceilings and critical mass on horizon spend from every kind of source
    fy = [f"FY{y}" for y in years]
    horizon_total = data.budget_total
    for d in data.domains:
        members = progs[progs["domain"] == d.id]
        spend = float(members[fy].to_numpy().sum())
        if d.floor:
            assert spend >= d.floor - 1e-5, d.id
        if d.ceiling is not None:
            assert spend <= d.ceiling + 1e-5, d.id
        if d.floor_share:
            assert spend >= d.floor_share * horizon_total - 1e-5, d.id
        if d.ceiling_share is not None:
            assert spend <= d.ceiling_share * horizon_total + 1e-5, d.id
        if d.critical_mass and members["funded"].any():
            assert spend >= d.critical_mass - 1e-5, d.id
    assert any(d.floor for d in data.domains)
    # capacities: recomputed from the levels' use and the years each funded program runs
    use = defaultdict(float)
    created = defaultdict(float)
    for pid, row in progs[progs["funded"]].iterrows():
        lv = data.program_by_id[pid].level(row["level"])
        for y in years:
            if int(row["start_year"]) <= y <= int(row["end_year"]):
                for r, u in lv.use.items():
                    use[(r, y)] += u
            for r, (gain, lag) in lv.gain.items():      # from the start plus the lag, while it runs and after
                if y >= int(row["start_year"]) + lag:
                    created[(r, y)] += gain
    for c in data.capacities:
        for y, cap in zip(years, c.capacity):
            assert use[(c.id, y)] <= cap + created[(c.id, y)] + 1e-6, (c.id, y)
    # dependencies and mandatory / ongoing programs
    funded = progs["funded"].to_dict()
    for d in data.dependencies:
        if d.kind == "requires" and funded[d.program]:
            assert funded[d.target], d
            tgt = data.program_by_id[d.target]
            t_start = tgt.earliest_start if tgt.ongoing else int(progs.at[d.target, "start_year"])
            assert int(progs.at[d.program, "start_year"]) >= t_start + d.lag, d
        elif d.kind == "excludes":
            assert not (funded[d.program] and funded[d.target]), d
        elif d.kind == "at_least":
            assert sum(funded[m] for m in d.members) >= d.k, d
    for p in data.programs:
        if p.mandatory or p.ongoing:
            assert funded[p.id], p.id
    if data.settings.allow_tail:
        assert float(progs["tail_cost"].sum()) <= data.settings.tail_cap + 1e-5


# ---------------------------------------------------------------------------------------------
# Scenario files, through the command line
# ---------------------------------------------------------------------------------------------


def _expected_overrides(spec: dict) -> dict[str, object]:
    """The override keys a scenario file should produce, with the value each should carry."""
    out: dict[str, object] = {}
    for k, v in (spec.get("budget") or {}).items():
        out["budget" if k == "scale" else f"budget.{k}"] = v
    for k, v in (spec.get("weights") or {}).items():
        out[f"weights.{k}"] = v
    progs = spec.get("programs") or {}
    for kind in ("force_in", "force_out"):
        ids = progs.get(kind) or []
        for pid in ids if isinstance(ids, list) else [ids]:
            out[f"programs.{pid}"] = "in" if kind == "force_in" else "out"
    for pid, lock in (progs.get("lock") or {}).items():
        out[f"programs.{pid}"] = lock
    for kind in ("envelopes", "capacities"):
        for key, per_year in (spec.get(kind) or {}).items():
            for k, v in per_year.items():
                out[f"{kind}.{key}" if k == "scale" else f"{kind}.{key}.{k}"] = v
    for dom, lim in (spec.get("domains") or {}).items():
        for k, v in lim.items():
            out[f"domains.{dom}.{k}"] = v
    for k, v in (spec.get("settings") or {}).items():
        out[f"settings.{k}"] = v
    return out


def _run_sheet_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        ws = wb["実行情報"]
        return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    finally:
        wb.close()


def _solve_cli(capsys, args: list[str]) -> tuple[int, dict, str]:
    code = cli.main(["solve", *args, "--json"])
    cap = capsys.readouterr()
    return code, json.loads(cap.out) if cap.out.strip() else {}, cap.err


def test_gated_default_is_the_default_with_four_illustrative_gates():
    """models/default_gated.xlsx (issue #21): the default model plus the gates build_default.py lists, on
    the K Program, quantum computing, hypersonic propulsion and SBIR Phase 3, every outcome labelled 例示;
    without its gates (scenarios/no_gates.yaml) it is the default model. Not solved here: its gated solve
    takes minutes (benchmarks/RESULTS.md, "#21 stage gates")."""
    from portfolio.model.gates import events, n_paths

    build = _build_default()
    gated, plain = load_model(GATED), load_model(MODEL)
    assert not gated.warnings
    assert {g.program for g in gated.gates} == {g[0] for g in build.GATES}
    instruments = {plain.program_by_id[g.program].instrument for g in gated.gates}
    assert {"KPROG", "SBIR"} <= instruments
    assert {"QT-COMP", "K-HYP"} <= {g.program for g in gated.gates}
    assert n_paths(events(gated)) == 16
    _, o_rows = build.gate_rows()
    for g in gated.gates:
        assert g.year == next(x[1] for x in build.GATES if x[0] == g.program)
        assert sum(o.probability for o in g.outcomes) == pytest.approx(1.0)
        assert all("例示" in o.name_ja and "illustrative" in o.name_en for o in g.outcomes)
        assert sum(len(o.options) for o in g.outcomes) == sum(1 for r in o_rows if r["program"] == g.program)
    no_gates = load_with_scenario(None, str(ROOT / "scenarios" / "no_gates.yaml"))
    assert not no_gates.gates and no_gates.scenario == "no_gates"
    assert no_gates.programs == plain.programs and no_gates.budget == plain.budget


def test_shipped_scenarios_are_there():
    names = {p.stem for p in SCENARIOS} | {"no_gates"}
    assert {"base", "budget_minus_20", "budget_plus_20", "security_first", "economy_first"} <= names
    assert set(MOVES) <= names
    assert any((yaml.safe_load(p.read_text(encoding="utf-8")).get("programs") or {}).get("force_out")
               for p in SCENARIOS)


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario_solves_and_shows_its_overrides(path, data, result, tmp_path, capsys):
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert spec["name"] and spec["description"] and spec.get("base") == "default"
    assert any("\u3040" <= ch <= "\u9fff" for ch in spec["description"])     # a Japanese description
    out = tmp_path / f"{path.stem}.xlsx"
    code, js, err = _solve_cli(capsys, ["--scenario", str(path), "-o", str(out)])
    assert code == 0, err
    assert js["status"] == "optimal" and js["gap"] <= data.settings.mip_gap + 1e-9
    assert js["scenario"] == spec["name"]
    expected = _expected_overrides(spec)
    got = {o["key"]: o for o in js["overrides"]}
    assert set(got) == set(expected)
    for o in got.values():
        assert o["origin"].startswith(path.name)
    run = _run_sheet_text(out)
    for key in expected:
        assert key in run, key
    # the overrides change the solve the way they say
    funded = {p["id"]: p for p in js["programs"]}
    if "budget" in expected:
        assert js["budget_total"] == pytest.approx(data.budget_total * expected["budget"])
        assert js["spend_total"] <= js["budget_total"] + 1e-5
    weights = {k.split(".", 1)[1]: v for k, v in expected.items() if k.startswith("weights.")}
    if weights:
        raw = {c.id: weights.get(c.id, c.weight) for c in data.criteria}
        for cid, w in raw.items():
            assert js["weights"][cid] == pytest.approx(w / sum(raw.values()))
    for key, value in expected.items():
        if key.startswith("programs."):
            pid = key.split(".", 1)[1]
            if value == "out":
                assert not funded[pid]["funded"]
                dependants = [d.program for d in data.dependencies if d.kind == "requires" and d.target == pid]
                assert all(not funded[q]["funded"] for q in dependants)
            elif value == "in":
                assert funded[pid]["funded"]
            else:
                assert funded[pid]["funded"] and funded[pid]["level"] == value["level"]
                assert funded[pid]["start_year"] == value["start"]
        elif key.startswith("domains.") and key.endswith(".floor"):
            dom = key.split(".")[1]
            assert js["spend_by_domain"][dom] >= value - 1e-5
        elif key.startswith("envelopes.") and key.count(".") == 2:
            src, year = key.split(".")[1:]
            env = dict(zip((f"FY{y}" for y in data.years), data.source_by_id[src].envelope))
            assert env[year] != value            # the file really changes the model
    if not expected:
        assert js["objective"] == pytest.approx(result.objective, rel=2 * data.settings.mip_gap)
    if path.stem in MOVES:
        MOVES[path.stem](data, result, js)


# What each policy-lever scenario must do to the plan, beyond applying its overrides.
def _worse(data, result, js) -> bool:
    return js["objective"] < result.objective * (1 - data.settings.mip_gap)


def _mod_budget_up(data, result, js):
    # MOD's money comes on top: more of it is spent, 推進制度 grows (充実), more is funded, and the
    # civil budget is still spent as before
    base_mod = float(result.sources.set_index("id").at["MOD", "total"])
    assert js["spend_by_source"]["MOD"] > base_mod * 1.2
    funded = {p["id"]: p for p in js["programs"] if p["funded"]}
    assert funded["ANZEN"]["level"] == "拡充"
    assert len(funded) > int(result.programs["funded"].sum())
    assert js["objective"] > result.objective * (1 + data.settings.mip_gap)


def _no_partner_money(data, result, js):
    partners = [s.id for s in data.sources if s.kind == "external"]
    assert all(js["spend_by_source"].get(s, 0.0) <= 1e-6 for s in partners)
    assert sum(float(result.sources.set_index("id").at[s, "total"]) for s in partners) > 0
    assert _worse(data, result, js)


def _private_leverage_floor(data, result, js):
    floor = 12000
    assert result.private_investment < floor <= js["private_investment"] + 1e-6
    assert _worse(data, result, js)


def _strict_research_security(data, result, js):
    # less secure capacity: the plan is worse, and builds more of the secure capacity it can create
    creators = {p.id for p in data.programs for lv in p.levels if {"SECURE", "CLEAR"} & set(lv.gain)}
    now = sum(p["funded"] for p in js["programs"] if p["id"] in creators)
    before = int(result.programs.set_index("id").loc[sorted(creators), "funded"].sum())
    assert now > before
    assert _worse(data, result, js)


def _talent_first(data, result, js):
    # the talent programs are locked at 拡充 (checked above); some of them were not there in the
    # base plan, and the choice is not free
    talent = ("HR-AI", "HR-QT", "SEMI-HR", "EX-INTL", "EX-ATLA")
    base = result.programs.set_index("id")
    assert any(not base.at[p, "funded"] or base.at[p, "level"] != "拡充" for p in talent)
    assert js["objective"] <= result.objective * (1 + data.settings.mip_gap)


MOVES = {"mod_budget_up": _mod_budget_up, "no_partner_money": _no_partner_money,
         "private_leverage_floor": _private_leverage_floor, "strict_research_security": _strict_research_security,
         "talent_first": _talent_first}


@pytest.mark.parametrize("name", ["mod_budget_up", "strict_research_security"])
def test_more_mod_money_or_less_secure_capacity_keeps_the_civil_spend(name, data, tmp_path):
    """Issue 18: the civil ministries' annual spend stays at least FY2025's 3,649 億円 in every year
    unless a scenario says so. Without the spend floor these two scenarios let it fall to about
    3,600 in FY2026 (MOD's money, which may co-fund civil domains, displaced civil money)."""
    import portfolio

    applied = portfolio.apply_scenario(data, ROOT / "scenarios" / f"{name}.yaml")
    r = solve(applied)
    assert r.status == "optimal"
    years = r.years.set_index("year")
    assert (years["annual_spend"] >= 3649 - TOL).all(), list(years["annual_spend"])
    rows = r.binding[r.binding["family"] == "spend_floor"]
    assert sorted(rows["year"].astype(int)) == list(data.years) and (rows["limit"] == 3649).all()
    # a scenario can remove it
    free = tmp_path / "free.yaml"
    free.write_text("name: free\nbudget: {spend_floor: null}\n", encoding="utf-8")
    assert portfolio.apply_scenario(applied, free).spend_floor == ()


def test_policy_lever_scenarios_are_on_the_sheet_too(data):
    """Each lever scenario is both a YAML file and rows of the シナリオ sheet, and the two give the
    same model."""
    import dataclasses

    import portfolio

    for name in MOVES:
        from_file = portfolio.apply_scenario(data, ROOT / "scenarios" / f"{name}.yaml")
        from_sheet = load_with_scenario(None, name)
        assert from_sheet.scenario == from_file.scenario == name
        assert [o.key for o in from_sheet.overrides] == [o.key for o in from_file.overrides]
        diff = [f.name for f in dataclasses.fields(from_file) if f.name != "overrides"
                and getattr(from_file, f.name) != getattr(from_sheet, f.name)]
        assert diff == [], (name, diff)


def test_scale_multiplies_the_scenario_budget(data, tmp_path, capsys):
    path = ROOT / "scenarios" / "budget_minus_20.yaml"
    code, js, err = _solve_cli(capsys, ["--scenario", str(path), "--scale", "1.25", "-o", str(tmp_path / "o.xlsx")])
    assert code == 0, err
    assert js["budget_scale"] == pytest.approx(1.25)
    assert js["budget_total"] == pytest.approx(data.budget_total * 0.8 * 1.25)


def test_sheet_scenario_goes_through_the_same_path(data, tmp_path, capsys):
    code, js, err = _solve_cli(capsys, ["--scenario", "k_fund_x2", "-o", str(tmp_path / "o.xlsx")])
    assert code == 0, err
    assert js["scenario"] == "k_fund_x2"
    assert [o["key"] for o in js["overrides"]] == ["envelopes.KPF"]
    assert "シナリオ" in js["overrides"][0]["origin"] or "Scenarios" in js["overrides"][0]["origin"]
    assert "envelopes.KPF" in _run_sheet_text(tmp_path / "o.xlsx")
    kpf = data.source_by_id["KPF"]
    assert js["spend_by_source"]["KPF"] <= 2 * sum(kpf.envelope) + 1e-5


def test_every_sheet_scenario_applies(data):
    from portfolio.inputs.scenario import scenario_names

    names = scenario_names(data)
    assert len(names) >= 3
    for name in names:
        applied = load_with_scenario(None, name)
        assert applied.scenario == name and applied.overrides


# ---------------------------------------------------------------------------------------------
# Bad scenarios: one clear line, exit code 2
# ---------------------------------------------------------------------------------------------

BAD = {
    "conflict": ("budget_conflict.yaml", "name: c\nbase: default\nbudget:\n  scale: 0.9\n  FY2027: 3000\n", "budget"),
    "misspelt_top": ("typo.yaml", "name: t\nbase: default\nweigths:\n  autonomy: 0.5\n", "weigths"),
    "misspelt_criterion": ("typo2.yaml", "name: t\nbase: default\nweights:\n  autonmy: 0.5\n", "autonmy"),
    "duplicate_key": ("dup.yaml", "name: d\nbase: default\nweights:\n  market: 0.4\n  market: 0.2\n", "market"),
    "force_and_lock": ("lock.yaml", "name: l\nbase: default\nprograms:\n  force_out: [QT-COMP]\n"
                                    "  lock: {QT-COMP: {level: 標準}}\n", "QT-COMP"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_scenario_gives_one_clear_line(case, tmp_path, capsys):
    name, text, key = BAD[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = cli.main(["solve", "--scenario", str(path), "-o", str(tmp_path / "o.xlsx")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert name in err and key in err, err
    assert not (tmp_path / "o.xlsx").exists()


def test_scenario_base_and_model_must_agree(tmp_path, capsys):
    code = cli.main(["solve", str(ROOT / "models" / "example.xlsx"), "--scenario",
                     str(ROOT / "scenarios" / "budget_plus_20.yaml"), "-o", str(tmp_path / "o.xlsx")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "budget_plus_20.yaml" in err


def test_forcing_out_an_ongoing_program_ends_it(tmp_path):
    # An ongoing (継続) program forced out by a scenario is no longer committed: the scenario solves
    # and the program is unfunded (it used to leave the program both ongoing and forbidden).
    import portfolio
    data = portfolio.load_model()
    ongoing = next(p for p in data.programs if p.ongoing)
    scen = tmp_path / "end_ongoing.yaml"
    scen.write_text(f"name: end_ongoing\nbase: default\nprograms:\n  force_out: [{ongoing.id}]\n", encoding="utf-8")
    result = portfolio.solve(portfolio.apply_scenario(data, scen))
    assert result.status == "optimal"
    row = result.programs.set_index("id").loc[ongoing.id]
    assert not row["funded"] and row["forbidden"]


def test_lock_without_level_names_the_missing_level(tmp_path):
    import portfolio
    data = portfolio.load_model()
    multi = next(p for p in data.programs if len(p.levels) > 1 and not p.ongoing)
    scen = tmp_path / "lock.yaml"
    scen.write_text(f"name: lock\nprograms:\n  lock: {{{multi.id}: {{start: {multi.earliest_start}}}}}\n",
                    encoding="utf-8")
    with pytest.raises(portfolio.InputError) as exc:
        portfolio.apply_scenario(data, scen)
    assert "None" not in exc.value.render("en") and "no level given" in exc.value.render("en")


@pytest.mark.slow
def test_docs_list_every_solve_json_field_and_results_sheet(tmp_path, capsys):
    """docs/solve.md documents the --json fields and the results workbook: every top-level field
    `portfolio solve --json` prints, and every visible sheet it writes (both languages), is there."""
    doc = (Path(__file__).parents[1] / "docs" / "solve.md").read_text(encoding="utf-8")
    code, js, err = _solve_cli(capsys, ["-o", str(tmp_path / "r.xlsx")])
    assert code == 0, err
    assert [k for k in js if f"`{k}`" not in doc] == []
    for lang in ("ja", "en"):
        out = tmp_path / f"r-{lang}.xlsx"
        assert cli.main(["solve", "-o", str(out), "--lang", lang]) == 0
        wb = openpyxl.load_workbook(out, read_only=True)
        try:
            visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        finally:
            wb.close()
        assert len(visible) >= 10 and [t for t in visible if t not in doc] == []
