"""The limit families of the model, declared once: the registry every other part reads.

A *limit* is a row family a planner sets and can move: the total budget, a source's envelope, a
fund's balance, a capacity, a domain's floor or ceiling or critical mass, a group count, the cap
on commitments past the horizon, the floor on private co-investment. Each is a :class:`LimitFamily`, with

* ``id``: its name in result tables, JSON and messages (``total_budget``);
* ``component``: the Pyomo constraint component that holds its rows (``total_budget_limit``;
  ``docs/formulation.md`` has a section of that name, and :data:`portfolio.model.build.FAMILIES`
  builds it);
* ``parameter``: the mutable Pyomo parameter re-solves move (``total_budget``, ``envelope``,
  ``capacity``), if any;
* ``lower``: whether it is a floor (what is used must reach it) rather than a ceiling;
* ``usage``: how much of it a plan uses, row by row (:class:`Usage`: key, year, used, limit);
* its words, in the one message catalogue (:mod:`portfolio.core.i18n`) under keys derived from
  the id and the component: ``family.<id>`` (its label: 総予算 / total budget),
  ``family.<id>.one`` (one row of it in a sentence: 「{year}の総予算」), ``infeas.<component>``
  (the infeasibility sentence) and ``iis.<component>`` (its phrase in an IIS).

Everything else (result tables, infeasibility explanations, sensitivity analysis, ``explain``,
the Excel writers, the report) reads limits from :data:`LIMITS`. A family is declared in its
constraint module, next to its builder: the module's ``BUILDERS`` (the Pyomo components and the
builder, built in :data:`portfolio.model.build.MODULES` order), its ``LIMITS`` and ``RULES``, and the
usage functions of its limits; :class:`LimitFamily` and :class:`Plan` are in
:mod:`portfolio.model.registry`. Adding a family to a module therefore touches two files: the module
and the message catalogue (its words). A new module is also named once in ``build.MODULES`` and in
:data:`LIMITS` below. Tests check that every family has its words in both languages and its section
in ``docs/formulation.md``.

Rows that are not limits (one choice per program, costs paid in full, eligible shares, a partner's
match, domain spend, requires, excludes) are *rules*: fixed by the input, never relaxed by the infeasibility
explainer, listed in :data:`RULES` with their IIS phrases (``iis.<component>``).
"""

from __future__ import annotations

from ..core.data import ModelData
from . import capacity, choice, dependencies, domains, funding, leverage, limits, tail
from .registry import TIGHT_RTOL, LimitFamily, Plan, Usage, stated_value

__all__ = ["TIGHT_RTOL", "LimitFamily", "Plan", "Usage", "stated_value", "LIMITS", "LIMITS_BY_ID", "LIMIT_COMPONENTS",
           "RULES", "BINDING_COLUMNS", "parameter_limits", "limit_rows"]

#: Every limit family, in the order result tables list them: each module's own, module by module.
LIMITS: tuple[LimitFamily, ...] = (*limits.LIMITS, *capacity.LIMITS, *domains.LIMITS, *tail.LIMITS, *leverage.LIMITS,
                                   *dependencies.LIMITS)
LIMITS_BY_ID = {f.id: f for f in LIMITS}
#: Pyomo components whose rows are limits (relaxed by the infeasibility explainer); the rest are rules.
LIMIT_COMPONENTS = tuple(dict.fromkeys(f.component for f in LIMITS))
#: Rows that are rules, not limits, with an IIS phrase each (``iis.<component>``).
RULES = (*choice.RULES, *dependencies.RULES, *funding.RULES)

BINDING_COLUMNS = ["family", "key", "year", "used", "limit", "slack", "tight"]


def parameter_limits(data: ModelData) -> list[tuple[LimitFamily, str, int, float]]:
    """Every (family, key, year, stated value) of the limits re-solves can move, in the order of the
    result's limit table (the budget, then each source and capacity in input order, then year)."""
    keyed = []
    for i, fam in enumerate(LIMITS):
        if fam.members is None:
            continue
        for key, position, series in fam.members(data):
            for j, y in enumerate(data.years):
                keyed.append(((fam.entity, position, i, y), (fam, key, y, float(series[j]))))
    keyed.sort(key=lambda kv: kv[0])
    return [v for _, v in keyed]


def limit_rows(plan: Plan) -> list[dict]:
    """Every limit's rows on `plan`: the result's limit table (:data:`BINDING_COLUMNS`), by what the
    rows are about (the budget, then each source, capacity and domain in input order, the tail, each
    dependency), then family, then year."""
    keyed = []
    for i, fam in enumerate(LIMITS):
        for u in fam.usage(plan):
            keyed.append(((fam.entity, u.position, i, u.year if u.year is not None else 0), fam.row(u)))
    keyed.sort(key=lambda kr: kr[0])
    return [row for _, row in keyed]
