"""Why is a program funded or not, in plain words: ``portfolio explain PROGRAM``.

Every statement is backed by a solve of the same model (one :class:`~portfolio.engine.session.Session`,
re-solved with HiGHS's state cleared each time, at a tight gap):

* **funded?** the base solve: level, start year, cost, value;
* **unfunded:**
    - the limits it would draw on that the base portfolio already uses up, each tested by
      loosening it alone by what the program needs and re-solving;
    - forcing it in: what it displaces and the objective lost (the price of inclusion);
    - the first step of a budget ladder (default 0.5:1.5:0.1 × the budget) at which it enters;
    - how much its score would have to rise (the same number of points on every criterion, so
      its weighted score rises by exactly that) for it to enter, found by bisection;
* **funded:** forcing it out (what replaces it and the loss), the budget step at which it
  drops out, and how far its scores would have to fall (as a share) for it to drop out.

Speed without another answer: the ladder's steps and the limit tests run in worker processes
(`workers`) while this process forces the program and bisects its score; each limit test is first
screened by a decision solve that can only rule the program out (:func:`_rules_out`); and the
base solve and every probe are kept in the cache (:mod:`.cache`), where a second explanation on
the same model and options finds those that do not depend on the program.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ..core.data import ModelData
from ..core.errors import InputError, Location
from ..core.i18n import t
from ..core.numbers import json_number as num
from ..core.wareki import fy_label
from ..engine.solver import SolveOptions
from ..model.families import LIMITS_BY_ID
from .sensitivity import (
    TIGHT_GAP,
    Reason,
    Solved,
    base_solve,
    diff_portfolios,
    forcing_blocker,
    portfolio_of,
    solve_fresh,
)
from .cache import solved_from_json
# workers=None (auto), as in the report: below AUTO_PARALLEL_SECONDS of work for the probes that can
# be handed out, worker processes cost more to start (each builds the model) than they save.
from .deliberation import AUTO_PARALLEL_SECONDS, MAX_AUTO_WORKERS
from .why_not import obstacles

DEFAULT_LADDER = tuple(round(0.5 + 0.1 * i, 12) for i in range(11))    # 0.5:1.5:0.1


def amount(x: float) -> str:
    """An amount for a sentence: two decimals, what is left never below zero, and never "-0.00" (a
    slack of -1e-13 is nothing left)."""
    v = max(0.0, float(x))
    return f"{0.0 if v < 0.005 else v:,.2f}"


@dataclass
class LimitCheck:
    family: str
    key: str
    year: int | None
    slack: float
    need: float
    enters: bool | None          # None: not tested (a fixed rule)
    text_key: str = ""           # for dependencies: an exp.dep_* key
    params: tuple = ()
    requires: float = 0.0        # what the program needs of the limit in all

    def unit(self, data: ModelData) -> str:
        """The limit's unit: a capacity's own, 億円 for every money limit."""
        if self.family == "capacity":
            return data.capacity_by_id[self.key].unit if self.key in data.capacity_by_id else ""
        return "億円"

    def label(self, data: ModelData, lang: str) -> str:
        if self.text_key:
            return t(self.text_key, lang, **dict(self.params))
        family = LIMITS_BY_ID[self.family]
        year = fy_label(self.year, lang) if self.year is not None else ""
        return t(family.row_key, lang, year=year, key=family.key_name(data, self.key, lang))


@dataclass
class Explanation:
    data: ModelData
    program: str
    funded: bool
    level: str | None
    start: int | None
    objective: float
    value: float                     # the program's share of the objective (funded) or 0
    weighted_score: float            # its best (or chosen) level's weighted score
    fixed: Reason | None = None      # cannot be dropped / cannot be funded, from the data alone
    forced: Solved | None = None
    forced_loss: float | None = None
    forced_why: list = field(default_factory=list)    # infeasibility Messages when forcing fails
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    limits: list[LimitCheck] = field(default_factory=list)
    ladder: tuple[float, ...] = ()
    ladder_funded: dict[float, bool | None] = field(default_factory=dict)   # None: infeasible at that step
    threshold_step: float | None = None
    score_change: float | None = None     # points (rise) or share (fall)
    score_new: float | None = None
    tie: bool = False
    solves: int = 0
    margins: Any = None                   # analysis.margins.ProgramMargins: cost and each score, one at a time

    # -- words ---------------------------------------------------------------------------------
    def lines(self, lang: str = "ja") -> list[str]:
        d = self.data
        p = d.program_by_id[self.program]
        name = p.name(lang)
        out = []
        if self.funded:
            end = self.start + p.duration - 1
            cost = float(sum(p.level(self.level).cost))
            out.append(t("exp.funded", lang, name=name, id=p.id, level=self.level, start=fy_label(self.start, lang),
                         end=fy_label(end, lang), cost=cost, value=self.value, objective=self.objective,
                         share=self.value / self.objective if self.objective else 0.0))
        else:
            out.append(t("exp.unfunded", lang, name=name, id=p.id, objective=self.objective))
        if self.fixed is not None:
            reason = self.fixed.render(lang)
            reason = reason if lang == "ja" else reason[:1].upper() + reason[1:]
            out.append(t("exp.fixed" if self.funded else "exp.cannot", lang, reason=reason))
            return out
        if self.tie:
            out.append(t("exp.tie", lang))
        if not self.funded:
            if self.limits:
                out.append(t("exp.limits_head", lang))
                for c in self.limits:
                    unit = c.unit(d)
                    if c.enters is None:
                        test = t("exp.test_none", lang)
                    else:
                        test = t("exp.test_enters" if c.enters else "exp.test_not_enough", lang,
                                 need=amount(c.need), unit=unit)
                    if c.text_key:
                        out.append(t("exp.bullet", lang, text=c.label(d, lang)))
                    else:
                        out.append(t("exp.limit_line", lang, limit=c.label(d, lang), requires=amount(c.requires),
                                     left=amount(c.slack), short=amount(c.need), unit=unit, test=test))
            else:
                out.append(t("exp.no_limits", lang))
        out.append(self._forced_line(lang))
        out.append(self._ladder_line(lang))
        if self.funded:
            if self.score_change is None:
                out.append(t("exp.score_fall_none", lang))
            elif self.score_change >= 1.0 - 0.002:
                out.append(t("exp.score_fall_all", lang))
            else:
                out.append(t("exp.score_fall", lang, pct=self.score_change, base=self.weighted_score,
                             new=self.score_new))
        else:
            if self.score_change is None:
                out.append(t("exp.score_rise_none", lang))
            else:
                key = "exp.score_rise" if self.weighted_score > 0 else "exp.score_rise_from_zero"
                out.append(t(key, lang, d=self.score_change, base=self.weighted_score,
                             new=self.weighted_score + self.score_change,
                             pct=self.score_change / self.weighted_score if self.weighted_score > 0 else 0.0))
        if self.margins is not None:
            from .margins import describe
            out.extend(describe(self.margins, d, lang))
        return out

    def _names(self, ids: list[str], lang: str) -> str:
        d = self.data
        return t("exp.sep", lang).join(t("exp.program", lang, name=d.program_by_id[i].name(lang), id=i) for i in ids)

    def _forced_line(self, lang: str) -> str:
        if self.forced is None or not self.forced.has_solution:
            why = ("" if lang == "ja" else " ").join(_sentence(m.render(lang), lang) for m in self.forced_why)
            return t("exp.force_infeasible_out" if self.funded else "exp.force_infeasible_in", lang, why=why).strip()
        parts = []
        if self.funded:
            if self.added:
                parts.append(t("exp.replaced_by", lang, added=self._names(self.added, lang)))
        else:
            removed = [r for r in self.removed if r != self.program]
            if removed:
                parts.append(t("exp.displaces", lang, removed=self._names(removed, lang)))
            added = [a for a in self.added if a != self.program]
            if added:
                parts.append(t("exp.comes_in", lang, added=self._names(added, lang)))
        changed = [c for c in self.changed if c != self.program]
        if changed:
            parts.append(t("exp.moves", lang, changed=self._names(changed, lang)))
        if not parts:
            parts.append(t("exp.nothing_moves", lang))
        share = self.forced_loss / self.objective if self.objective else 0.0
        key = "exp.force_out" if self.funded else "exp.force_in"
        return t(key, lang, loss=self.forced_loss, share=share, what=("" if lang == "ja" else " ").join(parts))

    def _ladder_line(self, lang: str) -> str:
        ladder = ladder_label(self.ladder)
        funded_at = [s for s, f in self.ladder_funded.items() if f]
        steps = ", ".join(f"×{s:g}" for s in funded_at) or "-"
        infeasible = [s for s, f in self.ladder_funded.items() if f is None]
        if self.funded:
            line = (t("exp.ladder_leaves", lang, step=self.threshold_step, steps=steps)
                    if self.threshold_step is not None else t("exp.ladder_stays", lang, ladder=ladder))
        elif self.threshold_step is not None:
            line = t("exp.ladder_enters", lang, ladder=ladder, step=self.threshold_step, steps=steps)
        elif funded_at:
            line = t("exp.ladder_only_below", lang, ladder=ladder, steps=steps)
        else:
            line = t("exp.ladder_never", lang, ladder=ladder)
        if infeasible:
            line += " " + t("exp.ladder_infeasible", lang, steps=", ×".join(f"{s:g}" for s in infeasible))
        return line


    def to_json(self, lang: str = "ja", output: str | None = None) -> dict[str, Any]:
        p = self.data.program_by_id[self.program]

        out = {
            "status": "ok", "program": p.id, "name": p.name(lang), "funded": self.funded, "level": self.level,
            "start_year": self.start, "objective": num(self.objective), "value": num(self.value),
            "weighted_score": num(self.weighted_score),
            "fixed": self.fixed.render(lang) if self.fixed else None,
            "forced": None if self.fixed else {
                "direction": "out" if self.funded else "in",
                "status": self.forced.status if self.forced else None, "loss": num(self.forced_loss),
                "added": self.added, "removed": self.removed, "changed": self.changed,
                "reason": " ".join(m.render(lang) for m in self.forced_why) or None},
            "binding_limits": [{"family": c.family, "key": c.key or None, "year": c.year, "slack": num(c.slack),
                                "need": num(c.need), "requires": num(c.requires), "unit": c.unit(self.data),
                                "loosening_brings_it_in": c.enters,
                                "text": c.label(self.data, lang)} for c in self.limits],
            "ladder": {"steps": list(self.ladder), "funded": {f"{s:g}": f for s, f in self.ladder_funded.items()},
                       ("leaves_at" if self.funded else "enters_at"): self.threshold_step},
            ("score_fall_share" if self.funded else "score_rise_points"): num(self.score_change),
            "tie": self.tie, "solves": self.solves,
            "margins": None if self.margins is None else self.margins.to_json(lang),
            "text": self.lines(lang), "output": output,
        }
        from .sensitivity import plain
        return plain(out)


def _sentence(text: str, lang: str) -> str:
    """A rendered message as a sentence of running text."""
    text = text.strip()
    if lang == "ja":
        return text if text.endswith(("。", "）", ")")) else text + "。"
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", ")")) else text + "."


def find_program(data: ModelData, text: str) -> str:
    """A program id from an id or an exact name (Japanese or English)."""
    for p in data.programs:
        if text == p.id:
            return p.id
    for p in data.programs:
        if text in (p.name_ja, p.name_en):
            return p.id
    low = text.casefold()
    hits = [p.id for p in data.programs if p.id.casefold() == low]
    if len(hits) == 1:
        return hits[0]
    raise InputError("exp.err.unknown_program", Location(file=data.path, sheet="Programs"), value=text,
                     ids=", ".join(p.id for p in data.programs[:30]) + (" …" if len(data.programs) > 30 else ""))


def ladder_label(scales: Sequence[float]) -> str:
    """A budget ladder as it would be typed: START:STOP:STEP for three or more evenly spaced
    factors, else F1,F2,…"""
    xs = sorted(scales)
    if len(xs) >= 3:
        step = round(xs[1] - xs[0], 12)
        if step > 0 and all(abs((b - a) - step) <= 1e-9 for a, b in zip(xs, xs[1:])):
            return f"{xs[0]:g}:{xs[-1]:g}:{step:g}"
    return ",".join(f"{x:g}" for x in xs)


class _Probe:
    """Re-solves of the explanation's session, each with one temporary change (:meth:`Session.changed`),
    at the tight gap from the base portfolio, with HiGHS's state cleared; counted with the base solve.

    Every probe depends only on the model, the options, the base portfolio (itself fixed by those)
    and its change, so it may run in a worker process (:meth:`later`, on `pool`) and its result may
    come from the cache (:mod:`.cache`): either way it is the plan this session would find."""

    def __init__(self, session, data: ModelData, pid: str, base, gap: float, *, cache=None, model: str | None = None,
                 pool=None, token: str = ""):
        self.session, self.data, self.pid, self.base, self.gap = session, data, pid, base, gap
        self.solves = 1
        self.cache, self.model, self.pool, self.token = cache, model, pool, token
        self._pending: dict[Any, tuple[str | None, dict, Any]] = {}

    def _changes(self, scores=None, force: str | None = None, limit=None, scale: float | None = None,
                 cutoff: float | None = None) -> dict:
        changes: dict[str, Any] = {} if cutoff is None else {"cutoff": float(cutoff)}
        if scores is not None:
            changes.update(weights=self.data.weights, scores=scores)
        if force is not None:
            changes["force"] = {self.pid: force}
        if limit is not None:
            changes["limits"] = [limit]
        if scale is not None:
            changes["scale"] = scale
        return changes

    def _key(self, changes: dict) -> str | None:
        if self.cache is None or not self.cache.enabled or self.model is None:
            return None
        from .cache import array_key, make_key, options_key

        what = {k: v for k, v in changes.items() if k not in ("weights", "scores")}
        if "limits" in what:
            what["limits"] = [[name, list(index) if isinstance(index, tuple) else index, float(value)]
                              for name, index, value in what["limits"]]
        if "scores" in changes:
            what["scores"] = array_key(changes["scores"])
        return make_key("explain.probe", self.model, options=options_key(self.session.options), gap=self.gap,
                        changes=what)

    def _cached(self, key: str | None) -> Solved | None:
        if key is None:
            return None
        return solved_from_json(self.cache.get(key), self.session.ix.n_options)

    def _keep(self, key: str | None, r: Solved) -> Solved:
        if key is not None:
            from .cache import solved_to_json

            self.cache.put(key, solved_to_json(r))
        return r

    def cached(self, **kw) -> Solved | None:
        """The probe's result if the cache has it (counted neither as a solve nor as a hit)."""
        key = self._key(self._changes(**kw))
        if key is None or self.cache.entries.get(key) is None:
            return None
        return solved_from_json(self.cache.entries[key]["value"], self.session.ix.n_options)

    def __call__(self, **kw) -> Solved:
        changes = self._changes(**kw)
        self.solves += 1
        key = self._key(changes)
        hit = self._cached(key)
        if hit is not None:
            return hit
        return self._keep(key, _solve_probe(self.session, changes, self.gap, self.base.start))

    def later(self, name, **kw) -> None:
        """Ask for a probe whose answer is wanted later (:meth:`result`): on the pool if there is one."""
        changes = self._changes(**kw)
        self.solves += 1
        key = self._key(changes)
        hit = self._cached(key)
        if hit is None and self.pool is not None:
            hit = self.pool.submit(_probe_job, self.token, self.data, self.session.options, changes, self.gap,
                                   self.base.start)
        self._pending[name] = (key, changes, hit)

    def result(self, name) -> Solved:
        key, changes, got = self._pending.pop(name)
        if isinstance(got, Solved):
            return got
        if got is not None:
            return self._keep(key, got.result())
        return self._keep(key, _solve_probe(self.session, changes, self.gap, self.base.start))


