"""Sparse index sets of the portfolio model, computed once from the validated data with numpy.

Two index sets carry the whole formulation:

* **options** ``o = (p, ℓ, s)``: program *p* funded at level *ℓ* starting in fiscal year *s*. Only
  options that can exist are created: forbidden programs, programs whose eligible shares cannot
  cover their cost, starts outside the window, and starts that run past the horizon when that
  is not allowed produce none. An ongoing program has only the first year as start; a scenario
  lock leaves one option.
* **flows** ``(p, σ, t)``: money from funding source σ to program *p* in year *t*, for every
  eligible source and every year in which some option of *p* has a cost.

Constraint builders iterate over these lists, never over a cross product.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.data import ModelData, start_options


@dataclass
class ModelIndex:
    years: tuple[int, ...]
    criteria: tuple[str, ...]
    options: list[tuple[str, str, int]]
    option_program: list[str]
    cost: np.ndarray            # (n_options, n_years): cost in each horizon year
    tail: np.ndarray            # (n_options,): cost committed past the horizon
    tail_by_year: dict[int, list[tuple[int, float]]]   # option -> [(fiscal year, cost)] past the horizon
    life_cost: np.ndarray       # (n_options,)
    horizon_share: np.ndarray   # share of the life cost inside the horizon (value is pro-rated by it)
    discount: np.ndarray        # (1 − d)^(s − first year)
    scores: np.ndarray          # (n_options, n_criteria)
    active: np.ndarray          # (n_options, n_years) bool: program running that year
    precedence_start: np.ndarray  # start year used for start-to-start precedence
    by_program: dict[str, list[int]]
    flows: list[tuple[str, str, int]]
    flows_by_program_year: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    dropped_starts: dict[str, list[int]] = field(default_factory=dict)

    @property
    def n_options(self) -> int:
        return len(self.options)

    def values(self, weights: dict[str, float], scores: np.ndarray | None = None) -> np.ndarray:
        """Objective coefficient of each option: Σ_c w_c·score · discount · in-horizon share."""
        w = np.array([weights[c] for c in self.criteria], dtype=float)
        sc = self.scores if scores is None else scores
        return (sc @ w) * self.discount * self.horizon_share


def build_index(data: ModelData) -> ModelIndex:
    st = data.settings
    years = data.years
    first, last = years[0], years[-1]
    ny = len(years)
    crit = tuple(c.id for c in data.criteria)
    d = st.late_start_discount

    options: list[tuple[str, str, int]] = []
    option_program: list[str] = []
    rows_cost, rows_tail, rows_life, rows_scores, rows_active, rows_disc, rows_prec = [], [], [], [], [], [], []
    tail_by_year: dict[int, list[tuple[int, float]]] = {}
    by_program: dict[str, list[int]] = {}
    dropped: dict[str, list[int]] = {}

    for p in data.programs:
        by_program[p.id] = []
        if p.forbidden or not p.fundable:
            continue
        starts, gone = start_options(p, first, last, st.allow_tail)
        if gone:
            dropped[p.id] = gone
        levels = [lv for lv in p.levels if p.lock_level is None or lv.id == p.lock_level]
        for lv in levels:
            cost = np.asarray(lv.cost, dtype=float)
            life_cost = float(cost.sum())
            costs = cost.tolist()           # plain floats: per-element work in Python lists, one array at the end
            scores = [lv.scores[c] for c in crit]
            for s in starts:
                k = len(options)
                options.append((p.id, lv.id, s))
                option_program.append(p.id)
                by_program[p.id].append(k)
                row = [0.0] * ny
                act = [False] * ny
                tails = []
                for j, c in enumerate(costs):
                    y = s + j
                    if y <= last:
                        row[y - first] = c
                        act[y - first] = True
                    elif c:
                        tails.append((y, c))
                if tails:
                    tail_by_year[k] = tails
                rows_cost.append(row)
                rows_active.append(act)
                rows_tail.append(sum(c for _, c in tails))
                rows_life.append(life_cost)
                rows_scores.append(scores)
                rows_disc.append((1.0 - d) ** (s - first))
                rows_prec.append(p.earliest_start if p.ongoing else s)

    n = len(options)
    cost = np.array(rows_cost, dtype=float).reshape(n, ny)
    life = np.array(rows_life, dtype=float)
    tail = np.array(rows_tail, dtype=float)
    inside = cost.sum(axis=1) if n else np.zeros(0)
    share = np.where(life > 0, inside / np.where(life > 0, life, 1.0), 1.0)

    flows: list[tuple[str, str, int]] = []
    fpy: dict[tuple[str, int], list[int]] = {}
    for p in data.programs:
        ks = by_program[p.id]
        if not ks:
            continue
        spend_years = [years[j] for j in np.nonzero(cost[ks].max(axis=0) > 0)[0]]
        for src in sorted(p.shares):
            for y in spend_years:
                fpy.setdefault((p.id, y), []).append(len(flows))
                flows.append((p.id, src, y))

    return ModelIndex(
        years=years, criteria=crit, options=options, option_program=option_program, cost=cost, tail=tail,
        tail_by_year=tail_by_year, life_cost=life, horizon_share=share,
        discount=np.array(rows_disc, dtype=float), scores=np.array(rows_scores, dtype=float).reshape(n, len(crit)),
        active=np.array(rows_active, dtype=bool).reshape(n, ny), precedence_start=np.array(rows_prec, dtype=int),
        by_program=by_program, flows=flows, flows_by_program_year=fpy, dropped_starts=dropped,
    )
