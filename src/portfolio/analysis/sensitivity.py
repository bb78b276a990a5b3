"""How robust is the recommended portfolio? Weight stability, a Monte Carlo core index, the price
of forcing each program in or out, marginal values of limits, and near-optimal alternatives.

Every number here comes from re-solving the MIP (the objective depends only on the binary
choices, so LP duals of the fixed problem are zero; see ``../shared/guide/solver-notes.md``).
The functions are pure: they take validated data, solve options and an executor, and return
plain dataclasses and DataFrames. Writers (:mod:`portfolio.outputs.sensitivity_xlsx`, the JSON of
:mod:`portfolio.cli.sensitivity`) read those and nothing else.

Solves are independent of each other and of the order they run in:

* no MIP start is carried from one solve to the next, and HiGHS's solver state (basis,
  solution) is cleared before every solve (:func:`solve_fresh`), so a worker that has solved
  other tasks before returns exactly what a fresh one would;
* a Monte Carlo draw's random numbers come from ``SeedSequence(seed, spawn_key=(i,))``, so
  they depend only on the seed and the draw's index, never on which worker draws them.

Hence the same seed gives identical results with any number of workers (up to solves that
stop at the time limit, whose incumbent depends on machine speed; those are counted).

Parts
-----
``stability``
    For each criterion *c* with base normalised weight :math:`w_c^0`, the weights
    :math:`w_c = \\lambda`, :math:`w_j = w_j^0 (1-\\lambda)/(1-w_c^0)` (others rescaled in
    proportion). The base portfolio's value is linear in λ and so is every other portfolio's;
    the set of λ where the base portfolio is optimal is therefore one interval. Its ends are
    found by bisection, each probe solved to a tight gap: a probe "keeps" the portfolio when no
    solution strictly better than the base portfolio's own value is found. The inside end is
    reported (``low``/``high``) with the outside probe (``low_outside``/``high_outside``): they
    are less than ``tolerance`` apart. A tornado gives the re-optimised objective with
    :math:`w_c^0 (1 \\pm f)`.
``core``
    The share of weight (and score) draws in which each program is funded.
``price``
    Objective lost when each program is forced in (if unfunded) or out (if funded).
``marginal``
    Objective gained at +Δ and lost at −Δ for each year's total budget, each source envelope,
    each fund deposit and each capacity, by re-solving at a tight gap.
``alternatives``
    k portfolios within x % of the optimum, each as far as possible from the optimum and the
    ones found before (max–min distance, on a separately built copy of the model).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..core.data import ModelData
from ..core.i18n import MESSAGES, t
from ..engine.parallel import executor as make_executor
from ..engine.parallel import new_token, run_jobs, split, worker_session
from ..engine.solver import SolveOptions, SolveOutcome

PARTS = ("stability", "core", "price", "marginal", "alternatives")
PART_ALIASES = {
    "stability": "stability", "weights": "stability", "weight_stability": "stability", "tornado": "stability",
    "core": "core", "core_index": "core", "monte_carlo": "core", "mc": "core",
    "price": "price", "price_of_change": "price", "forcing": "price",
    "marginal": "marginal", "marginal_values": "marginal", "limits": "marginal",
    "alternatives": "alternatives", "alt": "alternatives", "near_optimal": "alternatives",
}
WEIGHT_DRAWS = ("auto", "dirichlet", "intervals", "ranks")
TIGHT_GAP = 1e-6
# A probe "keeps" the base portfolio unless a solution better than its value by more than this
# (relative) is found: floating-point noise, far below any gap a solve is run at.
KEEP_RTOL = 1e-9

MESSAGES.update({
    "sens.reason.mandatory": ("必須プログラムのため採択を外せない", "mandatory: cannot be forced out"),
    "sens.reason.ongoing": ("継続プログラムのため採択を外せない", "ongoing: cannot be forced out"),
    "sens.reason.locked": ("シナリオで水準・開始年度が固定されているため外せない",
                           "locked by the scenario: cannot be forced out"),
    "sens.reason.forbidden": ("除外プログラムのため採択できない", "forbidden: cannot be forced in"),
    "sens.reason.unfundable": ("支出可能な財源の割合の合計が100%未満のため採択できない",
                               "its eligible sources cannot cover its whole cost, so it cannot be funded"),
    "sens.reason.no_start": ("計画期間内に開始・完了できる開始年度がないため採択できない",
                             "no start year lets it run inside the horizon, so it cannot be funded"),
    "sens.reason.requires": ("前提プログラム {target} を採択できないため採択できない",
                             "it requires {target}, which cannot be funded"),
    "sens.reason.excludes_mandatory": ("必須・継続プログラム {target} と排他関係にあるため採択できない",
                                       "it excludes {target}, which is mandatory or ongoing"),
    "sens.reason.required_by": ("必須・継続プログラム {target} の前提のため外せない",
                                "mandatory or ongoing program {target} requires it"),
    "sens.reason.group_min": ("選定数の下限（{members} のうち {k} 件以上）を満たせなくなるため外せない",
                              "the group minimum ({k} of {members}) cannot be met without it"),
    "sens.reason.group_max": ("選定数の上限（{members} のうち {k} 件以下）を必須プログラムだけで満たしているため採択できない",
                              "mandatory programs already fill the group maximum ({k} of {members})"),
    "sens.reason.infeasible_in": ("採択を強制すると全ての制約を満たす配分がない（予算・枠・容量・領域の制約など）",
                                  "no allocation meets every limit with it funded (budget, envelopes, capacity, "
                                  "domain limits, …)"),
    "sens.reason.infeasible_out": ("外すと全ての制約を満たす配分がない（領域下限・クリティカルマス・選定数など）",
                                   "no allocation meets every limit without it (domain floor, critical mass, group "
                                   "minimum, …)"),
    "sens.reason.no_solution": ("時間上限内に解が得られなかった", "no solution within the time limit"),
    "sens.reason.zero_limit": ("制約値が全年度で0のため相対的なΔを定められない",
                               "the limit is zero in every year, so a relative Δ is undefined"),
    "sens.reason.minus_infeasible": ("−Δでは全ての制約を満たす配分がない", "no allocation meets every limit at −Δ"),
    "sens.reason.minus_below_zero": ("制約値が0のため−Δは負になる", "the limit is zero, so −Δ would be negative"),
    "sens.reason.plus_no_solution": ("+Δで時間上限内に解が得られなかった", "no solution within the time limit at +Δ"),
    "sens.reason.minus_no_solution": ("−Δで時間上限内に解が得られなかった", "no solution within the time limit at −Δ"),
    "sens.reason.single_criterion": ("評価基準が1つだけのため重みは常に1", "the only criterion: its weight is always 1"),
    "sens.reason.base_beaten": ("強制した解が基準解を上回った：基準解が時間上限で打ち切られ最適でない（値は負のまま示す）",
                                "the forced solve beat the base: the base solve stopped at the time limit short of "
                                "optimal (the value is kept, negative)"),
    "sens.reason.alternative_no_solution": ("代替案の探索が時間上限（{limit} 秒）内に解を得られなかった",
                                            "the search for an alternative found no solution within the time limit "
                                            "({limit} s)"),
    "sens.reason.no_alternative": ("最適値の {within} 以内に異なる配分がこれ以上ない",
                                   "no further different portfolio lies within {within} of the optimum"),
})


# ---------------------------------------------------------------------------------------------
# Options and results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitivitySettings:
    """What to compute and how: the command's options, with the issue's defaults."""

    parts: tuple[str, ...] = PARTS
    samples: int = 200
    seed: int = 0
    concentration: float = 50.0
    weight_draws: str = "auto"        # auto | dirichlet | intervals | ranks
    core: float = 0.9
    exterior: float = 0.1
    tornado: float = 0.2              # ± share of each weight
    tolerance: float = 1e-3           # bisection tolerance, in normalised weight
    delta: float = 0.05               # Δ as a share of each limit
    tight_gap: float = TIGHT_GAP
    alternatives: int = 3
    within: float = 0.01              # alternatives within this share of the optimum
    lp_duals: bool = True             # show LP-relaxation duals beside marginal values (indicative)


@dataclass(frozen=True)
class Reason:
    """Why a value is null: a message key and plain parameters, rendered in the output language."""

    key: str
    params: tuple = ()

    @classmethod
    def of(cls, key: str, **params) -> "Reason":
        return cls(key, tuple(sorted(params.items())))

    def render(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.params))


@dataclass
class Solved:
    """The picklable summary of one solve that workers send back."""

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    funded: tuple[int, ...]          # option indices
    seconds: float
    gap_target: float

    @property
    def has_solution(self) -> bool:
        return self.status in ("optimal", "feasible")

    @classmethod
    def of(cls, o: SolveOutcome) -> "Solved":
        return cls(status=o.status, objective=o.objective, bound=o.bound, gap=o.gap,
                   funded=tuple(o.funded_options()), seconds=o.seconds, gap_target=o.mip_gap_target)


@dataclass
class Base:
    """The base solve everything is compared with (tight gap)."""

    solved: Solved
    weights: dict[str, float]
    x: np.ndarray                    # 0/1 per option
    portfolio: dict[str, tuple[str, int]]   # program -> (level, start)
    outcome: SolveOutcome | None = None     # the raw outcome, for result tables (main process only)

    @property
    def start(self) -> tuple[np.ndarray, np.ndarray | None]:
        """The base portfolio as a MIP start: the same for every tight-gap task, so order-free."""
        return self.x, (self.outcome.pay if self.outcome is not None else None)

    @property
    def objective(self) -> float:
        return float(self.solved.objective)


@dataclass
class Alternative:
    rank: int
    objective: float
    shortfall: float                 # share below the optimum
    distance: float                  # to the optimum
    min_distance: float              # to the optimum and every earlier alternative
    portfolio: dict[str, tuple[str, int]]
    added: list[str]
    removed: list[str]
    changed: list[str]
    status: str


@dataclass
class SensitivityResult:
    data: ModelData
    options: SolveOptions
    settings: SensitivitySettings
    base: Base
    parts: tuple[str, ...]
    stability: pd.DataFrame | None = None
    tornado: pd.DataFrame | None = None
    core: pd.DataFrame | None = None
    draws: pd.DataFrame | None = None
    draw_mode: str = ""
    scores_drawn: bool = False
    price: pd.DataFrame | None = None
    marginal: pd.DataFrame | None = None
    alternatives: list[Alternative] | None = None
    alternatives_note: Reason | None = None
    solves: int = 0
    seconds: float = 0.0
    warnings: list[Reason] = field(default_factory=list)

    def to_json(self, output: str | None, lang: str = "ja") -> dict[str, Any]:
        return result_json(self, output, lang)


# ---------------------------------------------------------------------------------------------
# Solving helpers shared by the parts (they run in worker processes as well)
# ---------------------------------------------------------------------------------------------


def solve_fresh(session, *, mip_gap: float | None = None, start=None) -> SolveOutcome:
    """Solve with HiGHS's solver state cleared, so the result never depends on earlier solves.

    `start` may be the base portfolio (the same for every task, so it carries nothing from one
    solve to the next); HiGHS rejects it where it breaks a limit or a forcing.
    """
    session.solver.forget()
    return session.solve(mip_gap=mip_gap, start=start)


def shifted_weights(base: dict[str, float], criterion: str, lam: float) -> dict[str, float]:
    """Weights with `criterion` at `lam` and the others rescaled in proportion to sum to 1 − lam."""
    rest = 1.0 - base[criterion]
    n_other = len(base) - 1
    out = {}
    for c, w in base.items():
        if c == criterion:
            out[c] = lam
        elif rest > 1e-15:
            out[c] = w * (1.0 - lam) / rest
        else:   # every other weight is zero: "in proportion" is undefined, share equally
            out[c] = (1.0 - lam) / n_other
    return out


def limit_base(data: ModelData, param: str, key) -> float:
    j = data.years.index(key[-1] if isinstance(key, tuple) else key)
    if param == "total_budget":
        return float(data.budget[j])
    if param == "envelope":
        return float(data.source_by_id[key[0]].envelope[j])
    if param == "capacity":
        return float(data.capacity_by_id[key[0]].capacity[j])
    raise KeyError(param)


def _run_task(s, data: ModelData, task: dict, gap: float, start=None) -> Solved:
    """Apply one task's changes to a session, solve, and put everything back."""
    forced = task.get("force", {})
    limits = task.get("limits", ())
    weights = task.get("weights")
    scores = task.get("scores")
    scale = task.get("scale")
    old_scale = s.scale
    try:
        if weights is not None or scores is not None:
            s.set_weights(weights or data.weights, scores)
        for p, state in forced.items():
            s.force(p, state)
        for param, key, value in limits:
            s.set_limit(param, key, value)
        if scale is not None:
            s.set_scale(scale)
        return Solved.of(solve_fresh(s, mip_gap=gap, start=start))
    finally:
        if weights is not None or scores is not None:
            s.set_weights(data.weights)
        for p in forced:
            s.force(p, None)
        for param, key, _ in limits:
            s.set_limit(param, key, limit_base(data, param, key))
        if scale is not None:
            s.set_scale(old_scale)


