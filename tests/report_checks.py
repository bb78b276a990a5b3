"""Read a deliberation report as a planner would, section by section, and check that no figure or
sentence contradicts another, the results workbook, or the input.

:func:`read_report` turns the HTML into sections of paragraphs, list items and tables (cells as
text, a program cell's id kept apart). :func:`check_report` compares every total and 対前年度 of
sections 1–3 with each other, with the results workbook of the same solve (read with openpyxl)
and with the validated input, and every summary sentence about the budget ladder with the ladder's
table. It returns the contradictions found, as sentences; an empty list means none.

Numbers are compared at the report's own precision (0.1 億円; sums of rounded figures within half
a unit per term).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

DASH = "—"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    ids: list[list[str | None]]         # the program id of a cell, where it has one
    classes: list[str]


@dataclass
class Section:
    id: str
    items: list = field(default_factory=list)     # ("h3" | "p" | "li", text, class) or ("table", Table)

    def paragraphs(self, cls: str | None = None) -> list[str]:
        return [x[1] for x in self.items if x[0] == "p" and (cls is None or x[2] == cls)]

    def tables(self) -> list[Table]:
        return [x[1] for x in self.items if x[0] == "table"]

    def table_after(self, heading_start: str) -> Table:
        """The first table after the h3 heading starting with `heading_start`."""
        seen = False
        for x in self.items:
            if x[0] == "h3" and x[1].startswith(heading_start):
                seen = True
            elif seen and x[0] == "table":
                return x[1]
        raise KeyError(heading_start)

    def text(self) -> str:
        return "\n".join(x[1] for x in self.items if x[0] in ("p", "li"))


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, Section] = {}
        self.section: Section | None = None
        self.stack: list[str] = []
        self.buf: list[str] | None = None
        self.cls = ""
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.row_ids: list | None = None
        self.cell: list[str] | None = None
        self.cell_id: str | None = None
        self.in_id = False
        self.in_head = False
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("svg", "style", "script"):
            self.skip += 1
        if self.skip:
            return
        if tag == "section":
            self.section = self.sections.setdefault(a.get("id", ""), Section(a.get("id", "")))
        elif self.section is None:
            return
        elif tag == "table":
            self.table = Table([], [], [], [])
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and self.table is not None:
            self.row, self.row_ids = [], []
            self.row_class = a.get("class") or ""
        elif tag in ("td", "th") and self.row is not None:
            self.cell, self.cell_id = [], None
        elif tag == "span" and self.cell is not None and a.get("class") == "id":
            self.in_id = True
        elif tag in ("p", "li", "h3") and self.table is None:
            self.buf, self.cls, self.stack = [], a.get("class") or "", [tag]

    def handle_endtag(self, tag):
        if tag in ("svg", "style", "script"):
            self.skip -= 1
            return
        if self.skip or self.section is None:
            return
        if tag == "span" and self.in_id:
            self.in_id = False
        elif tag in ("td", "th") and self.cell is not None:
            text = " ".join("".join(self.cell).split())
            if self.cell_id:
                text = text[: -len(self.cell_id)].strip() if text.endswith(self.cell_id) else text
            self.row.append(text)
            self.row_ids.append(self.cell_id)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.in_head:
                self.table.headers = self.row
            else:
                self.table.rows.append(self.row)
                self.table.ids.append(self.row_ids)
                self.table.classes.append(self.row_class)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            self.section.items.append(("table", self.table))
            self.table = None
        elif self.buf is not None and tag in ("p", "li", "h3") and self.stack and self.stack[0] == tag:
            self.section.items.append((tag, " ".join("".join(self.buf).split()), self.cls))
            self.buf = None
        elif tag == "section":
            self.section = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
            if self.in_id:
                self.cell_id = (self.cell_id or "") + data.strip()
        elif self.buf is not None:
            self.buf.append(data)


def read_report(html: str) -> dict[str, Section]:
    r = _Reader()
    r.feed(html)
    return r.sections


# -- numbers as the report writes them -------------------------------------------------------------


def num(text: str) -> float | None:
    """A money or score cell: '1,234.5', '+12.0', '-3.1', '—' (None)."""
    t = text.strip().replace(",", "").replace("億円", "").strip()
    if t in (DASH, ""):
        return None
    return float(t.replace("−", "-").replace("△", "-"))


def pct(text: str) -> float | None:
    t = text.strip()
    if t in (DASH, ""):
        return None
    return float(t.split("%")[0].replace(",", "")) / 100


def amounts(sentence: str) -> list[float]:
    """Every '1,234.5 億円' in a sentence, in order."""
    return [float(x.replace(",", "")) for x in re.findall(r"([\d,]+\.\d) 億円", sentence)]


def ids_in(sentence: str) -> list[str]:
    """Program ids named as 「名前（ID）」 or 'name (ID)'."""
    return re.findall(r"[（(]([A-Z][A-Z0-9-]*)[）)]", sentence)


class Problems(list):
    def close(self, what: str, got, want, tol: float = 0.051) -> None:
        if got is None or want is None:
            if (got is None) != (want is None):
                self.append(f"{what}: {got} vs {want}")
            return
        if abs(got - want) > tol:
            self.append(f"{what}: {got} vs {want}")


# -- the workbook ------------------------------------------------------------------------------------


def workbook_tables(path) -> dict[str, list[dict]]:
    """Each sheet of the results workbook as a list of rows (dicts by header), from its header row
    (the first row whose first cell is 'ID', or the year table on the Summary sheet)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        for i, r in enumerate(rows):
            if r and r[0] in ("ID", "年度", "Fiscal year"):
                header = [str(h) if h is not None else "" for h in r]
                body = []
                for rr in rows[i + 1:]:
                    if rr is None or rr[0] is None or (isinstance(rr[0], str) and len(rr) > 1 and rr[1] is None
                                                       and ws.title in ("概要", "Summary")):
                        break
                    body.append(dict(zip(header, rr)))
                out[ws.title] = body
                break
    return out


