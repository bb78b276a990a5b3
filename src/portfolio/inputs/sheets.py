"""The cells of a workbook's worksheets, from the file's bytes: the layer under :mod:`portfolio.inputs.reader`.

Two libraries read them, and give the reader the same :class:`Sheet` either way:

* **python-calamine** (Rust) for a *plain* workbook: no formulas, error values or hidden rows and
  columns, no DTD anywhere, cells that carry their addresses and a used range the library can hold
  (it allocates every sheet as a dense rectangle, and its shared-string table by the count the
  file declares). The template, the benchmark generator and :mod:`portfolio.outputs.results_xlsx`
  write plain workbooks. calamine parses the benchmark L workbook (2,000 programs) in about a
  tenth of openpyxl's time.
* **openpyxl** for everything else, parsing with defusedxml, which refuses entity-expansion and
  external-entity attacks. It tells a formula from its cached value, an error value from text and
  a hidden row from a shown one, which calamine does not (calamine reads a formula without a saved
  result, or ``#N/A``, as an empty cell). openpyxl also gives the established error for every
  malformed or unsafe file, so any failure of the fast path falls back to it.

:func:`inspect_package` decides between them by *parsing* every XML part of the package, whatever
its name (a worksheet is recognised by its root element, not by where it is stored), with expat:
about as fast as a text scan, and no spelling of an element or attribute slips past it. The same
pass refuses what neither library reads truthfully: a shared-string index out of range (openpyxl
reads −1 as the last string), a cell type Excel does not know, an entry the zip library cannot
decompress.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from ..core.errors import InputError, Location

ERROR_VALUES = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!",
                "#CALC!"}
# calamine holds a sheet as a dense rectangle of its used range: a stray value in XFD1048576 would
# ask for 17·10⁹ cells and abort the process. Sheets larger than this go to openpyxl, which keeps
# only the cells that exist. A declared count (shared strings, styles) above it goes there too:
# calamine reserves memory by it.
MAX_DENSE_CELLS = 2_000_000
EXCEL_MAX_ROW, EXCEL_MAX_COLUMN = 1_048_576, 16_384
CELL_TYPES = {"n", "s", "str", "inlineStr", "b", "e", "d"}      # ECMA-376 ST_CellType
_TRUE = ("1", "true")


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
    (range, first column, last row); `hidden_rows` and `hidden_columns` the hidden rows and columns
    that hold a value. `state` is Excel's: "visible", "hidden" or "veryHidden".
    """

    title: str
    _load: Callable[[], tuple] = field(repr=False)
    state: str = "visible"
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

    @property
    def hidden_columns(self) -> list[int]:
        return self._get()[3] if len(self._get()) > 3 else []


def open_sheets(data: bytes, loc: Location) -> list[Sheet]:
    """The worksheets of an .xlsx file's bytes (already checked by ``reader.read_bytes_safely``), in order."""
    package = inspect_package(data, loc)
    if package.plain:
        try:
            return _calamine_sheets(data)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # noqa: BLE001 - pyo3's PanicException is a BaseException; openpyxl decides
            pass
    return _openpyxl_sheets(data, loc, stale_formulas=package.full_calc_on_load)


def plain_xml(data: bytes) -> bool:
    """True if calamine reads the workbook exactly as openpyxl (and Excel) would: see :func:`inspect_package`.
    False on any doubt, and for a file that is refused outright."""
    try:
        return inspect_package(data, Location()).plain
    except InputError:
        return False


# --------------------------------------------------------------------------------------------
# Inspecting the package: every XML part parsed, whatever its name
# --------------------------------------------------------------------------------------------


class _Stop(Exception):
    """Parsing one part can stop early: an entity declaration (openpyxl's defusedxml refuses it)."""


@dataclass
class Package:
    """What the parts of a package say, as far as choosing a reader and refusing a file go."""

    plain: bool = True
    why: list[str] = field(default_factory=list)     # why not plain (for tests and --debug)
    strings: int | None = None                        # <si> items of the shared-string table
    string_refs: list[tuple[str, str, str]] = field(default_factory=list)   # (part, cell, index) to check
    sheets: list[tuple[str, str, str]] = field(default_factory=list)        # (name, state, r:id) in order
    rels: dict[str, dict[str, str]] = field(default_factory=dict)           # rels part -> Id -> target
    full_calc_on_load: bool = False
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)  # (key, part, cell, value)
    max_string: tuple[int, str, str] = (-1, "", "")   # the largest index checked so far, its part and cell

    def refuse_fast_path(self, why: str) -> None:
        self.plain = False
        if len(self.why) < 10:
            self.why.append(why)