def _job_tasks(token: str, data: ModelData, options: SolveOptions, tasks: list[tuple[Any, dict]],
               gap: float, start=None) -> list[tuple[Any, Solved]]:
    """Worker: run independent tasks (forcing, limits, weights) on this process's session."""
    s = worker_session(token, data, options)
    return [(key, _run_task(s, data, task, gap, start)) for key, task in tasks]


def run_tasks(pool, workers: int, token: str, data: ModelData, options: SolveOptions,
              tasks: list[tuple[Any, dict]], gap: float, desc: str, start=None) -> dict[Any, Solved]:
    if not tasks:
        return {}
    chunks = split(tasks, max(1, workers) * 4)
    out = run_jobs(pool, _job_tasks, [(token, data, options, c, gap, start) for c in chunks], total=len(tasks),
                   count=len, desc=desc)
    return {k: v for chunk in out for k, v in chunk}


def portfolio_of(ix, funded: Sequence[int]) -> dict[str, tuple[str, int]]:
    return {ix.options[k][0]: (ix.options[k][1], int(ix.options[k][2])) for k in funded}


def diff_portfolios(a: dict, b: dict) -> tuple[list[str], list[str], list[str]]:
    """Programs added in b, removed from a, and funded in both at another level or start."""
    added = sorted(p for p in b if p not in a)
    removed = sorted(p for p in a if p not in b)
    changed = sorted(p for p in a if p in b and a[p] != b[p])
    return added, removed, changed


