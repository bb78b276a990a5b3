"""``portfolio sensitivity``: how robust the optimum is (weight stability, core index, price of
forcing, marginal values of limits, near-optimal alternatives), from the command line.

Like ``portfolio solve``: ``--lang``, errors as :class:`~portfolio.core.errors.InputError` (exit 2),
an infeasible base model exits 3, and with ``--json`` stdout carries exactly one JSON object (no
infinities: a value that cannot be computed is null with a reason).
"""

from __future__ import annotations

from pathlib import Path

from ..core import limits
from ..core.errors import InputError, Text
from ..core.i18n import t
from .common import (
    Console,
    add_analysis_solver_args,
    add_model_args,
    add_output_args,
    add_parallel_args,
    analysis_options,
    input_paths,
    load_for_analysis,
    model_label,
    run_and_write,
)
from .options import (
    capped_to_cores,
    parse_parts,
    parse_workers,
    positive_float,
    unit_share,
    whole_number,
)

NAME = "sensitivity"
HELP = "cli.help.sensitivity"




def configure(p, tr):
    from ..api import sensitivity_parts, weight_draw_modes

    parts, _ = sensitivity_parts()
    add_model_args(p, tr)
    p.add_argument("--parts", default=None, help=tr("cli.help.sens_parts", parts=",".join(parts)))
    p.add_argument("--samples", default="200", help=tr("cli.help.sens_samples"))
    p.add_argument("--seed", default="0", help=tr("cli.help.sens_seed"))
    p.add_argument("--concentration", default="50", help=tr("cli.help.concentration"))
    p.add_argument("--weight-draws", default="auto", choices=weight_draw_modes(), help=tr("cli.help.weight_draws"))
    p.add_argument("--core", default="0.9", help=tr("cli.help.core"))
    p.add_argument("--exterior", default="0.1", help=tr("cli.help.exterior"))
    p.add_argument("--tornado", default="0.2", help=tr("cli.help.tornado"))
    p.add_argument("--tolerance", default="0.001", help=tr("cli.help.tolerance"))
    p.add_argument("--delta", default="0.05", help=tr("cli.help.delta"))
    p.add_argument("--alternatives", default="3", help=tr("cli.help.alternatives"))
    p.add_argument("--within", default="0.01", help=tr("cli.help.within"))
    p.add_argument("--no-lp-duals", action="store_true", help=tr("cli.help.no_lp_duals"))
    add_parallel_args(p, tr)
    add_analysis_solver_args(p, tr)
    add_output_args(p, tr)


def settings_from_args(args):
    from ..api import sensitivity_default_parts, sensitivity_parts, sensitivity_settings

    PARTS, aliases = sensitivity_parts()
    try:
        parts = parse_parts(args.parts, PARTS, aliases, default=sensitivity_default_parts())
    except ValueError as exc:
        raise InputError("sens.err.parts", value=str(exc), names=", ".join(PARTS)) from None
    if not parts:
        raise InputError("sens.err.parts", value=args.parts, names=", ".join(PARTS))
    core = unit_share("--core", args.core, low_open=True)
    exterior = unit_share("--exterior", args.exterior, high_open=True)
    if exterior >= core:
        raise InputError("err.bad_option", option="--exterior", value=args.exterior,
                         expected=Text(f"--core（{core:g}）より小さい数値", f"a number below --core ({core:g})"))
    return sensitivity_settings(
        parts=parts, samples=whole_number("--samples", args.samples, 1, limits.MAX_SAMPLES),
        seed=whole_number("--seed", args.seed, 0, limits.MAX_SEED),
        concentration=positive_float("--concentration")(args.concentration), weight_draws=args.weight_draws,
        core=core, exterior=exterior, tornado=unit_share("--tornado", args.tornado, low_open=True),
        tolerance=unit_share("--tolerance", args.tolerance, low_open=True, high_open=True),
        delta=unit_share("--delta", args.delta, low_open=True, high_open=True),
        tight_gap=unit_share("--tight-gap", args.tight_gap),
        alternatives=whole_number("--alternatives", args.alternatives, 0, limits.MAX_ALTERNATIVES),
        within=unit_share("--within", args.within, low_open=True, high_open=True), lp_duals=not args.no_lp_duals)


