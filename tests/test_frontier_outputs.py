"""``portfolio frontier`` end to end (#20 §1): the JSON, the workbook with its native scatter chart, the
report's section (every sentence against the table beside it) and the command's usage errors."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from builders import run_cli
from report_checks import read_report
from test_frontier import hand_model

import portfolio


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cli_exact_json_and_workbook(tmp_path, capsys, lang):
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "fr.xlsx"
    code, stdout, err = run_cli(capsys, "frontier", path, "--criteria", "A,B", "--exact", "--json", "-o", out,
                                "--lang", lang)
    assert code == 0, err
    obj = json.loads(stdout)
    assert obj["mode"] == "exact" and obj["complete"] and obj["status"] == "ok"
    assert [(p["plan_id"], p["criteria"], p["funded"]) for p in obj["points"]] == [
        ("F1", {"A": 8, "B": 4}, ["P1", "P3"]), ("F2", {"A": 6, "B": 5}, ["P1", "P2"]),
        ("F3", {"A": 4, "B": 7}, ["P2", "P3"])]
    assert all(p["objective"] is not None and p["status"] == "optimal" for p in obj["points"])
    assert obj["payoff"] == [{"maximised": "A", "criteria": {"A": 8, "B": 4}},
                             {"maximised": "B", "criteria": {"A": 4, "B": 7}}]
    w = obj["weighted_optimum"]
    assert w["where"] == "on" and w["plan_id"] == "F1" and w["neighbours"][0]["plan_id"] == "F2"
    assert w["neighbours"][0]["added"] == ["P2"] and w["neighbours"][0]["removed"] == ["P3"]
    assert obj["output"] == str(out) and out.is_file()
    assert len(obj["sentences"]) == 3
    _check_workbook(out, lang)


def _check_workbook(path, lang):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    first = wb.worksheets[0]
    assert first.title == ("トレードオフ" if lang == "ja" else "Frontier")
    assert len(first._charts) == 1               # the native scatter chart
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and "<c:scatterChart>" in z.read(charts[0]).decode()
    values = [[c.value for c in row] for row in first.iter_rows()]
    ids = [row[0] for row in values if row and isinstance(row[0], str) and re.fullmatch(r"F\d", row[0])]
    assert ids == ["F1", "F2", "F3"]
    plans = wb.worksheets[2]
    assert [c.value for c in plans[1]][:5] == ["ID", "名称" if lang == "ja" else "Name", "F1", "F2", "F3"]


def test_cli_grid_text(tmp_path, capsys):
    path = hand_model().write(tmp_path, "hand.xlsx")
    code, stdout, err = run_cli(capsys, "frontier", path, "--criteria", "A,B", "--points", "2", "--gap", "0",
                                "-o", tmp_path / "g.xlsx", "--lang", "en")
    assert code == 0, err
    assert "Grid mode: 2 points (2 grid points per secondary criterion, steps 基準B 3.000)" in stdout
    assert "Today's weighted optimum is frontier point F1" in stdout


@pytest.mark.parametrize("argv,needle", [
    (["--criteria", "A"], "--criteria"),
    (["--criteria", "A,Z"], "--criteria"),
    (["--criteria", "A,B", "--points", "1"], "--points"),
    (["--criteria", "A,B", "--points", "3", "--exact"], "--exact"),
])
def test_cli_usage_errors(tmp_path, capsys, argv, needle):
    path = hand_model().write(tmp_path, "hand.xlsx")
    code, _, err = run_cli(capsys, "frontier", path, *argv, "-o", tmp_path / "x.xlsx", "--lang", "en")
    assert code == 2 and needle in err


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_section(tmp_path, lang):
    """The report's section: one row per point, and every sentence says what the table shows."""
    data = hand_model().load(tmp_path)
    html, delib = portfolio.api.make_report(data, ladder=[], samples=0, workers=1, lang=lang)
    fr = delib.frontier
    assert fr is not None and fr.criteria == ("A", "B")
    sec = read_report(html)["frontier"]
    table = sec.tables()[0]
    assert [r[0].replace(" ★", "") for r in table.rows] == [p.plan_id for p in fr.points]
    starred = [r[0] for r in table.rows if "★" in r[0]]
    assert starred == [fr.position.plan_id + " ★"]
    for row, p in zip(table.rows, fr.points):
        assert [float(row[1]), float(row[2])] == [p.criteria["A"], p.criteria["B"]]
    paragraphs = sec.paragraphs()
    # the sentence placing the recommendation names the starred row and quotes its values as the table shows them
    row = next(r for r in table.rows if "★" in r[0])
    on = [s for s in paragraphs if fr.position.plan_id in s and row[1] in s and row[2] in s]
    assert len(on) == 1
    # each neighbour's sentence quotes the differences of the table's rows
    for nb in fr.position.neighbours:
        r = next(r for r in table.rows if r[0].replace(" ★", "") == nb.plan_id)
        deltas = [float(r[k].replace(",", "")) - float(row[k].replace(",", "")) for k in (1, 2)]
        said = next(s for s in paragraphs if nb.plan_id in s and s not in on)
        for d in deltas:
            sign = "+" if d > 0 else "−" if d < 0 else "±"
            assert f"{sign}{abs(d):,.3f}" in said, (said, d)
        for p in nb.added + nb.removed:
            assert f"({p})" in said


def test_report_frontier_points_zero_says_it_was_not_computed(tmp_path, capsys):
    """`report --frontier-points 0` computes no trade-off and says why in the section; 1 point is refused."""
    path = hand_model().write(tmp_path, "hand.xlsx")
    out = tmp_path / "r.html"
    code, _, err = run_cli(capsys, "report", path, "--ladder", "off", "--samples", "0", "--frontier-points", "0",
                           "-o", out, "--lang", "en")
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    sec = read_report(html)["frontier"]
    assert "--frontier-points 0" in " ".join(sec.paragraphs())
    assert "criteria-frontier" not in portfolio.api.report_charts_of(html)
    code, _, err = run_cli(capsys, "report", path, "--ladder", "off", "--samples", "0", "--frontier-points", "1",
                           "-o", tmp_path / "r1.html", "--lang", "en")
    assert code == 2 and "--frontier-points" in err and not (tmp_path / "r1.html").exists()
    html, delib = portfolio.api.make_report(hand_model().load(tmp_path), ladder=[], samples=0, workers=1,
                                            frontier_points=3, lang="en")
    assert delib.frontier is not None and "criteria-frontier" in portfolio.api.report_charts_of(html)