def flips(ix, base: dict, funded: Sequence[int]) -> list[dict]:
    """What differs from the base portfolio: one entry per program, with before and after."""
    other = portfolio_of(ix, funded)
    out = []
    for p in sorted(set(base) | set(other)):
        if base.get(p) != other.get(p):
            out.append({"program": p, "before": _lvl(base.get(p)), "after": _lvl(other.get(p))})
    return out


def _lvl(v):
    return None if v is None else {"level": v[0], "start_year": int(v[1])}


def base_solve(session, gap: float) -> Base:
    o = solve_fresh(session, mip_gap=gap)
    solved = Solved.of(o)
    x = np.zeros(session.ix.n_options)
    x[list(solved.funded)] = 1.0
    return Base(solved=solved, weights=dict(session.weights), x=x, portfolio=portfolio_of(session.ix, solved.funded),
                outcome=o)


# ---------------------------------------------------------------------------------------------
# 1. Weight stability and tornado
# ---------------------------------------------------------------------------------------------


def _job_bisect(token: str, data: ModelData, options: SolveOptions, criterion: str, side: str, x_base: np.ndarray,
                tolerance: float, gap: float, start=None) -> dict:
    """Worker: find one end of one criterion's stability interval, to within `tolerance`.

    A bracket [outside, inside] is kept with both ends probed by a solve: the base portfolio is
    optimal at `inside` and beaten at `outside`. Each step probes a point strictly inside the
    bracket. Every portfolio's value is linear in λ, so the portfolio Q that beat the base at
    `outside` stops beating it where the two lines cross; the probe goes just inside that crossing
    (and, if the base keeps there, just outside it), which usually closes the bracket in two or
    three solves. When the crossing is not strictly inside the bracket the probe is the midpoint:
    plain bisection, so the bracket always shrinks.
    """
    s = worker_session(token, data, options)
    ix = s.ix
    base_w = data.weights
    w0 = base_w[criterion]
    solves = 0
    all_optimal = True

    def value(x: np.ndarray, lam: float) -> float:
        return float(ix.values(shifted_weights(base_w, criterion, lam)) @ x)

    def keeps(lam: float) -> tuple[bool, Solved]:
        nonlocal solves, all_optimal
        r = _run_task(s, data, {"weights": shifted_weights(base_w, criterion, lam)}, gap, start)
        solves += 1
        all_optimal &= r.status == "optimal"
        if not r.has_solution:
            return True, r     # nothing better found; counted as not optimal above
        own = value(x_base, lam)
        return r.objective <= own + KEEP_RTOL * max(1.0, abs(own)), r

    def strictly_between(x: float, a: float, b: float) -> bool:
        return min(a, b) < x < max(a, b)

    far = 0.0 if side == "low" else 1.0
    if far == w0:
        return dict(criterion=criterion, side=side, inside=w0, outside=None, funded_outside=None, solves=0,
                    all_optimal=True)
    ok, r = keeps(far)
    if ok:
        return dict(criterion=criterion, side=side, inside=far, outside=None, funded_outside=None, solves=solves,
                    all_optimal=all_optimal)
    inside, outside, out_r = w0, far, r
    toward = 1.0 if inside > outside else -1.0
    nudge = 0.45 * tolerance
    while abs(inside - outside) > tolerance:
        xq = np.zeros(ix.n_options)
        xq[list(out_r.funded)] = 1.0
        f_out = value(xq, outside) - value(x_base, outside)
        f_in = value(xq, inside) - value(x_base, inside)
        probe = 0.5 * (inside + outside)
        cross = None
        if f_out > 0 and f_in < f_out:
            cross = outside + f_out / (f_out - f_in) * (inside - outside)
            if strictly_between(cross + toward * nudge, outside, inside):
                probe = cross + toward * nudge
        ok, r = keeps(probe)
        if not ok:
            outside, out_r = probe, r
            continue
        inside = probe
        if cross is not None and strictly_between(cross - toward * nudge, outside, inside):
            ok, r = keeps(cross - toward * nudge)
            if ok:
                inside = cross - toward * nudge
            else:
                outside, out_r = cross - toward * nudge, r
    return dict(criterion=criterion, side=side, inside=inside, outside=outside, funded_outside=out_r.funded,
                solves=solves, all_optimal=all_optimal)


