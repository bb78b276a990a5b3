"""Reading, attacked (issue 16, "Reading"): a workbook is read exactly as Excel shows it, or refused.

Cases the issue names and more of our own, by class: which sheet is read; ids compared exactly
(brackets, punctuation and case kept; invisible characters refused; unknown references never bound
to a look-alike); cell values decided from the parsed XML however it is spelled or wherever its
part is stored; no crash on any file (every file gives exit 0 or 2, checked in a subprocess so
that an abort would show); other file kinds named as what they are; zero programs; eligibility
that must not disinherit the lead ministry; every problem listed at once.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import Model
from builders import run_cli as run

import portfolio
from portfolio.core.errors import InputError

SRC = Path(portfolio.__file__).resolve().parents[1]
LEVELS_PART = "xl/worksheets/sheet7.xml"      # 資金水準 (FundingLevels) in the writer's order


def small() -> Model:
    m = Model(years=(2026, 2027), budget=30)
    m.program("P1", cost=[20, 20], value=3)
    return m


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        portfolio.load_model(path)
    return info.value


def keys(err: InputError) -> list[str]:
    return [e.key for e in getattr(err, "errors", [err])]


def rezip(src: Path, dst: Path, change) -> Path:
    """`src` written again as `dst`, each entry (name, data) passed through `change` (None drops it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            new = change(info.filename, zin.read(info))
            if new is not None:
                name, data = new
                zout.writestr(name, data)
    return dst


def edit_part(part: str, old: bytes, new: bytes):
    def change(name, data):
        if name == part:
            assert old in data, (part, old)
            data = data.replace(old, new, 1)
        return name, data
    return change


def moved(part: str, to: str, then=None):
    """Store worksheet `part` under the name `to` (relationships and content types follow)."""
    rel_old = part.removeprefix("xl/").encode()

    def change(name, data):
        if then is not None:
            name, data = then(name, data)
        if name == part:
            return to, data
        if name == "xl/_rels/workbook.xml.rels":
            target = os.path.relpath(to, "xl").encode()
            data = data.replace(b'Target="' + rel_old + b'"', b'Target="' + target + b'"')
            data = data.replace(b'Target="/' + part.encode() + b'"', b'Target="/' + to.encode() + b'"')
        if name == "[Content_Types].xml":
            data = data.replace(b'PartName="/' + part.encode() + b'"', b'PartName="/' + to.encode() + b'"')
        return name, data
    return change


def exit_code_of(*argv) -> tuple[int, str]:
    """The exit code of ``python -m portfolio`` in a child process (a crash would be a signal)."""
    proc = subprocess.run([sys.executable, "-m", "portfolio", *map(str, argv), "--lang", "en"], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get(
                              "PYTHONPATH", "")])})
    return proc.returncode, proc.stderr


# =============================================================================================
# 1. Which sheet is read
# =============================================================================================

def _copy(source: str, title: str, state: str = "visible"):
    def fn(wb):
        ws = wb.copy_worksheet(wb[source])
        ws.title = title
        ws.sheet_state = state
    return fn


def _rename(source: str, title: str):
    def fn(wb):
        wb[source].title = title
    return fn


def _doc_sheet(title: str):
    def fn(wb):
        wb.create_sheet(title)["A1"] = "この行は説明です"
    return fn


def _edited(tmp_path: Path, fn) -> Path:
    path = small().write(tmp_path, "m.xlsx")
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


AMBIGUOUS = {       # the copy made, and the sheet it copies
    "excel_copy_before": ("プログラム (2)", "プログラム"),
    "english_beside_japanese": ("Programs", "プログラム"),
    "id_in_other_case": ("programs", "プログラム"),
    "hidden_copy": ("Programs", "プログラム", "hidden"),
    "very_hidden_copy": ("Programs", "プログラム", "veryHidden"),
    "full_width_copy": ("Ｐｒｏｇｒａｍｓ", "プログラム"),
    "old_copy": ("プログラム（旧）", "プログラム"),
    "copy_of_budget": ("予算 (2)", "予算"),
    "copy_of_settings_in_english": ("Settings", "設定"),
    "copy_with_spaces": (" 資金水準 ", "資金水準"),
}


