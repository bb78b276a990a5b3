"""Session.changed: a temporary change of forcings, limits, weights, scores and budget scale is
undone exactly, on HiGHS's model as on the session, nested or not, and when the block raises."""

from __future__ import annotations

import numpy as np
import pytest
from builders import Model

from portfolio.api import solve_options
from portfolio.engine.session import Session


def _model() -> Model:
    """Two criteria, a fund, a capacity, three programs: every kind of state a change can touch."""
    m = Model(years=(2026, 2027), budget=[40, 40])
    m.criterion("a", 0.6).criterion("b", 0.4)
    m.source("A", envelope=[30, 30]).source("F", kind="fund", envelope=[10, 5])
    m.rule("A").rule("F")
    m.capacity("C", 2)
    m.program("P", cost=[10, 10], value={"a": 5, "b": 3}, use={"C": 1})
    m.program("Q", cost=[12, 12], value={"a": 3, "b": 6}, start=(2026, 2027))
    m.program("R", cost=[8], value={"a": 2, "b": 2}, mandatory=True)
    return m


def _state(s: Session) -> dict:
    """The HiGHS model's bounds and costs after pushing every change, and the session's records."""
    s.solver.push_updates()
    lp = s.solver.highs.getLp()
    arrays = {k: np.array(getattr(lp, k), dtype=float).copy()
              for k in ("row_lower_", "row_upper_", "col_lower_", "col_upper_", "col_cost_")}
    scores = None if s.scores is None else s.scores.copy()
    return {"arrays": arrays, "records": (s.scale, dict(s.weights), dict(s.forced), dict(s.limits)), "scores": scores}


def _assert_same(a: dict, b: dict) -> None:
    for k in a["arrays"]:
        assert np.array_equal(a["arrays"][k], b["arrays"][k]), k        # exactly, not approximately
    assert a["records"] == b["records"]
    assert (a["scores"] is None) == (b["scores"] is None)
    if a["scores"] is not None:
        assert np.array_equal(a["scores"], b["scores"])


def _every_change(s: Session) -> dict:
    scores = s.ix.scores * 1.7
    return dict(force={"P": "out", "Q": "in", "R": None},
                limits=[("total_budget", 2026, 25.0), ("envelope", ("A", 2027), 11.0),
                        ("envelope", ("F", 2026), 3.0), ("capacity", ("C", 2027), 1.0)],
                weights={"a": 0.2, "b": 0.8}, scores=scores, scale=0.7)


@pytest.fixture
def session(tmp_path) -> Session:
    data = _model().load(tmp_path)
    s = Session(data, solve_options(data, mip_gap=0.0))
    # start from a state that is not the data's own, so that "as before" is not just "as loaded"
    s.set_scale(1.1)
    s.set_weights({"a": 1.0, "b": 2.0})
    s.force("Q", "out")
    s.set_limit("capacity", ("C", 2026), 3.0)
    s.solve()
    return s


def test_changed_restores_every_kind_of_state_exactly(session):
    before = _state(session)
    with session.changed(**_every_change(session)):
        inside = _state(session)
        o = session.solve()
        assert o.has_solution and "P" not in {p for p, _, _ in session.portfolio(o)}
    for k in ("row_upper_", "col_upper_", "col_cost_"):
        assert not np.array_equal(inside["arrays"][k], before["arrays"][k]), k     # the change reached HiGHS
    _assert_same(_state(session), before)


@pytest.mark.parametrize("kind", ["force", "limits", "weights", "scores", "scale"])
def test_changed_restores_each_kind_alone(session, kind):
    before = _state(session)
    with session.changed(**{kind: _every_change(session)[kind]}):
        session.solve()
    _assert_same(_state(session), before)


def test_nested_changes_restore_each_level(session):
    before = _state(session)
    with session.changed(force={"P": "in"}, scale=0.9, limits=[("total_budget", 2027, 30.0)]):
        outer = _state(session)
        with session.changed(**_every_change(session)):
            session.solve()
        _assert_same(_state(session), outer)
        with session.changed(force={"P": None}, limits=[("total_budget", 2027, 35.0)], scale=1.2):
            session.solve()
        _assert_same(_state(session), outer)
    _assert_same(_state(session), before)


def test_changed_restores_when_the_block_raises(session):
    before = _state(session)
    with pytest.raises(RuntimeError, match="planned"):
        with session.changed(**_every_change(session)):
            session.solve()
            raise RuntimeError("planned")
    _assert_same(_state(session), before)
    # and the session solves as before the failed block
    again = Session(session.data, session.options)
    again.set_scale(1.1)
    again.set_weights({"a": 1.0, "b": 2.0})
    again.force("Q", "out")
    again.set_limit("capacity", ("C", 2026), 3.0)
    assert session.portfolio(session.solve()) == again.portfolio(again.solve())
