"""An independent check of a solution: every rule of the formulation, recomputed from the inputs.

``check_invariants(data, result)`` reads only the validated inputs (:class:`ModelData`) and the
Result tables (Programs, Allocation, Domains, Sources, Years, Capacities, Tail), never the Pyomo
model or the model index, and re-derives everything it needs on its own: each funded program's
cost by fiscal year from its level's profile and start, which sources may pay for it (the
eligibility rules resolved here again), partners' matches, domain spend, capacity use and the
capacity programs create, tails, private co-investment and the objective.
All problems found are reported together in one AssertionError.

A re-solve (a ladder step, a forced test, a sensitivity or ``explain`` probe) is checked against
the problem it solved: programs it forced in must be funded and those forced out not, and the
limits it set (``limits``: (parameter, key) → value, as
:class:`portfolio.engine.solver.SolveState` gives them) replace the data's total budget,
envelopes (a fund's deposits) and capacities.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict

SPECIFICITY = {"program": 0, "instrument": 1, "domain": 2, "all": 3}


def _key(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip().casefold()


def _id(s: str) -> str:
    return unicodedata.normalize("NFKC", s).strip()


def eligible_shares(data, program) -> dict[str, float]:
    """Sources allowed to pay for `program` with their largest share, from the Eligibility rules.

    For each source the most specific rule naming it applies (program > instrument > domain >
    all). The lead ministry may pay in full unless a rule that applies names it (a rule for another
    source adds a payer, it never takes the lead's right away). Instruments are ids: compared
    exactly, after NFKC and trimming.
    """
    best: dict[str, tuple[int, float]] = {}
    for r in data.eligibility:
        if r.target_type == "program":
            hit = r.target == program.id
        elif r.target_type == "instrument":
            hit = bool(program.instrument) and _id(r.target) == _id(program.instrument)
        elif r.target_type == "domain":
            hit = r.target == program.domain
        else:
            hit = True
        if hit:
            rank = SPECIFICITY[r.target_type]
            if r.source not in best or rank < best[r.source][0]:
                best[r.source] = (rank, r.max_share)
    shares = {s: share for s, (_, share) in best.items() if share > 0}
    if program.lead not in best:
        shares[program.lead] = 1.0
    return shares


def _close_le(a: float, b: float, tol: float) -> bool:
    return a <= b + tol * max(1.0, abs(b))


def _limit(limits, param: str, key, default: float) -> float:
    return float(limits.get((param, key), default))


def check_invariants(data, result, tol: float = 1e-6, *, forced=None, limits=None, objective: str = "equal") -> None:
    """Raise AssertionError listing every rule the solution in `result` breaks.

    `forced`: program → "in" / "out" as the solve forced them; `limits`: limits the solve set in
    place of the data's. `objective`: how the reported objective relates to the funded options'
    value: "equal"; "at_least" when a solve's cutoff was not reached (HiGHS then reports the best
    objective it found, possibly with the plan it was started from); "other" for a model that
    maximises something else than the portfolio's value."""
    bad: list[str] = []
    forced, limits = dict(forced or {}), dict(limits or {})
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    assert result.status in ("optimal", "feasible"), f"no solution to check: {result.status}"

    # The budget the solve had to respect: the data's (unscaled) budget times the result's scale,
    # unless the solve set a year's budget itself.
    base = list(data.base_budget or data.budget) if data.scale != 1.0 else list(data.budget)
    budget = [_limit(limits, "total_budget", y, b * result.data.scale) for y, b in zip(years, base)]
    budget_total = sum(budget)

    progs = {p.id: p for p in data.programs}
    table = result.programs
    if sorted(table["id"]) != sorted(progs):
        bad.append(f"Programs table ids {sorted(table['id'])} != model programs {sorted(progs)}")
    chosen, cost, tail, value = _what_was_chosen(data, table, bad)
    total_tail = _program_rules(data, chosen, tail, forced, tol, bad)
    by_source = _money(data, result, chosen, cost, budget, limits, tol, bad)
    _spend_floor(data, result, by_source, limits, tol, bad)
    _capacities(data, result, chosen, limits, tol, bad)
    dom_spend = _domains(data, cost, budget_total, tol, bad)
    _dependencies(data, chosen, bad)
    _private_investment(data, result, cost, tol, bad)
    _summaries(data, result, objective, value, chosen, dom_spend, by_source, total_tail, tol, bad)
    assert not bad, "solution breaks the rules:\n  " + "\n  ".join(bad)