def _solve_probe(s, changes: dict, gap: float, start) -> Solved:
    """One probe: its changes in force for the solve only, HiGHS's state cleared. With a cutoff it is
    a decision (a screen): only plans worth at least the cutoff are looked for, none given as a
    start, and the solve stops at the first one found."""
    changes = dict(changes)
    cutoff = changes.pop("cutoff", None)
    with s.changed(**changes):
        if cutoff is None:
            return Solved.of(solve_fresh(s, mip_gap=gap, start=start))
        s.solver.forget()
        return Solved.of(s.solve(mip_gap=gap, target=cutoff, cutoff=cutoff))


def _probe_job(token: str, data: ModelData, options: SolveOptions, changes: dict, gap: float, start) -> Solved:
    """Worker: one probe on this process's session, exactly as :meth:`_Probe.__call__` solves it."""
    from ..engine.parallel import worker_session

    return _solve_probe(worker_session(token, data, options), changes, gap, start)


def explain_program(data: ModelData, options: SolveOptions, program: str, *,
                    ladder: Sequence[float] = DEFAULT_LADDER, tight_gap: float = TIGHT_GAP,
                    max_limit_tests: int = 12, workers: int | None = 1, executor=None, cache=None) -> Explanation:
    """Explain why `program` is funded or not (see the module's docstring).

    `workers` > 1 runs the ladder's steps and the limit tests in worker processes while this one
    forces the program and bisects its score; None chooses after the base solve: one process when
    the probes it could hand out would take under :data:`AUTO_PARALLEL_SECONDS` at the base
    solve's pace, else one per core (at most :data:`MAX_AUTO_WORKERS`). `cache`
    (:class:`~.cache.Cache`) supplies probes already solved for this model and options, and keeps
    the new ones (the caller saves it). Neither changes the answer: every probe is the same solve
    wherever and whenever it runs."""
    import contextlib

    from ..engine.parallel import executor as make_executor
    from ..engine.parallel import new_token

    with contextlib.ExitStack() as stack:
        def pool_for(base_seconds: float, probes: int):
            from ..core.limits import cores

            n = workers
            if n is None:
                n = 1 if base_seconds * probes < AUTO_PARALLEL_SECONDS else min(cores(), MAX_AUTO_WORKERS)
            return stack.enter_context(make_executor(executor, n)) if n > 1 else None

        return _explain(data, options, program, ladder, tight_gap, max_limit_tests, pool_for, cache, new_token())


