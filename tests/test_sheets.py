"""Both ways of reading a workbook's cells (portfolio.inputs.sheets) give the reader the same sheets.

python-calamine reads plain workbooks, openpyxl the rest; these tests read the same files both
ways and compare every cell, merged range and hidden row, check that whatever calamine would get
wrong (formulas, error values, hidden rows, a stray far-away cell, a DTD) is sent to openpyxl, and
that a model loads to the same data either way.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from builders import Model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference

import portfolio
from portfolio.core import schema as S
from portfolio.core.errors import Location
from portfolio.inputs import sheets as sheets_mod
from portfolio.inputs.reader import WorkbookReader, read_bytes_safely

LOC = Location(file="t.xlsx")


def _both(path) -> tuple[list, list]:
    data, _ = read_bytes_safely(path)
    assert sheets_mod.plain_xml(data)
    fast = sheets_mod._calamine_sheets(data)
    slow = sheets_mod._openpyxl_sheets(data, LOC)
    return fast, slow


def _same(fast, slow) -> None:
    assert [s.title for s in fast] == [s.title for s in slow]
    for f, s in zip(fast, slow):
        assert f.grid == s.grid, f.title
        # the same types, not only equal values: 5 and 5.0 print differently in messages
        assert {(r, c): _kind(v) for r, row in f.grid.items() for c, v in row.items()} == \
               {(r, c): _kind(v) for r, row in s.grid.items() for c, v in row.items()}, f.title
        assert sorted(f.merged) == sorted(s.merged), f.title
        assert f.hidden_rows == s.hidden_rows == []


def _kind(v) -> type:
    """A value's type; from 10^15 up, int and float alike. openpyxl's type for such a whole number
    follows how the file spells it (1000000000000000 or 1E+15), which calamine does not tell. The
    reader converts both to the same value (an id or text column to the same digits; a number
    column refuses either: its limit is 10^9)."""
    if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) >= 1e15:
        return float
    return type(v)


def _workbook(tmp_path, fill, name="t.xlsx"):
    wb = openpyxl.Workbook()
    fill(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def test_every_kind_of_value_reads_the_same_both_ways(tmp_path):
    def fill(wb):
        ws = wb.active
        ws.title = "値"
        ws.append(["id", "名前", "金額", "比率", "有無", "日付", "年度"])
        ws.append(["P1", "量子　コンピュータ", 5, 0.25, True, dt.datetime(2026, 4, 1), "令和8年度"])
        ws.append([" P2 ", "a\nb", 5.5, "25%", False, dt.datetime(2026, 4, 1, 9, 30), 2027])
        ws.append(["ｐ３", "１２３", -0.0, 1e20, "はい", dt.date(2027, 3, 31), "FY2028"])
        ws.append([None, "", "   ", 123456789012345678, 0, None, 7.0])
        ws["J40"] = "離れたセル"
        ws.merge_cells("A8:B9")
        ws.merge_cells("D12:F12")
        wb.create_sheet("空")
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=3), titles_from_data=True)
        wb.create_chartsheet("グラフ").add_chart(chart)
        other = wb.create_sheet("Sources")
        other["B2"] = "出典"

    fast, slow = _both(_workbook(tmp_path, fill))
    _same(fast, slow)
    assert [s.title for s in fast] == ["値", "空", "Sources"]        # the chart sheet is not a worksheet
    grid = fast[0].grid
    assert grid[2][3] == 5 and type(grid[2][3]) is int
    assert grid[3][6] == dt.datetime(2026, 4, 1, 9, 30)
    assert 1 not in grid[5] and 2 not in grid[5] and 3 not in grid[5]     # blanks are not cells
    assert grid[40] == {10: "離れたセル"}
    assert sorted(fast[0].merged) == [("A8:B9", 1, 9), ("D12:F12", 4, 12)]


@pytest.mark.parametrize("which", ["default", "builder"])
def test_a_model_reads_to_the_same_tables_both_ways(which, tmp_path, monkeypatch):
    if which == "default":
        path = portfolio.default_model_path()
    else:
        path = (Model().criterion("autonomy").domain("D1").source("S1")
                .program("P1", [3, 2], 5).program("P2", [1, 1], {"autonomy": 2}).requires("P2", "P1")
                .write(tmp_path, "m.xlsx"))
    data, _ = read_bytes_safely(path)
    assert sheets_mod.plain_xml(data)

    def tables():
        reader = WorkbookReader(path)
        out = {sheet.id: reader.read_keyvalue(sheet) if sheet.id == S.SETTINGS.id else reader.read_table(sheet)
               for sheet in S.SHEETS if sheet.id == S.SETTINGS.id or reader.has_sheet(sheet.id)}
        return out, [w.key for w in reader.finish()], reader.unknown_sheets()

    fast = tables()
    monkeypatch.setattr(sheets_mod, "plain_xml", lambda data: False)
    slow = tables()
    assert fast == slow
    assert len(fast[0]) >= 6


def _edited(path, edit):
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return read_bytes_safely(path)[0]


@pytest.mark.parametrize("edit", [
    pytest.param(lambda wb: wb.active.__setitem__("B2", "=1+1"), id="formula"),
    pytest.param(lambda wb: wb.active.__setitem__("B2", "#N/A"), id="error value"),
    pytest.param(lambda wb: setattr(wb.active.row_dimensions[2], "hidden", True), id="hidden row"),
    pytest.param(lambda wb: setattr(wb.active.column_dimensions["B"], "hidden", True), id="hidden column"),
    pytest.param(lambda wb: wb.active.__setitem__("XFD1048576", 1), id="far-away cell"),
])
def test_what_calamine_would_misread_goes_to_openpyxl(edit, tmp_path):
    path = _workbook(tmp_path, lambda wb: wb.active.append(["a", 1]))
    assert sheets_mod.plain_xml(read_bytes_safely(path)[0])
    data = _edited(path, edit)
    assert not sheets_mod.plain_xml(data)
    # and openpyxl reads it: the far-away cell would have made calamine allocate 17·10⁹ cells
    (sheet,) = sheets_mod.open_sheets(data, LOC)
    assert sheet.grid[1] == {1: "a", 2: 1}


def test_a_formula_without_its_value_is_not_read_as_an_empty_cell(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb.active.append(["a", "=1+1"]))
    (sheet,) = sheets_mod.open_sheets(read_bytes_safely(path)[0], LOC)
    problem = sheet.grid[1][2]
    assert isinstance(problem, sheets_mod.CellProblem) and problem.key == "err.formula_no_value"


def _rezip(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))
    return out.getvalue()


def test_a_dtd_or_a_cell_without_its_address_goes_to_openpyxl(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb.active.append(["a", 1]))
    data = read_bytes_safely(path)[0]
    sheet_part = "xl/worksheets/sheet1.xml"

    dtd = _rezip(data, lambda name, xml: b'<!DOCTYPE x [<!ENTITY e "x">]>' + xml if name == sheet_part else xml)
    assert not sheets_mod.plain_xml(dtd)
    no_address = _rezip(data, lambda name, xml: xml.replace(b' r="B1"', b"") if name == sheet_part else xml)
    assert not sheets_mod.plain_xml(no_address)
    assert sheets_mod.plain_xml(_rezip(data, lambda name, xml: xml))


def test_a_failing_fast_path_falls_back_to_openpyxl(tmp_path, monkeypatch):
    path = _workbook(tmp_path, lambda wb: wb.active.append(["a", 1]))

    def broken(data):
        raise RuntimeError("calamine failed")

    monkeypatch.setattr(sheets_mod, "_calamine_sheets", broken)
    (sheet,) = sheets_mod.open_sheets(read_bytes_safely(path)[0], LOC)
    assert sheet.grid == {1: {1: "a", 2: 1}}


def test_results_workbooks_are_plain_and_their_payload_reads_the_same_both_ways(tmp_path, monkeypatch):
    from portfolio.cli import main
    from portfolio.inputs.results_workbook import read_embedded_json

    model = (Model().criterion("autonomy").domain("D1").source("S1")
             .program("P1", [3, 2], 5).program("P2", [1, 1], {"autonomy": 2}).write(tmp_path, "m.xlsx"))
    out = tmp_path / "r.xlsx"
    assert main(["solve", str(model), "-o", str(out), "--lang", "en"]) == 0
    assert sheets_mod.plain_xml(read_bytes_safely(out)[0])
    fast = read_embedded_json(out)
    monkeypatch.setattr(sheets_mod, "plain_xml", lambda data: False)
    assert read_embedded_json(out) == fast
    assert fast and len(str(fast)) > 100


def test_the_template_is_plain(tmp_path):
    from portfolio.inputs.template import write_input_workbook

    path = write_input_workbook(tmp_path / "blank.xlsx", None, lang="ja", force=False)
    assert sheets_mod.plain_xml(read_bytes_safely(path)[0])


# Random cells, written the two ways planners' files are written by programs (openpyxl, and
# xlsxwriter, which writes like Excel: shared strings, numbers with up to 16 digits), read both
# ways.
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t 　"),
                max_size=12)
_VALUES = st.one_of(
    _TEXT,
    st.sampled_from(["１２３", "△5", "1,234", "令和8年度", "=not a formula", "TRUE", "#N/A text", " x "]),
    st.integers(min_value=-2**53, max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.dictionaries(st.tuples(st.integers(0, 30), st.integers(0, 8)), _VALUES, max_size=25),
       writer=st.sampled_from(["openpyxl", "xlsxwriter"]))
def test_random_cells_read_the_same_both_ways(cells, writer, tmp_path):
    import xlsxwriter

    path = tmp_path / f"random-{writer}.xlsx"
    if writer == "openpyxl":
        wb = openpyxl.Workbook()
        ws = wb.active
        for (r, c), v in cells.items():
            cell = ws.cell(row=r + 1, column=c + 1)
            cell.value = v
            cell.data_type = "s" if isinstance(v, str) else cell.data_type   # text stays text ("#N/A text")
        wb.save(path)
    else:
        wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                             "strings_to_urls": False})
        ws = wb.add_worksheet("S")
        date = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        for (r, c), v in cells.items():
            if isinstance(v, dt.datetime):
                ws.write_datetime(r, c, v, date)
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)
        wb.close()
    data, _ = read_bytes_safely(path)
    if not sheets_mod.plain_xml(data):
        return                      # e.g. the text holds "<f " or 't="e"': openpyxl reads it, nothing to compare
    _same(sheets_mod._calamine_sheets(data), sheets_mod._openpyxl_sheets(data, LOC))
