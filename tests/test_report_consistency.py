"""The report contradicts neither itself, nor the results workbook, nor the input (issue 17 §1–2).

:func:`report_checks.check_report` reads the report section by section and compares every total
and 対前年度 with each other, with the results workbook of the same solve and with the input,
and each summary sentence about the budget ladder with the ladder's table. Here it runs on a small
model with previous-year figures given for some programs and sources only, on hand-built ladders
(a step that only adds, one that only drops, a swap), and once on the default model's report.
"""

from __future__ import annotations

import pytest
from builders import Model
from report_checks import check_report, read_report

import portfolio
from portfolio.analysis.sweep import Ladder, Step, Swap
from portfolio.api import solve_options
from portfolio.outputs.report import RunInfo, render_report


def model() -> Model:
    """Two domain groups; every program of D1 has a previous-year amount, only one of D2's does; two of
    three sources have one; the Budget sheet gives the previous-year total."""
    m = Model(years=(2026, 2028), budget=[60, 60, 60])
    m.domain("D1", "national_strategic").domain("D2", "emerging_foundational")
    m.source("M1", envelope=40, previous_year=25).source("M2", envelope=40).source("K", kind="fund",
                                                                                    envelope=[10, 0, 0])
    m.rule("M1").rule("M2").rule("K", "domain", "D1", max_share=0.5)
    m.program("A", cost=[12, 12, 12], value=9, domain="D1", lead="M1", previous_year=10)
    m.program("B", cost=[10, 10, 10], value=7, domain="D1", lead="M2", previous_year=0)
    m.program("C", cost=[15, 15, 15], value=8, domain="D2", lead="M1", previous_year=14)
    m.program("D", cost=[14, 14, 14], value=6, domain="D2", lead="M2")
    m.program("E", cost=[20, 20, 20], value=5, domain="D2", lead="M2", start=(2026, 2026))
    return m


def _write(m: Model, folder):
    from portfolio.inputs.template import write_input_workbook

    content = m.content()
    content["Budget"][0]["previous_year"] = 50
    return write_input_workbook(folder / "m.xlsx", content, force=True)


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consistency")
    data = portfolio.load_model(_write(model(), folder))
    result = portfolio.solve(data)
    book = folder / "solve.xlsx"
    portfolio.api.write_results(result, book)
    return data, result, book


def _ladder(data, result, steps) -> Ladder:
    """A hand-built ladder: (scale, portfolio, objective) per step; the current scale is the result's."""
    out = []
    for scale, plan, obj in steps:
        out.append(Step(scale=scale, budget=data.budget_total * scale, status="optimal", objective=obj, bound=obj,
                        gap=0.0, seconds=0.0, portfolio=tuple(sorted(plan))))
    return Ladder(data=data, options=solve_options(data), steps=out, swaps=[], workers=1)


def _render(result, ladder=None, lang="ja"):
    return render_report(result, lang=lang, ladder=ladder, sensitivity=None, sources=None, run=RunInfo())


def test_small_report_has_no_contradiction(solved):
    data, result, book = solved
    from portfolio.analysis.sweep import run_ladder

    ladder = run_ladder(data, [0.6, 0.8, 1.0, 1.2], solve_options(data))
    assert check_report(_render(result, ladder), book, data) == []


def test_partial_previous_years_are_not_summed(solved):
    """D2 has a previous-year amount for one of its three programs: no previous year and no change
    for D2, its group or the total, nor for M2, whose programs are partly known (M1 leads A and C: 24). D1,
    whose programs all have one, shows it (B's 0 counts as given)."""
    data, result, book = solved
    rep = read_report(_render(result))
    dom = {r[0]: r for r in rep["allocation"].table_after("2.1").rows}
    assert dom["領域D1"][6] == "10.0" and dom["領域D2"][6] == "—" and dom["領域D2"][7] == "—"
    assert dom["合計"][6] == "—"
    ministries = {r[0]: r for r in rep["allocation"].table_after("2.3").rows}
    assert ministries["財源M1"][5] == "24.0" and ministries["財源M2"][5] == "—"
    sources = {r[0]: r for r in rep["allocation"].table_after("2.2").rows}
    assert sources["財源M1"][6] == "25.0"


def test_the_check_catches_a_partial_sum(solved, monkeypatch):
    """The check can fail: with the old rule (the sum of whichever previous years are known) it finds
    the contradictions the issue saw."""
    from portfolio.engine import results

    def partial(programs):
        known = [p.previous_year for p in programs if p.previous_year is not None]
        return (float(sum(known)) if known else None), len(known), len(programs)

    monkeypatch.setattr(results, "previous_of", partial)
    data, _, _ = solved
    result = portfolio.solve(data)
    book = solved[2].parent / "partial.xlsx"
    portfolio.api.write_results(result, book, force=True)
    problems = check_report(_render(result), book, data)
    assert any("previous year vs input" in p for p in problems), problems