def weight_stability(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
                     settings: SensitivitySettings) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Stability interval of every criterion's normalised weight, and the tornado table."""
    gap = settings.tight_gap
    crit = list(data.weights)
    rows = []
    jobs = []
    if len(crit) > 1:
        for c in crit:
            for side in ("low", "high"):
                jobs.append((token, data, options, c, side, base.x, settings.tolerance, gap, base.start))
        est = 4      # solves per end, typically (the progress bar adjusts as ends finish)
        res = run_jobs(pool, _job_bisect, jobs, total=len(jobs) * est, count=lambda r: r["solves"],
                       desc="weight stability")
    else:
        res = []
    by = {(r["criterion"], r["side"]): r for r in res}
    solves = sum(r["solves"] for r in res)
    for c in crit:
        w0 = data.weights[c]
        if len(crit) == 1:
            rows.append(dict(criterion=c, base=1.0, low=1.0, high=1.0, low_outside=None, high_outside=None,
                             tolerance=settings.tolerance, flips_low=[], flips_high=[], all_optimal=True,
                             reason=Reason.of("sens.reason.single_criterion")))
            continue
        lo, hi = by[(c, "low")], by[(c, "high")]
        rows.append(dict(
            criterion=c, base=w0, low=lo["inside"], high=hi["inside"], low_outside=lo["outside"],
            high_outside=hi["outside"], tolerance=settings.tolerance,
            flips_low=flips(ix, base.portfolio, lo["funded_outside"]) if lo["funded_outside"] is not None else [],
            flips_high=flips(ix, base.portfolio, hi["funded_outside"]) if hi["funded_outside"] is not None else [],
            all_optimal=lo["all_optimal"] and hi["all_optimal"], reason=None))
    stab = pd.DataFrame(rows, columns=["criterion", "base", "low", "high", "low_outside", "high_outside", "tolerance",
                                       "flips_low", "flips_high", "all_optimal", "reason"])

    # Tornado: the re-optimised objective with each weight at (1 ± f) of its base value.
    tasks = []
    for c in crit:
        w0 = data.weights[c]
        for sign, name in ((-1, "minus"), (1, "plus")):
            lam = min(1.0, max(0.0, w0 * (1 + sign * settings.tornado)))
            tasks.append(((c, name, lam), {"weights": shifted_weights(data.weights, c, lam)}))
    if len(crit) > 1:
        got = run_tasks(pool, workers, token, data, options, tasks, gap, "tornado", base.start)
    else:
        got = {}
    trows = []
    for c in crit:
        row = dict(criterion=c, base_weight=data.weights[c], objective_base=base.objective)
        for (cc, name, lam), r in got.items():
            if cc != c:
                continue
            row[f"weight_{name}"] = lam
            row[f"objective_{name}"] = r.objective
            row[f"changed_{name}"] = (r.has_solution and set(r.funded) != set(base.solved.funded))
        trows.append(row)
    torn = pd.DataFrame(trows, columns=["criterion", "base_weight", "weight_minus", "weight_plus", "objective_base",
                                        "objective_minus", "objective_plus", "changed_minus", "changed_plus"])
    torn["swing"] = (torn["objective_plus"] - torn["objective_minus"]).abs()
    torn = torn.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return stab, torn, solves + len(got)


