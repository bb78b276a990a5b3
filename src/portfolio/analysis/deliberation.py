"""Everything the deliberation report shows, computed in one run: the solve, the budget ladder and
the sensitivity analysis.

The ladder and the sensitivity analysis share one pool of worker processes and use their own
per-solve time limit (the analysis time limit), so a large model stays quick. Either part may
fail alone: its error is kept (and announced through ``notify``) instead of losing the whole
report. :func:`portfolio.api.make_report` renders what this computes.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from ..core.data import ModelData
from ..core.errors import Message, PortfolioError
from ..engine.results import Result
from ..engine.solver import SolveOptions

DEFAULT_LADDER = (0.6, 0.8, 1.0, 1.2, 1.4)
DEFAULT_SAMPLES = 50
DEFAULT_ANALYSIS_TIME_LIMIT = 10.0      # seconds per ladder or sensitivity solve (at most the Settings limit)
REPORT_PARTS = ("stability", "core", "price", "marginal", "alternatives")    # alternatives: for the what-if page
AUTO_PARALLEL_SECONDS = 20.0            # workers=None (auto): below this estimate, worker processes cost more than they save
MAX_AUTO_WORKERS = 4
REPORT_FRONTIER_POINTS = 7             # grid points of the report's criteria frontier (#20 §1; 0: not computed)
# An analysis solve takes longer than the recommendation's: no warm start, other weights, a tighter gap.
ANALYSIS_SLOWDOWN = 2.5


@dataclass
class Deliberation:
    """The solve, the ladder and the sensitivity analysis of one report, and how they were run."""

    result: Result
    ladder: object | None = None            # analysis.sweep.Ladder
    sensitivity: object | None = None       # analysis.sensitivity.SensitivityResult
    samples: int | None = None
    workers: int = 1
    workers_auto: bool = False
    analysis_time_limit: float | None = None
    ladder_seconds: float | None = None
    sensitivity_seconds: float | None = None
    ladder_error: str = ""
    sensitivity_error: str = ""
    margins: list | None = None             # analysis.margins.ProgramMargins of the programs closest to the line
    frontier: object | None = None          # analysis.frontier.Frontier between the two most-weighted criteria
    frontier_error: str = ""
    frontier_seconds: float | None = None


def deliberate(data: ModelData, options: SolveOptions, solve: Callable[..., Result], *, scale: float | None = None,
               ladder: Sequence[float] = DEFAULT_LADDER, samples: int = DEFAULT_SAMPLES,
               parts: Sequence[str] = REPORT_PARTS, workers: int | None = None, executor: str = "processes",
               analysis_time_limit: float | None = None, tight_gap: float | None = None, lang: str = "ja",
               notify: Callable[[str, Message], None] | None = None, debug: bool = False,
               frontier_points: int = REPORT_FRONTIER_POINTS) -> Deliberation:
    """The solve at `scale`, then the ladder and the sensitivity analysis (each optional, each may fail alone).

    `solve(data, scale=…)` is the one solve pipeline (:func:`portfolio.api.solve`). `workers` None
    chooses by the estimated work (one process below :data:`AUTO_PARALLEL_SECONDS`). `notify(level,
    message)` receives the time estimate ("info"), a part that failed ("warn") and, without a
    solution, its explanation ("error").
    """
    from ..engine.parallel import executor as make_executor

    notify = notify or (lambda level, message: None)
    result = solve(data, scale=scale)
    limit = min(options.time_limit, analysis_time_limit if analysis_time_limit is not None
                else DEFAULT_ANALYSIS_TIME_LIMIT)
    current = scale if scale is not None else 1.0
    scales = sorted(set(ladder) | {current}) if ladder else []
    n = estimate_solves(data, len(scales), samples, parts)
    each = min(result.solve_seconds * ANALYSIS_SLOWDOWN, limit)
    auto = workers is None
    if auto:
        workers = 1 if n * each < AUTO_PARALLEL_SECONDS else max(1, min(os.cpu_count() or 1, MAX_AUTO_WORKERS))
    options = replace(options, time_limit=limit, threads=1 if workers > 1 else options.threads)
    out = Deliberation(result=result, samples=samples if samples else None, workers=workers, workers_auto=auto,
                       analysis_time_limit=limit)
    if not result.has_solution:
        notify("warn", Message.of("report.cli.no_solution"))
        for m in result.explanation:
            notify("error", m)
        return out
    if not (scales or (samples and parts) or frontier_points):
        return out
    if n * each / workers > 60:
        notify("info", Message.of("report.cli.estimate", solves=n, each=each, workers=workers,
                                  minutes=n * each / workers / 60))
    with make_executor(executor, workers) as pool:
        if scales:
            _ladder(out, data, scales, options, pool, lang, notify, debug)
        if samples and parts:
            _sensitivity(out, data, scale, options, pool, samples, parts, tight_gap, lang, notify, debug)
        if out.sensitivity is not None and out.sensitivity.price is not None:
            _margins(out, pool, lang, notify, debug)
        if frontier_points:
            _frontier(out, data, scale, options, pool, frontier_points, lang, notify, debug)
    return out


def _margins(out: Deliberation, pool, lang, notify, debug) -> None:
    """The margins of the programs closest to the line (chosen by the price of change), with entry
    budgets from the report's ladder."""
    from ..engine.parallel import new_token
    from .margins import MarginSettings, add_entry_budgets, all_margins, closest

    sens = out.sensitivity
    chosen = closest(sens.price)
    settings = MarginSettings(tight_gap=sens.settings.tight_gap)
    out.margins, _ = _part("report.cli.margins", lang, notify, debug, lambda: all_margins(
        pool, out.workers, new_token(), sens.data, sens.options, sens.base, settings, programs=chosen))
    if out.margins is not None and out.ladder is not None:
        add_entry_budgets(out.margins, out.ladder)


