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
    p.add_argument("--worst-path-floor", type=float, default=None, help=tr("gates.cli.help.worst_floor"))
    p.add_argument("--evpi", action="store_true", help=tr("gates.cli.help.evpi"))


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
    if data.gates:      # stage gates: a policy over outcome paths, not one plan (issue #21)
        return run_gated(args, console, data, out, scale, kw)
    if args.worst_path_floor is not None:
        from ..core.errors import InputError

        raise InputError("err.worst_floor_no_gates", value=args.worst_path_floor)
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


def run_gated(args, console: Console, data, out: Path, scale, kw) -> int:
    """``portfolio solve`` on a model with stage gates: the policy over its outcome paths (issue #21).
    Says which model was solved (exact tree or SAA, and its paths), and every figure with its status."""
    from ..api import gated_console_lines, gated_json, gated_method_text, solve_gated, write_gated_results

    lang = console.lang
    g = solve_gated(data, scale=scale, worst_floor=args.worst_path_floor, evpi=args.evpi, **kw)
    if g.status in ("infeasible", "no_solution"):
        msg = t("msg.infeasible", lang) if g.status == "infeasible" else t("msg.no_solution", lang,
                                                                           limit=g.options.time_limit)
        console.error(t("gates.cli.model", lang, method=gated_method_text(g, lang)))
        console.error(msg)
        if console.json_mode:
            console.emit_json({**gated_json(g, None, lang), "message": msg})
        return EXIT_INFEASIBLE if g.status == "infeasible" else EXIT_NO_SOLUTION
    write_gated_results(g, out, lang=lang, force=args.force, inputs=input_paths(args, data))
    if console.json_mode:
        console.emit_json(gated_json(g, str(out), lang))
        return EXIT_OK
    for line in gated_console_lines(g, lang):
        console.info(line)
    console.info(t("cli.output", lang, path=str(out)))
    return EXIT_OK
