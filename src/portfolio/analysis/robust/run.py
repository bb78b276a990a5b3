"""``portfolio robust``: the max-min and minimax-regret plans beside the weighted optimum."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...core.data import ModelData
from ...engine.solver import SolveOptions
from ..sensitivity.common import Reason, Solved, diff_portfolios, flips, portfolio_of
from .admissible import AdmissibleSet, admissible_set
from .regret import Context, RegretEval, regret_of
from .scenarios import option_values

#: The kinds of plan compared, in the order they are shown.
PLANS = ("weighted", "max_min", "min_max_regret")


@dataclass(frozen=True)
class RobustSettings:
    band: float | None = None           # ±band around every weight instead of the workbook's intervals
    max_iterations: int = 20            # rounds of constraint generation (score ranges only)


@dataclass
class Plan:
    """One plan and what it is worth: at the base weights, in the worst case, and in regret."""

    kind: str                           # weighted | max_min | min_max_regret
    x: np.ndarray
    portfolio: dict[str, tuple[str, int]]
    base_value: float                   # at the base weights and the nominal scores
    worst_value: float                  # min over vertices at the low scores
    worst_vertex: int
    regret: RegretEval
    solved: Solved | None               # the solve that chose it: status, gap, bound
    differs: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass
class RobustResult:
    data: ModelData
    options: SolveOptions
    settings: RobustSettings
    admissible: AdmissibleSet
    scores_ranged: bool
    plans: dict[str, Plan]
    best: list[Solved]                  # the best plan at each vertex (nominal scores)
    max_min_bound: float | None         # no plan guarantees more than this
    regret_lower: float
    regret_upper: float
    regret_converged: bool
    regret_iterations: int
    regret_scenarios: int
    master_status: dict[str, Solved]    # the worst-case MIP's own solve, per robust plan
    values_low: np.ndarray              # K × options: each vertex's option values at the low scores
    solves: int = 0
    seconds: float = 0.0
    warnings: list[Reason] = field(default_factory=list)

    def gives_up(self, kind: str) -> float:
        return self.plans["weighted"].base_value - self.plans[kind].base_value

    def vertex_table(self) -> pd.DataFrame:
        """One row per vertex: its weights, the best value there, and each plan's value and regret there."""
        rows = []
        for k, w in enumerate(self.admissible.vertices):
            b = self.best[k]
            row = {"vertex": k + 1, **{f"w_{c}": float(x) for c, x in zip(self.admissible.criteria, w)},
                   "best": b.objective, "best_bound": b.bound, "best_status": b.status}
            for kind in PLANS:
                p = self.plans[kind]
                row[f"value_{kind}"] = float(self.values_low[k] @ p.x)
                row[f"regret_{kind}"] = float(p.regret.low[k])
                row[f"regret_high_{kind}"] = float(p.regret.high[k])
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self, output: str | None, lang: str = "ja") -> dict:
        from .report_json import result_json

        return result_json(self, output, lang)


def run_robust(data: ModelData, options: SolveOptions, settings: RobustSettings = RobustSettings(), *,
               executor=None, workers: int = 1) -> RobustResult:
    """Both robust plans and the weighted optimum; raise InputError when no admissible set is defined
    (or it is empty), InfeasibleError / NoSolutionError when the model has no plan."""
    from ...engine.parallel import executor as make_executor
    from ...engine.parallel import new_token
    from ...engine.session import Session
    from ..sensitivity.common import base_solve
    from .solves import run_solves

    t0 = time.perf_counter()
    adm = admissible_set(data, settings.band)
    session = Session(data, options)
    base = base_solve(session, options.mip_gap)
    _check_base(base, session, data, options)
    ix = session.ix
    token = new_token()
    with make_executor(executor, workers) as pool:
        def solves(tasks, desc):
            return run_solves(pool, workers, token, data, options, tasks, options.mip_gap, desc)

        best = solves([(k, w, None) for k, w in enumerate(adm.vertices)], "robust: vertices")
        best = [best[k] for k in range(len(adm.vertices))]
        if any(not b.has_solution for b in best):
            from ...core.errors import NoSolutionError
            raise NoSolutionError("msg.no_solution", limit=options.time_limit)
        ctx = _context(data, ix, adm, best, lambda tasks: solves(tasks, "robust: regret"))
        return _compute(data, options, settings, adm, ctx, base, t0)


