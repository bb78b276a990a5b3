"""Generate ``docs/input-reference.md`` from the schema table, so the docs never disagree with the reader.

    python -m portfolio.inputs.docgen > docs/input-reference.md

A test checks that the committed file equals what this module produces.
"""

from __future__ import annotations

import sys

from ..core import schema as S


def _default(c: S.Column) -> str:
    if c.required:
        return "**required**"
    if c.default in (None, "", ()):
        return "optional"
    return f"default `{c.default}`"


def _series_rows(sheet: S.Sheet) -> list[str]:
    rows = []
    for g in sheet.series:
        header = {"fiscal_year": "`FY2026`, `2026`, `2026年度`, `令和8年度` … (one per year of the horizon)",
                  "program_year": "`y1`, `y2`, … or `1年目`, `2年目`, … (program years)",
                  "criterion": "criterion id or name (required); optional range columns `<id>_low` / "
                               "`<id>_high` (or `<id>下限` / `<id>上限`)"}[g.kind]
        ja, en = S.TYPE_LABELS[g.type]
        req = "**required**" if g.required else "empty = 0"
        rows.append(f"| {header} | {g.ja} | {en}{' (' + g.unit + ')' if g.unit else ''} | {req} | ≥ 0 | "
                    f"{g.desc_en} / {g.desc_ja} |")
    return rows


def input_reference() -> str:
    out = [
        "# Input workbook reference / 入力ブック仕様",
        "",
        "Generated from `src/portfolio/schema.py` by `python -m portfolio.inputs.docgen`; do not edit by hand.",
        "",
        "- A sheet may be named by its id, its Japanese name or its English name; a column header may be",
        "  its id, its Japanese label or its English label (a header cell may hold several, one per line).",
        "- Rows above the header row (titles, units) are skipped; empty rows are ignored.",
        "- Cell values are normalised: NFKC for ids, numbers, years and choices (full-width digits and",
        "  letters become half-width), surrounding spaces are removed, `1,234` stored as text is a number,",
        "  `△5` / `▲5` is −5, `10%` is 0.1 in a share column. Free text keeps its characters.",
        "- Money is in 億円 unless Settings `money_unit` says 百万円 or 千円 (converted on reading).",
        "- Fiscal years may be written 2026, FY2026, 2026年度 or 令和8年度.",
        "- Booleans: TRUE/FALSE, 1/0, yes/no, はい/いいえ, ○/×.",
        "- A formula is read as its saved result, so save the workbook after it has recalculated. A formula",
        "  without a saved result, or an error value (`#N/A`, `#DIV/0!` …), in a column that is read is an",
        "  error naming its cell; elsewhere on the sheet it does no harm.",
        "- Merged cells at or below a header row are refused (they hide which row a value belongs to);",
        "  hidden rows are read like any other, with a warning naming them.",
        "- The file must be an .xlsx (or .xlsm: macros are never run, and a warning says they are there).",
        "  .xls, CSV and password-protected files are refused with a message saying what to do.",
        "",
        "| sheet | Japanese | required | what it holds |",
        "|---|---|---|---|",
    ]
    for s in S.SHEETS:
        out.append(f"| [{s.id}](#{s.id.lower()}) | {s.ja} | {'yes' if s.required else 'no'} | {s.desc_en} |")
    for s in S.SHEETS:
        out += ["", f"## {s.id}", "", f"**{s.ja}** — {s.desc_en}", "", s.desc_ja, ""]
        if s.layout == "keyvalue":
            out += ["Layout: one setting per row, with columns `key` (項目) and `value` (値). The key may be",
                    "the id or the Japanese label.", "",
                    "| key | Japanese | type | required / default | allowed | description |", "|---|---|---|---|---|---|"]
        else:
            if s.key:
                out += [f"Unique key: {', '.join('`' + k + '`' for k in s.key)}.", ""]
            out += ["| column | Japanese | type | required / default | allowed / refers to | description |",
                    "|---|---|---|---|---|---|"]
        for c in s.columns:
            ja, en = S.TYPE_LABELS[c.type]
            typ = en + (f" ({c.unit})" if c.unit else "")
            allowed = c.expectation("en") if (c.allowed or c.min is not None or c.max is not None or c.ref) else ""
            out.append(f"| `{c.id}` | {c.ja} | {typ} | {_default(c)} | {allowed} | {c.desc_en} / {c.desc_ja} |")
        out += _series_rows(s)
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(input_reference())