# -- the summary's sentences about the ladder ----------------------------------------------------------


def _plan(result, without=(), extra=()):
    keep = [x for x in result.portfolio() if x[0] not in without]
    return keep + list(extra)


@pytest.mark.parametrize("case", ["adds", "drops", "swap", "nothing", "levels"])
def test_summary_sentences_match_the_ladder_table(solved, case):
    data, result, book = solved
    base = result.portfolio()
    funded = [p for p, _, _ in base]
    unfunded = [p.id for p in data.programs if p.id not in funded]
    z = result.objective
    if case == "adds":
        above = _plan(result, extra=[(unfunded[0], "std", 2026)])
    elif case == "drops":
        above = _plan(result, without=[funded[0]])
    elif case == "swap":
        above = _plan(result, without=[funded[0]], extra=[(unfunded[0], "std", 2026)])
    elif case == "levels":
        above = [(p, lv, st + 1) if i == 0 else (p, lv, st) for i, (p, lv, st) in enumerate(base)]
    else:
        above = list(base)
    below = _plan(result, without=funded[-1:])
    ladder = _ladder(data, result, [(0.8, below, z - 1), (1.0, base, z), (1.2, above, z + 1)])
    if case in ("drops", "swap"):
        ladder.swaps.append(Swap(1.0, 1.2, [funded[0]], [unfunded[0]] if case == "swap" else [], 3.0, True,
                                 cost_of_dropping=4.0, gap_loss=0.0))
    html = _render(result, ladder)
    assert check_report(html, book, data) == []
    summary = read_report(html)["summary"].paragraphs("")
    up = next(s for s in summary if "×1.2" in s)
    down = next(s for s in summary if "×0.8" in s)
    assert f"（{funded[-1]}）" in down and "外れます" in down
    if case == "adds":
        assert f"（{unfunded[0]}）" in up and "加わります" in up and "外れ" not in up
    elif case == "drops":
        assert f"（{funded[0]}）" in up and "加わるプログラムはありません" in up and "実際の入れ替え" in up
    elif case == "swap":
        assert f"（{funded[0]}）" in up and f"（{unfunded[0]}）" in up and "実際の入れ替え" in up
    elif case == "levels":
        assert "変わらず" in up and f"（{funded[0]}）" in up
    else:
        assert "採択も水準・開始年度も変わりません" in up


def test_a_summary_that_says_nothing_changes_when_a_step_drops_is_caught(solved, monkeypatch):
    """The issue's case: a step that only drops programs fell through to "no change"."""
    from portfolio.outputs.report import summary

    data, result, book = solved
    funded = [p for p, _, _ in result.portfolio()]
    z = result.objective
    ladder = _ladder(data, result, [(1.0, result.portfolio(), z), (1.2, _plan(result, without=[funded[0]]), z + 1)])
    monkeypatch.setattr(summary, "ladder_sentences",
                        lambda r, names, lang, lad: [summary.tr("rec.up.same", lang, scale=1.2,
                                                                budget=data.budget_total * 1.2)])
    problems = check_report(_render(result, ladder), book, data)
    assert any("3.1 shows" in p for p in problems), problems


def test_ladder_gaps_are_stated_as_reached(solved):
    """A step stopped by the time limit is named, and no sentence claims every step is within the gap."""
    data, result, book = solved
    z = result.objective
    ladder = _ladder(data, result, [(1.0, result.portfolio(), z), (1.2, result.portfolio(), z)])
    ladder.steps[1].status, ladder.steps[1].gap = "feasible", 0.0031
    html = _render(result, ladder)
    assert check_report(html, book, data) == []
    text = read_report(html)["ladder"].text()
    assert "×1.2 は1回の求解の時間上限" in text and "0.310%" in text and "最適性が確認されています" not in text


# -- the default model -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    """The default model's report (ladder ×0.8, ×1, ×1.2, where the issue saw K-CYBER dropped; no
    sensitivity draws, which section 1–3's figures do not use) and its results workbook, once."""
    folder = tmp_path_factory.mktemp("default")
    data = portfolio.load_model(None)
    html, delib = portfolio.api.make_report(data, ladder=[0.8, 1.0, 1.2], samples=0, workers=1)
    book = folder / "solve.xlsx"
    portfolio.api.write_results(delib.result, book)
    return data, html, book


@pytest.mark.slow
def test_default_report_has_no_contradiction(default_report):
    data, html, book = default_report
    assert check_report(html, book, data) == []
    rep = read_report(html)
    dom = {r[0]: r for r in rep["allocation"].table_after("2.1").rows}
    # the figures: 新興・基盤 showed 前年度 114.5 and 対前年度 +1,014.3 from 4 of its programs
    assert dom["新興・基盤技術領域 計"][6] == "—" and dom["新興・基盤技術領域 計"][7] == "—"