@pytest.mark.parametrize("name", sorted(AMBIGUOUS))
def test_two_sheets_for_one_table_are_refused_naming_both(tmp_path, capsys, name):
    title, source, *state = AMBIGUOUS[name]
    path = _edited(tmp_path, _copy(source, title, *state))
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 2
    line = stderr.strip()
    assert "\n" not in line and "could both be" in line, line
    assert f'"{source}"' in line and title.strip() in line, line


@pytest.mark.parametrize("title", ["説明", "出典", "メモ", "Programs の説明", "旧プログラム一覧", "Sheet1"])
def test_sheets_that_are_no_table_stay_allowed(tmp_path, capsys, title):
    path = _edited(tmp_path, _doc_sheet(title))
    code, stdout, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0, stderr


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_table_sheet_is_read_with_a_warning(tmp_path, capsys, state):
    def fn(wb):
        wb["プログラム"].sheet_state = state
    path = _edited(tmp_path, fn)
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0 and "hidden" in stderr


# =============================================================================================
# 2. Ids are compared exactly
# =============================================================================================

DISTINCT = [
    ["K(1)", "K(2)"], ["量子（センサ）", "量子（計算）"], ["P-1", "P1", "P_1", "P/1", "P・1"], ["p1", "P1"],
    ["AI", "AI(旧)"], ["A.B", "A-B", "AB"], ["X[1]", "X{1}", "X<1>"], ["α", "a"], ["一", "ー", "-"],
]


@pytest.mark.parametrize("ids", DISTINCT, ids=["-".join(x) for x in DISTINCT])
def test_ids_a_person_can_tell_apart_are_different_ids(tmp_path, ids):
    m = Model(years=(2026, 2027), budget=1000)
    for pid in ids:
        m.program(pid, cost=[1, 1], value=1)
    data = m.load(tmp_path)
    # Full-width brackets are compatibility forms of ASCII ones (NFKC): folded, yet still brackets.
    assert sorted(p.id for p in data.programs) == sorted(unicodedata.normalize("NFKC", i) for i in ids)


SAME = [("Ｐ１", "P1"), (" P1", "P1"), ("P1\u3000", "P1"), ("ｶﾞ", "ガ"), ("Ｋ（１）", "K(1)")]


@pytest.mark.parametrize("alias,pid", SAME)
def test_only_what_a_person_cannot_tell_apart_is_folded(tmp_path, alias, pid):
    m = Model(years=(2026, 2027), budget=1000)
    m.program(pid, cost=[1, 1], value=1)
    m.program(alias, cost=[1, 1], value=1)
    err = load_error(m.write(tmp_path, "m.xlsx"))
    assert "err.duplicate_id" in keys(err)


