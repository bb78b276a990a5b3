"""What every command shares: the console (stderr for people, stdout for the one JSON object),
the common arguments, the files a run reads, and the phase timings of the benchmarks."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Callable

from ..core.errors import EXIT_INFEASIBLE, EXIT_OK, InfeasibleError
from ..core.i18n import t

#: Translates a catalogue key into the language of this run (``--lang``).
Tr = Callable[..., str]


class Console:
    """Where messages go: stderr for people, stdout for the one JSON object when --json is given.

    Nothing reaches the terminal raw: text from cells (names, ids, a file name) may hold escape
    sequences (ESC, OSC, CSI) that would recolour, retitle or rewrite the terminal, or bidirectional
    overrides that reorder what is shown; :func:`safe_text` writes each one visibly instead.
    """

    def __init__(self, lang: str, json_mode: bool):
        self.lang = lang
        self.json_mode = json_mode
        self.json_extra: dict = {}      # fields every JSON object of this run carries (gates_removed)

    def info(self, text: str) -> None:
        print(safe_text(text), file=sys.stderr if self.json_mode else sys.stdout, flush=True)

    def warn(self, text: str) -> None:
        print(safe_text(t("cli.warning", self.lang, text=text)), file=sys.stderr, flush=True)

    def error(self, text: str) -> None:
        print(safe_text(t("cli.error", self.lang, text=text)), file=sys.stderr, flush=True)

    def emit_json(self, obj: dict) -> None:
        obj = {**obj, **self.json_extra}
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_json_default)
        # json escapes C0 controls itself; C1 controls (U+0080–U+009F, CSI among them) and
        # bidirectional overrides it leaves as they are.
        sys.stdout.write(_UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
        sys.stdout.write("\n")
        sys.stdout.flush()


_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Characters that print as nothing: a message naming the key "P<U+200B>1" must not show "P1".
_ZERO_WIDTH = "\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_ZERO_WIDTH}]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI}]")


def safe_text(text: str, keep_newlines: bool = False) -> str:
    """`text` as it may be printed on a terminal: control characters (but line breaks, if kept) and
    bidirectional controls written as ``<U+001B>``; a line break or tab inside a line becomes a space."""
    text = str(text)
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    text = text.replace("\t", " ")
    return _UNSAFE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


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


def add_model_args(p: argparse.ArgumentParser, tr: Tr, scale: bool = True) -> None:
    p.add_argument("model", nargs="?", default=None, help=tr("cli.help.model"))
    p.add_argument("--scenario", default=None, help=tr("cli.help.scenario"))
    if scale:
        p.add_argument("--scale", default=None, help=tr("cli.help.scale"))


def add_solver_args(p: argparse.ArgumentParser, tr: Tr) -> None:
    p.add_argument("--time-limit", default=None, help=tr("cli.help.time_limit"))
    p.add_argument("--gap", default=None, help=tr("cli.help.gap"))
    p.add_argument("--threads", default="1", help=tr("cli.help.threads"))
    p.add_argument("--seed", default="0", help=tr("cli.help.seed"))


def add_parallel_args(p: argparse.ArgumentParser, tr: Tr) -> None:
    p.add_argument("--workers", default="1", help=tr("cli.help.workers"))
    p.add_argument("--executor", default="processes", help=tr("cli.help.executor"))


def add_output_args(p: argparse.ArgumentParser, tr: Tr) -> None:
    p.add_argument("-o", "--output", default=None, help=tr("cli.help.output"))
    p.add_argument("--force", action="store_true", help=tr("cli.help.force"))
    p.add_argument("--json", action="store_true", help=tr("cli.help.json"))


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
        from ..api import scenario_base_model

        paths.append(str(scenario_base_model(scenario, model)))
    return paths


def print_warnings(console: Console, data) -> None:
    for w in data.warnings:
        console.warn(w.render(console.lang))


def analysis_options(args, data):
    from ..api import solve_options
    from .options import positive_float, unit_share

    kw = {}
    if args.time_limit is not None:
        kw["time_limit"] = positive_float("--time-limit")(args.time_limit)
    if getattr(args, "gap", None) is not None:
        kw["mip_gap"] = unit_share("--gap", args.gap)
    return solve_options(data, **kw)


def load_for_analysis(args, console: Console):
    from ..api import load_with_scenario
    from .options import parse_scale

    data = without_gates(load_with_scenario(args.model, args.scenario), console)
    scale = parse_scale(args)
    if scale is not None:
        data = data.with_scale(scale)
    print_warnings(console, data)
    return data


def without_gates(data, console: Console):
    """The model an analysis (sweep, sensitivity, explain, frontier, robust) runs on: a gated model with its
    gates removed, as the scenario ``gates: none`` does, said in a warning (stderr and the workbook's
    warnings) and in the JSON's ``gates_removed``; only ``portfolio solve`` solves the policy (issue #21).
    ``build_model`` still refuses gated data, so nothing else can drop the gates unsaid."""
    from dataclasses import replace

    from ..core.errors import Message

    if not data.gates:
        return data
    ids = [g.program for g in data.gates]
    console.json_extra["gates_removed"] = ids
    return replace(data, gates=(), warnings=tuple(data.warnings) + (
        Message.of("warn.gates_removed", gates=", ".join(ids)),))


def add_analysis_solver_args(p: argparse.ArgumentParser, tr: Tr, gap: bool = True) -> None:
    p.add_argument("--time-limit", default=None, help=tr("cli.help.time_limit"))
    if gap:
        p.add_argument("--gap", default=None, help=tr("cli.help.analysis_gap"))
    p.add_argument("--tight-gap", default="1e-6", help=tr("cli.help.tight_gap"))


def report_infeasible(console: Console, exc) -> int:
    """The base model has no allocation: say which limits conflict, as `portfolio solve` does."""
    lang = console.lang
    msg = t("msg.infeasible", lang)
    console.error(msg)
    lines = [m.render(lang) for m in exc.explanation]
    for line in lines:
        console.error("  " + line)
    if console.json_mode:
        console.emit_json({"status": "infeasible", "message": msg, "explanation": lines, "output": None})
    return EXIT_INFEASIBLE


def run_and_write(console: Console, args, data, out: Path, run: Callable, write: Callable, summary: Callable) -> int:
    """The end of an analysis command (sensitivity, robust): `run()` the analysis, `write` its workbook to
    `out`, then print its warnings and either its JSON or its `summary(res, lang)` lines and where it went."""
    lang = console.lang
    try:
        res = run()
    except InfeasibleError as exc:
        return report_infeasible(console, exc)
    write(res, out, lang=lang, force=args.force, inputs=input_paths(args, data))
    for w in res.warnings:
        console.warn(w.render(lang))
    if console.json_mode:
        console.emit_json(res.to_json(str(out), lang))
        return EXIT_OK
    for line in summary(res, lang):
        console.info(line)
    console.info(t("cli.output", lang, path=str(out)))
    return EXIT_OK


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

    from .. import api
    api.preload()
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


