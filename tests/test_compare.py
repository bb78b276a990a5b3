"""Scenario comparison: exactly the planted differences are reported, from scenarios,
from saved results workbooks, and through the command line."""

from __future__ import annotations

import json

import openpyxl

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
    assert row.iloc[1] == row.iloc[2] == "big@2026"
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
