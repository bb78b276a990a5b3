"""A model built once and re-solved many times: the engine of sweeps, sensitivity and explanations.

A :class:`Session` holds one Pyomo model on one persistent HiGHS instance. Budget scale, weights,
scores, limits and forced programs change through mutable parameters and bounds, never by
rebuilding (see ``../shared/guide/solver-notes.md``). Each :meth:`solve` returns the raw
outcome; :meth:`result` turns one into full result tables for the current state.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..core.data import ModelData
from ..model import build_model
from .results import Result, build_result
from .solver import HighsSolver, SolveOptions, SolveOutcome, versions


class Session:
    def __init__(self, data: ModelData, options: SolveOptions):
        self.data = data
        self.options = options
        self.pm = build_model(data)
        self.solver = HighsSolver(self.pm, options)
        self.base_budget = tuple(data.base_budget or data.budget)
        self.scale = data.scale if data.base_budget else 1.0
        self.weights = dict(data.weights)
        self._versions = None

    @property
    def ix(self):
        return self.pm.ix

    # -- state changes ---------------------------------------------------------------------------
    def set_scale(self, scale: float) -> None:
        """Every year's total budget = scale × the scenario's budget (share-based floors follow)."""
        self.scale = float(scale)
        self.pm.set_budget([b * self.scale for b in self.base_budget])

    def set_weights(self, weights: dict[str, float], scores: np.ndarray | None = None) -> None:
        """Objective weights (normalised here) and, optionally, an option × criterion score matrix."""
        total = sum(weights.values())
        self.weights = {c: w / total for c, w in weights.items()}
        self.pm.set_weights(self.weights, scores)

    def force(self, program: str, state: str | None) -> None:
        self.pm.force(program, state)

    def set_limit(self, param: str, key, value: float) -> None:
        self.pm.set_limit(param, key, value)

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

    def result(self, outcome: SolveOutcome) -> Result:
        if self._versions is None:
            self._versions = versions()
        return build_result(self.current_data(), self.ix, outcome, self.options, self._versions)

    def portfolio(self, outcome: SolveOutcome) -> tuple[tuple[str, str, int], ...]:
        """(program, level, start) of every funded option, sorted: what "the same portfolio" compares."""
        return tuple(sorted(self.ix.options[k] for k in outcome.funded_options()))