# ---------------------------------------------------------------------------------------------
# 2. Monte Carlo core index
# ---------------------------------------------------------------------------------------------


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
        r = _run_task(s, data, {"weights": w, "scores": sc}, gap)
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
    solved = [d for d in draws if d[1] in ("optimal", "feasible")]
    counts: dict[str, int] = {p.id: 0 for p in data.programs}
    for d in solved:
        for k in d[4]:
            counts[ix.options[k][0]] += 1
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
                         funded_draws=counts[p.id], solved_draws=m, core_index=share, cls=cls))
    core = pd.DataFrame(rows)
    drows = []
    for i, status, obj, gap, funded, w in draws:
        drows.append(dict(draw=i, status=status, objective=obj, gap=gap, funded_programs=len(funded),
                          same_as_base=set(funded) == set(base.solved.funded),
                          **{f"w_{c}": x for c, x in zip(spec.criteria, w)}))
    return core, pd.DataFrame(drows), spec


# ---------------------------------------------------------------------------------------------
# 3. Price of inclusion and exclusion
# ---------------------------------------------------------------------------------------------


def forcing_blocker(data: ModelData, ix, program: str, direction: str) -> Reason | None:
    """Why forcing `program` in ("in") or out ("out") is impossible, from the data alone (None if not obvious)."""
    p = data.program_by_id[program]
    fixed = {q.id for q in data.programs if (q.mandatory or q.ongoing) and not q.forbidden}
    if direction == "out":
        if p.mandatory:
            return Reason.of("sens.reason.mandatory")
        if p.ongoing:
            return Reason.of("sens.reason.ongoing")
        if p.lock_level is not None or p.lock_start is not None:
            return Reason.of("sens.reason.locked")
        for d in data.dependencies:
            if d.kind == "requires" and d.target == program and d.program in fixed:
                return Reason.of("sens.reason.required_by", target=d.program)
            if d.kind == "at_least" and program in d.members:
                others = [m for m in d.members if m != program and ix.by_program.get(m)]
                if len(others) < (d.k or 0):
                    return Reason.of("sens.reason.group_min", k=d.k, members=", ".join(d.members))
        return None
    if p.forbidden:
        return Reason.of("sens.reason.forbidden")
    if not p.fundable:
        return Reason.of("sens.reason.unfundable")
    if not ix.by_program.get(program):
        return Reason.of("sens.reason.no_start")
    for d in data.dependencies:
        if d.kind == "requires" and d.program == program and not ix.by_program.get(d.target):
            return Reason.of("sens.reason.requires", target=d.target)
        if d.kind == "excludes" and program in (d.program, d.target):
            other = d.target if d.program == program else d.program
            if other in fixed:
                return Reason.of("sens.reason.excludes_mandatory", target=other)
        if d.kind == "at_most" and program in d.members:
            if sum(m in fixed for m in d.members if m != program) >= (d.k or 0):
                return Reason.of("sens.reason.group_max", k=d.k, members=", ".join(d.members))
    return None


def price_of_change(pool, workers: int, token: str, data: ModelData, options: SolveOptions, ix, base: Base,
                    settings: SensitivitySettings) -> tuple[pd.DataFrame, int]:
    """Objective lost by forcing each unfunded program in and each funded program out."""
    tasks, pre = [], {}
    for p in data.programs:
        direction = "out" if p.id in base.portfolio else "in"
        why = forcing_blocker(data, ix, p.id, direction)
        if why is not None:
            pre[p.id] = (direction, why)
        else:
            tasks.append((p.id, {"force": {p.id: direction}}))
    got = run_tasks(pool, workers, token, data, options, tasks, settings.tight_gap, "price of change", base.start)
    rows = []
    for p in data.programs:
        direction = "out" if p.id in base.portfolio else "in"
        row = dict(program=p.id, name_ja=p.name_ja, name_en=p.name_en or p.name_ja, direction=direction,
                   base_funded=direction == "out", loss=None, loss_share=None, objective=None, status=None,
                   gap_reached=None, added=[], removed=[], changed=[], reason=None)
        if p.id in pre:
            row["reason"] = pre[p.id][1]
        else:
            r = got[p.id]
            row["status"] = r.status
            if r.has_solution:
                loss = base.objective - r.objective
                # A forced solve can beat the base only by what the two gaps allow; within that
                # it is a tie. Beyond it the base was not optimal (stopped at the time limit):
                # the negative value is kept and said so.
                slack = (abs(base.objective) * ((base.solved.gap or 0.0) + (r.gap or 0.0))
                         + KEEP_RTOL * max(1.0, abs(base.objective)))
                if loss < 0 and -loss <= slack:
                    loss = 0.0
                elif loss < 0:
                    row["reason"] = Reason.of("sens.reason.base_beaten")
                row.update(objective=r.objective, loss=loss,
                           loss_share=loss / base.objective if base.objective else None,
                           gap_reached=r.status == "optimal" and base.solved.status == "optimal")
                added, removed, changed = diff_portfolios(base.portfolio, portfolio_of(ix, r.funded))
                # The forced program itself obviously moves: list what else does.
                row["added"] = [q for q in added if q != p.id]
                row["removed"] = [q for q in removed if q != p.id]
                row["changed"] = changed
            elif r.status == "infeasible":
                row["reason"] = Reason.of("sens.reason.infeasible_in" if direction == "in"
                                          else "sens.reason.infeasible_out")
            else:
                row["reason"] = Reason.of("sens.reason.no_solution")
        rows.append(row)
    return pd.DataFrame(rows), len(got)


