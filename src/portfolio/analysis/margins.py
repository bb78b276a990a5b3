"""Each program's margins: how far its cost or one of its scores may move, one at a time, before its
status (funded or not) in the re-optimised plan changes.

For a program p let V_in(θ) be the best value of a plan that funds p and V_out(θ) that of a plan
that does not, when p's cost or a score is moved by θ. The re-optimised plan can fund p exactly when
V_in(θ) ≥ V_out(θ) (to the value tolerance τ = tight gap × max(1, |z|)). Neither a change of p's
cost nor a change of p's scores touches a plan without p, so **V_out is one number**: the base
optimum z when p is unfunded, one solve with p forced out when it is funded. Each end is therefore
a question about V_in only, asked with V_out as the cutoff, as the ladder's swap settlement asks it
(:mod:`portfolio.analysis.sweep`).

**Scores (exact).** Moving p's score on criterion c by δ points (every level) adds w_c·d_k·h_k·δ to
the value of each option k of p (d_k its late-start discount, h_k its in-horizon share) and nothing
to any other. So V_in(δ) is the maximum of one line per plan funding p: convex, increasing. From a
plan funding p at δ_i with value z_i and rate a_i, its line meets V_out at

    δ_{i+1} = δ_i − (z_i − V_out) / a_i,

and since the line lies below V_in, p can still be funded at δ_{i+1}. One forced-in solve at δ_{i+1}
gives the next plan; the steps are those of Newton's method on a convex function, and they end, after
finitely many plans, at the threshold δ* where V_in(δ*) = V_out. When every option of p has the same
rate (one start year, or no late-start discount), V_in is itself one line and the first step is exact:
δ* = (V_out − V_in(0)) / a, from the one forced solve that gave V_in(0). The reported bracket
[low, high] widens δ* by what the solves' bounds leave open (at most (bound − value) / min rate).

**Cost (bisection).** Multiplying p's cost (all its levels, all years) by f moves limits, not the
objective, and may make plans with p infeasible: no line argument holds. So at each factor f one
decision solve asks, on the model rebuilt with p's cost × f and p forced in: is there a plan with
value ≥ V_out − τ? (V_out − τ as HiGHS's cutoff and target: it ends with such a plan, or with every
node pruned.) Factors are tried on a grid (up to ×10 for a funded program, down to ×0 for an unfunded
one) until the answer changes, then the bracket is halved until it is narrower than the tolerance.
Floors on spending (domain floors, critical mass, the spend floor) can make V_in rise with the cost,
so the status is shown to hold at every factor tried before the flip, not between them.

Mandatory, ongoing, locked, forbidden and unfundable programs are fixed by rule: no margin. A
program that a dependency alone keeps in or out (:func:`~.sensitivity.price.forcing_blocker`), or
that no plan can leave out, is held; one that no plan can fund at today's cost has no score margin,
and its cost margin is still searched.

Each program is one job on the workers (:mod:`portfolio.engine.parallel`); every solve starts from
HiGHS's state cleared and from plans computed in that job only, so any number of workers gives the
same margins.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from ..core.data import ModelData
from ..core.i18n import t
from ..core.numbers import json_number as _num
from ..engine.parallel import run_jobs, worker_session
from ..engine.solver import SolveOptions
from .sensitivity.common import Base, Reason, Solved, solve_fresh
from .sensitivity.price import forcing_blocker
from .sensitivity.settings import TIGHT_GAP

#: Factors tried on a funded program's cost before bisecting (the last is the end of the search).
COST_RISE = (1.25, 1.5, 2.0, 3.0, 5.0, 10.0)
#: Factors tried on an unfunded program's cost (0: free).
COST_FALL = (0.8, 0.6, 0.4, 0.2, 0.1, 0.0)
#: "Free" is solved as this factor: at exactly 0 the in-horizon share of a program's cost (which
#: pro-rates its value) is undefined.
FREE = 1e-6
#: Rules that fix a program's status whatever its cost or scores.
FIXED_BY_RULE = ("sens.reason.mandatory", "sens.reason.ongoing", "sens.reason.locked", "sens.reason.forbidden",
                 "sens.reason.unfundable", "sens.reason.no_start")


@dataclass(frozen=True)
class MarginSettings:
    cost_max: float = 10.0            # the search for a funded program's cost ends here
    cost_tolerance: float = 0.01      # bisection stops when the bracket is narrower (× max(1, factor))
    tight_gap: float = TIGHT_GAP
    max_newton: int = 30


@dataclass
class CostMargin:
    """By what factor the program's cost may rise (funded) or must fall (unfunded) before its status changes.

    The status was shown to hold at `holds` (and every factor tried between 1 and it) and to change at
    `flips`; None for `flips`: it held over the whole searched range, up to `searched`."""

    direction: str                     # "rise" | "fall"
    holds: float | None
    flips: float | None
    searched: float
    decided: bool = True               # False: a decision stopped at the time limit
    tried: list = field(default_factory=list)   # (factor, True: p can be funded / False / None: undecided)
    tolerance: float = 0.0             # the bisection's width (× max(1, factor))

    def text(self, lang: str) -> str:
        """The cost margin in words."""
        if not self.decided:
            at = next((f for f, ok in self.tried if ok is None), self.searched)
            return t("margin.cost.undecided", lang, at=at, holds=self.holds if self.holds is not None else 1.0)
        if self.direction == "rise":
            return (t("margin.cost.rise_never", lang, searched=self.searched) if self.flips is None
                    else t("margin.cost.rise", lang, holds=self.holds, flips=self.flips))
        if self.flips is None:
            return t("margin.cost.fall_never", lang)
        if self.holds is None:
            return t("margin.cost.fall_now", lang)
        return t("margin.cost.fall", lang, holds=self.holds, flips=self.flips)


@dataclass
class ScoreMargin:
    """How many points the program's score on one criterion may fall (funded) or must rise (unfunded)."""

    criterion: str
    weight: float
    change: float | None               # δ* in points (negative: a fall), None: no finite threshold
    low: float | None = None           # δ* lies in [low, high], given the solves' bounds
    high: float | None = None
    score: float | None = None         # the level's score now (the level in the plan that funds it)
    range_low: float | None = None     # the experts' stated range of that score, where given
    range_high: float | None = None
    exact: str = ""                    # "line" (one solve), "newton" (k solves), "" (none)
    gap_reached: bool = True
    reason: Reason | None = None
    solves: int = 0

    @property
    def within_range(self) -> bool | None:
        """Whether the threshold score lies inside the experts' stated range (None: no range given)."""
        if self.change is None or self.score is None or self.range_low is None or self.range_high is None:
            return None
        return self.range_low <= self.score + self.change <= self.range_high

    def text(self, name: str, funded: bool, lang: str) -> str:
        """The score margin in words (`name`: the criterion's display name)."""
        if self.change is None:
            reason = self.reason.render(lang) if self.reason is not None else ""
            return t("margin.score.none", lang, criterion=name, reason=reason)
        new = self.score + self.change
        extra = ""
        if self.low is not None and self.high is not None and self.high - self.low > 5e-3:
            extra += t("margin.score.bracket", lang, low=self.low, high=self.high)
        if new < 0:
            extra += t("margin.score.below_zero", lang)
        if self.within_range:
            extra += t("margin.score.in_range", lang, low=self.range_low, high=self.range_high)
        key = "margin.score.fall" if funded else "margin.score.rise"
        return t(key, lang, criterion=name, d=abs(self.change), score=self.score, new=new, extra=extra)


