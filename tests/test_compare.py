"""Scenario comparison: exactly the planted differences are reported, from scenarios,
from saved results workbooks, and through the command line."""

from __future__ import annotations

import json

import openpyxl
import pytest
from builders import run_cli

from portfolio.analysis.compare import KINDS, compare
from portfolio.api import load_run
from portfolio.cli import main
from portfolio.core.i18n import MESSAGES
from portfolio.inputs.template import write_input_workbook


def ample_model(path):
    """Budget and envelopes are ample: every program is funded at its best level and earliest start
    unless a scenario says otherwise, so scenario overrides are the only source of differences."""
    progs = ["A", "B", "C", "D", "E"]
    content = {
        "Settings": {"first_year": 2026, "last_year": 2028, "mip_gap": 0.0, "late_start_discount": 0.1},
        "Budget": [{"fiscal_year": y, "total_budget": 1000} for y in (2026, 2027, 2028)],
        "Criteria": [{"id": "v", "name_ja": "価値", "weight": 1}],
        "Domains": [{"id": "D1", "name_ja": "領域1", "group": "national_strategic"},
                    {"id": "D2", "name_ja": "領域2", "group": "emerging_foundational"}],
        "FundingSources": [{"id": "M", "name_ja": "府省", "kind": "annual", "FY2026": 1000, "FY2027": 1000,
                            "FY2028": 1000}],
        "Programs": [{"id": p, "name_ja": f"事業{p}", "domain": "D1" if i < 3 else "D2", "lead": "M",
                      "earliest_start": 2026, "latest_start": 2027, "duration": 2, "forbidden": p == "E"}
                     for i, p in enumerate(progs)],
        "FundingLevels": [row for p in progs for row in (
            {"program": p, "level": "std", "y1": 10, "y2": 10, "v": 10},
            {"program": p, "level": "big", "y1": 20, "y2": 20, "v": 15})],
        "Scenarios": [
            {"scenario": "planted", "setting": "force_out", "target": "A"},
            {"scenario": "planted", "setting": "force_in", "target": "E"},
            {"scenario": "planted", "setting": "lock", "target": "B", "value": "std@2026"},
            {"scenario": "planted", "setting": "lock", "target": "C", "value": "big@2027"},
        ],
    }
    write_input_workbook(path, content, force=True)


def test_compare_reports_exactly_the_planted_differences(tmp_path):
    ample_model(tmp_path / "m.xlsx")
    model = str(tmp_path / "m.xlsx")
    runs = [load_run(model, None, {}, "ja"), load_run("planted", model, {}, "ja")]
    comp = compare(runs)
    diffs = comp.to_json(None)["differences"]["planted"]
    assert diffs == {"gained": ["E"], "lost": ["A"], "level_changed": ["B"], "start_changed": ["C"]}
    # D is untouched and the same in both.
    row = comp.programs.set_index("id").loc["D"]
    assert row[comp.runs[0].name] == row[comp.runs[1].name] == "big@2026"
    # The overrides that distinguish the scenarios are listed, and only those.
    assert set(comp.overrides["key"]) == {"programs.A", "programs.E", "programs.B", "programs.C"}