def _explain(data: ModelData, options: SolveOptions, program: str, ladder, tight_gap: float, max_limit_tests: int,
             pool_for, cache, token: str) -> Explanation:
    from ..core.errors import InfeasibleError, NoSolutionError
    from ..engine.session import Session
    from .cache import fingerprint

    s = Session(data, options)
    ix = s.ix
    pid = find_program(data, program)
    p = data.program_by_id[pid]
    model = fingerprint(data) if cache is not None and cache.enabled else None
    base = _base(s, tight_gap, cache, model)
    if base.solved.status == "infeasible":
        from ..engine.infeasibility import explain
        raise InfeasibleError("msg.infeasible", explanation=explain(s.solver, data))
    if not base.solved.has_solution:
        raise NoSolutionError("msg.no_solution", limit=options.time_limit)
    probe = _Probe(s, data, pid, base, tight_gap, cache=cache, model=model, token=token)
    w = np.array([data.weights[c] for c in ix.criteria])
    values = ix.values(data.weights)
    funded = pid in base.portfolio
    k_base = next((k for k in ix.by_program[pid] if base.x[k] > 0.5), None)
    ex = Explanation(data=data, program=pid, funded=funded, level=base.portfolio[pid][0] if funded else None,
                     start=base.portfolio[pid][1] if funded else None, objective=base.objective,
                     value=float(values[k_base]) if k_base is not None else 0.0,
                     weighted_score=_weighted(p, w, ix, k_base))
    ex.ladder = tuple(sorted(set(ladder)))
    ex.fixed = forcing_blocker(data, ix, pid, "out" if funded else "in")
    if ex.fixed is not None and ex.fixed.key in ("sens.reason.mandatory", "sens.reason.ongoing",
                                                 "sens.reason.locked", "sens.reason.forbidden",
                                                 "sens.reason.unfundable", "sens.reason.no_start"):
        from .margins import ProgramMargins
        ex.margins = ProgramMargins(program=pid, funded=funded, fixed=ex.fixed)     # fixed by rule: no margin
        ex.solves = probe.solves
        return ex
    ex.fixed = None
    uncached = [st for st in ex.ladder if probe.cached(scale=s.scale * st) is None]
    probe.pool = pool_for(base.solved.seconds, len(uncached) + (0 if funded else max_limit_tests)) \
        if uncached else None
    for step in ex.ladder:          # independent of everything else: on the workers from the start
        probe.later(("ladder", step), scale=s.scale * step)
    forced = _explain_forcing(ex, probe, options, w)
    checks = _ask_limits(ex, probe, forced, max_limit_tests) if not funded else []
    if funded and forced.has_solution:
        _score_fall(ex, probe, forced, k_base, values)
    elif not funded and forced.has_solution:
        _score_rise(ex, probe, forced)
    if not funded:
        _explain_limits(ex, probe, checks, max_limit_tests)
    _explain_ladder(ex, probe)
    from .margins import MarginSettings, program_margins
    ex.margins = program_margins(s, data, options, base, pid, MarginSettings(tight_gap=tight_gap))
    ex.solves = probe.solves + ex.margins.solves
    return ex


