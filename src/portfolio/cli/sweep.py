"""``portfolio sweep``: the budget ladder from the command line."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_OK, EXIT_UNEXPECTED
from ..core.i18n import t
from .common import (
    Console,
    add_model_args,
    add_output_args,
    add_parallel_args,
    add_solver_args,
    input_paths,
    model_label,
    print_warnings,
    without_gates,
)
from .options import capped_to_cores, parse_scales, parse_workers, solver_kwargs

NAME = "sweep"
HELP = "cli.help.sweep"


def configure(p, tr):
    add_model_args(p, tr, scale=False)
    p.add_argument("--scale", required=True, help=tr("cli.help.sweep_scale"))
    add_parallel_args(p, tr)
    add_solver_args(p, tr)
    add_output_args(p, tr)


def run(args, console: Console) -> int:
    from ..api import (
        check_ladder_ties,
        load_with_scenario,
        run_ladder,
        solve_options,
        write_ladder,
    )
    from ..core.safeio import check_output

    scales = parse_scales(args.scale)
    workers = parse_workers(args.workers)
    if args.executor == "processes":
        workers = capped_to_cores("--workers", workers, console)
    kw = solver_kwargs(args, console)
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-sweep.xlsx"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = without_gates(load_with_scenario(args.model, args.scenario), console)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    print_warnings(console, data)
    options = solve_options(data, **kw)
    ladder = run_ladder(data, scales, options, workers=workers, executor=args.executor)
    check_ladder_ties(ladder)      # another plan of the same value at a step (e.g. the one solve returns)
    solved = [s for s in ladder.steps if s.objective is not None]
    if solved:
        write_ladder(ladder, out, lang=console.lang, force=args.force, inputs=input_paths(args, data))
    if console.json_mode:
        console.emit_json(ladder.to_json(str(out) if solved else None))
    else:
        lang = console.lang
        for s in ladder.steps:
            obj = "—" if s.objective is None else f"{s.objective:,.3f}"
            console.info(f"×{s.scale:g}  {s.budget:,.1f} 億円  {obj}  {s.status}  "
                         + t("cli.programs", lang, n=len(s.portfolio)))
        for w in ladder.swaps:
            console.info(t("cli.sweep.swap", lang, lo=w.lower, hi=w.higher, dropped=", ".join(w.dropped),
                           added=", ".join(w.replaced_by) or t("cli.sweep.nothing", lang),
                           verdict=t(f"xlsx.ladder.swap.{w.verdict}", lang),
                           loss="—" if w.loss is None else f"{w.loss:,.3f}"))
        names = {p.id: p.name(lang) for p in data.programs}
        for s in ladder.steps:
            if s.tie is not None and s.tie.found:
                console.info(t("cli.sweep.tie", lang, scale=s.scale, sentence=s.tie.describe(names, lang)))
        if solved:
            console.info(t("cli.output", lang, path=str(out)))
    return EXIT_OK if solved else EXIT_UNEXPECTED if not ladder.steps else 3