def _what_was_chosen(data, table, bad: list[str]):
    """The funded (level, start) of each program, its cost by year and past the horizon, and the
    value the objective gives the portfolio."""
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    first, last = years[0], years[-1]
    ny = len(years)
    progs = {p.id: p for p in data.programs}
    chosen: dict[str, tuple[str, int]] = {}
    for r in table.itertuples():
        if bool(r.funded):
            chosen[r.id] = (r.level, int(r.start_year))
    cost: dict[str, list[float]] = {}
    tail: dict[str, float] = {}
    value = 0.0
    weights_total = sum(c.weight for c in data.criteria)
    for pid, (lid, s) in chosen.items():
        p = progs[pid]
        lv = next((x for x in p.levels if x.id == lid), None)
        if lv is None:
            bad.append(f"{pid}: level {lid!r} does not exist")
            continue
        row = [0.0] * ny
        tl = 0.0
        for j, c in enumerate(lv.cost):
            y = s + j
            if y < first:
                bad.append(f"{pid}: cost in FY{y} before the horizon")
            elif y <= last:
                row[y - first] = c
            else:
                tl += c
        cost[pid], tail[pid] = row, tl
        life = sum(lv.cost)
        inside = sum(row)
        share = inside / life if life > 0 else 1.0
        score = sum(c.weight / weights_total * lv.scores[c.id] for c in data.criteria)
        value += score * (1 - st.late_start_discount) ** (s - first) * share
    return chosen, cost, tail, value


def _program_rules(data, chosen, tail, forced, tol: float, bad: list[str]) -> float:
    """Program flags, forcings, windows, locks and commitments past the horizon; their total."""
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    first, last = years[0], years[-1]
    for p in data.programs:
        got = chosen.get(p.id)
        rule = forced.get(p.id)
        if rule == "in" and not got:
            bad.append(f"{p.id}: forced in but not funded")
        if rule == "out" and got:
            bad.append(f"{p.id}: forced out but funded")
        if p.forbidden and got:
            bad.append(f"{p.id}: forbidden but funded")
        if rule != "out":       # forcing out overrides a program's own rule; its locks hold whenever funded
            if (p.mandatory or p.ongoing) and not got:
                bad.append(f"{p.id}: mandatory/ongoing but not funded")
            if p.lock_level is not None and (not got or got[0] != p.lock_level):
                bad.append(f"{p.id}: locked at level {p.lock_level}, got {got}")
            if p.lock_start is not None and (not got or got[1] != p.lock_start):
                bad.append(f"{p.id}: locked to start FY{p.lock_start}, got {got}")
        if not got:
            continue
        s = got[1]
        if p.ongoing:
            if s != first:
                bad.append(f"{p.id}: ongoing but starts FY{s}, not the first year FY{first}")
        elif not (p.earliest_start <= s <= p.latest_start and first <= s <= last):
            bad.append(f"{p.id}: start FY{s} outside its window {p.earliest_start}–{p.latest_start}")
        if not st.allow_tail and s + p.duration - 1 > last:
            bad.append(f"{p.id}: runs to FY{s + p.duration - 1}, past the horizon, and tails are not allowed")
    total_tail = sum(tail.values())
    if not st.allow_tail and total_tail > tol:
        bad.append(f"tail cost {total_tail} although tails are not allowed")
    if st.allow_tail and not _close_le(total_tail, st.tail_cap, tol):
        bad.append(f"tail cost {total_tail} exceeds the cap {st.tail_cap}")
    return total_tail