@dataclass
class ProgramMargins:
    program: str
    funded: bool
    fixed: Reason | None = None        # fixed by rule: no margin
    held: Reason | None = None         # no plan can change its status (e.g. forced in is infeasible)
    value_in: float | None = None      # best value with it funded (at today's cost and scores)
    value_out: float | None = None     # best value without it
    value_tolerance: float = 0.0
    cost: CostMargin | None = None
    scores: list[ScoreMargin] = field(default_factory=list)
    entry_scale: float | None = None   # from the budget ladder, when one was run (see entry_budgets)
    entry_budget: float | None = None
    entry_never: bool | None = None
    gap_reached: bool = True
    solves: int = 0
    seconds: float = 0.0               # wall time of the program's solves

    @property
    def value_margin(self) -> float | None:
        """V_in − V_out: what the program is worth over its best replacement (negative: short of entry)."""
        if self.value_in is None or self.value_out is None:
            return None
        return self.value_in - self.value_out

    @property
    def tie(self) -> bool:
        m = self.value_margin
        return m is not None and abs(m) <= self.value_tolerance

    def to_json(self, lang: str = "ja") -> dict[str, Any]:
        return margins_json(self, lang)

    def entry_text(self, lang: str) -> str | None:
        """The entry budget in words (None: no ladder was run)."""
        if self.entry_never is None:
            return None
        return (t("margin.entry_never", lang) if self.entry_never else
                t("margin.entry", lang, scale=self.entry_scale, budget=self.entry_budget))

    def lines(self, data: ModelData, lang: str = "ja") -> list[str]:
        """The program's margins as lines for a planner (``explain``, the workbook and the report)."""
        if self.fixed is not None:
            return [t("margin.fixed", lang, reason=self.fixed.render(lang))]
        if self.held is not None and not self.scores and self.cost is None:
            return [t("margin.held", lang, reason=self.held.render(lang))]
        out = [t("margin.head", lang)]
        if self.value_margin is not None:
            out.append(t("margin.value", lang, margin=self.value_margin, tol=self.value_tolerance))
        if self.tie:
            out.append(t("margin.tie", lang))
        if self.cost is not None:
            out.append(self.cost.text(lang))
        if self.held is not None:
            out.append(t("margin.score.held", lang, reason=self.held.render(lang)))
        names = {c.id: c.name(lang) for c in data.criteria}
        out.extend(s.text(names.get(s.criterion, s.criterion), self.funded, lang) for s in self.scores)
        entry = self.entry_text(lang)
        if entry is not None:
            out.append(entry)
        if not self.gap_reached:
            out.append(t("margin.gap", lang))
        return out


