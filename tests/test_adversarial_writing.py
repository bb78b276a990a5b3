"""Writing and running, attacked (issue 16, "Writing and running"; issue 17, 4 "Re-running").

Each class the issue names has its cases here, and more of our own: an output that is no regular
file, two runs on one output, a file open in Excel or LibreOffice, names the file system cannot
hold, a disk that fills up or turns read-only, signals during a write, options out of any range,
a confidentiality marking too long for a printed page, broken results workbooks, and re-running a
solve onto its own earlier output. Every case ends with exit 0 or 2 (or 128 + a signal), one
sentence, no traceback, and nothing half-written or left behind.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import Model
from builders import run_cli as run

import portfolio
from portfolio.core import limits
from portfolio.core.safeio import TEMP_PREFIX

SRC = Path(portfolio.__file__).resolve().parents[1]
#: Child processes see this source tree and the tests' solution observers (conftest.py).
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(Path(__file__).parent)])}


def small() -> Model:
    m = Model(years=(2026, 2027), budget=30)
    m.program("P1", cost=[10, 10], value=3)
    m.program("P2", cost=[12, 12], value=4)
    m.program("P3", cost=[8, 8], value=2)
    return m


@pytest.fixture
def model(tmp_path) -> Path:
    return small().write(tmp_path, "m.xlsx")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(TEMP_PREFIX + "*"))


def one_error(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


# =============================================================================================
# Outputs that are no regular file: --force never replaces them
# =============================================================================================

def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _socket(p: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(p))
    s.close()


def _folder(p: Path) -> None:
    p.mkdir()


def _link_to_dev_null(p: Path) -> None:
    p.symlink_to("/dev/null")


def _copy_of_dev_null(p: Path) -> None:
    try:
        os.mknod(p, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root")


@pytest.mark.parametrize("make", [_fifo, _socket, _folder, _link_to_dev_null, _copy_of_dev_null])
@pytest.mark.parametrize("force", [False, True])
def test_force_never_replaces_what_is_not_a_regular_file(tmp_path, capsys, model, make, force):
    out = tmp_path / "o.xlsx"
    make(out)
    before = os.lstat(out)
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en", *(["--force"] if force else []))
    assert code == 2
    assert "not a regular file" in one_error(stderr)
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert leftovers(tmp_path) == []


def test_force_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path, capsys, model):
    target = tmp_path / "real.xlsx"
    target.write_bytes(b"old")
    link = tmp_path / "o.xlsx"
    link.symlink_to(target)
    code, _, stderr = run(capsys, "solve", model, "-o", link, "--force", "--lang", "en")
    assert code == 0, stderr
    assert link.is_symlink() and zipfile.is_zipfile(target)


# =============================================================================================
# Two runs on one output, a file open in Excel or LibreOffice
# =============================================================================================

HOLD = """
import sys
from portfolio.core.safeio import check_output
check_output(sys.argv[1], force=True)
print("locked", flush=True)
sys.stdin.read()
"""


def _holder(out: Path) -> subprocess.Popen:
    env = dict(ENV)
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout.readline().strip() == "locked"
    return proc


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("force", [False, True])
def test_a_second_run_on_an_output_being_written_exits_2(tmp_path, capsys, model, existing, force):
    out = tmp_path / "o.xlsx"
    if existing:
        out.write_bytes(b"the other run's file")
    proc = _holder(out)
    try:
        code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en", *(["--force"] if force else []))
    finally:
        proc.communicate("")
    assert code == 2
    assert "another portfolio run" in one_error(stderr)
    assert (out.read_bytes() == b"the other run's file") if existing else not out.exists()
    # Once the other run has ended, the output can be written.
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en", "--force")
    assert code == 0, stderr
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("owner", ["~${}", ".~lock.{}#"])
@pytest.mark.parametrize("command", ["solve", "sweep", "template"])
def test_an_output_open_in_excel_or_libreoffice_is_refused(tmp_path, capsys, model, owner, command):
    out = tmp_path / "結果.xlsx"
    out.write_bytes(b"open elsewhere")
    (tmp_path / owner.format(out.name)).write_bytes(b"")
    argv = [command, out, "--force"] if command == "template" else [command, model, "-o", out, "--force"]
    if command == "sweep":
        argv += ["--scale", "0.9,1"]
    code, _, stderr = run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert owner.format(out.name) in one_error(stderr)
    assert out.read_bytes() == b"open elsewhere"


# =============================================================================================
# Names and file systems
# =============================================================================================

def test_an_output_name_over_255_bytes_is_a_sentence(tmp_path, capsys, model):
    out = tmp_path / ("長" * 84 + ".xlsx")          # 84 × 3 + 5 = 257 bytes
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    assert code == 2
    assert "257 bytes" in one_error(stderr) and "255" in stderr


def test_a_name_of_255_bytes_is_written(tmp_path, capsys, model):
    out = tmp_path / ("a" * 250 + ".xlsx")
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    assert code == 0, stderr
    assert out.exists()


@pytest.mark.parametrize("command", ["solve", "template"])
def test_an_output_symlink_loop_is_a_sentence(tmp_path, capsys, model, command):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    a.symlink_to(b)
    b.symlink_to(a)
    argv = [command, a] if command == "template" else [command, model, "-o", a]
    code, _, stderr = run(capsys, *argv, "--force", "--lang", "en")
    assert code == 2
    assert "loop" in one_error(stderr)


DISK = [(errno.ENOSPC, "the disk is full"), (errno.EDQUOT, "the disk is full"),
        (errno.EROFS, "read-only file system"), (errno.EIO, "input/output error")]


@pytest.mark.parametrize("err,words", DISK)
def test_a_failing_disk_in_template_says_what_happened(tmp_path, capsys, monkeypatch, err, words):
    import xlsxwriter

    def close(self):
        Path(self.filename).write_bytes(b"PK\x03\x04 half")
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(xlsxwriter.Workbook, "close", close)
    code, _, stderr = run(capsys, "template", tmp_path / "t.xlsx", "--lang", "en")
    assert code == 2
    line = one_error(stderr)
    assert words in line.lower() and "Excel" not in line
    assert not (tmp_path / "t.xlsx").exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize("err,words", DISK[:1] + DISK[2:])
def test_a_failing_disk_in_report_says_what_happened(tmp_path, capsys, monkeypatch, model, err, words):
    real_write = Path.write_bytes

    def write_bytes(self, data):
        if self.name.startswith(TEMP_PREFIX):
            real_write(self, data[:10])
            raise OSError(err, os.strerror(err))
        return real_write(self, data)

    def write_text(self, data, *args, **kwargs):
        return write_bytes(self, data.encode("utf-8"))

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    monkeypatch.setattr(Path, "write_text", write_text)
    out = tmp_path / "r.html"
    code, _, stderr = run(capsys, "report", model, "-o", out, "--ladder", "off", "--samples", "0",
                          "--parts", "none", "--lang", "en")
    assert code == 2, stderr
    line = one_error(stderr)
    assert words in line.lower() and "Excel" not in line
    assert not out.exists() and leftovers(tmp_path) == []


# =============================================================================================
# Signals: SIGTERM and SIGHUP clean up like Ctrl-C
# =============================================================================================

SIGNAL_DURING_WRITE = """
import os, signal, sys
import xlsxwriter
from portfolio.cli import main
original = xlsxwriter.Workbook.close
def close(self):
    original(self)                          # the temporary file is whole on disk ...
    os.kill(os.getpid(), int(sys.argv[1]))  # ... and the run is ended before it is renamed
