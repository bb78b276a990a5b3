r"""Stage gates: the scenario tree of gate outcomes and its deterministic equivalent as one MIP.

Contingent Portfolio Programming (Gustafsson and Salo, *Operations Research* 53(6), 2005) on the
portfolio model. A gate on program *p* reveals one outcome at the end of its gate year
:math:`g_p`; after it, a follow-on phase of *p* may start in :math:`g_p + 1` with one of the
options of the revealed outcome (their cost and scores given per outcome), or stop.

**Events and paths.** Each gate is an *event* with outcomes :math:`\omega` and probabilities
:math:`\pi_\omega`; gates of one group share one event. Events are independent, so the paths are
the product of the events' outcomes, :math:`P(\xi) = \prod_e \pi_{\xi_e}`. With a sample
(:func:`sampled_paths`) a path's weight is its frequency in the sample.

**Each path** :math:`\xi` is the portfolio model of :func:`path_data`: the programs as given plus,
for each gate, a follow-on program ``<p>@gate`` whose levels are the options of the path's
outcome, which starts in :math:`g_p+1` only and *requires* *p*. It is built in its own Pyomo
block ``m.paths[ξ]`` by every family builder of :mod:`portfolio.model.build`, so budgets,
envelopes, funds, capacities, floors, dependencies and eligibility hold **in every path**.

**Non-anticipativity** (``nonanticipative``). With :math:`r_e` the year at the end of which event
*e* is revealed and :math:`H_t(\xi) = (\xi_e)_{e: r_e < t}` the history known when year *t* starts,

.. math::
    x^{\xi}_{p\ell s} = x^{\xi'}_{p\ell s} \quad \text{if } H_s(\xi) = H_s(\xi'), \qquad
    f^{\xi}_{p\sigma t} = f^{\xi'}_{p\sigma t} \quad \text{if } H_t(\xi) = H_t(\xi')

(a start in year *s* is decided when *s* begins; a payment of year *t* is made in *t*). An option
that exists in one path of a class and not in another is fixed at 0 in the class. Each class
is linked to its first path.

**Objective** (``expected_value``): :math:`\max \sum_\xi P(\xi)\, \sum_o v^\xi_o x^\xi_o`; the
paths' own objectives are deactivated.

**Variants** (the same model with other reveal years or links):

* the *policy*: :math:`r_e` = the gate year;
* the *committed plan*: every choice linked across all paths (decided now, the same whatever the
  outcomes), payments as in the policy; its value ≤ the policy's; the difference is the value of
  flexibility;
* *perfect information on event e*: :math:`r_e = t_0 - 1` (known before the first year); its value
  minus the policy's is the EVPI of the gate.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC

from ..core.data import Dependency, EligibilityRule, Gate, Level, ModelData, Program
from ..core.i18n import t
from .index import ModelIndex, build_index

#: The id suffix of a gated program's follow-on phase.
FOLLOW_ON = "@gate"


def follow_on_id(program: str) -> str:
    return program + FOLLOW_ON


def gated_program(program: str) -> str | None:
    """The gated program a follow-on id belongs to (None for any other program)."""
    return program[: -len(FOLLOW_ON)] if program.endswith(FOLLOW_ON) else None


@dataclass(frozen=True)
class Event:
    """One uncertain event: a gate, or a group of gates sharing their outcome."""

    id: str
    year: int                                   # its outcome is known at the end of this year
    outcomes: tuple[tuple[str, float], ...]     # (outcome id, probability)
    programs: tuple[str, ...]                   # the gated programs it decides


@dataclass(frozen=True)
class OutcomePath:
    outcomes: tuple[str, ...]                   # one outcome per event, in event order
    probability: float                          # weight in the expected value (a sample's frequency)


def events(data: ModelData) -> list[Event]:
    out: dict[str, Event] = {}
    for g in data.gates:
        e = out.get(g.event)
        if e is None:
            out[g.event] = Event(g.event, g.year, tuple((o.id, o.probability) for o in g.outcomes), (g.program,))
        else:
            out[g.event] = replace(e, programs=e.programs + (g.program,))
    return list(out.values())


def n_paths(evs: list[Event]) -> int:
    return int(np.prod([len(e.outcomes) for e in evs])) if evs else 1


def all_paths(evs: list[Event]) -> list[OutcomePath]:
    """Every outcome path with its probability (the exact tree)."""
    out = []
    for combo in itertools.product(*[e.outcomes for e in evs]):
        prob = float(np.prod([p for _, p in combo])) if combo else 1.0
        if prob > 0:
            out.append(OutcomePath(tuple(o for o, _ in combo), prob))
    return out


def sampled_paths(evs: list[Event], n: int, seed: int) -> list[OutcomePath]:
    """`n` paths drawn independently (seeded), merged: each distinct path weighted by its frequency."""
    rng = np.random.default_rng(seed)
    draws = [rng.choice(len(e.outcomes), size=n, p=np.array([p for _, p in e.outcomes]) / sum(
        p for _, p in e.outcomes)) for e in evs]
    counts: dict[tuple[str, ...], int] = {}
    for i in range(n):
        key = tuple(e.outcomes[d[i]][0] for e, d in zip(evs, draws))
        counts[key] = counts.get(key, 0) + 1
    return [OutcomePath(k, c / n) for k, c in sorted(counts.items())]


def path_data(data: ModelData, evs: list[Event], path: OutcomePath) -> ModelData:
    """The portfolio model of one path: each gate's follow-on phase as a program of its own."""
    outcome_of = {p: o for e, o in zip(evs, path.outcomes) for p in e.programs}
    programs, deps, rules = list(data.programs), list(data.dependencies), list(data.eligibility)
    for g in data.gates:
        follow = _follow_on(data, g, outcome_of[g.program])
        if follow is None:
            continue
        programs.append(follow)
        deps.append(Dependency(kind="requires", program=follow.id, target=g.program))
        rules += [replace(r, target=follow.id, row=None) for r in data.eligibility
                  if r.target_type == "program" and r.target == g.program]
    return replace(data, programs=tuple(programs), dependencies=tuple(deps),
                   eligibility=tuple(EligibilityRule(**vars(r)) for r in rules), gates=())


