"""HiGHS through Pyomo's persistent interface, behind one small class.

Nothing else in the project imports a Pyomo solver interface, and only :mod:`.appsi_fast` (which
this module uses to load the model) reads Pyomo's private records. This module:

* loads the model into HiGHS once and re-solves after parameter or bound changes only, with the
  interface told not to re-scan the model for structural changes;
* passes time limit, relative gap, threads and seed on every solve. HiGHS#1331/#1477 describe a
  limit measured against the Highs object's cumulative run clock; with the versions we support
  (highspy 1.15.1 and 1.16.0, checked with repeated ``run()`` calls on one modified model) the
  limit applies to each run, so it is passed as is. ``tests/test_time_limit.py`` re-solves one
  model far past its limit in cumulative time and checks every solve still finishes;
* gives a MIP start from a vector of option choices (and payments), which HiGHS ignores if it
  is infeasible at the new limits; on request it first improves a neighbour's plan into a start
  for the current parameters by a relaxation-induced neighbourhood search (:meth:`HighsSolver.
  _neighbourhood`), which is what makes warm ladder steps and swap tests fast;
* reads the solution straight from HiGHS's column vector, and reports status, objective,
  bound, gap and HiGHS run seconds for every solve;
* hands every solution it returns to the solution observers (:func:`add_solution_observer`, and
  the ``module:function`` names in ``$PORTFOLIO_SOLUTION_OBSERVERS``, registered by each process
  on its first solve, so worker processes too), with the state it was solved in
  (:class:`SolveState`): the tests check every rule of the formulation on each one.
"""

from __future__ import annotations

import importlib
import math
import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from ..core.data import ModelData
from ..model import PortfolioModel

STATUSES = ("optimal", "feasible", "infeasible", "no_solution")


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    mip_gap: float = 1e-4
    threads: int = 1
    seed: int = 0


@dataclass
class SolveOutcome:
    """One solve: its status and numbers, plus the chosen options and payments (when a solution exists)."""

    status: str                     # optimal | feasible | infeasible | no_solution
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float                  # time inside HiGHS's run
    wall_seconds: float             # including pushing updates to HiGHS
    mip_gap_target: float
    time_limit: float
    choose: np.ndarray | None = None    # (n_options,) 0/1
    pay: np.ndarray | None = None       # (n_flows,) 億円
    highs_status: str = ""
    nodes: int | None = None
    #: The solve's cutoff (see HighsSolver.solve). If no plan reaches it, HiGHS may report the best
    #: objective it found with the plan it was started from (tests/test_sweep.py shows a case).
    cutoff: float | None = None

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")

    def funded_options(self) -> list[int]:
        return [] if self.choose is None else np.nonzero(self.choose > 0.5)[0].tolist()


@dataclass(frozen=True)
class SolveState:
    """The problem one solve saw, in the planner's terms: what checking its solution needs."""

    data: ModelData                             # budget scale, weights and scores as solved
    forced: Mapping[str, str]                   # program → "in" | "out" (others follow their own rule)
    limits: Mapping[tuple[str, Any], float]     # (parameter, key) → value set in place of the data's
    #: False when the model maximises something other than the portfolio's value (the search for
    #: near-optimal alternatives in portfolio.analysis.sensitivity); the rules still hold.
    objective_is_value: bool = True


#: Called as ``observer(solver, outcome, state)`` with every outcome that has a solution, before
#: :meth:`HighsSolver.solve` returns it; an exception it raises propagates from the solve.
SolutionObserver = Callable[["HighsSolver", "SolveOutcome", SolveState], None]

#: Observers every process registers on its first solve: "module:function[,module:function…]".
#: Spawned worker processes inherit the environment, so the same observers run there.
OBSERVERS_ENV = "PORTFOLIO_SOLUTION_OBSERVERS"

_observers: list[SolutionObserver] = []
_env_observers_loaded = False


def add_solution_observer(observer: SolutionObserver) -> None:
    """Call `observer` with every solution any solver of this process finds from now on."""
    _observers.append(observer)


def remove_solution_observer(observer: SolutionObserver) -> None:
    _observers.remove(observer)


