"""Assemble the model from its constraint families and keep the handles that re-solves change."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyomo.core as pyo  # the modelling core only: pyomo.environ would load every Pyomo plugin
from pyomo.common.gc_manager import PauseGC

from ..core.data import ModelData, floor_at_scale
from . import (
    capacity,
    choice,
    dependencies,
    domains,
    funding,
    leverage,
    limits,
    objective,
    tail,
)
from .index import ModelIndex, build_index

#: The constraint modules in build order. Each declares its families (``BUILDERS``: the Pyomo
#: components a builder adds, and the builder), its limit families (``LIMITS``, gathered by
#: :mod:`portfolio.model.families`) and its rules; a family added to a module is built from there.
MODULES = (choice, funding, limits, capacity, domains, dependencies, tail, leverage, objective)
#: Constraint families in build order: (the Pyomo components the builder adds, builder). The
#: formulation document has one section per entry, headed by those names.
FAMILIES = tuple(family for module in MODULES for family in module.BUILDERS)


@dataclass
class PortfolioModel:
    """The Pyomo model with its data and index, and the operations re-solves need."""

    data: ModelData
    ix: ModelIndex
    m: pyo.ConcreteModel

    # -- what re-solves change -----------------------------------------------------------------
    def set_budget(self, budget, scale: float | None = None) -> None:
        """Set the total budget of each year (億円), e.g. for a step of a budget ladder. With `scale`
        (the budget's scale against the stated budget), the spend floor moves with it: it is stated
        at scale 1, so at ×0.8 each year's floor is 0.8 × the stated one; above ×1 it stays as stated
        (:func:`portfolio.core.data.floor_at_scale`)."""
        for t, b in zip(self.ix.years, budget):
            self.m.total_budget[t] = float(b)
        if scale is not None:
            self.set_spend_floor([None if f is None else floor_at_scale(f, scale) for f in self.data.spend_floor])

    def spend_floor(self) -> list[float | None]:
        """Each year's spend floor as the model holds it now (None: no floor that year)."""
        has = hasattr(self.m, "spend_floor")
        return [float(self.m.spend_floor[t].value) if has and t in self.m.spend_floor else None
                for t in self.ix.years]

    def set_spend_floor(self, floors) -> None:
        """Set the spend floor of each year that has one (億円; None entries are skipped)."""
        if not hasattr(self.m, "spend_floor"):
            return
        for t, f in zip(self.ix.years, floors):
            if f is not None and t in self.m.spend_floor:
                self.m.spend_floor[t] = float(f)

    def set_values(self, values: np.ndarray) -> None:
        """Set every option's objective coefficient (see :meth:`ModelIndex.values`)."""
        for o, v in zip(self.ix.options, values.tolist()):
            self.m.value[o] = v

    def set_weights(self, weights: dict[str, float], scores: np.ndarray | None = None) -> None:
        self.set_values(self.ix.values(weights, scores))

    def set_limit(self, param: str, key, value: float) -> None:
        getattr(self.m, param)[key] = float(value)

    def force(self, program: str, state: str | None) -> None:
        """Force a program in ("in"), out ("out"), or back to its own rule (None).

        Uses variable bounds and the mutable lower bound of its one-choice row, which a
        persistent solver updates cheaply; fixing variables would make it rebuild rows.
        """
        p = self.data.program_by_id[program]
        base = int(p.mandatory or p.ongoing or p.lock_level is not None or p.lock_start is not None)
        self.m.must_fund[program] = 1 if state == "in" else (0 if state == "out" else base)
        ub = 0 if state == "out" else 1
        for k in self.ix.by_program[program]:
            self.m.choose[self.ix.options[k]].setub(ub)

    def option_values(self) -> np.ndarray:
        """The current choice of every option (0/1) as loaded from the last solve."""
        return np.array([self.m.choose[o].value or 0.0 for o in self.ix.options])


def build_model(data: ModelData, ix: ModelIndex | None = None) -> PortfolioModel:
    """Build the MIP from validated data. The model never reads a file.

    A model with stage gates is a policy over outcome paths (:mod:`portfolio.model.gates`), never one
    plan: building it as one here is refused (exit 2) rather than silently dropping its gates."""
    if data.gates:
        from ..core.errors import InputError

        raise InputError("err.gated_model", gates=", ".join(g.program for g in data.gates))
    # Building creates hundreds of thousands of small objects and no garbage: Python's cyclic
    # collector would only re-scan them again and again (it took three quarters of the build).
    with PauseGC():
        ix = ix or build_index(data)
        m = pyo.ConcreteModel(name=data.settings.model_name or "portfolio")
        choice.add_choice_variables(m, ix)
        for _, add in FAMILIES:
            add(m, ix, data)
    return PortfolioModel(data=data, ix=ix, m=m)