def test_compare_reads_saved_results_and_writes_workbook(tmp_path, capsys):
    ample_model(tmp_path / "m.xlsx")
    model = str(tmp_path / "m.xlsx")
    base_out, planted_out = tmp_path / "base.xlsx", tmp_path / "planted.xlsx"
    assert main(["solve", model, "-o", str(base_out)]) == 0
    assert main(["solve", model, "--scenario", "planted", "-o", str(planted_out), "--lang", "en"]) == 0
    capsys.readouterr()
    out = tmp_path / "cmp.xlsx"
    assert main(["compare", str(base_out), str(planted_out), "-o", str(out), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["differences"]["planted"] == {"gained": ["E"], "lost": ["A"], "level_changed": ["B"],
                                             "start_changed": ["C"]}
    assert [s["name"] for s in obj["scenarios"]] == ["base", "planted"]
    wb = openpyxl.load_workbook(out)
    assert {"比較概要", "技術領域別", "財源別", "府省別", "年度別", "プログラム", "差異", "上書きの違い"} <= set(wb.sheetnames)
    assert len(wb["技術領域別"]._charts) == 1
    kinds = [r[1] for r in wb["差異"].iter_rows(min_row=2, values_only=True)]
    assert sorted(kinds) == sorted(["追加採択", "不採択に", "水準変更", "開始年度変更"])


def test_compare_needs_two_inputs(tmp_path, capsys):
    assert main(["compare", "only-one"]) == 2
    assert "2" in capsys.readouterr().err


def test_every_kind_of_change_has_its_words():
    for kind in KINDS:
        assert f"xlsx.compare.kind.{kind}" in MESSAGES, kind


# -- issue 17 §4: comparable objectives, infeasible scenarios in place, names and words -----------------


def weighted_model(path):
    """Two criteria; the budget funds two of three programs. Weighting b heavily changes the plan."""
    content = {
        "Settings": {"first_year": 2026, "last_year": 2027, "mip_gap": 0.0},
        "Budget": [{"fiscal_year": y, "total_budget": 20} for y in (2026, 2027)],
        "Criteria": [{"id": "a", "name_ja": "基準A", "weight": 0.7}, {"id": "b", "name_ja": "基準B", "weight": 0.3}],
        "Domains": [{"id": "D1", "name_ja": "領域1", "group": "national_strategic"}],
        "FundingSources": [{"id": "M", "name_ja": "府省M", "kind": "annual", "FY2026": 100, "FY2027": 100}],
        "Programs": [{"id": p, "name_ja": f"事業{p}", "domain": "D1", "lead": "M", "earliest_start": 2026,
                      "latest_start": 2026, "duration": 2, "mandatory": p == "X"} for p in ("X", "Y", "Z")],
        "FundingLevels": [{"program": "X", "level": "std", "y1": 10, "y2": 10, "a": 5, "b": 5},
                          {"program": "Y", "level": "std", "y1": 10, "y2": 10, "a": 9, "b": 1},
                          {"program": "Z", "level": "std", "y1": 10, "y2": 10, "a": 1, "b": 9}],
        "Scenarios": [{"scenario": "b_first", "setting": "weight", "target": "b", "value": 3},
                      {"scenario": "broke", "setting": "budget_scale", "value": 0.1}],
    }
    write_input_workbook(path, content, force=True)


def test_compare_rescores_every_plan_under_the_baselines_weights(tmp_path):
    weighted_model(tmp_path / "m.xlsx")
    model = str(tmp_path / "m.xlsx")
    comp = compare([load_run(model, None, {}, "ja"), load_run("b_first", model, {}, "ja")])
    s = comp.summary.set_index("name")
    base, other = s.iloc[0], s.loc["b_first"]
    # the baseline's own objective is its rescored one: X + Y at a = 0.7, b = 0.3
    assert base["objective_base_weights"] == pytest.approx(base["objective"]) == pytest.approx(5 + 0.7 * 9 + 0.3 * 1)
    # b_first funds X + Z: higher under its own weights, lower under the baseline's
    assert other["objective"] > base["objective"]
    assert other["objective_base_weights"] == pytest.approx(5 + 0.7 * 1 + 0.3 * 9)
    assert other["objective_base_weights"] < base["objective_base_weights"]
    assert bool(base["same_weights"]) and not bool(other["same_weights"])


def test_an_infeasible_scenario_is_shown_in_place(tmp_path, capsys):
    weighted_model(tmp_path / "m.xlsx")
    model = str(tmp_path / "m.xlsx")
    code, out, err = run_cli(capsys, "compare", model, "broke", "b_first", "--model", model, "-o",
                             tmp_path / "c.xlsx")
    assert code == 0
    text = out + err
    assert "broke：実行不能" in text or "broke：" in text and "実行不能" in text
    assert "総予算" in text          # the explanation names the limit
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    rows = [r for r in wb["比較概要"].iter_rows(values_only=True) if r and r[0] == "broke"]
    assert rows and rows[0][1].startswith("実行不能") and "総予算" in (rows[0][10] or "")
    # only when every run is infeasible does the command exit 3
    code, _, _ = run_cli(capsys, "compare", "broke", "broke", "--model", model, "-o", tmp_path / "c2.xlsx")
    assert code == 3


def test_compare_speaks_japanese_with_names_and_fiscal_years(tmp_path, capsys):
    weighted_model(tmp_path / "m.xlsx")
    model = str(tmp_path / "m.xlsx")
    code, out, err = run_cli(capsys, "compare", model, "b_first", "b_first", "--model", model, "-o",
                             tmp_path / "c.xlsx")
    assert code == 0
    text = out + err
    for word in ("gained", "lost", "level_changed", "optimal"):
        assert word not in text
    assert "追加採択：事業Z（Z）" in text and "不採択に：事業Y（Y）" in text and "最適" in text
    assert "基準の重みで再評価" in text
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    years = list(wb["年度別"].iter_rows(values_only=True))
    assert years[0][:2] == ("ID", "名称") and years[1][1].startswith("FY2026（令和8年度）")
    # a change column for every run against the baseline
    assert sum(1 for h in years[0] if h and str(h).startswith("増減")) == 2
    domains = list(wb["技術領域別"].iter_rows(values_only=True))
    assert domains[1][1] == "領域1"