def solution_observers() -> list[SolutionObserver]:
    """The observers of this process: those named in $PORTFOLIO_SOLUTION_OBSERVERS (registered on
    first call) and those added."""
    global _env_observers_loaded
    if not _env_observers_loaded:
        _env_observers_loaded = True
        for spec in filter(None, (x.strip() for x in os.environ.get(OBSERVERS_ENV, "").split(","))):
            module, sep, name = spec.partition(":")
            if not sep or not module or not name:
                raise ValueError(f"{OBSERVERS_ENV}: {spec!r} is not module:function")
            add_solution_observer(getattr(importlib.import_module(module), name))
    return _observers


def versions() -> dict[str, str]:
    """Versions of the packages a result depends on: the model and solver, and the two workbook
    readers (:mod:`portfolio.inputs.sheets`)."""
    from importlib.metadata import PackageNotFoundError, version

    import highspy
    import pyomo

    from ..core.version import VERSION

    try:
        highs = version("highspy")
    except PackageNotFoundError:
        h = highspy.Highs()
        highs = f"{h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()}"
    out = {"portfolio": VERSION, "pyomo": pyomo.version.version, "highspy": highs}
    for reader in ("python-calamine", "openpyxl"):
        try:
            out[reader] = version(reader)
        except PackageNotFoundError:
            pass
    return out