def _money(data, result, chosen, cost, budget, limits, tol: float, bad: list[str]):
    """Payments cover costs from eligible sources within their shares; the total budget (annual
    sources only), envelopes and fund balances hold. Returns spend by (source, year)."""
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    first = years[0]
    progs = {p.id: p for p in data.programs}
    paid = defaultdict(float)            # (program, year) -> amount
    by_source = defaultdict(float)       # (source, year) -> amount
    by_program_source = defaultdict(float)   # (program, source, year) -> amount
    for r in result.allocation.itertuples():
        pid, sid, y, amt = r.program, r.source, int(r.year), float(r.amount)
        if amt < -tol:
            bad.append(f"negative payment {amt} from {sid} to {pid} in FY{y}")
        if y not in years:
            bad.append(f"payment to {pid} in FY{y}, outside the horizon")
            continue
        if pid not in chosen:
            if abs(amt) > tol:
                bad.append(f"payment {amt} from {sid} to unfunded {pid} in FY{y}")
            continue
        shares = eligible_shares(data, progs[pid])
        c = cost[pid][y - first]
        if sid not in shares:
            if abs(amt) > tol:
                bad.append(f"{sid} pays {amt} to {pid} in FY{y} but is not eligible")
        elif not _close_le(amt, shares[sid] * c, tol):
            bad.append(f"{sid} pays {amt} to {pid} in FY{y}, above its share {shares[sid]} of {c}")
        paid[pid, y] += amt
        by_source[sid, y] += amt
        by_program_source[pid, sid, y] += amt
    for pid, row in cost.items():
        for j, y in enumerate(years):
            if abs(paid[pid, y] - row[j]) > tol * max(1.0, row[j]):
                bad.append(f"{pid} FY{y}: paid {paid[pid, y]} but costs {row[j]}")
    _partner_match(data, by_program_source, tol, bad)
    year_table = {int(r.year): float(r.annual_spend) for r in result.years.itertuples()}
    total_table = {int(r.year): float(r.total_spend) for r in result.years.itertuples()}
    # The total budget caps the annual sources counted in it; a ministry's money set apart
    # (in_total_budget FALSE) is capped by its own envelope only.
    counted = {s.id for s in data.sources if s.kind == "annual" and s.in_total_budget}
    for j, y in enumerate(years):
        annual = sum(v for (sid, t), v in by_source.items() if t == y and sid in counted)
        spent = sum(v for (sid, t), v in by_source.items() if t == y)
        if abs(total_table.get(y, math.nan) - spent) > tol * max(1.0, spent):
            bad.append(f"Years table: FY{y} total spend {total_table.get(y)} != {spent}")
        if not _close_le(annual, budget[j], tol):
            bad.append(f"FY{y}: annual spend {annual} exceeds the total budget {budget[j]}")
        if abs(year_table.get(y, math.nan) - annual) > tol * max(1.0, annual):
            bad.append(f"Years table: FY{y} annual spend {year_table.get(y)} != {annual}")
    for s in data.sources:
        spend = [by_source[s.id, y] for y in years]
        envelope = [_limit(limits, "envelope", (s.id, y), s.envelope[j]) for j, y in enumerate(years)]
        if s.kind == "fund":
            cum_spend = cum_dep = 0.0
            for j, y in enumerate(years):
                cum_spend += spend[j]
                cum_dep += envelope[j]
                if not _close_le(cum_spend, cum_dep, tol):
                    bad.append(f"fund {s.id}: {cum_spend} drawn by FY{y}, only {cum_dep} deposited")
        else:
            for j, y in enumerate(years):
                if not _close_le(spend[j], envelope[j], tol):
                    bad.append(f"{s.id} FY{y}: spends {spend[j]} above its envelope {envelope[j]}")
    return by_source


def _partner_match(data, by_program_source, tol: float, bad: list[str]) -> None:
    """A partner with a match ratio r pays a program in a year at most r × what Japanese sources
    (annual ministries and funds) pay it that year."""
    kinds = {s.id: s.kind for s in data.sources}
    japanese = defaultdict(float)
    for (pid, sid, y), amt in by_program_source.items():
        if kinds[sid] != "external":
            japanese[pid, y] += amt
    for s in data.sources:
        if s.kind != "external" or s.match_ratio is None:
            continue
        for (pid, sid, y), amt in by_program_source.items():
            if sid == s.id and not _close_le(amt, s.match_ratio * japanese[pid, y], tol):
                bad.append(f"partner {s.id} pays {amt} to {pid} in FY{y}, above {s.match_ratio} × the "
                           f"{japanese[pid, y]} Japanese sources pay")


