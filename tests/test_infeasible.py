"""Infeasible scenarios explained in the planner's terms.

Each kind of conflict gets its own small model whose explanation can be worked out by hand:

* a budget too small for the mandatory and ongoing programs: said exactly so, with the
  shortfall in 億円, year by year or over the horizon;
* a conflict that holds even with fractional choices: the IIS of the LP relaxation, mapped back
  to sheets, rows and ids, naming the floor, the Eligibility rule and the total budget that
  cannot all hold ("FY2027: the 量子 floor of 500 億円, the MOD eligibility rule and
  the total budget of 8,000 億円");
* a conflict that only integrality creates (a critical mass): the LP relaxation is feasible, so
  the elastic MIP names the limit to move, and the explanation says the conflict comes from
  funding programs whole;
* contradicting rules between mandatory programs (structural), and capacities with and without
  a unit (no "1.0 , is exceeded").

On the command line an infeasible model or scenario exits 3, prints the explanation, writes no
output, and with ``--json`` carries the explanation in the one JSON object.
"""

from __future__ import annotations

import json

import pytest
from builders import Model

import portfolio
from portfolio.cli import main


def explanation(model: Model, tmp_path, lang: str = "en") -> list[str]:
    r = portfolio.solve(model.load(tmp_path))
    assert r.status == "infeasible"
    assert not r.has_solution
    lines = [m.render(lang) for m in r.explanation]
    for line in lines + [m.render("ja" if lang == "en" else "en") for m in r.explanation]:
        assert "\n" not in line and "{" not in line, line
    return lines


def quantum_floor() -> Model:
    """FY2027 only. The mandatory defence program needs 7,800 of the 8,000 億円 budget (the MOD fund
    deposits only 100 toward it); the 量子 floor of 500 can only be met from the budget, because
    the Eligibility rule on row 6 keeps the MOD fund away from 量子."""
    m = Model(years=(2027, 2027), budget=8000)
    m.domain("QT", name_ja="量子", floor=500).domain("DEF", name_ja="防衛")
    m.source("MEXT", envelope=9000, name_ja="文部科学省").source("MOD", kind="fund", envelope=100, name_ja="防衛省")
    m.rule("MEXT", "all").rule("MOD", "all").rule("MOD", "domain", "QT", 0)       # Eligibility rows 4–6
    m.program("D1", cost=[7800], value=1, domain="DEF", mandatory=True, name_ja="防衛基盤")   # Programs row 4
    m.program("Q1", cost=[600], value=5, domain="QT", name_ja="量子センシング")                # Programs row 5
    return m


def test_a_floor_an_eligibility_rule_and_the_budget_that_cannot_all_hold_are_named(tmp_path):
    en = explanation(quantum_floor(), tmp_path)
    (iis,) = [line for line in en if "IIS" in line]
    # Limits first, each with where it is set; then the rules that tie them.
    assert iis.index("the FY2027 total budget of 8,000.0 億円") < iis.index(
        "the floor of 500.0 億円 on domain 量子 [Domains row 4: QT]") < iis.index(
        "the Eligibility rule on row 6: 防衛省 → domain 量子, share at most 0")
    assert "deposits of fund 防衛省 [FundingSources row 5: MOD] up to FY2027, 100.0 億円" in iis
    assert "防衛基盤 [Programs row 4: D1] is mandatory" in iis
    # The elastic MIP: the least change that makes room. Q1 is funded whole or not at all, so the
    # budget is short by 7,800 + 600 − 100 (the MOD fund) − 8,000.
    assert any("FY2027: the total budget of 8,000.0 億円 is 300.0 億円 short" in line for line in en), en
    ja = explanation(quantum_floor(), tmp_path, "ja")
    assert any("技術領域「量子」［技術領域 4行目 QT］の下限 500.0 億円" in line
               and "支出可能範囲（6行目）：財源「防衛省」→ 技術領域「量子」 は上限割合 0" in line
               and "FY2027（令和9年度）の総予算 8,000.0 億円" in line for line in ja), ja


def test_mandatory_and_ongoing_programs_over_a_years_budget(tmp_path):
    m = Model(years=(2026, 2027), budget=100)
    m.program("O", cost=[60, 60], value=1, ongoing=True, start=2024)     # 60 a year, already running
    m.program("M", cost=[50], value=1, mandatory=True)                    # 50 in FY2026
    m.program("P", cost=[5], value=9)
    en = explanation(m, tmp_path)
    assert en[0] == ("the mandatory and ongoing programs alone exceed the FY2026 total budget by 10.0 億円 "
                     "(they need 110.0 億円; the budget is 100.0 億円)")
    assert explanation(m, tmp_path, "ja")[0] == (
        "必須・継続プログラムだけでFY2026（令和8年度）の総予算を 10.0 億円超えます（必要額 110.0 億円、総予算 100.0 億円）")
    assert "FY2027" not in en[0]                                          # FY2027 (60 of 100) is fine