class HighsSolver:
    """A persistent HiGHS solver bound to one :class:`PortfolioModel`."""

    def __init__(self, pm: PortfolioModel, options: SolveOptions):
        from pyomo.common.gc_manager import PauseGC

        self.pm = pm
        self.options = options
        from . import appsi_fast

        opt = appsi_fast.persistent_highs()
        opt.config.load_solution = False
        opt.config.stream_solver = False
        opt.config.time_limit = None
        opt.config.mip_gap = None
        opt.config.warmstart = False        # we pass MIP starts ourselves (see solve)
        opt.highs_options = {"output_flag": False, "log_to_console": False}
        with PauseGC():     # loading allocates much and frees nothing: skip the cyclic collector
            opt.set_instance(pm.m)
        # After loading, only parameter values, variable bounds and objective coefficients change.
        uc = opt.update_config
        uc.check_for_new_or_removed_constraints = False
        uc.check_for_new_or_removed_vars = False
        uc.check_for_new_or_removed_params = False
        uc.check_for_new_objective = False
        uc.update_constraints = False
        uc.update_vars = True
        uc.update_params = True
        uc.update_named_expressions = False
        uc.update_objective = False
        uc.treat_fixed_vars_as_params = True
        self._opt = opt
        self._highs = appsi_fast.highs_of(opt)
        # Quiet from the start: a MIP start is set before the per-solve options are pushed, and a
        # rejected start would otherwise print a warning on stdout (breaking --json output).
        self._highs.setOptionValue("output_flag", False)
        self._highs.setOptionValue("log_to_console", False)
        colmap = appsi_fast.column_map(opt)
        m = pm.m
        self._x_cols = np.array([colmap[id(v)] for v in m.choose.values()], dtype=np.int64)   # option order
        self._f_cols = np.array([colmap[id(v)] for v in m.pay.values()], dtype=np.int64)      # flow order
        self._n_cols = len(colmap)
        # Domain spend is defined by the choices (model/domains.py): a start fills it in too, so a
        # start that fits is complete and HiGHS takes it as it is (see _set_start).
        domains = list(m.domain_spend.keys())
        self._d_cols = np.array([colmap[id(m.domain_spend[d])] for d in domains], dtype=np.int64)
        at = {d: i for i, d in enumerate(domains)}
        prog = pm.data.program_by_id
        self._option_domain = np.array([at[prog[p].domain] for p in pm.ix.option_program], dtype=np.int64)
        self._inside_cost = pm.ix.cost.sum(axis=1)
        self.last: SolveOutcome | None = None
        #: The state a solve is in, for solution observers; a Session puts its own here.
        self.state: Callable[[], SolveState] = lambda: SolveState(pm.data, {}, {}, pm.m.total_value.active)
        self._rows: list[tuple[str, tuple]] | None = None
        self._row_index: dict[tuple, int] | None = None

    # -- the public seam: what other modules may know of the loaded model ---------------------------
    @property
    def highs(self):
        """The underlying highspy.Highs object (for IIS and relaxations; see portfolio.engine.infeasibility)."""
        return self._highs

    @property
    def option_columns(self) -> np.ndarray:
        """HiGHS column of each option's choice variable ``choose[p, ℓ, s]``, in option order
        (:attr:`ModelIndex.options`)."""
        return self._x_cols

    @property
    def flow_columns(self) -> np.ndarray:
        """HiGHS column of each payment variable ``pay[p, σ, t]``, in flow order (:attr:`ModelIndex.flows`)."""
        return self._f_cols

    @property
    def n_columns(self) -> int:
        return self._n_cols

    def rows(self) -> list[tuple[str, tuple]]:
        """(constraint family, index) of every HiGHS row, in row order: the family is the Pyomo
        component's name (``total_budget_limit``, ``source_envelope``, …, see
        :data:`portfolio.model.build.FAMILIES`), the index its key as a tuple."""
        if self._rows is None:
            from .appsi_fast import row_map

            self._rows = [(comp, idx) for comp, idx, _ in row_map(self._opt)]
        return self._rows

    def row_of(self, family: str, index: tuple) -> int | None:
        """The HiGHS row of one constraint (None if the model has no such row)."""
        if self._row_index is None:
            self._row_index = {key: r for r, key in enumerate(self.rows())}
        return self._row_index.get((family, tuple(index)))

    def objective_coefficients(self) -> np.ndarray:
        """The objective's coefficient on every column, as HiGHS holds it after the last update."""
        self.push_updates()
        return np.asarray(self._highs.getLp().col_cost_, dtype=float)

    def auxiliary(self, *, time_limit: float | None = None, mip_gap: float | None = None):
        """A new, quiet highspy.Highs for a side problem (a relaxation, an elastic copy, a payment LP)
        with this solver's threads and seed (see :func:`use_threads`)."""
        import highspy

        use_threads(self.options.threads)
        aux = highspy.Highs()
        o = self.options
        for k, v in (("output_flag", False), ("log_to_console", False), ("threads", int(o.threads)),
                     ("random_seed", int(o.seed)),
                     ("time_limit", float(o.time_limit if time_limit is None else time_limit))):
            aux.setOptionValue(k, v)
        if mip_gap is not None:
            aux.setOptionValue("mip_rel_gap", float(mip_gap))
        return aux

    def push_updates(self) -> None:
        """Send changed parameters (limits, weights) and bounds (forcings) to HiGHS now, without solving."""
        self._opt.update()

    def forget(self) -> None:
        """Clear HiGHS's solution and basis from earlier solves (the model stays as it is), so the
        next solve depends only on the model and what it is given, not on what ran before."""
        # Set a MIP start on a cleared model and HiGHS may warn about it on stdout (where --json
        # prints its one object): stay quiet.
        self._highs.setOptionValue("output_flag", False)
        self._highs.clearSolver()

    def solve(self, *, mip_gap: float | None = None, time_limit: float | None = None,
              start: tuple[np.ndarray, np.ndarray | None] | None = None, target: float | None = None,
              near: list[np.ndarray] | None = None, cutoff: float | None = None) -> SolveOutcome:
        """Solve (again) at the current parameter values.

        `start` is a MIP start: option choices and, optionally, payments. A start that breaks a
        limit at the new parameter values is harmless: HiGHS rejects it and searches as usual.
        `near`: option choices of neighbouring problems' plans (another budget step, or the same
        step with programs forced): search around them for a near-optimal plan of this problem
        first (:meth:`_neighbourhood`) and start from that instead (`start` is kept if the search
        finds nothing). The search's HiGHS time is counted in the outcome's seconds and comes off
        the time limit (the search takes at most half of it).
        `target`: stop as soon as a plan with at least this objective is found (HiGHS's
        ``objective_target``; the model maximises); the outcome is then "feasible" with its gap.
        `cutoff`: look only for plans with at least this objective (HiGHS's ``objective_bound``,
        see :meth:`_cutoff_option`): with a gap below the distance from the start to the cutoff,
        the solve ends only when such a plan is found (with `target` equal to it) or none can exist.
        """
        o = self.options
        gap = o.mip_gap if mip_gap is None else mip_gap
        limit = o.time_limit if time_limit is None else time_limit
        h = self._highs
        wall0 = time.perf_counter()
        self._opt.update()      # parameter and bound changes (the neighbourhood search reads them)
        extra = 0.0
        near = [r for r in (near or ()) if r is not None]
        if near and len(self._x_cols):
            better, extra = self._neighbourhood(near, gap, limit, target)
            if better is not None:
                start = better
        self._opt.highs_options = {
            "output_flag": False, "log_to_console": False, "threads": int(o.threads),
            "random_seed": int(o.seed), "mip_rel_gap": float(gap),
            # Per run in highspy 1.15.1 and 1.16 (see the module docstring and tests/test_time_limit.py);
            # what the neighbourhood search used (at most half) comes off it.
            "time_limit": float(limit) - extra,
            "objective_target": -math.inf if target is None else float(target),
            "objective_bound": self._cutoff_option(cutoff),
        }
        if start is not None:
            self._set_start(*start)
        use_threads(o.threads)
        t0 = h.getRunTime()
        self._opt.update_config.update_vars = False
        self._opt.update_config.update_params = False
        try:
            results = self._opt.solve(self.pm.m)
        finally:
            self._opt.update_config.update_vars = True
            self._opt.update_config.update_params = True
        seconds = h.getRunTime() - t0 + extra
        outcome = self._outcome(results, gap, limit, seconds, time.perf_counter() - wall0)
        outcome.cutoff = cutoff
        self.last = outcome
        if outcome.has_solution:
            observers = solution_observers()
            if observers:
                state = self.state()
                for observe in list(observers):
                    observe(self, outcome, state)
        return outcome

    def _neighbourhood(self, references: list[np.ndarray], gap: float, limit: float, target: float | None):
        """A near-optimal plan close to the `references`, by relaxation-induced neighbourhood search.

        RINS (Danna, Rothberg & Le Pape 2005), with neighbouring problems' plans in place of an
        incumbent. With x̄ the LP relaxation's optimum at the current parameters and r¹…rᵖ the
        references' choices (0/1 per option),

            fix   choose[k] = r¹[k]   for every option k with |x̄[k] − rʲ[k]| ≤ 1e-6 for all j,

        and solve the restricted MIP (payments and domain spend stay free) to half the gap. What
        the references and the relaxation agree on is kept; only the options where the budget
        change (or a forcing) moved the relaxation away from a reference, or where references
        differ, are decided again: a few hundred of thousands. Its plan satisfies every row of the
        full model, so it is a complete start; with it HiGHS usually proves the gap at the root
        node.

        Runs on a copy of the current model in separate HiGHS instances (one thread, the session's
        seed, at most a quarter of the time limit each), so the persistent solver is untouched.
        Returns ((choose, pay) or None when the relaxation or the neighbourhood has no plan,
        HiGHS seconds spent).
        """
        import highspy

        lp = self._highs.getLp()
        n = lp.num_col_
        xc = self._x_cols.astype(np.int32)
        spent = 0.0

        def make(mip_gap: float):
            aux = self.auxiliary(time_limit=0.25 * float(limit), mip_gap=mip_gap)
            aux.passModel(lp)
            return aux

        relax = make(gap)
        relax.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.zeros(n, dtype=np.uint8))
        relax.run()
        spent += relax.getRunTime()
        if relax.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None, spent
        xbar = np.asarray(relax.getSolution().col_value)[xc]
        refs = np.round(np.asarray(references, dtype=float).reshape(len(references), -1))
        ref = refs[0]
        agree = (np.abs(refs - xbar) <= 1e-6).all(axis=0)
        sub = make(gap / 2)
        if target is not None:
            sub.setOptionValue("objective_target", float(target))
        fixed = xc[agree]
        sub.changeColsBounds(len(fixed), fixed, ref[agree], ref[agree])
        sub.run()
        spent += sub.getRunTime()
        sol = sub.getSolution()
        if not sol.value_valid:
            return None, spent
        values = np.asarray(sol.col_value)
        return (np.round(values[self._x_cols]), np.maximum(values[self._f_cols], 0.0)), spent

    def _cutoff_option(self, cutoff: float | None) -> float:
        """HiGHS's ``objective_bound`` for "only plans with objective ≥ cutoff".

        HiGHS applies it to its internal, minimising objective (−z when the model maximises, as
        ours does): nodes that cannot reach it are pruned. If no plan can, the run ends
        "infeasible", or, when it was given a start below the cutoff, "optimal" with the best plan
        it saw and a bound, both below the cutoff (tests/test_sweep.py checks these semantics).
        """
        import highspy

        if cutoff is None:
            return math.inf
        maximise = self._highs.getObjectiveSense()[1] == highspy.ObjSense.kMaximize
        return -float(cutoff) if maximise else float(cutoff)

    def start_vector(self, choose: np.ndarray, pay: np.ndarray | None) -> np.ndarray:
        """Every column's value for a start: the choices, the payments, the domain spend they imply."""
        choose = np.asarray(choose, dtype=float)
        col = np.zeros(self._n_cols)
        col[self._x_cols] = choose
        if pay is not None:
            col[self._f_cols] = np.asarray(pay, dtype=float)
        if len(self._d_cols):
            col[self._d_cols] = np.bincount(self._option_domain, weights=self._inside_cost * choose,
                                            minlength=len(self._d_cols))
        return col

    def _set_start(self, choose: np.ndarray, pay: np.ndarray | None) -> None:
        """Hand HiGHS a complete MIP start: choices, payments and the domain spend they imply.

        A start that satisfies every row is taken as it is. An incomplete or infeasible one makes
        HiGHS first solve an LP over the continuous columns to repair it, and that repair is
        checked against the time limit on HiGHS's *cumulative* run clock (highspy 1.15–1.16):
        after a few solves on one model it is abandoned at once and the start is lost. Hence the
        start is always made complete here.
        """
        import highspy

        col = self.start_vector(choose, pay)
        sol = highspy.HighsSolution()
        sol.col_value = col
        sol.value_valid = True
        sol.dual_valid = False
        self._highs.setSolution(sol)

    def _outcome(self, results, gap_target: float, limit: float, seconds: float, wall: float) -> SolveOutcome:
        import highspy

        h = self._highs
        ms = h.getModelStatus()
        info = h.getInfo()
        sol = h.getSolution()
        S = highspy.HighsModelStatus
        has_value = bool(sol.value_valid)
        if ms in (S.kOptimal, S.kModelEmpty):
            status = "optimal"
        elif ms in (S.kInfeasible, S.kUnboundedOrInfeasible):
            status = "infeasible"
        elif has_value and ms in (S.kTimeLimit, S.kIterationLimit, S.kSolutionLimit, S.kInterrupt,
                                  S.kObjectiveBound, S.kObjectiveTarget):
            status = "feasible"
        elif ms in (S.kTimeLimit, S.kIterationLimit, S.kSolutionLimit, S.kInterrupt):
            status = "no_solution"
        else:
            raise RuntimeError(f"HiGHS ended with status {h.modelStatusToString(ms)}")
        objective = bound = gap = None
        choose = pay = None
        is_mip = info.mip_node_count >= 0
        if status in ("optimal", "feasible"):
            values = np.asarray(sol.col_value)
            choose = np.round(values[self._x_cols]) if len(self._x_cols) else np.zeros(0)
            pay = np.maximum(values[self._f_cols], 0.0) if len(self._f_cols) else np.zeros(0)
            objective = float(info.objective_function_value)
            if is_mip:
                bound = float(info.mip_dual_bound)
                gap = float(info.mip_gap) if math.isfinite(info.mip_gap) else None
                if bound is not None and not math.isfinite(bound):
                    bound = None
            else:
                bound, gap = objective, 0.0
        elif status == "no_solution" and is_mip and math.isfinite(info.mip_dual_bound):
            bound = float(info.mip_dual_bound)
        return SolveOutcome(status=status, objective=objective, bound=bound, gap=gap, seconds=seconds,
                            wall_seconds=wall, mip_gap_target=gap_target, time_limit=limit, choose=choose, pay=pay,
                            highs_status=h.modelStatusToString(ms),
                            nodes=int(info.mip_node_count) if is_mip else None)

    def load_into_model(self, outcome: SolveOutcome) -> None:
        """Copy a solution into the Pyomo variables (for code that reads the Pyomo model)."""
        m, ix = self.pm.m, self.pm.ix
        if outcome.choose is None:
            return
        for o, v in zip(ix.options, outcome.choose.tolist()):
            m.choose[o].set_value(v, skip_validation=True)
        for f, v in zip(ix.flows, outcome.pay.tolist()):
            m.pay[f].set_value(v, skip_validation=True)


_POOL_THREADS: int | None = None


def use_threads(threads: int) -> None:
    """Make HiGHS's thread pool fit `threads` before a run.

    HiGHS runs every Highs object of a process on one global thread pool, sized by the first run
    that needs it; a run asking for another number of threads afterwards does not run at all (its
    status stays "not set"). So the pool is reset whenever the number of threads changes, for
    instance between ``solve(threads=1)`` and ``solve(threads=2)`` in one Python session."""
    global _POOL_THREADS
    threads = int(threads)
    if _POOL_THREADS is not None and _POOL_THREADS != threads:
        import highspy

        highspy.Highs.resetGlobalScheduler(True)
    _POOL_THREADS = threads
