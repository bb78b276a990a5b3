"""The sensitivity analysis's fast paths give the answers of plain re-solves (issue 19).

Each fast path may change only how long an answer takes. On small random models (seeded: three
criteria, programs with two levels and a choice of start years, a budget that funds about half),
the analysis is run with its fast paths and with ``SensitivitySettings(plain=True)``, which solves
every probe plainly, and the results are compared field by field.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from builders import Model

from portfolio.analysis.sensitivity import SensitivitySettings, run_sensitivity
from portfolio.api import solve_options


def random_model(tmp_path, seed: int):
    rnd = random.Random(seed)
    m = Model(years=(2026, 2027), budget=[rnd.randint(18, 26), rnd.randint(18, 26)])
    for c in ("a", "b", "c"):
        m.criterion(c, rnd.choice([0.2, 0.3, 0.5]))
    for i in range(6):
        low = [rnd.randint(2, 5) for _ in range(1 + i % 2)]
        std = [x + rnd.randint(2, 4) for x in low]
        vlow = {c: rnd.randint(5, 40) for c in ("a", "b", "c")}
        vstd = {c: v + rnd.randint(3, 25) for c, v in vlow.items()}
        m.program(f"P{i}", levels={"low": (low, vlow), "std": (std, vstd)}, start=(2026, 2027))
    return m.load(tmp_path)


def frame(df: pd.DataFrame) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_stability_probes_give_the_plain_bisections_answers(tmp_path, seed):
    data = random_model(tmp_path, seed)
    opts = solve_options(data)
    kw = dict(parts=("stability",), tolerance=1e-2)
    fast = run_sensitivity(data, opts, SensitivitySettings(**kw))
    plain = run_sensitivity(data, opts, SensitivitySettings(plain=True, **kw))
    assert frame(fast.stability) == frame(plain.stability)
    # A tornado weight inside the proven interval is not solved: its objective is the base plan's value there.
    objectives = ["objective_minus", "objective_plus", "swing"]
    assert frame(fast.tornado.drop(columns=objectives)) == frame(plain.tornado.drop(columns=objectives))
    for col in objectives:
        assert list(fast.tornado[col]) == pytest.approx(list(plain.tornado[col]), rel=1e-9, abs=1e-9)
    assert fast.solves <= plain.solves


def test_shared_probes_give_the_same_answers_with_two_workers(tmp_path):
    data = random_model(tmp_path, 2)
    opts = solve_options(data)
    settings = SensitivitySettings(parts=("stability",), tolerance=1e-2)
    one = run_sensitivity(data, opts, settings)
    two = run_sensitivity(data, opts, settings, workers=2)
    assert frame(one.stability) == frame(two.stability)
    assert frame(one.tornado) == frame(two.tornado)
    assert one.solves == two.solves