xlsxwriter.Workbook.close = close
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
@pytest.mark.parametrize("existing", [False, True])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path, model, sig, existing):
    out = tmp_path / "o.xlsx"
    if existing:
        out.write_bytes(b"earlier")
    env = dict(ENV)
    proc = subprocess.run([sys.executable, "-c", SIGNAL_DURING_WRITE, str(int(sig)), "solve", str(model), "-o",
                           str(out), "--force", "--lang", "en"], capture_output=True, text=True, env=env)
    assert proc.returncode == 128 + sig, proc.stderr
    assert "Traceback" not in proc.stderr
    assert leftovers(tmp_path) == []
    assert (out.read_bytes() == b"earlier") if existing else not out.exists()


def _group_members(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.slow
@pytest.mark.parametrize("argv", [
    ["sweep", "--scale", "0.5:1.5:0.005", "--workers", "2"],
    ["sensitivity", "--parts", "weights", "--workers", "2"],
    ["report", "--ladder", "0.5:1.5:0.005", "--samples", "0", "--parts", "none", "--workers", "2"],
])
def test_sigterm_ends_the_workers_and_the_resource_tracker(tmp_path, argv):
    default = Path(portfolio.__file__).parent / "data" / "default.xlsx"
    out = tmp_path / ("o.html" if argv[0] == "report" else "o.xlsx")
    env = dict(ENV)
    proc = subprocess.Popen([sys.executable, "-m", "portfolio", argv[0], str(default), *argv[1:], "-o", str(out),
                             "--lang", "en"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        # The signal comes while the workers are being started (two processes and the resource
        # tracker): a worker started but not yet known to the pool was left waiting for ever.
        for _ in range(6000):
            if len(_children(proc.pid)) >= 3 or proc.poll() is not None:
                break
            time.sleep(0.01)
        assert proc.poll() is None, "the command ended before its workers started"
        os.kill(proc.pid, signal.SIGTERM)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr and "leaked" not in stderr
    for _ in range(500):                     # the workers may take a moment to be reaped
        if not _group_members(proc.pid):
            break
        time.sleep(0.01)
    assert _group_members(proc.pid) == []
    assert not out.exists() and leftovers(tmp_path) == []


# =============================================================================================
# Options out of any range are refused before solving
# =============================================================================================

@pytest.mark.parametrize("args,option", [
    (["--scale", "inf"], "--scale"), (["--scale", "1e308"], "--scale"), (["--scale", "nan"], "--scale"),
    (["--scale=-inf"], "--scale"), (["--scale", "0"], "--scale"), (["--scale", "1001"], "--scale"),
    (["--time-limit", "inf"], "--time-limit"), (["--time-limit", "1e308"], "--time-limit"),
    (["--time-limit", "nan"], "--time-limit"), (["--seed", str(2**31)], "--seed"), (["--seed=-1"], "--seed"),
    (["--gap", "nan"], "--gap"), (["--threads=-1"], "--threads"), (["--threads", "1e5"], "--threads"),
])
def test_out_of_range_options_are_refused_up_front(tmp_path, capsys, model, args, option):
    out = tmp_path / "o.xlsx"
    code, stdout, stderr = run(capsys, "solve", model, "-o", out, *args, "--lang", "en")
    assert code == 2
    assert f"option {option}" in one_error(stderr)
    assert stdout == "" and not out.exists()


@pytest.mark.parametrize("argv", [
    ["sweep", "--scale", "0.5:1e308:0.1"], ["sweep", "--scale", "inf"], ["sweep", "--scale", "0.5,nan"],
    ["sweep", "--scale", "0.001:1000:0.001"], ["sensitivity", "--samples", "1000000000000"],
    ["sensitivity", "--alternatives", "1000000"], ["report", "--ladder", "0.1:100:0.0001"],
])
def test_out_of_range_analysis_options_are_refused_up_front(tmp_path, capsys, model, argv):
    out = tmp_path / ("o.html" if argv[0] == "report" else "o.xlsx")
    code, _, stderr = run(capsys, argv[0], model, *argv[1:], "-o", out, "--lang", "en")
    assert code == 2
    assert "option" in one_error(stderr)
    assert not out.exists()


@pytest.mark.parametrize("text", ["budget: {scale: 1e308}", "budget: {scale: .inf}", "budget: {scale: .nan}",
                                  "budget: {FY2026: 1e308}", "envelopes: {A: {scale: 1e308}}",
                                  "budget: {scale: 1001}"])
def test_out_of_range_scenario_values_are_refused_up_front(tmp_path, capsys, model, text):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text + "\n", encoding="utf-8")
    for command in ("validate", "solve"):
        code, _, stderr = run(capsys, command, model, "--scenario", scenario, "-o", tmp_path / "o.xlsx",
                              "--lang", "en") if command == "solve" else \
            run(capsys, command, model, "--scenario", scenario, "--lang", "en")
        assert code == 2, stderr
        assert "s.yaml" in one_error(stderr)
    assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("threads", ["100000", str(limits.cores() + 1)])
def test_threads_above_the_cores_are_capped_with_a_warning(tmp_path, capsys, model, threads):
    code, _, stderr = run(capsys, "solve", model, "-o", tmp_path / "o.xlsx", "--threads", threads, "--lang", "en")
    assert code == 0, stderr
    assert f"--threads {threads} is more than the {limits.cores()} cores" in stderr


def test_threads_within_the_cores_give_no_warning(tmp_path, capsys, model):
    code, _, stderr = run(capsys, "solve", model, "-o", tmp_path / "o.xlsx", "--threads", "1", "--lang", "en")
    assert code == 0 and "cores" not in stderr


# =============================================================================================
# Terminal safety and library warnings
# =============================================================================================

RAW = ["\x1b[31m", "\x1b]0;owned\x07", "\x9b2J", "\u202e", "\x07", "\x08"]


def _raw_in(text: str) -> list[str]:
    return [c for c in "\x1b\x07\x08\x9b\u202e\u2066\u200f" if c in text]


@pytest.mark.parametrize("evil", RAW)
def test_control_sequences_from_cells_never_reach_the_terminal(tmp_path, capsys, evil):
    m = Model(years=(2026, 2027), budget=30)
    m.domain("D", name_ja=f"領域{evil}")
    m.program("P1", cost=[10, 10], value=3, name_ja=f"赤{evil}字", name_en=f"red{evil}")
    m.program("P2", cost=[25, 25], value=4, name_ja=f"青{evil}")
    path = m.write(tmp_path, "m.xlsx")
    for argv in (["explain", "P1", path], ["explain", "P2", path], ["solve", path, "-o", tmp_path / "o.xlsx"],
                 ["validate", path, "--json"]):
        code, stdout, stderr = run(capsys, *argv, "--lang", "en", "--force") if argv[0] == "solve" else \
            run(capsys, *argv, "--lang", "en")
        assert code == 0, stderr
        assert _raw_in(stdout + stderr) == [], (argv, stdout, stderr)


@pytest.mark.parametrize("evil", RAW)
def test_control_sequences_in_a_refused_value_are_shown_escaped(tmp_path, capsys, evil):
    m = small()
    m.programs[0]["domain"] = f"X{evil}"
    path = m.write(tmp_path, "m.xlsx")
    for json_mode in ([], ["--json"]):
        code, stdout, stderr = run(capsys, "validate", path, "--lang", "en", *json_mode)
        assert code == 2
        assert _raw_in(stdout + stderr) == [], (stdout, stderr)


WARN_IN_WRITER = """
import logging, sys, warnings
from portfolio.cli import main
from portfolio.outputs import excel
original = excel.ExcelWriter.sheet
def sheet(self, *args, **kwargs):
    warnings.warn("Glyph 65536 (\\\\N{LINEAR B SYLLABLE B008 A}) missing from font(s) IPAexGothic.", UserWarning)
    warnings.warn("xlsxwriter: header string exceeds Excel's limit", UserWarning)
    logging.getLogger("matplotlib.font_manager").warning("findfont: Font family 'Yu Gothic' not found.")
    return original(self, *args, **kwargs)
excel.ExcelWriter.sheet = sheet
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("debug", [False, True])
def test_library_warnings_do_not_reach_the_planner(tmp_path, model, debug):
    env = dict(ENV)
    env.pop("PYTHONWARNINGS", None)
    proc = subprocess.run([sys.executable, "-W", "default", "-c", WARN_IN_WRITER, "solve", str(model), "-o",
                           str(tmp_path / "o.xlsx"), "--lang", "en", *(["--debug"] if debug else [])],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    shown = ("Glyph" in proc.stderr, "exceeds" in proc.stderr, "findfont" in proc.stderr)
    assert shown == ((True, True, True) if debug else (False, False, False)), proc.stderr
    if not debug:
        assert ".py:" not in proc.stderr


def test_a_missing_glyph_in_a_real_report_is_not_printed(tmp_path):
    m = small()
    m.programs[0]["name_ja"] = "線文字B \U00010000 計画"
    path = m.write(tmp_path, "m.xlsx")
    env = dict(ENV)
    proc = subprocess.run([sys.executable, "-m", "portfolio", "report", str(path), "-o", str(tmp_path / "r.html"),
                           "--ladder", "off", "--samples", "0", "--lang", "en"], capture_output=True, text=True,
                          env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Glyph" not in proc.stderr and "Warning" not in proc.stderr and ".py:" not in proc.stderr


# =============================================================================================
# The confidentiality marking: printed on every page, or refused
# =============================================================================================

def _marked(tmp_path, marking: str) -> Path:
    m = small()
    m.settings["confidentiality"] = marking
    return m.write(tmp_path, "m.xlsx")


@pytest.mark.parametrize("marking", [
    "取" * limits.MAX_MARKING, "a" * limits.MAX_MARKING, "&" * (limits.MAX_MARKING // 2),
    "R&D 取扱注意 " + "x" * (limits.MAX_MARKING - 12), "取扱注意",
])
def test_a_marking_that_fits_is_on_every_printed_page(tmp_path, capsys, marking):
    path = _marked(tmp_path, marking)
    out = tmp_path / "o.xlsx"
    code, _, stderr = run(capsys, "solve", path, "-o", out, "--lang", "en")
    assert code == 0, stderr
    wb = openpyxl.load_workbook(out)
    printed = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert printed
    for ws in printed:
        assert ws.oddHeader.left.text is not None, ws.title
        assert ws.oddHeader.left.text.replace("&&", "&").endswith(marking), ws.title
        assert ws.oddFooter.left.text.replace("&&", "&") == marking, ws.title


@pytest.mark.parametrize("marking", [
    "取" * (limits.MAX_MARKING + 1), "a" * 256, "a" * 1000, "&" * (limits.MAX_MARKING // 2 + 1),
    "R&D" * 81,
])
def test_a_marking_too_long_for_a_page_header_is_refused_at_validation(tmp_path, capsys, marking):
    path = _marked(tmp_path, marking)
    for argv in (["validate", path], ["solve", path, "-o", tmp_path / "o.xlsx"]):
        code, _, stderr = run(capsys, *argv, "--lang", "en")
        assert code == 2
        line = one_error(stderr)
        assert "sheet Settings" in line and f"at most {limits.MAX_MARKING}" in line
        assert f"({limits.marking_length(marking)} characters" in line
    assert not (tmp_path / "o.xlsx").exists()


def test_the_marking_limit_is_what_excel_keeps():
    header = limits.MARKING_HEADER.format(mark="x" * limits.MAX_MARKING)
    assert len(header) == 255


# =============================================================================================
# Broken results workbooks given to compare
# =============================================================================================

def _results(tmp_path, capsys, model, name="r.xlsx") -> Path:
    out = tmp_path / name
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    assert code == 0, stderr
    return out


def _with_payload(path: Path, text: str, out: Path) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[portfolio.core.schema.EMBED_SHEET]
    ws.delete_rows(1, ws.max_row)
    for i in range(0, max(len(text), 1), 30000):
        ws.cell(row=i // 30000 + 1, column=1, value=text[i:i + 30000])
    wb.save(out)
    return out


def _payload(path: Path) -> dict:
    from portfolio.inputs.results_workbook import read_embedded_json
    return read_embedded_json(path)


BROKEN = {
    "truncated": lambda p: json.dumps(p)[:-20],
    "nested_100k": lambda p: "[" * 100_000 + "]" * 100_000,
    "nested_in_a_field": lambda p: json.dumps({**p, "overrides": []})[:-1] + ', "x": ' + "[" * 5000 + "]" * 5000 + "}",
    "not_an_object": lambda p: "[1, 2, 3]",
    "programs_not_a_list": lambda p: json.dumps({**p, "programs": "P1"}),
    "program_without_id": lambda p: json.dumps({**p, "programs": [{"funded": True}]}),
    "status_a_number": lambda p: json.dumps({**p, "status": 1}),
    "nan_constant": lambda p: json.dumps(p)[:-1] + ', "objective": NaN}',
    "spend_not_numbers": lambda p: json.dumps({**p, "spend_by_domain": {"D": "lots"}}),
    "marking_too_long": lambda p: json.dumps({**p, "confidentiality": "秘" * 1000}),
    "empty": lambda p: "",
    "bidi_and_tab": lambda p: "\t\u202e{\u202e}",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_compare_of_a_broken_results_workbook_exits_2_naming_it(tmp_path, capsys, model, name):
    good = _results(tmp_path, capsys, model)
    bad = _with_payload(good, BROKEN[name](_payload(good)), tmp_path / f"broken-{name}.xlsx")
    out = tmp_path / "c.xlsx"
    code, _, stderr = run(capsys, "compare", good, bad, "-o", out, "--lang", "en")
    assert code == 2, stderr
    line = one_error(stderr)
    assert bad.name in line and _raw_in(line) == []
    assert not out.exists() and leftovers(tmp_path) == []


# =============================================================================================
# Re-running solve onto its own earlier results workbook (issue 17, 4)
# =============================================================================================

def test_a_rerun_replaces_its_own_earlier_results_without_force(tmp_path, capsys, model):
    out = _results(tmp_path, capsys, model)
    first = out.stat().st_mtime_ns
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    assert code == 0, stderr
    assert out.stat().st_mtime_ns >= first and _payload(out)["status"] == "optimal"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["foreign_workbook", "other_file", "tampered_payload", "no_payload",
                                  "written_after_start", "results_of_sweep"])
def test_anything_else_at_the_output_still_needs_force(tmp_path, capsys, model, name):
    out = tmp_path / "o.xlsx"
    if name == "foreign_workbook":
        openpyxl.Workbook().save(out)
    elif name == "other_file":
        out.write_text("a planner's notes", encoding="utf-8")
    elif name == "tampered_payload":
        good = _results(tmp_path, capsys, model, "good.xlsx")
        _with_payload(good, BROKEN["truncated"](_payload(good)), out)
    elif name == "no_payload":
        good = _results(tmp_path, capsys, model, "good.xlsx")
        wb = openpyxl.load_workbook(good)
        del wb[portfolio.core.schema.EMBED_SHEET]
        wb.save(out)
    elif name == "written_after_start":
        _results(tmp_path, capsys, model, "o.xlsx")
        future = out.stat().st_mtime + 3600       # as if written by another run after this one began
        os.utime(out, (future, future))
    elif name == "results_of_sweep":
        code, _, stderr = run(capsys, "sweep", model, "--scale", "0.9,1", "-o", out, "--lang", "en")
        assert code == 0, stderr
    before = out.read_bytes()
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    assert code == 2
    assert "--force" in one_error(stderr)
    assert out.read_bytes() == before
    code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en", "--force")
    assert code == 0, stderr


def test_a_rerun_at_the_same_moment_as_another_still_exits_2(tmp_path, capsys, model):
    out = _results(tmp_path, capsys, model)
    before = out.read_bytes()
    proc = _holder(out)
    try:
        code, _, stderr = run(capsys, "solve", model, "-o", out, "--lang", "en")
    finally:
        proc.communicate("")
    assert code == 2
    assert "another portfolio run" in one_error(stderr)
    assert out.read_bytes() == before


@pytest.mark.parametrize("command", ["sweep", "template"])
def test_only_solve_replaces_its_own_output_without_force(tmp_path, capsys, model, command):
    out = _results(tmp_path, capsys, model)
    argv = [command, out] if command == "template" else [command, model, "--scale", "0.9,1", "-o", out]
    code, _, stderr = run(capsys, *argv, "--lang", "en")
    assert code == 2
    assert "--force" in one_error(stderr)
