"""``portfolio frontier``: the trade-off frontier between two or three criteria (AUGMECON2)."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK, InputError
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
from .options import (
    capped_to_cores,
    parse_scale,
    parse_workers,
    solver_kwargs,
    whole_number,
)

NAME = "frontier"
HELP = "cli.help.frontier"


def configure(p, tr):
    add_model_args(p, tr)
    p.add_argument("--criteria", required=True, help=tr("cli.help.frontier_criteria"))
    p.add_argument("--points", default=None, help=tr("cli.help.frontier_points"))
    p.add_argument("--exact", action="store_true", help=tr("cli.help.frontier_exact"))
    add_parallel_args(p, tr)
    add_solver_args(p, tr)
    add_output_args(p, tr)


def run(args, console: Console) -> int:
    from ..api import (
        frontier_sentences,
        load_with_scenario,
        run_frontier,
        solve,
        solve_options,
        write_frontier,
    )
    from ..core.safeio import check_output

    if args.exact and args.points is not None:
        raise InputError("err.frontier.both")
    points = None if args.points is None else whole_number("--points", args.points, 2, 1000)
    workers = parse_workers(args.workers)
    if args.executor == "processes":
        workers = capped_to_cores("--workers", workers, console)
    kw = solver_kwargs(args, console)
    if args.exact:
        kw["mip_gap"] = 0.0
    scale = parse_scale(args)
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-frontier.xlsx"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = without_gates(load_with_scenario(args.model, args.scenario), console)
    if scale is not None:
        data = data.with_scale(scale)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    print_warnings(console, data)
    lang = console.lang
    base = solve(data, **kw)             # today's weighted optimum, placed against the frontier
    if not base.has_solution:
        key = "msg.infeasible" if base.status == "infeasible" else "msg.no_solution"
        console.error(t(key, lang, limit=base.time_limit))
        for m in base.explanation:
            console.error("  " + m.render(lang))
        if console.json_mode:
            console.emit_json({"status": base.status, "message": t(key, lang, limit=base.time_limit),
                               "explanation": [m.render(lang) for m in base.explanation], "points": [],
                               "output": None})
        return EXIT_INFEASIBLE if base.status == "infeasible" else EXIT_NO_SOLUTION
    fr = run_frontier(data, args.criteria.split(","), solve_options(data, **kw), points=points, exact=args.exact,
                      workers=workers, executor=args.executor, base=base)
    written = None
    if fr.points:
        written = str(write_frontier(fr, out, lang=lang, force=args.force, inputs=input_paths(args, data)))
    sentences = frontier_sentences(fr, lang)
    if console.json_mode:
        obj = fr.to_json(written)
        obj["sentences"] = sentences
        console.emit_json(obj)
    else:
        _print(console, fr, sentences, lang)
        if written:
            console.info(t("cli.output", lang, path=written))
    if fr.status == "infeasible":
        return EXIT_INFEASIBLE
    return EXIT_OK if fr.points else EXIT_NO_SOLUTION


def _print(console: Console, fr, sentences: list[str], lang: str) -> None:
    names = {c.id: c.name(lang) for c in fr.data.criteria}
    for p in fr.points:
        values = "  ".join(f"{names[c]} {v:,.{0 if fr.exact else 3}f}" for c, v in p.criteria.items())
        status = t(f"status.{p.status}", lang)
        console.info(t("cli.frontier.point", lang, id=p.plan_id, values=values, objective=f"{p.objective:,.3f}",
                       n=len(p.portfolio), status=status))
    if not fr.points:
        console.info(t("cli.frontier.none", lang))
    for s in sentences:
        console.info(s)
