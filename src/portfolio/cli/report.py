"""``portfolio report``: the deliberation report (one self-contained HTML file) from the command line.

Pipeline: load (+ scenario) → :func:`portfolio.api.make_report` (solve at --scale, budget ladder,
sensitivity analysis, render) → write atomically. A part that fails is reported inside the report
(and on stderr) instead of losing the whole report.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import time
from pathlib import Path

from ..api import (
    AUTO_PARALLEL_SECONDS,
    DEFAULT_ANALYSIS_TIME_LIMIT,
    DEFAULT_SAMPLES,
    MAX_AUTO_WORKERS,
    REPORT_FRONTIER_POINTS,
    REPORT_PARTS,
)
from ..core import limits
from ..core.errors import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK, InputError, Text
from ..core.i18n import t
from .common import (
    Console,
    add_model_args,
    add_solver_args,
    input_paths,
    model_label,
    print_warnings,
)
from .options import (
    capped_to_cores,
    parse_report_ladder,
    parse_report_parts,
    parse_scale,
    parse_workers,
    positive_float,
    solver_kwargs,
    unit_share,
    whole_number,
)

NAME = "report"
HELP = "cli.help.report"
DEFAULT_LADDER = "0.6:1.4:0.2"
MAX_REPORT_FRONTIER_POINTS = 50      # the report's trade-off grid; `portfolio frontier` goes further


def configure(p, tr):
    add_model_args(p, tr)
    p.add_argument("--ladder", default=DEFAULT_LADDER, help=tr("cli.help.report_ladder", default=DEFAULT_LADDER))
    p.add_argument("--samples", default=str(DEFAULT_SAMPLES), help=tr("cli.help.report_samples", default=DEFAULT_SAMPLES))
    p.add_argument("--parts", default=",".join(REPORT_PARTS), help=tr("cli.help.report_parts"))
    p.add_argument("--workers", default="auto",
                   help=tr("cli.help.report_workers", seconds=AUTO_PARALLEL_SECONDS, most=MAX_AUTO_WORKERS))
    p.add_argument("--executor", default="processes", help=tr("cli.help.executor"))
    p.add_argument("--analysis-time-limit", default=None,
                   help=tr("cli.help.analysis_time_limit", default=DEFAULT_ANALYSIS_TIME_LIMIT))
    p.add_argument("--tight-gap", default=None, help=tr("cli.help.report_tight_gap"))
    p.add_argument("--robust", action="store_true", help=tr("cli.help.report_robust"))
    p.add_argument("--frontier-points", default=str(REPORT_FRONTIER_POINTS),
                   help=tr("cli.help.report_frontier_points", default=REPORT_FRONTIER_POINTS))
    add_solver_args(p, tr)
    p.add_argument("-o", "--output", default=None, help=tr("cli.help.report_output"))
    p.add_argument("--force", action="store_true", help=tr("cli.help.force"))
    p.add_argument("--json", action="store_true", help=tr("cli.help.json"))


def run(args, console: Console) -> int:
    from ..api import load_with_scenario, make_report, report_charts_of
    from ..core.safeio import atomic_output, check_output

    t0 = time.perf_counter()
    lang = console.lang
    kw = solver_kwargs(args, console)
    scale = parse_scale(args)
    scales = parse_report_ladder(args.ladder)
    samples = whole_number("--samples", args.samples, 0, limits.MAX_SAMPLES)
    frontier_points = whole_number("--frontier-points", args.frontier_points, 0, MAX_REPORT_FRONTIER_POINTS)
    if frontier_points == 1:        # a frontier needs two points at least
        raise InputError("err.bad_option", option="--frontier-points", value=args.frontier_points,
                         expected=Text(f"0、または 2〜{MAX_REPORT_FRONTIER_POINTS} の整数",
                                       f"0, or a whole number from 2 to {MAX_REPORT_FRONTIER_POINTS}"))
    parts = parse_report_parts(args.parts, REPORT_PARTS)
    workers = parse_workers(args.workers, allow_auto=True)
    if workers is not None and args.executor == "processes":
        workers = capped_to_cores("--workers", workers, console)
    analysis_limit = positive_float("--analysis-time-limit")(args.analysis_time_limit) \
        if args.analysis_time_limit is not None else None
    tight_gap = unit_share("--tight-gap", args.tight_gap) if args.tight_gap is not None else None
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-report.html"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = load_with_scenario(args.model, args.scenario)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    print_warnings(console, data)

    def notify(level: str, message) -> None:
        text = message.render(lang)
        {"info": console.info, "warn": console.warn, "error": lambda s: console.error("  " + s)}[level](text)

    with _stdout_kept_clean(console.json_mode):
        text, delib = make_report(data, scale=scale, ladder=scales, samples=samples, parts=parts, workers=workers,
                                  executor=args.executor, analysis_time_limit=analysis_limit, tight_gap=tight_gap,
                                  lang=lang, command=_command_line(args, lang), notify=notify, debug=args.debug,
                                  robust=args.robust, frontier_points=frontier_points, **kw)
    result, ladder, sens = delib.result, delib.ladder, delib.sensitivity
    with atomic_output(out, force=args.force, inputs=input_paths(args, data)) as tmp:
        tmp.write_text(text, encoding="utf-8")
        _readable_like_any_new_file(tmp)
    code = EXIT_OK if result.has_solution else EXIT_INFEASIBLE if result.status == "infeasible" else EXIT_NO_SOLUTION
    if console.json_mode:
        obj = {"status": result.status, "output": str(out), "objective": result.objective, "gap": result.gap,
               "charts": report_charts_of(text), "ladder_steps": len(ladder.steps) if ladder is not None else 0,
               "sensitivity_solves": sens.solves if sens is not None else 0,
               "ladder_error": delib.ladder_error or None, "sensitivity_error": delib.sensitivity_error or None,
               "seconds": round(time.perf_counter() - t0, 3), "confidentiality": data.settings.confidentiality}
        console.emit_json(obj)
    else:
        console.info(t("report.cli.written", lang, path=str(out)))
    return code


def _readable_like_any_new_file(path: Path) -> None:
    """The temporary file behind an atomic write is private (0600); give the report the usual
    permissions of a new file (0666 less the umask), since it is meant to be shared."""
    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(path, 0o666 & ~mask)
    except OSError:
        pass


def _command_line(args, lang: str) -> str:
    """The command that reproduces this report, with every setting spelled out."""
    words = ["portfolio", "report"] + ([args.model] if args.model else [])
    for flag, value in (("--scenario", args.scenario), ("--scale", args.scale), ("--ladder", args.ladder),
                        ("--samples", args.samples), ("--parts", args.parts), ("--workers", args.workers),
                        ("--executor", args.executor if args.executor != "processes" else None),
                        ("--analysis-time-limit", args.analysis_time_limit), ("--tight-gap", args.tight_gap),
                        ("--time-limit", args.time_limit),
                        ("--gap", args.gap), ("--threads", args.threads), ("--seed", args.seed), ("--lang", lang),
                        ("-o", args.output)):
        if value is not None:
            words += [flag, str(value)]
    if args.robust:
        words.append("--robust")
    return " ".join(shlex.quote(w) for w in words)


@contextlib.contextmanager
def _stdout_kept_clean(active: bool):
    """With --json, stdout must carry the one JSON object only. HiGHS can print warnings straight to
    file descriptor 1 (for instance about a rejected MIP start), from this process or from worker
    processes started here, so while solving, descriptor 1 points at stderr."""
    if not active:
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        _flush_c_stdio()
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _flush_c_stdio() -> None:
    """Flush C-level stdio buffers (what HiGHS printed) while they still go to stderr."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
        libc.fflush(None)
    except (OSError, AttributeError, TypeError):
        pass
