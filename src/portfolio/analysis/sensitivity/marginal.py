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
    j = data.years.index(key[-1] if isinstance(key, tuple) else key)
    if param == "total_budget":
        return float(data.budget[j])
    if param == "envelope":
        return float(data.source_by_id[key[0]].envelope[j])
    if param == "capacity":
        return float(data.capacity_by_id[key[0]].capacity[j])
    raise KeyError(param)


def limits_of(data: ModelData, m, delta: float) -> list[Limit]:
    """Every limit with a row in the model, and its Δ (a share of the limit, or of the largest year's if zero)."""
    years = data.years
    out = []

    def add(family, param, key, source, series):
        biggest = max((float(v) for v in series), default=0.0)
        for j, t_ in enumerate(years):
            k = key(t_)
            if k is None:
                continue
            v = float(series[j])
            name = f"{family}:{t_}" if not source else f"{family}:{source}:{t_}"
            out.append(Limit(name=name, family=family, param=param, key=k, source=source, year=t_, value=v,
                             delta=delta * (v if v > 0 else biggest)))

    add("total_budget", "total_budget", lambda y: y, "", data.budget)
    env_rows = set(m.source_envelope.keys()) if hasattr(m, "source_envelope") else set()
    fund_rows = {k[0] for k in m.fund_balance.keys()} if hasattr(m, "fund_balance") else set()
    for s in data.sources:
        if s.kind == "fund":
            if s.id in fund_rows:
                add("fund_balance", "envelope", lambda y, s=s: (s.id, y), s.id, s.envelope)
        else:
            add("source_envelope", "envelope", lambda y, s=s: (s.id, y) if (s.id, y) in env_rows else None, s.id,
                s.envelope)
    cap_rows = set(m.capacity_limit.keys()) if hasattr(m, "capacity_limit") else set()
    for c in data.capacities:
        add("capacity", "capacity", lambda y, c=c: (c.id, y) if (c.id, y) in cap_rows else None, c.id, c.capacity)
    return out


def marginal_values(pool, workers: int, token: str, data: ModelData, options: SolveOptions, session, base: Base,
                    settings: SensitivitySettings) -> tuple[pd.DataFrame, int]:
    """Objective gained at +Δ and lost at −Δ for every limit, by MIP re-solves at a tight gap."""
    limits = limits_of(data, session.pm.m, settings.delta)
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
    r = highspy.Highs()
    r.setOptionValue("output_flag", False)
    r.setOptionValue("time_limit", float(session.options.time_limit))
    r.passModel(lp)
    r.run()
    if r.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return {}
    # HiGHS's row dual is the objective's rate of change per unit of the row's active bound, in
    # the problem's own sense (checked against LP finite differences in the tests).
    dual = np.asarray(r.getSolution().row_dual)

    def at(family: str, index: tuple):
        i = solver.row_of(family, index)
        return dual[i] if i is not None else 0.0

    years = data.years
    share_rows = [(solver.row_of("domain_floor_share", (d.id,)), d.floor_share)
                  for d in data.domains if d.floor_share]
    share_rows += [(solver.row_of("domain_ceiling_share", (d.id,)), d.ceiling_share)
                   for d in data.domains if d.ceiling_share is not None]
    out = {}
    for lim in limits:
        total = 0.0
        if lim.family == "total_budget":
            total += at("total_budget_limit", (lim.year,))
            total += sum(dual[i] * sh for i, sh in share_rows if i is not None)
        elif lim.family == "source_envelope":
            total += at("source_envelope", lim.key)
        elif lim.family == "fund_balance":
            for y in years:
                if y >= lim.year:
                    total += at("fund_balance", (lim.source, y))
        elif lim.family == "capacity":
            total += at("capacity_limit", lim.key)
        out[lim.name] = float(total) + 0.0
    return out
