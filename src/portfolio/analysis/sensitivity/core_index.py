"""The Monte Carlo core index: the share of weight (and score) draws in which each program is funded.

A draw's random numbers come from ``SeedSequence(seed, spawn_key=(i,))``, so they depend only on
the seed and the draw's index, never on which worker draws them: the same seed gives identical
results with any number of workers (up to solves that stop at the time limit, whose incumbent
depends on machine speed; those are counted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ...core.data import ModelData
from ...engine.parallel import run_jobs, split, worker_session
from ...engine.solver import SolveOptions
from .. import grains
from .common import Base, Reason, portfolio_of, run_task
from .settings import SensitivitySettings


@dataclass(frozen=True)
class DrawSpec:
    """Everything a worker needs to make draw *i* by itself."""

    mode: str                        # dirichlet | intervals | ranks
    seed: int
    concentration: float
    criteria: tuple[str, ...]
    base: tuple[float, ...]          # normalised base weights
    raw: tuple[float, ...]           # weights as entered
    low: tuple[float, ...]           # interval ends (raw); base where not given
    high: tuple[float, ...]
    ranks: tuple[int | None, ...]
    scores: bool                     # draw scores within score_low / score_high
    notes: tuple = ()                # Reasons: why "auto" fell back, or what the draws ignore


def draw_spec(data: ModelData, mode: str = "auto", seed: int = 0, concentration: float = 50.0) -> DrawSpec:
    """How draws are made. "auto" takes the workbook's weight intervals, else its rank order, else a
    Dirichlet around the base weights; it falls back to the Dirichlet when the weights in force (after
    a scenario) lie outside those intervals or break that order, since the draws would then not be
    around the weights being analysed."""
    crit = data.criteria
    has_interval = any(c.weight_low is not None or c.weight_high is not None for c in crit)
    has_rank = any(c.rank is not None for c in crit)
    outside = [c.id for c in crit if (c.weight_low is not None and c.weight < c.weight_low - 1e-12)
               or (c.weight_high is not None and c.weight > c.weight_high + 1e-12)]
    w = np.array([c.weight for c in crit], dtype=float)
    unordered = has_rank and not _rank_ok(w, [c.rank for c in crit])
    notes = []
    if mode == "auto":
        mode = "intervals" if has_interval else ("ranks" if has_rank else "dirichlet")
        if (mode == "intervals" and outside) or unordered:
            notes.append(Reason.of("sens.warn.auto_dirichlet", criteria=", ".join(outside) or "-",
                                   ranks="yes" if unordered else "no"))
            mode = "dirichlet"
    elif mode == "intervals" and outside:
        notes.append(Reason.of("sens.warn.weights_outside", criteria=", ".join(outside)))
    elif mode == "ranks" and not has_rank:
        notes.append(Reason.of("sens.warn.no_ranks"))
    scores = any(lv.score_low or lv.score_high for p in data.programs for lv in p.levels)
    return DrawSpec(
        mode=mode, seed=int(seed), concentration=float(concentration), criteria=tuple(c.id for c in crit),
        base=tuple(data.weights[c.id] for c in crit), raw=tuple(float(c.weight) for c in crit),
        low=tuple(float(c.weight if c.weight_low is None else c.weight_low) for c in crit),
        high=tuple(float(c.weight if c.weight_high is None else c.weight_high) for c in crit),
        ranks=tuple(c.rank for c in crit), scores=scores, notes=tuple(notes))


def _rank_ok(w: np.ndarray, ranks: Sequence[int | None]) -> bool:
    ranked = [(r, w[j]) for j, r in enumerate(ranks) if r is not None]
    return all(wa >= wb for ra, wa in ranked for rb, wb in ranked if ra < rb)


def draw_weights(spec: DrawSpec, rng: np.random.Generator) -> np.ndarray:
    """One normalised weight vector (in `spec.criteria` order)."""
    n = len(spec.criteria)
    base = np.asarray(spec.base)
    if spec.mode == "dirichlet":
        w = np.zeros(n)
        pos = base > 0
        w[pos] = rng.dirichlet(spec.concentration * base[pos])
        return w
    if spec.mode == "ranks":
        # Uniform on the simplex, then the ranked criteria's values sorted into rank order: by
        # symmetry this is uniform on the region the rank order allows. Tied ranks are shuffled.
        w = rng.dirichlet(np.ones(n))
        ranked = [j for j in range(n) if spec.ranks[j] is not None]
        values = sorted((w[j] for j in ranked), reverse=True)
        order = sorted(ranked, key=lambda j: spec.ranks[j])
        i = 0
        while i < len(order):
            k = i
            while k < len(order) and spec.ranks[order[k]] == spec.ranks[order[i]]:
                k += 1
            group_vals = values[i:k]
            perm = rng.permutation(k - i)
            for pos_, j in zip(perm, order[i:k]):
                w[j] = group_vals[pos_]
            i = k
        return w
    # intervals: raw weights uniform in [low, high] (fixed where no interval), normalised; when
    # ranks are also given, draws that break the rank order are redrawn.
    lo, hi = np.asarray(spec.low), np.asarray(spec.high)
    for _ in range(1000):
        raw = rng.uniform(lo, hi)
        total = raw.sum()
        w = raw / total if total > 0 else base
        if _rank_ok(w, spec.ranks):
            return w
    return w


def draw_scores(spec: DrawSpec, data: ModelData, ix, rng: np.random.Generator) -> np.ndarray | None:
    """Option × criterion scores with each level's ranged scores drawn uniformly (None if none)."""
    if not spec.scores:
        return None
    scores = ix.scores.copy()
    rows: dict[tuple[str, str], list[int]] = {}
    for k, (p, lv, _) in enumerate(ix.options):
        rows.setdefault((p, lv), []).append(k)
    for p in data.programs:
        for lv in p.levels:
            if not (lv.score_low or lv.score_high):
                continue
            for j, c in enumerate(spec.criteria):
                if c not in lv.score_low and c not in lv.score_high:
                    continue
                lo = lv.score_low.get(c, lv.scores[c])
                hi = lv.score_high.get(c, lv.scores[c])
                x = rng.uniform(lo, hi)      # drawn even when the level has no option: streams stay aligned
                for k in rows.get((p.id, lv.id), ()):
                    scores[k, j] = x
    return scores


