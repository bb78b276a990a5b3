"""A plan's largest regret over the admissible set, and the minimax-regret plan by constraint generation.

The regret of plan *x* in scenario (w, s) is :math:`V^*(w, s) - V(x; w, s)`, the shortfall against
the best plan there. For a fixed *s* the best value :math:`V^*(w, s)` is a maximum of functions
linear in *w*, so the largest regret over the admissible weightings is reached at a vertex
:math:`w^k`. With weights only (no score ranges) the regret of *x* is therefore
:math:`\\max_k (V_k - a^k \\cdot x)`, where :math:`V_k` is the optimum at vertex *k*: one solve per
vertex, then one MIP (:mod:`.master`) with the cuts :math:`\\tau \\le a^k x - V_k`.

With score ranges, the scenarios are all (vertex, score box corner) pairs: too many to list. The
MIP starts with the vertices at the nominal scores and adds, each round, the worst scenario of the
plan it found at each vertex (:mod:`.scenarios`, one separation solve per vertex), until the
bounds meet:

* **lower bound** on the minimax regret: the MIP's bound over the scenarios it knows (a
  relaxation: fewer scenarios, and each one's best value is a plan's value, at most the optimum);
* **upper bound**: the smallest proven largest regret of a plan found, where a plan's largest
  regret is bounded above by the separation solves' bounds (or, weights only, the vertex solves').

It stops when upper − lower ≤ the tolerance (the solves' relative gap times the base objective,
plus 10⁻⁶), when no scenario it does not know yet beats the MIP's own regret (the bounds can then
be no closer at this gap), or after the round limit; the bounds are reported in every case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .scenarios import option_values, separation_values, worst_scores


@dataclass
class RegretEval:
    """One plan's regret at every vertex: proven low and high ends, and the scenarios that reach them."""

    low: np.ndarray                 # per vertex: a regret reached by a known plan (≥ 0)
    high: np.ndarray                # per vertex: what no plan can beat (inf if unknown)
    cuts: list = field(default_factory=list)   # (key, a, c): the worst scenario found at each vertex

    @property
    def worst_low(self) -> float:
        return float(self.low.max()) if len(self.low) else 0.0

    @property
    def worst_high(self) -> float:
        return float(self.high.max()) if len(self.high) else 0.0

    @property
    def worst_vertex(self) -> int:
        return int(np.argmax(self.high if np.isfinite(self.high).all() else self.low))


@dataclass
class Context:
    """What the regret computations share: the index, scores, vertices and their best solves."""

    ix: object
    vertices: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    level: np.ndarray
    ranged: bool
    best: list                      # Solved at each vertex (nominal scores)
    separate: object                # (list of (key, weights, values)) -> {key: Solved}
    known: dict = field(default_factory=dict)     # plan (bytes) -> RegretEval: each plan is evaluated once

    def nominal(self, k: int) -> np.ndarray:
        return option_values(self.ix, self.vertices[k], self.ix.scores)


def regret_of(ctx: Context, x: np.ndarray) -> RegretEval:
    """x's regret at each vertex: from the vertex optima (weights only) or separation solves (ranges)."""
    key = (np.asarray(x) > 0.5).tobytes()
    if key not in ctx.known:
        ctx.known[key] = _regret_of(ctx, np.asarray(x, dtype=float))
    return ctx.known[key]


def _regret_of(ctx: Context, x: np.ndarray) -> RegretEval:
    K = len(ctx.vertices)
    if not ctx.ranged:
        own = np.array([ctx.nominal(k) @ x for k in range(K)])
        low = np.array([b.objective for b in ctx.best]) - own
        high = np.array([np.inf if b.bound is None else b.bound for b in ctx.best]) - own
        return RegretEval(np.maximum(low, 0.0), np.maximum(high, 0.0))
    tasks = [(k, ctx.vertices[k], separation_values(ctx.ix, x, ctx.vertices[k], ctx.lo, ctx.hi, ctx.level))
             for k in range(K)]
    solved = ctx.separate(tasks)
    low, high, cuts = np.zeros(K), np.full(K, np.inf), []
    for k in range(K):
        own = option_values(ctx.ix, ctx.vertices[k], ctx.lo) @ x
        r = solved[k]
        if r.bound is not None:
            high[k] = max(r.bound - own, 0.0)
        if not r.has_solution:
            continue
        y = np.zeros(len(x))
        y[list(r.funded)] = 1.0
        s = worst_scores(ctx.ix, x, y, ctx.lo, ctx.hi, ctx.level)
        a = option_values(ctx.ix, ctx.vertices[k], s)
        low[k] = max(float(a @ y - a @ x), 0.0)
        cuts.append(((k, np.round(s, 9).tobytes(), np.asarray(r.funded).tobytes()), a, float(a @ y)))
    return RegretEval(low, high, cuts)


@dataclass
class RegretRun:
    plan: np.ndarray
    pay: object
    evaluation: RegretEval
    lower: float
    upper: float
    converged: bool
    iterations: int
    scenarios: int
    master: object                  # the last MasterSolve (status, gap of the MIP)


def minimax_regret(ctx: Context, master, tol: float, max_iterations: int) -> RegretRun | None:
    """Constraint generation (module docstring). `master(cuts, lexicographic)` solves the MIP."""
    cuts = [(ctx.nominal(k), float(b.objective)) for k, b in enumerate(ctx.best)]
    seen: set = set()
    lower, best = -np.inf, None
    it, converged, last = 0, False, None
    while it < max_iterations:
        it += 1
        last = master(cuts, False)
        if last is None:
            break
        lower = max(lower, -float(last.tau_bound if last.tau_bound is not None else np.inf))
        ev = regret_of(ctx, last.plan)
        if best is None or ev.worst_high < best[2].worst_high:
            best = (last.plan, last.pay, ev)
        if best[2].worst_high - lower <= tol:
            converged = True
            break
        mine = -float(last.tau)
        new = [(key, a, c) for key, a, c in ev.cuts if key not in seen and c - a @ last.plan > mine + tol]
        if not new:
            converged = best[2].worst_high - lower <= tol
            break
        seen.update(key for key, _, _ in new)
        cuts += [(a, c) for _, a, c in new]
    if best is None:
        return None
    plan, pay, ev = best
    final = master(cuts, True)
    if final is not None and not np.array_equal(final.plan, plan):
        ev2 = regret_of(ctx, final.plan)
        if ev2.worst_high <= ev.worst_high + tol:
            plan, pay, ev = final.plan, final.pay, ev2
    return RegretRun(plan=plan, pay=pay, evaluation=ev, lower=max(lower, 0.0), upper=ev.worst_high,
                     converged=converged, iterations=it, scenarios=len(cuts), master=final or last)