def _capacities(data, result, chosen, limits, tol: float, bad: list[str]) -> None:
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    progs = {p.id: p for p in data.programs}
    cap_table = {(r.id, int(r.year)): float(r.use) for r in result.capacities.itertuples()}
    for cap in data.capacities:
        for j, y in enumerate(years):
            used = created = 0.0
            for pid, (lid, s) in chosen.items():
                p = progs[pid]
                if s <= y <= s + p.duration - 1:
                    used += p.level(lid).use.get(cap.id, 0.0)
                gain, lag = p.level(lid).gain.get(cap.id, (0.0, 0))
                if y >= s + lag:            # created from the start plus the lag, while running and after
                    created += gain
            limit = _limit(limits, "capacity", (cap.id, y), cap.capacity[j]) + created
            if not _close_le(used, limit, tol):
                bad.append(f"capacity {cap.id} FY{y}: use {used} above {limit}")
            if abs(cap_table.get((cap.id, y), math.nan) - used) > tol * max(1.0, used):
                bad.append(f"Capacities table: {cap.id} FY{y} use {cap_table.get((cap.id, y))} != {used}")


def _domains(data, cost, budget_total: float, tol: float, bad: list[str]) -> dict[str, float]:
    """Domain floors, ceilings and critical mass, on spend from every kind of source."""
    progs = {p.id: p for p in data.programs}
    dom_spend = {d.id: 0.0 for d in data.domains}
    dom_funded = {d.id: False for d in data.domains}
    for pid, row in cost.items():
        dom_spend[progs[pid].domain] += sum(row)
        dom_funded[progs[pid].domain] = True
    for d in data.domains:
        x = dom_spend[d.id]
        if d.floor is not None and not _close_le(d.floor, x, tol):
            bad.append(f"domain {d.id}: spend {x} below its floor {d.floor}")
        if d.ceiling is not None and not _close_le(x, d.ceiling, tol):
            bad.append(f"domain {d.id}: spend {x} above its ceiling {d.ceiling}")
        if d.floor_share is not None and not _close_le(d.floor_share * budget_total, x, tol):
            bad.append(f"domain {d.id}: spend {x} below {d.floor_share} of the budget {budget_total}")
        if d.ceiling_share is not None and not _close_le(x, d.ceiling_share * budget_total, tol):
            bad.append(f"domain {d.id}: spend {x} above {d.ceiling_share} of the budget {budget_total}")
        if d.critical_mass and dom_funded[d.id] and not _close_le(d.critical_mass, x, tol):
            bad.append(f"domain {d.id}: spend {x} below its critical mass {d.critical_mass}")
    return dom_spend


def _spend_floor(data, result, by_source, limits, tol: float, bad: list[str]) -> None:
    """In each year with a spend floor, the sources counted in the total budget pay at least the
    floor (stated at scale 1: × the result's budget scale below 1, as stated above), and the limit
    table reports it."""
    years = list(data.years)
    stated = list(data.spend_floor or [None] * len(years))
    counted = {s.id for s in data.sources if s.kind == "annual" and s.in_total_budget}
    rows = result.binding[result.binding["family"] == "spend_floor"]
    table = {int(r.year): (float(r.used), float(r.limit)) for r in rows.itertuples()}
    floored = {y for y, f in zip(years, stated) if f is not None}
    if set(table) != floored:
        bad.append(f"limit table: spend floor rows for {sorted(table)}, floors stated for {sorted(floored)}")
    for y, f in zip(years, stated):
        if f is None:
            continue
        floor = _limit(limits, "spend_floor", y, f * min(result.data.scale, 1.0))   # never raised above ×1
        spent = sum(v for (sid, t), v in by_source.items() if t == y and sid in counted)
        if not _close_le(floor, spent, tol):
            bad.append(f"FY{y}: spend from the sources in the total budget {spent} below the spend floor {floor}")
        used, limit = table.get(y, (math.nan, math.nan))
        if abs(used - spent) > tol * max(1.0, spent) or abs(limit - floor) > tol * max(1.0, floor):
            bad.append(f"limit table: FY{y} spend floor used/limit {used}/{limit} != {spent}/{floor}")


