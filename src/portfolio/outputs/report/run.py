"""Section 7 of the report: how it was made. Input, scenario and its overrides, solver settings and
status, the ladder and sensitivity solves and their time, the command that reproduces the report,
and package versions. :class:`RunInfo` carries what only the command knows."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..results_xlsx import status_text
from . import charts
from .markup import Code, Section, Table, render
from .text import score, share, tr

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...analysis.sweep import Ladder
    from ...engine.results import Result


@dataclass
class RunInfo:
    """How the report was made: shown in section 7, never used for numbers."""

    command: str = ""
    ladder_seconds: float | None = None
    sensitivity_seconds: float | None = None
    samples: int | None = None
    workers: int = 1
    workers_auto: bool = False      # chosen by --workers auto
    analysis_time_limit: float | None = None
    total_seconds: float | None = None
    generated_at: str = ""
    ladder_error: str = ""          # why the ladder is missing (empty: not requested or present)
    sensitivity_error: str = ""

    def generated(self) -> str:
        """When the report was made (now, when the command did not say)."""
        return self.generated_at or _dt.datetime.now().isoformat(timespec="seconds")


def section_run(result: Result, lang: str, run: RunInfo, ladder: Ladder | None = None,
                sens: SensitivityResult | None = None) -> Section:
    d = result.data
    o = result.options
    rows: list[list[Any]] = [
        [tr("run.input", lang), Path(d.path).name],
        [tr("run.model_name", lang), d.settings.model_name or "—"],
        [tr("scenario", lang), d.scenario or tr("base_scenario", lang)],
        [tr("scale", lang), f"×{d.scale:g}"],
        [tr("horizon", lang), f"FY{d.years[0]}–FY{d.years[-1]}"],
        [tr("status", lang), status_text(result, lang)],
        [tr("objective", lang), score(result.objective, 6)],
        [tr("bound", lang), score(result.bound, 6)],
        [tr("gap", lang), share(result.gap, 4)],
        [tr("run.gap_target", lang), share(o.mip_gap, 4)],
        [tr("run.time_limit", lang), f"{o.time_limit:g}"],
        [tr("run.analysis_time_limit", lang), f"{run.analysis_time_limit:g}" if run.analysis_time_limit else "—"],
        [tr("run.threads", lang), str(o.threads)],
        [tr("run.seed", lang), str(o.seed)],
        [tr("run.solve_seconds", lang), f"{result.solve_seconds:,.2f}"],
        [tr("run.ladder", lang), tr("run.ladder_text", lang, n=len(ladder.steps),
                                    scales=", ".join(f"×{s.scale:g}" for s in ladder.steps),
                                    seconds=run.ladder_seconds or 0.0) if ladder is not None
         else (run.ladder_error or tr("run.not_run", lang))],
        [tr("run.sens", lang), tr("run.sens_text", lang, solves=sens.solves, seconds=sens.seconds)
         if sens is not None else (run.sensitivity_error or tr("run.not_run", lang))],
        [tr("run.samples", lang), str(run.samples) if run.samples is not None else "—"],
        [tr("run.workers", lang), f"{run.workers}" + (" (auto)" if run.workers_auto else "")],
        [tr("run.total", lang), f"{run.total_seconds:,.1f}" if run.total_seconds is not None else "—"],
        [tr("generated", lang), run.generated()],
    ]
    if run.command:
        rows.append([tr("run.command", lang), Code(run.command)])
    kv = [tr("col.key", lang), tr("col.value_text", lang)]
    overrides = Table(kv + [tr("col.origin", lang)], [[ov.key, _show(ov.value), ov.origin] for ov in d.overrides]) \
        if d.overrides else None
    versions = dict(result.versions)
    versions.update(charts.versions())
    return Section("run", tr("s7", lang), render("run.html", lang, details=Table(kv, rows, cls="kv"),
                                                 overrides=overrides,
                                                 versions=Table(kv, sorted(versions.items()), cls="kv")))


def _show(v) -> str:
    if isinstance(v, (tuple, list)):
        return " ".join("" if x is None else str(x) for x in v)
    return str(v)