# -- the checks --------------------------------------------------------------------------------------


def check_report(html: str, workbook, data, lang: str = "ja") -> list[str]:
    """Every contradiction between the report's sections, the results workbook and the input."""
    rep = read_report(html)
    wb = workbook_tables(workbook)
    bad = Problems()
    _allocation(rep["allocation"], wb, data, bad)
    _summary(rep, wb, data, bad)
    if "ladder" in rep and rep["ladder"].tables():
        _ladder(rep, wb, data, bad)
    return list(bad)


def _previous(programs) -> float | None:
    vals = [p.previous_year for p in programs]
    return None if not vals or any(v is None for v in vals) else float(sum(vals))


def _allocation(sec: Section, wb, data, bad: Problems) -> None:
    fy0 = f"FY{data.years[0]}"
    dom_t, src_t, min_t, year_t = (sec.table_after(h) for h in ("2.1", "2.2", "2.3", "2.4"))
    wdom = wb["技術領域別"]
    dom_by_name = {d.name_ja: d for d in data.domains}
    rows = [r for r, c in zip(dom_t.rows, dom_t.classes) if c == ""]
    subtotals = [r for r, c in zip(dom_t.rows, dom_t.classes) if c == "subtotal"]
    grand = next(r for r, c in zip(dom_t.rows, dom_t.classes) if c == "total")
    wtotal = {r["ID"]: r for r in wdom}
    by_group: dict[str, list] = {}
    for r in rows:
        d = dom_by_name[r[0]]
        w = wtotal[d.id]
        bad.close(f"2.1 {d.id} total vs workbook", num(r[2]), w["合計"])
        bad.close(f"2.1 {d.id} first year vs workbook", num(r[5]), _fy_cell(w, data.years[0]))
        progs = [p for p in data.programs if p.domain == d.id]
        prev = _previous(progs)
        bad.close(f"2.1 {d.id} previous year vs input (all programs or none)", num(r[6]), prev)
        bad.close(f"2.1 {d.id} previous year vs workbook", num(r[6]), w["前年度額（全プログラム計）"])
        want = None if prev is None else num(r[5]) - prev
        bad.close(f"2.1 {d.id} change = first year − previous", num(r[7]), want, 0.11)
        bad.close(f"2.1 {d.id} funded vs workbook", num(r[4]), w["採択数"], 0.01)
        by_group.setdefault(d.group, []).append(r)
    for sub, (g, rs) in zip(subtotals, by_group.items()):
        _sum_row(f"2.1 subtotal {g}", sub, rs, bad)
    _sum_row("2.1 total", grand, rows, bad)
    wsrc = {r["ID"]: r for r in wb["財源別"]}
    src_by_name = {s.name_ja: s for s in data.sources}
    annual = apart = fund = external = 0.0
    for r in src_t.rows:
        s = src_by_name[r[0]]
        bad.close(f"2.2 {s.id} total vs workbook", num(r[2]), wsrc[s.id]["合計"])
        bad.close(f"2.2 {s.id} envelope vs input", num(r[3]), float(sum(s.envelope)))
        bad.close(f"2.2 {s.id} previous year vs input", num(r[6]), s.previous_year)
        bad.close(f"2.2 {s.id} change = first year − previous", num(r[7]),
                  None if s.previous_year is None else num(r[5]) - s.previous_year, 0.11)
        v = num(r[2])
        annual += v if s.counts_in_budget else 0.0
        apart += v if s.kind == "annual" and not s.in_total_budget else 0.0
        fund += v if s.kind == "fund" else 0.0
        external += v if s.kind == "external" else 0.0
    wmin = {r["ID"]: r for r in wb["府省別"]}
    min_by_name = {s.name_ja: s for s in data.sources}
    for r in min_t.rows:
        s = min_by_name[r[0]]
        prev = _previous([p for p in data.programs if p.lead == s.id])
        bad.close(f"2.3 {s.id} total vs workbook", num(r[1]), wmin[s.id]["合計"])
        bad.close(f"2.3 {s.id} previous year vs input (all programs or none)", num(r[5]), prev)
        bad.close(f"2.3 {s.id} change = first year − previous", num(r[6]),
                  None if prev is None else num(r[4]) - prev, 0.11)
    tol_sum = lambda n: 0.05 * n + 0.051  # noqa: E731 - sums of rounded figures
    bad.close("2.3 ministries' total = 2.1 total", sum(num(r[1]) for r in min_t.rows), num(grand[2]),
              tol_sum(len(min_t.rows)))
    bad.close("2.3 ministries' funded = 2.1 funded", sum(num(r[2]) for r in min_t.rows), num(grand[4]), 0.01)
    col = _year_columns(year_t)
    _years(year_t, wb, data, bad)
    total = next(r for r, c in zip(year_t.rows, year_t.classes) if c == "total")
    bad.close("2.4 total spend = 2.1 total", num(total[col["total"]]), num(grand[2]), 0.11)
    bad.close("2.4 annual = 2.2 annual sources in the total budget", num(total[2]), annual, tol_sum(len(src_t.rows)))
    if col["apart"] is not None:
        bad.close("2.4 set apart = 2.2 annual sources outside it", num(total[col["apart"]]), apart,
                  tol_sum(len(src_t.rows)))
    bad.close("2.4 funds = 2.2 funds", num(total[col["fund"]]), fund, tol_sum(len(src_t.rows)))
    bad.close("2.4 external = 2.2 external", num(total[col["external"]]), external, tol_sum(len(src_t.rows)))
    first = year_t.rows[0]
    bad.close(f"2.4 {fy0} total spend = 2.1 first-year total", num(first[col["total"]]), num(grand[5]), 0.11)


