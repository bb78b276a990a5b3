"""Determinism and invariants.

* Property-based: hypothesis builds random valid small models (every sheet and rule: annual,
  fund and external sources, eligibility shares, capacities, floors, ceilings and shares of the
  budget, critical mass, requires/excludes/at-least/at-most, mandatory, forbidden and ongoing
  programs, commitments past the horizon under a cap, late-start discount) and solves each one.
  Every solution goes through :func:`invariants.check_invariants` (conftest applies it to every
  solve; the test also counts that it did); every infeasible one must come with an explanation.
* Determinism: the same input and options give identical results tables and workbook sheets in
  repeated runs, in one process and across processes with different hash seeds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from builders import Model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invariants import check_invariants

import portfolio

FIRST = 2026


@st.composite
def models(draw) -> Model:
    n_years = draw(st.integers(1, 4))
    last = FIRST + n_years - 1
    allow_tail = draw(st.booleans())
    extra = {"allow_tail": True, "tail_cap": draw(st.integers(0, 60))} if allow_tail else {}
    m = Model(years=(FIRST, last), budget=[draw(st.integers(20, 120)) for _ in range(n_years)],
              late_start_discount=draw(st.sampled_from([0, 0, 0.1])), **extra)
    # Criteria: at least one positive weight.
    n_crit = draw(st.integers(1, 3))
    weights = [draw(st.integers(0, 3)) for _ in range(n_crit)]
    weights[0] = max(weights[0], 1)
    crit = [f"c{i}" for i in range(n_crit)]
    for c, w in zip(crit, weights):
        m.criterion(c, w)
    doms = [f"D{i}" for i in range(draw(st.integers(1, 3)))]
    # Sources: one or two annual, maybe a fund and an external source.
    annual = ["A0"] + (["A1"] if draw(st.booleans()) else [])
    for s in annual:
        m.source(s, envelope=[draw(st.integers(10, 150)) for _ in range(n_years)])
    others = []
    if draw(st.booleans()):
        m.source("F", kind="fund", envelope=[draw(st.integers(0, 40)) for _ in range(n_years)])
        others.append("F")
    if draw(st.booleans()):
        m.source("X", kind="external", envelope=[draw(st.integers(0, 20)) for _ in range(n_years)])
        others.append("X")
    # Programs.
    n_prog = draw(st.integers(1, 6))
    progs = [f"P{i}" for i in range(n_prog)]
    for i, p in enumerate(progs):
        duration = draw(st.integers(1, n_years + (1 if allow_tail else 0)))
        n_levels = draw(st.integers(1, 2))
        levels = {}
        for k in range(n_levels):
            cost = [draw(st.integers(0, 30)) for _ in range(duration)]
            value = {c: draw(st.integers(1, 20)) for c in crit}
            levels[f"L{k}"] = (cost, value)
        kind = draw(st.sampled_from(["plain"] * 8 + ["mandatory", "forbidden", "ongoing"]))
        kw = {"domain": draw(st.sampled_from(doms)), "lead": draw(st.sampled_from(annual))}
        if draw(st.integers(0, 2)) == 0:
            kw["instrument"] = "K"
        if kind == "ongoing":
            if not allow_tail and duration > n_years:
                kind = "plain"
            else:
                kw.update(ongoing=True, start=FIRST - 1)
        if kind != "ongoing":
            latest_fit = last if allow_tail else last - duration + 1
            e = draw(st.integers(FIRST, max(FIRST, latest_fit)))
            kw["start"] = (e, draw(st.integers(e, max(e, latest_fit))))
            if kind == "mandatory":
                kw["mandatory"] = True
            elif kind == "forbidden":
                kw["forbidden"] = True
        m.program(p, levels=levels, duration=duration, **kw)
    # Domains, with limits only where programs could meet them (a floor on an empty domain
    # would make nearly every model infeasible).
    open_progs = {d: [p for p in m.programs if p["domain"] == d and not p.get("forbidden")] for d in doms}
    for d in doms:
        kw = {}
        if open_progs[d]:
            if draw(st.integers(0, 4)) == 0:
                kw["floor"] = draw(st.integers(0, 15))
            if draw(st.integers(0, 5)) == 0:
                kw["floor_share"] = 0.05
            if draw(st.integers(0, 4)) == 0:
                kw["critical_mass"] = draw(st.integers(5, 30))
        if draw(st.integers(0, 4)) == 0:
            kw["ceiling"] = draw(st.integers(20, 150))
        if draw(st.integers(0, 5)) == 0:
            kw["ceiling_share"] = draw(st.sampled_from([0.5, 0.8]))
        m.domain(d, group=draw(st.sampled_from(["national_strategic", "emerging_foundational"])), **kw)
    # Eligibility: sometimes rules; the lead ministries may always pay in full, so mandatory
    # programs stay fundable.
    if others or len(annual) > 1:
        if draw(st.booleans()):
            for s in annual:
                m.rule(s, "all")
            for s in others:
                target = draw(st.sampled_from(["all", "domain", "instrument", "program"]))
                name = {"all": "", "domain": draw(st.sampled_from(doms)), "instrument": "K",
                        "program": draw(st.sampled_from(progs))}[target]
                m.rule(s, target, name, draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])))
    # A capacity.
    if draw(st.booleans()):
        m.capacity("R", [draw(st.integers(0, 10)) for _ in range(n_years)], unit="人年")
        for p in progs:
            if draw(st.booleans()):
                m.use(p, "R", draw(st.integers(0, 5)))
    # Dependencies: requires only from a later program to an earlier one (no cycles).
    for _ in range(draw(st.integers(0, 3))):
        if n_prog < 2:
            break
        a, b = sorted(draw(st.lists(st.sampled_from(progs), min_size=2, max_size=2, unique=True)),
                      key=progs.index)
        kind = draw(st.sampled_from(["requires", "excludes", "at_least", "at_most"]))
        if kind == "requires":
            m.requires(b, a, lag=draw(st.integers(0, 1)))
        elif kind == "excludes":
            m.excludes(a, b)
        else:
            members = draw(st.lists(st.sampled_from(progs), min_size=1, max_size=n_prog, unique=True))
            k = draw(st.integers(0, len(members)))
            (m.at_least if kind == "at_least" else m.at_most)(members, k)
    return m


def _forbidden_prereq(m: Model) -> bool:
    """A mandatory or ongoing program requiring a forbidden one is refused on loading by design."""
    flags = {p["id"]: p for p in m.programs}
    return any(d["kind"] == "requires" and (flags[d["program"]].get("mandatory") or flags[d["program"]].get("ongoing"))
               and flags[d["target"]].get("forbidden") for d in m.deps)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(models())
def test_every_solution_of_a_random_valid_model_keeps_every_rule(solutions, m):
    with tempfile.TemporaryDirectory() as folder:
        if _forbidden_prereq(m):
            with pytest.raises(portfolio.InputError):
                m.load(Path(folder))
            return
        data = m.load(Path(folder))
        assert not [w for w in data.warnings if w.key.startswith("err.")]
        checked = len(solutions)
        result = portfolio.solve(data, mip_gap=0.0, time_limit=20)
    assert result.status in ("optimal", "infeasible"), result.status
    if result.status == "optimal":
        assert len(solutions) == checked + 1          # conftest ran check_invariants on it
        check_invariants(data, result)                # and so does this test, explicitly
        assert result.gap == pytest.approx(0, abs=1e-9)
    else:
        assert result.explanation
        for msg in result.explanation:
            for lang in ("ja", "en"):
                text = msg.render(lang)
                assert text and "\n" not in text and "{" not in text, text


# =============================================================================================
# Determinism
# =============================================================================================


def busy_model() -> Model:
    """Many near-ties and every kind of money: ties must break the same way every time."""
    m = Model(years=(2026, 2028), budget=[60, 60, 60], late_start_discount=0.05)
    m.criterion("a", 2).criterion("b", 1)
    m.domain("D1", floor=20).domain("D2", critical_mass=15).domain("D3", ceiling_share=0.5)
    m.source("M1", envelope=50).source("M2", envelope=50).source("F", kind="fund", envelope=[20, 0, 10])
    m.source("X", kind="external", envelope=5)
    m.rule("M1", "all").rule("M2", "all").rule("F", "domain", "D1", 0.5).rule("X", "instrument", "K", 0.25)
    for i in range(14):
        m.program(f"T{i:02d}", levels={"lo": ([10, 5], {"a": 5, "b": 3}), "hi": ([15, 10], {"a": 7, "b": 4})},
                  start=(2026, 2027), domain=f"D{1 + i % 3}", lead="M1" if i % 2 else "M2",
                  instrument="K" if i % 4 == 0 else "")
    m.capacity("R", 6, unit="人年")
    for i in range(0, 14, 3):
        m.use(f"T{i:02d}", "R", 2)
    m.requires("T05", "T01").excludes("T02", "T03").at_most(["T06", "T07", "T08"], 2)
    return m


TABLES = ("programs", "allocation", "domains", "sources", "ministries", "years", "capacities", "binding", "tail",
          "criteria")


def _sheets(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's cells, without what is about the run rather than the result (time, date)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            if row and isinstance(row[0], str) and row[0] in ("求解時間（秒）", "Solve seconds", "実行日時", "Run at"):
                continue
            rows.append(tuple(row))
        out[ws.title] = rows
    out.pop("_portfolio_json", None)     # holds solve seconds
    return out


def test_same_input_and_options_give_identical_results(tmp_path, capsys):
    from portfolio.cli import main

    path = busy_model().write(tmp_path, "busy.xlsx")
    data = portfolio.load_model(path)
    runs = [portfolio.solve(data), portfolio.solve(data), portfolio.solve(portfolio.load_model(path))]
    assert runs[0].status == "optimal"
    assert runs[0].funded.shape[0] >= 5
    for r in runs[1:]:
        assert r.portfolio() == runs[0].portfolio()
        assert r.objective == runs[0].objective
        for name in TABLES:
            a, b = getattr(runs[0], name), getattr(r, name)
            assert a.equals(b), name
    books = []
    for k in range(2):
        out = tmp_path / f"out{k}.xlsx"
        assert main(["solve", str(path), "-o", str(out)]) == 0
        books.append(_sheets(out))
    capsys.readouterr()
    assert books[0] == books[1]
    assert len(books[0]) >= 10


def test_results_do_not_depend_on_the_process_hash_seed(tmp_path):
    path = busy_model().write(tmp_path, "busy.xlsx")
    outs = []
    for seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        p = subprocess.run([sys.executable, "-c", "import sys; from portfolio.cli import main; sys.exit(main())",
                            "solve", str(path), "--json", "-o", str(tmp_path / f"out{seed}.xlsx")],
                           env=env, capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        obj = json.loads(p.stdout)
        outs.append({k: obj[k] for k in ("status", "objective", "programs", "spend_by_domain", "spend_by_source",
                                         "spend_by_year", "spend_by_ministry")})
    assert outs[0] == outs[1]
