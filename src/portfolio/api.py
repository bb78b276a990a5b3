"""The Python API: load a model, apply a scenario, solve, analyse, write; pandas tables throughout.

The command line (:mod:`portfolio.cli`) is a thin layer over these functions, and so is every
other program that uses ``portfolio``: each command has its function here, taking numbers (not
option strings). The pipeline is written plainly: load → validate → (scenario) → build → solve →
check status → results → writers.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path
from typing import Callable, Sequence

from .analysis import deliberation
from .core.data import ModelData
from .core.errors import InputError, Location, Message
from .engine.results import Result
from .engine.solver import SolveOptions
from .inputs.scenario import (
    Scenario,
    apply_overrides,
    read_scenario_file,
    read_scenario_rows,
    resolve_scenario,
    scenario_names,
)

DEFAULT_MODEL_NAME = "default.xlsx"

# The report's defaults, which the command line shows in --help.
DEFAULT_LADDER = deliberation.DEFAULT_LADDER
DEFAULT_SAMPLES = deliberation.DEFAULT_SAMPLES
DEFAULT_ANALYSIS_TIME_LIMIT = deliberation.DEFAULT_ANALYSIS_TIME_LIMIT
REPORT_PARTS = deliberation.REPORT_PARTS
REPORT_FRONTIER_POINTS = deliberation.REPORT_FRONTIER_POINTS
AUTO_PARALLEL_SECONDS = deliberation.AUTO_PARALLEL_SECONDS
MAX_AUTO_WORKERS = deliberation.MAX_AUTO_WORKERS


def default_model_path() -> Path:
    """The embedded default model (a copy of models/default.xlsx shipped inside the package)."""
    return Path(str(resources.files("portfolio") / "data" / DEFAULT_MODEL_NAME))


# -- inputs ---------------------------------------------------------------------------------------


def load_model(path: str | Path | None = None, timings: dict[str, float] | None = None) -> ModelData:
    """Read and validate a model workbook (the embedded default if `path` is None).

    If `timings` is given, the seconds spent reading and validating are added to it.
    """
    from .inputs.loader import load_model as _load

    return _load(Path(path) if path is not None else default_model_path(), timings)


def load_with_scenario(model: str | Path | None, scenario: str | None,
                       timings: dict[str, float] | None = None) -> ModelData:
    """Load MODEL (or the scenario's base, or the default) and apply `scenario` if given.

    `scenario` is a YAML file or the name of a row group on the model's Scenarios sheet; both go
    through :func:`apply_overrides`. Applying it counts as validation in `timings`.
    """
    if not scenario:
        return load_model(model, timings)
    path, scen = resolve_scenario(scenario, str(model) if model else None, default_model_path())
    data = load_model(path, timings)
    t = time.perf_counter()
    data = apply_scenario(data, scen)
    if timings is not None:
        timings["validate"] = timings.get("validate", 0.0) + time.perf_counter() - t
    return data


def apply_scenario(data: ModelData, scenario: Scenario | str | Path) -> ModelData:
    """Apply a scenario (object, YAML path, or Scenarios-sheet name) to loaded data."""
    if isinstance(scenario, Scenario):
        return apply_overrides(data, scenario)
    p = Path(str(scenario))
    if p.suffix.lower() in (".yaml", ".yml") or p.is_file():
        return apply_overrides(data, read_scenario_file(p))
    scen = read_scenario_rows(data, str(scenario))
    if scen is None:
        raise InputError("err.scenario_not_found", Location(file=data.path), value=str(scenario),
                         names=", ".join(scenario_names(data)) or "-")
    return apply_overrides(data, scen)


def scenario_base_model(scenario: str, model: str | None) -> Path:
    """The model a scenario file applies to (its ``base:``, else `model`, else the default)."""
    base, _ = resolve_scenario(scenario, model, default_model_path())
    return Path(base)


# -- solving --------------------------------------------------------------------------------------


def solve_options(data: ModelData, *, time_limit: float | None = None, mip_gap: float | None = None,
                  threads: int = 1, seed: int = 0) -> SolveOptions:
    st = data.settings
    return SolveOptions(time_limit=float(time_limit if time_limit is not None else st.time_limit),
                        mip_gap=float(mip_gap if mip_gap is not None else st.mip_gap),
                        threads=int(threads), seed=int(seed))


def solve(data: ModelData, *, scale: float | None = None, time_limit: float | None = None,
          mip_gap: float | None = None, threads: int = 1, seed: int = 0, explain: bool = True) -> Result:
    """Build the MIP for `data`, solve it with HiGHS and return the result tables.

    `scale` multiplies every year's total budget (after any scenario). The result carries its
    status (optimal / feasible / infeasible / no_solution), objective, bound, gap and solve
    time; an infeasible result carries an explanation in the planner's terms.
    """
    from .engine import pipeline

    if scale is not None:
        data = data.with_scale(scale)
    options = solve_options(data, time_limit=time_limit, mip_gap=mip_gap, threads=threads, seed=seed)
    return pipeline.solve(data, options, explain=explain)


def check_tie(result: Result) -> None:
    """Whether another plan has the same value as the result's (one more solve, :mod:`portfolio.analysis.ties`);
    sets ``result.tie``. Only a plan proven within the gap is checked: a search from a plan stopped by
    the time limit would only stop there too."""
    from .analysis.ties import find_tie, tie_time_limit

    if result.status == "optimal":
        result.tie = find_tie(result.data, result.options, result.portfolio(),
                              time_limit=tie_time_limit(result.options, result.solve_seconds))


def check_ladder_ties(ladder) -> None:
    """The same for every step of a budget ladder that has a plan (sets each ``Step.tie``)."""
    from .analysis.ties import ladder_ties

    ladder_ties(ladder)


def render_messages(messages: list[Message], lang: str) -> list[str]:
    return [m.render(lang) for m in messages]


# -- analyses -------------------------------------------------------------------------------------


def run_ladder(data: ModelData, scales: Sequence[float], options: SolveOptions, *, workers: int = 1,
               executor="processes"):
    """The budget ladder (:mod:`portfolio.analysis.sweep`) at the given budget factors."""
    from .analysis.sweep import run_ladder as _run

    return _run(data, list(scales), options, workers=workers, executor=executor)


def margins_closest(margins, n: int = 5):
    """The `n` unfunded programs closest to entry and the `n` funded ones cheapest to lose, from each
    program's margins (:func:`portfolio.analysis.margins.borderline`)."""
    from .analysis.margins import borderline

    return borderline(margins, n)


def sensitivity_parts() -> tuple[tuple[str, ...], dict[str, str]]:
    """The sensitivity analysis's parts, in order, and the names each may be given by."""
    from .analysis.sensitivity import PART_ALIASES, PARTS

    return PARTS, dict(PART_ALIASES)


def sensitivity_default_parts() -> tuple[str, ...]:
    """The parts that run when none is named (every part but the margins)."""
    from .analysis.sensitivity import DEFAULT_PARTS

    return DEFAULT_PARTS


def weight_draw_modes() -> tuple[str, ...]:
    """How the Monte Carlo core index may draw weights."""
    from .analysis.sensitivity import WEIGHT_DRAWS

    return WEIGHT_DRAWS


def sensitivity_settings(**kw):
    """:class:`~portfolio.analysis.sensitivity.SensitivitySettings` from keyword arguments."""
    from .analysis.sensitivity import SensitivitySettings

    return SensitivitySettings(**kw)


def run_sensitivity(data: ModelData, options: SolveOptions, settings=None, *, workers: int = 1,
                    executor="processes"):
    """The sensitivity analysis (:mod:`portfolio.analysis.sensitivity`)."""
    from .analysis.sensitivity import SensitivitySettings
    from .analysis.sensitivity import run_sensitivity as _run

    return _run(data, options, settings or SensitivitySettings(), executor=executor, workers=workers)


def explain_program(data: ModelData, options: SolveOptions, program: str, *, ladder: Sequence[float] | None = None,
                    tight_gap: float | None = None, workers: int | None = 1, cache=None):
    """Why a program is or is not funded (:mod:`portfolio.analysis.explain`); `workers` processes,
    probes already solved taken from `cache` (:mod:`portfolio.analysis.cache`)."""
    from .analysis.explain import DEFAULT_LADDER, TIGHT_GAP
    from .analysis.explain import explain_program as _explain

    return _explain(data, options, program, ladder=tuple(ladder) if ladder else DEFAULT_LADDER,
                    tight_gap=TIGHT_GAP if tight_gap is None else tight_gap, workers=workers, cache=cache)


def analysis_cache(path: str | Path | None = None, folder: str | Path | None = None, *, enabled: bool = True,
                   inputs: tuple = ()):
    """The cache of analysis results kept across runs (:mod:`portfolio.analysis.cache`): `path`, or
    ``portfolio-cache.json`` in `folder` (default: the current folder); inactive if not `enabled`."""
    from .analysis.cache import cache_at

    return cache_at(path, folder, enabled=enabled, inputs=inputs)


def load_run(arg: str, model: str | None, solve_kwargs: dict, lang: str):
    """Turn one ``compare`` input into a :class:`~portfolio.analysis.compare.Run`: a results workbook
    is read from its embedded payload; a model workbook, scenario file or Scenarios-sheet name is solved."""
    from .analysis.compare import Run
    from .inputs.results_workbook import read_embedded_json

    p = Path(arg)
    if p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
        payload = read_embedded_json(p)
        if payload is not None and payload.get("gated"):
            raise InputError("err.gated_results_compare", Location(file=str(p)))
        if payload is not None:
            return Run(name=payload.get("scenario") or p.stem, source=str(p), summary=payload)
        data = load_model(p)                     # a model workbook: solve it as it is
    elif p.suffix.lower() in (".yaml", ".yml") or p.is_file():
        data = load_with_scenario(model, arg)
    else:
        data = apply_scenario(load_model(model), arg)
    from .outputs.results_xlsx import compare_payload

    result = solve(data, **solve_kwargs)
    # A run without a plan is compared too: its status and explanation are shown in its place.
    return Run(name=data.scenario or p.stem, source=arg, summary=compare_payload(result, None, lang))


def compare_runs(runs):
    """Runs side by side, the first one the baseline (:mod:`portfolio.analysis.compare`)."""
    from .analysis.compare import compare

    return compare(runs)


def robust_settings(**kw):
    """:class:`~portfolio.analysis.robust.RobustSettings` from keyword arguments."""
    from .analysis.robust import RobustSettings

    return RobustSettings(**kw)


def run_robust(data: ModelData, options: SolveOptions, settings=None, *, workers: int = 1, executor="processes"):
    """The max-min and minimax-regret plans beside the weighted optimum (:mod:`portfolio.analysis.robust`)."""
    from .analysis.robust import RobustSettings
    from .analysis.robust import run_robust as _run

    return _run(data, options, settings or RobustSettings(), executor=executor, workers=workers)


def write_robust(res, path: str | Path, *, lang: str = "ja", force: bool = False, inputs: Sequence[str] = ()) -> Path:
    """The robust plans' workbook (atomically)."""
    from .outputs.robust_xlsx import write_robust as _write

    return _write(res, path, lang=lang, force=force, inputs=inputs)


# -- outputs --------------------------------------------------------------------------------------


def write_results(result: Result, path: str | Path, *, lang: str = "ja", force: bool = False,
                  inputs: Sequence[str] = ()) -> Path:
    """The results workbook of one solve (atomically)."""
    from .outputs.results_xlsx import write_results as _write

    return _write(result, path, lang=lang, force=force, inputs=inputs)


def own_results_workbook(path: str | Path) -> bool:
    """True if `path` is a results workbook ``portfolio solve`` wrote, its payload intact: what a re-run
    replaces without ``--force`` (see :func:`portfolio.core.safeio.check_output`)."""
    from .inputs.results_workbook import is_own_results_workbook

    return is_own_results_workbook(path)


def status_text(result: Result, lang: str) -> str:
    """The solve status in words, with the gap reached."""
    from .outputs.results_xlsx import status_text as _status

    return _status(result, lang)


def write_ladder(ladder, path: str | Path, *, lang: str = "ja", force: bool = False,
                 inputs: Sequence[str] = ()) -> Path:
    from .outputs.sweep_xlsx import write_ladder as _write

    return _write(ladder, path, lang=lang, force=force, inputs=inputs)


def write_sensitivity(res, path: str | Path, *, lang: str = "ja", force: bool = False,
                      inputs: Sequence[str] = ()) -> Path:
    from .outputs.sensitivity_xlsx import write_sensitivity as _write

    return _write(res, path, lang=lang, force=force, inputs=inputs)


def write_comparison(comp, path: str | Path, *, lang: str = "ja", force: bool = False,
                     inputs: Sequence[str] = ()) -> Path:
    from .outputs.compare_xlsx import write_comparison as _write

    return _write(comp, path, lang=lang, force=force, inputs=inputs)


def write_template(path: str | Path, *, lang: str = "ja", force: bool = False, first_year: int | None = None,
                   years: int | None = None, program_years: int | None = None) -> Path:
    """A blank input workbook with instructions and drop-down lists, for a horizon of `years` fiscal years
    from `first_year` with `program_years` cost columns (FY2026–FY2030 and 5 by default)."""
    from .inputs import template as tpl

    content = tpl.template_content(tpl.TEMPLATE_FIRST_YEAR if first_year is None else first_year,
                                   tpl.TEMPLATE_YEARS if years is None else years,
                                   tpl.TEMPLATE_PROGRAM_YEARS if program_years is None else program_years)
    return tpl.write_input_workbook(path, content, lang=lang, force=force)


# -- the deliberation report ----------------------------------------------------------------------


def make_report(data: ModelData, *, scale: float | None = None, ladder: Sequence[float] | None = None,
                samples: int | None = None, parts: Sequence[str] | None = None, workers: int | None = None,
                executor: str = "processes", analysis_time_limit: float | None = None,
                tight_gap: float | None = None, time_limit: float | None = None, mip_gap: float | None = None,
                threads: int = 1, seed: int = 0, lang: str = "ja", command: str = "",
                notify: Callable[[str, Message], None] | None = None, debug: bool = False, robust: bool = False,
                frontier_points: int | None = None):
    """The deliberation report: solve, budget ladder, sensitivity analysis, rendered as one HTML page.

    Returns ``(html, deliberation)``: the page as text and what it was computed from
    (:class:`~portfolio.analysis.deliberation.Deliberation`). `ladder` defaults to
    0.6–1.4 × the budget in steps of 0.2 (an empty sequence skips it), `samples` to 50 weight
    draws (0 skips the sensitivity analysis), `parts` to every part the report shows, and
    `workers` None chooses one process or one per core by the estimated work. `notify(level,
    message)` receives the time estimate and any part that failed.
    """
    import datetime as _dt

    from .analysis.margins import borderline
    from .analysis.whatif import whatif_payload
    from .analysis.why_not import unfunded_obstacles
    from .inputs.sources_sheet import read_sources_sheet
    from .outputs.report import RunInfo, render_report

    t0 = time.perf_counter()
    generated_at = _dt.datetime.now().isoformat(timespec="seconds")
    kw = dict(time_limit=time_limit, mip_gap=mip_gap, threads=threads, seed=seed)
    gates_view = None
    if data.gates:      # stage gates: the policy in its own section, the rest on the model without gates
        data, gates_view = _report_gates(data, scale, kw, lang)
    options = solve_options(data, **kw)
    delib = deliberation.deliberate(data, options, lambda d, scale=None: solve(d, scale=scale, **kw), scale=scale,
                       ladder=DEFAULT_LADDER if ladder is None else ladder,
                       samples=DEFAULT_SAMPLES if samples is None else samples,
                       parts=REPORT_PARTS if parts is None else parts, workers=workers, executor=executor,
                       analysis_time_limit=analysis_time_limit, tight_gap=tight_gap, lang=lang, notify=notify,
                       debug=debug, frontier_points=deliberation.REPORT_FRONTIER_POINTS if frontier_points is None
                       else frontier_points)
    run = RunInfo(command=command, ladder_seconds=delib.ladder_seconds,
                  sensitivity_seconds=delib.sensitivity_seconds, samples=delib.samples, workers=delib.workers,
                  workers_auto=delib.workers_auto, analysis_time_limit=delib.analysis_time_limit,
                  generated_at=generated_at, ladder_error=delib.ladder_error,
                  sensitivity_error=delib.sensitivity_error)
    sources = read_sources_sheet(data.path)
    robust_plans, robust_error = None, ""
    if robust:      # section 10 (portfolio.analysis.robust)
        from .analysis.robust.for_report import robust_for_report
        robust_plans, robust_error = robust_for_report(data, options, delib, scale=scale, executor=executor,
                                                       lang=lang, notify=notify, debug=debug)
    run.total_seconds = time.perf_counter() - t0
    html = render_report(delib.result, lang=lang, ladder=delib.ladder, sensitivity=delib.sensitivity,
                         sources=sources, run=run, obstacles=unfunded_obstacles(delib.result),
                         whatif=whatif_payload(delib.result, delib.ladder, delib.sensitivity, lang),
                         margins=None if delib.margins is None else borderline(delib.margins),
                         frontier=delib.frontier, frontier_error=delib.frontier_error,
                         frontier_off=frontier_points == 0,
                         robust=robust_plans, robust_error=robust_error, gates=gates_view)
    return html, delib


def _report_gates(data: ModelData, scale, kw: dict, lang: str):
    """The gated solve's view for the report's section, and the model without gates (with a warning
    saying so) for every other section."""
    from dataclasses import replace as _replace

    g = solve_gated(data, scale=scale, **kw)
    plain = _replace(data, gates=(), warnings=tuple(data.warnings) + (
        Message.of("warn.gates_report", gates=", ".join(x.program for x in data.gates)),))
    return plain, report_gates_view(g, lang)


def report_gates_view(g, lang: str) -> dict:
    """What the report's stage-gate section shows, as plain values (:mod:`portfolio.outputs.report.gates`)."""
    from .analysis import gates as G
    from .outputs.results_xlsx import status_text as _status
    from .core.i18n import t

    tables = gated_tables(g, lang)
    dec, plan = tables["gate_decisions"], tables["plan"]
    names = {p.id: p.name(lang) for p in g.data.programs}
    out = []
    for gate in g.data.gates:
        funded = plan[(plan["program"] == gate.program)]["probability"].sum() if len(plan) else 0.0
        outs = []
        for o in gate.outcomes:
            rows = dec[(dec["program"] == gate.program) & (dec["outcome"] == o.id)] if len(dec) else dec
            outs.append(dict(name=o.name(lang), probability=o.probability,
                             decisions=[dict(decision=r.decision, label=G.decision_label(r.decision, lang),
                                             share=float(r.share)) for r in rows.itertuples()]))
        out.append(dict(name=f"{names[gate.program]}（{gate.program}）", gate_year=gate.year,
                        phase1=float(min(funded, 1.0)), outcomes=outs))
    f = g.flexibility
    return dict(method=G.method_text(g, lang), gates=out, status=_status(g.policy, lang),
                policy=g.policy.objective, committed=g.committed.objective,
                flexibility=dict(value=f.value, low=f.low, high=f.high),
                evpi=[dict(r) for r in tables["evpi"].to_dict("records")],
                evpi_note=None if g.evpi_computed else t("gates.evpi.not_computed", lang),
                no_gates=g.no_gates.objective if g.no_gates is not None and g.no_gates.has_solution else None)


def report_charts_of(html_text: str) -> list[str]:
    """The chart keys present in a rendered report."""
    from .outputs.report import report_charts_of as _charts

    return _charts(html_text)


def preload() -> None:
    """Import the modules a solve uses (the benchmarks' phase timings count them as imports)."""
    from .engine import pipeline, results, solver  # noqa: F401
    from .inputs import loader  # noqa: F401
    from .outputs import results_xlsx  # noqa: F401


# -- the criteria trade-off frontier (#20 §1) ------------------------------------------------------


def run_frontier(data: ModelData, criteria: Sequence[str], options: SolveOptions, *, points: int | None = None,
                 exact: bool = False, workers: int = 1, executor="processes", base: Result | None = None):
    """The non-dominated plans between 2 or 3 criteria (:mod:`portfolio.analysis.frontier`, AUGMECON2),
    with `base` (today's weighted optimum, a solve's result) placed against them."""
    from .analysis.frontier import run_frontier as _run

    plan = tuple(base.portfolio()) if base is not None and base.has_solution else None
    outcome = None if plan is None else {"status": base.status, "gap": base.gap, "objective": base.objective}
    return _run(data, list(criteria), options, points=points, exact=exact, workers=workers, executor=executor,
                base=plan, base_outcome=outcome)


def frontier_sentences(frontier, lang: str) -> list[str]:
    """What the frontier's points are and how sure, where the weighted optimum sits, its neighbours."""
    from .outputs.frontier_text import position_sentences, status_sentences

    return status_sentences(frontier, lang) + position_sentences(frontier, lang)


def write_frontier(frontier, path: str | Path, *, lang: str = "ja", force: bool = False,
                   inputs: Sequence[str] = ()) -> Path:
    from .outputs.frontier_xlsx import write_frontier as _write

    return _write(frontier, path, lang=lang, force=force, inputs=inputs)


# -- stage gates (issue #21) ----------------------------------------------------------------------


def solve_gated(data: ModelData, *, scale: float | None = None, time_limit: float | None = None,
                mip_gap: float | None = None, threads: int = 1, seed: int = 0, worst_floor: float | None = None,
                evpi: bool = False):
    """Solve a model with stage gates as a policy over its outcome paths (exact tree or SAA), with the
    committed plan, perfect information and EVPI per gate (:mod:`portfolio.analysis.gates`).
    `worst_floor`: the risk-averse variant, every outcome path's value at least this. `evpi`: also EVPI per
    gate (one more solve per gate); without it the result says that per-gate EVPI was not computed."""
    from .analysis.gates import solve_gated as _solve

    if scale is not None:
        data = data.with_scale(scale)
    return _solve(data, solve_options(data, time_limit=time_limit, mip_gap=mip_gap, threads=threads, seed=seed),
                  worst_floor=worst_floor, evpi=evpi)


def gated_tables(g, lang: str = "ja") -> dict:
    from .analysis import gates as G

    decisions = G.gate_decisions(g)
    decisions["decision_label"] = [G.decision_label(d, lang) for d in decisions["decision"]]
    return {"runs": G.run_rows(g, lang), "gate_decisions": decisions, "plan": G.plan_table(g),
            "spend": G.spend_table(g), "evpi": G.evpi_rows(g), "paths": G.path_rows(g)}


def gated_json(g, output: str | None, lang: str = "ja") -> dict:
    from .analysis.gates import to_json
    from .engine.solver import versions

    return {**to_json(g, output, lang), "versions": versions()}


def write_gated_results(g, path: str | Path, *, lang: str = "ja", force: bool = False,
                        inputs: Sequence[str] = ()) -> Path:
    """The results workbook of a gated solve (atomically), with its JSON payload embedded."""
    from .outputs.gates_xlsx import write_gated_results as _write

    return _write(g, gated_tables(g, lang), gated_json(g, str(path), lang), path, lang=lang, force=force,
                  inputs=inputs)


def gated_console_lines(g, lang: str) -> list[str]:
    """What ``portfolio solve`` prints for a gated model: the model solved, the policy's value with its
    status, the value of flexibility and EVPI with the ranges their solves prove, the SAA bound, and
    the decision at each gate."""
    from .analysis import gates as G
    from .core.i18n import t

    lines = [t("gates.cli.model", lang, method=G.method_text(g, lang)),
             t("gates.cli.policy", lang, value=g.policy.objective, status=status_text(g.policy, lang),
               bound=f"{g.policy.bound:,.3f}" if g.policy.bound is not None else "-")]
    if g.policy.values:
        lines.append(t("gates.cli.worst", lang, worst=min(g.policy.values)) if g.worst_floor is None
                     else t("gates.cli.worst_floor", lang, worst=min(g.policy.values), floor=g.worst_floor))
    f = g.flexibility
    lines.append(t("gates.cli.flexibility", lang, value=f.value, low=f.low, high=f.high,
                   committed=g.committed.objective) if f.value is not None
                 else t("gates.cli.unknown", lang, what=t("xlsx.gates.flexibility", lang)))
    if not g.evpi_computed:
        lines.append(t("gates.evpi.not_computed", lang))
    for e in (g.events if g.evpi_computed else []):
        d = g.evpi(e.id)
        lines.append(t("gates.cli.evpi", lang, gate=G._event_label(e), value=d.value, low=d.low, high=d.high)
                     if d.value is not None else t("gates.cli.unknown", lang, what=G._event_label(e)))
    if g.saa is not None:
        s = g.saa
        lines.append(t("gates.saa.no_bound", lang) if s.gap is None else t(
            "gates.cli.saa_bound", lang, batches=s.batches, samples=s.samples, upper=s.upper,
            uhw=s.upper_half_width or 0.0, lower=s.lower, lhw=s.lower_half_width or 0.0, gap=s.gap,
            gap_bound=s.gap_bound, note="" if s.lower_valid else t("gates.saa.lower_indicative", lang)))
    for r in G.gate_decisions(g).itertuples():
        share = t("gates.cli.share", lang, share=r.share) if r.share < 1 - 1e-9 else ""
        lines.append(t("gates.cli.decision", lang, program=r.program, year=r.gate_year, outcome=r.outcome,
                       probability=r.probability, decision=G.decision_label(r.decision, lang), share=share))
    return lines


def gated_method_text(g, lang: str) -> str:
    from .analysis.gates import method_text

    return method_text(g, lang)


def gate_paths(data: ModelData) -> int:
    """The number of outcome paths of a gated model's exact tree."""
    from .model.gates import events, n_paths

    return n_paths(events(data))