def inspect_package(data: bytes, loc: Location) -> Package:
    """Parse every XML part of the zip package with expat and report what decides the reader.

    Raises an InputError for an entry that cannot be decompressed ("version needed 8.4", a bad
    CRC, an encrypted entry), a shared-string index out of range and a cell type Excel does not
    know; everything else merely decides between calamine and openpyxl.
    """
    pkg = Package()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                with zf.open(info) as stream:
                    _inspect_part(info.filename, stream, pkg, loc)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, zlib.error, EOFError,
            OSError, ValueError, OverflowError, LookupError) as exc:   # LookupError: an XML part's unknown encoding
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        raise InputError("err.file_corrupt", loc, detail=detail) from None
    _check_string_refs(pkg, loc)
    return pkg


def _inspect_part(name: str, stream, pkg: Package, loc: Location) -> None:
    head = stream.read(512)
    if not head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
        return                                  # a binary part (an image, vbaProject.bin): neither reader parses it
    import pyexpat

    parser = pyexpat.ParserCreate()
    parser.buffer_text = True
    part = _PartScan(name, pkg, parser)

    def entity(*_args):
        raise _Stop()

    parser.EntityDeclHandler = entity
    try:
        parser.Parse(head, False)
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pkg.refuse_fast_path(f"{name}: entity declaration")
    except pyexpat.ExpatError as exc:
        pkg.refuse_fast_path(f"{name}: not well-formed XML ({exc})")
    part.finish()


def _local(tag: str) -> str:
    """An element's name without its namespace prefix ("x:c" → "c")."""
    return tag.rpartition(":")[2]


