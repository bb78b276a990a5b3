"""Budget ladder: the optimum at each budget level, entry budgets, and real non-nested swaps.

Each step multiplies every year's total budget by a factor (as ``solve --scale``) and is solved
to the configured gap; nothing is interpolated. The model is built once per worker: the budget is
a mutable parameter of a persistent HiGHS model, and each step starts from the previous (lower)
step's optimum, first improved for the new budget by a neighbourhood search around it
(``HighsSolver._neighbourhood``). A start that is infeasible at the new budget (share-based
floors move with it) is simply rejected by HiGHS.

Non-nested steps: a program funded at a lower budget but dropped at a higher one. Gap noise can
fake such a swap, so each one is settled before it is reported (`_settle_swaps`): the higher
step is re-solved with the dropped programs kept, and the lower one without them. If either loses
nothing, the ladder could have been nested: a tie within the gap, listed as such. If the bounds
prove that both lose, it is a real swap, reported with the programs that replaced them and the
objective that keeping them would cost. A close call is decided by one more solve that asks
HiGHS exactly whether a plan as good as the step's exists (the step's objective as cutoff and
target), or the best reachable within the time limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..core.data import ModelData
from ..core.labels import scale_label
from ..core.numbers import json_number as _num
from ..engine.parallel import executor as make_executor
from ..engine.parallel import new_token, progress_bar, split, worker_session
from ..engine.solver import SolveOptions

TIGHT_GAP = 1e-6


@dataclass
class Step:
    scale: float
    budget: float                       # horizon total of the annual budget at this step
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    portfolio: tuple = ()               # ((program, level, start), …) sorted
    spend_by_domain: dict = field(default_factory=dict)
    choose: np.ndarray | None = None
    pay: np.ndarray | None = None
    tie: Any = None                     # analysis.ties.Tie: another plan of the same value? (None: not checked)

    @property
    def funded(self) -> list[str]:
        return [p for p, _, _ in self.portfolio]

    def to_json(self) -> dict:
        return {"scale": self.scale, "budget": round(self.budget, 6), "objective": _num(self.objective),
                "bound": _num(self.bound), "gap": _num(self.gap), "status": self.status, "funded": self.funded,
                "solve_seconds": round(self.seconds, 4), **({} if self.tie is None else {"tie": self.tie.to_json()})}


def _step_from(session, scale: float, outcome) -> Step:
    ix = session.ix
    budget = float(sum(session.base_budget)) * scale
    dom = {}
    if outcome.has_solution:
        inside = ix.cost.sum(axis=1)
        prog = session.data.program_by_id
        dom = {d.id: 0.0 for d in session.data.domains}
        for k in outcome.funded_options():
            dom[prog[ix.option_program[k]].domain] += float(inside[k])
    return Step(scale=scale, budget=budget, status=outcome.status, objective=outcome.objective, bound=outcome.bound,
                gap=outcome.gap, seconds=outcome.seconds, portfolio=session.portfolio(outcome) if outcome.has_solution
                else (), spend_by_domain=dom, choose=outcome.choose, pay=outcome.pay)


def ladder_step(token: str, data: ModelData, options: SolveOptions, scale: float, start) -> Step:
    """One ladder step on this worker's model, started from the neighbouring step's plan `start`
    (choices, payments), improved first by a neighbourhood search around it; cold if None."""
    s = worker_session(token, data, options)
    s.solver.forget()           # any job may have run before on this worker: its result must not matter
    with s.changed(scale=scale):
        o = s.solve(start=start, near=[start[0]] if start is not None else None)
        return _step_from(s, scale, o)


#: What a non-nested step is, in the words of the ladder's sheets, the report and the console.
VERDICTS = ("tie", "within_gap", "real", "undecided")


@dataclass
class Swap:
    """An apparent non-nested step: `dropped` are funded at the lower step and not at the higher.

    `real` is True unless a plan shows the ladder could be nested at no loss (then it is a tie);
    :attr:`verdict` says more: a tie, a swap whose loss is within the solve gap (the ladder's
    plans are only that close to optimal, so it may be gap noise), a real swap, or undecided (a
    re-solve stopped at the time limit)."""

    lower: float                        # scale of the lower step
    higher: float
    dropped: list[str]
    replaced_by: list[str]
    cost_of_keeping: float | None       # objective lost at the higher step if the dropped ones are kept
    real: bool
    cost_of_dropping: float | None = None   # objective lost at the lower step if they are left out (None: not tested)
    decided: bool = True                # False: a test stopped at the time limit before it was decided
    gap_loss: float = 0.0               # a loss up to this is within the solve gap (gap target × |objective|)

    @property
    def loss(self) -> float | None:
        """The least objective lost by nesting the two steps (keeping them above, or dropping them below)."""
        known = [c for c in (self.cost_of_keeping, self.cost_of_dropping) if c is not None]
        return 0.0 if not self.real else (min(known) if known else None)

    @property
    def verdict(self) -> str:
        if not self.real:
            return "tie"
        if not self.decided:
            return "undecided"
        loss = self.loss
        return "within_gap" if loss is not None and loss <= self.gap_loss else "real"


@dataclass
class Ladder:
    data: ModelData
    options: SolveOptions
    steps: list[Step]
    swaps: list[Swap]
    workers: int
    non_monotone: list[tuple[float, float]] = field(default_factory=list)

    def frontier(self) -> pd.DataFrame:
        rows, prev = [], None
        for s in self.steps:
            mv = None
            if prev is not None and s.objective is not None and prev.objective is not None and s.budget != prev.budget:
                mv = (s.objective - prev.objective) / (s.budget - prev.budget)
            rows.append(dict(scale=s.scale, budget=s.budget, objective=s.objective, bound=s.bound, gap=s.gap,
                             status=s.status, funded=len(s.portfolio), marginal_value=mv, seconds=s.seconds))
            if s.objective is not None:
                prev = s
        return pd.DataFrame(rows)

    def ladder_table(self) -> pd.DataFrame:
        """Program × step: 'level@start' where funded, blank otherwise."""
        progs = [p.id for p in self.data.programs]
        table = pd.DataFrame({"id": progs})
        for s in self.steps:
            chosen = {p: f"{lv}@{st}" for p, lv, st in s.portfolio}
            table[scale_label(s.scale)] = [chosen.get(p, "") for p in progs]
        return table

    def entry_budgets(self) -> pd.DataFrame:
        """For each program the lowest step from which it stays funded up to the top step (`never` when
        it is not funded at the top step), and the solved steps at which it is funded at all: a
        program funded at some steps but not at the top is `never` with a non-empty `funded_at`."""
        rows = []
        solved = [s for s in self.steps if s.objective is not None]
        for p in self.data.programs:
            entry = None
            for s in reversed(solved):
                if p.id in s.funded:
                    entry = s
                else:
                    break
            funded_at = [s.scale for s in solved if p.id in s.funded]
            rows.append(dict(id=p.id, entry_scale=entry.scale if entry else None,
                             entry_budget=entry.budget if entry else None, never=entry is None,
                             funded_at=funded_at, funded_steps=len(funded_at), solved_steps=len(solved)))
        return pd.DataFrame(rows, columns=["id", "entry_scale", "entry_budget", "never", "funded_at", "funded_steps",
                                           "solved_steps"])

    def domains_by_budget(self) -> pd.DataFrame:
        rows = []
        for d in self.data.domains:
            row = {"id": d.id}
            for s in self.steps:
                row[scale_label(s.scale)] = s.spend_by_domain.get(d.id) if s.objective is not None else None
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self, output: str | None) -> dict:
        return {"points": [s.to_json() for s in self.steps],
                "non_nested": [dict(lower_scale=w.lower, higher_scale=w.higher, dropped=w.dropped,
                                    replaced_by=w.replaced_by, cost_of_keeping=_num(w.cost_of_keeping),
                                    cost_of_dropping=_num(w.cost_of_dropping), real=w.real, verdict=w.verdict)
                               for w in self.swaps],
                "non_monotone": [list(p) for p in self.non_monotone],
                "entry_budget": {r.id: (None if r.never else r.entry_budget) for r in self.entry_budgets().itertuples()},
                "workers": self.workers, "output": output}


def run_ladder(data: ModelData, scales: list[float], options: SolveOptions, *, workers: int = 1,
               executor: str | None = None, check_swaps: bool = True) -> Ladder:
    """Solve every step of the ladder (in parallel if asked) and settle apparent swaps.

    The steps form `workers` chains of contiguous steps (`split`), each solved in ascending order
    from the step before it. Every step and every swap is one job on the executor. A chain's next
    step is submitted as soon as the step before it is solved; a swap, once both of its steps
    are, whenever fewer than `workers` jobs are running (so it never holds up a chain). A worker
    whose chain is done thus settles swaps while the others still climb theirs. A job depends
    only on its inputs (the plan it starts from is passed in, and HiGHS's state from earlier jobs
    is cleared: `HighsSolver.forget`), not on which worker runs it, so the same ladder with the same worker
    count gives the same answer.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    scales = sorted(scales)
    token = new_token()
    chains = split(scales, workers) if workers > 1 else [scales]
    where = {f: (c, i) for c, chain in enumerate(chains) for i, f in enumerate(chain)}
    done: dict[float, Step] = {}
    swaps: dict[float, Swap] = {}
    settled: set[float] = set()
    ready: list = []                    # swaps whose steps are known, waiting for a free worker
    with make_executor(executor, workers) as pool, progress_bar(len(scales), "ladder") as bar:
        pending: dict = {}

        def submit_step(f: float, start) -> None:
            pending[pool.submit(ladder_step, token, data, options, f, start)] = ("step", f)

        for chain in chains:
            submit_step(chain[0], None)
        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in sorted(finished, key=lambda x: pending[x][1]):
                kind, f = pending.pop(fut)
                bar.update(1)
                if kind == "swap":
                    swaps[f] = fut.result()
                    continue
                step = done[f] = fut.result()
                c, i = where[f]
                if i + 1 < len(chains[c]):
                    submit_step(chains[c][i + 1], (step.choose, step.pay) if step.objective is not None else None)
                if not check_swaps:
                    continue
                for lo, hi in _ready_pairs(scales, done):
                    if lo.scale not in settled:
                        settled.add(lo.scale)
                        ready.append((_slim(lo), _slim(hi)))
                        bar.total += 1
                        bar.refresh()
            while ready and sum(not x.done() for x in pending) < max(1, workers):
                lo, hi = ready.pop(0)
                pending[pool.submit(settle_pair, token, data, options, lo, hi)] = ("swap", lo.scale)
    ladder = Ladder(data=data, options=options, steps=[done[f] for f in scales],
                    swaps=[swaps[f] for f in sorted(swaps)], workers=workers)
    _check_monotone(ladder)
    return ladder


