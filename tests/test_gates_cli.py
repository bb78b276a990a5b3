"""Stage gates end to end (issue #21): ``portfolio solve`` on a gated model, the scenario that removes
gates, the commands that refuse a gated model, and sample average approximation against the exact tree."""

from __future__ import annotations

import json

import pytest
from builders import run_cli
from test_gates import EXACT, hand_model

from portfolio.analysis.gates import solve_gated
from portfolio.core.errors import InputError


def test_solve_gated_model_writes_policy(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "out.xlsx"
    code, stdout, err = run_cli(capsys, "solve", path, "-o", out, "--gap", "0", "--json")
    assert code == 0, err
    d = json.loads(stdout)
    assert d["gated"] and d["method"] == "exact" and d["paths"] == 4 and d["tree_paths"] == 4
    assert d["objective"] == pytest.approx(22.6) and d["status"] == "optimal"
    runs = {r["run"]: r for r in d["runs"]}
    assert set(runs) == {"policy", "committed", "perfect", "no_gates"}     # per-gate EVPI only with --evpi
    assert all(r["status"] == "optimal" and r["gap"] is not None and r["bound"] is not None for r in runs.values())
    assert d["value_of_flexibility"]["value"] == pytest.approx(1.6)
    assert d["evpi_all"]["value"] == pytest.approx(2.6)
    assert d["evpi_computed"] is False and d["evpi"] is None and "--evpi" in d["evpi_note"]
    decisions = {(r["program"], r["outcome"], r["decision"]): r["share"] for r in d["gate_decisions"]}
    assert decisions[("B", "hi", "go")] == 1.0 and decisions[("B", "lo", "stop")] == 1.0
    assert {r["year"] for r in d["spend_by_year"]} == {2026, 2027, 2028, 2029}
    assert out.exists()
    from portfolio.inputs.results_workbook import read_embedded_json

    assert read_embedded_json(out)["gated"] is True
    code, stdout, _ = run_cli(capsys, "solve", path, "-o", out, "--gap", "0", "--force", "--lang", "en")
    assert code == 0 and "exact scenario tree (4 outcome paths)" in stdout and "value of flexibility 1.600" in stdout
    assert "per-gate expected value of perfect information (EVPI) was not computed" in stdout and "--evpi" in stdout
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(out)["Gates summary"].iter_rows(values_only=True) for c in row if c]
    assert any("was not computed" in str(c) for c in cells) and "EVPI" not in load_workbook(out).sheetnames


