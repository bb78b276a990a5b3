"""Workbooks saved by LibreOffice read exactly like the originals.

Planners edit models in Excel and in LibreOffice. LibreOffice writes its own flavour of .xlsx
(shared strings, booleans, number formats, recalculated formulas), so each original here, written
by the project's writer (xlsxwriter) or re-saved by openpyxl, is converted with
``libreoffice --headless --convert-to xlsx`` (a fresh profile per run, so parallel runs never
share one) and both are loaded: the ModelData must be equal, and so must the solve.

A formula that openpyxl saved without a result is refused with "recalculate and save"; once
LibreOffice has recalculated and saved it, the workbook reads as if the value had been typed.
A real .xls saved by LibreOffice is refused with "save it as .xlsx".

Without LibreOffice the tests skip, except in CI (``PORTFOLIO_CI=1``), where they fail.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from builders import Model

import portfolio
from portfolio.cli import main
from portfolio.core.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "models" / "example.xlsx"


def libreoffice() -> str:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe:
        return exe
    if os.environ.get("PORTFOLIO_CI") == "1":
        pytest.fail("LibreOffice is required in CI (PORTFOLIO_CI=1): install libreoffice-calc (see .ci/run)")
    pytest.skip("LibreOffice is not installed (no libreoffice or soffice on PATH); the round trip needs it")


def convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert `files` with LibreOffice into `outdir` (one process, its own user profile)."""
    outdir.mkdir(exist_ok=True)
    p = subprocess.run([libreoffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
                       capture_output=True, text=True, timeout=300)
    ext = fmt.split(":")[0]
    out = [outdir / (f.stem + "." + ext) for f in files]
    missing = [o.name for o in out if not o.is_file()]
    assert not missing, f"LibreOffice did not write {missing}: {p.stdout} {p.stderr}"
    return out


def rich_model() -> Model:
    """A model using what LibreOffice might write differently: Japanese text, booleans, a fund and
    external money, a capacity, dependencies, money in 千円 with large whole amounts, shares,
    score ranges and a Scenarios sheet."""
    m = Model(years=(2026, 2029), budget=[980_000_000, 1_000_000_000, 1_020_000_000, 1_050_000_000],
              money_unit="千円", late_start_discount=0.05, confidentiality="取扱注意")
    m.criterion("auto", 3, name_ja="自律性", name_en="Autonomy", weight_low=2, weight_high=4, rank=1)
    m.criterion("indisp", 2, name_ja="不可欠性", rank=2)
    m.domain("QT", name_ja="量子", floor=100_000_000, critical_mass=50_000_000)
    m.domain("AI", name_ja="ＡＩ・ロボット", group="emerging_foundational", ceiling_share=0.6)
    m.source("MEXT", envelope=700_000_000, name_ja="文部科学省").source("MOD", envelope=400_000_000, name_ja="防衛省")
    m.source("FUND", kind="fund", envelope=[150_000_000, 0, 50_000_000, 0], name_ja="経済安保基金")
    m.source("ALLY", kind="external", envelope=20_000_000, name_ja="同盟国共同")
    m.rule("MEXT", "all").rule("MOD", "domain", "QT", 0.5).rule("FUND", "instrument", "Kプログラム", 0.75)
    m.rule("ALLY", "program", "Q2", 0.25)
    m.program("Q1", levels={"縮小": ([60_000_000, 60_000_000], {"auto": 55, "indisp": 40}),
                            "標準": ([90_000_000, 90_000_000, 40_000_000], {"auto": 70, "indisp": 50})},
              domain="QT", instrument="Kプログラム", start=(2026, 2027), name_en="Quantum sensing")
    m.program("Q2", cost=[40_000_000, 40_000_000], value={"auto": 35, "indisp": 30}, domain="QT",
              start=(2026, 2028), note="=共同研究（先頭が = の備考）")
    m.program("A1", cost=[120_000_000, 120_000_000, 120_000_000], value={"auto": 60, "indisp": 65}, domain="AI",
              mandatory=True, previous_year=110_000_000)
    m.program("A2", cost=[30_000_000], value={"auto": 10, "indisp": 12}, domain="AI", start=(2026, 2029))
    m.program("X", cost=[10_000_000], value={"auto": 1, "indisp": 1}, domain="AI", forbidden=True)
    m.capacity("FTE", [120, 120, 130, 130], unit="人年", name_ja="研究者")
    m.use("Q1", "FTE", 40).use("A1", "FTE", 60)
    m.requires("Q2", "Q1", lag=1)
    m.excludes("A2", "X")
    m.at_least(["Q1", "A1", "A2"], 1)
    m.sheets["Scenarios"] = [{"scenario": "減額", "setting": "budget_scale", "value": 0.9, "description": "一律1割減"},
                             {"scenario": "減額", "setting": "weight", "target": "auto", "value": 5}]
    return m


def _comparable(data) -> dict:
    """A loaded model as plain values: every field but the path, warnings rendered (they name the file)."""
    out = {f.name: getattr(data, f.name) for f in dataclasses.fields(data) if f.name not in ("path", "warnings")}
    out["scenario_rows"] = [(r.row, r.values) for r in data.scenario_rows]
    out["warnings"] = [w.render("en") for w in data.warnings]
    return out


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Originals and their LibreOffice copies, converted in one LibreOffice run."""
    libreoffice()
    folder = tmp_path_factory.mktemp("originals")
    originals = {"xlsxwriter": rich_model().write(folder, "rich.xlsx"), "example": folder / "example.xlsx"}
    shutil.copyfile(EXAMPLE, originals["example"])
    resaved = folder / "resaved.xlsx"
    wb = openpyxl.load_workbook(originals["xlsxwriter"])
    wb.save(resaved)
    originals["openpyxl"] = resaved
    copies = convert(list(originals.values()), "xlsx", tmp_path_factory.mktemp("lo"),
                     tmp_path_factory.mktemp("profile"))
    return {k: (orig, copy) for (k, orig), copy in zip(originals.items(), copies)}


@pytest.mark.parametrize("which", ["xlsxwriter", "openpyxl", "example"])
def test_a_workbook_saved_by_libreoffice_reads_identically(round_trip, which):
    original, copy = round_trip[which]
    assert copy.read_bytes() != original.read_bytes()        # LibreOffice really rewrote it
    a, b = portfolio.load_model(original), portfolio.load_model(copy)
    assert _comparable(b) == _comparable(a)
    if which != "example":
        assert a.budget == (9_800, 10_000, 10_200, 10_500)       # 千円 → 億円, exactly
        assert a.program_by_id["Q2"].note == "=共同研究（先頭が = の備考）"
    # And so does the solve.
    ra, rb = portfolio.solve(a), portfolio.solve(b)
    assert ra.status == rb.status == "optimal"
    assert rb.portfolio() == ra.portfolio()
    assert rb.objective == pytest.approx(ra.objective, rel=1e-9, abs=1e-9)


def test_libreoffice_recalculates_a_formula_saved_without_its_result(tmp_path):
    typed = Model(years=(2026, 2027), budget=[100, 102])
    typed.program("P", cost=[60, 60], value=1)
    path = typed.write(tmp_path, "formula.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["予算"]
    assert ws["B5"].value == 102
    ws["B5"] = "=B4*1.02"          # openpyxl saves the formula without a result
    wb.save(path)
    with pytest.raises(InputError) as info:
        portfolio.load_model(path)
    assert info.value.key == "err.formula_no_value" and info.value.loc.cell == "B5"
    (copy,) = convert([path], "xlsx", tmp_path / "lo", tmp_path / "profile")
    recalculated = portfolio.load_model(copy)
    assert recalculated.budget == (100, 102)
    assert _comparable(recalculated) == _comparable(portfolio.load_model(typed.write(tmp_path, "typed.xlsx")))


def test_a_real_xls_saved_by_libreoffice_is_refused_with_save_as_xlsx(tmp_path, capsys):
    path = Model(years=(2026, 2027)).program("P", cost=[1], value=1).write(tmp_path, "old.xlsx")
    (xls,) = convert([path], "xls:MS Excel 97", tmp_path / "lo", tmp_path / "profile")
    before = xls.read_bytes()
    out = tmp_path / "out.xlsx"
    code = main(["solve", str(xls), "-o", str(out), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: {xls.name}: this is an old .xls file; use Save As in Excel to save it as .xlsx.\n"
    assert xls.read_bytes() == before and not out.exists()