def make_draw(spec: DrawSpec, data: ModelData, ix, i: int) -> tuple[dict[str, float], np.ndarray | None]:
    """Draw *i*: its random numbers depend only on (seed, i)."""
    rng_w, rng_s = (np.random.default_rng(s) for s in
                    np.random.SeedSequence(spec.seed, spawn_key=(int(i),)).spawn(2))
    w = draw_weights(spec, rng_w)
    return dict(zip(spec.criteria, w.tolist())), draw_scores(spec, data, ix, rng_s)


def _job_draws(token: str, data: ModelData, options: SolveOptions, spec: DrawSpec, indices: list[int],
               gap: float | None) -> list[tuple]:
    s = worker_session(token, data, options)
    out = []
    for i in indices:
        w, sc = make_draw(spec, data, s.ix, i)
        r = run_task(s, data, {"weights": w, "scores": sc}, gap)
        out.append((i, r.status, r.objective, r.gap, r.funded, tuple(w[c] for c in spec.criteria)))
    return out


def core_index(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
               settings: SensitivitySettings) -> tuple[pd.DataFrame, pd.DataFrame, DrawSpec]:
    """Share of draws in which each program is funded, its class, and the table of draws."""
    spec = draw_spec(data, settings.weight_draws, settings.seed, settings.concentration)
    n = int(settings.samples)
    chunks = split(list(range(n)), max(1, workers) * 4)
    res = run_jobs(pool, _job_draws, [(token, data, options, spec, c, None) for c in chunks], total=n, count=len,
                   desc="core index")
    draws = sorted((d for chunk in res for d in chunk), key=lambda d: d[0])
    return _core_table(data, ix, base, settings, draws), _draw_table(ix, base, spec, draws), spec


def _core_table(data: ModelData, ix, base: Base, settings: SensitivitySettings, draws: list[tuple]) -> pd.DataFrame:
    """Per program: the core index at grain G1 (share of solved draws funding it, at any level and start;
    ``core_index``, which gives its class) and at G2 (share funding it at its base level; only for programs
    the base funds, None for the others)."""
    solved = [d for d in draws if d[1] in ("optimal", "feasible")]
    counts: dict[str, int] = {p.id: 0 for p in data.programs}
    at_level: dict[str, int] = {p.id: 0 for p in data.programs}
    for d in solved:
        for k in d[4]:
            p, level, _ = ix.options[k]
            counts[p] += 1
            if p in base.portfolio and base.portfolio[p][0] == level:
                at_level[p] += 1
    m = len(solved)
    rows = []
    for p in data.programs:
        share = counts[p.id] / m if m else None
        if share is None:
            cls = None
        elif share >= settings.core - 1e-12:
            cls = "core"
        elif share <= settings.exterior + 1e-12:
            cls = "exterior"
        else:
            cls = "borderline"
        b = base.portfolio.get(p.id)
        rows.append(dict(program=p.id, name_ja=p.name_ja, name_en=p.name_en or p.name_ja, domain=p.domain,
                         base_funded=b is not None, base_level=b[0] if b else None, base_start=b[1] if b else None,
                         funded_draws=counts[p.id], solved_draws=m, core_index=share, cls=cls,
                         funded_draws_G2=at_level[p.id] if b else None,
                         core_index_G2=at_level[p.id] / m if b and m else None))
    return pd.DataFrame(rows)


def _draw_table(ix, base: Base, spec: DrawSpec, draws: list[tuple]) -> pd.DataFrame:
    """One row per draw: its status and plan, and whether the plan equals the base plan at each grain
    (``same_G1`` … ``same_G3``; ``same_as_base`` is G3, the whole plan)."""
    drows = []
    for i, status, obj, gap, funded, w in draws:
        solved = status in ("optimal", "feasible")
        plan = portfolio_of(ix, funded)
        same = {f"same_{g}": solved and grains.same(plan, base.portfolio, g) for g in grains.GRAINS}
        drows.append(dict(draw=i, status=status, objective=obj, gap=gap, funded_programs=len(funded),
                          same_as_base=set(funded) == set(base.solved.funded), **same,
                          options=tuple(int(k) for k in funded),     # the draw's plan (the report's what-if page)
                          **{f"w_{c}": x for c, x in zip(spec.criteria, w)}))
    return pd.DataFrame(drows)


def same_shares(draws: pd.DataFrame) -> dict[str, float | None]:
    """The share of solved draws whose plan equals the base plan at each grain (None without solved draws)."""
    if not len(draws):
        return {g: None for g in grains.GRAINS}
    solved = draws[draws["status"].isin(["optimal", "feasible"])]
    return {g: (float(solved[f"same_{g}"].mean()) if len(solved) else None) for g in grains.GRAINS}
