"""Marginal values of limits: the objective gained at +Δ and lost at −Δ for each year's total
budget, each source envelope, each fund deposit and each capacity, by re-solving at a tight gap,
with the LP relaxation's duals beside them (indicative only: the MIP has none)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ...core.data import ModelData
from ...engine.solver import SolveOptions
from ...model.families import LIMITS_BY_ID, parameter_limits, stated_value
from .common import Base, Reason, run_tasks
from .settings import SensitivitySettings


@dataclass(frozen=True)
class Limit:
    name: str          # "total_budget:2026", "envelope:MEXT:2026", "fund_balance:KPROG:2026", "capacity:FTE:2026"
    family: str        # total_budget | source_envelope | fund_balance | capacity
    param: str         # the mutable Pyomo parameter: total_budget | envelope | capacity
    key: Any           # its index
    source: str        # source or resource id ("" for the total budget)
    year: int
    value: float
    delta: float


def limit_base(data: ModelData, param: str, key) -> float:
    """The data's value of one limit parameter (see :data:`portfolio.engine.session.LimitChange`)."""
    return stated_value(data, param, key)


def limits_of(data: ModelData, solver, delta: float) -> list[Limit]:
    """Every limit a re-solve can move that has a row in the model (:func:`parameter_limits`), with
    its Δ: a share of the limit, or of its largest year's value where the limit is 0."""
    out = []
    for fam, key, year, value in parameter_limits(data):
        if not _has_row(data, solver, fam, key, year):
            continue
        biggest = max(fam.stated(data, key, y) for y in data.years)
        name = f"{fam.id}:{year}" if not key else f"{fam.id}:{key}:{year}"
        out.append(Limit(name=name, family=fam.id, param=fam.parameter, key=fam.parameter_index(key, year),
                         source=key, year=year, value=value, delta=delta * (value if value > 0 else biggest)))
    return out


def _has_row(data: ModelData, solver, fam, key: str, year: int) -> bool:
    """Whether moving the limit moves a row: every year's budget does; a fund's deposit does in every year
    once the fund has a balance row (deposits carry over); an envelope or capacity where its row exists."""
    if fam.id == "total_budget":
        return True
    if fam.id == "fund_balance":
        return any(solver.row_of(fam.component, (key, y)) is not None for y in data.years)
    return solver.row_of(fam.component, (key, year)) is not None


def marginal_values(pool, workers: int, token: str, data: ModelData, options: SolveOptions, session, base: Base,
                    settings: SensitivitySettings) -> tuple[pd.DataFrame, int]:
    """Objective gained at +Δ and lost at −Δ for every limit, by MIP re-solves at a tight gap."""
    limits = limits_of(data, session.solver, settings.delta)
    tasks = []
    unaffected: set[str] = set()      # −Δ leaves the base optimum feasible: the loss is exactly 0
    check = _BaseFeasibility(session, base)
    for lim in limits:
        if lim.delta <= 0:
            continue
        tasks.append(((lim.name, "plus"), {"limits": [(lim.param, lim.key, lim.value + lim.delta)]}))
        if lim.value - lim.delta >= 0:
            if check.still_feasible(lim.param, lim.key, lim.value - lim.delta):
                unaffected.add(lim.name)
            else:
                tasks.append(((lim.name, "minus"), {"limits": [(lim.param, lim.key, lim.value - lim.delta)]}))
    got = run_tasks(pool, workers, token, data, options, tasks, settings.tight_gap, "marginal values", base.start)
    for name in unaffected:
        got[(name, "minus")] = base.solved
    duals = lp_duals(session, data, limits) if settings.lp_duals else {}
    rows = []
    for lim in limits:
        row = dict(limit=lim.name, family=lim.family, source=lim.source, year=lim.year, value=lim.value,
                   delta=lim.delta if lim.delta > 0 else None, plus=None, minus=None, plus_per_unit=None,
                   minus_per_unit=None, gap_reached=None, lp_dual=duals.get(lim.name), reason=None)
        if lim.delta <= 0:
            row["reason"] = Reason.of("sens.reason.zero_limit")
            rows.append(row)
            continue
        reached = True
        rp = got[(lim.name, "plus")]
        if rp.has_solution:
            row["plus"] = rp.objective - base.objective
            row["plus_per_unit"] = row["plus"] / lim.delta
            reached &= rp.status == "optimal"
        else:
            row["reason"] = Reason.of("sens.reason.plus_no_solution")
        rm = got.get((lim.name, "minus"))
        if rm is None:
            row["reason"] = Reason.of("sens.reason.minus_below_zero")
        elif rm.has_solution:
            row["minus"] = base.objective - rm.objective
            row["minus_per_unit"] = row["minus"] / lim.delta
            reached &= rm.status == "optimal"
        elif rm.status == "infeasible":
            row["reason"] = Reason.of("sens.reason.minus_infeasible")
        else:
            row["reason"] = Reason.of("sens.reason.minus_no_solution")
        row["gap_reached"] = reached
        rows.append(row)
    return pd.DataFrame(rows, columns=["limit", "family", "source", "year", "value", "delta", "plus", "minus",
                                       "plus_per_unit", "minus_per_unit", "gap_reached", "lp_dual", "reason"]), \
        len(got)