def _base(s, gap: float, cache, model: str | None):
    """The base solve every probe starts from (:func:`~.sensitivity.base_solve`), or the one the cache
    kept for this model and these options: it depends on neither the program nor the probes."""
    from .cache import make_key, options_key, outcome_from_json, outcome_to_json
    from .sensitivity import Base

    key = make_key("explain.base", model, options=options_key(s.options), gap=gap) if model else None
    o = outcome_from_json(cache.get(key), s.ix.n_options, len(s.solver.flow_columns)) if key else None
    if o is None:
        base = base_solve(s, gap)
        if key and base.solved.has_solution:
            cache.put(key, outcome_to_json(base.outcome))
        return base
    solved = Solved.of(o)
    return Base(solved=solved, weights=dict(s.weights), x=np.asarray(o.choose, dtype=float),
                portfolio=portfolio_of(s.ix, solved.funded), outcome=o)


def _explain_forcing(ex: Explanation, probe: _Probe, options: SolveOptions, w: np.ndarray) -> Solved:
    """Force the program in (unfunded) or out (funded): what moves and the objective lost; when no
    allocation then meets every limit, why (in the planner's terms)."""
    s, data, pid, base = probe.session, probe.data, probe.pid, probe.base
    ix = s.ix
    direction = "out" if ex.funded else "in"
    forced = probe(force=direction)
    ex.forced = forced
    if forced.has_solution:
        ex.forced_loss = max(0.0, base.objective - forced.objective)
        ex.added, ex.removed, ex.changed = diff_portfolios(base.portfolio, portfolio_of(ix, forced.funded))
        ex.tie = ex.forced_loss <= 1e-9 * max(1.0, abs(base.objective))
        if not ex.funded:
            k_in = next(k for k in forced.funded if ix.option_program[k] == pid)
            ex.weighted_score = _weighted(data.program_by_id[pid], w, ix, k_in)
        return forced
    if forced.status == "infeasible":
        from ..engine.infeasibility import explain
        with s.changed(force={pid: direction}):
            ex.forced_why = explain(s.solver, data, time_limit=min(options.time_limit, 30.0))
    why = forcing_blocker(data, ix, pid, direction)
    if why is not None:
        ex.forced_why = [why] + ex.forced_why
    return forced