def _ready_pairs(scales: list[float], done: dict[float, Step]):
    """Adjacent solved steps (lo, hi), skipping steps without a solution between them, whose
    apparent swap can be settled now: both solved, every step between them known, and some
    program funded at lo dropped at hi."""
    lo = None
    for f in scales:
        step = done.get(f)
        if step is None:
            lo = None           # unknown yet: no pair can span it
            continue
        if step.objective is None:
            continue
        if lo is not None and _dropped(lo, step)[0]:
            yield lo, step
        lo = step


def _dropped(lo: Step, hi: Step) -> tuple[list[str], list[str]]:
    a, b = set(lo.funded), set(hi.funded)
    return sorted(a - b), sorted(b - a)


def _without(ix, step: Step, programs: list[str]):
    """The step's plan with `programs` left out, as a MIP start (HiGHS rejects it if it breaks a limit)."""
    if step.choose is None or step.pay is None:
        return None
    out = set(programs)
    choose = step.choose.copy()
    choose[[k for p in programs for k in ix.by_program[p]]] = 0.0
    pay = step.pay.copy()
    pay[[i for i, f in enumerate(ix.flows) if f[0] in out]] = 0.0
    return choose, pay


def _settle_swaps(ladder: Ladder) -> None:
    """Decide every apparent non-nested swap: real, or a tie within the gap.

    For adjacent steps lo < hi with plans of objective z_lo, z_hi, let D = the programs funded at lo
    but not at hi, and τ = 1e-6·|z| the tight tolerance. Two forced re-solves answer whether the
    ladder could have been nested at no loss:

    * keep: the higher step with D forced in, started from lo's plan (which fits the higher
      budget): objective z_keep, bound UB_keep;
    * drop: the lower step with D forced out: z_drop, UB_drop.

    Each is *free* if it reaches its step's objective (z_keep ≥ z_hi − τ), *costly* if its bound
    proves a loss (z_hi − UB_keep > τ, or the forced problem is infeasible), else *unclear*.

    * keep or drop free: the displayed plans could have been nested at no loss: a tie within the
      gap (gap noise, or two equally good plans);
    * both costly: a real swap, reported with the loss of keeping D, z_hi − z_keep;
    * a re-solve that is unclear is followed by one decision solve: is there a plan with objective
      ≥ z − τ? (that value as HiGHS's cutoff and target, `_ForcedTest`), which ends free, proved
      costly, or at the time limit. A swap still undecided then is reported as real rather than
      hidden. Both tests take their first solve before either takes its decision (`settle_pair`).

    A swap is thus never called a tie without a plan that shows it, and called real only with a
    bound that proves it or when it could not be decided. The steps' own plans are not changed.
    Each re-solve stops as soon as it finds a plan as good as its step's, so most swaps cost one
    or two short solves; only close calls pay for a decision. Here the steps of a finished ladder
    are settled in this process (for ladders built by hand); `run_ladder` sends the same
    `settle_pair` jobs to its workers as soon as each swap's steps are solved.
    """
    token = new_token()
    pairs = _ready_pairs([s.scale for s in ladder.steps], {s.scale: s for s in ladder.steps})
    ladder.swaps.extend(settle_pair(token, ladder.data, ladder.options, _slim(lo), _slim(hi)) for lo, hi in pairs)