@pytest.mark.parametrize("ref,existing,near", [
    ("K(2)", "K(1)", "K(1)"), ("P-2", "P-1", "P-1"), ("量子（計算）", "量子（センサ）", "量子（センサ）"),
])
def test_a_reference_to_an_unknown_program_names_the_cell_and_the_nearest_ids(tmp_path, capsys, ref, existing, near):
    m = Model(years=(2026, 2027), budget=1000)
    m.program(existing, cost=[1, 1], value=1)
    m.program("Q", cost=[1, 1], value=1)
    m.requires("Q", ref)
    path = m.write(tmp_path, "m.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 2
    ref, near = (unicodedata.normalize("NFKC", x) for x in (ref, near))
    assert f'"{ref}"' in stderr and near in stderr and "cell" in stderr, stderr


@pytest.mark.parametrize("ref", ["AI(旧)", "AI ", "ai", "A I", "AI2"])
def test_a_domain_reference_never_binds_to_a_look_alike(tmp_path, capsys, ref):
    m = Model(years=(2026, 2027), budget=1000)
    m.domain("AI")
    m.program("P", cost=[1, 1], value=1, domain=ref)
    path = m.write(tmp_path, "m.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    if ref.strip() == "AI":          # surrounding spaces are folded: the same id
        assert code == 0, stderr
        return
    assert code == 2
    assert "sheet Programs" in stderr and "AI" in stderr
    if ref == "ai":
        assert "case" in stderr.lower()


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
             "\ufe0f", "\u00ad"]


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize("where", ["program_id", "reference", "domain_id"])
def test_an_invisible_character_in_an_id_is_refused_naming_it(tmp_path, capsys, ch, where):
    m = Model(years=(2026, 2027), budget=1000)
    m.domain("AI" + ch if where == "domain_id" else "AI")
    m.program("P" + ch + "1" if where == "program_id" else "P1", cost=[1, 1], value=1, domain="AI")
    m.program("Q", cost=[1, 1], value=1, domain="AI")
    if where == "reference":
        m.requires("Q", "P" + ch + "1")
    path = m.write(tmp_path, "m.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 2
    assert f"U+{ord(ch):04X}" in stderr and "cell" in stderr, stderr
    assert ch not in stderr


def test_case_is_kept_and_a_reference_matching_only_by_case_is_refused_with_the_suggestion(tmp_path, capsys):
    m = Model(years=(2026, 2027), budget=1000)
    m.program("P1", cost=[1, 1], value=1)
    m.program("Q", cost=[1, 1], value=1)
    m.requires("Q", "p1")
    code, _, stderr = run(capsys, "validate", m.write(tmp_path, "m.xlsx"), "--lang", "en")
    assert code == 2 and '"p1"' in stderr and '"P1"' in stderr and "case" in stderr.lower()


SCENARIO_REFS = {
    "programs: {force_in: [K(2)]}": ("K(1)",),
    "programs: {force_out: [p1]}": ("P1", "case"),
    "programs: {lock: {K(2): {level: std}}}": ("K(1)",),
    "domains: {AI(旧): {floor: 1}}": ("AI",),
    "domains: {ai: {floor: 1}}": ("AI", "case"),
    'programs: {force_in: ["P\u200b1"]}': ("U+200B", "P<U+200B>1"),
    'programs: {force_in: ["P\u202e1"]}': ("U+202E",),
    'domains: {"A\u2060I": {floor: 1}}': ("U+2060",),
}


@pytest.mark.parametrize("text", sorted(SCENARIO_REFS))
def test_a_scenario_naming_an_unknown_or_invisible_id_is_refused(tmp_path, capsys, text):
    m = Model(years=(2026, 2027), budget=100)
    m.domain("AI")
    m.program("K(1)", cost=[1, 1], value=1, domain="AI")
    m.program("P1", cost=[1, 1], value=1, domain="AI")
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text + "\n", encoding="utf-8")
    code, _, stderr = run(capsys, "validate", m.write(tmp_path, "m.xlsx"), "--scenario", scenario, "--lang", "en")
    assert code == 2
    for words in SCENARIO_REFS[text]:
        assert words in stderr, stderr
    assert not any(c in stderr for c in "\u200b\u202e\u2060"), stderr


@pytest.mark.parametrize("text", ["name: [1]", "description: {a: 1}", "base: [default]", "name: true"])
def test_a_scenario_name_description_or_base_that_is_no_text_is_refused(tmp_path, capsys, text):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text + "\n", encoding="utf-8")
    code, _, stderr = run(capsys, "validate", small().write(tmp_path, "m.xlsx"), "--scenario", scenario, "--lang", "en")
    assert code == 2 and f"key {text.split(':')[0]}" in stderr and "expected text" in stderr, stderr


# =============================================================================================
# 3. Cell values: decided from the parsed XML, however it is spelled and wherever it is stored
# =============================================================================================