def _follow_on(data: ModelData, g: Gate, outcome: str) -> Program | None:
    options = g.outcome(outcome).options
    if not options:
        return None
    p = data.program_by_id[g.program]
    duration = max(len(o.cost) for o in options)
    levels = tuple(Level(id=o.id, cost=tuple(o.cost) + (0.0,) * (duration - len(o.cost)), scores=dict(o.scores),
                         use=dict(o.use), row=o.row) for o in options)
    return Program(id=follow_on_id(p.id), name_ja=t("gates.followon_name", "ja", name=p.name_ja),
                   name_en=t("gates.followon_name", "en", name=p.name_en or p.name_ja), domain=p.domain, lead=p.lead,
                   earliest_start=g.year + 1, latest_start=g.year + 1, duration=duration, levels=levels,
                   shares=dict(p.shares), instrument=p.instrument, private_leverage=p.private_leverage, row=g.row)


@dataclass
class TreeModel:
    """The deterministic equivalent: one block per path, linked, with the expected value as objective."""

    data: ModelData
    events: list[Event]
    paths: list[OutcomePath]
    datas: list[ModelData]
    ixs: list[ModelIndex]
    m: pyo.ConcreteModel

    def block(self, i: int):
        return self.m.paths[i]


def build_tree(data: ModelData, evs: list[Event], paths: list[OutcomePath], *, reveal: dict[str, int] | None = None,
               commit: bool = False, worst_floor: float | None = None, links: str = "shared") -> TreeModel:
    """The deterministic equivalent over `paths`. `reveal`: event id → the year at whose end it is
    known (default: its gate year); `commit`: every choice the same in every path (the committed plan);
    `worst_floor`: the risk-averse variant, every path's value at least this (:func:`add_worst_path_floor`).
    `links`: "shared" (one variable per node of the tree, :func:`add_tree_variables`) or "rows" (a
    variable per path and equality rows, :func:`add_nonanticipativity`; kept for benchmarks/gates.py)."""
    from .build import FAMILIES
    from .choice import add_choice_variables

    reveal = {e.id: e.year for e in evs} | dict(reveal or {})
    datas = [path_data(data, evs, p) for p in paths]
    with PauseGC():
        ixs = [build_index(d) for d in datas]
        m = pyo.ConcreteModel(name=(data.settings.model_name or "portfolio") + " (gates)")
        m.paths = pyo.Block(range(len(paths)))
        if links == "shared":
            add_tree_variables(m, evs, paths, ixs, reveal, commit)
        for i, (d, ix) in enumerate(zip(datas, ixs)):
            b = m.paths[i]
            if links != "shared":
                add_choice_variables(b, ix)
            for _, add in FAMILIES:
                add(b, ix, d)
            b.total_value.deactivate()
        if links != "shared":
            add_nonanticipativity(m, evs, paths, ixs, reveal, commit)
        if worst_floor is not None:
            add_worst_path_floor(m, len(paths), worst_floor)
        m.expected_value = pyo.Objective(
            expr=sum(p.probability * m.paths[i].total_value.expr for i, p in enumerate(paths)), sense=pyo.maximize)
    return TreeModel(data, evs, paths, datas, ixs, m)


def add_worst_path_floor(m, n: int, floor: float) -> None:
    r"""The risk-averse variant: the value in every outcome path, hence in the worst, is at least
    :math:`\underline V` (``m.worst_path_floor``), while the expected value is maximised.

    .. math::
        \sum_o v^\xi_o x^\xi_o \;\ge\; \underline V \quad \forall \xi
    """
    m.worst_path_floor = pyo.Constraint(range(n), rule=lambda _, i: m.paths[i].total_value.expr >= float(floor))