# -- one program ------------------------------------------------------------------------------


def program_margins(session, data: ModelData, options: SolveOptions, base: Base, pid: str,
                    settings: MarginSettings = MarginSettings()) -> ProgramMargins:
    """Every margin of one program, on `session` (a session of `data`; left as it was found)."""
    t0 = time.perf_counter()
    pm = _program_margins(session, data, options, base, pid, settings)
    pm.seconds = time.perf_counter() - t0
    return pm


def _program_margins(session, data: ModelData, options: SolveOptions, base: Base, pid: str,
                     settings: MarginSettings) -> ProgramMargins:
    ix = session.ix
    funded = pid in base.portfolio
    pm = ProgramMargins(program=pid, funded=funded)
    why = forcing_blocker(data, ix, pid, "out" if funded else "in")
    if why is not None:         # the data alone decide (a rule, or a dependency): no cost or score can
        if why.key in FIXED_BY_RULE:
            pm.fixed = why
        else:
            pm.held = why
        return pm
    gap = settings.tight_gap
    pm.value_tolerance = gap * max(1.0, abs(base.objective))
    raw = _forced(session, pid, "out" if funded else "in", gap, base.start)
    other = Solved.of(raw)
    pm.solves += 1
    start = base.start if funded else (raw.choose, raw.pay)      # the best plan funding it, as a MIP start
    if funded:
        pm.value_in, mine, ub_out = base.objective, base.solved, other.bound
        pm.value_out = other.objective if other.has_solution else None
        pm.gap_reached = base.solved.status == "optimal" and other.status in ("optimal", "infeasible")
    else:
        pm.value_out, mine, ub_out = base.objective, other, base.solved.bound
        pm.value_in = other.objective if other.has_solution else None
        pm.gap_reached = base.solved.status == "optimal" and other.status in ("optimal", "infeasible")
    if funded and other.status == "infeasible":
        pm.held = Reason.of("sens.reason.infeasible_out")
        return pm
    if not other.has_solution and other.status != "infeasible":
        pm.held, pm.gap_reached = Reason.of("sens.reason.no_solution"), False
        return pm
    if (funded and pm.value_out > pm.value_in + pm.value_tolerance) or \
            (not funded and pm.value_in is not None and pm.value_in > pm.value_out + pm.value_tolerance):
        pm.held, pm.gap_reached = Reason.of("sens.reason.base_beaten"), False
        return pm
    if pm.value_out is not None:
        slack = max(0.0, (ub_out if ub_out is not None else pm.value_out) - pm.value_out)
        if mine.has_solution:
            pm.scores = [_score_margin(session, data, pid, j, pm, mine, start, slack, settings)
                         for j in range(len(ix.criteria))]
        else:
            pm.held = Reason.of("sens.reason.infeasible_in")
        pm.cost = _cost_margin(data, options, pid, pm, settings)
    pm.solves += sum(s.solves for s in pm.scores) + (len(pm.cost.tried) if pm.cost else 0)
    pm.gap_reached = pm.gap_reached and all(s.gap_reached for s in pm.scores) and (pm.cost is None or pm.cost.decided)
    return pm


