"""Safe output: nothing is lost, nothing half-written, nothing from a workbook runs.

* Outputs go to a temporary file in the same folder and are renamed at the end: a writer that
  fails half-way (or a disk that fills up) leaves no output and no temporary file, and an
  existing output stays as it was.
* An output that is any input (the model, the scenario file, the scenario's base model) is
  refused, also with --force.
* An output Excel holds open (the rename fails) or a folder that cannot be written gets a
  sentence ("close the file in Excel") and exit 2. Tests may run as root, where permissions do
  not block writes, so the failures are also produced by making ``os.replace`` / ``mkstemp`` fail.
* Text beginning with =, +, - or @ is written as text (read back as a string cell, and no
  worksheet of the results workbook holds a formula at all).
* openpyxl runs with defusedxml; input size is capped; formulas are never evaluated (the saved
  result is read), macros never run, YAML tags never construct objects.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import Model
from builders import run_cli as run

import portfolio
import portfolio.core.safeio as safeio
from portfolio.core.errors import InputError
from portfolio.core.safeio import TEMP_PREFIX

TRICKY = {"A": "=HYPERLINK(\"http://example.invalid\",\"click\")", "B": "+81-3-1234-5678", "C": "-AI研究",
          "D": "@SUM(A1:A2)", "E": "=cmd|' /C calc'!A0"}


def model() -> Model:
    m = Model(years=(2026, 2027), budget=100)
    m.domain("D", name_ja="-防衛")
    for pid, name in TRICKY.items():
        m.program(pid, cost=[10, 10], value=1, name_ja=name, name_en=name)
    return m


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(TEMP_PREFIX + "*"))


# =============================================================================================
# Atomic writing
# =============================================================================================


@pytest.mark.parametrize("existing", [False, True])
def test_a_writer_failing_half_way_leaves_nothing_behind(tmp_path, capsys, monkeypatch, existing):
    import portfolio.outputs.results_xlsx as rx

    path = model().write(tmp_path, "m.xlsx")
    out = tmp_path / "out.xlsx"
    if existing:
        out.write_bytes(b"last week's results")
    seen = []

    def fail(*args, **kwargs):          # the BindingLimits sheet, after seven sheets were written
        seen.extend(p.name for p in tmp_path.glob(TEMP_PREFIX + "*"))
        raise RuntimeError("simulated crash while writing")

    monkeypatch.setattr(rx, "SHEETS", tuple(fail if w is rx._binding_limits_sheet else w for w in rx.SHEETS))
    code, stdout, stderr = run(capsys, "solve", path, "-o", out, "--force", "--lang", "en")
    assert seen, "the writer was writing to a temporary file in the output's folder"
    assert code == 1
    assert stderr.count("\n") == 1 and "simulated crash" in stderr and "Traceback" not in stderr
    assert out.read_bytes() == b"last week's results" if existing else not out.exists()
    assert leftovers(tmp_path) == []


def test_a_full_disk_while_saving_is_a_sentence_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    import xlsxwriter

    path = model().write(tmp_path, "m.xlsx")
    out = tmp_path / "out.xlsx"
    original = xlsxwriter.Workbook.close

    def close(self):
        Path(self.filename).write_bytes(b"PK\x03\x04 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", close)
    code, _, stderr = run(capsys, "solve", path, "-o", out, "--lang", "en")
    monkeypatch.setattr(xlsxwriter.Workbook, "close", original)
    assert code == 2
    # What happened, not "close Excel" (issue 16).
    assert stderr == (f"error: {out.name}: the disk is full, so the output file cannot be written (No space left "
                      "on device); free some space and run again. Nothing was written.\n")
    assert not out.exists() and leftovers(tmp_path) == []


def test_the_output_appears_whole_by_rename(tmp_path, capsys, monkeypatch):
    path = model().write(tmp_path, "m.xlsx")
    out = tmp_path / "out.xlsx"
    renames = []
    original = os.replace

    def replace(src, dst):
        renames.append((Path(src), Path(dst), zipfile.is_zipfile(src)))
        return original(src, dst)

    monkeypatch.setattr(safeio.os, "replace", replace)
    code, _, _ = run(capsys, "solve", path, "-o", out)
    assert code == 0
    ((src, dst, complete),) = renames
    assert dst == out and src.parent == out.parent and src.name.startswith(TEMP_PREFIX) and complete
    assert zipfile.is_zipfile(out) and leftovers(tmp_path) == []


# =============================================================================================
# Inputs are never overwritten
# =============================================================================================


def test_no_input_can_be_the_output(tmp_path, capsys):
    path = model().write(tmp_path, "model.xlsx")
    scen = tmp_path / "cut.yaml"
    scen.write_text("budget: {scale: 0.9}\n", encoding="utf-8")
    based = tmp_path / "based.yaml"
    based.write_text("base: model.xlsx\nbudget: {scale: 0.9}\n", encoding="utf-8")
    before = {p: sha(p) for p in (path, scen, based)}
    for argv in (["solve", path, "--scenario", scen, "-o", scen],
                 ["solve", path, "--scenario", scen, "-o", tmp_path / "sub" / ".." / "model.xlsx"],
                 ["solve", "--scenario", based, "-o", path],            # the model only the scenario names
                 ["validate", path, "--scenario", scen, "--json"]):     # (validate writes nothing: control)
        for force in ([], ["--force"]) if argv[0] == "solve" else ([],):
            code, stdout, stderr = run(capsys, *argv, *force, "--lang", "en")
            if argv[0] == "validate":
                assert code == 0
                continue
            assert code == 2, stderr
            assert stderr.endswith("error: " + Path(argv[-1]).name + ": the output path is one of the inputs; "
                                   "choose another file name.\n"), stderr
    assert {p: sha(p) for p in (path, scen, based)} == before
    assert leftovers(tmp_path) == []


def test_the_template_never_overwrites_without_force(tmp_path, capsys):
    path = model().write(tmp_path, "model.xlsx")
    before = sha(path)
    code, _, stderr = run(capsys, "template", path, "--lang", "en")
    assert code == 2 and "--force" in stderr
    assert sha(path) == before


# =============================================================================================
# Locked or unwritable outputs
# =============================================================================================


def test_an_output_open_in_excel(tmp_path, capsys, monkeypatch):
    path = model().write(tmp_path, "m.xlsx")
    out = tmp_path / "結果.xlsx"
    out.write_bytes(b"open in Excel")
    original = os.replace

    def locked(src, dst):
        if Path(dst) == out:            # what Windows does while Excel holds the file open
            raise PermissionError(13, "Permission denied", str(dst))
        return original(src, dst)

    monkeypatch.setattr(safeio.os, "replace", locked)
    for lang, text in (("ja", "Excel で開いている場合はファイルを閉じてから再実行してください"),
                       ("en", "if it is open in Excel, close the file in Excel and run again")):
        code, stdout, stderr = run(capsys, "solve", path, "-o", out, "--force", "--lang", lang)
        assert code == 2
        assert stderr.count("\n") == 1 and "結果.xlsx" in stderr and text in stderr and "Permission denied" in stderr
        assert "Traceback" not in stderr
    assert out.read_bytes() == b"open in Excel"
    assert leftovers(tmp_path) == []


def test_a_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    path = model().write(tmp_path, "m.xlsx")
    folder = tmp_path / "shared"
    folder.mkdir()
    out = folder / "out.xlsx"
    if os.geteuid() != 0:               # a real read-only folder where permissions apply
        folder.chmod(0o555)
        try:
            code, _, stderr = run(capsys, "solve", path, "-o", out, "--lang", "en")
        finally:
            folder.chmod(0o755)
        assert code == 2 and "cannot write the output file" in stderr
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code, _, stderr = run(capsys, "solve", path, "-o", out, "--lang", "en")
    assert code == 2
    assert stderr == (f"error: {out.name}: cannot write the output file (Permission denied); if it is open in "
                      "Excel, close the file in Excel and run again.\n")
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_output_file(tmp_path, capsys):
    path = model().write(tmp_path, "m.xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep")
    out.chmod(0o444)
    code, _, stderr = run(capsys, "solve", path, "-o", out, "--force", "--lang", "en")
    assert code == 2 and "close the file in Excel" in stderr and out.read_bytes() == b"keep"


# =============================================================================================
# Text stays text; nothing is evaluated
# =============================================================================================


def test_text_starting_with_formula_characters_is_written_as_text(tmp_path, capsys):
    path = model().write(tmp_path, "m.xlsx")
    # The input workbook the project writes keeps them as text too.
    ws = openpyxl.load_workbook(path)["プログラム"]
    names = {ws[f"A{r}"].value: ws[f"B{r}"] for r in range(4, 4 + len(TRICKY))}
    for pid, text in TRICKY.items():
        assert names[pid].data_type == "s" and names[pid].value == text
    data = portfolio.load_model(path)
    assert {p.id: p.name_ja for p in data.programs} == TRICKY
    for lang, sheet, name_col in (("ja", "プログラム", "名称"), ("en", "Programs", "Name")):
        out = tmp_path / f"out-{lang}.xlsx"
        code, _, stderr = run(capsys, "solve", path, "-o", out, "--lang", lang)
        assert code == 0, stderr
        ws = openpyxl.load_workbook(out)[sheet]
        header = [c.value for c in ws[1]]
        col = header.index(name_col) + 1
        cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)}
        for pid, text in TRICKY.items():
            assert cells[pid].data_type == "s", (pid, cells[pid].data_type)
            assert cells[pid].value == text
        # No worksheet of the results holds a formula (charts refer to cells in their own parts).
        with zipfile.ZipFile(out) as zf:
            sheets = [n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
            assert len(sheets) >= 10
            for n in sheets:
                assert b"<f>" not in zf.read(n) and b"<f " not in zf.read(n), n


def test_formulas_are_never_evaluated_only_their_saved_results_read(tmp_path):
    import xlsxwriter

    # A formula whose saved result (77) is not what evaluating it would give (2): the reader
    # takes the result Excel saved, and never computes anything itself.
    path = Model(years=(2026, 2026), budget=50).program("P", cost=[10], value=1).write(tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(path)
    rows = [[c.value for c in row] for row in wb["予算"].iter_rows()]
    book = xlsxwriter.Workbook(str(tmp_path / "f.xlsx"))
    for ws_src in wb.worksheets:
        ws = book.add_worksheet(ws_src.title)
        for row in ws_src.iter_rows():
            for c in row:
                if c.value is not None:
                    ws.write(c.row - 1, c.column - 1, c.value)
        if ws_src.title == "予算":
            ws.write_formula(3, 1, "=1+1", None, 77)
    book.close()
    assert rows[3][1] == 50
    # xlsxwriter marks its workbooks fullCalcOnLoad: Excel recalculates on opening and shows 2, so
    # the saved 77 is not what the planner sees, and the cell is refused (issue 16).
    with pytest.raises(InputError) as err:
        portfolio.load_model(tmp_path / "f.xlsx")
    assert err.value.key == "err.formula_stale"
    # Without that mark the saved result is what Excel shows, and it is read, never recomputed.
    data = (tmp_path / "f.xlsx").read_bytes()
    import io
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info).replace(b' fullCalcOnLoad="1"', b""))
    (tmp_path / "g.xlsx").write_bytes(out.getvalue())
    assert portfolio.load_model(tmp_path / "g.xlsx").budget == (77,)


def test_macros_are_neither_run_nor_kept(tmp_path):
    from test_bad_input import with_macros

    data = portfolio.load_model(with_macros(tmp_path))
    assert [w.key for w in data.warnings] == ["warn.macros"]


def test_yaml_tags_never_construct_objects(tmp_path, capsys):
    path = model().write(tmp_path, "m.xlsx")
    marker = tmp_path / "pwned"
    for text in (f'weights: !!python/object/apply:os.system ["touch {marker}"]\n',
                 f"name: !!python/object/apply:os.system ['touch {marker}']\n",
                 "name: !!python/name:os.system x\n"):
        scen = tmp_path / "evil.yaml"
        scen.write_text(text, encoding="utf-8")
        code, _, stderr = run(capsys, "validate", path, "--scenario", scen, "--lang", "en")
        assert code == 2, stderr
        assert "!!python/" in stderr and "not allowed in a scenario" in stderr and stderr.count("\n") == 1
    assert not marker.exists()


# =============================================================================================
# Dependencies and limits
# =============================================================================================


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    requires = importlib.metadata.requires("portfolio") or []
    assert any(re.match(r"defusedxml\b", r) for r in requires), requires


def test_input_size_is_capped_with_a_clear_error(tmp_path, capsys, monkeypatch):
    import portfolio.inputs.reader as reader
    import portfolio.inputs.scenario as scenario

    path = model().write(tmp_path, "m.xlsx")
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", path.stat().st_size - 1)
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 2
    assert stderr == (f"error: m.xlsx: the file is too large ({path.stat().st_size:,} bytes; the limit is "
                      f"{path.stat().st_size - 1:,} bytes).\n")
    monkeypatch.undo()
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * scenario.MAX_SCENARIO_BYTES + "\nbudget: {scale: 1}\n", encoding="utf-8")
    code, _, stderr = run(capsys, "validate", path, "--scenario", big, "--lang", "en")
    assert code == 2 and "big.yaml: the file is too large" in stderr
    with pytest.raises(InputError) as info:
        portfolio.apply_scenario(portfolio.load_model(path), big)
    assert info.value.key == "err.file_too_large"


def test_outputs_get_normal_file_permissions(tmp_path):
    """A written workbook is readable like any new file (mkstemp alone would leave it 0600)."""
    import os
    import stat

    from portfolio.core.safeio import atomic_output

    target = tmp_path / "out.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"x")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask


def test_python_dash_m_sees_every_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "portfolio", "--help"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    for cmd in ("solve", "validate", "template", "sweep", "compare", "sensitivity", "explain", "report"):
        assert cmd in out.stdout
