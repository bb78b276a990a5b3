"""Dependencies between programs: requires (with start precedence), excludes, and group counts."""

from __future__ import annotations

from typing import Callable, Iterator

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage
from .terms import lin


def add_requires(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""B requires A: B is funded only if A is, and B starts no earlier than A's start plus the lag.

    .. math::
        \sum_{\ell,\ s \le t} x_{B\ell s} \;\le\; \sum_{\ell,\ s' \le t - \text{lag}} x_{A\ell s'}
        \quad \forall t \in \text{starts}(B)

    "If B has started by year *t*, A has started by *t* − lag." At B's last possible start the
    row also says that B needs A funded. The aggregated form is as tight as the LP allows and
    needs no big-M. For an ongoing A the start is its original start year, before the horizon.
    """
    rows = []
    for i, d in enumerate(data.dependencies):
        if d.kind != "requires":
            continue
        b_opts = ix.by_program[d.program]
        for t in sorted({ix.options[k][2] for k in b_opts}):
            rows.append((i, t))

    def rule(_, i, t):
        d = data.dependencies[i]
        b = [k for k in ix.by_program[d.program] if ix.options[k][2] <= t]
        a = [k for k in ix.by_program[d.target] if ix.precedence_start[k] <= t - d.lag]
        return lin([1.0] * len(b) + [-1.0] * len(a), [m.choose[ix.options[k]] for k in b + a]) <= 0

    m.requires = pyo.Constraint(rows, rule=rule)


def add_excludes(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""A excludes B: at most one of the two is funded.

    .. math::
        \sum_{\ell,s} x_{A\ell s} + \sum_{\ell,s} x_{B\ell s} \le 1
    """
    rows = [i for i, d in enumerate(data.dependencies) if d.kind == "excludes"]

    def rule(_, i):
        d = data.dependencies[i]
        ks = ix.by_program[d.program] + ix.by_program[d.target]
        return lin([1.0] * len(ks), [m.choose[ix.options[k]] for k in ks], m.zero) <= 1

    m.excludes = pyo.Constraint(rows, rule=rule)


def add_group_counts(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""At least / at most *k* programs of a group are funded.

    .. math::
        \sum_{p \in G} \sum_{\ell,s} x_{p\ell s} \ge k \quad (\text{at\_least}), \qquad
        \sum_{p \in G} \sum_{\ell,s} x_{p\ell s} \le k \quad (\text{at\_most})
    """
    rows = [i for i, d in enumerate(data.dependencies) if d.kind in ("at_least", "at_most")]

    def rule(_, i):
        d = data.dependencies[i]
        ks = [k for p in d.members for k in ix.by_program[p]]
        body = lin([1.0] * len(ks), [m.choose[ix.options[k]] for k in ks], m.zero)
        return body >= d.k if d.kind == "at_least" else body <= d.k

    m.group_count = pyo.Constraint(rows, rule=rule)


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _group(kind: str) -> Callable[[Plan], Iterator[Usage]]:
    def usage(plan: Plan) -> Iterator[Usage]:
        for i, dep in enumerate(plan.data.dependencies):
            if dep.kind == kind:
                yield Usage(",".join(dep.members), None, sum(m in plan.chosen for m in dep.members), dep.k, i)
    return usage


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = (
    (("requires",), add_requires),
    (("excludes",), add_excludes),
    (("group_count",), add_group_counts),
)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (
    LimitFamily("group_at_least", "group_count", _group("at_least"), 5, lower=True),
    LimitFamily("group_at_most", "group_count", _group("at_most"), 5),
)
#: Its rows that are rules, not limits (never relaxed by the infeasibility explainer).
RULES = ("requires", "excludes")
