"""A model built once and re-solved many times: the engine of sweeps, sensitivity and explanations.

A :class:`Session` holds one Pyomo model on one persistent HiGHS instance. Budget scale, weights,
scores, limits and forced programs change through mutable parameters and bounds, never by
rebuilding (Pyomo's persistent interfaces push only such changes to HiGHS). A temporary change is
made with :meth:`Session.changed`, which puts everything back as it was when the block ends::

    with session.changed(force={"AI-CMP": "in"}, scale=1.1):
        outcome = session.solve(mip_gap=1e-6)

Each :meth:`solve` returns the raw outcome; :meth:`result` turns one into full result tables for
the current state, through the same last steps as ``portfolio solve`` (payments settled, then the
tables: :func:`portfolio.engine.pipeline.outcome_result`).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Iterable, Iterator, Mapping

import numpy as np

from ..core.data import ModelData
from ..model import build_model
from .results import Result
from .solver import HighsSolver, SolveOptions, SolveOutcome, SolveState, versions

#: A limit as re-solves change it: (model parameter, its key, the new value). Parameters are
#: ``total_budget`` (key: year), ``envelope`` (key: (source, year)) and ``capacity`` (key: (capacity, year)).
LimitChange = tuple[str, object, float]


class Session:
    def __init__(self, data: ModelData, options: SolveOptions):
        self.data = data
        self.options = options
        self.pm = build_model(data)
        self.solver = HighsSolver(self.pm, options)
        self.base_budget = tuple(data.base_budget or data.budget)
        self.scale = data.scale if data.base_budget else 1.0
        self.weights = dict(data.weights)
        self.scores: np.ndarray | None = None       # option × criterion scores in use; None: the model's own
        self.forced: dict[str, str] = {}            # program → "in" | "out"
        self.limits: dict[tuple[str, object], float] = {}   # (parameter, key) → value set by set_limit
        self._versions = None
        self.solver.state = self.solve_state

    @property
    def ix(self):
        return self.pm.ix

    # -- state changes ---------------------------------------------------------------------------
    def set_scale(self, scale: float) -> None:
        """Every year's total budget = scale × the scenario's budget (share-based floors follow)."""
        self.scale = float(scale)
        self.limits = {k: v for k, v in self.limits.items() if k[0] != "total_budget"}   # overwritten here
        self.pm.set_budget([b * self.scale for b in self.base_budget], self.scale)   # the spend floor moves too

    def set_weights(self, weights: dict[str, float], scores: np.ndarray | None = None) -> None:
        """Objective weights (normalised here) and, optionally, an option × criterion score matrix."""
        total = sum(weights.values())
        self.weights = {c: w / total for c, w in weights.items()}
        self.scores = scores
        self.pm.set_weights(self.weights, scores)

    def force(self, program: str, state: str | None) -> None:
        """Force a program "in", "out", or back to its own rule (None)."""
        if state is None:
            self.forced.pop(program, None)
        else:
            self.forced[program] = state
        self.pm.force(program, state)

    def set_limit(self, param: str, key, value: float) -> None:
        self.limits[param, key] = float(value)
        self.pm.set_limit(param, key, value)

    def limit(self, param: str, key) -> float:
        """The current value of a limit parameter (see :data:`LimitChange`)."""
        return float(getattr(self.pm.m, param)[key].value)

    @contextlib.contextmanager
    def changed(self, *, force: Mapping[str, str | None] | None = None, limits: Iterable[LimitChange] = (),
                weights: Mapping[str, float] | None = None, scores: np.ndarray | None = None,
                scale: float | None = None) -> Iterator["Session"]:
        """Within the block: programs forced ("in" / "out" / None for their own rule), limits set,
        weights (and an option × criterion score matrix) in the objective, the budget at `scale` ×
        the scenario's. On leaving it, however it is left, the session and its model are exactly as
        before: the parameter values saved on entry are put back as they were, never recomputed.

        Weights given alone keep the scores in use; scores given alone keep the weights."""
        force = dict(force or {})
        limits = list(limits)
        reweigh = weights is not None or scores is not None
        saved = self._save(force, limits, reweigh)
        try:
            if reweigh:
                self.set_weights(dict(weights) if weights is not None else self.weights,
                                 scores if scores is not None else self.scores)
            for p, state in force.items():
                self.force(p, state)
            for param, key, value in limits:
                self.set_limit(param, key, value)
            if scale is not None:
                self.set_scale(scale)
            yield self
        finally:
            self._restore(saved)

    def _save(self, force: Mapping[str, str | None], limits: list[LimitChange], reweigh: bool) -> dict:
        """What :meth:`changed` puts back: the session's own records and the model parameters the
        change touches (the total budget and the spend floor always: a scale or a budget limit moves them)."""
        m = self.pm.m
        return {"attrs": (self.scale, dict(self.weights), self.scores, dict(self.forced), dict(self.limits)),
                "force": {p: self.forced.get(p) for p in force},
                "limits": [(param, key, self.limit(param, key)) for param, key, _ in limits],
                "budget": [float(m.total_budget[t].value) for t in self.ix.years],
                "floor": self.pm.spend_floor(),
                "values": np.array([m.value[o].value for o in self.ix.options], dtype=float) if reweigh else None}

    def _restore(self, saved: dict) -> None:
        for param, key, value in reversed(saved["limits"]):
            self.pm.set_limit(param, key, value)
        self.pm.set_budget(saved["budget"])
        self.pm.set_spend_floor(saved["floor"])
        for p, state in saved["force"].items():
            self.pm.force(p, state)
        if saved["values"] is not None:
            self.pm.set_values(saved["values"])
        self.scale, self.weights, self.scores, self.forced, self.limits = saved["attrs"]

    # -- solving ---------------------------------------------------------------------------------
    def solve(self, *, mip_gap: float | None = None, time_limit: float | None = None,
              start: tuple[np.ndarray, np.ndarray | None] | None = None, target: float | None = None,
              near: list[np.ndarray] | None = None, cutoff: float | None = None) -> SolveOutcome:
        return self.solver.solve(mip_gap=mip_gap, time_limit=time_limit, start=start, target=target, near=near,
                                 cutoff=cutoff)

    def current_data(self) -> ModelData:
        """The ModelData that corresponds to the session's current budget scale and weights."""
        d = self.data.with_scale(self.scale)
        crit = tuple(replace(c, weight=self.weights[c.id]) for c in d.criteria)
        return replace(d, criteria=crit)

    def solve_state(self) -> SolveState:
        """The problem as the next solve sees it (for solution observers, see
        :data:`portfolio.engine.solver.SolutionObserver`): the current data with the scores in use
        as its levels' scores, forced programs, limits set."""
        data = self.current_data()
        if self.scores is not None:
            data = _with_scores(data, self.ix, self.scores)
        return SolveState(data, dict(self.forced), dict(self.limits), bool(self.pm.m.total_value.active))

    def result(self, outcome: SolveOutcome) -> Result:
        """Result tables of `outcome` in the current state, with its payments settled as ``portfolio
        solve`` settles them."""
        from .pipeline import outcome_result

        if self._versions is None:
            self._versions = versions()
        return outcome_result(self.solver, self.current_data(), outcome, self.options, self._versions)

    def portfolio(self, outcome: SolveOutcome) -> tuple[tuple[str, str, int], ...]:
        """(program, level, start) of every funded option, sorted: what "the same portfolio" compares."""
        return tuple(sorted(self.ix.options[k] for k in outcome.funded_options()))


def _with_scores(data: ModelData, ix, scores: np.ndarray) -> ModelData:
    """`data` with each level's scores taken from an option × criterion score matrix (a level's
    options share its scores; a level without options keeps its own)."""
    by_level = {}
    for k, (p, lv, _) in enumerate(ix.options):
        by_level.setdefault((p, lv), k)
    def level(p, lv):
        k = by_level.get((p.id, lv.id))
        return lv if k is None else replace(lv, scores={c: float(scores[k, j]) for j, c in enumerate(ix.criteria)})

    programs = [replace(p, levels=tuple(level(p, lv) for lv in p.levels)) for p in data.programs]
    return replace(data, programs=tuple(programs))