C4 = b'<c r="C4"><v>20</v></c>'
FORMULA_NO_VALUE = [
    b'<c r="C4"><f>10+10</f></c>',
    b'<c r="C4"><f>\n10+10</f></c>',
    b'<c r="C4"><f\n>10+10</f></c>',
    b'<c\nr="C4"\n><f>10+10</f\n></c>',
    b'<c r="C4"><f>10+10</f><v></v></c>',
    b'<c r="C4"><f t="shared" ref="C4:D4" si="0">10+10</f></c>',
    b"<c r='C4'><f>10+10</f></c>",
    b'<x:c r="C4" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:f>10+10</x:f></x:c>',
]
ERROR_VALUE = [
    b'<c r="C4" t="e"><v>#DIV/0!</v></c>',
    b'<c r="C4" t = "e"><v>#N/A</v></c>',
    b'<c r="C4" t\n=\n"e"><v>#REF!</v></c>',
    b"<c r=\"C4\" t='e'><v>#VALUE!</v></c>",
    b'<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
]
PLACES = {
    "standard": None,
    "upper_case_name": "xl/worksheets/SHEET7.XML",
    "odd_extension": "xl/worksheets/sheet7.dat",
    "outside_worksheets": "xl/sheet7.xml",
    "deep_folder": "xl/data/a/b/levels.xml",
}


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("cell", FORMULA_NO_VALUE + ERROR_VALUE)
def test_a_formula_without_a_value_or_an_error_is_never_an_empty_cell(tmp_path, cell, place):
    good = small().write(tmp_path, "good.xlsx")
    change = edit_part(LEVELS_PART, C4, cell)
    if PLACES[place]:
        change = moved(LEVELS_PART, PLACES[place], then=change)
    path = rezip(good, tmp_path / "bad.xlsx", change)
    err = load_error(path)
    # An error value with its formula: the workbook (the writer's) is marked to be recalculated on
    # opening, so the saved result is not trusted either way.
    expected = ("err.formula_error", "err.formula_stale") if cell in ERROR_VALUE else ("err.formula_no_value",)
    assert keys(err)[0] in expected, err.render("en")
    assert err.errors[0].loc.cell == "C4" if hasattr(err, "errors") else err.loc.cell == "C4"


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_moved_part_reads_the_same_as_the_standard_one(tmp_path, place):
    good = small().write(tmp_path, "good.xlsx")
    path = rezip(good, tmp_path / "moved.xlsx", moved(LEVELS_PART, PLACES[place]) if PLACES[place] else
                 (lambda n, d: (n, d)))
    assert portfolio.load_model(path).programs == portfolio.load_model(good).programs


SHARED = [b"-1", b"999999", b"4294967296", b"abc", b"1.5", b""]


@pytest.mark.parametrize("index", SHARED)
def test_a_shared_string_index_out_of_range_is_refused(tmp_path, index):
    good = small().write(tmp_path, "good.xlsx")
    with zipfile.ZipFile(good) as z:
        part = z.read(LEVELS_PART)
    a4 = re.search(rb'<c r="A4" t="s"><v>\d+</v></c>', part).group(0)
    path = rezip(good, tmp_path / "bad.xlsx", edit_part(LEVELS_PART, a4, b'<c r="A4" t="s"><v>' + index + b"</v></c>"))
    err = load_error(path)
    assert keys(err)[0] in ("err.shared_string", "err.file_corrupt", "err.bad_value"), err.render("en")
    code, stderr = exit_code_of("validate", path)
    assert code == 2, stderr


@pytest.mark.parametrize("row_attr", [b' hidden="1"', b" hidden = '1'", b' hidden="true"', b'\nhidden="1"',
                                      b' ht="0" customHeight="1"'])
def test_a_hidden_row_is_found_however_it_is_spelled(tmp_path, capsys, row_attr):
    good = small().write(tmp_path, "good.xlsx")
    with zipfile.ZipFile(good) as z:
        part = z.read(LEVELS_PART)
    row = re.search(rb'<row r="4"[^>]*', part).group(0)
    path = rezip(good, tmp_path / "bad.xlsx", edit_part(LEVELS_PART, row, row + row_attr))
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0 and "hidden rows" in stderr, stderr


@pytest.mark.parametrize("col", [b'<cols><col min="3" max="3" width="9" hidden="1"/></cols>',
                                 b"<cols><col min='3' max='4' hidden = 'true'/></cols>",
                                 b'<cols><col min="3" max="3" width="0" customWidth="1"/></cols>'])
def test_a_hidden_column_is_found_however_it_is_spelled(tmp_path, capsys, col):
    good = small().write(tmp_path, "good.xlsx")
    path = rezip(good, tmp_path / "bad.xlsx", edit_part(LEVELS_PART, b"<sheetData>", col + b"<sheetData>"))
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0 and "hidden columns" in stderr, stderr


# =============================================================================================
# 4. No crash on any file: exit 0 or 2, never 1, never a signal
# =============================================================================================

