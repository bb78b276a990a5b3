"""Generate ``docs/input-reference.md`` from the schema table, so the docs never disagree with the reader.

    python -m portfolio.inputs.docgen > docs/input-reference.md

A test checks that the committed file equals what this module produces.
"""

from __future__ import annotations

import sys

from ..core import limits
from ..core import schema as S
from ..core.errors import MAX_LISTED
from ..core.safeio import NAME_MAX


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
    out += _treatment()
    out.append("")
    return "\n".join(out)


def _treatment() -> list[str]:
    """How each class of untrustworthy input (and output) is treated: never a model other than the
    one on screen, never a half-written file, never a crash (issue 16)."""
    return [
        "", "## How inputs that cannot be trusted are treated / 信頼できない入力の扱い", "",
        "The rule: the tool solves the model the planner sees in Excel or LibreOffice, or refuses with exit 2 and",
        "a sentence naming the file, sheet and cell. Every input file gives exit 0, 2, 3 (infeasible) or 4 (no",
        "solution); exit 1 is kept for bugs.", "",
        "### Which sheet is read",
        "- Two sheets that could both be one table are refused, naming both: Excel's copy `プログラム (2)`,",
        "  `Programs` beside `プログラム`, a copy named in full-width letters or with spaces, `プログラム（旧）`,",
        "  a hidden or veryHidden copy. Rename or delete the one that is not meant.",
        "- A table sheet that is hidden is read, with a warning. Sheets that are no table (instructions,",
        "  sources, notes) are left alone.", "",
        "### Ids",
        "- Ids are compared after folding only what a person cannot tell apart: full-width and half-width forms",
        "  and other Unicode compatibility forms (NFKC), and surrounding spaces. Case, brackets and punctuation",
        "  are kept: `K(1)` and `K(2)`, `P-1`, `P1`, `P_1`, `P/1` and `P・1`, `p1` and `P1` are different ids.",
        "- A reference to an id that does not exist is exit 2, naming the cell and the nearest ids; it is never",
        "  bound to a look-alike. One that matches an id only but for case names that id (\"did you mean\").",
        "- An id holding an invisible character (zero-width space, joiners, bidi marks, variation selectors, soft",
        "  hyphen, BOM) is refused wherever it is written, naming the character as U+XXXX and the cell.", "",
        "### Cell values",
        "- Whether a cell holds a formula without a saved result, an error value, or sits in a hidden row or",
        "  column is decided by parsing every XML part of the workbook, whatever the part is called or where it",
        "  is stored, never by text patterns. A formula without its result or an error value is exit 2 naming",
        "  the cell; in a workbook marked to be recalculated on opening, a formula's saved result is not trusted",
        "  either (open and save it in Excel, or paste the values).",
        "- Hidden rows, hidden columns (also of zero height or width) are read like any other, with a warning",
        "  naming them. A shared-string index out of range, an unknown cell type or an invalid cell address is",
        "  exit 2 (the file is damaged), never the first string or an empty cell.", "",
        "### Any file",
        "- Every part the fast reader (python-calamine) would load is checked first: a used range or a count it",
        "  would allocate by sends the workbook to openpyxl instead, so no file can abort the process. A zip",
        "  entry that cannot be decompressed (a corrupt header, \"version needed 8.4\", an unknown method) is",
        "  exit 2; zip and XML bombs are refused.",
        "- Other kinds of file are named as what they are, with how to convert them: .xls, .xlsb, .ods, flat",
        "  .fods, other OpenDocument files, Excel 2003 XML, HTML, other XML, CSV and text, Word and PowerPoint",
        "  files, Apple Numbers, password-protected workbooks. A folder or device given as the model is refused.",
        "- A workbook without programs is exit 2 for `validate` and `solve` alike.", "",
        "### Eligibility and the lead ministry",
        "- A program's lead ministry may pay its full cost unless a rule that applies to the program names the",
        "  lead itself. A rule for another source adds a payer; it never takes the lead's right away. To limit",
        "  the lead, write a rule for the lead.",
        "- When a program can be paid less than its full cost, `validate` warns and names the rules that limit",
        "  it (row and contents); for a mandatory or ongoing program it is an error.", "",
        "### Every problem at once",
        f"- Reading and validation list every problem they find, up to {MAX_LISTED}, then how many more (`--json`:",
        "  `errors` and `more_errors`). One mistake is said once. The pass stops early only where later checks",
        "  depend on what failed: Settings, the Criteria (they name the score columns), a missing sheet or",
        "  score column, or a refused Programs row (its levels and references would look wrong too).",
    ] + _treatment_of_outputs()


def _treatment_of_outputs() -> list[str]:
    return [
        "",
        "### Outputs",
        "- An output is written to a temporary file beside it and renamed when whole; a failure, Ctrl-C, SIGTERM",
        "  or SIGHUP leaves no temporary file and the earlier output as it was (exit 128 + the signal's number:",
        "  130, 143, 129). Worker processes and their resource tracker end with the command.",
        "- Checking and writing an output is one step under a lock beside it: a second run on the same output",
        "  at the same moment exits 2.",
        "- `--force` replaces a regular file only (a symlink's target is written), never a device, FIFO, socket",
        "  or folder. An output Excel (`~$name`) or LibreOffice (`.~lock.name#`) has open is exit 2.",
        f"- A file name over {NAME_MAX} bytes, a symlink loop, a full disk, a read-only file system or an I/O error",
        "  is exit 2 with a sentence saying which.",
        "- Re-running `solve` replaces its own earlier results workbook at the same path without `--force`, when",
        "  its embedded payload is intact and it was written before this run started; any other file still needs",
        "  `--force`.",
        "- A results workbook given to `compare` whose embedded payload is broken, too deeply nested or of the",
        "  wrong shape is exit 2, naming the file.", "",
        "### Options and scenario values",
        f"- A budget or envelope factor must be > 0 and ≤ {limits.MAX_SCALE:g} (`--scale`, a scenario's `scale`), a",
        f"  scenario amount ≤ {limits.MAX_MONEY:g} 億円, a time limit ≤ {limits.MAX_SECONDS:g} s; `inf` and `nan` are",
        f"  refused. A budget ladder has at most {limits.MAX_STEPS} steps, sampling at most "
        f"{limits.MAX_SAMPLES:,} draws,",
        f"  near-optimal alternatives at most {limits.MAX_ALTERNATIVES}, a seed at most {limits.MAX_SEED}.",
        "- `--threads` and process `--workers` above the cores the run may use are lowered to that number, with a",
        "  warning.", "",
        "### What is printed",
        "- Control and escape characters and bidi marks from cells are never printed raw to the terminal or",
        "  into JSON: they are shown escaped. Warnings of the libraries (a glyph missing from a font, xlsxwriter",
        "  and matplotlib messages) are not printed unless `--debug`.",
        "- The confidentiality marking (Settings `confidentiality`) is printed in every page header and footer;",
        f"  Excel keeps at most 255 characters there, so a marking over {limits.MAX_MARKING} characters (each `&`",
        "  counted twice) is refused at validation rather than silently dropped from the printout.",
    ]


if __name__ == "__main__":
    sys.stdout.write(input_reference())