# A limit test asks whether the program is in the plan found with one limit loosened. That plan is
# worth at least the base portfolio (still within every limit, and given as the start), so if no
# plan holding the program is worth that much (less the tight gap), the answer is no. A decision
# solve proves that much faster than the full optimisation, which only a "maybe" still needs:
# the answers are those of the full solves, the screens only skip the ones that cannot say yes.


def _screen_cutoff(probe: _Probe) -> float:
    obj = probe.base.objective
    return obj - probe.gap * max(1.0, abs(obj))


def _rules_out(r: Solved, cutoff: float) -> bool:
    """A screen proved that no plan holding the program reaches the cutoff."""
    if r.status == "infeasible":
        return True
    return r.bound is not None and r.bound < cutoff and (r.objective is None or r.objective < cutoff)


def _ask_limits(ex: Explanation, probe: _Probe, forced: Solved, max_limit_tests: int) -> list[LimitCheck]:
    """The limits keeping an unfunded program out; for each of the first `max_limit_tests` that can
    be loosened, a screen asked (:meth:`_Probe.later`): the program forced in, the limit loosened
    alone by what the program needs, and only plans worth the base portfolio looked for."""
    s, data, pid, base = probe.session, probe.data, probe.pid, probe.base
    ix = s.ix
    k_need = next((k for k in forced.funded if ix.option_program[k] == pid), None) if forced.has_solution \
        else min(ix.by_program[pid], key=lambda k: ix.life_cost[k])
    result = s.result(base.outcome)
    checks = _relevant_limits(data, ix, result, base, pid, k_need)
    for i, c in enumerate(checks[:max_limit_tests]):
        limit = _loosened(data, c)
        if limit is not None:
            probe.later(("screen", i), force="in", limit=limit, cutoff=_screen_cutoff(probe))
    return checks