def _forced(session, pid: str, state: str, gap: float, start, scores=None, data=None):
    changes: dict[str, Any] = {"force": {pid: state}}
    if scores is not None:
        changes.update(weights=data.weights, scores=scores)
    with session.changed(**changes):
        return solve_fresh(session, mip_gap=gap, start=start)


def _option_of(ix, pid: str, funded) -> int | None:
    return next((k for k in funded if ix.option_program[k] == pid), None)


def _score_margin(session, data: ModelData, pid: str, j: int, pm: ProgramMargins, mine, start, out_slack: float,
                  settings: MarginSettings) -> ScoreMargin:
    """The threshold δ* of the program's score on criterion j (see the module docstring)."""
    ix = session.ix
    c = ix.criteria[j]
    ks = ix.by_program[pid]
    k0 = _option_of(ix, pid, mine.funded)
    w = float(data.weights[c])
    lv = data.program_by_id[pid].level(ix.options[k0][1])
    sm = ScoreMargin(criterion=c, weight=w, change=None, score=float(ix.scores[k0, j]),
                     range_low=lv.score_low.get(c), range_high=lv.score_high.get(c))
    rate = w * ix.discount * ix.horizon_share
    a_min = float(rate[ks].min())
    if a_min <= 0:
        sm.reason = Reason.of("margin.reason.no_weight")
        return sm
    v_out, tau = pm.value_out, pm.value_tolerance
    delta = (v_out - pm.value_in) / float(rate[k0])
    open_in = max(0.0, (mine.bound if mine.bound is not None else mine.objective) - mine.objective)
    if float(rate[ks].max()) - a_min <= 1e-12 * a_min:        # one line: exact from one solve
        sm.change, sm.exact = delta, "line"
        sm.low, sm.high = delta - open_in / a_min, delta + out_slack / a_min
        sm.gap_reached = open_in <= tau and out_slack <= tau
        return sm
    for _ in range(settings.max_newton):
        scores = ix.scores.copy()
        scores[ks, j] += delta
        o = _forced(session, pid, "in", settings.tight_gap, start, scores, data)
        sm.solves += 1
        k = _option_of(ix, pid, o.funded_options()) if o.has_solution else None
        if k is None:
            sm.reason, sm.gap_reached = Reason.of("sens.reason.no_solution"), False
            return sm
        ub = o.bound if o.bound is not None else o.objective
        if o.objective - v_out <= tau:
            sm.change, sm.exact = delta, "newton"
            sm.low, sm.high = delta - max(0.0, ub - v_out) / a_min, delta + out_slack / a_min
            sm.gap_reached = (ub - o.objective) <= tau and out_slack <= tau
            return sm
        delta -= (o.objective - v_out) / float(rate[k])
        start = (o.choose, o.pay)
    sm.reason, sm.gap_reached = Reason.of("margin.reason.not_converged", n=settings.max_newton), False
    return sm


