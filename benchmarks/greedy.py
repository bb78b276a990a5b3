"""The greedy baseline: the ranking a planner would do by hand in Excel.

Every program is taken at its standard level (標準) and its earliest start, valued as the model
values it (weighted criterion scores, late-start discount, share of cost inside the horizon) and
ranked by value per yen of total cost. Going down the list, a program is added if every limit
still holds with it; otherwise it is skipped for good. Before the ranked pass the planner does
what cannot wait: mandatory and ongoing programs first, then the best-ranked candidates of each
domain floor, of each domain a must-fund program left below its critical mass, and of each
at-least group, until it is met.

The feasibility check here is written from the planners' rules (docs/formulation.md), not from
the project's model code, so that the comparison checks the model as well:

* limits checked at every addition: total budget per year (annual sources), each source's
  envelope, fund balances (cumulative draws ≤ cumulative deposits), eligibility shares, capacities,
  domain ceilings (億円 and share of the budget), critical mass (a domain's spend is 0 or at least
  its critical mass), requires (the target chosen and started early enough), excludes, at-most
  groups and the cap on commitments past the horizon;
* limits checked on the final portfolio: domain floors, at-least groups, and the critical mass of a
  domain entered by a mandatory or ongoing program.

Who pays is a small LP (HiGHS, through highspy directly): a program is added only if some
payment plan covers every chosen program's yearly cost. Cheap necessary conditions reject
hopeless candidates before the LP is consulted, and a greedy payment from the candidate's most
specific sources accepts easy ones without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

STANDARD_LEVEL_NAMES = ("標準", "standard", "std")
TOL = 1e-6


@dataclass
class Candidate:
    program: str
    level: str
    start: int
    cost: np.ndarray            # per horizon year
    tail: float                 # cost past the horizon
    life_cost: float
    value: float
    use: dict                   # capacity -> use per active year
    active: np.ndarray          # bool per horizon year
    domain: str
    shares: dict                # source -> max share
    precedence_start: int       # start year for requires (an ongoing program's original start)

    @property
    def ratio(self) -> float:
        return self.value / self.life_cost if self.life_cost > 0 else math.inf


@dataclass
class GreedyResult:
    chosen: list[Candidate]
    value: float
    payment: dict               # (program, source, year) -> 億円
    feasible: bool              # every limit, floors included, holds at the end
    failures: list[str] = field(default_factory=list)
    lp_checks: int = 0
    seconds: float = 0.0

    def portfolio(self) -> set[tuple[str, str, int]]:
        return {(c.program, c.level, c.start) for c in self.chosen}


def standard_level(program):
    for lv in program.levels:
        if str(lv.id).strip().casefold() in STANDARD_LEVEL_NAMES:
            return lv
    by_cost = sorted(program.levels, key=lambda lv: (sum(lv.cost), lv.id))
    return by_cost[(len(by_cost) - 1) // 2]


def candidate(data, p) -> Candidate | None:
    """The program at its standard level and earliest start, or None if it has no such option."""
    years = data.years
    first, last = years[0], years[-1]
    if p.forbidden:
        return None
    lv = standard_level(p)
    if p.lock_level is not None:
        lv = next(x for x in p.levels if x.id == p.lock_level)
    start = first if p.ongoing else p.earliest_start
    if p.lock_start is not None:
        start = p.lock_start
    ny = len(years)
    cost = np.zeros(ny)
    active = np.zeros(ny, dtype=bool)
    tail = 0.0
    for k, c in enumerate(lv.cost):
        y = start + k
        if y <= last:
            cost[y - first] = c
            active[y - first] = True
        else:
            tail += c
    if tail > 0 and not data.settings.allow_tail:
        return None
    total_w = sum(c.weight for c in data.criteria)
    score = sum(c.weight / total_w * lv.scores[c.id] for c in data.criteria)
    life = float(sum(lv.cost))
    inside = float(cost.sum())
    share = inside / life if life > 0 else 1.0
    value = score * (1.0 - data.settings.late_start_discount) ** (start - first) * share
    return Candidate(program=p.id, level=lv.id, start=start, cost=cost, tail=tail, life_cost=life, value=value,
                     use=dict(lv.use), active=active, domain=p.domain, shares=dict(p.shares),
                     precedence_start=p.earliest_start if p.ongoing else start)


class Money:
    """Who pays for the chosen programs: greedy payments, checked and repaired by an exact LP."""

    def __init__(self, data):
        self.data = data
        self.years = list(data.years)
        self.ny = len(self.years)
        self.kind = {s.id: s.kind for s in data.sources}
        self.env = {s.id: np.asarray(s.envelope, dtype=float) for s in data.sources}
        self.budget = np.asarray(data.budget, dtype=float)
        # How general a source is: sources that can pay for fewer programs are used first.
        reach = {s.id: 0 for s in data.sources}
        for p in data.programs:
            for s in p.shares:
                reach[s] += 1
        order = {"external": 0, "fund": 1, "annual": 2}
        self.source_order = sorted(reach, key=lambda s: (order[self.kind[s]], reach[s], s))
        self.paid: dict[str, dict[str, np.ndarray]] = {}        # program -> source -> per year
        self.used = {s: np.zeros(self.ny) for s in self.kind}  # per source and year
        self.annual_used = np.zeros(self.ny)
        self.total = np.zeros(self.ny)                         # yearly cost of the chosen programs
        self.annual_need = np.zeros(self.ny)                   # ... of it, what only annual sources can pay
        zero = np.zeros(self.ny)
        self.annual_env = sum((v for s, v in self.env.items() if self.kind[s] == "annual"), zero)
        self.external_env = sum((v for s, v in self.env.items() if self.kind[s] == "external"), zero)
        self.fund_env = sum((v for s, v in self.env.items() if self.kind[s] == "fund"), zero)
        self.lp_checks = 0

    # -- the current plan ----------------------------------------------------------------------------
    def _slack(self, s: str, t: int) -> float:
        k = self.kind[s]
        if k == "fund":
            cum_dep = np.cumsum(self.env[s])
            cum_used = np.cumsum(self.used[s])
            return float(min(cum_dep[t:] - cum_used[t:]))
        slack = self.env[s][t] - self.used[s][t]
        if k == "annual":
            slack = min(slack, self.budget[t] - self.annual_used[t])
        return float(slack)

    def _book(self, program: str, plan: dict[str, np.ndarray]) -> None:
        self.paid[program] = plan
        for s, v in plan.items():
            self.used[s] += v
            if self.kind[s] == "annual":
                self.annual_used += v

    def _annual_need(self, c: Candidate) -> np.ndarray:
        """Least annual money the candidate needs each year: what its funds and co-funders cannot pay."""
        other = sum(a for s, a in c.shares.items() if self.kind[s] != "annual")
        return c.cost * max(0.0, 1.0 - other)

    def necessary(self, extra: Candidate) -> bool:
        """Aggregate conditions every payment plan meets (False: certainly unpayable); cheap, not exact."""
        total = self.total + extra.cost
        annual_need = self.annual_need + self._annual_need(extra)
        annual_cap = np.minimum(self.budget, self.annual_env)
        if np.any(annual_need > annual_cap + TOL):
            return False
        # Funds and co-funders together pay at most their envelopes (cumulative deposits for funds).
        return bool(np.all(total <= annual_cap + self.external_env + np.cumsum(self.fund_env) + TOL)
                    and np.all(np.cumsum(total) <= np.cumsum(annual_cap + self.external_env + self.fund_env) + TOL))

    def try_add(self, c: Candidate, chosen: list[Candidate]) -> bool:
        """Add `c` if some payment plan covers it together with every chosen program."""
        if not self.necessary(c):
            return False
        plan = self._greedy_plan(c)
        if plan is not None:
            self._book(c.program, plan)
            self.total = self.total + c.cost
            self.annual_need = self.annual_need + self._annual_need(c)
            return True
        self.lp_checks += 1
        plans = self._lp(chosen + [c])
        if plans is None:
            return False
        self.paid = {}
        self.used = {s: np.zeros(self.ny) for s in self.kind}
        self.annual_used = np.zeros(self.ny)
        for p, plan in plans.items():
            self._book(p, plan)
        self.total = self.total + c.cost
        self.annual_need = self.annual_need + self._annual_need(c)
        return True

    def _greedy_plan(self, c: Candidate) -> dict[str, np.ndarray] | None:
        """Pay the candidate from the current slack, most specific sources first (no re-planning)."""
        plan: dict[str, np.ndarray] = {}
        fund_draw: dict[str, np.ndarray] = {}
        annual_draw = np.zeros(self.ny)
        for t in range(self.ny):
            need = c.cost[t]
            if need <= 0:
                continue
            for s in self.source_order:
                if s not in c.shares or need <= TOL:
                    continue
                k = self.kind[s]
                if k == "fund":
                    cum_dep = np.cumsum(self.env[s])
                    cum_used = np.cumsum(self.used[s] + fund_draw.get(s, 0.0))
                    room = float(min(cum_dep[t:] - cum_used[t:]))
                else:
                    room = self.env[s][t] - self.used[s][t] - (plan[s][t] if s in plan else 0.0)
                    if k == "annual":
                        room = min(room, self.budget[t] - self.annual_used[t] - annual_draw[t])
                pay = min(need, c.shares[s] * c.cost[t], max(room, 0.0))
                if pay <= TOL:
                    continue
                plan.setdefault(s, np.zeros(self.ny))[t] += pay
                if k == "fund":
                    fund_draw.setdefault(s, np.zeros(self.ny))[t] += pay
                if k == "annual":
                    annual_draw[t] += pay
                need -= pay
            if need > TOL:
                return None
        return plan

    def _lp(self, chosen: list[Candidate]) -> dict[str, dict[str, np.ndarray]] | None:
        """Exact check: is there a payment plan for all of `chosen`? (A feasibility LP in highspy.)"""
        import highspy

        cols = []           # (program, source, t, upper bound: the eligible share of the cost)
        for c in chosen:
            for t in range(self.ny):
                if c.cost[t] > 0:
                    for s, a in c.shares.items():
                        cols.append((c.program, s, t, a * c.cost[t]))
        cost_of = {c.program: c.cost for c in chosen}
        inf = highspy.kHighsInf
        row_of: dict[tuple, int] = {}
        lower: list[float] = []
        upper: list[float] = []
        members: list[list[int]] = []

        def row(key, lo, hi) -> list[int]:
            i = row_of.get(key)
            if i is None:
                i = row_of[key] = len(lower)
                lower.append(lo)
                upper.append(hi)
                members.append([])
            return members[i]

        for j, (p, s, t, _) in enumerate(cols):
            c = float(cost_of[p][t])
            row(("cost", p, t), c, c).append(j)                     # the year's cost is paid in full
            k = self.kind[s]
            if k == "fund":                                          # cumulative draws ≤ cumulative deposits
                for tau in range(t, self.ny):
                    row(("fund", s, tau), -inf, float(np.cumsum(self.env[s])[tau])).append(j)
            else:
                row(("envelope", s, t), -inf, float(self.env[s][t])).append(j)
                if k == "annual":
                    row(("budget", t), -inf, float(self.budget[t])).append(j)
        h = _quiet_highs()
        h.setOptionValue("threads", 1)
        n = len(cols)
        h.addVars(n, np.zeros(n), np.array([u for *_, u in cols], dtype=float))
        starts = np.cumsum([0] + [len(m) for m in members[:-1]]).astype(np.int32)
        index = np.fromiter((j for m in members for j in m), dtype=np.int32)
        h.addRows(len(lower), np.array(lower), np.array(upper), len(index), starts, index, np.ones(len(index)))
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        x = np.asarray(h.getSolution().col_value)
        plans: dict[str, dict[str, np.ndarray]] = {c.program: {} for c in chosen}
        for (p, s, t, _), v in zip(cols, x):
            if v > 1e-9:
                plans[p].setdefault(s, np.zeros(self.ny))[t] += v
        return plans

    def payment(self) -> dict[tuple[str, str, int], float]:
        out = {}
        for p, plan in self.paid.items():
            for s, v in plan.items():
                for t in range(self.ny):
                    if v[t] > 0:
                        out[(p, s, self.years[t])] = float(v[t])
        return out


def _quiet_highs():
    """A silent highspy.Highs (the first one of a process prints a banner on stdout otherwise)."""
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    h.setOptionValue("output_flag", False)
    return h


class Portfolio:
    """The growing greedy portfolio and every limit that must hold as it grows."""

    def __init__(self, data):
        self.data = data
        self.years = list(data.years)
        self.ny = len(self.years)
        self.chosen: list[Candidate] = []
        self.by_program: dict[str, Candidate] = {}
        self.money = Money(data)
        self.cap_used = {c.id: np.zeros(self.ny) for c in data.capacities}
        self.cap = {c.id: np.asarray(c.capacity, dtype=float) for c in data.capacities}
        self.dom_spend = {d.id: 0.0 for d in data.domains}
        self.tail = 0.0
        self.budget_total = float(sum(data.budget))

    def _upper_limits_hold(self, c: Candidate, below_critical_mass: bool = False) -> bool:
        d = self.data
        if c.program in self.by_program:
            return False
        for r, u in c.use.items():
            if np.any(self.cap_used[r] + u * c.active > self.cap[r] + TOL):
                return False
        dom = d.domain_by_id[c.domain]
        spend = self.dom_spend[c.domain] + float(c.cost.sum())
        if dom.ceiling is not None and spend > dom.ceiling + TOL:
            return False
        if dom.ceiling_share is not None and spend > dom.ceiling_share * self.budget_total + TOL:
            return False
        if dom.critical_mass and spend < dom.critical_mass - TOL and not below_critical_mass:
            return False
        if d.settings.allow_tail and d.settings.tail_cap is not None and self.tail + c.tail > d.settings.tail_cap + TOL:
            return False
        for dep in d.dependencies:
            if dep.kind == "requires" and dep.program == c.program:
                target = self.by_program.get(dep.target)
                if target is None or target.precedence_start > c.start - dep.lag:
                    return False
            elif dep.kind == "excludes" and c.program in (dep.program, dep.target):
                other = dep.target if c.program == dep.program else dep.program
                if other in self.by_program:
                    return False
            elif dep.kind == "at_most" and c.program in dep.members:
                if sum(m in self.by_program for m in dep.members) + 1 > dep.k:
                    return False
        return True

    def try_add(self, c: Candidate, below_critical_mass: bool = False) -> bool:
        """Add `c` if every limit holds with it. `below_critical_mass` lets a domain's spend stay
        under its critical mass for now (a must-fund program, or on the way up to it)."""
        if not self._upper_limits_hold(c, below_critical_mass):
            return False
        if not self.money.try_add(c, self.chosen):
            return False
        self.chosen.append(c)
        self.by_program[c.program] = c
        for r, u in c.use.items():
            self.cap_used[r] += u * c.active
        self.dom_spend[c.domain] += float(c.cost.sum())
        self.tail += c.tail
        return True

    def lower_limit_failures(self) -> list[str]:
        d = self.data
        out = []
        for dom in d.domains:
            s = self.dom_spend[dom.id]
            if dom.floor and s < dom.floor - TOL:
                out.append(f"floor of {dom.id}: {s:.1f} < {dom.floor:.1f}")
            if dom.floor_share and s < dom.floor_share * self.budget_total - TOL:
                out.append(f"share floor of {dom.id}: {s:.1f} < {dom.floor_share * self.budget_total:.1f}")
            if dom.critical_mass and 0 < s < dom.critical_mass - TOL:
                out.append(f"critical mass of {dom.id}: {s:.1f} < {dom.critical_mass:.1f}")
        for dep in d.dependencies:
            if dep.kind == "at_least" and sum(m in self.by_program for m in dep.members) < dep.k:
                out.append(f"at least {dep.k} of {', '.join(dep.members)}")
        for p in d.programs:
            if (p.mandatory or p.ongoing) and p.id not in self.by_program:
                out.append(f"mandatory or ongoing {p.id} not funded")
        return out


def run_greedy(data) -> GreedyResult:
    """The planner's greedy portfolio for validated model data (see the module docstring)."""
    import time

    t0 = time.perf_counter()
    cands = [c for c in (candidate(data, p) for p in data.programs) if c is not None]
    ranked = sorted(cands, key=lambda c: (-c.ratio, c.program))
    prog = data.program_by_id
    pf = Portfolio(data)
    # 1. What cannot wait: mandatory and ongoing programs (a domain they enter is brought up to its
    #    critical mass in step 2).
    for c in ranked:
        if prog[c.program].mandatory or prog[c.program].ongoing:
            pf.try_add(c, below_critical_mass=True)
    # 2. Floors, critical masses of domains entered in step 1, and at-least groups, each met with
    #    its own best-ranked candidates.
    budget_total = float(sum(data.budget))
    for dom in data.domains:
        need = max(dom.floor or 0.0, (dom.floor_share or 0.0) * budget_total)
        if need <= 0:
            continue
        for c in ranked:
            if pf.dom_spend[dom.id] >= need - TOL:
                break
            if c.domain == dom.id:
                pf.try_add(c)
    for dom in data.domains:
        if not dom.critical_mass or pf.dom_spend[dom.id] <= 0:
            continue
        for c in ranked:
            if pf.dom_spend[dom.id] >= dom.critical_mass - TOL:
                break
            if c.domain == dom.id:
                pf.try_add(c, below_critical_mass=True)
    for dep in data.dependencies:
        if dep.kind != "at_least":
            continue
        members = set(dep.members)
        for c in ranked:
            if sum(m in pf.by_program for m in members) >= dep.k:
                break
            if c.program in members:
                pf.try_add(c)
    # 3. Everything else, best value per yen first.
    for c in ranked:
        if c.program not in pf.by_program:
            pf.try_add(c)
    failures = pf.lower_limit_failures()
    value = float(sum(c.value for c in pf.chosen))
    chosen = sorted(pf.chosen, key=lambda c: c.program)
    return GreedyResult(chosen=chosen, value=value, payment=pf.money.payment(), feasible=not failures,
                        failures=failures, lp_checks=pf.money.lp_checks, seconds=time.perf_counter() - t0)


def mip_start(result: GreedyResult, ix) -> tuple[np.ndarray, np.ndarray]:
    """The greedy portfolio as a MIP start (option choices and payments) for the project's model."""
    pick = result.portfolio()
    choose = np.array([1.0 if o in pick else 0.0 for o in ix.options])
    pay = np.array([result.payment.get(f, 0.0) for f in ix.flows])
    missing = pick - {o for o, x in zip(ix.options, choose) if x}
    if missing:
        raise ValueError(f"greedy options missing from the model index: {sorted(missing)[:5]}")
    return choose, pay
