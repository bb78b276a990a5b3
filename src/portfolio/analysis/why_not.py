"""Why an unfunded program is not funded, from the recommendation alone: the limits it uses up that
the program would need more of, and the dependencies that bar it. Computed once, here, for
``portfolio explain`` (which then tests loosening each limit by re-solving) and for the report's
"why not funded" section.

For the program at one option (level and start: the one a forced solve chose, else its cheapest),
year by year over the years it would run:

* the total budget, when any annual source may pay for it, if less is left than its cost;
* each envelope or fund it may draw on, if that source is used up and less is left than the
  program's eligible share of its cost;
* each capacity it uses, if less is left than its use;
* its domain's ceilings (absolute or as a share of the budget) over the horizon, and the cap on
  commitments past the horizon;
* a prerequisite left unfunded, an excluded program funded, a group maximum reached.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.data import ModelData
from ..model.index import ModelIndex

TOL = 1e-6


@dataclass(frozen=True)
class Obstacle:
    """One thing the recommendation uses up, or one rule, that keeps a program out."""

    family: str            # a limit family's id (model/families.py), or "requires" / "excludes"
    key: str               # the limit's source, capacity or domain; group members; the other program
    year: int | None       # None for limits over the whole horizon, and for dependencies
    slack: float           # what is left of the limit (0 for dependencies)
    need: float            # what the program needs beyond what is left: the shortfall (0 for dependencies)
    requires: float = 0.0  # what the program needs of the limit in all (its cost, share or use; 0 for dependencies)

    @property
    def is_dependency(self) -> bool:
        return self.family in ("requires", "excludes", "group_at_most")


def cheapest_option(ix: ModelIndex, program: str) -> int | None:
    """The program's option with the least life cost (None if it has none)."""
    ks = ix.by_program.get(program) or []
    return min(ks, key=lambda k: ix.life_cost[k]) if ks else None


def obstacles(data: ModelData, ix: ModelIndex, binding, funded: set[str], program: str,
              option: int | None = None) -> list[Obstacle]:
    """The obstacles of `program` at `option` (default: its cheapest) against the recommendation whose
    limit table is `binding` (``Result.binding``) and whose funded programs are `funded`."""
    k = cheapest_option(ix, program) if option is None else option
    out: list[Obstacle] = []
    if k is not None:
        slack = _slack_lookup(binding)
        out += _money_obstacles(data, ix, slack, program, k)
        out += _capacity_obstacles(data, ix, slack, program, k)
        out += _horizon_obstacles(data, ix, slack, program, k)
    return out + _dependency_obstacles(data, funded, program)


def _slack_lookup(binding):
    table = {(r.family, r.key, None if r.year is None or r.year != r.year else int(r.year)): float(r.slack)
             for r in binding.itertuples()}
    return lambda family, key, year: table.get((family, key, year))


def _money_obstacles(data: ModelData, ix: ModelIndex, slack, program: str, k: int) -> list[Obstacle]:
    p = data.program_by_id[program]
    annual = data.budget_sources
    out = []
    for j, y in enumerate(ix.years):
        c = float(ix.cost[k, j])
        if c <= 0:
            continue
        if any(s in annual for s in p.shares):
            sl = slack("total_budget", "", y)
            if sl is not None and sl < c - TOL:
                out.append(Obstacle("total_budget", "", y, sl, c - max(sl, 0.0), c))
        for s, share in sorted(p.shares.items()):
            family = "fund_balance" if data.source_by_id[s].kind == "fund" else "source_envelope"
            need = share * c
            sl = slack(family, s, y)
            if sl is not None and sl < need - TOL and sl <= TOL:
                out.append(Obstacle(family, s, y, sl, need - max(sl, 0.0), need))
    return out


def _capacity_obstacles(data: ModelData, ix: ModelIndex, slack, program: str, k: int) -> list[Obstacle]:
    level = data.program_by_id[program].level(ix.options[k][1])
    out = []
    for r, u in sorted(level.use.items()):
        for j, y in enumerate(ix.years):
            if not ix.active[k, j] or not u:
                continue
            sl = slack("capacity", r, y)
            if sl is not None and sl < u - TOL:
                out.append(Obstacle("capacity", r, y, sl, u - max(sl, 0.0), u))
    return out


def _horizon_obstacles(data: ModelData, ix: ModelIndex, slack, program: str, k: int) -> list[Obstacle]:
    domain = data.program_by_id[program].domain
    inside = float(np.asarray(ix.cost[k]).sum())
    out = []
    for family in ("domain_ceiling", "domain_ceiling_share"):
        sl = slack(family, domain, None)
        if sl is not None and sl < inside - TOL:
            out.append(Obstacle(family, domain, None, sl, inside - max(sl, 0.0), inside))
    if ix.tail[k] > 0:
        sl = slack("tail_cap", "", None)
        if sl is not None and sl < ix.tail[k] - TOL:
            out.append(Obstacle("tail_cap", "", None, sl, float(ix.tail[k]) - max(sl, 0.0), float(ix.tail[k])))
    return out


def _dependency_obstacles(data: ModelData, funded: set[str], program: str) -> list[Obstacle]:
    out = []
    for dep in data.dependencies:
        if dep.kind == "requires" and dep.program == program and dep.target not in funded:
            out.append(Obstacle("requires", dep.target, None, 0.0, 0.0))
        elif dep.kind == "excludes" and program in (dep.program, dep.target):
            other = dep.target if dep.program == program else dep.program
            if other in funded:
                out.append(Obstacle("excludes", other, None, 0.0, 0.0))
        elif dep.kind == "at_most" and program in dep.members:
            if sum(m in funded for m in dep.members) >= (dep.k or 0):
                out.append(Obstacle("group_at_most", ",".join(dep.members), None, 0.0, 0.0))
    return out


def unfunded_obstacles(result) -> dict[str, list[Obstacle]]:
    """Every unfunded program's obstacles at its cheapest option against a result's recommendation."""
    from ..model.index import build_index

    if not result.has_solution:
        return {}
    ix = build_index(result.data)
    funded = set(result.funded["id"])
    return {p.id: obstacles(result.data, ix, result.binding, funded, p.id)
            for p in result.data.programs if p.id not in funded and ix.by_program.get(p.id)}
