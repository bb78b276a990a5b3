"""``portfolio explain PROGRAM``: why a program is or is not funded, and what would change it.

The ladder's steps and the limit tests run in worker processes (``--workers``), and every probe
solved is kept in the cache (:mod:`portfolio.analysis.cache`, ``--cache``/``--no-cache``), so that
explaining a second program, or the same one again, solves only what is new."""

from __future__ import annotations

import sys

from ..api import AUTO_PARALLEL_SECONDS, MAX_AUTO_WORKERS
from ..core.errors import EXIT_OK, InfeasibleError
from ..core.i18n import t
from .common import (
    Console,
    add_analysis_solver_args,
    add_model_args,
    analysis_options,
    load_for_analysis,
    report_infeasible,
)
from .options import capped_to_cores, parse_explain_ladder, parse_workers, unit_share

NAME = "explain"
HELP = "cli.help.explain"
DEFAULT_LADDER = "0.5:1.5:0.1"


def configure(p, tr):
    p.add_argument("program", help=tr("cli.help.program_arg"))
    add_model_args(p, tr)
    p.add_argument("--ladder", default=DEFAULT_LADDER, help=tr("cli.help.explain_ladder", default=DEFAULT_LADDER))
    add_analysis_solver_args(p, tr, gap=False)
    p.add_argument("--workers", default="auto", help=tr("cache.help.explain_workers", most=MAX_AUTO_WORKERS,
                                                              seconds=AUTO_PARALLEL_SECONDS))
    add_cache_args(p, tr)
    p.add_argument("--json", action="store_true", help=tr("cli.help.json"))


def add_cache_args(p, tr) -> None:
    """``--cache FILE`` and ``--no-cache`` (shared by the commands that keep analysis results)."""
    p.add_argument("--cache", default=None, metavar="FILE", help=tr("cache.help.cache"))
    p.add_argument("--no-cache", action="store_true", help=tr("cache.help.no_cache"))


def open_cache(args, data, folder=None):
    """The cache the options ask for (:func:`portfolio.analysis.cache.cache_at`), never over an input."""
    from ..api import analysis_cache
    from .common import input_paths

    return analysis_cache(args.cache, folder, enabled=not args.no_cache, inputs=tuple(input_paths(args, data)))


def cache_notes(cache, console: Console) -> None:
    """Say on stderr that the cache was not trusted, or how much of it was reused."""
    if cache.rejected:
        console.warn(t("cache.rejected", console.lang, path=str(cache.path)))
    elif cache.hits:
        print(t("cache.used", console.lang, hits=cache.hits, path=str(cache.path)), file=sys.stderr, flush=True)


def run(args, console: Console) -> int:
    from ..api import explain_program

    ladder = parse_explain_ladder(args.ladder)      # a bad ladder is an input error before anything is loaded
    workers = parse_workers(args.workers, allow_auto=True)      # None: auto, chosen after the base solve
    if workers is not None:
        workers = capped_to_cores("--workers", workers, console)
    data = load_for_analysis(args, console)
    options = analysis_options(args, data)
    cache = open_cache(args, data)
    try:
        ex = explain_program(data, options, args.program, ladder=ladder,
                             tight_gap=unit_share("--tight-gap", args.tight_gap), workers=workers, cache=cache)
    except InfeasibleError as exc:
        return report_infeasible(console, exc)
    finally:
        cache.save()
    cache_notes(cache, console)
    if console.json_mode:
        console.emit_json(ex.to_json(console.lang))
    else:
        for line in ex.lines(console.lang):
            console.info(line)
    return EXIT_OK
