"""Shared Excel writing: tables with 億円 formats, frozen headers, filters, A4 print set-up,
the confidentiality marking, and native charts. Every output workbook (solve, sweep, compare,
sensitivity) is written through :class:`ExcelWriter`, so they all look and print alike.

**Printing.** Every sheet prints on A4 landscape at :data:`PRINT_SCALE`, never "fit to one page"
(a 30-column sheet would become unreadable): a sheet a little wider than a page prints a little
smaller (down to :data:`MIN_PRINT_SCALE`), a wider one across pages. When a sheet is complete
(:func:`paginate`) its print area is set to what it holds (cells and charts) and explicit page
breaks are placed (:func:`page_breaks`): a page holds as many rows and columns as fit, the table's
header row repeats on every page and, on a sheet wider than a page, its id and name columns too; a
row break never falls inside a chart (the chart starts the next page), and the first page across
holds every chart whole (the sheet prints smaller if it must). Widths are counted as the widest
common renderer prints them (:data:`COLUMN_SPREAD`), so no renderer needs a break of its own. Long
texts wrap in their cells and notes are merged across the page and wrapped, so nothing is cut off.
``tests/test_print.py`` prints the workbooks through LibreOffice and reads the PDF.

Text is always written as text: xlsxwriter is opened with ``strings_to_formulas=False``, so a
name such as ``=HYPERLINK(...)`` or ``-AI`` from a workbook is never turned into a formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from ..core import limits
from ..core.errors import InputError, Location
from ..core.i18n import t
from ..core.safeio import atomic_output
from ..core.schema import EMBED_SHEET

MONEY_FMT = '#,##0.0;"△"#,##0.0;0.0'
SHARE_FMT = '0.00%;"△"0.00%;0.00%'
NUMBER_FMT = '#,##0.###;"△"#,##0.###;0'
INT_FMT = "0"

#: Print scale (%) of every sheet, and the printable part of an A4 landscape page at 100 % in pixels
#: (96 dpi): 297 × 210 mm less the margins set in :meth:`ExcelWriter.sheet` (0.5 in left and right,
#: 0.75 in top and bottom; the running header and footer print inside the margins), a little kept in hand.
PRINT_SCALE = 85
MIN_PRINT_SCALE = 60        # smaller than this is hard to read: a wider sheet is printed across pages
PAGE_WIDTH_PX = int((297 / 25.4 - 1.0) * 96 * 0.97)
PAGE_HEIGHT_PX = int((210 / 25.4 - 1.5) * 96 * 0.93)
#: A column's width is counted in digits of the workbook's default font (Calibri 11, 7 pixels in Excel).
#: A renderer without Calibri measures it in its stand-in's digits: LibreOffice with DejaVu Sans prints
#: every column 4/3 as wide. Page breaks assume the wider case, so that no renderer needs a break of its own.
COLUMN_SPREAD = 1.36
#: Row height (points) of every sheet: room for Japanese glyphs, and the same in every renderer (a row
#: left to its font's height is taller in some than the page breaks assume).
ROW_HEIGHT = 18


def text_width(text: str) -> float:
    """About how many column-width units `text` takes in print: a Japanese character about two (with a
    little in hand for fonts that stand in for Yu Gothic), any other about 1.1."""
    return sum(2.0 if ord(ch) > 0x2E7F else 1.1 for ch in text)


@dataclass(frozen=True)
class Col:
    """One output column: source field, Japanese and English header, and kind of number."""

    field: str
    ja: str
    en: str
    kind: str = "text"    # text | money | share | number | int | bool | year

    def header(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def fy_cols(years: Iterable[int], kind: str = "money", prefix: str = "") -> list[Col]:
    from ..core.wareki import reiwa

    return [Col(f"{prefix}FY{y}", f"FY{y}（{reiwa(y)}）", f"FY{y}", kind) for y in years]


#: Fields that hold a row's name: with an id before them, both repeat on every printed page.
_NAME_FIELDS = ("name", "name_ja", "name_en", "program_name", "label")


class ExcelWriter:
    """A results workbook under construction. Use as a context manager; it is written atomically."""

    def __init__(self, path: str | Path, *, lang: str = "ja", marking: str = "", force: bool = False,
                 inputs: Sequence = ()):
        self.path = Path(path)
        self.lang = lang
        self.marking = marking or ""
        if limits.marking_length(self.marking) > limits.MAX_MARKING:
            # The loader and the results-workbook reader refuse such a marking first; Excel would
            # drop it from every printed page, so no workbook is written with it.
            raise InputError("err.marking_too_long", Location(file=str(self.path)),
                             length=limits.marking_length(self.marking), limit=limits.MAX_MARKING)
        self._yes = t("xlsx.bool.yes", lang)     # a true flag in a cell; false leaves it empty
        self._ctx = atomic_output(self.path, force=force, inputs=inputs)
        self.wb = None
        self._repeat_cols: dict[str, int] = {}   # sheet → how many leading columns (id, name) repeat when printed
        self._tables: dict[str, int] = {}        # sheet → how many tables it holds
        self._widths: dict[tuple[str, int], float] = {}

    def __enter__(self) -> "ExcelWriter":
        import xlsxwriter

        tmp = self._ctx.__enter__()
        # in_memory: the workbook's parts are assembled in memory, not as temporary files (one per part).
        self.wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                                 "strings_to_numbers": False, "nan_inf_to_errors": False,
                                                 "in_memory": True})
        wb = self.wb
        base = {"font_name": "Yu Gothic", "font_size": 10}
        self.f = {
            "head": wb.add_format({**base, "bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1,
                                   "text_wrap": True, "valign": "vcenter"}),
            "title": wb.add_format({**base, "bold": True, "font_size": 14}),
            "sub": wb.add_format({**base, "bold": True, "font_size": 11}),
            "note": wb.add_format({**base, "italic": True, "font_color": "#595959"}),
            "text": wb.add_format(base),
            "money": wb.add_format({**base, "num_format": MONEY_FMT}),
            "share": wb.add_format({**base, "num_format": SHARE_FMT}),
            "number": wb.add_format({**base, "num_format": NUMBER_FMT}),
            "int": wb.add_format({**base, "num_format": INT_FMT}),
            "year": wb.add_format({**base, "num_format": "0"}),
            "bool": wb.add_format({**base, "align": "center"}),
            "bad": wb.add_format({**base, "bold": True, "font_color": "#C00000"}),
            "good": wb.add_format({**base, "bold": True, "font_color": "#006100"}),
            "mark": wb.add_format({**base, "bold": True, "font_color": "#C00000", "font_size": 12}),
        }
        return self

    def __exit__(self, exc_type, exc, tb):
        if self.wb is not None:
            if exc_type is None:
                for ws in self.wb.worksheets():
                    if not ws.hidden:
                        if self._tables.get(ws.name, 0) > 1:
                            # several tables on one sheet: no single header row or id column to repeat
                            ws.repeat_row_range = ""
                            self._repeat_cols.pop(ws.name, None)
                        paginate(ws, self._repeat_cols.get(ws.name, 0))
                try:
                    self.wb.close()
                except Exception as err:  # noqa: BLE001 - e.g. a full disk while the file is written
                    # The temporary file goes (the atomic context sees the error); the planner gets a sentence.
                    from xlsxwriter.exceptions import FileCreateError

                    from ..core.safeio import _locked

                    cause = err.args[0] if isinstance(err, FileCreateError) and err.args else err
                    self._ctx.__exit__(type(err), err, err.__traceback__)
                    if isinstance(cause, OSError):
                        raise _locked(self.path, cause) from None
                    raise
            else:
                try:
                    self.wb.close()
                except Exception:  # noqa: BLE001 - the original error matters, not this one
                    pass
        return self._ctx.__exit__(exc_type, exc, tb)

    # -- sheets ----------------------------------------------------------------------------------
    def sheet(self, name_ja: str, name_en: str, *, landscape: bool = True):
        ws = self.wb.add_worksheet((name_ja if self.lang == "ja" else name_en)[:31])
        ws.set_paper(9)  # A4
        if landscape:
            ws.set_landscape()
        ws.set_print_scale(PRINT_SCALE)
        ws.set_default_row(ROW_HEIGHT)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        mark = self.marking.replace("&", "&&")
        ws.set_header(limits.MARKING_HEADER.format(mark=mark) if mark else "&R&A")
        ws.set_footer(limits.MARKING_FOOTER.format(mark=mark) if mark else "&C&P / &N")
        return ws

    def write_value(self, ws, r: int, c: int, v: Any, kind: str = "text") -> None:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            ws.write_blank(r, c, None, self.f.get(kind, self.f["text"]))
            return
        if kind == "bool":
            ws.write_string(r, c, self._yes if v else "", self.f["bool"])
        elif kind in ("money", "share", "number", "int", "year"):
            try:
                x = float(v)
            except (TypeError, ValueError):
                ws.write_string(r, c, str(v), self.f["text"])
                return
            if not math.isfinite(x):
                ws.write_string(r, c, "∞" if x > 0 else "-∞", self.f["text"])
                return
            if abs(x) < 1e-9:
                x = 0.0     # a slack of -1e-13 is nothing, not "△0.0"
            ws.write_number(r, c, x, self.f[kind])
        else:
            ws.write_string(r, c, str(v), self.f["text"])

    def table(self, ws, df: pd.DataFrame, cols: Sequence[Col], *, first_row: int = 0, first_col: int = 0,
              freeze: bool = True, autofilter: bool = True, widths: dict[str, float] | None = None) -> tuple[int, int]:
        """Write `df` under bilingual-aware headers; returns (header row, last data row)."""
        hr = first_row
        for j, c in enumerate(cols):
            ws.write_string(hr, first_col + j, c.header(self.lang), self.f["head"])
        data = {c.field: (df[c.field].tolist() if c.field in df.columns else [None] * len(df)) for c in cols}
        width = {}
        for j, c in enumerate(cols):
            w = (widths or {}).get(c.field)
            if w is None:
                w = 28 if c.field in ("name_ja", "name_en", "name", "paid_by", "label", "note") else \
                    (10 if c.kind == "bool" else 13)
            self.set_width(ws, first_col + j, w)
            width[j] = self._widths[(ws.name, first_col + j)]
        wrap = self._wrap()
        for i in range(len(df)):
            lines = 1
            for j, c in enumerate(cols):
                v = data[c.field][i]
                if c.kind == "text" and isinstance(v, str) and text_width(v) > width[j] - 1:
                    # a long text wraps in its cell (the row grows) instead of being cut by the next cell
                    ws.write_string(hr + 1 + i, first_col + j, v, wrap)
                    lines = max(lines, min(12, math.ceil(text_width(v) / max(width[j] - 1, 1))))
                else:
                    self.write_value(ws, hr + 1 + i, first_col + j, v, c.kind)
            if lines > 1:
                ws.set_row(hr + 1 + i, ROW_HEIGHT * lines)
        header_lines = max([math.ceil(text_width(c.header(self.lang)) / max(width[j] - 1, 1)) for j, c in
                            enumerate(cols)] or [1])
        ws.set_row(hr, max(30, ROW_HEIGHT * min(header_lines, 4)))
        last = hr + len(df)
        if freeze:
            ws.freeze_panes(hr + 1, first_col + 1)
        if autofilter and len(cols):
            ws.autofilter(hr, first_col, max(last, hr), first_col + len(cols) - 1)
        ws.repeat_rows(hr)
        self._tables[ws.name] = self._tables.get(ws.name, 0) + 1
        if first_col == 0:
            keys = [c.field for c in cols[:2]]
            self._repeat_cols[ws.name] = 2 if len(keys) > 1 and keys[1] in _NAME_FIELDS else (1 if keys else 0)
        return hr, last

    def note(self, ws, r: int, text: str, last_col: int | None = None) -> int:
        """A note under a table, across its columns (0 … `last_col`, the sheet's widest row if None) and
        wrapped, so that it prints whole; returns the next free row."""
        last_col = ws.dim_colmax if last_col is None and ws.dim_colmax is not None else (last_col or 0)
        room, width, c = PAGE_WIDTH_PX * 100 / PRINT_SCALE, 0, 0
        while c <= max(last_col, 3) and (width + ws._size_col(c)) * COLUMN_SPREAD <= room:   # no wider than a page
            width += ws._size_col(c)
            c += 1
        last_col = max(c - 1, 0)
        lines = max(1, math.ceil(text_width(text) * 7 / max(width - 10, 50)))
        fmt = self.f.setdefault("note_wrap", self.wb.add_format({"font_name": "Yu Gothic", "font_size": 10,
                                                                 "italic": True, "font_color": "#595959",
                                                                 "text_wrap": True, "valign": "top"}))
        ws.merge_range(r, 0, r, last_col, text, fmt)
        ws.set_row(r, ROW_HEIGHT * lines)
        return r + 1

    def title_block(self, ws, title: str, lines: Sequence[tuple[str, Any]] = ()) -> int:
        """Title, marking and key/value lines at the top of a sheet; returns the next free row."""
        r = 0
        if self.marking:
            ws.write_string(r, 0, self.marking, self.f["mark"])
            r += 1
        ws.write_string(r, 0, title, self.f["title"])
        r += 2
        for label, value in lines:
            ws.write_string(r, 0, str(label), self.f["sub"])
            if isinstance(value, tuple):
                self.write_value(ws, r, 1, value[0], value[1])
            elif isinstance(value, str) and text_width(value) > 39:
                # a sentence wraps in its cell (the row grows) instead of running past the printed page
                ws.write_string(r, 1, value, self._wrap())
                ws.set_row(r, ROW_HEIGHT * min(12, math.ceil(text_width(value) / 39)))
            else:
                self.write_value(ws, r, 1, value, "text")
            r += 1
        self.set_width(ws, 0, max(34, max((text_width(str(label)) for label, _ in lines), default=0) + 2))
        self.set_width(ws, 1, 40)
        return r + 1

    def _wrap(self):
        """The format of a text that wraps in its cell."""
        return self.f.setdefault("text_wrap", self.wb.add_format({"font_name": "Yu Gothic", "font_size": 10,
                                                                  "text_wrap": True, "valign": "top"}))

    def set_width(self, ws, col: int, width: float) -> None:
        """Widen a column to `width` (never narrow it: a sheet's tables and title block share columns)."""
        key = (ws.name, col)
        if width > self._widths.get(key, 0):
            self._widths[key] = width
            ws.set_column(col, col, width)

    # -- machine-readable payload -----------------------------------------------------------------
    def embed_json(self, payload: dict) -> None:
        """Store `payload` as JSON in a hidden sheet (cells of ≤ 30,000 characters, one per row)."""
        import json

        ws = self.wb.add_worksheet(EMBED_SHEET)
        text = json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str)
        for i in range(0, len(text), 30000):
            ws.write_string(i // 30000, 0, text[i:i + 30000])
        ws.hide()

    # -- charts ----------------------------------------------------------------------------------
    def chart(self, kind: str, title: str, *, subtype: str | None = None, x_title: str = "", y_title: str = "",
              money_axis: bool = True):
        opts = {"type": kind}
        if subtype:
            opts["subtype"] = subtype
        ch = self.wb.add_chart(opts)
        ch.set_title({"name": title, "name_font": {"name": "Yu Gothic", "size": 12}})
        ch.set_x_axis({"name": x_title, "num_font": {"name": "Yu Gothic"}, "name_font": {"name": "Yu Gothic"}})
        y_axis = {"name": y_title, "num_format": '#,##0' if money_axis else "General",
                  "name_font": {"name": "Yu Gothic"}, "major_gridlines": {"visible": True}}
        if money_axis and kind != "bar":
            y_axis["min"] = 0
        ch.set_y_axis(y_axis)
        ch.set_legend({"position": "bottom", "font": {"name": "Yu Gothic"}})
        ch.set_size({"width": 760, "height": 400})
        return ch

    @staticmethod
    def ref(ws, r0: int, c0: int, r1: int, c1: int) -> list:
        return [ws.get_name(), r0, c0, r1, c1]


# -- printing ------------------------------------------------------------------------------------------


def write_workbook(path: str | Path, sheets: Sequence, subject, *, lang: str, force: bool, inputs: tuple,
                   payload: dict | None = None) -> Path:
    """Write a workbook atomically: each of `sheets` (``write_sheet(xw, subject, lang)``) in order, under
    the model's confidentiality marking, then `payload` (if any) embedded as JSON."""
    marking = subject.data.settings.confidentiality
    with ExcelWriter(path, lang=lang, marking=marking, force=force, inputs=inputs) as xw:
        for write_sheet in sheets:
            write_sheet(xw, subject, lang)
        if payload is not None:
            xw.embed_json(payload)
    return Path(path)


def _chart_boxes(ws) -> list[tuple[int, int, int, int]]:
    """Every chart of a sheet as the cells it covers: (first row, first column, last row, last column)."""
    boxes = []
    for row, col, chart, x_off, y_off, x_scale, y_scale, anchor, *_ in ws.charts:
        w, h = int(chart.width * x_scale + 0.5), int(chart.height * y_scale + 0.5)
        pos = ws._position_object_pixels(col, row, x_off, y_off, w, h, anchor)
        boxes.append((pos[1], pos[0], pos[5], pos[4]))
    return boxes


def page_breaks(sizes: list[int], page: int, fixed: int, objects: list[tuple[int, int]]) -> list[int]:
    """Where pages start along one axis: `sizes` of the rows (or columns) in pixels, `page` the room on a
    page, `fixed` what repeats at the top (left) of every page after the first (header rows, id columns;
    the first page holds them in their place). Greedy: a page takes what fits; a break that would cut an
    object (first, last index) moves to the object's start when the page before still holds something,
    so the object begins a page."""
    breaks, used, start, room = [], 0, 0, page
    for i, size in enumerate(sizes):
        if used + size > room and i > start:
            b = i
            for first, last in objects:
                if first < b <= last and first > start:
                    b = min(b, first)
            breaks.append(b)
            start, used, room = b, sum(sizes[b:i]), max(page - fixed, 1)
        used += size
    return breaks


def paginate(ws, repeat_cols: int = 0) -> None:
    """Print area, repeated id columns and page breaks of a finished sheet (see the module's docstring)."""
    boxes = _chart_boxes(ws)
    last_row = max([ws.dim_rowmax or 0] + [b[2] for b in boxes])
    last_col = max([ws.dim_colmax or 0] + [b[3] for b in boxes])
    ws.print_area(0, 0, last_row, last_col)
    heights = [ws._size_row(r) for r in range(last_row + 1)]
    widths = [int(ws._size_col(c) * COLUMN_SPREAD) for c in range(last_col + 1)]
    # A sheet a little wider than a page prints a little smaller, on one page across; a wide one (a
    # table of 30 columns) prints at the usual scale across pages, its id and name repeated.
    fit = int(100 * PAGE_WIDTH_PX / max(sum(widths), 1))
    scale = min(PRINT_SCALE, fit if fit >= MIN_PRINT_SCALE else PRINT_SCALE)
    # A chart is never cut across pages: the first page across holds every chart whole (the sheet
    # prints smaller if it must).
    for b in boxes:
        scale = min(scale, int(100 * PAGE_WIDTH_PX / sum(widths[:b[3] + 1])))
    scale = scale / 100
    ws.set_print_scale(int(scale * 100))
    rows = ws.repeat_row_range and _repeated_rows(ws)
    fixed_h = sum(heights[r] for r in rows) if rows else 0
    wide = sum(widths) > PAGE_WIDTH_PX / scale
    fixed_w = sum(widths[:repeat_cols]) if wide else 0
    if fixed_w:
        ws.repeat_columns(0, repeat_cols - 1)
    # A chart whose top edge touches a page's bottom is printed on both pages (LibreOffice): the page
    # it starts on begins a row (a column) before it.
    h = page_breaks(heights, int(PAGE_HEIGHT_PX / scale), fixed_h, [(b[0] - 1, b[2]) for b in boxes])
    v = page_breaks(widths, int(PAGE_WIDTH_PX / scale), fixed_w, [(b[1] - 1, b[3]) for b in boxes])
    if h:
        ws.set_h_pagebreaks(h)
    if v:
        ws.set_v_pagebreaks(v)


def _repeated_rows(ws) -> range:
    """The rows a sheet repeats at the top of each printed page (its table's header row)."""
    import re

    m = re.search(r"\$(\d+):\$(\d+)", ws.repeat_row_range or "")
    return range(int(m.group(1)) - 1, int(m.group(2))) if m else range(0)