def _loosened(data: ModelData, c: LimitCheck):
    """The limit of check `c` loosened alone by what the program needs, as a Session change (None:
    not a limit that can be loosened)."""
    family = LIMITS_BY_ID.get(c.family)
    if c.enters is False and family is not None and family.parameter is not None:
        index = family.parameter_index(c.key, c.year)
        return family.parameter, index, family.stated(data, c.key, c.year) + c.need
    return None


def _explain_limits(ex: Explanation, probe: _Probe, checks: list[LimitCheck], max_limit_tests: int) -> None:
    """Whether loosening each limit tested (:func:`_ask_limits`) brings the program in: no where its
    screen rules it out, else the plan found with the limit loosened says."""
    ix = probe.session.ix
    cutoff = _screen_cutoff(probe)
    maybe = []
    for i, c in enumerate(checks[:max_limit_tests]):
        if ("screen", i) in probe._pending:
            if _rules_out(probe.result(("screen", i)), cutoff):
                c.enters = False
            else:
                maybe.append(i)
                probe.later(("limit", i), limit=_loosened(probe.data, c))
    for i in maybe:
        r = probe.result(("limit", i))
        checks[i].enters = r.has_solution and probe.pid in portfolio_of(ix, r.funded)
    ex.limits = checks


def _explain_ladder(ex: Explanation, probe: _Probe) -> None:
    """Whether the program is funded at each step of the budget ladder (asked for by
    :func:`explain_program`), and the step where it enters (unfunded) or drops out (funded)."""
    s, pid = probe.session, probe.pid
    for step in ex.ladder:
        r = probe.result(("ladder", step))
        ex.ladder_funded[step] = (pid in portfolio_of(s.ix, r.funded)) if r.has_solution else None
    if ex.funded:
        below = [st for st in sorted(ex.ladder, reverse=True) if st < 1.0]
        ex.threshold_step = next((st for st in below if ex.ladder_funded[st] is False), None)
    else:
        ex.threshold_step = next((st for st in ex.ladder if st >= 1.0 and ex.ladder_funded[st]), None)