def _fy_cell(row: dict, year: int):
    return next(v for k, v in row.items() if k.startswith(f"FY{year}"))


def _sum_row(what: str, total_row, rows, bad: Problems) -> None:
    n = len(rows)
    bad.close(f"{what}: total = sum of rows", num(total_row[2]), sum(num(r[2]) for r in rows), 0.05 * n + 0.051)
    bad.close(f"{what}: first year = sum of rows", num(total_row[5]), sum(num(r[5]) for r in rows), 0.05 * n + 0.051)
    prevs = [num(r[6]) for r in rows]
    if any(p is None for p in prevs):
        if num(total_row[6]) is not None:
            bad.append(f"{what}: a previous-year total {total_row[6]} although some rows have none")
    else:
        bad.close(f"{what}: previous year = sum of rows", num(total_row[6]), sum(prevs), 0.05 * n + 0.051)
        bad.close(f"{what}: change = first year − previous", num(total_row[7]), num(total_row[5]) - num(total_row[6]),
                  0.11)


def _year_columns(year_t: Table) -> dict[str, int | None]:
    """Where 2.4's columns are: money set apart from the total budget (MOD's) has a column of its
    own after the annual sources when the model has any."""
    a = 1 if any("総予算外" in h for h in year_t.headers) else 0
    return dict(apart=3 if a else None, fund=3 + a, external=4 + a, total=5 + a, slack=6 + a,
                budget_change=7 + a, spend_change=8 + a)


def _years(year_t: Table, wb, data, bad: Problems) -> None:
    rows = [r for r, c in zip(year_t.rows, year_t.classes) if c != "total"]
    wyears = wb["概要"]
    prev_budget = prev_spend = data.budget_previous
    col = _year_columns(year_t)
    parts = range(2, col["total"])
    total, slack, budget_change, spend_change = col["total"], col["slack"], col["budget_change"], col["spend_change"]
    for j, (r, w) in enumerate(zip(rows, wyears)):
        y = data.years[j]
        bad.close(f"2.4 FY{y} budget vs input", num(r[1]), data.budget[j])
        bad.close(f"2.4 FY{y} annual vs workbook", num(r[2]), w["年度予算財源"])
        bad.close(f"2.4 FY{y} total = sum of the parts", num(r[total]), sum(num(r[i]) for i in parts), 0.16)
        bad.close(f"2.4 FY{y} slack = budget − annual", num(r[slack]), num(r[1]) - num(r[2]), 0.11)
        bad.close(f"2.4 FY{y} budget change", num(r[budget_change]),
                  None if prev_budget is None else num(r[1]) - prev_budget, 0.11)
        bad.close(f"2.4 FY{y} spend change", num(r[spend_change]),
                  None if prev_spend is None else num(r[2]) - prev_spend, 0.11)
        bad.close(f"2.4 FY{y} budget change vs workbook", num(r[budget_change]), w["総予算の対前年度"])
        prev_budget, prev_spend = num(r[1]), num(r[2])