def frontier_criteria(data: ModelData) -> list[str]:
    """The report's frontier criteria: the two with the largest weights (the first in the workbook on a tie)."""
    ranked = sorted((c for c in data.criteria if c.weight > 0), key=lambda c: -c.weight)
    return [c.id for c in ranked[:2]]


def _frontier(out: Deliberation, data, scale, options, pool, points, lang, notify, debug) -> None:
    """The trade-off between the two most-weighted criteria, the recommendation placed on it (#20 §1)."""
    from .frontier import run_frontier

    crit = frontier_criteria(data)
    if len(crit) < 2:
        return
    scaled = data.with_scale(scale) if scale is not None else data
    plan = tuple(out.result.portfolio())
    t1 = time.perf_counter()
    outcome = {"status": out.result.status, "gap": out.result.gap, "objective": out.result.objective}
    out.frontier, out.frontier_error = _part(
        "report.cli.frontier", lang, notify, debug,
        lambda: run_frontier(scaled, crit, options, points=points, workers=out.workers, executor=pool, base=plan,
                             base_outcome=outcome))
    out.frontier_seconds = time.perf_counter() - t1


def _ladder(out: Deliberation, data, scales, options, pool, lang, notify, debug) -> None:
    from .sweep import run_ladder

    t1 = time.perf_counter()
    out.ladder, out.ladder_error = _part("report.cli.ladder", lang, notify, debug,
                                         lambda: run_ladder(data, scales, options, workers=out.workers,
                                                            executor=pool))
    out.ladder_seconds = time.perf_counter() - t1


def _sensitivity(out: Deliberation, data, scale, options, pool, samples, parts, tight_gap, lang, notify,
                 debug) -> None:
    from .sensitivity import SensitivitySettings, run_sensitivity

    settings = SensitivitySettings(parts=tuple(parts), samples=samples, seed=options.seed,
                                   tight_gap=tight_gap if tight_gap is not None else max(options.mip_gap, 1e-6),
                                   tolerance=0.01, lp_duals=False)
    scaled = data.with_scale(scale) if scale is not None else data
    out.sensitivity, out.sensitivity_error = _part(
        "report.cli.sensitivity", lang, notify, debug,
        lambda: run_sensitivity(scaled, options, settings, executor=pool, workers=out.workers))
    if out.sensitivity is not None:
        out.sensitivity_seconds = out.sensitivity.seconds


def estimate_solves(data: ModelData, steps: int, samples: int, parts: Sequence[str]) -> int:
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
    if "alternatives" in parts:
        n += 3
    if "price" in parts:
        n += 10 * (1 + 2 * crit + 12)       # the margins of the ten programs closest to the line
    return n


def _part(label_key: str, lang: str, notify, debug: bool, fn):
    """Run one optional part: (its value, "") or, when it fails, (None, why) with a warning."""
    from ..core.i18n import t

    try:
        return fn(), ""
    except PortfolioError as exc:
        detail = exc.render(lang)
    except Exception as exc:  # noqa: BLE001 - an optional part must not cost the whole report
        if debug:
            raise
        detail = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
    notify("warn", Message.of("report.cli.part_failed", part=t(label_key, lang), error=detail))
    return None, detail