def run(args, console: Console) -> int:
    from ..api import run_sensitivity, write_sensitivity
    from ..core.safeio import check_output

    settings = settings_from_args(args)
    workers = parse_workers(args.workers)
    if args.executor == "processes":
        workers = capped_to_cores("--workers", workers, console)
    out = Path(args.output) if args.output else \
        Path.cwd() / f"{model_label(args.model, args.scenario)}-sensitivity.xlsx"
    check_output(out, force=args.force, inputs=input_paths(args))
    data = load_for_analysis(args, console)
    check_output(out, force=args.force, inputs=input_paths(args, data))
    options = analysis_options(args, data)
    return run_and_write(console, args, data, out,
                         lambda: run_sensitivity(data, options, settings, executor=args.executor, workers=workers),
                         write_sensitivity, summary_lines)


def summary_lines(res, lang: str) -> list[str]:
    d = res.data
    out = [t("cli.sensitivity.base", lang, objective=res.base.objective, n=len(res.base.portfolio), solves=res.solves,
             seconds=res.seconds)]
    if res.stability is not None:
        out.append(t("cli.sensitivity.stability", lang))
        for r in res.stability.itertuples():
            name = d.criterion_by_id[r.criterion].name(lang)
            out.append(f"  {name}: {r.base:.3f}  [{r.low:.3f}, {r.high:.3f}]")
    if res.core is not None:
        counts = res.core["cls"].value_counts()
        border = res.core[res.core["cls"] == "borderline"]
        out.append(t("cli.sensitivity.core", lang, draws=len(res.draws), core=counts.get("core", 0),
                     borderline=counts.get("borderline", 0), exterior=counts.get("exterior", 0)))
        for r in border.sort_values("core_index", ascending=False).itertuples():
            out.append(f"  {r.program} {r.name_ja if lang == 'ja' else r.name_en}: {r.core_index:.2f}")
    if res.price is not None:
        known = res.price.dropna(subset=["loss"]).sort_values("loss")
        if len(known):
            out.append(t("cli.sensitivity.price", lang))
            for r in known.head(5).itertuples():
                verb = t("cli.sensitivity.forced_in" if r.direction == "in" else "cli.sensitivity.forced_out", lang)
                out.append(f"  {r.program} ({verb}): {r.loss:,.4f}")
    if res.marginal is not None:
        mv = res.marginal.dropna(subset=["plus"])
        mv = mv[(mv["plus"].abs() > 1e-9) | (mv["minus"].fillna(0).abs() > 1e-9)]
        out.append(t("cli.sensitivity.marginal", lang, moved=len(mv), limits=len(res.marginal)))
        for r in mv.itertuples():
            minus = "null" if r.minus is None or r.minus != r.minus else f"{r.minus:,.4f}"
            out.append(f"  {r.limit}: +Δ {r.plus:,.4f} / −Δ {minus} (Δ {r.delta:,.3f})")
    if res.alternatives is not None:
        out.append(t("cli.sensitivity.alternatives", lang, n=len(res.alternatives), within=res.settings.within))
        for a in res.alternatives:
            diff = []
            if a.added:
                diff.append(t("cli.sensitivity.added", lang, ids=", ".join(a.added)))
            if a.removed:
                diff.append(t("cli.sensitivity.removed", lang, ids=", ".join(a.removed)))
            if a.changed:
                diff.append(t("cli.sensitivity.changed", lang, ids=", ".join(a.changed)))
            out.append(f"  #{a.rank}: {a.objective:,.4f} (−{a.shortfall:.2%}) " + "; ".join(diff))
        if res.alternatives_note is not None:
            out.append("  " + res.alternatives_note.render(lang))
    if getattr(res, "margins", None) is not None:
        out.extend(margin_lines(res, lang))
    return out


def margin_lines(res, lang: str) -> list[str]:
    """The programs closest to the line, each with its cost margin (the rest is in the workbook)."""
    from ..api import margins_closest

    near, cheap = margins_closest(res.margins, 5)
    out = [t("margin.cli.head", lang, n=len(res.margins))]
    for m in near + cheap:
        cost = m.cost.text(lang).strip() if m.cost is not None else ""
        out.append(f"  {m.program} ({m.value_margin:+,.3f}) {cost}")
    return out
