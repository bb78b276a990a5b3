"""A gated model solved as a policy: the optimal contingent plan, the committed plan, perfect
information, and what they say (issue #21).

:func:`solve_gated` runs, on the scenario tree of :mod:`portfolio.model.gates`:

* the **policy** (every decision and payment may depend on the outcomes revealed before it);
* the **committed plan** (every choice fixed now, the same in every path): the value of flexibility
  is policy − committed;
* **perfect information** on all gates (every outcome known at the start) and on each gate alone:
  the EVPI of a gate is its perfect-information value − the policy's.

Each is one MIP and carries its status, bound, gap and time. A difference of two values is given with
the range its two gaps allow (:func:`difference`), so no figure claims more precision than was proven.

Where the tree has more than :data:`EXACT_PATHS` paths, every model above is solved on a seeded
sample of outcome paths instead (sample average approximation, :mod:`portfolio.analysis.gates_saa`),
and the result says so, with its statistical bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd

from ..core.data import ModelData
from ..core.i18n import t
from ..core.numbers import json_number as _num
from ..engine.gates import (
    TreeOutcome,
    merge_outcomes,
    path_results,
    solve_tree,
    timed_build,
)
from ..engine.solver import SolveOptions
from ..model.gates import (
    Event,
    OutcomePath,
    all_paths,
    build_tree,
    events,
    gated_program,
    n_paths,
)

#: The largest tree solved exactly; beyond it, sample average approximation (see benchmarks/RESULTS.md).
EXACT_PATHS = 64
#: Sampled paths per SAA model, and independent batches for the statistical bound.
SAA_SAMPLES = 32
SAA_BATCHES = 5


@dataclass
class Difference:
    """A difference of two solved values, with the range their bounds allow."""

    value: float | None
    low: float | None
    high: float | None


def difference(a: TreeOutcome, b: TreeOutcome, floor: float | None = None) -> Difference:
    """a − b, and its range: [a's value − b's bound, a's bound − b's value] (maximisation), clipped
    below at `floor` when theory says the difference cannot be smaller."""
    if not (a.has_solution and b.has_solution):
        return Difference(None, None, None)
    low = a.objective - (b.bound if b.bound is not None else b.objective)
    high = (a.bound if a.bound is not None else a.objective) - b.objective
    value = a.objective - b.objective
    if floor is not None:
        low, value = max(low, floor), max(value, floor)
    return Difference(value, low, max(high, value))


@dataclass
class GatedResult:
    data: ModelData
    method: str                                 # "exact" | "saa"
    events: list[Event]
    paths: list[OutcomePath]                    # the paths solved (all, or the sample)
    n_tree_paths: int                           # paths of the full tree
    policy: TreeOutcome
    committed: TreeOutcome
    perfect: TreeOutcome
    evpi_runs: dict[str, TreeOutcome]           # event id → perfect information on it alone
    options: SolveOptions
    no_gates: TreeOutcome | None = None         # the model with its gates removed (scenario gates: none)
    path_results: list = field(default_factory=list)    # portfolio.engine.results.Result per path
    saa: object = None                          # portfolio.analysis.gates_saa.SaaBound when sampled
    worst_floor: float | None = None            # the risk-averse variant's floor on every path's value
    evpi_computed: bool = True                  # per-gate EVPI solved (solve --evpi); else evpi_runs is empty

    @property
    def status(self) -> str:
        return self.policy.status

    @property
    def has_solution(self) -> bool:
        return self.policy.has_solution

    @property
    def flexibility(self) -> Difference:
        return difference(self.policy, self.committed, floor=0.0)

    def evpi(self, event_id: str) -> Difference:
        return difference(self.evpi_runs[event_id], self.policy, floor=0.0)

    @property
    def evpi_all(self) -> Difference:
        return difference(self.perfect, self.policy, floor=0.0)


def solve_gated(data: ModelData, options: SolveOptions, *, exact_paths: int | None = None,
                samples: int | None = None, batches: int | None = None,
                worst_floor: float | None = None, evpi: bool = False) -> GatedResult:
    """The policy, the committed plan and perfect information on `data`'s gates (see the module docstring).
    `evpi`: also solve each gate's outcome known at the start alone (EVPI per gate, one run per gate).
    `exact_paths`, `samples`, `batches`: :data:`EXACT_PATHS`, :data:`SAA_SAMPLES`, :data:`SAA_BATCHES` when None."""
    exact_paths = EXACT_PATHS if exact_paths is None else exact_paths
    samples = SAA_SAMPLES if samples is None else samples
    batches = SAA_BATCHES if batches is None else batches
    evs = events(data)
    total = n_paths(evs)
    if total > exact_paths:
        from .gates_saa import sampled_bound, sampled_paths_for

        paths, method = sampled_paths_for(evs, samples, options.seed), "saa"
    else:
        paths, method = all_paths(evs), "exact"
    first = data.settings.first_year
    # The model without gates first: its plan, with every follow-on stopped, is feasible in every
    # path of every variant, so it starts the first of them (benchmarks/RESULTS.md, "#21 stage gates").
    plain = replace(data, gates=())
    tree, seconds = timed_build(build_tree, plain, [], all_paths([]))
    no_gates = solve_tree(tree, options, seconds)
    runs = {"no_gates": replace(no_gates, solution={(i, name, key): v for (_, name, key), v in no_gates.solution.items()
                                                    for i in range(len(paths))})}
    # Solved in this order so that each starts from a plan feasible for it: the committed plan is a
    # policy, the policy is feasible wherever outcomes are known earlier, and the plan with one gate's
    # outcome known at the start is feasible with every outcome known (perfect starts from the best).
    evpi = [f"evpi:{e.id}" for e in evs] if evpi else []
    variants = {"committed": ({"commit": True}, ["no_gates"]), "policy": ({}, ["committed"]),
                **{k: ({"reveal": {e.id: first - 1}}, ["policy"]) for k, e in zip(evpi, evs)},  # empty unless asked
                "perfect": ({"reveal": {e.id: first - 1 for e in evs}}, evpi + ["policy"])}
    tree_policy = None
    for name, (kw, start_from) in variants.items():
        solved = [runs[k] for k in start_from if runs[k].has_solution]
        start = max(solved, key=lambda r: r.objective).solution if solved else None
        if "reveal" in kw:      # outcomes known at the start: independent subtrees, solved apart
            runs[name] = solve_known_at_start(data, evs, paths, options, kw["reveal"], start, worst_floor)
            continue
        tree, seconds = timed_build(build_tree, data, evs, paths, worst_floor=worst_floor, **kw)
        runs[name] = solve_tree(tree, options, seconds, start)
        if name == "policy":
            tree_policy = tree
    out = GatedResult(data=data, method=method, events=evs, paths=paths, n_tree_paths=total, policy=runs["policy"],
                      committed=runs["committed"], perfect=runs["perfect"],
                      evpi_runs={e.id: runs[f"evpi:{e.id}"] for e in evs} if evpi else {}, options=options,
                      worst_floor=worst_floor, evpi_computed=bool(evpi))
    if out.policy.has_solution:
        out.path_results = path_results(tree_policy, out.policy, options)
    out.no_gates = no_gates
    if method == "saa":
        out.saa = sampled_bound(data, evs, options, samples, batches, tree_policy, out.policy, worst_floor)
    return out


def solve_known_at_start(data: ModelData, evs: list[Event], paths: list[OutcomePath], options: SolveOptions,
                         reveal: dict[str, int], start: dict | None, worst_floor: float | None) -> TreeOutcome:
    """A variant where the events of `reveal` are known before the first year: the paths with different
    outcomes of those events share no decision, so the tree is a set of independent subtrees (one per
    combination of those outcomes; with every event known, one per path). Each is built and solved as
    its own MIP (the time limit and gap apply to each) and the results are added up
    (:func:`portfolio.engine.gates.merge_outcomes`): the same optimum as the whole tree, much smaller
    MIPs (benchmarks/RESULTS.md, "#21 stage gates")."""
    known = [k for k, e in enumerate(evs) if reveal.get(e.id, e.year) < data.settings.first_year]
    by: dict[tuple, list[int]] = {}
    for i, p in enumerate(paths):
        by.setdefault(tuple(p.outcomes[k] for k in known), []).append(i)
    groups = list(by.values())
    parts = []
    for g in groups:
        tree, seconds = timed_build(build_tree, data, evs, [paths[i] for i in g], reveal=reveal,
                                    worst_floor=worst_floor)
        local = {i: j for j, i in enumerate(g)}
        sub = None if start is None else {(local[i], name, key): v for (i, name, key), v in start.items()
                                          if i in local}
        parts.append(solve_tree(tree, options, seconds, sub))
    return merge_outcomes(parts, groups, len(paths))


# -- tables -------------------------------------------------------------------------------------------


def gate_decisions(g: GatedResult) -> pd.DataFrame:
    """For each gated program and each outcome: the decision at the gate, and how often (conditional
    probability over the other gates' outcomes; 1 when the decision does not depend on them)."""
    rows = []
    if not g.has_solution:
        return pd.DataFrame(columns=["program", "gate_year", "outcome", "probability", "decision", "share",
                                     "follow_on_cost", "follow_on_value"])
    index = {e.id: k for k, e in enumerate(g.events)}
    for gate in g.data.gates:
        k = index[gate.event]
        for o in gate.outcomes:
            mass: dict[str, list[float]] = {}
            total = 0.0
            for path, res in zip(g.paths, g.path_results):
                if path.outcomes[k] != o.id:
                    continue
                total += path.probability
                decision, cost, value = _decision(res, gate.program)
                acc = mass.setdefault(decision, [0.0, cost, value])
                acc[0] += path.probability
            for decision, (p, cost, value) in mass.items():
                rows.append(dict(program=gate.program, gate_year=gate.year, outcome=o.id, probability=o.probability,
                                 decision=decision, share=p / total if total else 0.0, follow_on_cost=cost,
                                 follow_on_value=value))
    return pd.DataFrame(rows)


def _decision(res, program: str) -> tuple[str, float, float]:
    """(decision at the gate, the follow-on's cost, its value) in one path: an option id, "stop", or
    "not_funded" when phase 1 itself is not funded."""
    table = res.programs.set_index("id")
    if not bool(table.loc[program, "funded"]):
        return "not_funded", 0.0, 0.0
    follow = program + "@gate"
    if follow in table.index and bool(table.loc[follow, "funded"]):
        r = table.loc[follow]
        return str(r["level"]), float(r["cost_total"]), float(r["value"])
    return "stop", 0.0, 0.0


def plan_table(g: GatedResult) -> pd.DataFrame:
    """Every (program, level, start) funded in some path: how likely, and whether it is decided now
    (before any gate's outcome is known) or contingent on outcomes."""
    if not g.has_solution:
        return pd.DataFrame(columns=["program", "level", "start_year", "probability", "stage", "follow_on"])
    first_reveal = min(e.year for e in g.events)
    acc: dict[tuple, float] = {}
    for path, res in zip(g.paths, g.path_results):
        for pid, lv, s in res.portfolio():
            acc[(pid, lv, s)] = acc.get((pid, lv, s), 0.0) + path.probability
    rows = [dict(program=p, level=lv, start_year=s, probability=min(prob, 1.0),
                 stage="now" if s <= first_reveal else "contingent", follow_on=gated_program(p) is not None)
            for (p, lv, s), prob in sorted(acc.items())]
    return pd.DataFrame(rows)


def spend_table(g: GatedResult) -> pd.DataFrame:
    """Per year: the expected spend with its range over the paths, and the money reserved for
    follow-on phases (expected and at most)."""
    if not g.has_solution:
        return pd.DataFrame(columns=["year", "expected_spend", "min_spend", "max_spend", "expected_follow_on",
                                     "max_follow_on", "total_budget"])
    years = list(g.data.years)
    rows = []
    for j, y in enumerate(years):
        spend = [float(r.years["total_spend"].iloc[j]) for r in g.path_results]
        follow = [float(r.programs.loc[r.programs["id"].map(lambda p: gated_program(p) is not None), f"FY{y}"].sum())
                  for r in g.path_results]
        probs = [p.probability for p in g.paths]
        rows.append(dict(year=y, expected_spend=sum(p * s for p, s in zip(probs, spend)), min_spend=min(spend),
                         max_spend=max(spend), expected_follow_on=sum(p * f for p, f in zip(probs, follow)),
                         max_follow_on=max(follow), total_budget=float(g.data.budget[j])))
    return pd.DataFrame(rows)


def method_text(g: GatedResult, lang: str) -> str:
    """Which model was solved: the exact tree or SAA, and the number of paths."""
    if g.method == "exact":
        return t("gates.method.exact", lang, paths=len(g.paths))
    return t("gates.method.saa", lang, paths=len(g.paths), samples=g.saa.samples if g.saa else len(g.paths),
             total=g.n_tree_paths, seed=g.options.seed)


def run_rows(g: GatedResult, lang: str) -> pd.DataFrame:
    """Every MIP solved: its status, expected value, bound, gap, time and size."""
    names = {e.id: _event_label(e) for e in g.events}
    runs = [("policy", t("gates.run.policy", lang), g.policy),
            ("committed", t("gates.run.committed", lang), g.committed),
            ("perfect", t("gates.run.perfect", lang), g.perfect)]
    runs += [(f"evpi:{k}", t("gates.run.evpi", lang, gate=names[k]), r) for k, r in g.evpi_runs.items()]
    if g.no_gates is not None:
        runs.append(("no_gates", t("gates.run.no_gates", lang), g.no_gates))
    return pd.DataFrame([dict(run=key, label=label, status=r.status, objective=r.objective, bound=r.bound, gap=r.gap,
                              seconds=r.seconds, build_seconds=r.build_seconds, columns=r.n_columns, rows=r.n_rows)
                         for key, label, r in runs])


def _event_label(e: Event) -> str:
    return "・".join(e.programs) if len(e.programs) > 1 else e.programs[0]


def evpi_rows(g: GatedResult) -> pd.DataFrame:
    rows = []
    for e in (g.events if g.evpi_computed else []):     # not computed: no rows, never a blank read as zero
        d = g.evpi(e.id)
        rows.append(dict(gate=_event_label(e), gate_year=e.year, evpi=d.value, evpi_low=d.low, evpi_high=d.high,
                         status=g.evpi_runs[e.id].status))
    return pd.DataFrame(rows, columns=["gate", "gate_year", "evpi", "evpi_low", "evpi_high", "status"])


def path_rows(g: GatedResult) -> pd.DataFrame:
    """Each outcome path solved: its probability (or sample weight), outcomes and value under the policy."""
    values = g.policy.values if g.policy.has_solution else [None] * len(g.paths)
    rows = []
    for k, (p, v) in enumerate(zip(g.paths, values)):
        row = dict(path=k + 1, probability=p.probability, value=v)
        row.update({_event_label(e): o for e, o in zip(g.events, p.outcomes)})
        rows.append(row)
    return pd.DataFrame(rows)


def decision_label(decision: str, lang: str) -> str:
    if decision in ("stop", "not_funded"):
        return t(f"gates.decision.{decision}", lang)
    return decision


def _diff_json(d: Difference) -> dict:
    return {"value": _num(d.value), "low": _num(d.low), "high": _num(d.high)}


def to_json(g: GatedResult, output: str | None, lang: str) -> dict:
    """The gated solve as JSON: the model used, every run with its status, the policy's tables."""
    saa = None
    if g.saa is not None:
        s = g.saa
        saa = {"samples": s.samples, "batches": s.batches, "upper": _num(s.upper), "upper_half_width": _num(
            s.upper_half_width), "lower": _num(s.lower), "lower_half_width": _num(s.lower_half_width),
            "gap": _num(s.gap), "gap_bound_95": _num(s.gap_bound), "lower_valid": s.lower_valid,
            "statuses": list(s.statuses)}
    return {
        "gated": True, "method": g.method, "method_text": method_text(g, lang), "paths": len(g.paths),
        "tree_paths": g.n_tree_paths, "status": g.status, "worst_path_floor": _num(g.worst_floor),
        "worst_path_value": _num(min(g.policy.values)) if g.policy.values else None,
        "objective": _num(g.policy.objective),
        "bound": _num(g.policy.bound), "gap": _num(g.policy.gap), "solve_seconds": round(g.policy.seconds, 4),
        "runs": _records(run_rows(g, lang)), "value_of_flexibility": _diff_json(g.flexibility),
        "evpi_all": _diff_json(g.evpi_all), "evpi_computed": g.evpi_computed,
        "evpi": _records(evpi_rows(g)) if g.evpi_computed else None,
        "evpi_note": None if g.evpi_computed else t("gates.evpi.not_computed", lang),
        "gate_decisions": _records(gate_decisions(g)), "plan": _records(plan_table(g)),
        "spend_by_year": _records(spend_table(g)), "outcome_paths": _records(path_rows(g)), "saa": saa,
        "options": {"time_limit": g.options.time_limit, "mip_gap": g.options.mip_gap, "threads": g.options.threads,
                    "seed": g.options.seed},
        "scenario": g.data.scenario or None, "budget_scale": g.data.scale,
        "warnings": [w.render(lang) for w in g.data.warnings], "output": output,
    }


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (_num(v) if isinstance(v, float) else (v.item() if hasattr(v, "item") else v)) for k, v in r.items()}
            for r in df.to_dict("records")]