def _check_base(base, session, data, options) -> None:
    from ...core.errors import InfeasibleError, NoSolutionError

    if base.solved.status == "infeasible":
        from ...engine.infeasibility import explain
        raise InfeasibleError("msg.infeasible", explanation=explain(session.solver, data))
    if not base.solved.has_solution:
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)


def _context(data, ix, adm, best, separate) -> Context:
    from .scenarios import levels_of, score_bounds

    lo, hi, ranged = score_bounds(data, ix)
    return Context(ix=ix, vertices=adm.vertices, lo=lo, hi=hi, level=levels_of(ix), ranged=ranged, best=best,
                   separate=separate)


def _compute(data, options, settings, adm, ctx: Context, base, t0) -> RobustResult:
    from .master import solve_master
    from .regret import minimax_regret

    ix = ctx.ix
    base_values = ix.values(data.weights)
    values_low = np.array([option_values(ix, w, ctx.lo) for w in adm.vertices])
    calls = {"master": 0, "separate": 0}
    separate = ctx.separate

    def counted(tasks):
        calls["separate"] += len(tasks)
        return separate(tasks)
    ctx.separate = counted

    def master(cuts, lexicographic):
        calls["master"] += 2 if lexicographic else 1
        return solve_master(data, options, cuts, base_values, gap=options.mip_gap, lexicographic=lexicographic)

    mm = master([(v, 0.0) for v in values_low], True)
    if mm is None:
        from ...core.errors import NoSolutionError
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)
    z = abs(base.objective)
    tol = options.mip_gap * max(z, 1.0) + 1e-6
    rr = minimax_regret(ctx, master, tol, settings.max_iterations)
    if rr is None:
        from ...core.errors import NoSolutionError
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)
    plans = {"weighted": _plan("weighted", ix, base.x, base.solved, base_values, values_low, regret_of(ctx, base.x)),
             "max_min": _plan("max_min", ix, mm.plan, mm.first, base_values, values_low, regret_of(ctx, mm.plan))}
    plans["min_max_regret"] = _plan("min_max_regret", ix, rr.plan, rr.master.first, base_values, values_low,
                                    rr.evaluation)
    for p in plans.values():
        p.differs = flips(ix, base.portfolio, np.nonzero(p.x > 0.5)[0].tolist())
        p.added, p.removed, p.changed = diff_portfolios(base.portfolio, p.portfolio)
    res = RobustResult(data=data, options=options, settings=settings, admissible=adm, scores_ranged=ctx.ranged,
                       plans=plans, best=ctx.best, max_min_bound=mm.tau_bound, regret_lower=rr.lower,
                       regret_upper=rr.upper, regret_converged=rr.converged, regret_iterations=rr.iterations,
                       regret_scenarios=rr.scenarios, master_status={"max_min": mm.first,
                                                                      "min_max_regret": rr.master.first},
                       values_low=values_low)
    res.solves = 1 + len(ctx.best) + calls["master"] + calls["separate"]
    res.seconds = time.perf_counter() - t0
    res.warnings = _warnings(res)
    return res


def _plan(kind, ix, x, solved, base_values, values_low, regret: RegretEval) -> Plan:
    x = np.asarray(x, dtype=float)
    worst = values_low @ x
    return Plan(kind=kind, x=x, portfolio=portfolio_of(ix, np.nonzero(x > 0.5)[0].tolist()),
                base_value=float(base_values @ x), worst_value=float(worst.min()), worst_vertex=int(np.argmin(worst)),
                regret=regret, solved=solved)


def _warnings(res: RobustResult) -> list[Reason]:
    out = []
    if not res.admissible.base_inside:
        out.append(Reason.of("robust.warn.base_outside"))
    if res.scores_ranged and not res.regret_converged:
        out.append(Reason.of("robust.warn.not_converged", low=res.regret_lower, high=res.regret_upper,
                             rounds=res.regret_iterations))
    late = [k for k, s in res.master_status.items() if s.status != "optimal"]
    late += [k for k in ("weighted",) if res.plans[k].solved.status != "optimal"]
    if late or any(b.status != "optimal" for b in res.best):
        out.append(Reason.of("robust.warn.not_optimal"))
    return out
