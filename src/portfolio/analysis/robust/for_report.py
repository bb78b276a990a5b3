"""The robust plans for the deliberation report (``portfolio report --robust``): computed after the
report's solve, with the report's analysis time limit and workers; a failure is kept as text for the
report's section (and announced through ``notify``) instead of losing the whole report, as the
report's other optional parts are (:func:`portfolio.analysis.deliberation._part`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ...core.data import ModelData
from ...core.errors import Message
from ...engine.solver import SolveOptions


def robust_for_report(data: ModelData, options: SolveOptions, delib, *, scale: float | None = None,
                      executor="processes", lang: str = "ja",
                      notify: Callable[[str, Message], None] | None = None, debug: bool = False):
    """(RobustResult or None, why not): the robust plans at the report's budget `scale`."""
    from ..deliberation import _part
    from .run import run_robust

    if not delib.result.has_solution:
        return None, ""
    limit = delib.analysis_time_limit if delib.analysis_time_limit is not None else options.time_limit
    opts = replace(options, time_limit=min(options.time_limit, limit),
                   threads=1 if delib.workers > 1 else options.threads)
    scaled = data.with_scale(scale) if scale is not None else data
    return _part("report.robust.part", lang, notify or (lambda level, message: None), debug,
                 lambda: run_robust(scaled, opts, executor=executor, workers=delib.workers))
