"""Shared Excel writing: tables with 億円 formats, frozen headers, filters, A4 print set-up,
the confidentiality marking, and native charts. Every output workbook (solve, sweep, compare,
sensitivity) is written through :class:`ExcelWriter`, so they all look and print alike.

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
        ws.fit_to_pages(1, 0)
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
        for i in range(len(df)):
            for j, c in enumerate(cols):
                self.write_value(ws, hr + 1 + i, first_col + j, data[c.field][i], c.kind)
        for j, c in enumerate(cols):
            w = (widths or {}).get(c.field)
            if w is None:
                w = 28 if c.field in ("name_ja", "name_en", "name", "paid_by", "label", "note") else \
                    (10 if c.kind == "bool" else 13)
            ws.set_column(first_col + j, first_col + j, w)
        ws.set_row(hr, 30)
        last = hr + len(df)
        if freeze:
            ws.freeze_panes(hr + 1, first_col + 1)
        if autofilter and len(cols):
            ws.autofilter(hr, first_col, max(last, hr), first_col + len(cols) - 1)
        ws.repeat_rows(hr)
        return hr, last

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
            else:
                self.write_value(ws, r, 1, value, "text")
            r += 1
        ws.set_column(0, 0, 34)
        ws.set_column(1, 1, 40)
        return r + 1

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
