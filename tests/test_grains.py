"""Stability at three grains (issue 17 §2, robustness): G1 the same programs funded, G2 also the same
levels, G3 also the same starts; and the report says what gap its ranges rest on."""

from __future__ import annotations

import pytest

from portfolio.analysis import grains
from portfolio.analysis.sensitivity import SensitivitySettings, run_sensitivity
from portfolio.api import solve_options
from portfolio.outputs.report import RunInfo, render_report

from builders import Model
from report_checks import read_report

A = {"P": ("L1", 2026), "Q": ("std", 2026)}


def test_grains_compare_what_they_say():
    b = {"P": ("L2", 2026), "Q": ("std", 2026)}
    c = {"P": ("L1", 2027), "Q": ("std", 2026)}
    d = {"P": ("L1", 2026)}
    assert grains.same(A, b, "G1") and not grains.same(A, b, "G2")
    assert grains.same(A, c, "G2") and not grains.same(A, c, "G3")
    assert grains.finest_kept(A, A) == "G3" and grains.finest_kept(A, b) == "G1"
    assert grains.finest_kept(A, c) == "G2" and grains.finest_kept(A, d) is None
    assert grains.key([("P", "L1", 2026)], "G3") == grains.key({"P": ("L1", 2026)}, "G3")
    with pytest.raises(ValueError):
        grains.key(A, "G4")


def level_model() -> Model:
    """Criterion a at weight λ, b at 1 − λ (base λ = 0.6). P's level L1 scores a only, L2 b only; both cost
    10, as does Q (5 on each). The budget funds both: the set {P, Q} is optimal at every λ (G1 [0, 1]),
    while L1 is the better level only for λ ≥ 0.5 (G3 [0.5, 1])."""
    m = Model(years=(2026, 2026), budget=20)
    m.criterion("a", weight=0.6).criterion("b", weight=0.4)
    m.program("P", levels={"L1": ([10], {"a": 10, "b": 0}), "L2": ([10], {"a": 0, "b": 10})})
    m.program("Q", cost=[10], value={"a": 5, "b": 5})
    return m


@pytest.fixture(scope="module")
def stability(tmp_path_factory):
    data = level_model().load(tmp_path_factory.mktemp("grains"))
    settings = SensitivitySettings(parts=("stability",), tolerance=0.01, tight_gap=1e-6)
    return data, run_sensitivity(data, solve_options(data, mip_gap=0.0), settings)


def test_the_set_is_stable_where_the_level_is_not(stability):
    _, res = stability
    row = res.stability.set_index("criterion").loc["a"]
    assert row["low"] == pytest.approx(0.5, abs=0.011) and row["high"] == pytest.approx(1.0)
    assert row["low_G2"] == pytest.approx(0.5, abs=0.011)
    assert row["low_G1"] == pytest.approx(0.0) and row["high_G1"] == pytest.approx(1.0)
    # the tornado hatches only a change in the set of programs: a level change is not one
    assert not res.tornado["changed_minus"].any() and not res.tornado["changed_plus"].any()


def _report(data, res, lang="ja"):
    import portfolio

    result = portfolio.solve(data, mip_gap=0.0)
    return read_report(render_report(result, lang=lang, sensitivity=res, run=RunInfo()))["sensitivity"]


def test_report_shows_each_grain_and_what_it_rests_on(stability):
    data, res = stability
    sec = _report(data, res)
    table = sec.tables()[0]
    assert table.headers[2:5] == ["同じプログラム（G1）", "水準も同じ（G2）", "開始年度も同じ（G3）"]
    row = {r[0]: r for r in table.rows}["基準a"]
    assert row[2] == "0.000–1.000" and row[4].startswith(("0.5", "0.49"))
    text = sec.text()
    assert "相対ギャップ 0.0001%" in text and "注意" not in text


def test_report_says_plainly_when_ranges_rest_on_a_loose_gap(tmp_path):
    """The issue's case: the report computed stability at 0.1% and claimed more than was proven."""
    data = level_model().load(tmp_path)
    settings = SensitivitySettings(parts=("stability",), tolerance=0.01, tight_gap=1e-3)
    res = run_sensitivity(data, solve_options(data, mip_gap=0.0), settings)
    text = _report(data, res).text()
    assert "注意：重みの範囲は、各点を相対ギャップ 0.1000% で解き直して求めたもの" in text
    assert "portfolio sensitivity" in text
