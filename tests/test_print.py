"""Output workbooks print legibly on A4.

Every visible sheet has a print area that holds all its cells and charts, a print scale (never
"fit to one page": the 30-column Programs sheet would shrink to an unreadable page), explicit page
breaks and, for a wide table, its header row and its id and name columns repeated on every page.
Every chart's anchor range lies within one page-break range of its sheet, across and down.

Then the results workbooks (Japanese and English), a sweep, a sensitivity and a compare workbook
are printed to PDF by LibreOffice (``soffice --headless --convert-to pdf``) and read back with
``pdftotext``: every text of every sheet is in the PDF whole (wrapped lines joined), no word runs
past the page's margins or over another word (a label cut off by the next cell or the page edge
does), and LibreOffice needed no page break of its own (the PDF has no more pages than the breaks
make).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_libreoffice import convert, libreoffice

from portfolio.cli import main
from portfolio.outputs.excel import page_breaks

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "models" / "example.xlsx"


# -- the page breaks themselves ----------------------------------------------------------------------


def _pages(breaks: list[int], n: int) -> list[range]:
    edges = [0, *breaks, n]
    return [range(a, b) for a, b in zip(edges, edges[1:])]


@pytest.mark.parametrize("seed", range(30))
def test_page_breaks_fill_pages_and_never_cut_an_object_that_fits(seed):
    import random

    rnd = random.Random(seed)
    sizes = [rnd.choice([18, 24, 24, 48, 96]) for _ in range(rnd.randint(1, 120))]
    page, fixed = 600, rnd.choice([0, 24, 96])
    objects = []
    for _ in range(rnd.randint(0, 3)):
        first = rnd.randrange(len(sizes))
        last = first
        while last + 1 < len(sizes) and sum(sizes[first:last + 2]) <= page - fixed - 100:
            last += 1
            if rnd.random() < 0.1:
                break
        objects.append((first, last))
    objects.sort()
    objects = [o for i, o in enumerate(objects) if i == 0 or o[0] > objects[i - 1][1]]   # disjoint, like charts
    breaks = page_breaks(sizes, page, fixed, objects)
    assert breaks == sorted(set(breaks)) and all(0 < b < len(sizes) for b in breaks)
    for k, rows in enumerate(_pages(breaks, len(sizes))):
        used = sum(sizes[i] for i in rows) + (fixed if k else 0)
        assert used <= page or len(rows) == 1                 # a page holds what fits (one huge row alone)
        if k + 1 < len(_pages(breaks, len(sizes))):
            nxt = _pages(breaks, len(sizes))[k + 1]
            moved = any(o[0] == nxt.start for o in objects)
            assert moved or used + sizes[nxt.start] > page      # a page is only cut short to keep an object whole
    for first, last in objects:
        assert not any(first < b <= last for b in breaks)      # an object that fits a page is never cut


def test_the_first_page_holds_the_repeated_header_in_its_place():
    # 10 rows of 100 on pages of 500: the header row (the first) repeats on later pages only.
    assert page_breaks([100] * 10, 500, 100, []) == [5, 9]


# -- the print setup of each sheet -------------------------------------------------------------------


def _chart_anchors(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each sheet's charts as their anchor ranges (first row, first column, last row, last column)."""
    out: dict[str, list] = {}
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)) | \
            {a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', book):
            sheet = "xl/" + targets[rid].lstrip("/").removeprefix("xl/")
            srels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if srels not in z.namelist():
                continue
            for target in re.findall(r'Target="\.\./drawings/([^"]+)"', z.read(srels).decode()):
                xml = z.read(f"xl/drawings/{target}").decode()
                for frm, to in re.findall(r"<xdr:from>(.*?)</xdr:from><xdr:to>(.*?)</xdr:to>", xml):
                    (c0, r0), (c1, r1) = (tuple(int(v) for v in re.findall(r"<xdr:(?:col|row)>(\d+)<", x))
                                          for x in (frm, to))
                    out.setdefault(name, []).append((r0, c0, r1, c1))
    return out


def check_print_setup(path: Path) -> int:
    """Check every visible sheet's print setup; returns how many pages the breaks make in all."""
    wb = openpyxl.load_workbook(path)
    charts = _chart_anchors(path)
    pages = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        setup = ws.page_setup
        assert setup.paperSize in (9, "9") and setup.orientation == "landscape", ws.title
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert 45 <= int(setup.scale) <= 100, (ws.title, setup.scale)
        area = ws.print_area
        assert area, ws.title
        last_col, last_row = re.findall(r"\$([A-Z]+)\$(\d+)$", area.split(",")[0])[0]
        last_col = openpyxl.utils.column_index_from_string(last_col)
        assert int(last_row) >= ws.max_row and last_col >= ws.max_column, (ws.title, area)
        rows = [b.id for b in ws.row_breaks.brk]       # a break after row id (1-based): pages start at id
        cols = [b.id for b in ws.col_breaks.brk]
        for r0, c0, r1, c1 in charts.get(ws.title, []):
            assert int(last_row) >= r1 + 1 and last_col >= c1 + 1, (ws.title, "chart outside the print area")
            assert not any(r0 < b <= r1 for b in rows), (ws.title, "a page break cuts a chart", r0, r1, rows)
            assert not any(c0 < b <= c1 for b in cols), (ws.title, "a page break cuts a chart", c0, c1, cols)
        pages += (len(rows) + 1) * (len(cols) + 1)
    return pages


def _texts(path: Path) -> dict[str, list[str]]:
    """Every text cell of every visible sheet."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.strip()]
            for ws in wb.worksheets if ws.sheet_state == "visible"}


def _pdf_words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                            m.group(3))]
        pages.append((float(m.group(1)), float(m.group(2)), words))
    return pages


def check_pdf(xlsx: Path, pdf: Path, pages: int) -> None:
    import html

    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", raw)
    for sheet, texts in _texts(xlsx).items():
        missing = [s for s in texts if re.sub(r"\s+", "", s) not in flat]
        assert not missing, (sheet, "not printed whole", missing[:5])
    margin = 0.5 * 72                                  # the sheets' left and right margins, in points
    words = _pdf_words(pdf)
    assert len(words) <= pages                         # LibreOffice broke no page of its own
    for n, (width, _, ws) in enumerate(words, 1):
        for x0, y0, x1, y1, w in ws:
            assert x0 >= margin - 2 and x1 <= width - margin + 2, (n, html.unescape(w), "past the margin")
        for i, a in enumerate(ws):
            for b in ws[i + 1:]:
                if min(a[3], b[3]) - max(a[1], b[1]) > 3 and min(a[2], b[2]) - max(a[0], b[0]) > 1:
                    raise AssertionError((n, html.unescape(a[4]), html.unescape(b[4]), "overprinted"))


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """The workbooks printed: results (Japanese, English) of the default model; sweep, sensitivity and
    compare of the example model."""
    folder = tmp_path_factory.mktemp("print")
    books = {}
    for lang in ("ja", "en"):
        books[lang] = folder / f"results_{lang}.xlsx"
        assert main(["solve", "-o", str(books[lang]), "--lang", lang]) == 0
    books["sweep"] = folder / "sweep.xlsx"
    assert main(["sweep", str(EXAMPLE), "--scale", "0.8:1.2:0.1", "-o", str(books["sweep"])]) == 0
    books["sensitivity"] = folder / "sensitivity.xlsx"
    assert main(["sensitivity", str(EXAMPLE), "--samples", "10", "-o", str(books["sensitivity"])]) == 0
    books["compare"] = folder / "compare.xlsx"
    assert main(["compare", "--model", str(EXAMPLE), str(EXAMPLE), "budget_minus_20", "autonomy_first",
                 "-o", str(books["compare"])]) == 0
    return books


@pytest.fixture(scope="module")
def printed(books, tmp_path_factory) -> dict[str, tuple[Path, Path, int]]:
    pages = {k: check_print_setup(p) for k, p in books.items()}
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    libreoffice()
    pdfs = convert(list(books.values()), "pdf", tmp_path_factory.mktemp("pdf"), tmp_path_factory.mktemp("profile"))
    return {k: (books[k], pdf, pages[k]) for k, pdf in zip(books, pdfs)}


@pytest.mark.parametrize("which", ["ja", "en", "sweep", "sensitivity", "compare"])
def test_every_sheet_prints_whole_through_libreoffice(printed, which):
    xlsx, pdf, pages = printed[which]
    check_pdf(xlsx, pdf, pages)


def test_the_programs_sheet_prints_across_pages_with_its_header_and_names_repeated(books):
    ws = openpyxl.load_workbook(books["ja"])["プログラム"]
    assert ws.max_column >= 30
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$B"
    assert int(ws.page_setup.scale) >= 60 and ws.col_breaks.brk and ws.row_breaks.brk
