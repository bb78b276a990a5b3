"""``portfolio solve``: solve one scenario and write the results workbook."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_INFEASIBLE, EXIT_NO_SOLUTION, EXIT_OK
from ..core.i18n import t
from .common import (
    Console,
    add_model_args,
    add_output_args,
    add_solver_args,
    finish_timings,
    input_paths,
    model_label,
    print_warnings,
    start_timings,
)
from .options import parse_scale, solver_kwargs

NAME = "solve"
HELP = "cli.help.solve"


def configure(p, tr):
    add_model_args(p, tr)
    add_solver_args(p, tr)
    add_output_args(p, tr)


def run(args, console: Console) -> int:
    from ..api import check_tie, load_with_scenario, own_results_workbook, solve, status_text, write_results
    from ..core.safeio import check_output

    timings = start_timings()
    kw = solver_kwargs(args, console)
    scale = parse_scale(args)
    out = Path(args.output) if args.output else Path.cwd() / f"{model_label(args.model, args.scenario)}-solve.xlsx"
    # A re-run replaces this command's own earlier results workbook without --force; the lock taken
    # here is held until the workbook is written, so a second run at the same moment is refused.
    check_output(out, force=args.force, inputs=input_paths(args), replaceable=own_results_workbook)
    data = load_with_scenario(args.model, args.scenario, timings)
    check_output(out, force=args.force, inputs=input_paths(args, data), replaceable=own_results_workbook)
    print_warnings(console, data)
    result = solve(data, scale=scale, **kw)
    lang = console.lang
    if result.status == "infeasible":
        msg = t("msg.infeasible", lang)
        console.error(msg)
        for m in result.explanation:
            console.error("  " + m.render(lang))
        if console.json_mode:
            obj = result.to_json(None, lang)
            obj["message"] = msg
            console.emit_json(obj)
        return EXIT_INFEASIBLE
    if result.status == "no_solution":
        msg = t("msg.no_solution", lang, limit=result.time_limit)
        console.error(msg)
        if console.json_mode:
            obj = result.to_json(None, lang)
            obj["message"] = msg
            console.emit_json(obj)
        return EXIT_NO_SOLUTION
    check_tie(result)     # said on the console, the Summary sheet and in the JSON
    if timings is not None:
        import time
        t_write = time.perf_counter()
    write_results(result, out, lang=lang, force=args.force, inputs=input_paths(args, data))
    if timings is not None:
        timings["write"] = time.perf_counter() - t_write
    finish_timings(timings, result)
    if console.json_mode:
        console.emit_json(result.to_json(str(out), lang))
    else:
        console.info(t("cli.solve.status", lang, status=status_text(result, lang)))
        console.info(t("cli.solve.objective", lang, objective=result.objective, bound=result.bound))
        console.info(t("cli.solve.funded", lang, funded=int(result.programs["funded"].sum()),
                       programs=len(result.programs), spend=result.spend_total, budget=result.data.budget_total))
        if result.tie is not None and result.tie.status != "unique":
            console.info(result.tie.describe({p.id: p.name(lang) for p in result.data.programs}, lang))
        console.info(t("cli.output", lang, path=str(out)))
    return EXIT_OK