def _huge_range(part_name: str):
    def build(tmp_path: Path) -> Path:
        good = small().write(tmp_path, "good.xlsx")

        def change(name, data):
            if name == LEVELS_PART:
                data = re.sub(rb"<dimension ref=\"[^\"]*\"/>", b"", data)
                data = data.replace(b"<sheetData>", b'<dimension ref="A1:XFD1048576"/><sheetData>', 1)
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                    b"</sheetData>", 1)
            return name, data
        return rezip(good, tmp_path / "huge.xlsx", moved(LEVELS_PART, part_name, then=change)
                     if part_name != LEVELS_PART else change)
    return build


def _version_needed(tmp_path: Path) -> Path:
    data = bytearray(small().write(tmp_path, "good.xlsx").read_bytes())
    for m in re.finditer(rb"PK\x03\x04", bytes(data)):
        struct.pack_into("<H", data, m.start() + 4, 84)           # "version needed to extract: 8.4"
    for m in re.finditer(rb"PK\x01\x02", bytes(data)):
        struct.pack_into("<H", data, m.start() + 6, 84)
    p = tmp_path / "v84.xlsx"
    p.write_bytes(bytes(data))
    return p


def _compression(method: int):
    def build(tmp_path: Path) -> Path:
        data = bytearray(small().write(tmp_path, "good.xlsx").read_bytes())
        for m in re.finditer(rb"PK\x01\x02", bytes(data)):
            struct.pack_into("<H", data, m.start() + 10, method)
        for m in re.finditer(rb"PK\x03\x04", bytes(data)):
            struct.pack_into("<H", data, m.start() + 8, method)
        p = tmp_path / f"method{method}.xlsx"
        p.write_bytes(bytes(data))
        return p
    return build


def _truncated(keep: float):
    def build(tmp_path: Path) -> Path:
        data = small().write(tmp_path, "good.xlsx").read_bytes()
        p = tmp_path / "cut.xlsx"
        p.write_bytes(data[: int(len(data) * keep)])
        return p
    return build


def _cell_type(tmp_path: Path) -> Path:
    good = small().write(tmp_path, "good.xlsx")
    return rezip(good, tmp_path / "t.xlsx", edit_part(LEVELS_PART, C4, b'<c r="C4" t="zz"><v>20</v></c>'))


def _bad_address(tmp_path: Path) -> Path:
    good = small().write(tmp_path, "good.xlsx")
    return rezip(good, tmp_path / "a.xlsx", edit_part(LEVELS_PART, C4, b'<c r="C99999999"><v>20</v></c>'))


def _shared_string_count(tmp_path: Path) -> Path:
    good = small().write(tmp_path, "good.xlsx")

    def change(name, data):
        if name == "xl/sharedStrings.xml":
            data = re.sub(rb'count="\d+" uniqueCount="\d+"', b'count="4000000000" uniqueCount="4000000000"', data)
        return name, data
    return rezip(good, tmp_path / "ss.xlsx", change)


def _encoding(part: str, name: bytes):
    def build(tmp_path: Path) -> Path:
        good = small().write(tmp_path, "good.xlsx")
        return rezip(good, tmp_path / "enc.xlsx", edit_part(part, b'encoding="UTF-8"', b'encoding="' + name + b'"'))
    return build


CRASHERS = {
    "unknown_encoding_of_the_workbook": _encoding("xl/workbook.xml", b"UTF-s"),
    "unknown_encoding_of_a_sheet": _encoding(LEVELS_PART, b"UT9-8"),
    "utf16_declared_for_utf8": _encoding(LEVELS_PART, b"UTF-16"),
    "ebcdic_declared": _encoding("xl/sharedStrings.xml", b"cp500"),
    "huge_range_renamed_part": _huge_range("xl/worksheets/data.bin"),
    "huge_range_standard_part": _huge_range(LEVELS_PART),
    "huge_range_outside_worksheets": _huge_range("xl/x.xml"),
    "zip_version_8_4": _version_needed,
    "unknown_compression": _compression(99),
    "bzip2_compression": _compression(12),
    "truncated_half": _truncated(0.5),
    "truncated_end": _truncated(0.98),
    "unknown_cell_type": _cell_type,
    "cell_address_out_of_range": _bad_address,
    "shared_string_count_4e9": _shared_string_count,
}


