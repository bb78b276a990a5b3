"""The Python API: load a model, apply a scenario, solve, get pandas tables.

The command line is a thin layer over these functions. The pipeline is written plainly:
load → validate → (scenario) → build → solve → check status → results.
"""

from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from .data import ModelData
from .errors import Message
from .results import Result, build_result
from .scenario import Scenario, apply_overrides, read_scenario_file, read_scenario_rows, resolve_scenario, \
    scenario_names
from .solver import HighsSolver, SolveOptions, versions

DEFAULT_MODEL_NAME = "default.xlsx"


def default_model_path() -> Path:
    """The embedded default model (a copy of models/default.xlsx shipped inside the package)."""
    return Path(str(resources.files("portfolio") / "data" / DEFAULT_MODEL_NAME))


def load_model(path: str | Path | None = None, timings: dict[str, float] | None = None) -> ModelData:
    """Read and validate a model workbook (the embedded default if `path` is None).

    If `timings` is given, the seconds spent reading and validating are added to it.
    """
    from .loader import load_model as _load

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
    from .errors import InputError, Location

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
    from .model import build_model

    timings: dict[str, float] = {}
    if scale is not None:
        data = data.with_scale(scale)
    options = solve_options(data, time_limit=time_limit, mip_gap=mip_gap, threads=threads, seed=seed)
    t = time.perf_counter()
    pm = build_model(data)
    timings["build"] = time.perf_counter() - t
    t = time.perf_counter()
    solver = HighsSolver(pm, options)
    timings["load"] = time.perf_counter() - t
    outcome = solver.solve()
    timings["solve"] = outcome.seconds
    timings["solve_wall"] = outcome.wall_seconds
    if outcome.has_solution:
        from .payments import settle_payments

        t = time.perf_counter()
        outcome.pay = settle_payments(solver, data, outcome)
        timings["settle"] = time.perf_counter() - t
    t = time.perf_counter()
    result = build_result(data, pm.ix, outcome, options, versions())
    timings["extract"] = time.perf_counter() - t
    if outcome.status == "infeasible" and explain:
        from .infeasibility import explain as _explain

        msgs = _explain(solver, data, time_limit=min(options.time_limit, 60.0))
        result.explanation = msgs
    result.timings = timings
    return result


def render_messages(messages: list[Message], lang: str) -> list[str]:
    return [m.render(lang) for m in messages]
