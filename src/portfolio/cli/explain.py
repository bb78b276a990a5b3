"""``portfolio explain PROGRAM``: why a program is or is not funded, and what would change it."""

from __future__ import annotations

from ..core.errors import EXIT_OK, InfeasibleError
from .common import (
    Console,
    add_analysis_solver_args,
    add_model_args,
    analysis_options,
    load_for_analysis,
    report_infeasible,
)
from .options import parse_explain_ladder, unit_share

NAME = "explain"
HELP = "cli.help.explain"
DEFAULT_LADDER = "0.5:1.5:0.1"




def configure(p, tr):
    p.add_argument("program", help=tr("cli.help.program_arg"))
    add_model_args(p, tr)
    p.add_argument("--ladder", default=DEFAULT_LADDER, help=tr("cli.help.explain_ladder", default=DEFAULT_LADDER))
    add_analysis_solver_args(p, tr, gap=False)
    p.add_argument("--json", action="store_true", help=tr("cli.help.json"))


def run(args, console: Console) -> int:
    from ..api import explain_program

    ladder = parse_explain_ladder(args.ladder)      # a bad ladder is an input error before anything is loaded
    data = load_for_analysis(args, console)
    options = analysis_options(args, data)
    try:
        ex = explain_program(data, options, args.program, ladder=ladder,
                             tight_gap=unit_share("--tight-gap", args.tight_gap))
    except InfeasibleError as exc:
        return report_infeasible(console, exc)
    if console.json_mode:
        console.emit_json(ex.to_json(console.lang))
    else:
        for line in ex.lines(console.lang):
            console.info(line)
    return EXIT_OK