def _private_investment(data, result, cost, tol: float, bad: list[str]) -> None:
    """The private co-investment the funded programs attract (leverage × cost inside the horizon)
    reaches the floor in Settings, and the limit table reports it."""
    progs = {p.id: p for p in data.programs}
    attracted = sum(progs[pid].private_leverage * sum(row) for pid, row in cost.items())
    floor = data.settings.private_investment_floor
    if floor is not None and not _close_le(floor, attracted, tol):
        bad.append(f"private co-investment {attracted} below its floor {floor}")
    rows = result.binding[result.binding["family"] == "private_investment_floor"]
    if floor is not None and (len(rows) != 1 or abs(float(rows["used"].iloc[0]) - attracted) > tol * max(1, attracted)):
        bad.append(f"limit table: private co-investment {list(rows['used'])} != {attracted}")
    reported = getattr(result, "private_investment", None)
    if reported is not None and abs(reported - attracted) > tol * max(1, attracted):
        bad.append(f"reported private co-investment {reported} != {attracted}")
    if "split_only" in result.binding:
        # "tight (payment split only)" is said only of a money limit at its limit
        odd = result.binding[result.binding["split_only"].astype(bool) & ~(
            result.binding["tight"].astype(bool)
            & result.binding["family"].isin(["total_budget", "source_envelope", "fund_balance"]))]
        if len(odd):
            bad.append(f"limit table: split_only on rows that are not tight money limits: {odd.to_dict('records')}")


def _dependencies(data, chosen, bad: list[str]) -> None:
    progs = {p.id: p for p in data.programs}

    def precedence_start(pid: str) -> int:
        p = progs[pid]
        return p.earliest_start if p.ongoing else chosen[pid][1]

    for dep in data.dependencies:
        if dep.kind == "requires":
            if dep.program in chosen:
                if dep.target not in chosen:
                    bad.append(f"{dep.program} requires {dep.target}, which is not funded")
                elif chosen[dep.program][1] < precedence_start(dep.target) + dep.lag:
                    bad.append(f"{dep.program} starts FY{chosen[dep.program][1]}, before {dep.target}'s start "
                               f"FY{precedence_start(dep.target)} + lag {dep.lag}")
        elif dep.kind == "excludes":
            if dep.program in chosen and dep.target in chosen:
                bad.append(f"{dep.program} and {dep.target} exclude each other but both are funded")
        else:
            n = sum(m in chosen for m in dep.members)
            if dep.kind == "at_least" and n < dep.k:
                bad.append(f"at_least {dep.k} of {dep.members}: {n} funded")
            if dep.kind == "at_most" and n > dep.k:
                bad.append(f"at_most {dep.k} of {dep.members}: {n} funded")


def _summaries(data, result, objective: str, value: float, chosen, dom_spend, by_source, total_tail: float,
               tol: float, bad: list[str]) -> None:
    """The objective and the summary tables agree with the choice."""
    st = data.settings
    years = list(range(st.first_year, st.last_year + 1))
    progs = {p.id: p for p in data.programs}
    table = result.programs
    assert objective in ("equal", "at_least", "other"), objective
    slack = 1e-6 * max(1.0, abs(value))
    if objective != "other" and result.objective is None:
        bad.append(f"no objective, the funded options are worth {value}")
    elif objective == "equal" and abs(result.objective - value) > slack:
        bad.append(f"objective {result.objective} != value of the funded options {value}")
    elif objective == "at_least" and result.objective < value - slack:
        bad.append(f"objective {result.objective} below the value of the funded options {value}")
    dom_table = dict(zip(result.domains["id"], result.domains["total"]))
    for d, x in dom_spend.items():
        if abs(dom_table.get(d, math.nan) - x) > tol * max(1.0, x):
            bad.append(f"Domains table: {d} total {dom_table.get(d)} != {x}")
    src_table = dict(zip(result.sources["id"], result.sources["total"]))
    for s in data.sources:
        x = sum(by_source[s.id, y] for y in years)
        if abs(src_table.get(s.id, math.nan) - x) > tol * max(1.0, x):
            bad.append(f"Sources table: {s.id} total {src_table.get(s.id)} != {x}")
    for r in table.itertuples():
        expected = sum(progs[r.id].level(chosen[r.id][0]).cost) if r.id in chosen else 0.0
        if abs(float(r.cost_total) - expected) > tol * max(1.0, expected):
            bad.append(f"Programs table: {r.id} cost_total {r.cost_total} != life cost {expected}")
    tail_table = float(result.tail["amount"].sum()) if len(result.tail) else 0.0
    if abs(tail_table - total_tail) > tol * max(1.0, total_tail):
        bad.append(f"Tail table sums to {tail_table}, the funded programs commit {total_tail}")
