"""Writing input workbooks from the schema: the blank template, and models built in code.

The same function writes ``portfolio template`` (empty sheets with instructions and drop-down
lists), the example and default models, test fixtures and benchmark instances, so every
workbook the project produces has exactly the layout the reader expects.

Rows are dicts keyed by column id. Repeating groups use these keys: ``"FY2026"`` for a fiscal
year column, ``"y1"``, ``"y2"``, … for program-year costs, the criterion id for its score and
``"<criterion>_low"`` / ``"<criterion>_high"`` for its range.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import schema as S
from ..core.i18n import t
from ..core.safeio import atomic_output
from ..core.wareki import fy_label

# The blank template starts with the two criteria every model has (planners may add more); the
# score columns of FundingLevels are headed by these ids.
BLANK_ROWS = {"Criteria": [
    {"id": "autonomy", "name_ja": "戦略的自律性", "name_en": "Strategic autonomy", "weight": 0.5},
    {"id": "indispensability", "name_ja": "戦略的不可欠性", "name_en": "Strategic indispensability", "weight": 0.5},
]}

HEADER_FMT = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
REQUIRED_FMT = {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"}
TITLE_FMT = {"bold": True, "font_size": 12}
NOTE_FMT = {"italic": True, "font_color": "#595959", "text_wrap": False}
# Header row (0-based) of every schema sheet; the rows above are title and note, skipped by the reader.
HEADER_ROW = 2


def _header(column: S.Column) -> str:
    mark = "*" if column.required else ""
    return f"{column.ja}{mark}\n{column.id}"


def series_keys(sheet: S.Sheet, years: list[int], criteria: list[str], max_program_years: int,
                ranges: bool = False) -> list[str]:
    keys: list[str] = []
    for g in sheet.series:
        if g.kind == "fiscal_year":
            keys += [f"FY{y}" for y in years]
        elif g.kind == "program_year":
            keys += [f"y{k}" for k in range(1, max_program_years + 1)]
        elif g.kind == "criterion":
            for c in criteria:
                keys.append(c)
                if ranges:
                    keys += [f"{c}_low", f"{c}_high"]
    return keys


def _series_header(key: str) -> str:
    if key.startswith("FY") and key[2:].isdigit():
        return f"{key}\n{fy_label(int(key[2:]))}"
    if key.startswith("y") and key[1:].isdigit():
        return f"{key}\n{key[1:]}年目"
    return key


#: The blank template's planning horizon unless asked otherwise: FY2026–FY2030, five program-year cost columns.
TEMPLATE_FIRST_YEAR, TEMPLATE_YEARS, TEMPLATE_PROGRAM_YEARS = 2026, 5, 5


def template_content(first_year: int = TEMPLATE_FIRST_YEAR, years: int = TEMPLATE_YEARS,
                     program_years: int = TEMPLATE_PROGRAM_YEARS) -> dict[str, Any]:
    """What shapes a blank template for a horizon of `years` fiscal years from `first_year`, with
    `program_years` cost columns (y1 …) on FundingLevels: Settings' first and last year filled in, a
    Budget row for each fiscal year (its total left for the planner), and one column per fiscal year
    on the sheets that have them. Nothing else is filled in."""
    if years < 1 or program_years < 1:
        raise ValueError("the horizon and the program-year columns need at least one year each")
    last = first_year + years - 1
    return {"_blank": True, "Settings": {"first_year": first_year, "last_year": last},
            "Budget": [{"fiscal_year": y} for y in range(first_year, last + 1)],
            "_program_years": program_years}


def write_input_workbook(path: str | Path, content: dict[str, Any] | None = None, *, lang: str = "ja",
                         instructions: bool = True, force: bool = False, inputs: tuple = (),
                         extra_sheets: list[tuple[str, list[str], list[list[Any]]]] | None = None) -> Path:
    """Write a model workbook. `content` maps sheet ids to row lists, and "Settings" to a dict.

    With no content (or the :func:`template_content` of a horizon) this is the blank template:
    every sheet, bilingual headers (Japanese label and column id), an instruction row, and
    drop-down lists for choices and references.

    `extra_sheets` adds free-form sheets after the schema sheets, each given as (sheet name,
    header list, rows as lists of cell values), e.g. a Sources (出典) sheet. The reader ignores
    sheets it does not know, so they are documentation only.
    """
    import xlsxwriter

    content = dict(content or template_content())
    blank = bool(content.pop("_blank", False))
    shape = _Shape.of(content, blank, content.pop("_program_years", None))
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        fmt = {"head": wb.add_format(HEADER_FMT), "req": wb.add_format(REQUIRED_FMT),
               "title": wb.add_format(TITLE_FMT), "note": wb.add_format(NOTE_FMT)}
        if instructions and blank:
            _instructions_sheet(wb, fmt["title"], fmt["note"], lang)
        # Drop-down lists of ids ("Programs.id" -> the range of that column), filled as the sheets they
        # come from are written: a sheet refers only to sheets before it.
        ranges_by_ref: dict[str, str] = {}
        for sheet in S.SHEETS:
            if not (sheet.required or sheet.id in content or blank):
                continue
            ws = wb.add_worksheet(sheet.ja if lang == "ja" else sheet.id)
            ws.write(0, 0, f"{sheet.ja}（{sheet.en}）", fmt["title"])
            ws.write(1, 0, sheet.desc_ja if lang == "ja" else sheet.desc_en, fmt["note"])
            if sheet.layout == "keyvalue":
                _keyvalue_sheet(ws, sheet, content, lang, fmt, blank)
            else:
                rows = content.get(sheet.id, BLANK_ROWS.get(sheet.id, []) if blank else [])
                _table_sheet(ws, sheet, rows, shape.series_keys(sheet), fmt, ranges_by_ref)
        for name, header, rows in extra_sheets or ():
            _free_sheet(wb, name, header, rows, fmt["head"])
        wb.close()
    return Path(path)


@dataclass(frozen=True)
class _Shape:
    """What the repeating column groups of a workbook span: its years, criteria and program years."""

    years: list[int]
    criteria: list[str]
    max_program_years: int
    ranges: bool

    @classmethod
    def of(cls, content: dict[str, Any], blank: bool = False, program_years: int | None = None) -> "_Shape":
        settings = content.get("Settings", {})
        first = int(settings.get("first_year", TEMPLATE_FIRST_YEAR))
        last = int(settings.get("last_year", first + TEMPLATE_YEARS - 1))
        criteria = [r["id"] for r in content.get("Criteria", [])] or [r["id"] for r in BLANK_ROWS["Criteria"]]
        levels = content.get("FundingLevels", [])
        costed = levels + content.get("GateOptions", [])     # both sheets have cost columns by program year
        max_py = program_years or max([int(k[1:]) for r in costed for k in r if k.startswith("y") and k[1:].isdigit()]
                                      or [TEMPLATE_PROGRAM_YEARS])
        # The blank template offers the optional score ranges too; a model built in code only where it uses them.
        ranges = blank or any(f"{c}_low" in r or f"{c}_high" in r for r in levels for c in criteria)
        return cls(list(range(first, last + 1)), criteria, max_py, ranges)

    def series_keys(self, sheet: S.Sheet) -> list[str]:
        return series_keys(sheet, self.years, self.criteria, self.max_program_years, self.ranges)


def _keyvalue_sheet(ws, sheet: S.Sheet, content: dict[str, Any], lang: str, fmt: dict, blank: bool = False) -> None:
    """Settings: one row per setting with its value (the default in a model built in code; in the blank
    template only the horizon) and description."""
    settings = content.get("Settings", {})
    hr = HEADER_ROW
    ws.write_row(hr, 0, ["項目\nkey", "値\nvalue", "説明\ndescription"], fmt["head"])
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 2, 80)
    for i, c in enumerate(sheet.columns):
        r = hr + 1 + i
        ws.write(r, 0, f"{c.ja}（{c.id}）", fmt["req"] if c.required else None)
        value = settings.get(c.id, None if blank else c.default)
        if value is not None and value != "":
            ws.write(r, 1, value)
        ws.write(r, 2, (c.desc_ja if lang == "ja" else c.desc_en) + _unit_note(c), fmt["note"])
        if c.allowed:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": [a.id for a in c.allowed]})
        elif c.type == S.BOOL:
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": ["TRUE", "FALSE"]})
    ws.freeze_panes(hr + 1, 0)


def _table_sheet(ws, sheet: S.Sheet, rows: list[dict[str, Any]], skeys: list[str], fmt: dict,
                 ranges_by_ref: dict[str, str]) -> None:
    """A table sheet: headers (required ones marked), the rows, drop-down lists, frozen panes and a filter."""
    hr = HEADER_ROW
    headers = [_header(c) for c in sheet.columns] + [_series_header(k) for k in skeys]
    for j, (h, c) in enumerate(zip(headers, list(sheet.columns) + [None] * len(skeys))):
        ws.write(hr, j, h, fmt["req"] if (c is not None and c.required) else fmt["head"])
    ws.set_row(hr, 32)
    ws.set_column(0, len(headers) - 1, 14)
    for i, row in enumerate(rows):
        _write_row(ws, hr + 1 + i, sheet, skeys, row)
    last_row = hr + max(len(rows), 200)
    for j, c in enumerate(sheet.columns):
        if c.allowed:
            ws.data_validation(hr + 1, j, last_row, j, {"validate": "list", "source": [a.id for a in c.allowed]})
        elif c.type == S.BOOL:
            ws.data_validation(hr + 1, j, last_row, j, {"validate": "list", "source": ["TRUE", "FALSE"]})
        elif c.ref and c.ref in ranges_by_ref:
            ws.data_validation(hr + 1, j, last_row, j, {"validate": "list", "source": ranges_by_ref[c.ref],
                                                        "error_type": "warning"})
    if sheet.key and sheet.key[0] == "id":
        ranges_by_ref[f"{sheet.id}.id"] = f"='{ws.get_name()}'!$A${hr + 2}:$A${last_row + 1}"
    ws.freeze_panes(hr + 1, 1 if sheet.columns and sheet.columns[0].id == "id" else 0)
    ws.autofilter(hr, 0, hr + max(len(rows), 1), len(headers) - 1)


def _write_row(ws, r: int, sheet: S.Sheet, skeys: list[str], row: dict[str, Any]) -> None:
    """One row of a table sheet; an id list is written "A, B", and None or "" leaves the cell empty."""
    for j, c in enumerate(sheet.columns):
        v = row.get(c.id)
        if v is None or v == "":
            continue
        if isinstance(v, (list, tuple)):
            v = ", ".join(map(str, v))
        ws.write(r, j, v)
    for j, k in enumerate(skeys, start=len(sheet.columns)):
        v = row.get(k)
        if v is not None and v != "":
            ws.write(r, j, v)


def _free_sheet(wb, name: str, header: list[str], rows: list[list[Any]], f_head) -> None:
    """A plain table: header row first, then the rows as given (None or "" leaves a cell empty)."""
    ws = wb.add_worksheet(name)
    ws.write_row(0, 0, header, f_head)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if v is not None and v != "":
                ws.write(i, j, v)
    ws.set_column(0, max(len(header) - 1, 0), 18)
    ws.freeze_panes(1, 0)


def _unit_note(c: S.Column) -> str:
    parts = []
    if c.unit:
        parts.append(f"単位: {c.unit}")
    if c.default not in (None, "", ()):
        parts.append(f"既定値: {c.default}")
    return ("（" + "、".join(parts) + "）") if parts else ""


def _instructions_sheet(wb, f_title, f_note, lang: str) -> None:
    ws = wb.add_worksheet(t("template.instructions.sheet", lang))
    ws.set_column(0, 0, 22)
    ws.set_column(1, 1, 110)
    ws.write(0, 0, t("template.instructions.title", lang), f_title)
    lines = [
        ("使い方", "各シートの3行目が見出し行です（日本語名と列IDのどちらでも読めます）。1〜2行目は説明で、読み込み時に無視されます。"
                  "* の付いた列は必須です。金額の単位は設定シートの金額単位（既定は億円）です。"),
        ("How to use", "Row 3 of each sheet is the header row (Japanese label or column id). Rows 1–2 are notes and "
                       "are skipped. Columns marked * are required. Money is in the Settings money unit "
                       "(億円 by default)."),
    ]
    for sheet in S.SHEETS:
        lines.append((sheet.ja, sheet.desc_ja if lang == "ja" else sheet.desc_en))
    for i, (a, b) in enumerate(lines, start=2):
        ws.write(i, 0, a)
        ws.write(i, 1, b, f_note)
