"""Petersen's R&D project-selection problems (OR-Library mknap1): all seven published optima.

Each instance is written as a real model workbook in the project's own terms and solved through
the command line, exactly as ``portfolio solve MODEL --json`` runs. Two encodings:

* **capacity**: a one-year horizon; every project is a program with one funding level whose use
  of resource *i* is the project's use of it, and each resource is a Capacities row whose
  capacity is the instance's capacity;
* **cost**: the *m* resources become *m* fiscal years; every project is a program that must
  start in the first year and runs *m* years, costing its use of resource *j* in program year
  *j*, and the total budget of year *j* is capacity *j*.

In both, one criterion (weight 1) scores each program at the project's value, so the objective
is the total value of the selection. The optimum compared is the published one, read from the
data file (``tests/data/mknap1.txt``, a copy of OR-Library's mknap1: the seven problems of
Petersen 1967); nothing is hard-coded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import Model, parse_mknap

from portfolio.cli import main

DATA = Path(__file__).resolve().parent / "data" / "mknap1.txt"


INSTANCES = parse_mknap(DATA)


def test_the_data_file_holds_the_seven_instances():
    assert [(i["n"], i["m"]) for i in INSTANCES] == [(6, 10), (10, 10), (15, 10), (20, 10), (28, 10), (39, 5),
                                                     (50, 5)]


def as_model(inst: dict, encoding: str) -> Model:
    n, m = inst["n"], inst["m"]
    if encoding == "capacity":
        model = Model(years=(2026, 2026), budget=n, model_name="mknap (capacities)")
        for i in range(m):
            model.capacity(f"R{i + 1}", inst["caps"][i])
        for j in range(n):
            use = {f"R{i + 1}": inst["uses"][i][j] for i in range(m) if inst["uses"][i][j]}
            model.program(f"P{j + 1:02d}", cost=[1], value=inst["values"][j], use=use)
    else:
        model = Model(years=(2026, 2026 + m - 1), budget=inst["caps"], model_name="mknap (yearly costs)")
        for j in range(n):
            model.program(f"P{j + 1:02d}", cost=[inst["uses"][i][j] for i in range(m)], value=inst["values"][j])
    return model


def selection_value(inst: dict, funded: list[int]) -> float:
    """Check a selection against the instance itself and return its value."""
    for i in range(inst["m"]):
        used = sum(inst["uses"][i][j] for j in funded)
        assert used <= inst["caps"][i] + 1e-9, f"resource {i + 1}: {used} > {inst['caps'][i]}"
    return sum(inst["values"][j] for j in funded)


@pytest.mark.parametrize("encoding", ["capacity", "cost"])
@pytest.mark.parametrize("k", range(len(INSTANCES)))
def test_published_optimum(tmp_path, capsys, solutions, k, encoding):
    inst = INSTANCES[k]
    path = as_model(inst, encoding).write(tmp_path, f"mknap{k + 1}.xlsx")
    out = tmp_path / "out.xlsx"
    code = main(["solve", str(path), "-o", str(out), "--json", "--gap", "0"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result = json.loads(captured.out)
    assert result["status"] == "optimal"
    assert result["objective"] == pytest.approx(inst["optimum"], abs=1e-6)
    funded = [int(p["id"][1:]) - 1 for p in result["programs"] if p["funded"]]
    assert selection_value(inst, funded) == pytest.approx(inst["optimum"], abs=1e-6)
    assert out.is_file()
    assert len(solutions) == 1          # the solve was checked by the invariants
