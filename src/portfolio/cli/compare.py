"""``portfolio compare``: scenarios or saved results side by side, with charts."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_INFEASIBLE, EXIT_OK, InputError
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
        for line in summary_lines(comp, console.lang):
            console.info(line)
        console.info(t("cli.output", console.lang, path=str(out)))
    # exit 3 only when no run has a plan: one infeasible scenario is shown in place
    return EXIT_OK if comp.summary["status"].isin(["optimal", "feasible"]).any() else EXIT_INFEASIBLE


def summary_lines(comp, lang: str) -> list[str]:
    """Each run's status and objective (rescored under the baseline's weights, its own beside it), then
    what differs from the baseline, by kind, with names."""
    out = []
    names = comp.names.get("programs", {})
    for run, r in zip(comp.runs, comp.summary.itertuples()):
        status = t(f"status.{r.status}", lang)
        if not run.has_plan:
            out.append(t("cli.compare.no_plan", lang, name=r.name, status=status, why=r.explanation or "—"))
            continue
        rescored = "—" if r.objective_base_weights is None else f"{r.objective_base_weights:,.3f}"
        key = "cli.compare.run" if r.same_weights else "cli.compare.run_own"
        out.append(t(key, lang, name=r.name, rescored=rescored, own=r.objective, status=status, n=r.funded))
    base = comp.runs[0]
    for run in comp.runs[1:]:
        if not (base.has_plan and run.has_plan):
            continue
        sub = comp.differences[comp.differences["run"] == run.name]
        parts = [t("cli.compare.kind", lang, kind=t(f"xlsx.compare.kind.{k}", lang),
                   programs=t("exp.sep", lang).join(t("exp.program", lang, name=_name(names, p, lang), id=p)
                                                    for p in sub.loc[sub["kind"] == k, "program"]))
                 for k in comp.kinds if (sub["kind"] == k).any()]
        out.append(f"{base.name} → {run.name}: " + ("; ".join(parts) or t("cli.compare.no_change", lang)))
    return out


#: Which of a [Japanese, English] name pair each language shows (English for any other).
_NAME_INDEX = {"ja": 0}


def _name(names: dict, pid: str, lang: str) -> str:
    return names.get(pid, [pid, pid])[_NAME_INDEX.get(lang, 1)]
