"""Is a plan the only one of its value? One more solve, on a separately built copy of the model.

Two commands that solve the same budget (``solve``, and ``sweep`` at that step) can return different
plans of the same value: HiGHS ends on whichever optimum its search meets first, and a sweep step
starts from the step before it. Neither plan is wrong, but a planner who sees two answers needs to be
told that both are optimal. So each command asks, for the plan it found, whether another plan is
worth as much, and says so with what differs.

With :math:`S` the options the plan chose and :math:`z = \\sum_{o\\in S} v_o` its value, the copy adds

.. math::
    \\sum_{o\\in S} (1 - x_o) + \\sum_{o\\notin S} x_o \\ge 1, \\qquad \\sum_o v_o x_o \\ge z - \\tau

(another choice of some program's level or start, or another set of programs; τ = 1e-7·max(1, |z|),
below any figure the outputs show) and maximises the plan's value as usual. Infeasible: the plan is
the only one of its value. A solution: a tie (or, when the plan was only proven within the gap, a
better plan), reported with the programs added, dropped and changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.data import ModelData
from ..core.i18n import t
from ..engine.solver import SolveOptions

#: Relative tolerance of "the same value": below the third decimal the outputs show on any model whose
#: objective is under 10,000 times that of the default one.
TIE_TOLERANCE = 1e-7


@dataclass
class Tie:
    """What the search for another plan of the same value found."""

    status: str                       # "unique", "tie", "better" or "unknown" (stopped without an answer)
    objective: float | None = None    # the other plan's value
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)      # funded in both, another level or start

    @property
    def found(self) -> bool:
        return self.status in ("tie", "better")

    def differences(self, names: dict[str, str], lang: str) -> str:
        """What the other plan changes, with names: "adds X; drops Y; moves Z"."""
        parts = [t(f"tie.{kind}", lang, programs=t("exp.sep", lang).join(
                     t("exp.program", lang, name=names.get(p, p), id=p) for p in progs))
                 for kind, progs in (("added", self.added), ("dropped", self.dropped), ("changed", self.changed))
                 if progs]
        return t("tie.part_sep", lang).join(parts)

    def describe(self, names: dict[str, str], lang: str) -> str:
        """One sentence for the planner (the empty string when nothing was found or checked)."""
        if self.status == "unique":
            return t("tie.unique", lang)
        if self.status == "unknown":
            return t("tie.unknown", lang)
        return t(f"tie.{self.status}", lang, objective=self.objective, differences=self.differences(names, lang))

    def to_json(self) -> dict:
        return {"status": self.status, "objective": None if self.objective is None else round(self.objective, 9),
                "added": self.added, "dropped": self.dropped, "changed": self.changed}


def tie_time_limit(options: SolveOptions, solve_seconds: float) -> float:
    """The search's time: proving that no other plan is as good costs a few times the solve that found
    the plan (at most the solve's own time limit); past it the answer is "unknown"."""
    return min(options.time_limit, max(10.0, 5.0 * solve_seconds))


def find_tie(data: ModelData, options: SolveOptions, portfolio, *, time_limit: float | None = None) -> Tie:
    """Whether another plan is worth as much as `portfolio` ((program, level, start) triples) on `data`
    (already scaled), solved with `options` (for at most `time_limit` seconds)."""
    import numpy as np
    import pyomo.environ as pyo

    from ..engine.solver import HighsSolver
    from ..model import build_model

    pm = build_model(data)
    m, ix = pm.m, pm.ix
    chosen = {(p, str(lv), int(s)) for p, lv, s in portfolio}
    inside = [k for k, (p, lv, s) in enumerate(ix.options) if (p, str(lv), int(s)) in chosen]
    values = np.asarray(ix.values(data.weights), dtype=float)
    z = float(values[inside].sum())
    floor = z - TIE_TOLERANCE * max(1.0, abs(z))
    keep = set(inside)
    b = pyo.Block()
    m.tie_search = b
    b.other = pyo.Constraint(expr=sum((1 - m.choose[o]) if k in keep else m.choose[o]
                                      for k, o in enumerate(ix.options)) >= 1)
    b.floor = pyo.Constraint(expr=sum(float(v) * m.choose[o] for o, v in zip(ix.options, values)) >= floor)
    # The floor as a constraint and as HiGHS's cutoff: the cutoff prunes nodes early (about twice as fast).
    outcome = HighsSolver(pm, options).solve(time_limit=time_limit, cutoff=floor)
    if outcome.status == "infeasible":
        return Tie("unique")
    funded = outcome.funded_options() if outcome.has_solution else []
    obj = float(values[funded].sum()) if funded else None
    if obj is None or obj < floor:
        return Tie("unique" if outcome.bound is not None and outcome.bound < floor else "unknown")
    mine = {ix.options[k][0]: (str(ix.options[k][1]), int(ix.options[k][2])) for k in inside}
    other = {ix.options[k][0]: (str(ix.options[k][1]), int(ix.options[k][2])) for k in funded}
    return Tie("better" if obj > z + (z - floor) else "tie", obj,
               added=sorted(p for p in other if p not in mine), dropped=sorted(p for p in mine if p not in other),
               changed=sorted(p for p in mine if p in other and mine[p] != other[p]))


def ladder_ties(ladder) -> None:
    """Check every step of a ladder proven within the gap (`Step.tie`), at that step's budget."""
    for step in ladder.steps:
        if step.objective is not None and step.status == "optimal":
            step.tie = find_tie(ladder.data.with_scale(step.scale), ladder.options, step.portfolio,
                                time_limit=tie_time_limit(ladder.options, step.seconds))
