"""Every validation rule, triggered by a real workbook, and the command-line contract.

Each case starts from one valid model, breaks one thing, and checks that loading raises an
InputError with the expected key whose one-line message, in Japanese and in English, names the
file, the sheet, the cell (or the row) and the column, and that ``portfolio validate`` exits 2
printing exactly that line and no traceback. A final check makes sure every ``err.*`` key that
reader.py and loader.py raise has a case here.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from builders import Model, content_changed, picked, row_of, run_cli

import portfolio
from portfolio.cli import main
from portfolio.core.errors import InputError
from portfolio.inputs import reader as reader_mod
from portfolio.inputs.template import write_input_workbook

SRC = Path(portfolio.__file__).resolve().parent


def base() -> Model:
    """A valid model touching every sheet. Data rows start at row 4 (title, note, header above)."""
    m = Model(years=(2026, 2028), budget=100)
    m.criterion("auto", 2).criterion("indisp", 1)
    m.domain("AI").domain("QT", group="emerging_foundational")
    m.source("MEXT", envelope=100).source("FUND", kind="fund", envelope=[10, 0, 0])
    m.rule("MEXT", "all").rule("FUND", "instrument", "K", 0.5)
    m.program("P1", levels={"std": ([10, 10], {"auto": 5, "indisp": 3}), "big": ([20, 20], {"auto": 8, "indisp": 4})},
              domain="AI", instrument="K", start=(2026, 2027))                    # Programs row 4
    m.program("P2", cost=[5, 5, 5], value={"auto": 2, "indisp": 6}, domain="QT")  # Programs row 5
    m.capacity("FTE", 10)
    m.use("P1", "FTE", 4)
    m.requires("P2", "P1")                                                         # Dependencies row 4
    m.at_most(["P1", "P2"], 2)                                                     # Dependencies row 5
    return m


SETTINGS_ROW = {c.id: 4 + i for i, c in enumerate(portfolio.core.schema.SETTINGS.columns)}
SHEET_JA = {s.id: s.ja for s in portfolio.core.schema.SHEETS}


def col_letter(path: Path, sheet_id: str, key: str) -> str:
    """The letter of the column whose header (row 3) has `key` as one of its lines."""
    ws = openpyxl.load_workbook(path)[SHEET_JA[sheet_id]]
    for cell in ws[3]:
        if cell.value is not None and key in str(cell.value).split("\n"):
            return cell.column_letter
    raise KeyError(key)


def write(tmp_path: Path, content: dict, name: str = "bad.xlsx") -> Path:
    return write_input_workbook(tmp_path / name, content, force=True)


def edit(path: Path, fn: Callable) -> Path:
    """Change a written workbook with openpyxl (for what the writer cannot produce)."""
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def with_content(change: Callable[[dict], None]) -> Callable[[Path], Path]:
    return content_changed(base, change, "bad.xlsx")


@dataclass
class Case:
    key: str
    build: Callable[[Path], Path]
    sheet: str = ""               # sheet id the message must name ("" for file-level errors)
    cell: tuple | None = None     # (column key as in the header, row) -> "D5"
    row: int | None = None        # when there is no single cell
    column: str = ""              # column label the message must name
    mention: tuple = ()           # more text each rendering must contain (the value, names)
    name: str = ""

    def __post_init__(self):
        self.name = self.name or self.key.removeprefix("err.")


def _settings(**kv):
    return with_content(lambda c: c["Settings"].update(kv))


def _program(pid="P1", **kv):
    return with_content(lambda c: row_of(c, "Programs", id=pid).update(kv))


def _raw(data: bytes):
    def build(tmp_path: Path) -> Path:
        p = tmp_path / "bad.xlsx"
        p.write_bytes(data)
        return p
    return build


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _xml_bomb(tmp_path: Path) -> Path:
    good = base().write(tmp_path, "good.xlsx")
    out = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', 1)
            dst.writestr(info, data)
    return out


def _after_write(fn: Callable, change: Callable[[dict], None] | None = None) -> Callable[[Path], Path]:
    def build(tmp_path: Path) -> Path:
        content = base().content()
        if change:
            change(content)
        return edit(write(tmp_path, content), fn)
    return build


def _set(sheet_id: str, coord: str, value) -> Callable:
    def fn(wb):
        wb[SHEET_JA[sheet_id]][coord] = value
    return fn


def _clear(sheet_id: str, key: str, row: int) -> Callable:
    """Empty the cell of column `key` (a header line) in `row`."""
    def fn(wb):
        ws = wb[SHEET_JA[sheet_id]]
        letter = next(c.column_letter for c in ws[3] if c.value is not None and key in str(c.value).split("\n"))
        ws[f"{letter}{row}"] = None
    return fn


def _error_value(sheet_id: str, key: str, row: int, value: str = "#N/A") -> Callable:
    def fn(wb):
        ws = wb[SHEET_JA[sheet_id]]
        letter = next(c.column_letter for c in ws[3] if c.value is not None and key in str(c.value).split("\n"))
        ws[f"{letter}{row}"] = value
    return fn


def _delete_column(sheet_id: str, key: str) -> Callable:
    def fn(wb):
        ws = wb[SHEET_JA[sheet_id]]
        col = next(c.column for c in ws[3] if c.value is not None and key in str(c.value).split("\n"))
        ws.delete_cols(col)
    return fn


def _drop_sheet(sheet_id: str) -> Callable:
    def fn(wb):
        del wb[SHEET_JA[sheet_id]]
    return fn


def _no_capacities(c):
    del c["Capacities"]


def _drop_levels_of(pid):
    def change(c):
        c["FundingLevels"] = [r for r in c["FundingLevels"] if r["program"] != pid]
        c["Dependencies"] = []
        c["CapacityUse"] = [r for r in c["CapacityUse"] if r["program"] != pid]
    return change


def _full_width_duplicate(c):
    # "Ｐ１" is "P1" after NFKC: a duplicate that only shows after normalisation.
    c["Programs"].append({**row_of(c, "Programs", id="P2"), "id": "Ｐ１"})


def _copy_sheet(sheet_id: str, title: str) -> Callable:
    def fn(wb):
        wb.copy_worksheet(wb[SHEET_JA[sheet_id]]).title = title
    return fn


def _no_programs(c):
    for sheet in ("Programs", "FundingLevels", "CapacityUse", "Dependencies"):
        c[sheet] = []
    c["Eligibility"] = [r for r in c["Eligibility"] if r.get("target_type") != "program"]


CASES = [
    # --- the file itself ------------------------------------------------------------------------
    Case("err.file_missing", lambda t: t / "nothing-here.xlsx"),
    Case("err.file_empty", _raw(b"")),
    Case("err.file_xls", _raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)),
    Case("err.file_encrypted", _raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
                                    + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64)),
    Case("err.file_csv", _raw("id,名称,期間\nP1,量子,3\n".encode("utf-8"))),
    Case("err.file_not_xlsx", _raw(b"\x89PNG\r\n\x1a\n" + b"\0" * 256), mention=("89 50 4e 47",)),
    Case("err.file_corrupt", _raw(_zip({"hello.txt": b"not a workbook"})), mention=("xl/workbook.xml",)),
    Case("err.file_corrupt", _raw(b"PK\x03\x04" + b"\0" * 200), name="file_corrupt_truncated"),
    Case("err.file_corrupt", _raw(_zip({"xl/workbook.xml": b"<not xml", "[Content_Types].xml": b"<x/>"})),
         name="file_corrupt_unparsable"),
    Case("err.zip_bomb", _raw(_zip({"xl/workbook.xml": b"<w/>", "xl/big.bin": b"\0" * (3 * 1024 * 1024)}))),
    Case("err.xml_bomb", _xml_bomb),
    Case("err.file_too_large", lambda t: base().write(t, "bad.xlsx")),          # limit lowered in the test
    Case("err.too_many_rows", lambda t: base().write(t, "bad.xlsx"), sheet="Settings"),   # limit lowered
    # --- sheets, headers, columns ------------------------------------------------------------------
    Case("err.sheet_missing", _after_write(_drop_sheet("Budget")), mention=("予算", "Budget")),
    Case("err.sheet_missing", with_content(_no_capacities), name="capacity_use_without_capacities",
         mention=("能力制約", "Capacities")),
    Case("err.header_missing", _after_write(lambda wb: wb[SHEET_JA["Criteria"]].delete_rows(3)), sheet="Criteria"),
    Case("err.header_missing", _after_write(lambda wb: wb[SHEET_JA["Settings"]].delete_rows(3)), sheet="Settings",
         name="header_missing_settings"),
    Case("err.column_missing", _after_write(_set("Programs", "I3", "長さ")), sheet="Programs", row=3,
         mention=("期間", "duration")),
    Case("err.column_duplicate", _after_write(_set("Programs", "O3", "duration")), sheet="Programs", row=3,
         mention=("duration", "I", "O")),
    Case("err.series_missing", _after_write(_delete_column("FundingSources", "FY2027")), sheet="FundingSources",
         row=3, mention=("FY2027",)),
    Case("err.score_missing", _after_write(_delete_column("FundingLevels", "indisp")), sheet="FundingLevels", row=3,
         mention=("indisp",)),
    Case("err.merged", _after_write(lambda wb: wb[SHEET_JA["Programs"]].merge_cells("B4:C4")), sheet="Programs",
         cell=("name_ja", 4), mention=("B4:C4",)),
    Case("err.formula_no_value", _after_write(_set("Programs", "I4", "=1+1")), sheet="Programs",
         cell=("duration", 4), column="期間", mention=("=1+1",)),
    Case("err.formula_no_value", _after_write(_set("Settings", f"B{SETTINGS_ROW['mip_gap']}", "=0.1/10")),
         sheet="Settings", cell=("value", SETTINGS_ROW["mip_gap"]), column="許容ギャップ", mention=("=0.1/10",),
         name="formula_no_value_setting"),
    Case("err.formula_error", _after_write(_set("Programs", "I4", "#DIV/0!")), sheet="Programs",
         cell=("duration", 4), column="期間", mention=("#DIV/0!",)),
    Case("err.formula_error", _after_write(_error_value("FundingSources", "FY2027", 4)), sheet="FundingSources",
         cell=("FY2027", 4), column="FY2027", mention=("#N/A",), name="formula_error_series"),
    # --- cells -------------------------------------------------------------------------------------------
    Case("err.required", _program(duration=None), sheet="Programs", cell=("duration", 4), column="期間"),
    Case("err.required", _after_write(_set("Settings", f"B{SETTINGS_ROW['first_year']}", None)), sheet="Settings",
         cell=("value", SETTINGS_ROW["first_year"]), column="開始年度", name="required_setting"),
    Case("err.required", _after_write(_clear("FundingSources", "FY2027", 4)), sheet="FundingSources",
         cell=("FY2027", 4), column="FY2027", name="required_envelope"),
    Case("err.required", _after_write(_clear("FundingLevels", "auto", 4)), sheet="FundingLevels",
         cell=("auto", 4), column="auto", name="required_score"),
    Case("err.required", with_content(lambda c: c.__setitem__("Criteria", [])), sheet="Criteria",
         cell=("id", 4), column="ID", name="required_no_criteria"),
    Case("err.bad_value", _program(duration="三年"), sheet="Programs", cell=("duration", 4), column="期間",
         mention=("三年",)),
    Case("err.bad_value", _settings(allow_tail="maybe"), sheet="Settings",
         cell=("value", SETTINGS_ROW["allow_tail"]), column="後年度負担を許可", mention=("maybe",),
         name="bad_value_setting"),
    Case("err.bad_value", with_content(lambda c: row_of(c, "Domains", id="AI").update(group="space")),
         sheet="Domains", cell=("group", 4), column="区分", mention=("space", "national_strategic"),
         name="bad_value_enum"),
    Case("err.bad_value", _program(duration="3\n年"), sheet="Programs", cell=("duration", 4), column="期間",
         mention=("3\\n年",), name="bad_value_on_two_lines"),
    Case("err.bad_value", with_content(lambda c: c["Programs"].append({**c["Programs"][1], "id": "P\n3"})),
         sheet="Programs", cell=("id", 6), column="ID", name="bad_value_id_with_line_break"),
    Case("err.out_of_range", _program(duration=0), sheet="Programs", cell=("duration", 4), column="期間"),
    Case("err.out_of_range", with_content(lambda c: c["Eligibility"][1].update(max_share=1.5)),
         sheet="Eligibility", cell=("max_share", 5), column="上限割合", mention=("1.5",), name="out_of_range_share"),
    Case("err.out_of_range", _after_write(_set("FundingSources", "H4", -5)), sheet="FundingSources",
         cell=("FY2026", 4), column="FY2026", mention=("-5",), name="out_of_range_series"),
    Case("err.match_ratio_kind", with_content(lambda c: row_of(c, "FundingSources", id="MEXT").update(match_ratio=1)),
         sheet="FundingSources", cell=("match_ratio", 4), column="マッチング比率", mention=("annual",)),
    Case("err.out_of_range", with_content(lambda c: c["Eligibility"][1].update(max_share="150%")),
         sheet="Eligibility", cell=("max_share", 5), column="上限割合", mention=("150%",), name="out_of_range_percent"),
    Case("err.huge", with_content(lambda c: c["Budget"][1].update(total_budget=5e9)), sheet="Budget",
         cell=("total_budget", 5), column="総予算"),
    Case("err.huge", with_content(lambda c: (c["Settings"].update(money_unit="千円"),
                                             c["Budget"][1].update(total_budget=2e14))),
         sheet="Budget", cell=("total_budget", 5), column="総予算", mention=("100,000,000,000,000",),
         name="huge_in_sen_yen"),
    Case("err.unknown_setting", _after_write(_set("Settings", "A14", "budget_cap")), sheet="Settings",
         cell=("key", 14), mention=("budget_cap",)),
    Case("err.duplicate_id", _after_write(_set("Settings", "A14", "first_year")), sheet="Settings",
         cell=("key", 14), mention=("first_year",), name="duplicate_setting"),
    Case("err.duplicate_id", with_content(lambda c: c["Programs"].append(dict(c["Programs"][0]))),
         sheet="Programs", cell=("id", 6), column="ID", mention=("P1",)),
    Case("err.duplicate_id", with_content(_full_width_duplicate), sheet="Programs", cell=("id", 6), column="ID",
         name="duplicate_after_normalising"),
    Case("err.duplicate_id", with_content(lambda c: c["Budget"][2].update(fiscal_year=2027)), sheet="Budget",
         cell=("fiscal_year", 6), column="年度", name="duplicate_year"),
    Case("err.duplicate_id", with_content(lambda c: c["FundingLevels"].append(dict(c["FundingLevels"][0]))),
         sheet="FundingLevels", cell=("level", 7), column="水準", name="duplicate_level"),
    Case("err.duplicate_id", with_content(lambda c: c["CapacityUse"].append({**c["CapacityUse"][0], "level": "std"})),
         sheet="CapacityUse", cell=("capacity", 5), column="資源", name="duplicate_use"),
    Case("err.duplicate_id", with_content(lambda c: c["Eligibility"].append(dict(c["Eligibility"][0]))),
         sheet="Eligibility", cell=("target", 6), column="対象", name="duplicate_rule"),
    Case("err.unknown_ref", _program(domain="SPACE"), sheet="Programs", cell=("domain", 4), column="技術領域",
         mention=("SPACE",)),
    Case("err.unknown_ref", with_content(lambda c: c["Dependencies"][1].update(members="P1, P9")),
         sheet="Dependencies", cell=("members", 5), column="メンバー", mention=("P9",), name="unknown_member"),
    # --- Settings, Budget, Criteria ------------------------------------------------------------------------
    Case("err.horizon_order", _settings(first_year=2029), sheet="Settings",
         cell=("value", SETTINGS_ROW["last_year"]), column="終了年度"),
    Case("err.horizon_too_long", _settings(last_year=2090), sheet="Settings",
         cell=("value", SETTINGS_ROW["last_year"]), column="終了年度"),
    Case("err.tail_cap_required", _settings(allow_tail=True), sheet="Settings",
         cell=("value", SETTINGS_ROW["tail_cap"]), column="後年度負担上限"),
    Case("err.budget_year_outside", with_content(lambda c: c["Budget"].append({"fiscal_year": 2031,
                                                                              "total_budget": 1})),
         sheet="Budget", cell=("fiscal_year", 7), column="年度", mention=("2031",)),
    Case("err.budget_year_missing", with_content(lambda c: c["Budget"].pop(1)), sheet="Budget", mention=("2027",)),
    Case("err.spend_floor_above_budget", with_content(lambda c: c["Budget"][0].update(spend_floor=123456)),
         sheet="Budget", cell=("spend_floor", 4), column="最低執行額", mention=("123,456.0",)),
    Case("err.weight_range", with_content(lambda c: c["Criteria"][0].update(weight_low=3)), sheet="Criteria",
         cell=("weight", 4), column="重み"),
    Case("err.weights_zero", with_content(lambda c: [r.update(weight=0) for r in c["Criteria"]]), sheet="Criteria",
         cell=("weight", 4), column="重み"),
    # --- Programs --------------------------------------------------------------------------------------------
    Case("err.lead_not_annual", _program(lead="FUND"), sheet="Programs", cell=("lead", 4), column="主管府省",
         mention=("FUND",)),
    Case("err.flag_conflict", _program(mandatory=True, forbidden=True), sheet="Programs", cell=("forbidden", 4),
         column="除外"),
    Case("err.start_order", _program(earliest_start=2027, latest_start=2026), sheet="Programs",
         cell=("latest_start", 4), column="最遅開始年度"),
    Case("err.start_outside", _program(earliest_start=2025), sheet="Programs", cell=("earliest_start", 4),
         column="最早開始年度", mention=("2025",)),
    Case("err.ongoing_start", _program(ongoing=True), sheet="Programs", cell=("earliest_start", 4),
         column="最早開始年度"),
    Case("err.duration_too_long", with_content(lambda c: (row_of(c, "Programs", id="P2").update(duration=4),
                                                        c["FundingLevels"][2].update(y4=5))),
         sheet="Programs", cell=("duration", 5), column="期間"),
    Case("err.never_fits", _program("P2", earliest_start=2027, latest_start=2027), sheet="Programs",
         cell=("duration", 5), column="期間"),
    Case("err.no_levels", with_content(_drop_levels_of("P2")), sheet="Programs", cell=("id", 5), column="ID",
         mention=("P2",)),
    # The lead MEXT is limited by a rule naming it (a rule for another source would not limit it).
    Case("err.mandatory_unfundable", with_content(lambda c: (c["Eligibility"][0].update(max_share=0),
                                                           row_of(c, "Programs", id="P1").update(mandatory=True))),
         sheet="Programs", cell=("id", 4), column="ID", mention=("P1", "0.5", "MEXT | all")),
    # --- FundingLevels, CapacityUse, Eligibility ----------------------------------------------------------------
    Case("err.cost_columns_missing", with_content(lambda c: (row_of(c, "Programs", id="P1").update(duration=4),
                                                           c["Settings"].update(allow_tail=True, tail_cap=100))),
         sheet="FundingLevels", row=4, mention=("y4",)),
    Case("err.cost_beyond_duration", with_content(lambda c: c["FundingLevels"][0].update(y3=7)),
         sheet="FundingLevels", cell=("y3", 4), column="y3", mention=("7",)),
    Case("err.score_range", with_content(lambda c: c["FundingLevels"][0].update(auto_low=6, auto_high=9)),
         sheet="FundingLevels", cell=("auto_low", 4), column="auto_low"),
    Case("err.unknown_level", with_content(lambda c: c["CapacityUse"][0].update(level="拡充")), sheet="CapacityUse",
         cell=("level", 4), column="水準", mention=("拡充", "std, big")),
    Case("err.eligibility_target", with_content(lambda c: c["Eligibility"].append({"source": "FUND",
                                                                                  "target_type": "program"})),
         sheet="Eligibility", cell=("target", 6), column="対象"),
    # --- Dependencies ------------------------------------------------------------------------------------------------
    Case("err.dep_columns", with_content(lambda c: c["Dependencies"][0].update(target="")), sheet="Dependencies",
         cell=("target", 4), column="対象"),
    Case("err.dep_columns", with_content(lambda c: c["Dependencies"][1].update(k=None)), sheet="Dependencies",
         cell=("k", 5), column="件数", name="dep_columns_k"),
    Case("err.dep_self", with_content(lambda c: c["Dependencies"][0].update(target="P2")), sheet="Dependencies",
         cell=("target", 4), column="対象"),
    Case("err.group_k", with_content(lambda c: c["Dependencies"][1].update(k=3)), sheet="Dependencies",
         cell=("k", 5), column="件数"),
    Case("err.dep_cycle", with_content(lambda c: c["Dependencies"].append({"kind": "requires", "program": "P1",
                                                                          "target": "P2"})),
         sheet="Dependencies", cell=("target", 4), column="対象", mention=("P1 → P2 → P1",)),
    Case("err.mandatory_forbidden_dep", with_content(lambda c: (row_of(c, "Programs", id="P2").update(mandatory=True),
                                                              row_of(c, "Programs", id="P1").update(forbidden=True))),
         sheet="Dependencies", cell=("target", 4), column="対象", mention=("P2", "P1")),
    # --- what an adversarial test found (issue 16) -----------------------------------------------------
    Case("err.file_not_regular", lambda t: (t / "bad.xlsx").mkdir() or t / "bad.xlsx"),
    Case("err.file_unreadable", lambda t: base().write(t, "bad.xlsx")),        # reading fails in the test
    Case("err.file_ole", _raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "WordDocument".encode("utf-16-le")
                              + b"\0" * 512)),
    Case("err.sheet_ambiguous", _after_write(_copy_sheet("Programs", "Programs")),
         mention=(SHEET_JA["Programs"], "Programs")),
    Case("err.invisible_char", _program(domain="A\u200bI"), sheet="Programs", cell=("domain", 4), column="技術領域",
         mention=("U+200B",)),
    Case("err.unknown_ref_case", _program(domain="ai"), sheet="Programs", cell=("domain", 4), column="技術領域",
         mention=("ai", "AI")),
    Case("err.unknown_instrument_case", with_content(lambda c: c["Eligibility"][1].update(target="k")),
         sheet="Eligibility", cell=("target", 5), column="対象", mention=("k", "K")),
    Case("err.no_programs", with_content(_no_programs), sheet="Programs", cell=("id", 4), column="ID"),
    Case("err.marking_too_long", _settings(confidentiality="秘" * 241), sheet="Settings",
         cell=("value", SETTINGS_ROW["confidentiality"]), column="取扱区分", mention=("241", "240")),
]


def _expected_place(case: Case, path: Path) -> tuple[str, str]:
    """(cell, row) as the message should give them, resolving header keys to letters."""
    if case.cell is None:
        return "", str(case.row) if case.row is not None else ""
    key, row = case.cell
    if case.sheet == "Settings":
        return ("A" if key == "key" else "B") + str(row), ""
    return f"{col_letter(path, case.sheet, key)}{row}", ""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validation_rule(tmp_path, monkeypatch, capsys, case):
    if case.key == "err.file_too_large":
        monkeypatch.setattr(reader_mod, "MAX_FILE_BYTES", 1000)
    if case.key == "err.too_many_rows":
        monkeypatch.setattr(reader_mod, "MAX_ROWS", 8)
    path = case.build(tmp_path)
    if case.key == "err.file_unreadable":
        def unreadable(self):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(Path, "read_bytes", unreadable)
    with pytest.raises(InputError) as info:
        portfolio.load_model(path)
    err = info.value
    assert err.key == case.key, err.render("en")
    assert err.exit_code == 2
    cell, row = _expected_place(case, path) if case.sheet else ("", "")
    assert err.loc.sheet == case.sheet
    assert err.loc.cell == cell
    if row:
        assert err.loc.row == int(row)
    sheet = portfolio.core.schema.SHEETS_BY_ID.get(case.sheet)
    for lang in ("ja", "en"):
        text = err.render(lang)
        assert "\n" not in text and "\r" not in text, text
        assert text.startswith(path.name), text
        if sheet:
            assert (f"シート「{sheet.ja}」" if lang == "ja" else f"sheet {sheet.id}") in text, text
        if cell:
            assert (f"セル {cell}" if lang == "ja" else f"cell {cell}") in text, text
        elif row:
            assert (f"{row}行目" if lang == "ja" else f"row {row}") in text, text
        if case.column:    # a header as written may carry more after the expected label
            # A schema column is named by its Japanese label, and in English by its id.
            en = next((c.id for c in sheet.columns if c.ja == case.column), case.column) if sheet else case.column
            assert (f"列「{case.column}" if lang == "ja" else f"column {en}") in text, text
        for m in case.mention:
            assert m in text, text
        assert "{" not in text, text          # every placeholder filled
        # The command line prints exactly that line, exits 2, and shows no traceback.
        code = main(["validate", str(path), "--lang", lang])
        out = capsys.readouterr()
        assert code == 2
        assert out.out == ""
        prefix = "エラー: " if lang == "ja" else "error: "
        assert out.err == prefix + text + "\n"


def test_every_rule_in_reader_and_loader_has_a_case():
    raised = set()
    for name in ("inputs/reader.py", "inputs/sheets.py", "inputs/loader.py"):
        raised |= set(re.findall(r'InputError\(\s*"(err\.[a-z_]+)"', (SRC / name).read_text(encoding="utf-8")))
    assert len(raised) > 40
    assert raised - {c.key for c in CASES} == set()


def test_the_base_model_is_valid(tmp_path):
    r = base().solve(tmp_path)
    assert r.status == "optimal"
    # P1 big (8·2/3 + 4/3) and P2 (2·2/3 + 6/3) with P2 requiring P1: both funded.
    assert r.objective == pytest.approx(20 / 3 + 10 / 3)
    assert picked(r) == {("P1", "big", 2026), ("P2", "std", 2026)}


# =============================================================================================
# The command-line contract: exit codes, --json, output safety, determinism
# =============================================================================================

JSON_KEYS = {"status", "objective", "bound", "gap", "solve_seconds", "budget_total", "spend_total",
             "spend_by_domain", "spend_by_source", "spend_by_year", "programs", "output"}


def money_model() -> Model:
    """Annual, fund and external money; an unfunded program; an unused domain and source."""
    m = Model(years=(2026, 2027), budget=[20, 20])
    m.domain("AI", name_ja="人工知能").domain("QT").domain("IDLE")
    m.source("MEXT", envelope=100).source("FUND", kind="fund", envelope=[10, 0])
    m.source("ALLY", kind="external", envelope=[4, 4]).source("SPARE", envelope=50)
    m.rule("MEXT", "all").rule("FUND", "domain", "QT").rule("ALLY", "domain", "QT", 0.5)
    m.program("A1", cost=[10, 10], value=5, domain="AI", name_ja="AI基盤", name_en="AI platform")
    m.program("Q1", cost=[12, 6], value=4, domain="QT", name_en="Quantum")
    m.program("Q2", cost=[30, 30], value=9, domain="QT")     # needs 60: never fits
    return m


def one_json(stdout: str) -> dict:
    """stdout must be exactly one JSON object on one line."""
    assert stdout.endswith("\n") and stdout.count("\n") == 1, stdout
    obj = json.loads(stdout)
    assert isinstance(obj, dict)
    return obj


def test_solve_json_contract(tmp_path, capsys, solutions):
    path = money_model().write(tmp_path, "money.xlsx")
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", out, "--json")
    assert code == 0, stderr
    obj = one_json(stdout)
    assert JSON_KEYS <= set(obj)
    assert obj["status"] == "optimal"
    assert obj["output"] == str(out) and out.is_file()
    # A1 (MEXT, 10 + 10) and Q1 (12 + 6; FUND pays up to its 10 deposit, ALLY up to half within
    # its envelope of 4) fit the budget of 20 a year; Q2 never does. Objective 5 + 4.
    assert obj["objective"] == pytest.approx(9)
    assert obj["bound"] == pytest.approx(9) and obj["gap"] == pytest.approx(0)
    assert obj["solve_seconds"] >= 0
    assert obj["budget_total"] == pytest.approx(40)                     # annual budget only
    assert set(obj["spend_by_domain"]) == {"AI", "QT", "IDLE"}          # zeros included
    assert obj["spend_by_domain"] == pytest.approx({"AI": 20, "QT": 18, "IDLE": 0})
    assert set(obj["spend_by_source"]) == {"MEXT", "FUND", "ALLY", "SPARE"}
    assert obj["spend_by_source"]["SPARE"] == 0
    by_src = obj["spend_by_source"]
    assert sum(by_src.values()) == pytest.approx(38)                   # every kind of source
    assert obj["spend_total"] == pytest.approx(by_src["MEXT"] + by_src["SPARE"])   # annual only
    assert obj["spend_total"] < 38                                     # fund and external money used
    assert set(obj["spend_by_year"]) == {"2026", "2027"}
    assert sum(obj["spend_by_year"].values()) == pytest.approx(38)
    progs = {p["id"]: p for p in obj["programs"]}
    assert set(progs) == {"A1", "Q1", "Q2"}
    for p in progs.values():
        assert set(p) >= {"id", "name", "funded", "level", "start_year", "cost_total"}
    assert progs["A1"] == {**progs["A1"], "name": "AI基盤", "funded": True, "level": "std", "start_year": 2026,
                           "cost_total": 20}
    assert progs["Q2"] == {**progs["Q2"], "funded": False, "level": None, "start_year": None, "cost_total": 0}
    assert progs["Q1"]["name"] == "プログラムQ1"                         # the Japanese name where given
    assert len(solutions) == 1                                        # the invariants checked this solve


def test_solve_json_sends_warnings_to_stderr(tmp_path, capsys):
    path = edit(money_model().write(tmp_path, "warn.xlsx"), _set("Programs", "O3", "担当者"))   # an unknown column
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--json", "--lang", "en")
    assert code == 0
    obj = one_json(stdout)                       # stdout holds the JSON object and nothing else
    assert obj["status"] == "optimal"
    assert "warning:" in stderr and "担当者" in stderr
    assert any("担当者" in w for w in obj["warnings"])


def test_invalid_input_exits_2_with_one_json_object(tmp_path, capsys):
    content = base().content()
    row_of(content, "Programs", id="P1").update(duration="abc")
    path = write(tmp_path, content)
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--json", "--lang", "en")
    assert code == 2
    obj = one_json(stdout)
    assert obj["status"] == "invalid_input"
    assert "sheet Programs" in obj["message"] and "cell I4" in obj["message"] and '"abc"' in obj["message"]
    assert obj["output"] is None
    assert "Traceback" not in stderr and stderr.count("\n") == 1
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("argv", [["--gap", "2"], ["--time-limit", "0"], ["--threads", "-1"], ["--scale", "x"],
                                  ["--no-such-option"]])
def test_usage_errors_exit_2(tmp_path, capsys, argv):
    path = money_model().write(tmp_path, "m.xlsx")
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", *argv)
    assert code == 2
    assert stdout == "" and stderr and "Traceback" not in stderr
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", tmp_path / "o.xlsx", "--json", *argv)
    assert code == 2
    assert one_json(stdout)["status"] == "invalid_input"
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("argv,ja,en", [
    (["sweep", "--scale", "0.9,1", "--workers", "0"], "1以上 10000 以下の整数", "a whole number from 1 to 10000"),
    (["sensitivity", "--samples", "0"], "1以上 100000 以下の整数", "a whole number from 1 to 100000"),
    (["sensitivity", "--samples", "100001"], "1以上 100000 以下の整数", "a whole number from 1 to 100000"),
    (["sweep", "--scale", "0.001:1000:0.001"], "1000 段以下", "at most 1000 steps"),
    (["sensitivity", "--core", "2"], "の範囲の数値", "a number in"),
    (["report", "--workers", "0"], "1以上の整数、または auto", "a whole number ≥ 1, or auto"),
    (["report", "--ladder", "x"], "START:STOP:STEP（例", "START:STOP:STEP (e.g."),
    (["explain", "--ladder", "x"], "0より大きい倍率", "with factors > 0"),
])
def test_subcommand_option_errors_in_both_languages(tmp_path, capsys, argv, ja, en):
    path = money_model().write(tmp_path, "m.xlsx")
    cmd, rest = argv[0], argv[1:]
    for lang, expected in (("ja", ja), ("en", en)):
        out = tmp_path / f"o-{lang}.{'html' if cmd == 'report' else 'xlsx'}"
        if cmd == "explain":      # explain PROGRAM [MODEL], no output file
            code, stdout, stderr = run_cli(capsys, cmd, "A1", path, *rest, "--lang", lang)
        else:
            code, stdout, stderr = run_cli(capsys, cmd, path, *rest, "-o", out, "--lang", lang)
        assert code == 2, stderr
        assert expected in stderr and "Traceback" not in stderr and stderr.count("\n") == 1
        assert not out.exists()


def infeasible_model() -> Model:
    # The mandatory program costs 20 in a year whose budget is 10.
    m = Model(years=(2026, 2026), budget=10)
    m.program("M", cost=[20], value=1, mandatory=True)
    m.program("P", cost=[5], value=1)
    return m


def test_infeasible_exits_3_with_an_explanation(tmp_path, capsys):
    path = infeasible_model().write(tmp_path, "inf.xlsx")
    out = tmp_path / "o.xlsx"
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", out, "--json", "--lang", "en")
    assert code == 3
    obj = one_json(stdout)
    assert obj["status"] == "infeasible"
    assert obj["message"] and obj["explanation"]
    assert any("FY2026" in line for line in obj["explanation"])
    assert obj["objective"] is None and obj["output"] is None
    assert not out.exists()
    code, stdout, _ = run_cli(capsys, "solve", path, "-o", out)
    assert code == 3 and not out.exists()


def hard_model() -> Model:
    """Nothing-funded is infeasible (floors, a group minimum), and 80 options: with a time limit
    of a nanosecond HiGHS stops before it has any solution."""
    import random

    rnd = random.Random(5)
    m = Model(years=(2026, 2030), budget=200)
    m.domain("D1", floor=300).domain("D2", floor=300)
    for i in range(40):
        m.program(f"P{i}", levels={"a": ([rnd.randint(5, 30) for _ in range(3)], rnd.randint(1, 50)),
                                   "b": ([rnd.randint(5, 30) for _ in range(3)], rnd.randint(1, 50))},
                  start=(2026, 2028), domain=rnd.choice(["D1", "D2"]))
    m.at_least([f"P{i}" for i in range(0, 40, 2)], 12)
    return m


def test_no_solution_within_the_time_limit_exits_4(tmp_path, capsys):
    path = hard_model().write(tmp_path, "hard.xlsx")
    out = tmp_path / "o.xlsx"
    # API level first: the status and what a result without a solution carries.
    r = portfolio.solve(portfolio.load_model(path), time_limit=1e-9)
    assert r.status == "no_solution"
    assert r.objective is None and not r.has_solution
    assert not r.programs["funded"].any()
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", out, "--json", "--time-limit", "1e-9")
    assert code == 4
    obj = one_json(stdout)
    assert obj["status"] == "no_solution" and obj["message"] and obj["output"] is None
    assert not out.exists()
    # With time it is solved: the model is feasible, so 4 really meant "out of time".
    code, stdout, _ = run_cli(capsys, "solve", path, "-o", out, "--json", "--gap", "0.01")
    assert code == 0 and one_json(stdout)["status"] in ("optimal", "feasible")


def test_existing_output_needs_force(tmp_path, capsys):
    path = money_model().write(tmp_path, "m.xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    code, stdout, stderr = run_cli(capsys, "solve", path, "-o", out, "--lang", "en")
    assert code == 2
    assert "--force" in stderr and stderr.count("\n") == 1
    assert out.read_bytes() == b"keep me"
    code, _, stderr = run_cli(capsys, "solve", path, "-o", out, "--force")
    assert code == 0, stderr
    assert zipfile.is_zipfile(out)


def test_output_equal_to_the_input_is_refused(tmp_path, capsys):
    path = money_model().write(tmp_path, "m.xlsx")
    before = path.read_bytes()
    for extra in ([], ["--force"]):
        code, stdout, stderr = run_cli(capsys, "solve", path, "-o", path, "--json", "--lang", "en", *extra)
        assert code == 2
        assert one_json(stdout)["status"] == "invalid_input"
        assert "one of the inputs" in stderr
    # The same file reached by another spelling of its path is still the input.
    other = tmp_path / "." / "m.xlsx"
    code, _, _ = run_cli(capsys, "solve", path, "-o", other, "--force")
    assert code == 2
    assert path.read_bytes() == before


def _sheet_values(path: Path, title: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[title]
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def tie_model() -> Model:
    """Many equally good portfolios: ties the solver must break the same way every time."""
    m = Model(years=(2026, 2028), budget=30)
    m.domain("D1").domain("D2")
    for i in range(12):
        m.program(f"T{i:02d}", levels={"a": ([10], 5), "b": ([10], 5)}, start=(2026, 2028),
                  domain="D1" if i % 2 else "D2")
    return m


def test_same_input_gives_the_same_portfolio_and_programs_table(tmp_path, capsys):
    path = tie_model().write(tmp_path, "ties.xlsx")
    data = portfolio.load_model(path)
    r1 = portfolio.solve(data)
    r2 = portfolio.solve(portfolio.load_model(path))
    assert r1.objective == pytest.approx(45)         # 9 programs of value 5 fill 3 years × 30
    assert r1.portfolio() == r2.portfolio()
    assert r1.programs.equals(r2.programs)
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}.xlsx"
        code, stdout, _ = run_cli(capsys, "solve", path, "-o", out, "--json")
        assert code == 0
        outs.append((one_json(stdout)["programs"], _sheet_values(out, "プログラム")))
    assert outs[0] == outs[1]
    assert [p["id"] for p in outs[0][0] if p["funded"]] == [p for p, _, _ in r1.portfolio()]


# =============================================================================================
# Reading: normalised values and hidden rows (no error, but the rules of §2)
# =============================================================================================


def test_cell_values_are_normalised(tmp_path):
    content = base().content()
    content["Budget"][0]["total_budget"] = "１，２３４"                # full-width, thousands separator, text
    content["Budget"][1]["total_budget"] = " 1,234 "
    content["Budget"][2]["total_budget"] = "　１２．５　"              # ideographic spaces, full-width point
    row_of(content, "Programs", id="P2").update(duration="３", domain="ＱＴ", earliest_start="令和８年度")
    content["FundingSources"][0]["FY2026"] = "１００"
    content["Eligibility"][1]["max_share"] = "５０％"
    data = portfolio.load_model(write(tmp_path, content))
    assert data.budget == (1234.0, 1234.0, 12.5)
    p2 = data.program_by_id["P2"]
    assert (p2.duration, p2.domain, p2.earliest_start) == (3, "QT", 2026)
    assert data.source_by_id["MEXT"].envelope[0] == 100
    assert data.program_by_id["P1"].shares["FUND"] == 0.5
    warned = [w for w in data.warnings if w.key == "warn.normalised"]
    assert len(warned) == 1 and "予算" in warned[0].render("ja")


@pytest.mark.parametrize("written, year", [
    (2026, 2026), ("2026", 2026), ("FY2026", 2026), ("ｆｙ２０２６", 2026), ("2026年度", 2026), ("2026年", 2026),
    ("令和8年度", 2026), ("令和８年", 2026), ("R8", 2026), ("r 8", 2026), ("令和元年度", 2019), ("H30", 2018),
    ("平成30年度", 2018), ("平成元年", 1989), ("㋿8年度", 2026),
])
def test_a_fiscal_year_is_read_however_planners_write_it(written, year):
    assert reader_mod.to_year(written) == year


@pytest.mark.parametrize("written", ["FY26", "26", "R", "令和", "S60", "昭和60年", "R123", "2026.5", "2026年度度"])
def test_what_is_not_a_fiscal_year_is_refused(written):
    with pytest.raises(reader_mod.BadValue):
        reader_mod.to_year(written)


def test_every_era_label_reads_back_as_its_year():
    from portfolio.core.wareki import fy_label, parse_year, reiwa

    assert (reiwa(2019), reiwa(2026), reiwa(2018)) == ("令和元年度", "令和8年度", "平成30年度")
    assert fy_label(2026) == "FY2026（令和8年度）" and fy_label(2026, "en") == "FY2026"
    assert all(parse_year(reiwa(y)) == y for y in range(1990, 2101))


def test_hidden_rows_are_read_with_a_warning(tmp_path):
    path = edit(base().write(tmp_path, "hidden.xlsx"),
                lambda wb: setattr(wb[SHEET_JA["Programs"]].row_dimensions[5], "hidden", True))
    data = portfolio.load_model(path)
    assert "P2" in data.program_by_id                   # the hidden row is a program like any other
    (w,) = [w for w in data.warnings if w.key == "warn.hidden_rows"]
    assert "5" in w.render("en") and "sheet Programs" in w.render("en")


def test_default_output_name_japanese_paths_scale_after_scenario(tmp_path, capsys, monkeypatch):
    # A model in a Japanese folder with a Japanese name; no -o: the output is
    # <model>-<scenario>-solve.xlsx in the current folder. --scale multiplies the scenario's
    # budget (budget_scale 0.8), it does not replace it: 40 × 0.8 × 0.5 = 16.
    m = money_model()
    m.sheets["Scenarios"] = [{"scenario": "減額", "setting": "budget_scale", "value": 0.8}]
    folder = tmp_path / "予算モデル"
    folder.mkdir()
    path = m.write(folder, "予算案.xlsx")
    work = tmp_path / "作業"
    work.mkdir()
    monkeypatch.chdir(work)
    code, stdout, stderr = run_cli(capsys, "solve", path, "--scenario", "減額", "--scale", "0.5", "--json")
    assert code == 0, stderr
    obj = one_json(stdout)
    expected = work / "予算案-減額-solve.xlsx"
    assert Path(obj["output"]) == expected and expected.is_file()
    assert obj["budget_total"] == pytest.approx(16)
    assert obj["spend_total"] <= 16 + 1e-9


def test_a_realistic_national_budget_in_sen_yen_is_accepted(tmp_path):
    # ¥4.9 trillion a year written in 千円 is 4,900,000,000: 49,000 億円, not a unit mistake.
    m = Model(years=(2026, 2026), budget=4_900_000_000, money_unit="千円")
    m.source("MEXT", envelope=5_000_000_000)
    m.program("P", cost=[1_200_000_000], value=1)
    r = m.solve(tmp_path)
    assert r.data.budget == (pytest.approx(49_000),)
    assert r.programs.set_index("id").loc["P", "cost_total"] == pytest.approx(12_000)


def _cm_model():
    m = Model(years=(2026, 2026))
    m.domain("D", critical_mass=50)
    m.program("A", cost=[10], value=1, mandatory=True)
    return m


def _floor_model():
    m = Model(years=(2026, 2026), budget=5)
    m.domain("D", floor=20)
    m.program("A", cost=[10], value=1)
    return m


def _fund_model():
    m = Model(years=(2026, 2027))
    m.source("A").source("F", kind="fund", envelope=[0, 10], name_en="Fund F")
    m.rule("F", "all").rule("A", "all", max_share=0)        # the fund alone: a rule excludes the lead
    m.program("A", cost=[5], value=1, mandatory=True)
    return m


@pytest.mark.parametrize("build,phrases", [
    (infeasible_model, ["FY2026", "total budget of 10.0 億円 is 10.0 億円 short"]),
    (_cm_model, ["critical mass of 50.0 億円", "missed by 40.0 億円"]),
    (_floor_model, ["floor of 20.0 億円", "missed by 20.0 億円"]),
    (_fund_model, ["deposits up to FY2026", "0.0 億円, are 5.0 億円 short"]),
])
def test_infeasible_explanations_name_the_limit_and_the_shortfall(tmp_path, build, phrases):
    r = portfolio.solve(portfolio.load_model(build().write(tmp_path)))
    assert r.status == "infeasible"
    text = " | ".join(m.render("en") for m in r.explanation)
    for phrase in phrases:
        assert phrase in text, text


def test_broken_formulas_outside_the_schema_columns_do_not_stop_reading(tmp_path):
    # A note column the schema does not know, and the title row, hold a formula error and an
    # unsaved formula: they are not read, so the model loads (with a warning for the column).
    def fn(wb):
        ws = wb[SHEET_JA["Programs"]]
        ws["P3"] = "メモ"
        ws["P4"] = "#REF!"
        ws["P5"] = "=A4&A5"
        ws["D1"] = "=TODAY()"
    data = portfolio.load_model(edit(base().write(tmp_path, "notes.xlsx"), fn))
    assert set(data.program_by_id) == {"P1", "P2"}
    assert any(w.key == "warn.unknown_column" for w in data.warnings)
