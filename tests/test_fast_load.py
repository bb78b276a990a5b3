"""The fast way of loading a model into HiGHS (portfolio.engine.appsi_fast.FastHighs) changes nothing.

Pyomo's own appsi path and the fast path load the same models side by side; the HiGHS models must
be identical (columns, bounds, integrality, objective, rows, matrix) and so must appsi's records
that later re-solves rely on (which variables each row references, which row bounds follow
mutable parameters). A re-solve after a parameter change must move the same row bounds. Without
the records FastHighs relies on, plain appsi is used and finds the same solution.
"""

from __future__ import annotations

import numpy as np
import pytest
from builders import Model

import portfolio
from portfolio.engine import appsi_fast
from portfolio.model import build_model


def _load_both(pm):
    from pyomo.contrib.appsi.solvers import Highs

    out = []
    for cls in (Highs, appsi_fast.highs_class()):
        opt = cls()
        opt.highs_options = {"output_flag": False}
        opt.set_instance(pm.m)
        out.append(opt)
    return out


def _lp(opt) -> dict:
    lp = opt._solver_model.getLp()
    return {"col_cost": lp.col_cost_, "col_lower": lp.col_lower_, "col_upper": lp.col_upper_,
            "row_lower": lp.row_lower_, "row_upper": lp.row_upper_, "start": lp.a_matrix_.start_,
            "index": lp.a_matrix_.index_, "value": lp.a_matrix_.value_, "integrality": lp.integrality_,
            "sense": opt._solver_model.getObjectiveSense()}


def _records(opt) -> dict:
    return {
        "vars": {k: (v[0].name, v[1:]) for k, v in opt._vars.items()},
        "var_cols": opt._pyomo_var_to_solver_var_map,
        "rows": {c.name: r for c, r in opt._pyomo_con_to_solver_con_map.items()},
        "row_cons": {r: c.name for r, c in opt._solver_con_to_pyomo_con_map.items()},
        "active": [c.name for c in opt._active_constraints],
        "named": {c.name: list(v) for c, v in opt._named_expressions.items()},
        "row_vars": {c.name: [id(v) for v in vs] for c, vs in opt._vars_referenced_by_con.items()},
        "referenced": {k: ([c.name for c in v[0]], list(v[1]), v[2] is not None)
                       for k, v in opt._referenced_variables.items()},
        "helpers": {c.name: [type(h).__name__ for h in hs] for c, hs in opt._mutable_helpers.items()},
        "objective_helpers": len(opt._objective_helpers),
    }


def _same(pm):
    a, b = _load_both(pm)
    la, lb = _lp(a), _lp(b)
    for k in la:
        assert np.array_equal(np.asarray(la[k]), np.asarray(lb[k])), k
    assert _records(a) == _records(b)
    return a, b


def _rich_model() -> Model:
    """Every constraint family: funds, co-funding with share caps, floors and ceilings (absolute and
    shares), critical mass, capacities, requires/excludes/groups, commitments past the horizon."""
    m = Model(years=(2026, 2028), budget=[60, 60, 60], allow_tail=True, tail_cap=30)
    m.criterion("a", 0.6).criterion("b", 0.4)
    m.domain("D1", floor=20, ceiling_share=0.8, critical_mass=15).domain("D2", floor_share=0.05, ceiling=200)
    m.source("A", envelope=50).source("B", envelope=40).source("F", kind="fund", envelope=[30, 0, 10])
    m.source("X", kind="external", envelope=5)
    m.rule("A").rule("B", "domain", "D2").rule("F", "instrument", "K").rule("X", "instrument", "INTL", 0.5)
    m.capacity("C", 3)
    m.program("P1", levels={"std": ([10, 10], {"a": 5, "b": 3}), "big": ([15, 15], {"a": 7, "b": 4})},
              start=(2026, 2028), domain="D1", lead="A", instrument="K", use={"C": 2})
    m.program("P2", cost=[8, 8, 8], value={"a": 4, "b": 4}, start=(2026, 2027), domain="D2", lead="A",
              instrument="INTL")
    m.program("P3", cost=[0, 5], value={"a": 2, "b": 1}, domain="D2", lead="A", start=(2026, 2027))
    m.program("P4", cost=[12], value={"a": 3, "b": 2}, domain="D1", lead="A", mandatory=True)
    m.program("P5", cost=[6, 6], value={"a": 1, "b": 5}, domain="D2", lead="A", start=(2027, 2028), use={"C": 1})
    m.requires("P5", "P2", lag=1).excludes("P1", "P3").at_least(["P2", "P5"], 1).at_most(["P1", "P2", "P5"], 2)
    return m


@pytest.mark.parametrize("which", ["example", "default", "rich"])
def test_fast_load_builds_the_same_highs_model(which, tmp_path):
    from pathlib import Path

    if which == "example":
        data = portfolio.load_model(Path(__file__).resolve().parents[1] / "models" / "example.xlsx")
    elif which == "default":
        data = portfolio.load_model()
    else:
        data = _rich_model().load(tmp_path)
    pm = build_model(data)
    a, b = _same(pm)
    # A re-solve after parameter and bound changes pushes the same updates to HiGHS.
    pm.set_budget([0.8 * x for x in data.budget])
    pm.force(data.programs[0].id, "out")
    for opt in (a, b):
        opt.update()
    la, lb = _lp(a), _lp(b)
    for k in la:
        assert np.array_equal(np.asarray(la[k]), np.asarray(lb[k])), k


def test_the_fast_path_is_in_use_with_the_installed_pyomo():
    # With a Pyomo whose appsi records differ the solver falls back to appsi's own path; with the
    # Pyomo installed here (a supported version) the fast path must be the one taken (else the
    # comparisons above are moot).
    assert appsi_fast.highs_class().__name__ == "FastHighs"


def test_without_appsis_records_plain_appsi_solves_the_same(monkeypatch, tmp_path):
    """A Pyomo whose appsi lacks a record FastHighs writes: HighsSolver falls back to plain appsi."""
    from portfolio.api import solve_options
    from portfolio.engine.session import Session

    data = _rich_model().load(tmp_path)
    fast = Session(data, solve_options(data, mip_gap=0.0))
    monkeypatch.setattr(appsi_fast, "_CLASS", None)
    monkeypatch.setattr(appsi_fast, "FAST_RECORDS", appsi_fast.FAST_RECORDS + ("_a_record_no_pyomo_has",))
    plain = Session(data, solve_options(data, mip_gap=0.0))
    assert type(plain.solver._opt).__name__ == "Highs" and type(fast.solver._opt).__name__ == "FastHighs"
    for s in (fast, plain):
        s.force("P5", "out")
    a, b = fast.solve(), plain.solve()
    assert a.status == b.status == "optimal"
    assert a.objective == pytest.approx(b.objective, rel=1e-9)
    assert fast.portfolio(a) == plain.portfolio(b)
    assert np.array_equal(fast.solver.option_columns, plain.solver.option_columns)
    assert fast.solver.rows() == plain.solver.rows()
