"""The multi-objective knapsack instances of tests/data/multiobjective-knapsack as portfolio models.

Each item is a program with one funding level in a one-year horizon; knapsack row 1 is the year's
total budget (the item's cost is its coefficient there), every further row a capacity the item uses
by its coefficient; each objective is a criterion (weight 1) whose score is the item's integer
coefficient. Shared by tests/test_frontier_reference.py and benchmarks/frontier.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

from builders import Model

DATA = Path(__file__).resolve().parent / "data" / "multiobjective-knapsack"


def _matrix(path: Path) -> list[list[float]]:
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    return [[float(x) for x in row[1:]] for row in rows[1:]]


def read_instance(name: str) -> dict:
    folder = DATA / name
    return {"c": _matrix(folder / "c.csv"), "a": _matrix(folder / "a.csv"),
            "b": [row[0] for row in _matrix(folder / "b.csv")],
            "pareto": {tuple(int(v) for v in row) for row in _matrix(folder / "pareto_sols.csv")},
            "payoff": [tuple(int(v) for v in row) for row in _matrix(folder / "payoff_table.csv")]}


def criteria_of(inst: dict) -> list[str]:
    return [f"f{k + 1}" for k in range(len(inst["c"]))]


def as_model(inst: dict) -> Model:
    a, b, c = inst["a"], inst["b"], inst["c"]
    n = len(c[0])
    model = Model(years=(2026, 2026), budget=b[0], model_name="multi-objective knapsack")
    for k in criteria_of(inst):
        model.criterion(k, 1.0)
    for i in range(1, len(a)):
        model.capacity(f"R{i + 1}", b[i])
    for j in range(n):
        use = {f"R{i + 1}": a[i][j] for i in range(1, len(a)) if a[i][j]}
        model.program(f"I{j + 1:02d}", cost=[a[0][j]], value={k: c[m][j] for m, k in enumerate(criteria_of(inst))},
                      use=use)
    return model