# The value of a portfolio holding option k of the program is linear in a change of the program's
# scores: rest + (k's value)·f when its scores are scaled by f, and rest + (k's value) +
# d·(discount·horizon share of k) when every criterion gains d points. So each solve that still
# finds the program on the wrong side names a portfolio whose line gives the next candidate
# threshold exactly; the search stops when a probe just past the candidate lands on the other
# side. Each probe is a solve, and usually one or two suffice.


def _funded_option(probe: _Probe, r: Solved):
    ix = probe.session.ix
    return next((k for k in r.funded if ix.option_program[k] == probe.pid), None) if r.has_solution else None


def _score_fall(ex: Explanation, probe: _Probe, forced: Solved, k_base: int, values: np.ndarray) -> None:
    """How far (as a share) a funded program's scores must fall for it to drop out."""
    ix = probe.session.ix
    ks = ix.by_program[probe.pid]
    opt = probe.base.objective
    v_kb = float(values[k_base])
    ex.score_change = None
    if v_kb > 0:
        f_hi = (forced.objective - (opt - v_kb)) / v_kb      # base portfolio ties the best one without it
        tol = 0.002
        for _ in range(30):
            probe_f = f_hi - tol
            if probe_f <= 0:
                # Only a fall to (about) zero drops it; at zero it merely ties.
                ex.score_change = 1.0 - max(f_hi, 0.0)
                break
            sc = ix.scores.copy()
            sc[ks] *= probe_f
            r = probe(scores=sc)
            k = _funded_option(probe, r)
            if k is None:
                ex.score_change = 1.0 - f_hi
                break
            v = float(values[k])
            rest = r.objective - probe_f * v
            f_hi = min(probe_f, (forced.objective - rest) / v) if v > 0 else probe_f
    if ex.score_change is not None:
        ex.score_new = ex.weighted_score * (1.0 - ex.score_change)