def test_mandatory_programs_over_the_horizons_budget(tmp_path):
    # The start can move, so no single year is short by itself; the horizon is.
    m = Model(years=(2026, 2027), budget=[50, 20])
    m.program("M", cost=[80], value=1, mandatory=True, start=(2026, 2027))
    en = explanation(m, tmp_path)
    assert en[0] == ("the mandatory and ongoing programs alone exceed the total budget of the horizon (FY2026–FY2027) "
                     "by 10.0 億円 (they need at least 80.0 億円; the budget is 70.0 億円)")


@pytest.mark.parametrize("deposit,need", [(1000, 40), (25, 55)])
def test_the_shortfall_counts_only_what_annual_sources_must_pay(tmp_path, deposit, need):
    # A fund may pay half of M's 80, and at most what it holds: the budget (30) must find the rest.
    m = Model(years=(2026, 2026), budget=30)
    m.source("A").source("F", kind="fund", envelope=deposit)
    m.rule("A", "all").rule("F", "all", max_share=0.5)
    m.program("M", cost=[80], value=1, mandatory=True)
    en = explanation(m, tmp_path)
    assert en[0] == (f"the mandatory and ongoing programs alone exceed the FY2026 total budget by {need - 30:.1f} 億円 "
                     f"(they need {need:.1f} 億円; the budget is 30.0 億円)")


def test_a_conflict_only_integrality_creates(tmp_path):
    # Critical mass 50 for 宇宙: mandatory A (10) needs B (60) too, and 70 > 65. Two thirds of B
    # would do, so the LP relaxation is feasible and has no IIS: the elastic MIP finds the answer.
    m = Model(years=(2026, 2026), budget=65)
    m.domain("D", critical_mass=50, name_ja="宇宙")
    m.program("A", cost=[10], value=1, mandatory=True)
    m.program("B", cost=[60], value=1)
    en = explanation(m, tmp_path)
    assert not any("IIS" in line for line in en)
    assert "FY2026: the total budget of 65.0 億円 is 5.0 億円 short" in en[0]
    assert en[-1].startswith("with fractional choices every limit could hold: the conflict comes from funding "
                             "programs whole")
    # With no budget to move (a year's budget is what it is), the critical mass itself is named.
    m = Model(years=(2026, 2026))
    m.domain("D", critical_mass=50, name_ja="宇宙")
    m.program("A", cost=[10], value=1, mandatory=True)
    en = explanation(m, tmp_path)
    assert "the critical mass of 50.0 億円 for domain 宇宙 [Domains row 4: D] (with プログラムA funded) is missed by " \
           "40.0 億円" in en[0]


def test_mandatory_programs_that_exclude_each_other(tmp_path):
    m = Model(years=(2026, 2027), budget=100)
    m.program("A", cost=[10], value=1, mandatory=True)
    m.program("B", cost=[10], value=1, ongoing=True, start=2025)
    m.excludes("A", "B")
    en = explanation(m, tmp_path)
    assert en[0] == "the dependencies between mandatory or ongoing programs contradict each other."
    assert "cannot be funded" in en[1]
    (iis,) = [line for line in en if "IIS" in line]
    assert "プログラムA [Programs row 4: A] is mandatory" in iis
    assert "プログラムB [Programs row 5: B] is ongoing" in iis
    assert "the exclusion on Dependencies row 4" in iis


def test_capacities_with_and_without_a_unit(tmp_path):
    m = Model(years=(2026, 2026))
    m.capacity("C", 1).capacity("F", 10, unit="人年")
    m.program("A", cost=[10], value=1, mandatory=True, use={"C": 2, "F": 12})
    en = explanation(m, tmp_path)
    ja = explanation(m, tmp_path, "ja")
    assert "FY2026: the capacity of 資源C [Capacities row 4: C], 1.0, is exceeded by 1.0" in en[0]
    assert "the capacity of 資源F [Capacities row 5: F], 10.0 人年, is exceeded by 2.0 人年" in en[0]
    assert "資源「資源C」［能力制約 4行目 C］の容量 1.0 を 1.0 超過" in ja[0]
    for line in en + ja:
        assert " ," not in line and "  " not in line, line