class _BaseFeasibility:
    """Does the base portfolio (with its payments) still satisfy every row after one limit moves?

    Tightening a limit shrinks the feasible set; if the base optimum stays inside it, it stays
    optimal, so the −Δ loss is exactly 0 and needs no solve. Checked on HiGHS's own rows: the
    limit is set, the change pushed, and only rows whose bounds moved are evaluated at the base
    plan's columns (choices, payments, and the domain spend they imply).
    """

    TOL = 1e-7

    def __init__(self, session, base: Base):
        self.session = session
        self.ok = base.outcome is not None and base.outcome.pay is not None and base.solved.has_solution
        if not self.ok:
            return
        solver = session.solver
        lp = solver.highs.getLp()
        self.lower0 = np.asarray(lp.row_lower_).copy()
        self.upper0 = np.asarray(lp.row_upper_).copy()
        cols = solver.start_vector(base.x, base.outcome.pay)
        a = lp.a_matrix_
        starts = np.asarray(a.start_)
        index = np.asarray(a.index_)
        value = np.asarray(a.value_)
        act = np.zeros(len(self.lower0))
        per_nz = np.repeat(cols, np.diff(starts)) * value
        np.add.at(act, index, per_nz)
        self.activity = act

    def still_feasible(self, param: str, key, value: float) -> bool:
        """Whether the base plan meets every row with the limit `param[key]` at `value`."""
        if not self.ok:
            return False
        s = self.session
        try:
            with s.changed(limits=[(param, key, value)]):
                s.solver.push_updates()
                lp = s.solver.highs.getLp()
                lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        finally:
            s.solver.push_updates()     # HiGHS holds the limit as it was again (the LP duals read it)
        moved = np.nonzero((lower != self.lower0) | (upper != self.upper0))[0]
        act = self.activity[moved]
        tol = self.TOL * np.maximum(1.0, np.abs(act))
        return bool(np.all(act >= lower[moved] - tol) and np.all(act <= upper[moved] + tol))


def lp_duals(session, data: ModelData, limits: list[Limit]) -> dict[str, float]:
    """Duals of the LP relaxation, per unit of each limit: indicative only (the MIP has none).

    A limit's dual is Σ_rows y_r ∂(bound_r)/∂(limit): a year's budget also moves share-based
    domain floors and ceilings, and a fund's deposit moves its balance rows in that year and
    every later one.
    """
    import highspy

    solver = session.solver
    lp = solver.highs.getLp()
    lp.integrality_ = []
    r = solver.auxiliary()
    r.passModel(lp)
    r.run()
    if r.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return {}
    # HiGHS's row dual is the objective's rate of change per unit of the row's active bound, in
    # the problem's own sense (checked against LP finite differences in the tests).
    dual = np.asarray(r.getSolution().row_dual)

    out = {}
    for lim in limits:
        family = LIMITS_BY_ID[lim.family]
        total = 0.0
        for component, index, coefficient in family.moves(data, lim.source, lim.year):
            i = solver.row_of(component, index)
            total += dual[i] * coefficient if i is not None else 0.0
        out[lim.name] = float(total) + 0.0
    return out
