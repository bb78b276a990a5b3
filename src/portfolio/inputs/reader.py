"""Reading a model workbook: from bytes on disk to typed rows, driven by :mod:`portfolio.core.schema`.

This module knows about files, sheets, header rows and cells, and nothing about the model. It
refuses unsafe or unreadable files before a parser sees them, takes the cells from
:mod:`portfolio.inputs.sheets`, finds each sheet's header row (title and unit rows above it are
skipped), normalises every cell (NFKC, trimmed, ``1,234`` and ``△5`` read as numbers) and
converts it to its schema type. The first bad cell raises an
:class:`~portfolio.core.errors.InputError` naming file, sheet, cell, column, value and expectation.
Cross-sheet rules live in :mod:`portfolio.inputs.loader`.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import schema as S
from ..core.errors import InputError, Location, Message, Problems, Text
from ..core.text import describe_char, invisible_char, norm_id, norm_key, norm_text
from ..core.wareki import parse_year
from .sheets import CellProblem, Sheet, column_letter, open_sheets

MAX_FILE_BYTES = 100 * 1024 * 1024          # on disk
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024     # declared total of all zip entries
MAX_ZIP_RATIO = 200                         # per entry, for entries above 1 MiB
MAX_ROWS = 250_000                          # per sheet
MAX_ABS_NUMBER = 1e9                        # 1e9 億円 is ¥10^17: anything larger is a unit mistake
MAX_HORIZON_YEARS = 50
HEADER_SCAN_ROWS = 10

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
KV_KEY_HEADERS = ("key", "項目", "setting", "設定項目", "item")
KV_VALUE_HEADERS = ("value", "値", "設定値")

# --------------------------------------------------------------------------------------------
# Normalisation and conversion of single values
# --------------------------------------------------------------------------------------------


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_TRUE = {"true", "1", "yes", "y", "はい", "○", "〇", "◯", "✓", "✔", "t", "on", "有", "あり"}
_FALSE = {"false", "0", "no", "n", "いいえ", "×", "✕", "-", "f", "off", "無", "なし", ""}


class BadValue(ValueError):
    """A cell could not be converted. `range` is True when the type was right but the value out of range;
    `huge` when it is beyond any plausible figure (a unit mistake)."""

    def __init__(self, range_error: bool = False, huge: bool = False, invisible: str | None = None):
        super().__init__()
        self.range = range_error or huge
        self.huge = huge
        self.invisible = invisible      # an id holds this character, which nobody can see


def to_number(v: Any) -> float:
    if isinstance(v, bool):
        raise BadValue()
    if isinstance(v, (int, float)):
        x = float(v)
    elif isinstance(v, str):
        # NFKC first: full-width digits, comma, point, minus and spaces ("１，２３４．５") are normal.
        s = norm_text(v).replace(" ", "")
        neg = s.startswith(("△", "▲"))
        if neg:
            s = s[1:]
        if _THOUSANDS.match(s):
            s = s.replace(",", "")
        if not _NUMBER.match(s):
            raise BadValue()
        x = float(s)
        if neg:
            x = -x
    else:
        raise BadValue()
    if x != x:
        raise BadValue()
    if x in (float("inf"), float("-inf")):
        raise BadValue(huge=True)       # "1e400": a number, but beyond any plausible figure
    return x


def to_int(v: Any) -> int:
    x = to_number(v)
    if not float(x).is_integer():
        raise BadValue()
    return int(x)


def to_year(v: Any) -> int:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return to_int(v)
    if isinstance(v, _dt.datetime):
        raise BadValue()
    year = parse_year(str(v))
    if year is None:
        raise BadValue()
    return year


def to_share(v: Any) -> float:
    if isinstance(v, str) and v.strip().endswith(("%", "％")):
        return to_number(v.strip()[:-1]) / 100.0
    return to_number(v)


def to_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        if v in (0, 1):
            return bool(v)
        raise BadValue()
    s = norm_text(str(v)).casefold()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise BadValue()


def to_id(v: Any) -> str:
    if isinstance(v, bool):
        raise BadValue()
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (_dt.datetime, _dt.date)):
        raise BadValue()
    s = norm_id(v)
    if not s or any(ch in s for ch in "\r\n\t"):
        # A line break inside an id (Alt+Enter in Excel) is never meant, and would make every
        # message that names the id span lines.
        raise BadValue()
    _visible(str(v))
    return s


def _visible(text: str) -> None:
    """Refuse an id holding a character nobody can see: "P1" and "P\u200b1" look the same in Excel."""
    ch = invisible_char(text)
    if ch is not None:
        raise BadValue(invisible=ch)


def to_text(v: Any) -> str:
    """Free text keeps its characters (全角 punctuation stays); only surrounding spaces go."""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def to_any(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    return norm_text(str(v))


def to_idlist(v: Any) -> tuple[str, ...]:
    parts = re.split(r"[,、，;；\n]+", norm_text(str(v)))
    out = tuple(p.strip() for p in parts if p.strip())
    for part in out:
        _visible(part)
    return out


def to_enum(v: Any, allowed: tuple[S.Choice, ...]) -> str:
    k = norm_key(v)
    for c in allowed:
        if k in (norm_key(c.id), norm_key(c.ja)):
            return c.id
    raise BadValue()


def convert(column: S.Column | S.SeriesGroup, v: Any, money_divisor: float = 1.0) -> Any:
    """Convert one non-empty cell value to the column's type, applying range checks.

    Money is divided by `money_divisor` (how many of the book's unit make 1 億円): dividing by
    100,000 gives 49,000 for 4,900,000,000 千円 exactly, where multiplying by 0.00001 would not.
    """
    kind = column.type
    if kind == S.ID:
        return to_id(v)
    if kind == S.TEXT:
        return to_text(v)
    if kind == S.ANY:
        return to_any(v)
    if kind == S.IDLIST:
        return to_idlist(v)
    if kind == S.BOOL:
        return to_bool(v)
    if kind == S.ENUM:
        return to_enum(v, column.allowed)
    if kind == S.YEAR:
        x = to_year(v)
    elif kind == S.INT:
        x = to_int(v)
    elif kind == S.SHARE:
        x = to_share(v)
    else:
        x = to_number(v)
    if kind == S.MONEY:
        x /= money_divisor
    # The plausibility limit is in 億円, so money is compared after conversion from the book's unit.
    if abs(x) > MAX_ABS_NUMBER:
        raise BadValue(huge=True)
    lo, hi = column.min, column.max
    if lo is not None and (x < lo or (getattr(column, "min_exclusive", False) and x == lo)):
        raise BadValue(range_error=True)
    if hi is not None and x > hi:
        raise BadValue(range_error=True)
    return x


# --------------------------------------------------------------------------------------------
# File safety
# --------------------------------------------------------------------------------------------


def read_bytes_safely(path: Path) -> tuple[bytes, list[Message]]:
    """Return the file's bytes if it is a readable .xlsx; refuse everything else with a clear error.

    A file that is not an .xlsx is named as what it is (an .xls, .xlsb, .ods, flat .fods, Excel
    2003 XML, HTML, CSV or other text, a Word or PowerPoint file …), with how to convert it.
    """
    loc = Location(file=str(path))
    if path.is_dir() or (path.exists() and not path.is_file()):
        raise InputError("err.file_not_regular", loc)
    if not path.is_file():
        raise InputError("err.file_missing", loc)
    size = path.stat().st_size
    if size == 0:
        raise InputError("err.file_empty", loc)
    if size > MAX_FILE_BYTES:
        raise InputError("err.file_too_large", loc, size=size, limit=MAX_FILE_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("err.file_unreadable", loc, detail=" ".join(str(exc.strerror or exc).split())) from None
    warnings: list[Message] = []
    if data.startswith(OLE_MAGIC):
        head = data[: 4 * 1024 * 1024]
        if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
            raise InputError("err.file_encrypted", loc)
        if any(stream.encode("utf-16-le") in head for stream in ("WordDocument", "PowerPoint Document")):
            raise InputError("err.file_ole", loc)
        raise InputError("err.file_xls", loc)
    if not data.startswith(ZIP_MAGIC):
        raise InputError(_text_kind(data[:8192]) or "err.file_not_xlsx", loc, magic=data[:4].hex(" "))
    names = _zip_names(data, loc)
    if "xl/workbook.xml" not in names:
        raise InputError(_zip_kind(data, names), loc, detail="xl/workbook.xml missing")
    if "xl/vbaProject.bin" in names:
        warnings.append(Message.of("warn.macros", loc))
    return data, warnings


def _zip_names(data: bytes, loc: Location) -> set[str]:
    """The entries of a zip archive, once its declared sizes pass the bomb checks."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED_BYTES:
                raise InputError("err.zip_bomb", loc, size=total, limit=MAX_UNZIPPED_BYTES)
            for i in infos:
                if i.file_size > 1024 * 1024 and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
                    raise InputError("err.zip_bomb", loc, size=total, limit=MAX_UNZIPPED_BYTES)
            return {i.filename for i in infos}
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError) as exc:
        raise InputError("err.file_corrupt", loc, detail=" ".join(str(exc).split())[:200]) from None


