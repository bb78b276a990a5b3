"""The blank template's planning horizon and program-year columns are options (issue 17 §4); they were
fixed to FY2026–2030 and five cost columns."""

from __future__ import annotations

import openpyxl
from builders import run_cli


def _header(ws) -> list[str]:
    return [str(c).split("\n")[0] for c in next(ws.iter_rows(min_row=3, max_row=3, values_only=True)) if c]


def test_template_for_another_horizon(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    code, _, err = run_cli(capsys, "template", out, "--first-year", "令和9年度", "--years", "7", "--program-years", "10")
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    settings = {r[0]: r[1] for r in wb["設定"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert settings["開始年度（first_year）"] == 2027 and settings["終了年度（last_year）"] == 2033
    assert [r[0] for r in wb["予算"].iter_rows(min_row=4, values_only=True) if r[0]] == list(range(2027, 2034))
    fy = [h for h in _header(wb["財源"]) if h.startswith("FY")]
    assert fy == [f"FY{y}" for y in range(2027, 2034)]
    py = [h for h in _header(wb["資金水準"]) if h[:1] == "y" and h[1:].isdigit()]
    assert py == [f"y{k}" for k in range(1, 11)]


def test_template_defaults_and_bad_options(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert run_cli(capsys, "template", out)[0] == 0
    wb = openpyxl.load_workbook(out)
    assert [h for h in _header(wb["財源"]) if h.startswith("FY")] == [f"FY{y}" for y in range(2026, 2031)]
    for bad in (["--years", "0"], ["--program-years", "x"], ["--first-year", "昔"]):
        code, _, err = run_cli(capsys, "template", tmp_path / "u.xlsx", *bad)
        assert code == 2 and bad[0] in err
    assert not (tmp_path / "u.xlsx").exists()
