"""Command line: ``portfolio solve | validate | template | …``, a thin layer over :mod:`portfolio.api`.

Every command takes ``--lang ja|en`` and ``--debug``. Expected problems (bad input, infeasible,
no solution in time) print one line to stderr and exit 2, 3 or 4; anything else exits 1, with a
traceback only under ``--debug``. With ``--json`` stdout carries exactly one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Callable

from .errors import EXIT_INFEASIBLE, EXIT_INPUT, EXIT_NO_SOLUTION, EXIT_OK, EXIT_UNEXPECTED, InputError, \
    PortfolioError, Text
from .i18n import t

COMMANDS: dict[str, tuple[Callable, Callable, str]] = {}


def command(name: str, help_: str):
    """Register a sub-command: `configure(parser)` adds its arguments, the decorated function runs it."""
    def deco(configure):
        def register(run):
            COMMANDS[name] = (configure, run, help_)
            return run
        return register
    return deco


class Console:
    """Where messages go: stderr for people, stdout for the one JSON object when --json is given."""

    def __init__(self, lang: str, json_mode: bool):
        self.lang = lang
        self.json_mode = json_mode

    def info(self, text: str) -> None:
        print(text, file=sys.stderr if self.json_mode else sys.stdout, flush=True)

    def warn(self, text: str) -> None:
        print(("警告: " if self.lang == "ja" else "warning: ") + text, file=sys.stderr, flush=True)

    def error(self, text: str) -> None:
        print(("エラー: " if self.lang == "ja" else "error: ") + text, file=sys.stderr, flush=True)

    def emit_json(self, obj: dict) -> None:
        json.dump(obj, sys.stdout, ensure_ascii=False, allow_nan=False, default=_json_default)
        sys.stdout.write("\n")
        sys.stdout.flush()


def _json_default(o):
    import numpy as np

    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        x = float(o)
        return x if np.isfinite(x) else None
    if isinstance(o, Path):
        return str(o)
    return str(o)


# ---------------------------------------------------------------------------------------------
# Shared arguments and helpers
# ---------------------------------------------------------------------------------------------


POSITIVE = Text("0より大きい数値", "a number > 0")


def positive_float(name: str):
    def parse(text: str) -> float:
        try:
            x = float(text)
        except ValueError:
            raise InputError("err.bad_option", option=name, value=text, expected=POSITIVE) from None
        if not x > 0:
            raise InputError("err.bad_option", option=name, value=text, expected=POSITIVE)
        return x
    return parse


def whole_number(name: str, text, low: int = 0) -> int:
    """Option `name` as a whole number ≥ `low`, or a bilingual usage error."""
    try:
        x = int(str(text))
    except ValueError:
        x = low - 1
    if x < low:
        raise InputError("err.bad_option", option=name, value=text,
                         expected=Text(f"{low}以上の整数", f"a whole number ≥ {low}"))
    return x


def unit_share(name: str, text, *, low_open: bool = False, high_open: bool = False) -> float:
    """Option `name` as a number in [0, 1] (either end open if asked), or a bilingual usage error."""
    try:
        x = float(text)
    except (TypeError, ValueError):
        x = float("nan")
    if not ((x > 0 if low_open else x >= 0) and (x < 1 if high_open else x <= 1)):
        lo = "(0" if low_open else "[0"
        hi = "1)" if high_open else "1]"
        ja = "0以上1以下の数値" if not (low_open or high_open) else f"{lo}, {hi} の範囲の数値"
        raise InputError("err.bad_option", option=name, value=text, expected=Text(ja, f"a number in {lo}, {hi}"))
    return x


def add_model_args(p: argparse.ArgumentParser, scale: bool = True) -> None:
    p.add_argument("model", nargs="?", default=None, help="model workbook (.xlsx); default: the embedded model")
    p.add_argument("--scenario", default=None, help="scenario YAML file, or the name of a Scenarios-sheet scenario")
    if scale:
        p.add_argument("--scale", default=None, help="multiply every year's total budget by F (after the scenario)")


def add_solver_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--time-limit", default=None, help="seconds per solve (default: Settings)")
    p.add_argument("--gap", default=None, help="relative MIP gap, e.g. 0.001 (default: Settings)")
    p.add_argument("--threads", default="1", help="HiGHS threads (default 1)")
    p.add_argument("--seed", default="0", help="HiGHS random seed (default 0)")


def add_output_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default=None, help="output workbook (.xlsx)")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def solver_kwargs(args) -> dict:
    kw = {}
    if args.time_limit is not None:
        kw["time_limit"] = positive_float("--time-limit")(args.time_limit)
    if args.gap is not None:
        kw["mip_gap"] = unit_share("--gap", args.gap)
    for name in ("threads", "seed"):
        kw[name] = whole_number(f"--{name}", getattr(args, name))
    return kw


def parse_scale(args) -> float | None:
    return None if getattr(args, "scale", None) is None else positive_float("--scale")(args.scale)


def model_label(model: str | None, scenario: str | None) -> str:
    stem = Path(model).stem if model else "default"
    if scenario:
        stem += "-" + Path(scenario).stem
    return stem


def input_paths(args, data=None) -> list[str]:
    """Every file the run reads: an output must never be one of them.

    Before loading, a scenario file's base model (``base:``) is looked up too, so that writing
    over it is refused as such, not as "already exists; give --force".
    """
    model, scenario = getattr(args, "model", None), getattr(args, "scenario", None)
    paths = [p for p in (model, scenario) if p]
    if data is not None:
        paths.append(data.path)
    elif scenario and Path(scenario).suffix.lower() in (".yaml", ".yml") and Path(scenario).is_file():
        from .api import default_model_path
        from .scenario import resolve_scenario

        base, _ = resolve_scenario(scenario, model, default_model_path())
        paths.append(str(base))
    return paths


def print_warnings(console: Console, data) -> None:
    for w in data.warnings:
        console.warn(w.render(console.lang))


TIMINGS_ENV = "PORTFOLIO_TIMINGS"


def start_timings() -> dict | None:
    """Phase timings for the benchmarks: None (and no cost) unless $PORTFOLIO_TIMINGS names a file.

    When timing, the heavy modules are imported first, so that their cost shows as "imports"
    instead of inside whichever phase would import them on first use. Times are
    ``time.perf_counter()`` values, comparable across processes on one machine.
    """
    if not os.environ.get(TIMINGS_ENV):
        return None
    import time

    import highspy  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pyomo.core  # noqa: F401
    import python_calamine  # noqa: F401
    import xlsxwriter  # noqa: F401
    from pyomo.contrib.appsi.solvers import Highs  # noqa: F401

    from . import api, loader, model, results, results_xlsx, solver  # noqa: F401
    return {"imports_done": time.perf_counter(), "_modules": len(sys.modules)}


def finish_timings(timings: dict | None, result=None) -> None:
    """Write the phase timings (see :func:`start_timings`) as JSON to the file $PORTFOLIO_TIMINGS names."""
    if timings is None:
        return
    import time

    if result is not None:
        timings.update(result.timings)
    timings["late_imports"] = len(sys.modules) - timings.pop("_modules")   # modules not counted as imports
    timings["end"] = time.perf_counter()
    Path(os.environ[TIMINGS_ENV]).write_text(json.dumps(timings), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# solve
# ---------------------------------------------------------------------------------------------


def _configure_solve(p):
    add_model_args(p)
    add_solver_args(p)
    add_output_args(p)


@command("solve", "solve a model (the embedded default if none is given) and write a results workbook")(
    _configure_solve)
def run_solve(args, console: Console) -> int:
    from .api import load_with_scenario, solve
    from .results_xlsx import status_text, write_results
    from .safeio import check_output

    timings = start_timings()
    kw = solver_kwargs(args)
    scale = parse_scale(args)
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-solve.xlsx"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = load_with_scenario(args.model, args.scenario, timings)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    print_warnings(console, data)
    result = solve(data, scale=scale, **kw)
    lang = console.lang
    if result.status == "infeasible":
        msg = t("msg.infeasible", lang)
        console.error(msg)
        for m in result.explanation:
            console.error("  " + m.render(lang))
        if console.json_mode:
            obj = result.to_json(None, lang)
            obj["message"] = msg
            console.emit_json(obj)
        return EXIT_INFEASIBLE
    if result.status == "no_solution":
        msg = t("msg.no_solution", lang, limit=result.time_limit)
        console.error(msg)
        if console.json_mode:
            obj = result.to_json(None, lang)
            obj["message"] = msg
            console.emit_json(obj)
        return EXIT_NO_SOLUTION
    if timings is not None:
        import time
        t_write = time.perf_counter()
    write_results(result, out, lang=lang, force=args.force, inputs=input_paths(args, data))
    if timings is not None:
        timings["write"] = time.perf_counter() - t_write
    finish_timings(timings, result)
    if console.json_mode:
        console.emit_json(result.to_json(str(out), lang))
    else:
        ja = lang == "ja"
        console.info(("求解状況: " if ja else "status: ") + status_text(result, lang))
        console.info((f"目的関数値: {result.objective:,.4f}（上界 {result.bound:,.4f}）" if ja else
                      f"objective: {result.objective:,.4f} (bound {result.bound:,.4f})"))
        console.info((f"採択: {int(result.programs['funded'].sum())} / {len(result.programs)} プログラム、"
                      f"支出 {result.spend_total:,.1f} / 総予算 {result.data.budget_total:,.1f} 億円" if ja else
                      f"funded: {int(result.programs['funded'].sum())} of {len(result.programs)} programs, spend "
                      f"{result.spend_total:,.1f} of a total budget of {result.data.budget_total:,.1f} 億円"))
        console.info(("出力: " if ja else "output: ") + str(out))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# validate and template
# ---------------------------------------------------------------------------------------------


def _configure_validate(p):
    add_model_args(p, scale=False)
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")


@command("validate", "check a model workbook (and scenario) without solving")(_configure_validate)
def run_validate(args, console: Console) -> int:
    from .api import load_with_scenario

    data = load_with_scenario(args.model, args.scenario)
    print_warnings(console, data)
    ja = console.lang == "ja"
    summary = {"status": "valid", "file": data.path, "programs": len(data.programs), "domains": len(data.domains),
               "sources": len(data.sources), "criteria": len(data.criteria), "capacities": len(data.capacities),
               "dependencies": len(data.dependencies), "years": [data.years[0], data.years[-1]],
               "warnings": [w.render(console.lang) for w in data.warnings]}
    if console.json_mode:
        console.emit_json(summary)
    else:
        console.info((f"OK: {Path(data.path).name} — プログラム {len(data.programs)}、技術領域 {len(data.domains)}、"
                      f"財源 {len(data.sources)}、評価基準 {len(data.criteria)}、FY{data.years[0]}–FY{data.years[-1]}")
                     if ja else
                     (f"OK: {Path(data.path).name} — {len(data.programs)} programs, {len(data.domains)} domains, "
                      f"{len(data.sources)} sources, {len(data.criteria)} criteria, FY{data.years[0]}–FY{data.years[-1]}"))
    return EXIT_OK


def _configure_template(p):
    p.add_argument("output", help="path of the blank workbook to write (.xlsx)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


@command("template", "write a blank input workbook with instructions and drop-down lists")(_configure_template)
def run_template(args, console: Console) -> int:
    from .template import write_input_workbook

    path = write_input_workbook(args.output, None, lang=console.lang, force=args.force)
    console.info(("テンプレートを書き出しました: " if console.lang == "ja" else "template written: ") + str(path))
    return EXIT_OK


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------


def _load_plugins() -> None:
    """Commands defined in other modules register themselves on import."""
    import importlib

    for mod in ("portfolio.sweep_cli", "portfolio.compare_cli", "portfolio.sensitivity_cli", "portfolio.report_cli"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_plugins()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("ja", "en"), default="ja", help="language of messages and outputs")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    parser = argparse.ArgumentParser(prog="portfolio", parents=[common],
                                     description="R&D portfolio optimisation (Excel → Pyomo/HiGHS → Excel)")
    from . import __version__
    parser.add_argument("--version", action="version", version=f"portfolio {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (configure, _, help_) in COMMANDS.items():
        sp = sub.add_parser(name, parents=[common], help=help_, description=help_)
        configure(sp)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code (the console script hands it to sys.exit)."""
    code = _main(argv)
    if argv is None:
        # Run as the program, so the process ends next. Moving every live object to the permanent
        # generation spares the interpreter's final garbage collection a walk over the model and
        # the result tables (up to a second on large models); the OS frees the memory anyway.
        # Called from Python with arguments (tests, scripts), nothing changes.
        import gc
        gc.freeze()
    return code


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _peek(argv, "--lang") == "en" else "ja"
    debug = "--debug" in argv
    json_mode = "--json" in argv
    console = Console(lang, json_mode)
    try:
        parser = build_parser()
        usage = io.StringIO()
        try:
            # argparse reports usage errors on stderr and exits; with --json the error must also
            # reach stdout as the one JSON object, so its text is captured on the way.
            with contextlib.redirect_stderr(usage) if json_mode else contextlib.nullcontext():
                args = parser.parse_args(argv)
        except SystemExit as exc:
            if exc.code in (0, None):
                return EXIT_OK
            if json_mode:
                sys.stderr.write(usage.getvalue())
                lines = [line for line in usage.getvalue().splitlines() if line.strip()]
                console.emit_json({"status": "invalid_input", "message": lines[-1] if lines else "", "output": None})
            return EXIT_INPUT
        _, run, _ = COMMANDS[args.command]
        return run(args, console)
    except PortfolioError as exc:
        if debug:
            import traceback
            traceback.print_exc()
        console.error(exc.render(lang))
        if json_mode:
            status = {EXIT_INPUT: "invalid_input", EXIT_INFEASIBLE: "infeasible",
                      EXIT_NO_SOLUTION: "no_solution"}.get(exc.exit_code, "error")
            console.emit_json({"status": status, "message": exc.render(lang), "output": None})
        return exc.exit_code
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_UNEXPECTED
    except BrokenPipeError:
        # The reader of stdout went away (e.g. `| head`): stop quietly.
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_UNEXPECTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one sentence, no traceback
        if debug:
            raise
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        console.error(t("msg.unexpected", lang, detail=detail))
        if json_mode:
            console.emit_json({"status": "error", "message": t("msg.unexpected", lang, detail=detail), "output": None})
        return EXIT_UNEXPECTED


def _peek(argv: list[str], flag: str) -> str | None:
    for i, a in enumerate(argv):
        if a == flag and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith(flag + "="):
            return a.split("=", 1)[1]
    return None


if __name__ == "__main__":
    # Run through the imported module so that plugin commands (sweep, report, …), which register
    # themselves in `portfolio.cli`, are seen: `python -m portfolio.cli` and `python -m portfolio`.
    from portfolio.cli import main as _entry

    sys.exit(_entry())
