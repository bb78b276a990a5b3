"""``portfolio report``: the deliberation report (one self-contained HTML file) from the command line.

Pipeline: load (+ scenario) → solve at --scale → budget ladder → sensitivity → render → write
atomically. The ladder and the sensitivity analysis share one pool of --workers processes and
use their own per-solve time limit (--analysis-time-limit), so a large model stays quick; a part
that fails is reported inside the report (and on stderr) instead of losing the whole report.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import shlex
import sys
import time
from dataclasses import replace
from pathlib import Path

from .cli import Console, add_model_args, add_solver_args, command, input_paths, model_label, parse_scale, \
    positive_float, print_warnings, solver_kwargs, unit_share, whole_number
from .errors import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK, InputError, PortfolioError, Text
from .i18n import MESSAGES, t

DEFAULT_LADDER = "0.6:1.4:0.2"
DEFAULT_SAMPLES = 50
DEFAULT_ANALYSIS_TIME_LIMIT = 10.0      # seconds per ladder or sensitivity solve (at most the Settings limit)
REPORT_PARTS = ("stability", "core", "price", "marginal")
AUTO_PARALLEL_SECONDS = 20.0            # --workers auto: below this estimate, worker processes cost more than they save
MAX_AUTO_WORKERS = 4
# An analysis solve takes longer than the recommendation's: no warm start, other weights, a tighter gap.
ANALYSIS_SLOWDOWN = 2.5

MESSAGES.update({
    "report.cli.written": ("レポートを書き出しました: {path}", "report written: {path}"),
    "report.cli.part_failed": ("{part}を計算できませんでした（{error}）。レポートにはその旨を記載します。",
                               "the {part} could not be computed ({error}); the report says so."),
    "report.cli.ladder": ("予算ラダー", "budget ladder"),
    "report.cli.sensitivity": ("感度分析", "sensitivity analysis"),
    "report.cli.estimate": ("予算ラダーと感度分析で約 {solves:,} 回の求解を行います（1回 約 {each:.1f} 秒、ワーカー {workers}）。"
                            "目安 約 {minutes:.0f} 分。短くするには --samples、--parts、--ladder、--workers を調整してください。",
                            "the budget ladder and sensitivity analysis make about {solves:,} solves (about {each:.1f} s "
                            "each, {workers} worker(s)): roughly {minutes:.0f} min. To shorten, adjust --samples, "
                            "--parts, --ladder or --workers."),
    "report.cli.no_solution": ("解がないため、概要・前提・実行情報だけのレポートを書き出します。",
                               "no solution: the report has the summary, assumptions and run details only."),
})


def _configure(p):
    add_model_args(p)
    p.add_argument("--ladder", default=DEFAULT_LADDER,
                   help=f"budget ladder START:STOP:STEP or F1,F2,… (default {DEFAULT_LADDER}); 'off' to skip")
    p.add_argument("--samples", default=str(DEFAULT_SAMPLES),
                   help=f"weight draws for the core index (default {DEFAULT_SAMPLES}); 0 skips the sensitivity analysis")
    p.add_argument("--parts", default=",".join(REPORT_PARTS),
                   help="sensitivity parts: any of stability (weights and tornado), core (core index), price (price of "
                        "forcing programs in, for 'why not funded'), marginal (marginal values of limits); "
                        "default all")
    p.add_argument("--workers", default="auto",
                   help="parallel worker processes for the ladder and sensitivity: a number, or auto (default): one "
                        f"process when the estimated work is under {AUTO_PARALLEL_SECONDS:g} s, otherwise one per "
                        f"CPU core up to {MAX_AUTO_WORKERS}")
    p.add_argument("--executor", default="processes", help="processes (default) or dask://HOST:PORT")
    p.add_argument("--analysis-time-limit", default=None,
                   help=f"seconds per ladder or sensitivity solve (default {DEFAULT_ANALYSIS_TIME_LIMIT:g}, "
                        "at most --time-limit)")
    p.add_argument("--tight-gap", default=None,
                   help="gap of the sensitivity solves that differences are taken from (default: the Settings gap, "
                        "at least 1e-6; the sensitivity command uses 1e-6)")
    add_solver_args(p)
    p.add_argument("-o", "--output", default=None, help="output file (.html); default <model>-report.html")
    p.add_argument("--force", action="store_true", help="overwrite an existing output file")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def parse_ladder(text: str) -> list[float]:
    """'off' → []; otherwise the scales as ``sweep --scale`` reads them (the error names --ladder)."""
    from .sweep import parse_scales

    if str(text).strip().lower() in ("off", "none", "no", "0"):
        return []
    try:
        return parse_scales(text)
    except InputError:
        raise InputError("err.bad_option", option="--ladder", value=text,
                         expected=Text("START:STOP:STEP（例 0.8:1.2:0.1）、0より大きい倍率の並び F1,F2,…、または off",
                                       "START:STOP:STEP (e.g. 0.8:1.2:0.1), F1,F2,… with factors > 0, or off")) from None


def parse_report_parts(text: str) -> tuple[str, ...]:
    """The sensitivity parts the report shows ('' or 'none' for none), in the sensitivity module's order."""
    from .sensitivity import parse_parts

    if str(text).strip().lower() in ("", "none", "off"):
        return ()
    bad = InputError("err.bad_option", option="--parts", value=text,
                     expected=Text("次の名前のカンマ区切り：" + ", ".join(REPORT_PARTS) + "、または none",
                                   "a comma-separated list of " + ", ".join(REPORT_PARTS) + ", or none"))
    try:
        parts = parse_parts(text)
    except ValueError:
        raise bad from None
    if any(p not in REPORT_PARTS for p in parts):
        raise bad
    return parts


