"""A solve that stops before proving optimality (time limits).

* A solution found, optimality not proven: exit 0, status "feasible", and the gap stated
  everywhere the result appears (stdout, the JSON object, the Summary sheet).
* No solution found in time: exit 4 with one clear sentence, and no output.

A time limit is not deterministic (how far HiGHS gets depends on the machine), so the "stopped
with an incumbent" case is produced by telling HiGHS to stop at its first improving solution
(``mip_max_improving_sols``), which ends the run the same way a time limit does: a solution and a
bound that do not meet. ``tests/test_time_limit.py`` checks that re-solves do not trip the limit
early, and ``tests/test_validation.py`` that a nanosecond limit exits 4 with a JSON object.
"""

from __future__ import annotations

import dataclasses
import json
import random

import openpyxl
import pytest
from builders import Model

import portfolio
from portfolio.cli import main
from portfolio.outputs.results_xlsx import status_text


def knapsack() -> Model:
    """120 options: HiGHS's first improving solution (964) is ~2.3% under its bound."""
    rnd = random.Random(5)
    m = Model(years=(2026, 2030), budget=200)
    m.domain("D1").domain("D2")
    for i in range(60):
        m.program(f"P{i}", levels={"a": ([rnd.randint(5, 30) for _ in range(3)], rnd.randint(1, 50)),
                                   "b": ([rnd.randint(5, 30) for _ in range(3)], rnd.randint(1, 50))},
                  start=(2026, 2028), domain=rnd.choice(["D1", "D2"]))
    return m


@pytest.fixture
def stop_at_first_solution(monkeypatch):
    from pyomo.contrib.appsi.solvers.highs import Highs

    prop = Highs.highs_options
    monkeypatch.setattr(Highs, "highs_options", property(lambda self: {**prop.fget(self), "mip_max_improving_sols": 1},
                                                         prop.fset))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_solution_without_proof_is_feasible_with_its_gap_everywhere(tmp_path, capsys, stop_at_first_solution,
                                                                       solutions, lang):
    path = knapsack().write(tmp_path, "k.xlsx")
    out = tmp_path / "out.xlsx"
    code = main(["solve", str(path), "-o", str(out), "--gap", "0", "--lang", lang])
    got = capsys.readouterr()
    assert code == 0, got.err
    assert len(solutions) == 1 and solutions[0].status == "feasible"     # the invariants hold on it too
    gap = solutions[0].gap
    assert 0.001 < gap < 0.2
    shown = f"{gap:.4%}"
    status_line = got.out.splitlines()[0]
    if lang == "ja":
        assert status_line == f"求解状況: 実行可能解（時間上限で打ち切り、最適性未確認）（ギャップ {shown}）"
    else:
        assert status_line == f"status: feasible (stopped at the time limit; not proven optimal) (gap {shown})"
    # The Summary sheet: the status with its gap, and the gap itself.
    ws = openpyxl.load_workbook(out)["概要" if lang == "ja" else "Summary"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert rows["求解状況" if lang == "ja" else "Status"] == status_text(solutions[0], lang)
    assert shown in rows["求解状況" if lang == "ja" else "Status"]
    assert rows["相対ギャップ" if lang == "ja" else "Relative gap"] == pytest.approx(gap)
    assert rows["上界（最良限界）" if lang == "ja" else "Bound"] > rows["目的関数値" if lang == "ja" else "Objective"]
    # The JSON object.
    code = main(["solve", str(path), "-o", str(tmp_path / "out2.xlsx"), "--gap", "0", "--json", "--lang", lang])
    obj = json.loads(capsys.readouterr().out)
    assert code == 0
    assert obj["status"] == "feasible" and obj["gap"] == pytest.approx(gap) and obj["bound"] > obj["objective"]
    assert obj["mip_gap_target"] == 0


def test_an_unknown_gap_is_said_to_be_unknown(tmp_path, stop_at_first_solution):
    r = portfolio.solve(portfolio.load_model(knapsack().write(tmp_path)), mip_gap=0)
    assert r.status == "feasible"
    unknown = dataclasses.replace(r, gap=None)
    assert status_text(unknown, "en").endswith("(gap unknown)")
    assert status_text(unknown, "ja").endswith("（ギャップ 不明）")
    optimal = dataclasses.replace(r, status="optimal", gap=0.0)
    assert status_text(optimal, "en") == "optimal (within the gap) (gap 0.0000%)"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_solution_in_time_is_one_clear_sentence(tmp_path, capsys, lang):
    from test_validation import hard_model

    path = hard_model().write(tmp_path, "hard.xlsx")
    out = tmp_path / "out.xlsx"
    code = main(["solve", str(path), "-o", str(out), "--time-limit", "1e-9", "--lang", lang])
    got = capsys.readouterr()
    assert code == 4
    assert got.out == ""
    assert got.err == ("エラー: 時間上限（1e-09 秒）内に実行可能な配分が見つかりませんでした。--time-limit を延ばしてください。\n"
                       if lang == "ja" else
                       "error: no feasible allocation was found within the time limit (1e-09 s); raise --time-limit.\n")
    assert not out.exists()