class _PartScan:
    """The expat handlers for one part. The root element says what the part is, and so which
    handler reads the rest: a worksheet is looked at cell by cell, anything else hardly at all.

    Names are compared without their prefix (a part may spell the main namespace "x:"); expat
    parses without namespace processing, which is faster, and namespaces never decide here.
    """

    def __init__(self, name: str, pkg: Package, parser):
        self.name, self.pkg, self.parser = name, pkg, parser
        self.root = ""
        self.depth = 0
        self.cell = ""              # address of the <c> being read ("" outside one)
        self.string_cell = False    # the <c> is a shared-string cell (t="s")
        self.value: list[str] = []
        self.max_row = self.max_col = 0
        self.strings = 0
        self.rid: dict[str, str] = {}
        parser.StartElementHandler = self.first
        parser.StartDoctypeDeclHandler = self.doctype

    def doctype(self, *_args) -> None:
        self.pkg.refuse_fast_path(f"{self.name}: DTD")

    def first(self, tag: str, attrs: dict) -> None:
        self.root = _local(tag)
        handler = {"worksheet": self.worksheet, "sst": self.sst, "workbook": self.workbook,
                   "Relationships": self.relationships}.get(self.root, self.other)
        self.parser.StartElementHandler = handler
        if handler == self.worksheet:
            self.parser.EndElementHandler = self.worksheet_end
            self.parser.CharacterDataHandler = self.text
        elif handler == self.sst:
            self.parser.EndElementHandler = self.sst_end
        handler(tag, attrs)

    def other(self, tag: str, attrs: dict) -> None:
        if "count" in attrs or "uniqueCount" in attrs:
            self._counts(tag, attrs)

    def _counts(self, tag: str, attrs: dict) -> None:
        for counted in ("count", "uniqueCount"):
            if counted in attrs and not _small(attrs[counted]):
                self.pkg.refuse_fast_path(f"{self.name}: {_local(tag)} {counted}={attrs[counted][:20]}")

    def sst(self, tag: str, attrs: dict) -> None:
        self.depth += 1
        if self.depth == 2 and (tag == "si" or _local(tag) == "si"):
            self.strings += 1
        elif self.depth == 1:
            self._counts(tag, attrs)

    def sst_end(self, tag: str) -> None:
        self.depth -= 1

    def workbook(self, tag: str, attrs: dict) -> None:
        local = _local(tag)
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.pkg.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
        elif local == "calcPr" and attrs.get("fullCalcOnLoad", "").lower() in _TRUE:
            self.pkg.full_calc_on_load = True

    def relationships(self, tag: str, attrs: dict) -> None:
        if _local(tag) == "Relationship":
            self.rid[attrs.get("Id", "")] = attrs.get("Target", "")

    def worksheet(self, tag: str, attrs: dict) -> None:
        local = tag if tag in _WORKSHEET_NAMES else _local(tag)
        if local == "c":
            self._cell(attrs)
        elif local == "v":
            if self.string_cell:
                self.value = []
        elif local == "f":
            if self.cell:
                self.pkg.refuse_fast_path(f"{self.name}!{self.cell}: formula")
        elif local == "row":
            if attrs.get("hidden", "").lower() in _TRUE or _zero(attrs.get("ht")):
                self.pkg.refuse_fast_path(f"{self.name}: hidden row")
        elif local == "col":
            if attrs.get("hidden", "").lower() in _TRUE or _zero(attrs.get("width")):
                self.pkg.refuse_fast_path(f"{self.name}: hidden column")
        elif local == "sheetFormatPr":
            if attrs.get("zeroHeight", "").lower() in _TRUE:
                self.pkg.refuse_fast_path(f"{self.name}: rows hidden by default")
        elif local == "dimension":
            for ref in attrs.get("ref", "").split(":"):
                self._extent(ref, cells=False)

    def _cell(self, attrs: dict) -> None:
        ref = attrs.get("r")
        if ref is None:
            self.pkg.refuse_fast_path(f"{self.name}: a cell without its address")
            ref = "?"
        else:
            self._extent(ref)
        kind = attrs.get("t", "n")
        if kind not in CELL_TYPES:
            self.pkg.problems.append(("err.cell_type", self.name, ref, kind[:20]))
        elif kind == "e":
            self.pkg.refuse_fast_path(f"{self.name}!{ref}: error value")
        self.cell, self.string_cell = ref, kind == "s"

    def worksheet_end(self, tag: str) -> None:
        if self.string_cell and (tag == "v" or _local(tag) == "v"):
            self.string_cell = False
            self.pkg.string_refs.append((self.name, self.cell, "".join(self.value).strip()))
            if len(self.pkg.string_refs) > 4096:
                _check_string_refs(self.pkg, Location(), final=False)
        elif tag == "c" or _local(tag) == "c":
            self.cell, self.string_cell = "", False

    def text(self, data: str) -> None:
        if self.string_cell:
            self.value.append(data)

    def _extent(self, ref: str, cells: bool = True) -> None:
        m = _ADDRESS.fullmatch(ref)
        if m is None:
            if cells:
                self.pkg.problems.append(("err.cell_address", self.name, ref, ref))
            else:
                self.pkg.refuse_fast_path(f"{self.name}: dimension {ref[:20]}")
            return
        letters, digits = m.groups()
        col = _COLUMNS.get(letters) or _column_number(letters)
        row = int(digits)
        if cells and not (row <= EXCEL_MAX_ROW and col <= EXCEL_MAX_COLUMN):
            self.pkg.problems.append(("err.cell_address", self.name, ref, ref))
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col

    def finish(self) -> None:
        if self.root == "worksheet" and self.max_row * self.max_col > MAX_DENSE_CELLS:
            self.pkg.refuse_fast_path(f"{self.name}: used range {self.max_row}×{self.max_col}")
        elif self.root == "sst":
            self.pkg.strings = (self.pkg.strings or 0) + self.strings
        elif self.root == "Relationships":
            self.pkg.rels[self.name] = self.rid


# A cell address as Excel writes it (A1 … XFD1048576; "$" allowed in a dimension), and the columns seen.
_ADDRESS = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")
_COLUMNS: dict[str, int] = {}
_WORKSHEET_NAMES = frozenset(("c", "v", "f", "row", "col", "is", "t", "sheetFormatPr", "dimension"))


def _small(text: str) -> bool:
    try:
        return 0 <= int(text) <= MAX_DENSE_CELLS
    except ValueError:
        return False


def _zero(text: str | None) -> bool:
    try:
        return text is not None and float(text) == 0
    except ValueError:
        return False


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    if len(_COLUMNS) < 20_000:
        _COLUMNS[letters] = n
    return n


