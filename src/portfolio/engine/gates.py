"""Solving a gated model's deterministic equivalent (:mod:`portfolio.model.gates`) with HiGHS.

:func:`solve_tree` loads the tree model into HiGHS through the project's appsi route
(:mod:`.appsi_fast`), solves it with the run's time limit, gap, threads and seed, and splits the
solution into one :class:`~portfolio.engine.solver.SolveOutcome` per outcome path. Each path's plan
is a plan of that path's portfolio model: its result tables are computed by the one pipeline
function (:func:`portfolio.engine.pipeline.build_result`), and it is handed to the solution
observers with that path's data, so every rule is checked on every path. The payments are the
tree's own (they are linked across paths, so they are not settled again path by path).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from ..model.gates import TreeModel
from .solver import (
    SolveOptions,
    SolveOutcome,
    SolveState,
    solution_observers,
    use_threads,
    versions,
)


@dataclass
class TreeOutcome:
    """One solve of a tree: its status and numbers, and the plan of every path."""

    status: str                     # optimal | feasible | infeasible | no_solution
    objective: float | None         # expected value
    bound: float | None
    gap: float | None
    seconds: float
    build_seconds: float
    mip_gap_target: float
    time_limit: float
    n_columns: int = 0
    n_rows: int = 0
    paths: list[SolveOutcome] = field(default_factory=list)    # per path, when there is a solution
    values: list[float] = field(default_factory=list)          # each path's value
    #: every variable's value by (path, component, key): a MIP start for a tree with fewer links
    solution: dict = field(default_factory=dict, repr=False)

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")


class _PathSolver:
    """What a solution observer reads of a solver, for one path of a tree."""

    def __init__(self, tree: TreeModel, i: int, options: SolveOptions):
        from ..model.build import PortfolioModel

        self.pm = PortfolioModel(data=tree.datas[i], ix=tree.ixs[i], m=tree.block(i))
        self.options = options


#: The variables of a path's block that a start fills in: with them every row is satisfied.
_START_COMPONENTS = ("choose", "pay", "domain_spend")


def solve_tree(tree: TreeModel, options: SolveOptions, build_seconds: float = 0.0,
               start: dict | None = None, highs_extra: dict | None = None) -> TreeOutcome:
    """Solve the deterministic equivalent `tree` and return every path's plan.

    `start`: another tree's :attr:`TreeOutcome.solution` over the same paths, whose plan is feasible
    here (the committed plan in the policy's tree, the policy in a tree with outcomes known earlier:
    each has fewer non-anticipativity links); HiGHS starts from it (a start that does not fit is
    ignored by HiGHS, never trusted). `highs_extra`: more HiGHS options (benchmarks/gates_default.py)."""
    import highspy
    from pyomo.common.gc_manager import PauseGC

    from . import appsi_fast

    opt = appsi_fast.persistent_highs()
    opt.config.load_solution = False
    opt.config.stream_solver = False
    opt.config.time_limit = None
    opt.config.mip_gap = None
    opt.config.warmstart = False
    opt.highs_options = {"output_flag": False, "log_to_console": False}
    with PauseGC():
        opt.set_instance(tree.m)
    # Loaded once and solved once: appsi must not re-scan (or re-send) the model before the run, which
    # would also drop the MIP start (as in HighsSolver).
    uc = opt.update_config
    for flag in ("check_for_new_or_removed_constraints", "check_for_new_or_removed_vars",
                 "check_for_new_or_removed_params", "check_for_new_objective", "update_constraints", "update_vars",
                 "update_params", "update_named_expressions", "update_objective"):
        setattr(uc, flag, False)
    h = appsi_fast.highs_of(opt)
    opt.highs_options = {"output_flag": False, "log_to_console": False, "threads": int(options.threads),
                         "random_seed": int(options.seed), "mip_rel_gap": float(options.mip_gap),
                         "time_limit": float(options.time_limit), **dict(highs_extra or {})}
    colmap = appsi_fast.column_map(opt)
    if start:
        _set_start(h, tree, colmap, start)
    use_threads(options.threads)
    t0 = h.getRunTime()
    opt.solve(tree.m)
    seconds = h.getRunTime() - t0
    S = highspy.HighsModelStatus
    ms, info, sol = h.getModelStatus(), h.getInfo(), h.getSolution()
    if ms in (S.kOptimal, S.kModelEmpty):
        status = "optimal"
    elif ms in (S.kInfeasible, S.kUnboundedOrInfeasible):
        status = "infeasible"
    elif sol.value_valid:
        status = "feasible"
    else:
        status = "no_solution"
    lp = h.getLp()
    out = TreeOutcome(status=status, objective=None, bound=None, gap=None, seconds=seconds,
                      build_seconds=build_seconds, mip_gap_target=options.mip_gap, time_limit=options.time_limit,
                      n_columns=int(lp.num_col_), n_rows=int(lp.num_row_))
    if status in ("optimal", "feasible"):
        out.objective = float(info.objective_function_value)
        is_mip = info.mip_node_count >= 0
        bound = float(info.mip_dual_bound) if is_mip else out.objective
        out.bound = bound if math.isfinite(bound) else None
        out.gap = (float(info.mip_gap) if math.isfinite(info.mip_gap) else None) if is_mip else 0.0
        values = np.asarray(sol.col_value)
        _split(tree, out, values, colmap, options, seconds)
        out.solution = {(i, name, key): float(values[colmap[id(v)]])
                        for i in range(len(tree.paths)) for name in _START_COMPONENTS
                        for key, v in getattr(tree.block(i), name).items() if id(v) in colmap}
    elif status == "no_solution" and math.isfinite(info.mip_dual_bound):
        out.bound = float(info.mip_dual_bound)
    return out


def _set_start(h, tree: TreeModel, colmap: dict[int, int], start: dict) -> None:
    """Hand HiGHS a complete MIP start: every choice, payment and domain spend of every path."""
    import highspy

    col = np.zeros(h.getNumCol())
    for i in range(len(tree.paths)):
        for name in _START_COMPONENTS:
            for key, v in getattr(tree.block(i), name).items():
                c = colmap.get(id(v))
                if c is not None:
                    x = start.get((i, name, key), 0.0)
                    col[c] = round(x) if name == "choose" else x
    h.setOptionValue("output_flag", False)
    sol = highspy.HighsSolution()
    sol.col_value = col
    sol.value_valid = True
    sol.dual_valid = False
    h.setSolution(sol)


def _split(tree: TreeModel, out: TreeOutcome, values: np.ndarray, colmap: dict[int, int], options: SolveOptions,
           seconds: float) -> None:
    """Each path's plan as a SolveOutcome (its objective: the path's own value), checked by the observers."""
    def column_values(var_component) -> np.ndarray:
        return np.array([values[colmap[id(v)]] if id(v) in colmap else 0.0 for v in var_component.values()])

    for i, ix in enumerate(tree.ixs):
        b = tree.block(i)
        choose = np.round(column_values(b.choose)) if ix.n_options else np.zeros(0)
        pay = np.maximum(column_values(b.pay), 0.0) if ix.flows else np.zeros(0)
        value = float(ix.values(tree.datas[i].weights) @ choose) if ix.n_options else 0.0
        outcome = SolveOutcome(status=out.status, objective=value, bound=None, gap=None, seconds=seconds,
                               wall_seconds=seconds, mip_gap_target=out.mip_gap_target, time_limit=out.time_limit,
                               choose=choose, pay=pay, highs_status="tree")
        out.paths.append(outcome)
        out.values.append(value)
        observers = solution_observers()
        if observers:
            solver, state = _PathSolver(tree, i, options), SolveState(tree.datas[i], {}, {}, True)
            for observe in list(observers):
                observe(solver, outcome, state)


def path_results(tree: TreeModel, out: TreeOutcome, options: SolveOptions) -> list:
    """The result tables of every path's plan (through the pipeline's one :func:`build_result`)."""
    from . import pipeline

    package_versions = versions()
    return [pipeline.build_result(d, ix, o, options, package_versions)
            for d, ix, o in zip(tree.datas, tree.ixs, out.paths)]


def timed_build(build, *args, **kw):
    """(what `build` returns, seconds it took)."""
    t = time.perf_counter()
    tree = build(*args, **kw)
    return tree, time.perf_counter() - t


def merge_outcomes(parts: list[TreeOutcome], groups: list[list[int]], n_paths: int) -> TreeOutcome:
    """One outcome from independent subtrees solved apart (`parts[k]` over the paths `groups[k]`, in
    their order): the expected values and bounds add up (each part is weighted by the paths' own
    probabilities), so the gap is that of the sums; the status is the weakest of the parts'."""
    statuses = [p.status for p in parts]
    status = next((s for s in ("infeasible", "no_solution", "feasible") if s in statuses), "optimal")
    out = TreeOutcome(status=status, objective=None, bound=None, gap=None, seconds=sum(p.seconds for p in parts),
                      build_seconds=sum(p.build_seconds for p in parts), mip_gap_target=parts[0].mip_gap_target,
                      time_limit=parts[0].time_limit, n_columns=sum(p.n_columns for p in parts),
                      n_rows=sum(p.n_rows for p in parts))
    bounds = [p.bound for p in parts]
    if status in ("optimal", "feasible"):
        out.objective = sum(p.objective for p in parts)
        out.bound = None if any(b is None for b in bounds) else sum(bounds)
        if out.bound is not None:
            out.gap = abs(out.bound - out.objective) / max(abs(out.objective), 1e-9)
        where = {i: (k, j) for k, g in enumerate(groups) for j, i in enumerate(g)}
        out.paths = [parts[where[i][0]].paths[where[i][1]] for i in range(n_paths)]
        out.values = [parts[where[i][0]].values[where[i][1]] for i in range(n_paths)]
        out.solution = {(groups[k][j], name, key): v for k, p in enumerate(parts)
                        for (j, name, key), v in p.solution.items()}
    elif status == "no_solution" and all(b is not None for b in bounds):
        out.bound = sum(bounds)
    return out