# What a zip archive without xl/workbook.xml is, by an entry only that kind of file has.
_ZIP_KINDS = (("xl/workbook.bin", "err.file_xlsb"), ("word/document.xml", "err.file_docx"),
              ("ppt/presentation.xml", "err.file_pptx"), ("Index/Document.iwa", "err.file_numbers"))


def _zip_kind(data: bytes, names: set[str]) -> str:
    if "mimetype" in names:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                mimetype = zf.read("mimetype")[:100]
        except Exception:  # noqa: BLE001 - an unreadable entry: the file is simply not an .xlsx
            mimetype = b""
        if b"opendocument.spreadsheet" in mimetype:
            return "err.file_ods"
        if b"opendocument" in mimetype:
            return "err.file_odf"
    for entry, key in _ZIP_KINDS:
        if entry in names:
            return key
    return "err.file_corrupt"


def _text_kind(head: bytes) -> str | None:
    """What a file that is not a zip archive is, from its first bytes: a flat OpenDocument spreadsheet
    (.fods), Excel 2003 XML, HTML, other XML, or CSV and other text; None if it is not text."""
    text = _decoded(head)
    if text is None:
        return None
    lower = text.lstrip("\ufeff \t\r\n").lower()
    if lower.startswith("<"):
        if "opendocument.spreadsheet" in lower or ("office:document" in lower and "office:spreadsheet" in lower):
            return "err.file_fods"
        if "urn:schemas-microsoft-com:office:spreadsheet" in lower:
            return "err.file_xml2003"
        if lower.startswith(("<html", "<!doctype html", "<table")) or "<html" in lower[:1000]:
            return "err.file_html"
        return "err.file_xml"
    return "err.file_csv"