def _slim(step: Step) -> Step:
    """What settling a swap needs of a step (keeps the jobs sent to workers small)."""
    return Step(scale=step.scale, budget=step.budget, status=step.status, objective=step.objective, bound=step.bound,
                gap=step.gap, seconds=step.seconds, portfolio=step.portfolio, choose=step.choose, pay=step.pay)


def _forced(session, scale: float, programs: list[str], state: str, gap: float, start, target: float,
            near: list | None, cutoff: float | None = None):
    with session.changed(scale=scale, force={q: state for q in programs}):
        return session.solve(mip_gap=gap, start=start, target=target, near=near, cutoff=cutoff)


def _verdict(step: Step, o) -> str:
    """A forced re-solve against the step's own plan: 'free', 'costly' or 'unclear'."""
    if o.status == "infeasible":
        return "costly"
    if o.objective is None:
        return "unclear"
    tol = TIGHT_GAP * max(1.0, abs(step.objective))
    if o.objective >= step.objective - tol:
        return "free"
    bound = o.bound if o.bound is not None else math.inf
    return "costly" if step.objective - bound > tol else "unclear"


class _ForcedTest:
    """Force `programs` in or out at a step's budget until it is clear whether that loses anything.

    Each :meth:`advance` is one solve, at most two in all. The first runs at the configured gap,
    started from a neighbourhood search around the `near` plans (``HighsSolver._neighbourhood``:
    the two steps' plans); HiGHS stops early once a plan as good as the step's own is found
    (objective target T = z − τ). Its plan gives the cost of keeping, and it settles most tests.

    If it cannot tell (its plan is below T, its bound above), the second solve asks HiGHS exactly
    the question: is there a plan with objective ≥ T? T is both the target and the cutoff
    (``objective_bound``: every node whose bound is below T is pruned), at a gap of at most half
    the first plan's margin below T (so that reaching the gap cannot end the solve first),
    started from the first plan and a search around it and the `near` plans. It ends with a plan
    ≥ T (free) or with every node pruned (costly: proved, which no finite gap would do more
    cheaply). A solve stopped by the time limit ends the test undecided.
    """

    def __init__(self, session, options: SolveOptions, step: Step, programs: list[str], state: str, start, near):
        self.session, self.step, self.programs, self.state = session, step, programs, state
        self.start, self.near = start, list(near or [])      # HighsSolver.solve skips None plans
        self.size = max(1.0, abs(step.objective))
        self.target = step.objective - TIGHT_GAP * self.size
        self.gap = options.mip_gap
        self.verdict, self.outcome, self.done = "unclear", None, False

    @property
    def margin(self) -> float:
        """How far (relative) the best plan found so far is below the target."""
        o = self.outcome
        return math.inf if o is None or o.objective is None else (self.target - o.objective) / self.size

    def advance(self) -> str:
        decision = self.outcome is not None
        o = _forced(self.session, self.step.scale, self.programs, self.state, self.gap, self.start, self.target,
                    self.near, cutoff=self.target if decision else None)
        self.verdict = _verdict(self.step, o)
        best = self.outcome
        if best is None or (o.objective is not None and (best.objective is None or o.objective >= best.objective)):
            self.outcome = o            # the best plan found: it gives the cost of keeping
        if decision or self.verdict != "unclear" or o.status != "optimal" or o.objective is None:
            self.done = True
        else:       # the decision: any gap below the margin ends only when decided; half of it
            self.gap = min(self.gap / 10, self.margin / 2)
            self.start = (o.choose, o.pay)
            self.near = [o.choose] + self.near
        return self.verdict