def _summary(rep, wb, data, bad: Problems) -> None:
    sec = rep["summary"]
    alloc = rep["allocation"]
    dom_t, year_t = alloc.table_after("2.1"), alloc.table_after("2.4")
    sentences = sec.paragraphs("")
    first = sentences[0]
    budget, spend = amounts(first)[:2]
    bad.close("summary: total budget vs input", budget, float(sum(data.budget)))
    total = next(r for r, c in zip(year_t.rows, year_t.classes) if c == "total")
    bad.close("summary: spend vs 2.4 annual total", spend, num(total[2]))
    n, m = [int(x) for x in re.findall(r"(\d+) 件", first)[:2]] if "件" in first else (None, None)
    funded = sum(1 for r in wb["プログラム"] if r.get("採択"))
    if n is not None:
        bad.close("summary: candidates vs input", n, len(data.programs), 0)
        bad.close("summary: funded vs workbook", m, funded, 0)
    groups = next((s for s in sentences if "国家戦略技術領域に" in s), None)
    if groups:
        ns, ef = amounts(groups)
        subs = [r for r, c in zip(dom_t.rows, dom_t.classes) if c == "subtotal"]
        bad.close("summary: national strategic vs 2.1 subtotal", ns, num(subs[0][2]))
        bad.close("summary: emerging/foundational vs 2.1 subtotal", ef, num(subs[1][2]))


def _ladder(rep, wb, data, bad: Problems) -> None:
    """The summary's sentences about the next steps up and down against the ladder's table, and the
    ladder's claims about its gaps against the gaps it shows."""
    lad = rep["ladder"]
    steps = lad.table_after("3.1")
    scales = [float(r[0].lstrip("×")) for r in steps.rows]
    cur = next((i for i, c in enumerate(steps.classes) if c == "current"), None)
    text = lad.text()
    gaps = [pct(r[5]) for r in steps.rows if "%" in r[5]]
    stopped = [r[0] for r in steps.rows if "時間上限" in r[5] or "time limit" in r[5]]
    claim = next((p for p in lad.paragraphs("") if "相対ギャップは" in p), None)
    if gaps and claim:
        lo, hi = [float(x) / 100 for x in re.findall(r"([\d.]+)%", claim)[:2]]
        if abs(lo - min(gaps)) > 5e-6 or abs(hi - max(gaps)) > 5e-6:
            bad.append(f"3: gap range claimed {claim!r} vs gaps shown {gaps}")
    if stopped and "最適性が確認されています" in text:
        bad.append(f"3: claims every step proven although {stopped} stopped at the time limit")
    for s in stopped:
        if s not in text:
            bad.append(f"3: step {s} stopped at the time limit but the text does not name it")
    if cur is None:
        return
    tie = any("別の組合せ" in p for p in lad.paragraphs("warning"))
    summary = rep["summary"].paragraphs("")
    for direction, word in ((1, "増や"), (-1, "減ら")):
        j = cur + direction
        while 0 <= j < len(steps.rows) and steps.rows[j][2] == DASH:
            j += direction
        if not 0 <= j < len(steps.rows):
            continue
        sentence = next((s for s in summary if f"×{scales[j]:g}" in s and word in s), None)
        if sentence is None:
            bad.append(f"1: no sentence on the step ×{scales[j]:g}")
            continue
        if tie:
            continue
        row = steps.rows[max(j, cur)]       # the table compares each step with the one below
        added, dropped = _ids(row[6]), _ids(row[7])
        if direction < 0:
            added, dropped = dropped, added
        said = set(ids_in(sentence))
        counts = [int(x) for x in re.findall(r"(\d+) 件", sentence)]
        if not added and not dropped:
            if "変わりません" not in sentence and "変わらず" not in sentence:
                bad.append(f"1: {sentence!r} but 3.1 shows no change at ×{scales[j]:g}")
            continue
        if "採択も水準・開始年度も変わりません" in sentence:
            bad.append(f"1: {sentence!r} but 3.1 shows added {added}, dropped {dropped} at ×{scales[j]:g}")
        if len(added) + len(dropped) <= 5 and said != set(added) | set(dropped) - set():
            missing = (set(added) | set(dropped)) - said
            if missing:
                bad.append(f"1: {sentence!r} does not name {sorted(missing)} (3.1 at ×{scales[j]:g})")
        for group in (added, dropped):
            if len(group) > 5 and len(group) not in counts:
                bad.append(f"1: {sentence!r} does not count {len(group)} programs (3.1 at ×{scales[j]:g})")


def _ids(cell: str) -> list[str]:
    return [] if cell in ("", "なし", "none") else [x.strip() for x in cell.split(",")]