def _history_of(evs: list[Event], paths: list[OutcomePath], reveal: dict[str, int]):
    def history(i: int, year: int) -> tuple:
        return tuple(o if reveal[e.id] < year else None for e, o in zip(evs, paths[i].outcomes))
    return history


def add_tree_variables(m, evs: list[Event], paths: list[OutcomePath], ixs: list[ModelIndex],
                       reveal: dict[str, int], commit: bool) -> None:
    r"""Non-anticipativity by construction: one variable per node of the tree. The choice
    :math:`x_{p\ell s}` of every path with the same history :math:`H_s` is one column ``m.node_choose[j]``,
    the payment :math:`f_{p\sigma t}` of every path with the same :math:`H_t` one column
    ``m.node_pay[j]``; each path's ``choose`` and ``pay`` are references to them, so the MIP has no
    duplicated columns and no linking rows (HiGHS's presolve does not merge duplicated binaries well).
    A key that a path of its class lacks is a node fixed at 0. ``m.nonanticipative`` stays empty."""
    m.nonanticipative = pyo.ConstraintList()
    history = _history_of(evs, paths, reveal)
    n = len(paths)
    choose_keys = [(i, o) for i, ix in enumerate(ixs) for o in ix.options]
    pay_keys = [(i, f) for i, ix in enumerate(ixs) for f in ix.flows]
    c_node, c_zero = _nodes(n, choose_keys, (lambda i, year: ()) if commit else history)
    p_node, p_zero = _nodes(n, pay_keys, history)
    m.node_choose = pyo.Var(range(len(c_zero)), domain=pyo.Binary)
    m.node_pay = pyo.Var(range(len(p_zero)), domain=pyo.NonNegativeReals)
    for j in (j for j, z in enumerate(c_zero) if z):
        m.node_choose[j].setub(0)
    for j in (j for j, z in enumerate(p_zero) if z):
        m.node_pay[j].setub(0)
    for i, ix in enumerate(ixs):
        b = m.paths[i]
        b.choose = pyo.Reference({o: m.node_choose[c_node[(i, o)]] for o in ix.options})
        b.pay = pyo.Reference({f: m.node_pay[p_node[(i, f)]] for f in ix.flows})
        b.zero = pyo.Var(bounds=(0, 0))


def _nodes(n: int, keys, history) -> tuple[dict, list[bool]]:
    """(path, key) → node number, and for each node whether it is fixed at 0 (its key is missing in
    some path of its class: the paths with the same history when the key's year begins)."""
    size: dict[tuple, int] = {}
    for year in sorted({key[2] for _, key in keys}):
        for i in range(n):
            c = (year, history(i, year))
            size[c] = size.get(c, 0) + 1
    members: dict[tuple, list] = {}
    for i, key in keys:
        members.setdefault((key, history(i, key[2])), []).append(i)
    node, zero = {}, []
    for (key, h), paths in members.items():
        for i in paths:
            node[(i, key)] = len(zero)
        zero.append(len(paths) < size[(key[2], h)])
    return node, zero


def add_nonanticipativity(m, evs: list[Event], paths: list[OutcomePath], ixs: list[ModelIndex],
                          reveal: dict[str, int], commit: bool) -> None:
    r"""Decisions and payments equal across paths that share the history known when they are made
    (see the module docstring), as rows: ``m.nonanticipative``, one row per linked pair (the
    ``links="rows"`` form of :func:`build_tree`)."""
    m.nonanticipative = pyo.ConstraintList()
    history = _history_of(evs, paths, reveal)
    n = len(paths)
    choose = [(i, o, m.paths[i].choose[o]) for i, ix in enumerate(ixs) for o in ix.options]
    _link(m, n, choose, (lambda i, year: ()) if commit else history)
    pay = [(i, f, m.paths[i].pay[f]) for i, ix in enumerate(ixs) for f in ix.flows]
    _link(m, n, pay, history)


def _link(m, n: int, items, history) -> None:
    """Link each variable (key: (program, level or source, year)) to the same key's variable in the
    first path of its class (the paths with the same history when its year begins); a key that a
    path of the class lacks is fixed at 0 in the whole class."""
    size: dict[tuple, int] = {}
    for year in sorted({key[2] for _, key, _ in items}):
        for i in range(n):
            c = (year, history(i, year))
            size[c] = size.get(c, 0) + 1
    by_key: dict[tuple, list] = {}
    for i, key, var in items:
        by_key.setdefault((key, history(i, key[2])), []).append(var)
    for (key, h), vs in by_key.items():
        if len(vs) < size[(key[2], h)]:
            for v in vs:
                m.nonanticipative.add(v == 0)
            continue
        for v in vs[1:]:
            m.nonanticipative.add(v - vs[0] == 0)