@pytest.mark.parametrize("name", sorted(CRASHERS))
def test_no_file_crashes_the_process(tmp_path, name):
    path = CRASHERS[name](tmp_path)
    code, stderr = exit_code_of("validate", path)
    assert code in (0, 2), (code, stderr)
    assert "Traceback" not in stderr


# =============================================================================================
# 5. Other file kinds are named as what they are
# =============================================================================================

def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


KINDS = {
    "ods": (b"", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                               "content.xml": b"<office:document-content/>"}), "err.file_ods"),
    "odt": (b"", lambda: _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            "err.file_odf"),
    "fods": (b"", lambda: b'<?xml version="1.0"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:'
                          b'xmlns:office:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
                          b"<office:body><office:spreadsheet/></office:body></office:document>", "err.file_fods"),
    "csv": (b"", lambda: "id,名称,期間\nP1,量子,3\n".encode("utf-8"), "err.file_csv"),
    "csv_cp932": (b"", lambda: "id,名称\nP1,量子\n".encode("cp932"), "err.file_csv"),
    "xml2003": (b"", lambda: b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:'
                             b'schemas-microsoft-com:office:spreadsheet"/>', "err.file_xml2003"),
    "html": (b"", lambda: b"<html><body><table><tr><td>P1</td></tr></table></body></html>", "err.file_html"),
    "xlsb": (b"", lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0" * 10}),
             "err.file_xlsb"),
    "docx": (b"", lambda: _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}), "err.file_docx"),
    "pptx": (b"", lambda: _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
             "err.file_pptx"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ""])
def test_other_file_kinds_are_named_as_what_they_are(tmp_path, kind, suffix):
    _, make, key = KINDS[kind]
    path = tmp_path / f"model{suffix}"
    path.write_bytes(make())
    err = load_error(path)
    assert err.key == key, err.render("en")
    text = err.render("en")
    if key != "err.file_csv":
        assert "xl/workbook.xml" not in text


# =============================================================================================
# 6. Zero programs: validate and solve agree
# =============================================================================================

@pytest.mark.parametrize("with_rules", [False, True])
def test_a_model_without_programs_is_refused_by_validate_and_solve_alike(tmp_path, capsys, with_rules):
    m = Model(years=(2026, 2027), budget=30)
    if with_rules:
        m.source("A").rule("A", "all")
    path = m.write(tmp_path, "m.xlsx")
    codes = []
    for argv in (["validate", path], ["solve", path, "-o", tmp_path / "o.xlsx"], ["sweep", path, "--scale", "1",
                                                                               "-o", tmp_path / "s.xlsx"]):
        code, _, stderr = run(capsys, *argv, "--lang", "en")
        assert "Traceback" not in stderr and "KeyError" not in stderr
        codes.append(code)
    assert codes == [2, 2, 2]


# =============================================================================================
# 7. Eligibility never silently disinherits the lead ministry
# =============================================================================================

def _eligibility(*rules, mandatory: bool = False) -> Model:
    m = Model(years=(2026, 2027), budget=100)
    m.domain("AI").domain("QT")
    m.source("METI").source("MEXT").source("KF", kind="fund", envelope=[5, 5])
    for r in rules:
        m.rule(*r)
    m.program("AI-1", cost=[10, 10], value=5, domain="AI", lead="METI", **({"mandatory": True} if mandatory else {}))
    m.program("QT-1", cost=[10, 10], value=1, domain="QT", lead="MEXT")
    return m


@pytest.mark.parametrize("rule", [("MEXT", "domain", "AI", 0.5), ("MEXT", "program", "AI-1", 0.3),
                                  ("KF", "domain", "AI", 0.5), ("KF", "all", "", 0.2)])
