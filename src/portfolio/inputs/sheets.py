"""The cells of a workbook's worksheets, from the file's bytes: the layer under :mod:`portfolio.inputs.reader`.

Two libraries read them, and give the reader the same :class:`Sheet` either way:

* **python-calamine** (Rust) for a *plain* workbook: no formulas, error values or hidden rows and
  columns, no DTD anywhere, cells that carry their addresses and a used range the library can hold
  (it allocates every sheet as a dense rectangle). The template, the benchmark generator and
  :mod:`portfolio.outputs.results_xlsx` write plain workbooks. calamine parses the benchmark L workbook
  (2,000 programs) in about a tenth of openpyxl's time.
* **openpyxl** for everything else, parsing with defusedxml, which refuses entity-expansion and
  external-entity attacks (a DTD never takes the fast path). It tells a formula from its cached
  value, an error value from text and a hidden row from a shown one, which calamine does not
  (calamine reads a formula without a saved result, or ``#N/A``, as an empty cell), so a workbook
  with a single formula is read by openpyxl. openpyxl also gives the established error for every
  malformed or unsafe file, so any failure of the fast path falls back to it.

:func:`plain_xml` decides between them by scanning the decompressed XML parts (a few milliseconds
per megabyte); a false alarm only costs the fast path.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.errors import InputError, Location

ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!",
                "#CALC!"}
# calamine holds a sheet as a dense rectangle of its used range: a stray value in XFD1048576 would
# ask for 17·10⁹ cells and abort the process. Sheets larger than this go to openpyxl, which keeps
# only the cells that exist.
MAX_DENSE_CELLS = 2_000_000

# Markers of what only openpyxl reads faithfully, in a worksheet part: a formula element (<f>,
# <f t="shared" …/>, or with a namespace prefix), an error cell (t="e") and a hidden row or column.
_WORKSHEET_MARKERS = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b't="e"', b"t='e'",
                      b'hidden="1"', b'hidden="true"', b"hidden='1'", b"hidden='true'")
_ANY_PART_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
_WORKSHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')


class CellProblem:
    """A cell that holds no usable value: a formula without a saved result, or an error value.

    It stands in the grid in place of the value and is raised when the cell is read as part of a
    column (so the message names the column); outside the schema's columns it does no harm.
    """

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params

    def __str__(self) -> str:       # never a header
        return ""

    def error(self, loc: Location) -> InputError:
        return InputError(self.key, loc, **self.params)


@dataclass
class Sheet:
    """One worksheet as the reader sees it.

    `grid` holds the non-blank cells, by 1-based row then column, formulas replaced by their cached
    values (or a :class:`CellProblem`); it is read on first use. `merged` lists merged ranges as
    (range, first column, last row); `hidden_rows` the hidden rows that hold a value.
    """

    title: str
    _load: Callable[[], tuple[dict[int, dict[int, Any]], list[tuple[str, int, int]], list[int]]] = field(repr=False)
    _loaded: tuple | None = field(default=None, repr=False)

    def _get(self) -> tuple:
        if self._loaded is None:
            self._loaded = self._load()
        return self._loaded

    @property
    def grid(self) -> dict[int, dict[int, Any]]:
        return self._get()[0]

    @property
    def merged(self) -> list[tuple[str, int, int]]:
        return self._get()[1]

    @property
    def hidden_rows(self) -> list[int]:
        return self._get()[2]


def open_sheets(data: bytes, loc: Location) -> list[Sheet]:
    """The worksheets of an .xlsx file's bytes (already checked by ``reader.read_bytes_safely``), in order."""
    if plain_xml(data):
        try:
            return _calamine_sheets(data)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - pyo3's PanicException is a BaseException; openpyxl decides
            pass
    return _openpyxl_sheets(data, loc)


