"""The budget ladder's words agree with its numbers (issue 17 §2, sweep sheets).

A non-nested step's verdict follows from its losses (a tie has a nesting loss of 0, a swap within
the gap a loss no larger than the gap target, a real swap more); a program funded at some steps
but not at the top is not called "never funded"; the console names what replaced a dropped
program, or says that nothing did.
"""

from __future__ import annotations

import openpyxl
import pytest

from portfolio.analysis.sweep import Ladder, Step, Swap
from portfolio.api import solve_options
from portfolio.outputs.sweep_xlsx import write_ladder

from builders import Model, run_cli


def _ladder(data, steps, swaps=()):
    out = [Step(scale=s, budget=data.budget_total * s, status="optimal", objective=z, bound=z, gap=0.0, seconds=0.0,
                portfolio=tuple(sorted(plan))) for s, plan, z in steps]
    return Ladder(data=data, options=solve_options(data), steps=out, swaps=list(swaps), workers=1)


@pytest.fixture
def data(tmp_path):
    m = Model(years=(2026, 2026), budget=100)
    for p in "ABC":
        m.program(p, cost=[10], value=1)
    return m.load(tmp_path)


def _sheet(path, name):
    ws = openpyxl.load_workbook(path)[name]
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, r)) for r in rows[1:] if r[0] is not None and r[1] is not None]


@pytest.mark.parametrize("swap, verdict", [
    # the NonNested row: keeping costs 23.25 but the lower step can drop them at no loss → a tie
    (Swap(1.0, 1.1, ["A"], ["B"], 23.25, False, cost_of_dropping=0.0, gap_loss=1.0), "同値"),
    # the issue's ×1→×1.1 row: a loss of 0.003% of the objective is inside a 0.1% gap
    (Swap(1.0, 1.1, ["A"], ["B"], 0.03, True, cost_of_dropping=0.05, gap_loss=1.0), "許容ギャップ内の差"),
    (Swap(1.0, 1.1, ["A"], ["B"], 3.0, True, cost_of_dropping=2.0, gap_loss=1.0), "入れ替え（実際）"),
    (Swap(1.0, 1.1, ["A"], ["B"], 3.0, True, cost_of_dropping=None, decided=False, gap_loss=1.0), "未確定"),
])
def test_verdict_and_losses_agree(data, tmp_path, swap, verdict):
    ladder = _ladder(data, [(1.0, [("A", "std", 2026)], 1000.0), (1.1, [("B", "std", 2026)], 1000.0)], [swap])
    out = write_ladder(ladder, tmp_path / "sweep.xlsx")
    (row,) = _sheet(out, "非入れ子")
    assert row["判定"].startswith(verdict)
    loss = row["入れ子にする最小の損失"]
    if verdict == "同値":
        assert loss == 0 and row["高い段で残した場合の損失"] == pytest.approx(23.25)
    elif verdict == "許容ギャップ内の差":
        assert 0 < loss <= swap.gap_loss
    elif verdict == "入れ替え（実際）":
        assert loss == pytest.approx(2.0) and loss > swap.gap_loss


def test_entry_budget_says_where_a_program_is_funded(data, tmp_path):
    """A is funded at every step, B from ×1.0 up, C at two of three steps but not at the top."""
    ladder = _ladder(data, [(0.8, [("A", "std", 2026), ("C", "std", 2026)], 1.0),
                            (1.0, [("A", "std", 2026), ("B", "std", 2026), ("C", "std", 2026)], 2.0),
                            (1.2, [("A", "std", 2026), ("B", "std", 2026)], 3.0)])
    out = write_ladder(ladder, tmp_path / "sweep.xlsx")
    rows = {r["ID"]: r for r in _sheet(out, "採択開始予算")}
    assert rows["A"]["採択の状況"] == "×0.8 以上の全段で採択" and rows["A"]["採択された段の数"] == "3/3"
    assert rows["B"]["採択の状況"] == "×1 以上の全段で採択"
    assert rows["C"]["採択の状況"].startswith("一部の段のみ採択（×0.8, ×1）") and rows["C"]["採択された段の数"] == "2/3"
    assert "採択されない" not in rows["C"]["採択の状況"]


def test_console_says_when_nothing_replaces_a_dropped_program(tmp_path, capsys):
    """At ×1.5 the budget buys B at its high level instead of A and B low: A leaves and nothing enters.
    The console used to print "+" with nothing after it."""
    m = Model(years=(2026, 2026), budget=20)
    m.program("A", cost=[10], value=5)
    m.program("B", levels={"low": ([10], 4), "high": ([30], 10)})
    path = m.write(tmp_path)
    code, out, err = run_cli(capsys, "sweep", path, "--scale", "1,1.5", "-o", tmp_path / "s.xlsx")
    assert code == 0
    line = next(x for x in (out + err).splitlines() if "×1→×1.5" in x)
    assert "外れる A" in line and "加わる なし" in line and "入れ替え（実際）" in line
    assert not line.rstrip().endswith("+")