def test_a_locked_program_is_named_as_locked(tmp_path):
    m = Model(years=(2026, 2027), budget=10)
    m.program("A", levels={"lo": ([5], 1), "hi": ([20], 2)}, start=(2026, 2027))
    data = m.load(tmp_path)
    scen = tmp_path / "lock.yaml"
    scen.write_text("programs:\n  lock: {A: {level: hi, start: 2027}}\n", encoding="utf-8")
    data = portfolio.apply_scenario(data, scen)
    r = portfolio.solve(data)
    assert r.status == "infeasible"
    text = " | ".join(x.render("en") for x in r.explanation)
    # the lock was set by the scenario: the explanation points at its line, not the Programs sheet (issue 17)
    assert "プログラムA [scenario lock.yaml:2: A] is locked by the scenario" in text
    assert "FY2027: the total budget of 10.0 億円 is 10.0 億円 short" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_infeasible_scenario_exits_3_and_writes_nothing(tmp_path, capsys, lang):
    path = quantum_floor().write(tmp_path, "model.xlsx")
    # The model alone is infeasible already; a scenario that raises the budget makes it feasible,
    # and one that cuts it keeps it infeasible with the scenario's budget in the explanation.
    ok = tmp_path / "ok.yaml"
    ok.write_text("budget: {FY2027: 8300}\n", encoding="utf-8")
    code = main(["solve", str(path), "--scenario", str(ok), "-o", str(tmp_path / "ok.xlsx"), "--lang", lang])
    capsys.readouterr()
    assert code == 0
    cut = tmp_path / "cut.yaml"
    cut.write_text("name: 減額\nbudget: {FY2027: 7000}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    code = main(["solve", str(path), "--scenario", str(cut), "-o", str(out), "--lang", lang])
    got = capsys.readouterr()
    assert code == 3
    assert got.out == "" and "Traceback" not in got.err
    lines = got.err.splitlines()
    assert lines[0] == ("エラー: このシナリオには全ての制約を満たす配分がありません。" if lang == "ja"
                        else "error: no allocation meets every limit in this scenario.")
    text = "\n".join(lines[1:])
    if lang == "ja":
        assert "必須・継続プログラムだけでFY2027（令和9年度）の総予算を 700.0 億円超えます" in text
        # the budget the scenario set points at the scenario's line (issue 17)
        assert "FY2027（令和9年度）の総予算［シナリオ cut.yaml:2 FY2027］ 7,000.0 億円" in text and "技術領域「量子」" in text
    else:
        # D1 needs 7,800, of which the MOD fund can pay its 100 of deposits: 7,700 > 7,000.
        assert ("the mandatory and ongoing programs alone exceed the FY2027 total budget by 700.0 億円 (they need "
                "7,700.0 億円; the budget is 7,000.0 億円)") in text
        assert "FY2027: the total budget [scenario cut.yaml:2: FY2027] of 7,000.0 億円 is 1,300.0 億円 short" in text
        assert "the FY2027 total budget [scenario cut.yaml:2: FY2027] of 7,000.0 億円;" in text
        assert "防衛基盤 [Programs row 4: D1] is mandatory" in text
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.yaml", "model.xlsx", "ok.xlsx", "ok.yaml"]
    # --json: one object whose explanation holds the same lines.
    code = main(["solve", str(path), "--scenario", str(cut), "-o", str(out), "--json", "--lang", lang])
    got = capsys.readouterr()
    assert code == 3
    obj = json.loads(got.out)
    assert obj["status"] == "infeasible" and obj["output"] is None and obj["scenario"] == "減額"
    prefix = "エラー: " if lang == "ja" else "error: "
    assert [line.removeprefix(prefix).strip() for line in got.err.splitlines()[1:]] == obj["explanation"]
    assert len(obj["explanation"]) == 3
    assert not out.exists()


def test_a_limit_set_by_a_scenario_row_points_at_that_row(tmp_path):
    """The 量子 floor comes from the Scenarios sheet (row 4), not from the Domains sheet: the
    explanation points at the scenario's row, the limits the scenario did not touch at their sheets."""
    m = Model(years=(2027, 2027), budget=8000)
    m.domain("QT", name_ja="量子").domain("DEF", name_ja="防衛")
    m.source("MEXT", envelope=9000, name_ja="文部科学省").source("MOD", kind="fund", envelope=100, name_ja="防衛省")
    m.rule("MEXT", "all").rule("MOD", "all").rule("MOD", "domain", "QT", 0)
    m.program("D1", cost=[7800], value=1, domain="DEF", mandatory=True, name_ja="防衛基盤")
    m.program("Q1", cost=[600], value=5, domain="QT", name_ja="量子センシング")
    m.sheets["Scenarios"] = [{"scenario": "q", "setting": "floor", "target": "QT", "value": 500},
                             {"scenario": "q", "setting": "budget", "target": "FY2027", "value": 8000}]
    data = portfolio.apply_scenario(m.load(tmp_path), "q")
    r = portfolio.solve(data)
    assert r.status == "infeasible"
    ja = " | ".join(x.render("ja") for x in r.explanation)
    en = " | ".join(x.render("en") for x in r.explanation)
    assert "技術領域「量子」［シナリオ " in ja and "シナリオ!4 QT］の下限 500.0 億円" in ja, ja
    assert "技術領域 4行目" not in ja
    assert "total budget [scenario " in en and "シナリオ!5: FY2027]" in en, en
    # the fund's deposits were not set by the scenario: they point at their sheet
    assert "[FundingSources row 5: MOD]" in en