def plain_xml(data: bytes) -> bool:
    """True if every part is free of DTDs and every worksheet of formulas, error cells and hidden
    rows or columns, its cells carry their addresses and its used range is at most
    :data:`MAX_DENSE_CELLS`; False on any doubt."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                xml = zf.read(info)
                if any(m in xml for m in _ANY_PART_MARKERS):
                    return False
                if _WORKSHEET_PART.fullmatch(info.filename) and not _plain_worksheet(xml):
                    return False
    except Exception:  # noqa: BLE001 - a broken file is openpyxl's to report
        return False
    return True


def _plain_worksheet(xml: bytes) -> bool:
    if b"<worksheet" not in xml or any(m in xml for m in _WORKSHEET_MARKERS):
        return False
    refs = _CELL_REF.findall(xml)
    if len(refs) != xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/"):
        return False                        # a cell without its address (allowed, but not checked here)
    if not refs:
        return True
    width = max({letters for letters, _ in refs}, key=lambda letters: (len(letters), letters))
    columns = 0
    for ch in width:
        columns = columns * 26 + ch - 64
    rows = max(map(int, {row for _, row in refs}))
    return rows * columns <= MAX_DENSE_CELLS


def _calamine_sheets(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    titles = [m.name for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

    def loader(title: str):
        def load():
            sheet = wb.get_sheet_by_name(title)
            grid: dict[int, dict[int, Any]] = {}
            for r, values in enumerate(sheet.to_python(skip_empty_area=False), start=1):
                row = {}
                for c, v in enumerate(values, start=1):
                    if isinstance(v, str):
                        if not v.strip():
                            continue
                    elif isinstance(v, float):
                        # openpyxl's types: a whole number is an int (unless Excel would write it
                        # with an exponent, as 1E+20), a date a datetime.
                        if v.is_integer() and abs(v) < 1e15:
                            v = int(v)
                    elif type(v) is _dt.date:
                        v = _dt.datetime(v.year, v.month, v.day)
                    row[c] = v
                if row:
                    grid[r] = row
            merged = [(f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}", c0 + 1, r1 + 1)
                      for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            return grid, merged, []
        return load

    sheets = [Sheet(t, loader(t)) for t in titles]
    for s in sheets:            # read now: a failure must fall back to openpyxl, not surface later
        s.grid  # noqa: B018
    return sheets


@functools.lru_cache(maxsize=None)
def column_letter(column: int) -> str:
    """Excel's letters for a 1-based column number: 1 → "A", 28 → "AB"."""
    out = ""
    while column:
        column, rem = divmod(column - 1, 26)
        out = chr(65 + rem) + out
    return out


def _openpyxl_sheets(data: bytes, loc: Location) -> list[Sheet]:
    """Load the workbook twice only when it holds formulas: once for formulas, once for cached values."""
    import openpyxl  # heavy; imported where used

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False, keep_vba=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - every parser failure becomes one clear line
        raise load_error(exc, loc) from None
    has_formula = any(c.data_type == "f" for ws in wb.worksheets for c in ws._cells.values())
    values_wb = None
    if has_formula:
        try:
            values_wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_vba=False, keep_links=False)
        except Exception as exc:  # noqa: BLE001
            raise load_error(exc, loc) from None

    def loader(ws):
        def load():
            vws = values_wb[ws.title] if values_wb is not None else None
            grid: dict[int, dict[int, Any]] = {}
            for (r, c), cell in ws._cells.items():
                v = cell.value
                if cell.data_type == "f":
                    cached = vws._cells.get((r, c)).value if vws is not None and (r, c) in vws._cells else None
                    v = cached if cached is not None else CellProblem("err.formula_no_value", formula=str(v)[:80])
                if isinstance(v, str) and v in ERROR_VALUES:
                    v = CellProblem("err.formula_error", value=v)
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                grid.setdefault(r, {})[c] = v
            grid = {r: dict(sorted(grid[r].items())) for r in sorted(grid)}
            merged = [(rng.coord, rng.min_col, rng.max_row) for rng in ws.merged_cells.ranges]
            hidden = sorted(r for r, d in ws.row_dimensions.items() if d.hidden)
            hidden = [r for r in hidden if any((r, c) in ws._cells and ws._cells[(r, c)].value is not None
                                               for c in range(1, ws.max_column + 1))]
            return grid, merged, hidden
        return load

    return [Sheet(ws.title, loader(ws)) for ws in wb.worksheets]


def load_error(exc: Exception, loc: Location) -> InputError:
    """openpyxl's failure to parse, as one clear line: an XML attack refused, or a corrupt file."""
    # openpyxl wraps parser errors (ValueError("Unable to read workbook ...") from the defusedxml
    # error), so the whole chain of causes is searched for the refusal.
    cause: BaseException | None = exc
    while cause is not None:
        name = type(cause).__name__
        if "Entities" in name or "DTD" in name or "ExternalReference" in name or "DefusedXml" in name:
            return InputError("err.xml_bomb", loc)
        cause = cause.__cause__ or cause.__context__
    name = type(exc).__name__
    # One line: parser messages carry line breaks.
    detail = " ".join(f"{name}: {exc}".split())
    return InputError("err.file_corrupt", loc, detail=detail[:200])