def settle_pair(token: str, data: ModelData, options: SolveOptions, lo: Step, hi: Step) -> Swap:
    """One apparent swap between adjacent steps lo < hi, settled on this worker's model.

    The keep and drop tests each take their first solve (at the configured gap) before either
    is decided exactly; then the unclear ones take their decision solve, the one whose plan is
    further below its target first (keep on equal margins). A tie needs only one free test, and a
    plan just below its target is the hardest case to decide either way (on the benchmark ladder
    such a keep decision ran 60 s where the other test was found free in 4 s).
    """
    session = worker_session(token, data, options)
    session.solver.forget()
    dropped, gained = _dropped(lo, hi)
    without = _without(session.ix, lo, dropped)
    keep = _ForcedTest(session, options, hi, dropped, "in", (lo.choose, lo.pay) if lo.choose is not None else None,
                       [lo.choose, hi.choose])
    drop = _ForcedTest(session, options, lo, dropped, "out", without, [without[0], hi.choose] if without else None)
    tie = keep.advance() == "free" or drop.advance() == "free"
    while not tie and not (keep.done and drop.done):
        test = max((t for t in (keep, drop) if not t.done), key=lambda t: t.margin)
        tie = test.advance() == "free"
    # real when both provably lose; an undecided one is reported as real rather than hidden
    return Swap(lo.scale, hi.scale, dropped, gained, _loss(keep, hi), real=not tie, cost_of_dropping=_loss(drop, lo),
                decided=tie or (keep.verdict == "costly" and drop.verdict == "costly"),
                gap_loss=options.mip_gap * max(1.0, abs(hi.objective)))


def _loss(test: _ForcedTest, step: Step) -> float | None:
    """What a forced test lost against its step's objective: 0 when free, None when not tried or without a plan."""
    if test.verdict == "free":
        return 0.0
    o = test.outcome
    return None if o is None or o.objective is None else max(0.0, step.objective - o.objective)


def _check_monotone(ladder: Ladder) -> None:
    """Objective must not fall as the budget rises, beyond the reported gaps; record where it does."""
    prev = None
    for s in ladder.steps:
        if s.objective is None:
            continue
        if prev is not None:
            tol = (prev.gap or 0.0) * abs(prev.objective) + (s.gap or 0.0) * abs(s.objective) + 1e-9
            if s.objective < prev.objective - tol:
                ladder.non_monotone.append((prev.scale, s.scale))
        prev = s
