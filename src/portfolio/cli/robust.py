"""``portfolio robust``: the max-min and minimax-regret plans over the admissible weightings, beside
the weighted optimum, from the command line.

Like the other analyses: ``--lang``, errors as :class:`~portfolio.core.errors.InputError` (exit 2;
also when the model defines no admissible set), an infeasible model exits 3, and with ``--json``
stdout carries exactly one JSON object.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError, Message
from ..core.i18n import t
from .common import (
    Console,
    add_model_args,
    add_output_args,
    add_parallel_args,
    add_solver_args,
    input_paths,
    load_for_analysis,
    model_label,
    run_and_write,
)
from .options import capped_to_cores, parse_workers, solver_kwargs, whole_number

NAME = "robust"
HELP = "cli.help.robust"
MAX_ITERATIONS = 1000
PLANS = ("weighted", "max_min", "min_max_regret")      # as portfolio.analysis.robust.PLANS


def configure(p, tr):
    add_model_args(p, tr)
    p.add_argument("--band", default=None, help=tr("cli.help.robust_band"))
    p.add_argument("--max-iterations", default="20", help=tr("cli.help.robust_iterations"))
    add_parallel_args(p, tr)
    add_solver_args(p, tr)
    add_output_args(p, tr)


def parse_band(text) -> float | None:
    if text is None:
        return None
    try:
        x = float(text)
    except (TypeError, ValueError):
        x = float("nan")
    if not 0 < x < 1:
        raise InputError("err.bad_option", option="--band", value=text, expected=Message.of("robust.band_expect"))
    return x


def run(args, console: Console) -> int:
    from ..api import robust_settings, run_robust, solve_options, write_robust
    from ..core.safeio import check_output

    settings = robust_settings(band=parse_band(args.band),
                               max_iterations=whole_number("--max-iterations", args.max_iterations, 1, MAX_ITERATIONS))
    workers = parse_workers(args.workers)
    if args.executor == "processes":
        workers = capped_to_cores("--workers", workers, console)
    kw = solver_kwargs(args, console)
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-robust.xlsx"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = load_for_analysis(args, console)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    options = solve_options(data, **kw)
    return run_and_write(console, args, data, out,
                         lambda: run_robust(data, options, settings, executor=args.executor, workers=workers),
                         write_robust, summary_lines)


def summary_lines(res, lang: str) -> list[str]:
    adm = res.admissible
    out = [t("cli.robust.set", lang, source=t(f"robust.source.{adm.source}", lang, band=adm.band or 0),
             n=len(adm.vertices))]
    for kind in PLANS:
        p = res.plans[kind]
        lo, hi = p.regret.worst_low, p.regret.worst_high
        regret = f"{lo:,.3f}" if hi - lo <= 1e-6 * max(1.0, abs(hi)) else t("robust.between", lang, low=lo, high=hi)
        out.append(t("cli.robust.plan", lang, name=t(f"robust.plan.{kind}", lang), base=p.base_value,
                     gives=0.0 - res.gives_up(kind), worst=p.worst_value, regret=regret, n=len(p.differs)))
    out.append(t("cli.robust.solves", lang, solves=res.solves, seconds=res.seconds))
    return out
