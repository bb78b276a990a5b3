"""``portfolio compare``: scenarios or saved results side by side, with charts."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_OK, InputError
from ..core.i18n import t
from .common import Console, add_output_args, add_solver_args
from .options import solver_kwargs

NAME = "compare"
HELP = "cli.help.compare"



def configure(p, tr):
    p.add_argument("inputs", nargs="+", help=tr("cli.help.compare_inputs"))
    p.add_argument("--model", default=None, help=tr("cli.help.compare_model"))
    add_solver_args(p, tr)
    add_output_args(p, tr)


def run(args, console: Console) -> int:
    from ..api import compare_runs, load_run, write_comparison
    from ..core.safeio import check_output

    if len(args.inputs) < 2:
        raise InputError("err.compare_few")
    kw = solver_kwargs(args, console)
    out = Path(args.output) if args.output else Path.cwd() / "compare.xlsx"
    inputs = [*args.inputs, *([args.model] if args.model else [])]
    check_output(out, force=args.force, inputs=inputs)
    runs = [load_run(a, args.model, kw, console.lang) for a in args.inputs]
    comp = compare_runs(runs)
    write_comparison(comp, out, lang=console.lang, force=args.force, inputs=inputs)
    if console.json_mode:
        console.emit_json(comp.to_json(str(out)))
    else:
        lang = console.lang
        for r in comp.summary.itertuples():
            console.info(f"{r.name}: {r.objective:,.3f} ({r.status}), " + t("cli.programs", lang, n=r.funded))
        for r in comp.runs[1:]:
            sub = comp.differences[comp.differences["run"] == r.name]
            parts = [f"{k}: {', '.join(sub.loc[sub['kind'] == k, 'program'])}" for k in
                     ("gained", "lost", "level_changed", "start_changed") if (sub["kind"] == k).any()]
            console.info(f"{comp.runs[0].name} → {r.name}: " + ("; ".join(parts) or t("cli.compare.no_change", lang)))
        console.info(t("cli.output", lang, path=str(out)))
    return EXIT_OK