# -- cost: decisions on rebuilt models ----------------------------------------------------------


def with_cost_factor(data: ModelData, pid: str, factor: float) -> ModelData:
    """`data` with every level of program `pid` costing `factor` × its cost in every year (factor 0 is
    taken as :data:`FREE`)."""
    f = max(float(factor), FREE)
    programs = tuple(replace(p, levels=tuple(replace(lv, cost=tuple(c * f for c in lv.cost)) for lv in p.levels))
                     if p.id == pid else p for p in data.programs)
    return replace(data, programs=programs)


def can_fund(data: ModelData, options: SolveOptions, pid: str, factor: float, threshold: float,
             gap: float) -> bool | None:
    """Decision: with `pid`'s cost × `factor`, is there a plan funding it of value ≥ `threshold`?
    None when the solve stopped at the time limit undecided."""
    from ..engine.session import Session

    s = Session(with_cost_factor(data, pid, factor), replace(options, threads=1))
    with s.changed(force={pid: "in"}):
        o = s.solve(mip_gap=gap, target=threshold, cutoff=threshold)
    if o.objective is not None and o.objective >= threshold:
        return True
    if o.status == "infeasible" or (o.status == "optimal" and o.bound is not None and o.bound < threshold):
        return False
    return None


def _cost_margin(data: ModelData, options: SolveOptions, pid: str, pm: ProgramMargins,
                 settings: MarginSettings) -> CostMargin:
    """Grid, then bisection, on the factor of the program's cost (see the module docstring)."""
    threshold = pm.value_out - pm.value_tolerance
    rise = pm.funded
    grid = [f for f in COST_RISE if f < settings.cost_max] + [settings.cost_max] if rise else list(COST_FALL)
    cm = CostMargin(direction="rise" if rise else "fall", holds=1.0, flips=None, searched=grid[-1],
                    tolerance=settings.cost_tolerance)

    def holds(f: float) -> bool | None:
        ok = can_fund(data, options, pid, f, threshold, 0.0)
        cm.tried.append((f, ok))
        return None if ok is None else ok == rise

    if not rise and pm.value_in is not None and pm.value_in >= threshold:
        cm.holds, cm.flips = None, 1.0        # a tie: it can enter at today's cost
        return cm
    for f in grid:
        h = holds(f)
        if h is None:
            cm.decided = False
            return cm
        if not h:
            cm.flips = f
            break
        cm.holds = f
    if cm.flips is None:
        return cm
    while abs(cm.flips - cm.holds) > settings.cost_tolerance * max(1.0, min(cm.holds, cm.flips)):
        mid = 0.5 * (cm.holds + cm.flips)
        h = holds(mid)
        if h is None:
            cm.decided = False
            return cm
        if h:
            cm.holds = mid
        else:
            cm.flips = mid
    return cm


# -- every program, on the workers ------------------------------------------------------------


def _job_margins(token: str, data: ModelData, options: SolveOptions, base: Base, pids: list[str],
                 settings: MarginSettings) -> list[ProgramMargins]:
    s = worker_session(token, data, options)
    return [program_margins(s, data, options, base, pid, settings) for pid in pids]


def all_margins(pool, workers: int, token: str, data: ModelData, options: SolveOptions, base: Base,
                settings: MarginSettings = MarginSettings(), ladder=None,
                programs: Sequence[str] | None = None) -> list[ProgramMargins]:
    """Every program's margins (or those of `programs`), one job per program, in program order
    whatever the number of workers; entry budgets from `ladder` (a
    :class:`~portfolio.analysis.sweep.Ladder`) when given."""
    wanted = None if programs is None else set(programs)
    jobs = [(token, data, options, base, [p.id], settings) for p in data.programs if wanted is None or p.id in wanted]
    out = [pm for chunk in run_jobs(pool, _job_margins, jobs, desc="margins") for pm in chunk]
    if ladder is not None:
        add_entry_budgets(out, ladder)
    return out


