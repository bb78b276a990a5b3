"""Stage-gate input (issue #21): every malformed Gates / GateOptions sheet exits 2 with one line naming
the sheet, the cell and what was expected, in both languages; nothing is dropped silently."""

from __future__ import annotations

import pytest
from builders import Model, run_cli

from portfolio.core.errors import InputError


def base(gates=None, options=None, **program) -> Model:
    m = Model(years=(2026, 2029), budget=100)
    m.program("A", cost=[10, 10], value=5, **program)
    m.program("B", cost=[10], value=1)
    m.sheets["Gates"] = gates if gates is not None else [
        {"program": "A", "gate_year": 2027, "outcome": "ok", "probability": 0.6},
        {"program": "A", "gate_year": 2027, "outcome": "bad", "probability": 0.4}]
    m.sheets["GateOptions"] = options if options is not None else [
        {"program": "A", "outcome": "ok", "option": "go", "y1": 20, "y2": 20, "v": 30},
        {"program": "A", "outcome": "bad", "option": "go", "y1": 20, "y2": 20, "v": 3}]
    return m


def gates(**change):
    rows = [{"program": "A", "gate_year": 2027, "outcome": "ok", "probability": 0.6},
            {"program": "A", "gate_year": 2027, "outcome": "bad", "probability": 0.4}]
    for k, v in change.items():
        rows[0][k] = v
    return rows


def options(**change):
    rows = [{"program": "A", "outcome": "ok", "option": "go", "y1": 20, "y2": 20, "v": 30},
            {"program": "A", "outcome": "bad", "option": "go", "y1": 20, "y2": 20, "v": 3}]
    for k, v in change.items():
        if v is None:
            rows[0].pop(k)
        else:
            rows[0][k] = v
    return rows


#: name → (model, sheet, English fragment the one line must hold)
CASES = {
    "probabilities_sum": (lambda: base(gates(probability=0.5)), "Gates", "sum to 0.9"),
    "probability_over_one": (lambda: base(gates(probability=1.6)), "Gates", "probability"),
    "gate_year_after_horizon": (lambda: base(gates(gate_year=2031)), "Gates", "gate year"),
    "gate_year_last_year": (lambda: base(gates(gate_year=2029) + []), "Gates", "gate year"),
    "gate_year_differs": (lambda: base(gates(gate_year=2026)), "Gates", "differs"),
    "gate_year_outside_run": (lambda: base([dict(r, gate_year=2028) for r in gates()]), "Gates", "within program A"),
    "typo_program_in_gates": (lambda: base(gates(program="AA")), "Gates", "AA"),
    "typo_program_in_options": (lambda: base(options=options(program="AA")), "GateOptions", "AA"),
    "unknown_outcome": (lambda: base(options=options(outcome="okk")), "GateOptions", "okk"),
    "unknown_level": (lambda: base(options=options(level="big")), "GateOptions", "big"),
    "duplicate_outcome": (lambda: base(gates(outcome="bad")), "Gates", "bad"),
    "duplicate_option": (lambda: base(options=options(outcome="bad")), "GateOptions", "go"),
    "forbidden_program": (lambda: base(forbidden=True), "Gates", "forbidden"),
    "no_score": (lambda: base(options=options(v=None)), "GateOptions", "no score"),
    "past_horizon": (lambda: base(options=options(y3=5)), "GateOptions", "past the horizon"),
    "no_options": (lambda: base(options=[dict(r, program="B") for r in options()][:0] + [
        {"program": "A", "outcome": "ok", "option": "go", "y1": 1, "v": 1}][:0]), "Gates", "no follow-on"),
    "options_without_gate": (lambda: base(options=options() + [
        {"program": "B", "outcome": "ok", "option": "go", "y1": 1, "v": 1}]), "GateOptions", "has no gate"),
    "group_differs": (lambda: _group_differs(), "Gates", "group g1"),
}


def _group_differs() -> Model:
    m = base([dict(r, group="g1") for r in gates()])
    m.program("C", cost=[10, 10], value=2)
    m.sheets["Gates"] += [{"program": "C", "gate_year": 2027, "outcome": "ok", "probability": 0.5, "group": "g1"},
                          {"program": "C", "gate_year": 2027, "outcome": "bad", "probability": 0.5, "group": "g1"}]
    m.sheets["GateOptions"] += [{"program": "C", "outcome": "ok", "option": "go", "y1": 1, "v": 1}]
    return m


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_gate_input_exits_2_with_the_cell(tmp_path, capsys, name):
    build, sheet, fragment = CASES[name]
    path = build().write(tmp_path)
    code, out, err = run_cli(capsys, "solve", path, "-o", tmp_path / "out.xlsx", "--lang", "en")
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert f"sheet {sheet}" in lines[0] and fragment in lines[0], lines[0]
    assert "cell " in lines[0] or name == "no_options", lines[0]
    assert not (tmp_path / "out.xlsx").exists()
    code, _, err_ja = run_cli(capsys, "solve", path, "-o", tmp_path / "out.xlsx")
    assert code == 2 and len(err_ja.strip().splitlines()) == 1


def test_missing_sheet_of_the_pair(tmp_path, capsys):
    for drop in ("Gates", "GateOptions"):
        m = base()
        del m.sheets[drop]
        code, _, err = run_cli(capsys, "solve", m.write(tmp_path), "-o", tmp_path / "o.xlsx", "--lang", "en")
        assert code == 2 and drop in err, err


def test_valid_gates_are_read_whole(tmp_path):
    data = base().load(tmp_path)
    (g,) = data.gates
    assert g.program == "A" and g.year == 2027
    assert [(o.id, o.probability) for o in g.outcomes] == [("ok", 0.6), ("bad", 0.4)]
    assert [o.options[0].cost for o in g.outcomes] == [(20.0, 20.0), (20.0, 20.0)]


def test_option_takes_a_level(tmp_path):
    """A level named on an option gives its cost and scores where the row leaves them empty."""
    m = base(options=[{"program": "A", "outcome": "ok", "option": "more", "level": "std"},
                      {"program": "A", "outcome": "bad", "option": "go", "y1": 1, "v": 1}])
    (g,) = m.load(tmp_path).gates
    more = g.outcome("ok").options[0]
    assert more.cost == (10.0, 10.0) and more.scores == {"v": 5.0} and more.level == "std"


def test_error_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        base(gates(probability=0.5)).load(tmp_path)