def _check_string_refs(pkg: Package, loc: Location, final: bool = True) -> None:
    """Every shared-string cell names an item of the table: −1 or an index past its end is refused, not
    read as another string (openpyxl reads −1 as the last one, calamine past the end as nothing).

    The table may come after the worksheets in the zip, so indexes are kept until the end: only
    the largest valid one, and the first that is no index at all. The other problems a part holds
    (a cell type Excel does not know, a cell address off the sheet) are raised here too, once the
    workbook has said which sheet each part is."""
    for part, cell, index_text in pkg.string_refs:
        try:
            index = int(index_text)
        except ValueError:
            index = -1
        if index < 0:
            pkg.problems.append(("err.shared_string", part, cell, index_text))
        elif index > pkg.max_string[0]:
            pkg.max_string = (index, part, cell)
    pkg.string_refs.clear()
    if not final:
        return
    count = pkg.strings or 0
    index, part, cell = pkg.max_string
    if index >= count:
        pkg.problems.append(("err.shared_string", part, cell, str(index)))
    if pkg.problems:
        key, part, cell, value = pkg.problems[0]
        where = Location(file=loc.file, sheet=_sheet_of(pkg, part), cell=cell[:20])
        raise InputError(key, where, value=value[:20], count=count)


def _sheet_of(pkg: Package, part: str) -> str:
    """The sheet name the workbook gives a worksheet part (the part's name if none does)."""
    targets = pkg.rels.get("xl/_rels/workbook.xml.rels", {})
    for name, _state, rid in pkg.sheets:
        target = targets.get(rid, "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if resolved == part:
            return name
    return part


def _calamine_sheets(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))

    def state(visible) -> str:          # the enum is not hashable
        return "visible" if visible == SheetVisibleEnum.Visible else \
            "veryHidden" if visible == SheetVisibleEnum.VeryHidden else "hidden"

    titles = [(m.name, state(m.visible)) for m in wb.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

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
            return grid, merged, [], []
        return load

    sheets = [Sheet(t, loader(t), state=state) for t, state in titles]
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


def _openpyxl_sheets(data: bytes, loc: Location, stale_formulas: bool = False) -> list[Sheet]:
    """Load the workbook twice only when it holds formulas: once for formulas, once for cached values.

    `stale_formulas`: the workbook asks to be recalculated when opened (``fullCalcOnLoad``), so
    Excel shows freshly computed results and a saved one may not be what it shows: a formula is
    then a problem wherever it is read, never its saved value.
    """
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
                v = _openpyxl_value(cell, vws, stale_formulas)
                if v is None or (isinstance(v, str) and not v.strip()):
                    continue
                grid.setdefault(r, {})[c] = v
            grid = {r: dict(sorted(grid[r].items())) for r in sorted(grid)}
            merged = [(rng.coord, rng.min_col, rng.max_row) for rng in ws.merged_cells.ranges]
            hidden_rows, hidden_columns = _hidden(ws, grid)
            return grid, merged, hidden_rows, hidden_columns
        return load

    return [Sheet(ws.title, loader(ws), state=ws.sheet_state or "visible") for ws in wb.worksheets]


def _openpyxl_value(cell, vws, stale_formulas: bool) -> Any:
    """A cell's value as Excel shows it, or the :class:`CellProblem` that stands for it."""
    v = cell.value
    if cell.data_type == "f":
        saved = vws._cells.get((cell.row, cell.column)) if vws is not None else None
        if saved is None or saved.value is None:
            return CellProblem("err.formula_no_value", formula=str(v)[:80])
        if stale_formulas:
            return CellProblem("err.formula_stale", formula=str(v)[:80])
        if saved.data_type == "e":
            return CellProblem("err.formula_error", value=str(saved.value)[:20])
        v = saved.value
    elif cell.data_type == "e":
        return CellProblem("err.formula_error", value=str(v)[:20])
    if isinstance(v, str) and v in ERROR_VALUES:
        return CellProblem("err.formula_error", value=v)
    return v


def _hidden(ws, grid: dict[int, dict[int, Any]]) -> tuple[list[int], list[int]]:
    """Rows and columns Excel does not show (hidden, or of zero height or width) that hold a value."""
    zero_height = bool(getattr(ws.sheet_format, "zeroHeight", False))
    rows = []
    for r in grid:
        d = ws.row_dimensions.get(r) if r in ws.row_dimensions else None
        height = getattr(d, "ht", None) if d is not None else None
        if (d is not None and d.hidden) or height == 0 or (zero_height and not height):
            rows.append(r)
    used = {c for cells in grid.values() for c in cells}
    columns = set()
    for d in ws.column_dimensions.values():
        # openpyxl's customWidth is bool(width), never true for a width of 0: the width itself says it.
        if d.hidden or d.width == 0:
            lo, hi = (d.min or 0), (d.max or 0)
            columns.update(c for c in used if lo <= c <= hi)
    return sorted(rows), sorted(columns)


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