def add_entry_budgets(margins: list[ProgramMargins], ladder) -> None:
    """Each program's entry budget from a ladder already run (:meth:`Ladder.entry_budgets`)."""
    table = {r.id: r for r in ladder.entry_budgets().itertuples()}
    for pm in margins:
        r = table.get(pm.program)
        if r is not None:
            pm.entry_never = bool(r.never)
            pm.entry_scale = None if r.never else float(r.entry_scale)
            pm.entry_budget = None if r.never else float(r.entry_budget)


def closest(price, n: int = 5) -> list[str]:
    """From the price of change (:func:`portfolio.analysis.sensitivity.price_of_change`): the `n`
    unfunded programs that lose least when forced in and the `n` funded ones that lose least when
    forced out, whose margins the report shows."""
    out = []
    for direction in ("in", "out"):
        rows = price[(price["direction"] == direction) & price["loss"].notna()].sort_values(["loss", "program"])
        out.extend(rows["program"].head(n).tolist())
    return out


def borderline(margins: list[ProgramMargins], n: int = 5) -> tuple[list[ProgramMargins], list[ProgramMargins]]:
    """The `n` unfunded programs closest to entry and the `n` funded ones cheapest to lose (smallest
    value over their best replacement), each nearest first; fixed and held programs are left out."""
    live = [m for m in margins if m.fixed is None and m.held is None and m.value_margin is not None]
    near = sorted((m for m in live if not m.funded), key=lambda m: (-m.value_margin, m.program))[:n]
    cheap = sorted((m for m in live if m.funded), key=lambda m: (m.value_margin, m.program))[:n]
    return near, cheap


# -- words ------------------------------------------------------------------------------------
# The sentences are methods of the margins (ProgramMargins.lines, CostMargin.text, ScoreMargin.text),
# so that the writers, which may not import this module, can call them on what they are given.


def describe(pm: ProgramMargins, data: ModelData, lang: str = "ja") -> list[str]:
    """The program's margins as lines for a planner (``explain``, the workbook and the report)."""
    return pm.lines(data, lang)


# -- JSON -------------------------------------------------------------------------------------


def margins_json(pm: ProgramMargins, lang: str = "ja") -> dict[str, Any]:
    c = pm.cost
    return {
        "funded": pm.funded,
        "fixed": pm.fixed.render(lang) if pm.fixed else None,
        "held": pm.held.render(lang) if pm.held else None,
        "value_in": _num(pm.value_in), "value_out": _num(pm.value_out), "value_margin": _num(pm.value_margin),
        "value_tolerance": _num(pm.value_tolerance, 9), "tie": pm.tie,
        "cost": None if c is None else {
            "direction": c.direction, "holds_at": _num(c.holds), "flips_at": _num(c.flips),
            "searched_to": _num(c.searched), "tolerance": _num(c.tolerance), "decided": c.decided,
            "tried": [{"factor": _num(f), "can_fund": ok} for f, ok in c.tried]},
        "scores": {s.criterion: {
            "weight": _num(s.weight, 10), "change": _num(s.change), "low": _num(s.low), "high": _num(s.high),
            "score": _num(s.score), "threshold_score": _num(None if s.change is None else s.score + s.change),
            "range": None if s.range_low is None else [_num(s.range_low), _num(s.range_high)],
            "within_range": s.within_range, "method": s.exact or None, "gap_reached": s.gap_reached,
            "solves": s.solves, "reason": s.reason.render(lang) if s.reason else None} for s in pm.scores},
        "entry_budget": None if pm.entry_never is None else {
            "scale": _num(pm.entry_scale), "budget": _num(pm.entry_budget), "never": pm.entry_never},
        "gap_reached": pm.gap_reached, "solves": pm.solves, "seconds": round(pm.seconds, 3),
    }