# ---------------------------------------------------------------------------------------------
# 4. Marginal values of limits
# ---------------------------------------------------------------------------------------------


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
            if check.still_feasible(lim.param, lim.key, lim.value - lim.delta, limit_base(data, lim.param, lim.key)):
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
    columns (payments, choices, and the domain-spend columns they define).
    """

    TOL = 1e-7

    def __init__(self, session, base: Base):
        self.session = session
        self.ok = base.outcome is not None and base.outcome.pay is not None and base.solved.has_solution
        if not self.ok:
            return
        solver = session.solver
        h = solver.highs
        lp = h.getLp()
        self.lower0 = np.asarray(lp.row_lower_).copy()
        self.upper0 = np.asarray(lp.row_upper_).copy()
        cols = np.zeros(h.getNumCol())
        cols[solver._x_cols] = base.x
        cols[solver._f_cols] = base.outcome.pay
        colmap = solver._opt._pyomo_var_to_solver_var_map
        m, ix = session.pm.m, session.ix
        if hasattr(m, "domain_spend"):
            inside = ix.cost.sum(axis=1)
            prog = session.data.program_by_id
            spend = {d: 0.0 for d in m.domain_spend}
            for k in np.nonzero(base.x > 0.5)[0]:
                spend[prog[ix.option_program[k]].domain] += float(inside[k])
            for d, v in spend.items():
                cols[colmap[id(m.domain_spend[d])]] = v
        a = lp.a_matrix_
        starts = np.asarray(a.start_)
        index = np.asarray(a.index_)
        value = np.asarray(a.value_)
        act = np.zeros(len(self.lower0))
        per_nz = np.repeat(cols, np.diff(starts)) * value
        np.add.at(act, index, per_nz)
        self.activity = act

    def still_feasible(self, param: str, key, value: float, restore: float) -> bool:
        if not self.ok:
            return False
        s = self.session
        try:
            s.set_limit(param, key, value)
            s.solver._opt.update()
            lp = s.solver.highs.getLp()
            lower, upper = np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)
        finally:
            s.set_limit(param, key, restore)
            s.solver._opt.update()
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

    h = session.solver.highs
    rows = session.solver.rows()
    lp = h.getLp()
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
    where: dict[tuple, int] = {(fam, idx): i for i, (fam, idx) in enumerate(rows)}
    years = data.years
    share_rows = [(where.get(("domain_floor_share", (d.id,))), d.floor_share)
                  for d in data.domains if d.floor_share]
    share_rows += [(where.get(("domain_ceiling_share", (d.id,))), d.ceiling_share)
                   for d in data.domains if d.ceiling_share is not None]
    out = {}
    for lim in limits:
        total = 0.0
        if lim.family == "total_budget":
            i = where.get(("total_budget_limit", (lim.year,)))
            total += dual[i] if i is not None else 0.0
            total += sum(dual[i] * sh for i, sh in share_rows if i is not None)
        elif lim.family == "source_envelope":
            i = where.get(("source_envelope", lim.key))
            total += dual[i] if i is not None else 0.0
        elif lim.family == "fund_balance":
            for y in years:
                if y >= lim.year:
                    i = where.get(("fund_balance", (lim.source, y)))
                    total += dual[i] if i is not None else 0.0
        elif lim.family == "capacity":
            i = where.get(("capacity_limit", lim.key))
            total += dual[i] if i is not None else 0.0
        out[lim.name] = float(total) + 0.0
    return out


# ---------------------------------------------------------------------------------------------
# 5. Near-optimal alternatives
# ---------------------------------------------------------------------------------------------


def near_optimal_alternatives(data: ModelData, options: SolveOptions, base: Base, k: int, within: float,
                              ) -> tuple[list[Alternative], Reason | None]:
    """Up to `k` portfolios with objective ≥ opt − within·|opt|, each as far as possible from all found so far.

    On a separately built model (the session's is never touched), a block adds

    .. math::
        \\sum_o v_o x_o \\ge z^* - x\\,|z^*|, \\qquad
        \\delta_j = \\sum_p |y_p - y^j_p| + \\tfrac12 \\sum_o |x_o - x^j_o| \\ge 1, \\qquad
        \\zeta \\le \\delta_j \\quad \\forall j

    over the optimum and earlier alternatives *j* (:math:`y_p = \\sum_{\\ell,s} x_{p\\ell s}`;
    with :math:`x^j` fixed, each absolute value is linear), and maximises ζ plus a small
    tie-break on the objective. Funding or dropping a program counts 1.5, moving its level or
    start counts 1, so δ ≥ 1 means "a different portfolio".
    """
    import pyomo.environ as pyo

    from ..engine.solver import HighsSolver
    from ..model import build_model

    pm = build_model(data)
    m, ix = pm.m, pm.ix
    values = ix.values(data.weights)
    opt = base.objective
    floor = opt - within * abs(opt)
    scale = max(abs(opt), 1e-9)
    b = pyo.Block()
    m.alternatives = b
    b.floor = pyo.Constraint(expr=sum(float(v) * m.choose[o] for o, v in zip(ix.options, values)) >= floor)
    b.z = pyo.Var(domain=pyo.NonNegativeReals)
    b.distance = pyo.ConstraintList()
    m.total_value.deactivate()
    b.obj = pyo.Objective(expr=b.z + 0.01 * sum(float(v) / scale * m.choose[o] for o, v in zip(ix.options, values)),
                          sense=pyo.maximize)
    found: list[np.ndarray] = [base.x]
    programs = [p for p in ix.by_program if ix.by_program[p]]
    ub = sum(1.5 for _ in programs) + 1.0

    def distance_expr(xj: np.ndarray):
        expr = 0
        for p in programs:
            ks = ix.by_program[p]
            y = sum(m.choose[ix.options[kk]] for kk in ks)
            expr += (1 - y) if xj[ks].sum() > 0.5 else y
        for kk, o in enumerate(ix.options):
            expr += 0.5 * ((1 - m.choose[o]) if xj[kk] > 0.5 else m.choose[o])
        return expr

    alts: list[Alternative] = []
    note = None
    b.z.setub(ub)
    for rank in range(1, k + 1):
        d = distance_expr(found[-1])
        b.distance.add(d >= 1)
        b.distance.add(b.z <= d)
        solver = HighsSolver(pm, options)
        o = solver.solve()
        if not o.has_solution:
            note = (Reason.of("sens.reason.no_alternative", within=f"{within:.2%}") if o.status == "infeasible"
                    else Reason.of("sens.reason.alternative_no_solution", limit=options.time_limit))
            break
        x = np.zeros(ix.n_options)
        x[o.funded_options()] = 1.0
        obj = float(values @ x)
        port = portfolio_of(ix, o.funded_options())
        added, removed, changed = diff_portfolios(base.portfolio, port)
        dists = [_distance(ix, programs, xj, x) for xj in found]
        alts.append(Alternative(rank=rank, objective=obj, shortfall=(opt - obj) / abs(opt) if opt else 0.0,
                                distance=dists[0], min_distance=min(dists), portfolio=port, added=added,
                                removed=removed, changed=changed, status=o.status))
        found.append(x)
    return alts, note


def _distance(ix, programs, a: np.ndarray, b: np.ndarray) -> float:
    d = 0.5 * float(np.abs(a - b).sum())
    for p in programs:
        ks = ix.by_program[p]
        d += abs(float(a[ks].sum()) - float(b[ks].sum()))
    return d


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------


def run_sensitivity(data: ModelData, options: SolveOptions, settings: SensitivitySettings = SensitivitySettings(),
                    *, executor=None, workers: int = 1) -> SensitivityResult:
    """Run the requested parts; raise InfeasibleError / NoSolutionError if the base model has no solution."""
    from ..core.errors import InfeasibleError, NoSolutionError
    from ..engine.session import Session

    t0 = time.perf_counter()
    session = Session(data, options)
    base = base_solve(session, settings.tight_gap)
    if base.solved.status == "infeasible":
        from ..engine.infeasibility import explain
        raise InfeasibleError("msg.infeasible", explanation=explain(session.solver, data))
    if not base.solved.has_solution:
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)
    res = SensitivityResult(data=data, options=options, settings=settings, base=base, parts=settings.parts)
    if base.solved.status != "optimal":
        res.warnings.append(Reason.of("sens.warn.base_not_tight", gap=f"{base.solved.gap or 0:.4%}",
                                      target=f"{settings.tight_gap:g}", limit=options.time_limit))
    solves = 1
    ix = session.ix
    token = new_token()
    with make_executor(executor, workers) as pool:
        if "stability" in settings.parts:
            res.stability, res.tornado, n = weight_stability(pool, workers, token, data, options, ix, base, settings)
            solves += n
        if "core" in settings.parts:
            res.core, res.draws, spec = core_index(pool, workers, token, data, options, ix, base, settings)
            res.draw_mode, res.scores_drawn = spec.mode, spec.scores
            res.warnings.extend(spec.notes)
            solves += len(res.draws)
            bad = int((res.draws["status"] != "optimal").sum())
            if bad:
                res.warnings.append(Reason.of("sens.warn.draws_not_optimal", n=bad, total=len(res.draws)))
        if "price" in settings.parts:
            res.price, n = price_of_change(pool, workers, token, data, options, ix, base, settings)
            solves += n
        if "marginal" in settings.parts:
            res.marginal, n = marginal_values(pool, workers, token, data, options, session, base, settings)
            solves += n
    if "alternatives" in settings.parts and settings.alternatives > 0:
        res.alternatives, res.alternatives_note = near_optimal_alternatives(
            data, options, base, settings.alternatives, settings.within)
        solves += len(res.alternatives) + (1 if res.alternatives_note else 0)
    res.solves = solves
    res.seconds = time.perf_counter() - t0
    return res


# ---------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------


def _num(x, digits: int = 9):
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return round(x, digits) if math.isfinite(x) else None


def result_json(res: SensitivityResult, output: str | None, lang: str = "ja") -> dict[str, Any]:
    d, s, b = res.data, res.settings, res.base
    out: dict[str, Any] = {
        "status": "ok",
        "model": d.path,
        "scenario": d.scenario or None,
        "budget_scale": d.scale,
        "weights": {c: _num(w, 10) for c, w in d.weights.items()},
        "weights_normalised": True,
        "parts": list(res.parts),
        "base": {"status": b.solved.status, "objective": _num(b.objective), "bound": _num(b.solved.bound),
                 "gap": _num(b.solved.gap), "gap_target": s.tight_gap,
                 "portfolio": {p: _lvl(v) for p, v in sorted(b.portfolio.items())}},
        "core_index": None, "classes": None, "weight_stability": None, "tornado": None,
        "price_of_change": None, "marginal_values": None, "alternatives": None,
    }
    if res.core is not None:
        out["core_index"] = {r.program: _num(r.core_index, 6) for r in res.core.itertuples()}
        out["classes"] = {r.program: r.cls for r in res.core.itertuples()}
        dr = res.draws
        out["monte_carlo"] = {
            "samples": s.samples, "seed": s.seed, "draws": s.weight_draws, "draw_mode": res.draw_mode,
            "concentration": s.concentration if res.draw_mode == "dirichlet" else None,
            "scores_drawn": res.scores_drawn, "core": s.core, "exterior": s.exterior,
            "solved": int(dr["status"].isin(["optimal", "feasible"]).sum()) if len(dr) else 0,
            "not_optimal": int((dr["status"] != "optimal").sum()) if len(dr) else 0,
            "same_as_base": _num(dr["same_as_base"].mean(), 6) if len(dr) else None,
        }
    if res.stability is not None:
        out["weight_stability"] = {
            r.criterion: {"base": _num(r.base, 10), "low": _num(r.low, 10), "high": _num(r.high, 10),
                          "low_outside": _num(r.low_outside, 10), "high_outside": _num(r.high_outside, 10),
                          "tolerance": r.tolerance, "flips_low": r.flips_low, "flips_high": r.flips_high,
                          "gap_reached": bool(r.all_optimal),
                          "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.stability.itertuples()}
        out["tornado"] = {
            r.criterion: {"share": s.tornado, "weight_minus": _num(r.weight_minus, 10),
                          "weight_plus": _num(r.weight_plus, 10), "objective_base": _num(r.objective_base),
                          "objective_minus": _num(r.objective_minus), "objective_plus": _num(r.objective_plus),
                          "changed_minus": bool(r.changed_minus), "changed_plus": bool(r.changed_plus)}
            for r in res.tornado.itertuples()}
    if res.price is not None:
        out["price_of_change"] = {r.program: _num(r.loss) for r in res.price.itertuples()}
        out["price_of_change_detail"] = {
            r.program: {"direction": r.direction, "loss": _num(r.loss), "loss_share": _num(r.loss_share),
                        "objective": _num(r.objective), "gap_reached": r.gap_reached, "added": r.added,
                        "removed": r.removed, "changed": r.changed,
                        "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.price.itertuples()}
    if res.marginal is not None:
        out["marginal_values"] = {
            r.limit: {"plus": _num(r.plus), "minus": _num(r.minus), "delta": _num(r.delta), "limit": _num(r.value),
                      "family": r.family, "source": r.source or None, "year": int(r.year),
                      "plus_per_unit": _num(r.plus_per_unit), "minus_per_unit": _num(r.minus_per_unit),
                      "gap_reached": r.gap_reached, "lp_dual_indicative": _num(r.lp_dual),
                      "reason": r.reason.render(lang) if r.reason is not None else None}
            for r in res.marginal.itertuples()}
        out["marginal_values_note"] = t("sens.mv_note", lang)
    if res.alternatives is not None:
        out["alternatives"] = [
            {"rank": a.rank, "objective": _num(a.objective), "shortfall": _num(a.shortfall, 9),
             "distance": a.distance, "min_distance": a.min_distance, "status": a.status,
             "added": a.added, "removed": a.removed, "changed": a.changed,
             "portfolio": {p: _lvl(v) for p, v in sorted(a.portfolio.items())}}
            for a in res.alternatives]
        out["alternatives_settings"] = {"k": s.alternatives, "within": s.within}
        out["alternatives_note"] = res.alternatives_note.render(lang) if res.alternatives_note else None
    out["solves"] = res.solves
    out["seconds"] = round(res.seconds, 3)
    out["settings"] = {"tight_gap": s.tight_gap, "tolerance": s.tolerance, "tornado": s.tornado,
                       "delta": s.delta}
    out["confidentiality"] = d.settings.confidentiality
    out["warnings"] = [w.render(lang) for w in res.warnings]
    out["output"] = output
    return plain(out)


def plain(obj):
    """JSON-safe copy: numpy scalars become Python numbers, NaN and infinities become null."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        x = float(obj)
        return x if math.isfinite(x) else None
    return obj


MESSAGES.update({
    "sens.warn.auto_dirichlet": ("現在の重みが評価基準シートの重みの区間の外にある（{criteria}）か、重要度順位に反する（{ranks}）ため、"
                                 "重みは現在の重みを中心とするディリクレ分布から抽出した",
                                 "the weights in force lie outside the Criteria sheet's intervals ({criteria}) or "
                                 "break its rank order ({ranks}), so weights were drawn from a Dirichlet around them"),
    "sens.warn.weights_outside": ("現在の重みが重みの区間の外にある（{criteria}）が、指定どおり区間内で抽出した",
                                  "the weights in force lie outside their intervals ({criteria}); draws are within the "
                                  "intervals as asked"),
    "sens.warn.no_ranks": ("重要度順位が与えられていないため、重みは単体上で一様に抽出した",
                           "no rank is given, so weights were drawn uniformly over all weightings"),
    "sens.warn.base_not_tight": ("基準解は時間上限（{limit} 秒）内に許容ギャップ {target} に達しなかった（ギャップ {gap}）。差分にはギャップ分の誤差が含まれうる",
                                 "the base solve did not reach the gap {target} within the time limit ({limit} s; gap "
                                 "{gap}): differences may include that much noise"),
    "sens.warn.draws_not_optimal": ("{total} 回の抽出のうち {n} 回は時間上限で打ち切られ、最適性が保証されない（結果は計算機の速度に依存しうる）",
                                    "{n} of {total} draws stopped at the time limit without proven optimality (their "
                                    "result may depend on machine speed)"),
    "sens.mv_note": ("有限差分：制約値を±Δ動かしてMIPを厳密なギャップで再求解した目的関数値の差。LP緩和の双対値は参考値に過ぎない。",
                     "finite differences: the change in the objective when the limit moves by ±Δ, from MIP re-solves "
                     "at a tight gap. LP-relaxation duals are indicative only."),
})