def test_a_rule_for_another_source_adds_a_payer_and_keeps_the_lead(tmp_path, capsys, rule):
    m = _eligibility(rule)
    path = m.write(tmp_path, "m.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0 and "warning" not in stderr, stderr
    result = m.solve(tmp_path)
    assert ("AI-1", "std", 2026) in {(p, lv, s) for p, lv, s in _picked(result)}


def _picked(result):
    from builders import picked
    return picked(result)


@pytest.mark.parametrize("rule", [("METI", "domain", "AI", 0.5), ("METI", "program", "AI-1", 0.0),
                                  ("METI", "all", "", 0.4)])
def test_a_rule_naming_the_lead_limits_it_and_validate_names_the_rule(tmp_path, capsys, rule):
    path = _eligibility(rule).write(tmp_path, "m.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 0
    assert "AI-1" in stderr and "Eligibility" in stderr and "row 4" in stderr, stderr
    path = _eligibility(rule, mandatory=True).write(tmp_path, "mand.xlsx")
    code, _, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code == 2 and "AI-1" in stderr and "row 4" in stderr, stderr


# =============================================================================================
# 8. Every problem at once
# =============================================================================================

def test_validate_lists_every_problem_in_every_sheet(tmp_path, capsys):
    m = Model(years=(2026, 2027), budget=[100, "lots"])
    m.source("A", envelope=[10, -5])
    m.program("P1", cost=[10, 10], value=1)
    m.program("P3", cost=[10, 10], value=1)
    m.requires("P3", "P9")
    m.excludes("P1", "P8")
    code, stdout, stderr = run(capsys, "validate", m.write(tmp_path, "m.xlsx"), "--lang", "en", "--json")
    assert code == 2
    out = json.loads(stdout)
    errors = out["errors"]
    assert out["more_errors"] == 0
    for words in ("sheet Budget, cell B5", "sheet FundingSources, cell I4", '"P9"', '"P8"'):
        assert sum(words in e for e in errors) == 1, (words, errors)
    assert len(errors) == 4
    assert len(stderr.strip().splitlines()) == len(errors)


def test_validate_lists_every_problem_of_the_programs_sheet_once(tmp_path, capsys):
    m = Model(years=(2026, 2027), budget=100)
    m.program("P1", cost=[10, 10], value=1, duration="三年")
    m.program("P2", cost=[10, 10], value=1, domain="NOPE")
    m.program("P3", cost=[10, 10], value=1, earliest_start="x")
    m.program("P4", cost=[10, 10], value=1)
    code, stdout, stderr = run(capsys, "validate", m.write(tmp_path, "m.xlsx"), "--lang", "en", "--json")
    assert code == 2
    errors = json.loads(stdout)["errors"]
    assert len(errors) == 3 and all("sheet Programs" in e for e in errors), errors


@pytest.mark.parametrize("n,listed,more", [(49, 49, 0), (50, 50, 0), (51, 50, 1), (120, 50, 70)])
def test_up_to_50_problems_are_listed_then_how_many_more(tmp_path, capsys, n, listed, more):
    m = Model(years=(2026, 2027), budget=100)
    for i in range(n):
        m.program(f"P{i}", cost=[1, 1], value=1, domain=f"X{i}")
    code, stdout, stderr = run(capsys, "validate", m.write(tmp_path, "m.xlsx"), "--lang", "en", "--json")
    assert code == 2
    out = json.loads(stdout)
    assert len(out["errors"]) == listed and out["more_errors"] == more
    lines = stderr.strip().splitlines()
    assert len(lines) == listed + (1 if more else 0)
    if more:
        assert str(more) in lines[-1]


# =============================================================================================
# Random damage: whatever a byte of a part becomes, exit 0 or 2
# =============================================================================================

SIGNIFICANT = b'<>"=/ 09-.etsrfv:x\n&;'


@pytest.mark.parametrize("seed", range(150))
def test_a_workbook_damaged_at_random_gives_exit_0_or_2(tmp_path, capsys, seed):
    import random

    rnd = random.Random(seed)
    good = small().write(tmp_path, "good.xlsx")
    with zipfile.ZipFile(good) as z:
        parts = [n for n in z.namelist() if n.endswith(".xml") or n.endswith(".rels")]
    target = rnd.choice(parts)

    def change(name, data):
        if name == target:
            data = bytearray(data)
            for _ in range(rnd.randint(1, 4)):
                i = rnd.randrange(len(data))
                data[i] = rnd.choice(SIGNIFICANT)
            data = bytes(data)
        return name, data
    path = rezip(good, tmp_path / "damaged.xlsx", change)
    code, stdout, stderr = run(capsys, "validate", path, "--lang", "en")
    assert code in (0, 2), (target, stderr)
    assert "Traceback" not in stderr and "unexpected error" not in stderr, (target, stderr)