def _score_rise(ex: Explanation, probe: _Probe, forced: Solved) -> None:
    """How many points on every criterion an unfunded program needs to enter."""
    ix = probe.session.ix
    ks = ix.by_program[probe.pid]
    opt = probe.base.objective
    rate = ix.discount * ix.horizon_share      # objective gained per score point, by option
    k0 = _funded_option(probe, forced)
    d_hi = ex.forced_loss / rate[k0] if rate[k0] > 0 else None
    tol = max(1e-3 * max(ex.weighted_score, 1.0), 1e-6)
    for _ in range(30):
        if d_hi is None:
            break
        probe_d = d_hi - tol
        if probe_d <= 0:
            break
        sc = ix.scores.copy()
        sc[ks] += probe_d
        r = probe(scores=sc)
        k = _funded_option(probe, r)
        if k is None:
            break
        at_zero = r.objective - probe_d * rate[k]
        d_hi = min(probe_d, (opt - at_zero) / rate[k]) if rate[k] > 0 else probe_d
    ex.score_change = max(d_hi, 0.0) if d_hi is not None else None


def _weighted(p, w: np.ndarray, ix, k) -> float:
    """Weighted score of option k's level, or of the program's best level if k is None."""
    if k is not None:
        return float(ix.scores[k] @ w)
    ks = ix.by_program[p.id]
    if ks:
        return float(max(ix.scores[kk] @ w for kk in ks))
    crit = list(ix.criteria)
    return float(max((sum(lv.scores[c] * wc for c, wc in zip(crit, w)) for lv in p.levels), default=0.0))


def _relevant_limits(data: ModelData, ix, result, base, pid: str, k: int) -> list[LimitCheck]:
    """Limits used up in the base portfolio that option k of program pid would need more of, and the
    dependencies that bar it (:func:`portfolio.analysis.why_not.obstacles`), as checks to test."""
    out: list[LimitCheck] = []
    for ob in obstacles(data, ix, result.binding, set(base.portfolio), pid, k):
        if ob.family in ("requires", "excludes"):
            out.append(LimitCheck("dependency", ob.key, None, 0.0, 0.0, None, f"exp.dep_{ob.family}",
                                  (("target", ob.key),)))
        elif ob.family == "group_at_most":
            dep = next(d for d in data.dependencies if d.kind == "at_most" and ",".join(d.members) == ob.key)
            out.append(LimitCheck("dependency", ob.key, None, 0.0, 0.0, None, "exp.dep_at_most",
                                  (("k", dep.k), ("members", ", ".join(dep.members)))))
        else:
            loosenable = LIMITS_BY_ID[ob.family].parameter is not None
            out.append(LimitCheck(ob.family, ob.key, ob.year, ob.slack, ob.need, False if loosenable else None,
                                  requires=ob.requires))
    return out
