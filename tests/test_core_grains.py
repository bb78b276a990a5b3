"""The core index at three grains (issue 20, section 4), on a model whose draws can be counted by hand.

One year, budget 15. X and W each have two levels, low (cost 5) and std (cost 10), so both fit only
with one of them at std:

    X low (a 20, b 20), X std (a 60, b 20), W low (a 20, b 20), W std (a 20, b 60)
    P1 = {X std, W low}: 40 + 40 λ        P2 = {X low, W std}: 80 − 40 λ      (λ = w_a)

and every other plan is dominated. P1 is optimal for λ > 1/2, P2 for λ < 1/2. The base weights are
a 0.6, b 0.4 (the base is P1); a draws uniformly in [0.2, 0.8] with b fixed at 0.4, so λ = a / (a + 0.4).
Every draw funds X and W (G1 share 1, core index 1 at G1); exactly the draws with a > 0.4 fund them
at their base levels (G2 and G3: one year, one start).
"""

from __future__ import annotations

import json

import openpyxl
import pytest
from builders import Model

from portfolio.analysis.sensitivity import (
    SensitivitySettings,
    draw_spec,
    make_draw,
    run_sensitivity,
)
from portfolio.api import solve_options
from portfolio.cli import main
from portfolio.engine.session import Session


def grains_model(tmp_path):
    m = Model(years=(2026, 2026), budget=15)
    m.criterion("a", 0.6, weight_low=0.2, weight_high=0.8).criterion("b", 0.4)
    m.program("X", levels={"low": ([5], {"a": 20, "b": 20}), "std": ([10], {"a": 60, "b": 20})})
    m.program("W", levels={"low": ([5], {"a": 20, "b": 20}), "std": ([10], {"a": 20, "b": 60})})
    return m


def expected_share(data, samples: int) -> float:
    spec = draw_spec(data, "auto", seed=0)
    ix = Session(data, solve_options(data)).ix
    lams = [make_draw(spec, data, ix, i)[0]["a"] for i in range(samples)]
    assert all(abs(x - 0.5) > 1e-6 for x in lams)     # no draw on the tie
    return sum(x > 0.5 for x in lams) / samples


def test_core_index_and_same_plan_shares_at_each_grain(tmp_path):
    data = grains_model(tmp_path).load(tmp_path)
    n = 30
    share = expected_share(data, n)
    assert 0 < share < 1
    res = run_sensitivity(data, solve_options(data), SensitivitySettings(parts=("core",), samples=n))
    assert res.base.portfolio == {"X": ("std", 2026), "W": ("low", 2026)}
    core = res.core.set_index("program")
    assert core.loc["X", "core_index"] == 1.0 and core.loc["W", "core_index"] == 1.0
    assert core.loc["X", "core_index_G2"] == pytest.approx(share)
    assert core.loc["W", "core_index_G2"] == pytest.approx(share)
    assert core.loc["X", "funded_draws_G2"] == round(share * n)
    assert res.same_by_grain == pytest.approx({"G1": 1.0, "G2": share, "G3": share})
    dr = res.draws
    assert list(dr["same_G3"]) == list(dr["same_as_base"])
    assert all(dr["same_G1"]) and list(dr["same_G2"]) == [w > 0.5 for w in dr["w_a"]]


def test_grains_in_json_workbook_and_report(tmp_path, capsys):
    grains_model(tmp_path).write(tmp_path, "m.xlsx")
    out = tmp_path / "s.xlsx"
    code = main(["sensitivity", str(tmp_path / "m.xlsx"), "--parts", "core", "--samples", "20", "-o", str(out),
                 "--json", "--lang", "en"])
    assert code == 0
    obj = json.loads(capsys.readouterr().out)
    data = grains_model(tmp_path).load(tmp_path)
    share = expected_share(data, 20)
    by = obj["monte_carlo"]["same_as_base_by_grain"]
    assert by["G1"] == 1.0 and by["G2"] == pytest.approx(share, abs=1e-6) == by["G3"]
    assert obj["core_index"] == {"X": 1.0, "W": 1.0}
    assert obj["core_index_G2"] == pytest.approx({"X": share, "W": share}, abs=1e-6)
    wb = openpyxl.load_workbook(out, read_only=True)
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "Core index (G2: funded at the base level)" in cells
    assert any(c.startswith("Share of draws equal to the base: the same programs funded (G1)") for c in cells)
    assert "Same levels as base (G2)" in cells


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_report_section_shows_the_grains(tmp_path, lang):
    from portfolio import api
    from portfolio.outputs.report.sensitivity import section_sensitivity
    from portfolio.outputs.report.text import Names

    data = grains_model(tmp_path).load(tmp_path)
    sens = run_sensitivity(data, solve_options(data), SensitivitySettings(parts=("core",), samples=20))
    result = api.solve(data)
    sec = section_sensitivity(result, Names(result, lang), lang, sens)
    html = str(sec.body)
    from portfolio.core.i18n import t
    for g in ("G1", "G2", "G3"):
        assert t(f"grain.{g}", lang) in html
    assert t("report.core.levels.col_g2", lang) in html