def _readable_like_any_new_file(path: Path) -> None:
    """The temporary file behind an atomic write is private (0600); give the report the usual
    permissions of a new file (0666 less the umask), since it is meant to be shared."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(path, 0o666 & ~mask)
    except OSError:
        pass


def parse_workers(text: str) -> int | None:
    """A number of worker processes ≥ 1, or None for auto."""
    if str(text).strip().lower() == "auto":
        return None
    n = whole_number("--workers", text)
    if n < 1:
        raise InputError("err.bad_option", option="--workers", value=text,
                         expected=Text("1以上の整数、または auto", "a whole number ≥ 1, or auto"))
    return n


@command("report", "write the deliberation report: one self-contained HTML file (summary, allocation, budget "
                   "ladder, sensitivity, why not funded, assumptions, run details)")(_configure)
def run_report(args, console: Console) -> int:
    from .api import load_with_scenario
    from .report import read_sources_sheet, render_report, report_charts_of
    from .safeio import atomic_output, check_output

    t0 = time.perf_counter()
    lang = console.lang
    kw = solver_kwargs(args)
    scale = parse_scale(args)
    scales = parse_ladder(args.ladder)
    samples = whole_number("--samples", args.samples)
    parts = parse_report_parts(args.parts)
    workers = parse_workers(args.workers)
    analysis_limit = positive_float("--analysis-time-limit")(args.analysis_time_limit) \
        if args.analysis_time_limit is not None else None
    tight_gap = unit_share("--tight-gap", args.tight_gap) if args.tight_gap is not None else None
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-report.html"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = load_with_scenario(args.model, args.scenario)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    print_warnings(console, data)

    with _stdout_kept_clean(console.json_mode):
        result, ladder, sens, run = _compute(args, console, data, kw, scale, scales, samples, parts, workers,
                                             analysis_limit, tight_gap)
    sources = read_sources_sheet(data.path)
    run.total_seconds = time.perf_counter() - t0
    text = render_report(result, lang=lang, ladder=ladder, sensitivity=sens, sources=sources, run=run)
    with atomic_output(out, force=args.force, inputs=input_paths(args, data)) as tmp:
        tmp.write_text(text, encoding="utf-8")
        _readable_like_any_new_file(tmp)
    code = EXIT_OK if result.has_solution else EXIT_INFEASIBLE if result.status == "infeasible" else EXIT_NO_SOLUTION
    if console.json_mode:
        obj = {"status": result.status, "output": str(out), "objective": result.objective, "gap": result.gap,
               "charts": report_charts_of(text), "ladder_steps": len(ladder.steps) if ladder is not None else 0,
               "sensitivity_solves": sens.solves if sens is not None else 0,
               "ladder_error": run.ladder_error or None, "sensitivity_error": run.sensitivity_error or None,
               "seconds": round(time.perf_counter() - t0, 3), "confidentiality": data.settings.confidentiality}
        console.emit_json(obj)
    else:
        console.info(t("report.cli.written", lang, path=str(out)))
    return code


def _compute(args, console: Console, data, kw, scale, scales, samples, parts, workers, analysis_limit, tight_gap):
    """The solve at --scale, then the ladder and the sensitivity analysis (each optional, each may fail alone)."""
    from .api import solve, solve_options
    from .parallel import executor as make_executor
    from .report import RunInfo

    lang = console.lang
    result = solve(data, scale=scale, **kw)
    options = solve_options(data, **kw)
    limit = min(options.time_limit, analysis_limit if analysis_limit is not None else DEFAULT_ANALYSIS_TIME_LIMIT)
    current = scale if scale is not None else 1.0
    n = estimate_solves(data, len(set(scales) | {current}) if scales else 0, samples, parts)
    each = min(result.solve_seconds * ANALYSIS_SLOWDOWN, limit)
    auto = workers is None
    if auto:
        workers = 1 if n * each < AUTO_PARALLEL_SECONDS else max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))
    options = replace(options, time_limit=limit, threads=1 if workers > 1 else options.threads)
    run = RunInfo(command=_command_line(args, lang),
                  samples=samples if samples else None, workers=workers, workers_auto=auto, analysis_time_limit=limit,
                  generated_at=_dt.datetime.now().isoformat(timespec="seconds"))
    ladder = sens = None
    if result.has_solution and (scales or (samples and parts)):
        if n * each / workers > 60:
            console.info(t("report.cli.estimate", lang, solves=n, each=each, workers=workers,
                           minutes=n * each / workers / 60))
        with make_executor(args.executor, workers) as pool:
            if scales:
                from .sweep import run_ladder

                t1 = time.perf_counter()
                ladder = _part(console, "report.cli.ladder", run, "ladder_error",
                               lambda: run_ladder(data, sorted(set(scales) | {current}), options, workers=workers,
                                                  executor=pool), debug=args.debug)
                run.ladder_seconds = time.perf_counter() - t1
            if samples and parts:
                from .sensitivity import SensitivitySettings, run_sensitivity

                settings = SensitivitySettings(parts=parts, samples=samples, seed=options.seed,
                                               tight_gap=tight_gap if tight_gap is not None
                                               else max(options.mip_gap, 1e-6), tolerance=0.01, lp_duals=False)
                scaled = data.with_scale(scale) if scale is not None else data
                sens = _part(console, "report.cli.sensitivity", run, "sensitivity_error",
                             lambda: run_sensitivity(scaled, options, settings, executor=pool, workers=workers),
                             debug=args.debug)
                if sens is not None:
                    run.sensitivity_seconds = sens.seconds
    elif not result.has_solution:
        console.warn(t("report.cli.no_solution", lang))
        for m in result.explanation:
            console.error("  " + m.render(lang))
    return result, ladder, sens, run


def estimate_solves(data, steps: int, samples: int, parts: tuple[str, ...]) -> int:
    """Roughly how many MIP solves the ladder and the sensitivity parts make (for the time estimate)."""
    n = steps
    if not samples:
        return n
    crit, years = len(data.criteria), len(data.years)
    if "stability" in parts and crit > 1:
        n += 2 * crit * 8 + 2 * crit          # bisection to 0.01 in weight, and the tornado
    if "core" in parts:
        n += samples
    if "price" in parts:
        n += len(data.programs)
    if "marginal" in parts:
        n += 2 * years * (1 + len(data.sources) + len(data.capacities))
    return n


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


def _part(console: Console, label_key: str, run, error_field: str, fn, debug: bool = False):
    """Run one optional part; on failure note it in the report and on stderr instead of stopping."""
    try:
        return fn()
    except PortfolioError as exc:
        detail = exc.render(console.lang)
    except Exception as exc:  # noqa: BLE001 - an optional part must not cost the whole report
        if debug:
            raise
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
    setattr(run, error_field, detail)
    console.warn(t("report.cli.part_failed", console.lang, part=t(label_key, console.lang), error=detail))
    return None