def test_solve_gated_with_evpi(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "out.xlsx"
    code, stdout, err = run_cli(capsys, "solve", path, "-o", out, "--gap", "0", "--json", "--evpi", "--lang", "en")
    assert code == 0, err
    d = json.loads(stdout)
    runs = {r["run"] for r in d["runs"]}
    assert runs == {"policy", "committed", "perfect", "evpi:gate:A", "evpi:gate:B", "no_gates"}
    assert d["evpi_computed"] is True and d["evpi_note"] is None
    evpi = {r["gate"]: r["evpi"] for r in d["evpi"]}
    assert evpi["A"] == pytest.approx(2.6) and evpi["B"] == pytest.approx(0.0, abs=1e-9)
    from openpyxl import load_workbook

    assert "EVPI" in load_workbook(out).sheetnames


def two_criteria_gated():
    """The hand-worked model with two criteria (with weight intervals), for frontier and robust."""
    from builders import Model
    from test_gates import gate

    m = Model(years=(2026, 2029), budget=30)
    m.criterion("a", 0.5, weight_low=0.3, weight_high=0.7).criterion("b", 0.5, weight_low=0.3, weight_high=0.7)
    m.program("A", cost=[10, 10], value={"a": 4, "b": 1})
    m.program("B", cost=[10], value={"a": 1, "b": 3})
    m.program("C", cost=[10, 10], value={"a": 2, "b": 2})
    gate(m, "A", 2027, {"ok": 0.5, "bad": 0.5}, {"ok": {"go": ([20, 20], 30)}, "bad": {"go": ([20, 20], 2)}})
    for r in m.sheets["GateOptions"]:
        v = r.pop("v")
        r.update(a=v, b=v)
    return m


IGNORED = {"output", "warnings", "gates_removed", "scenario", "seconds", "solve_seconds", "workers", "model"}


def _same(a, b):
    if isinstance(a, dict):
        return {k: _same(v, None if b is None else b.get(k)) for k, v in a.items() if k not in IGNORED}
    if isinstance(a, list):
        return [_same(x, y) for x, y in zip(a, b or [None] * len(a))]
    return a


@pytest.mark.parametrize("command", [("sweep", "--scale", "0.9:1.1:0.1"), ("explain",), ("sensitivity",),
                                     ("frontier", "--criteria", "a,b"), ("robust",)])
def test_analyses_run_on_a_gated_model_without_its_gates(tmp_path, capsys, command):
    """sweep, explain, sensitivity, frontier and robust analyse the model with its gates removed (as the
    scenario gates: none), say so on stderr and in the JSON, and give the scenario's result."""
    model = two_criteria_gated() if command[0] in ("frontier", "robust") else hand_model()
    path = model.write(tmp_path, "g.xlsx")
    (tmp_path / "ng.yaml").write_text("name: ng\nbase: g.xlsx\ngates: none\n", encoding="utf-8")
    gated = (path,)
    plain = ("--scenario", tmp_path / "ng.yaml")
    results = []
    for i, src in enumerate((gated, plain)):
        if command[0] == "explain":
            argv = ["explain", "A", *src]
        else:
            argv = [command[0], *src, *command[1:], "-o", tmp_path / f"x{i}.xlsx"]
        code, stdout, err = run_cli(capsys, *argv, "--lang", "en", "--json")
        assert code == 0, err
        results.append((json.loads(stdout), err))
    (d, err), (d0, err0) = results
    assert "this model has stage gates (A" in err and "follow-on phases left out" in err
    assert "stage gates" not in err0 and "gates_removed" not in d0
    assert d["gates_removed"] == (["A"] if command[0] in ("frontier", "robust") else ["A", "B"])
    assert _same(d, d0) == _same(d0, d)
    if command[0] in ("sensitivity", "robust"):      # and in the workbook's summary
        from openpyxl import load_workbook

        wb = load_workbook(tmp_path / "x0.xlsx")
        assert any("follow-on phases left out" in str(c) for ws in wb for r in ws.iter_rows(values_only=True)
                   for c in r if c)


def test_analysis_warning_in_japanese(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    code, _, err = run_cli(capsys, "sweep", path, "--scale", "1", "-o", tmp_path / "x.xlsx")
    assert code == 0, err
    assert "ステージゲート（A, B）" in err and "後続段階は含みません" in err


def test_build_model_still_refuses_gated_data(tmp_path):
    from portfolio.model.build import build_model

    with pytest.raises(InputError, match="stage gates"):
        build_model(hand_model().load(tmp_path))


def test_api_solve_refuses_a_gated_model(tmp_path):
    import portfolio

    with pytest.raises(InputError, match="stage gates"):
        portfolio.solve(hand_model().load(tmp_path))


def test_scenario_removes_gates(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    (tmp_path / "ng.yaml").write_text("name: ng\nbase: hand.xlsx\ngates: none\n", encoding="utf-8")
    code, stdout, err = run_cli(capsys, "solve", path, "--scenario", tmp_path / "ng.yaml", "-o", tmp_path / "o.xlsx",
                                "--json")
    assert code == 0, err
    d = json.loads(stdout)
    assert "gated" not in d and d["objective"] == pytest.approx(5.0)
    assert any(o["key"] == "gates" for o in d["overrides"])
    (tmp_path / "one.yaml").write_text("name: one\nbase: hand.xlsx\ngates: {remove: [A]}\n", encoding="utf-8")
    code, stdout, err = run_cli(capsys, "solve", path, "--scenario", tmp_path / "one.yaml", "-o", tmp_path / "p.xlsx",
                                "--json")
    assert code == 0, err
    d = json.loads(stdout)
    assert d["gated"] and {r["program"] for r in d["gate_decisions"]} == {"B"}
    (tmp_path / "bad.yaml").write_text("name: bad\nbase: hand.xlsx\ngates: {remove: [AA]}\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "solve", path, "--scenario", tmp_path / "bad.yaml", "-o", tmp_path / "q.xlsx")
    assert code == 2 and "AA" in err
    (tmp_path / "typo.yaml").write_text("name: t\nbase: hand.xlsx\ngates: nothing\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "solve", path, "--scenario", tmp_path / "typo.yaml", "-o", tmp_path / "r.xlsx")
    assert code == 2 and "gates" in err


def test_saa_converges_to_the_exact_tree(tmp_path):
    """With the tree forced to be sampled, SAA's value approaches the exact 22.6 as the sample grows,
    the same seed gives the same answer, and the statistical bound brackets the exact value."""
    data = hand_model().load(tmp_path)
    exact = solve_gated(data, EXACT).policy.objective
    errors = []
    for n in (20, 200, 20000):
        g = solve_gated(data, EXACT, exact_paths=1, samples=n, batches=0)
        assert g.method == "saa" and g.saa is not None and g.saa.batches == 0
        errors.append(abs(g.policy.objective - exact))
    assert errors[-1] < 0.3 and errors[-1] <= errors[0] + 1e-9
    again = solve_gated(data, EXACT, exact_paths=1, samples=200, batches=0)
    first = solve_gated(data, EXACT, exact_paths=1, samples=200, batches=0)
    assert again.policy.objective == first.policy.objective and again.paths == first.paths
    s = solve_gated(data, EXACT, exact_paths=1, samples=2000, batches=4).saa
    assert s.lower - s.lower_half_width - 0.5 <= exact <= s.upper + s.upper_half_width + 0.5
    assert s.gap_bound >= s.gap


def test_compare_refuses_a_gated_results_workbook(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "out.xlsx"
    assert run_cli(capsys, "solve", path, "-o", out)[0] == 0
    code, _, err = run_cli(capsys, "compare", out, out, "-o", tmp_path / "c.xlsx", "--lang", "en")
    assert code == 2 and "gated solve" in err


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_draws_the_policy_as_decision_trees(tmp_path, capsys, lang):
    """The report on a gated model: a stage-gate section with one tree per gated program, its sentences
    made from the gated solve's figures, and every other section said to be about the model without gates."""
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "r.html"
    code, _, err = run_cli(capsys, "report", path, "-o", out, "--samples", "0", "--ladder", "1.0", "--gap", "0",
                           "--lang", lang)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert html.count('class="gate-tree"') == 2 and 'id="gates"' in html
    if lang == "en":
        assert "exact scenario tree (4 outcome paths)" in html
        assert "exceeds the committed plan&#x27;s, 21.0, by 1.6" in html
        assert "per-gate expected value of perfect information (EVPI) was not computed" in html
        assert "phase 1 only" in html
    else:
        assert "厳密なシナリオ木（4経路）" in html and "21.0 を 1.6 上回ります" in html
    assert "stage gates (A, B)" in html or "ステージゲート（A, B）" in html     # the warning, in the assumptions


def test_large_tree_is_sampled_and_says_so(tmp_path, capsys, monkeypatch):
    import portfolio.analysis.gates as G

    monkeypatch.setattr(G, "EXACT_PATHS", 2)
    monkeypatch.setattr(G, "SAA_SAMPLES", 40)
    monkeypatch.setattr(G, "SAA_BATCHES", 2)
    path = hand_model().write(tmp_path, "hand.xlsx")
    code, stdout, err = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--gap", "0", "--lang", "en",
                                "--seed", "3")
    assert code == 0, err
    assert "sample average approximation" in stdout and "out of 4, seed 3" in stdout
    assert "statistical bound (2 batches of 40 paths)" in stdout and "indicative only" in stdout
    code, stdout, _ = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--gap", "0", "--json", "--seed", "3")
    d = json.loads(stdout)
    assert d["method"] == "saa" and d["tree_paths"] == 4 and d["saa"]["batches"] == 2
    assert d["saa"]["lower_valid"] is False


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_gated_workbook_sheets(tmp_path, capsys, lang):
    import openpyxl

    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "out.xlsx"
    assert run_cli(capsys, "solve", path, "-o", out, "--gap", "0", "--lang", lang, "--evpi")[0] == 0
    wb = openpyxl.load_workbook(out)
    names = {"ja": ["ゲート概要", "ゲート判断", "方策の計画", "年度別支出", "完全情報の価値", "結果の経路"],
             "en": ["Gates summary", "Gate decisions", "Plan", "Spend by year", "EVPI", "Outcome paths"]}[lang]
    assert [n for n in wb.sheetnames if not n.startswith("_")] == names
    cells = [str(c.value) for row in wb[names[1]].iter_rows() for c in row if c.value is not None]
    assert ("中止" if lang == "ja" else "stop") in cells      # B's decision when lo, in the language
    spend = [str(c.value) for row in wb[names[3]].iter_rows() for c in row if c.value is not None]
    assert any("FY2028" in v or "令和10年度" in v for v in spend)


def test_worst_path_floor(tmp_path, capsys):
    """The risk-averse variant, by hand on the two-gate model: with every path worth at least 8, B's
    follow-on must go on when B is lo too (waiting for A's gate leaves 5 + 2 = 7 when A is bad): 0.4·25
    + 0.6·(5 + 4) = 15.4. No path can reach 10 when B is lo and A bad (at most 9): infeasible."""
    path = hand_model().write(tmp_path, "hand.xlsx")
    code, stdout, err = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--gap", "0", "--json",
                                "--worst-path-floor", "8")
    assert code == 0, err
    d = json.loads(stdout)
    assert d["objective"] == pytest.approx(15.4) and d["worst_path_value"] == pytest.approx(9.0)
    assert d["worst_path_floor"] == 8
    assert all(r["objective"] is None or r["run"] == "no_gates" or r["objective"] >= 8 - 1e-9 for r in d["runs"])
    code, _, err = run_cli(capsys, "solve", path, "-o", tmp_path / "p.xlsx", "--gap", "0", "--worst-path-floor",
                           "10", "--lang", "en")
    assert code == 3
    plain = tmp_path / "plain.xlsx"
    from builders import Model

    Model().program("A", cost=[1], value=1).write(tmp_path, "plain.xlsx")
    code, _, err = run_cli(capsys, "solve", plain, "-o", tmp_path / "q.xlsx", "--worst-path-floor", "1", "--lang",
                           "en")
    assert code == 2 and "stage gates only" in err


def test_scenarios_sheet_removes_gates(tmp_path, capsys):
    m = hand_model()
    m.sheets["Scenarios"] = [{"scenario": "nog", "setting": "remove_gate"},
                             {"scenario": "noa", "setting": "remove_gate", "target": "A"},
                             {"scenario": "bad", "setting": "remove_gate", "target": "Z"}]
    path = m.write(tmp_path, "hand.xlsx")
    code, stdout, err = run_cli(capsys, "solve", path, "--scenario", "nog", "-o", tmp_path / "a.xlsx", "--json")
    assert code == 0 and "gated" not in json.loads(stdout), err
    code, stdout, err = run_cli(capsys, "solve", path, "--scenario", "noa", "-o", tmp_path / "b.xlsx", "--json")
    assert code == 0 and {r["program"] for r in json.loads(stdout)["gate_decisions"]} == {"B"}, err
    code, _, err = run_cli(capsys, "solve", path, "--scenario", "bad", "-o", tmp_path / "c.xlsx", "--lang", "en")
    assert code == 2 and "Z" in err