def _decoded(head: bytes) -> str | None:
    encodings = ("utf-16",) if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "cp932")
    for enc in encodings:
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            # The head may end inside a multi-byte character: try without its last few bytes.
            try:
                text = head[:-3].decode(enc)
            except UnicodeDecodeError:
                continue
        if text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) / len(text) > 0.95:
            return text
    return None


def open_workbook(path: Path) -> tuple[list[Sheet], list[Message]]:
    """The worksheets of a checked file, and the file-level warnings (see :mod:`portfolio.inputs.sheets`)."""
    data, warnings = read_bytes_safely(path)
    return open_sheets(data, Location(file=str(path))), warnings


# --------------------------------------------------------------------------------------------
# Sheets and tables
# --------------------------------------------------------------------------------------------


@dataclass
class RawRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    series: dict[tuple, Any] = field(default_factory=dict)
    series_cells: dict[tuple, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)   # ids as written, where normalising changed them
    bad: bool = False       # a cell of the row was refused (its problem is listed; later checks skip the row)

    def cell(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class RawTable:
    sheet: S.Sheet
    title: str
    header_row: int
    rows: list[RawRow]
    present: set[str]
    series_headers: dict[tuple, str]        # (kind, key) -> header as written
    column_letters: dict[str, str]          # column id -> letter


class SeriesMatcher:
    """Recognises headers of the model-dependent column groups of a sheet."""

    def __init__(self, years: tuple[int, ...] = (), criteria: tuple = ()):
        self.years = years
        self.criteria = criteria  # Criterion-like objects with id, name_ja, name_en

    def match(self, group: S.SeriesGroup, header: Any) -> tuple | None:
        for part in _header_parts(header):
            if group.kind == "fiscal_year":
                try:
                    return ("fiscal_year", to_year(part))
                except BadValue:
                    continue
            if group.kind == "program_year":
                k = _program_year(part)
                if k is not None:
                    return ("program_year", k)
            if group.kind == "criterion":
                found = self._criterion(part)
                if found is not None:
                    return found
        return None

    _SUFFIXES = (("", "score"), ("_low", "low"), ("_high", "high"), ("下限", "low"), ("上限", "high"),
                 ("low", "low"), ("high", "high"))

    def _criterion(self, part: str) -> tuple | None:
        """A criterion's score or range column: its id written exactly (with a suffix) first; else its
        id or a name compared as headers are, when that names one criterion only. Ids "K(1)" and
        "K(2)" are two criteria, never one header's loose match."""
        text = norm_id(part)
        for suffix, kind in self._SUFFIXES:
            for c in self.criteria:
                if text == c.id + suffix:
                    return ("criterion", c.id, kind)
        key = norm_key(part)
        matches = set()
        for c in self.criteria:
            names = {norm_key(c.id), norm_key(c.name_ja)} | ({norm_key(c.name_en)} if c.name_en else set())
            for suffix, kind in self._SUFFIXES:
                if key in {n + norm_key(suffix) for n in names}:
                    matches.add(("criterion", c.id, kind))
        return matches.pop() if len(matches) == 1 else None


class _HeaderClassifier:
    """What a header cell of a table sheet names: a schema column, a (series group, key) pair, or None."""

    def __init__(self, sheet: S.Sheet, matcher: SeriesMatcher):
        self.sheet = sheet
        self.matcher = matcher
        self.lookup: dict[str, S.Column] = {}
        for c in sheet.columns:
            for h in c.headers():
                self.lookup.setdefault(norm_key(h), c)

    def __call__(self, value: Any):
        for part in _header_parts(value):
            c = self.lookup.get(norm_key(part))
            if c is not None:
                return c
        for g in self.sheet.series:
            m = self.matcher.match(g, value)
            if m is not None:
                return (g, m)
        return None


def _program_year(part: str) -> int | None:
    s = norm_text(part).casefold().replace(" ", "")
    m = re.fullmatch(r"(?:cost_?)?y(\d{1,2})", s) or re.fullmatch(r"(\d{1,2})年[目次]", s)
    return int(m.group(1)) if m else None


def _is_header(value: Any, spellings: tuple[str, ...]) -> bool:
    keys = {norm_key(h) for h in spellings}
    return any(norm_key(part) in keys for part in _header_parts(value))


def _header_label(header: Any) -> str:
    """A header as written, on one line ("期間\\nduration" -> "期間 / duration"), for messages."""
    return " / ".join(line.strip() for line in norm_text(str(header)).splitlines() if line.strip())


def _header_parts(header: Any) -> list[str]:
    """A header cell may carry several spellings: "期間\\nduration" or "期間 / duration"."""
    text = norm_text(str(header))
    parts = [text] + [p for p in re.split(r"\s*[\n/|]\s*", text) if p]
    return list(dict.fromkeys(parts))


def _timed(method):
    """Add the method's run time to the reader's `seconds`: the "read" phase of a run's timings."""
    @functools.wraps(method)
    def timed(self, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - t0
    return timed


class WorkbookReader:
    """Reads the schema's sheets from one workbook, in the order that lets later sheets depend on earlier ones.

    `seconds` is the time spent opening the file and reading sheets (cross-sheet checks excluded).
    """

    def __init__(self, path: Path):
        t0 = time.perf_counter()
        self.path = Path(path)
        self.sheets, self.warnings = open_workbook(self.path)
        self._normalised: list[str] = []
        self._normalised_count = 0
        self.money_divisor = 1.0          # set from Settings.money_unit (see read_keyvalue)
        self.problems = Problems()        # every problem found while reading (see portfolio.core.errors)
        self._bad_cells: set[str] = set()  # Settings values found bad (so "required" is not said twice)
        self._sheet_map = self._map_sheets()
        self.seconds = time.perf_counter() - t0

    # -- sheets --------------------------------------------------------------------------------
    def _map_sheets(self) -> dict[str, Sheet]:
        """Which worksheet holds which table. Two worksheets that could both be a table (Excel's copy
        "プログラム (2)", "Programs" beside "プログラム", a hidden copy) are refused, naming both: reading
        either would silently ignore an edit made in the other. A table sheet that is hidden is read,
        with a warning. Sheets that are no table (instructions, sources) are left alone."""
        found: dict[str, Sheet] = {}
        for ws in self.sheets:
            k = norm_key(ws.title)
            for sheet in S.SHEETS:
                if k not in (norm_key(sheet.id), norm_key(sheet.ja), norm_key(sheet.en)):
                    continue
                if sheet.id in found:
                    first = found[sheet.id]
                    raise InputError("err.sheet_ambiguous", Location(file=str(self.path)), first=_shown(first),
                                     second=_shown(ws), table=Text(sheet.ja, sheet.id))
                found[sheet.id] = ws
                if ws.state != "visible":
                    self.warnings.append(Message.of("warn.hidden_sheet", Location(file=str(self.path)),
                                                    sheet=ws.title, table=Text(sheet.ja, sheet.id)))
        return found

    def has_sheet(self, sheet_id: str) -> bool:
        return sheet_id in self._sheet_map

    def _ws(self, sheet: S.Sheet) -> Sheet:
        ws = self._sheet_map.get(sheet.id)
        if ws is None:
            names = " / ".join(dict.fromkeys((sheet.id, sheet.ja, sheet.en)))
            raise InputError("err.sheet_missing", Location(file=str(self.path)), sheet=Text(sheet.ja, sheet.id),
                             names=names)
        return ws

    def _loc(self, sheet: S.Sheet, cell: str = "", column: "str | S.Column" = "", row: int | None = None) -> Location:
        """A location; `column` is a schema column (named in the message's language) or a header as written."""
        if isinstance(column, S.Column):
            return Location(file=str(self.path), sheet=sheet.id, cell=cell, column=column.ja, column_en=column.id,
                            row=row)
        return Location(file=str(self.path), sheet=sheet.id, cell=cell, column=column, row=row)

    # -- cells ---------------------------------------------------------------------------------
    def _grid(self, sheet: S.Sheet, ws: Sheet) -> dict[int, dict[int, Any]]:
        """Non-blank cells by row then column (see :class:`portfolio.inputs.sheets.Sheet`), within the row limit."""
        grid = ws.grid
        if len(grid) > MAX_ROWS:
            raise InputError("err.too_many_rows", self._loc(sheet), rows=len(grid), limit=MAX_ROWS)
        return grid

    def _note_normalised(self, sheet: S.Sheet, coord: str, raw: Any, kind: str) -> None:
        if not isinstance(raw, str):
            return
        new = raw.strip() if kind == S.TEXT else norm_text(raw)
        if raw != new:
            self._normalised_count += 1
            if len(self._normalised) < 3:
                self._normalised.append(f"{sheet.ja}!{coord} '{raw}'→'{new}'")

    def finish(self) -> list[Message]:
        """Warnings collected while reading (normalised values), in addition to file-level ones."""
        out = list(self.warnings)
        if self._normalised_count:
            out.append(Message.of("warn.normalised", Location(file=str(self.path)), count=self._normalised_count,
                                  examples="; ".join(self._normalised)))
        return out

    def _convert(self, sheet: S.Sheet, column, raw: Any, coord: str, label: "str | S.Column") -> Any:
        self._note_normalised(sheet, coord, raw, column.type)
        try:
            return convert(column, raw, self.money_divisor)
        except BadValue as exc:
            loc = self._loc(sheet, cell=coord, column=label)
            # Messages are one line: a line break in the cell is shown as "\n".
            shown = raw if not isinstance(raw, str) else norm_text(raw).replace("\r\n", "\n").replace("\n", "\\n")
            if exc.invisible:
                raise InputError("err.invisible_char", loc, value=shown_id(str(raw)),
                                 char=describe_char(exc.invisible)) from None
            if exc.huge:
                # The limit in the book's money unit, as the value is written.
                limit = MAX_ABS_NUMBER * (self.money_divisor if column.type == S.MONEY else 1.0)
                raise InputError("err.huge", loc, value=shown, limit=round(limit)) from None
            if exc.range:
                raise InputError("err.out_of_range", loc, value=shown, expected=_Expect(column)) from None
            raise InputError("err.bad_value", loc, value=shown, expected=_Expect(column)) from None

    # -- key/value sheet -----------------------------------------------------------------------
    @_timed
    def read_keyvalue(self, sheet: S.Sheet) -> tuple[dict[str, Any], dict[str, str]]:
        ws = self._ws(sheet)
        grid = self._grid(sheet, ws)
        header_row, key_col, val_col = None, None, None
        for r in sorted(grid)[:HEADER_SCAN_ROWS]:
            cols = grid[r]
            kc = next((c for c, v in cols.items() if _is_header(v, KV_KEY_HEADERS)), None)
            vc = next((c for c, v in cols.items() if _is_header(v, KV_VALUE_HEADERS)), None)
            if kc is not None and vc is not None:
                header_row, key_col, val_col = r, kc, vc
                break
        if header_row is None:
            raise InputError("err.header_missing", self._loc(sheet), rows=HEADER_SCAN_ROWS,
                             column="項目 / key, 値 / value")
        self._check_merged(sheet, ws, header_row)
        by_key = {}
        for c in sheet.columns:
            for h in c.headers():
                by_key[norm_key(h)] = c
        self._money_unit(sheet, grid, header_row, key_col, val_col, by_key)
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        seen_rows: dict[str, int] = {}
        for r in sorted(grid):
            if r > header_row and grid[r].get(key_col) is not None:
                with self.problems.guard():
                    self._setting(sheet, grid[r], r, key_col, val_col, by_key, values, cells, seen_rows)
        for column in sheet.columns:
            if column.id not in values:
                if column.required:
                    if column.id not in cells or cells[column.id] not in self._bad_cells:
                        self.problems.add(InputError("err.required", self._loc(sheet, cell=cells.get(column.id, ""),
                                                                                 column=column),
                                                     expected=_Expect(column)))
                    continue
                values[column.id] = column.default
        self._hidden_rows_warning(sheet, ws, header_row, (key_col, val_col))
        return values, cells

    def _setting(self, sheet: S.Sheet, cells_of_row: dict, r: int, key_col: int, val_col: int, by_key,
                 values: dict, cells: dict, seen_rows: dict) -> None:
        """One row of a key/value sheet into `values` and `cells`; a problem raises (and is collected)."""
        raw_key = cells_of_row.get(key_col)
        key_coord = f"{column_letter(key_col)}{r}"
        if isinstance(raw_key, CellProblem):
            raise raw_key.error(self._loc(sheet, cell=key_coord))
        column = by_key.get(norm_key(raw_key))
        if column is None:
            names = ", ".join(c.id for c in sheet.columns)
            raise InputError("err.unknown_setting", self._key_loc(sheet, key_coord),
                             value=norm_text(str(raw_key)), names=names)
        if column.id in seen_rows:
            raise InputError("err.duplicate_id", self._key_loc(sheet, key_coord), value=column.id,
                             first=seen_rows[column.id], note="")
        seen_rows[column.id] = r
        coord = f"{column_letter(val_col)}{r}"
        raw = cells_of_row.get(val_col)
        cells[column.id] = coord
        if raw is None:
            return
        self._bad_cells.add(coord)
        if isinstance(raw, CellProblem):
            raise raw.error(self._loc(sheet, cell=coord, column=column))
        values[column.id] = self._convert(sheet, column, raw, coord, column)
        self._bad_cells.discard(coord)

    def _key_loc(self, sheet: S.Sheet, cell: str) -> Location:
        """A cell of the key column of a key/value sheet."""
        return Location(file=str(self.path), sheet=sheet.id, cell=cell, column=KV_KEY_HEADERS[1],
                        column_en=KV_KEY_HEADERS[0])

    def _money_unit(self, sheet: S.Sheet, grid, header_row: int, key_col: int, val_col: int, by_key) -> None:
        """Set the money unit before any money setting (tail_cap) is converted and range-checked.

        A bad or missing unit is left to the main pass, which reports it in its place.
        """
        for r in sorted(grid):
            if r <= header_row:
                continue
            column = by_key.get(norm_key(grid[r].get(key_col, "")))
            if column is None or column.id != "money_unit":
                continue
            raw = grid[r].get(val_col)
            if raw is None or isinstance(raw, CellProblem):
                return
            try:
                self.money_divisor = S.MONEY_UNITS[convert(column, raw)]
            except BadValue:
                pass
            return

    # -- tables --------------------------------------------------------------------------------
    @_timed
    def read_table(self, sheet: S.Sheet, matcher: SeriesMatcher | None = None) -> RawTable | None:
        """Read a table sheet; None if the sheet is optional and absent."""
        if sheet.id not in self._sheet_map:
            if sheet.required:
                self._ws(sheet)
            return None
        ws = self._ws(sheet)
        grid = self._grid(sheet, ws)
        classify = _HeaderClassifier(sheet, matcher or SeriesMatcher())
        header_row = self._header_row(sheet, grid, classify)
        colmap, letters, series_headers = self._columns(sheet, grid[header_row], header_row, classify)
        self._check_merged(sheet, ws, header_row, max(colmap) if colmap else 1)
        rows: list[RawRow] = []
        for r in sorted(grid):
            if r <= header_row:
                continue
            cells = grid[r]
            if any(c in colmap for c in cells):
                rows.append(self._row(sheet, r, cells, colmap, series_headers))
        self._hidden_rows_warning(sheet, ws, header_row, colmap)
        return RawTable(sheet=sheet, title=ws.title, header_row=header_row, rows=rows,
                        present=set(letters), series_headers=series_headers, column_letters=letters)

    def _header_row(self, sheet: S.Sheet, grid, classify: "_HeaderClassifier") -> int:
        """The row among the first few that names the most known columns (the first such row on a tie)."""
        best_row, best_score = None, 0
        for r in sorted(grid)[:HEADER_SCAN_ROWS]:
            score = sum(1 for v in grid[r].values() if classify(v) is not None)
            if score > best_score:
                best_row, best_score = r, score
        if best_row is None:
            first_required = next(c for c in sheet.columns if c.required)
            raise InputError("err.header_missing", self._loc(sheet), rows=HEADER_SCAN_ROWS,
                             column=f"{first_required.ja} / {first_required.id}")
        return best_row

    def _columns(self, sheet: S.Sheet, header: dict[int, Any], header_row: int, classify: "_HeaderClassifier"):
        """What each header cell names: (column index -> schema column or (series group, key),
        column id -> letter, series key -> header as written). Unknown headers are warned about and
        skipped; a column named twice, or a required column missing, is an error."""
        colmap: dict[int, Any] = {}
        letters: dict[str, str] = {}
        series_headers: dict[tuple, str] = {}
        seen: dict[Any, int] = {}
        for c, v in sorted(header.items()):
            letter = column_letter(c)
            if isinstance(v, CellProblem):
                raise v.error(self._loc(sheet, cell=f"{letter}{header_row}"))
            what = classify(v)
            if what is None:
                self.warnings.append(Message.of("warn.unknown_column", self._loc(sheet, cell=f"{letter}{header_row}"),
                                                column=_header_label(v)))
                continue
            key = what.id if isinstance(what, S.Column) else what[1]
            if key in seen:
                raise InputError("err.column_duplicate", self._loc(sheet, row=header_row), column=_header_label(v),
                                 first=column_letter(seen[key]), second=letter)
            seen[key] = c
            colmap[c] = what
            if isinstance(what, S.Column):
                letters[what.id] = letter
            else:
                series_headers[what[1]] = _header_label(v)
        for column in sheet.columns:
            if column.required and column.id not in letters:
                names = " / ".join(dict.fromkeys(column.headers()))
                raise InputError("err.column_missing", self._loc(sheet, row=header_row), column=_ColumnName(column),
                                 names=names)
        return colmap, letters, series_headers

    def _row(self, sheet: S.Sheet, r: int, cells: dict[int, Any], colmap: dict[int, Any],
             series_headers: dict[tuple, str]) -> RawRow:
        """One data row, every cell converted to its column's type (a missing optional cell takes the default)."""
        rr = RawRow(row=r)
        for c, what in colmap.items():
            with self.problems.guard() as guard:
                self._cell(sheet, rr, r, c, what, cells.get(c), series_headers)
            if guard.failed:
                rr.bad = True
        return rr

    def _cell(self, sheet: S.Sheet, rr: RawRow, r: int, c: int, what, raw: Any, series_headers: dict) -> None:
        """One cell of a data row into `rr`; a problem raises (and is collected, the row marked bad)."""
        coord = f"{column_letter(c)}{r}"
        if isinstance(raw, CellProblem):
            label = what if isinstance(what, S.Column) else series_headers[what[1]]
            if isinstance(what, S.Column):
                rr.cells[what.id] = coord
            else:
                rr.series_cells[what[1]] = coord
            raise raw.error(self._loc(sheet, cell=coord, column=label))
        if isinstance(what, S.Column):
            rr.cells[what.id] = coord
            if raw is None:
                if what.required:
                    raise InputError("err.required", self._loc(sheet, cell=coord, column=what),
                                     expected=_Expect(what))
                rr.values[what.id] = what.default
            else:
                rr.values[what.id] = self._convert(sheet, what, raw, coord, what)
                if what.type == S.ID and isinstance(raw, str) and raw != rr.values[what.id]:
                    rr.written[what.id] = raw
        else:
            group, key = what
            rr.series_cells[key] = coord
            if raw is not None:
                label = series_headers[key]
                rr.series[key] = self._convert(sheet, group, raw, coord, label)

    def _check_merged(self, sheet: S.Sheet, ws: Sheet, header_row: int, last_col: int = 10**6) -> None:
        for coord, min_col, max_row in ws.merged:
            if max_row >= header_row and min_col <= last_col:
                raise InputError("err.merged", self._loc(sheet, cell=coord.split(":")[0]), range=coord)

    def _hidden_rows_warning(self, sheet: S.Sheet, ws: Sheet, header_row: int, columns=None) -> None:
        hidden = [r for r in ws.hidden_rows if r > header_row]
        if hidden:
            shown = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
            self.warnings.append(Message.of("warn.hidden_rows", self._loc(sheet), rows=shown))
        read = [c for c in ws.hidden_columns if columns is None or c in columns]
        if read:
            shown = ", ".join(column_letter(c) for c in read[:10]) + (" …" if len(read) > 10 else "")
            self.warnings.append(Message.of("warn.hidden_columns", self._loc(sheet), columns=shown))

    def unknown_sheets(self) -> list[str]:
        known = {id(ws) for ws in self._sheet_map.values()}
        return [ws.title for ws in self.sheets if id(ws) not in known]


def _shown(ws: Sheet) -> str | Message:
    """A worksheet's name, with its state when Excel hides it."""
    if ws.state == "visible":
        return ws.title
    return Message.of("inputs.sheet_very_hidden" if ws.state == "veryHidden" else "inputs.sheet_hidden", title=ws.title)


def nearest_ids(value: str, ids: list[str], n: int = 3) -> list[str]:
    """The ids most like `value` (for "did you mean"), best first."""
    import difflib

    return difflib.get_close_matches(value, ids, n=n, cutoff=0.5)


def shown_id(text: str) -> str:
    """An id as a message shows it: each invisible or control character written as <U+XXXX>."""
    return "".join(f"<U+{ord(ch):04X}>" if invisible_char(ch) else ch for ch in text)


class _ColumnName:
    """A schema column named in the message's language: its Japanese label, or its id in English."""

    def __init__(self, column: S.Column):
        self.column = column

    def render(self, lang: str) -> str:
        return self.column.ja if lang == "ja" else self.column.id


class _Expect:
    """Renders a column's expectation lazily in the message language."""

    def __init__(self, column):
        self.column = column

    def render(self, lang: str) -> str:
        c = self.column
        if isinstance(c, S.Column):
            return c.expectation(lang)
        text = S.type_label(c.type, lang)
        return S.at_least(text, f"{c.min:g}", lang) if c.min is not None else text
