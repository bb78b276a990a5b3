"""Paying for the chosen programs: every year's cost is covered by eligible sources within their shares,
and a partner's money follows Japan's as a conditional match."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .terms import lin, var_list


def add_cost_covered(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Each program's cost in each year is paid in full by its eligible sources.

    .. math::
        \sum_{\sigma \in E_p} f_{p\sigma t} = \sum_{\ell, s} c_{p\ell s t}\, x_{p\ell s}
        \quad \forall (p, t) \text{ with some cost}

    :math:`c_{p\ell s t}` is the level's cost in program year :math:`t - s + 1`;
    :math:`E_p` the sources that eligibility rules allow to pay for *p*.
    """
    col = {y: j for j, y in enumerate(ix.years)}
    keys = sorted(ix.flows_by_program_year, key=lambda k: (k[0], k[1]))
    choose, pay, cost = var_list(m.choose), var_list(m.pay), ix.cost.tolist()

    def rule(_, p, t):
        j = col[t]
        ks = [k for k in ix.by_program[p] if cost[k][j] != 0]
        fs = ix.flows_by_program_year[(p, t)]
        body = lin([1.0] * len(fs) + [-cost[k][j] for k in ks], [pay[i] for i in fs] + [choose[k] for k in ks])
        return body == 0

    m.cost_covered = pyo.Constraint(keys, rule=rule)


def add_share_cap(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""A source pays at most its eligible share of a program's yearly cost.

    .. math::
        f_{p\sigma t} \le \bar{a}_{p\sigma} \sum_{\ell, s} c_{p\ell s t}\, x_{p\ell s}
        \quad \forall (p,\sigma,t) \in F,\ \bar{a}_{p\sigma} < 1

    :math:`\bar{a}_{p\sigma}` is the ``max_share`` of the most specific eligibility rule naming
    σ for *p* (program, then instrument, then domain, then all).
    """
    col = {y: j for j, y in enumerate(ix.years)}
    prog = data.program_by_id
    capped = [f for f in ix.flows if prog[f[0]].shares[f[1]] < 1.0]
    choose, pay, cost = var_list(m.choose), m.pay, ix.cost.tolist()

    def rule(_, p, s, t):
        a = prog[p].shares[s]
        j = col[t]
        ks = [k for k in ix.by_program[p] if cost[k][j] != 0]
        return lin([1.0] + [-a * cost[k][j] for k in ks], [pay[p, s, t]] + [choose[k] for k in ks]) <= 0

    m.share_cap = pyo.Constraint(capped, rule=rule)


def add_partner_match(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""A partner's money is a conditional match: at most *r* times what Japan pays the program that year.

    .. math::
        f_{p\sigma t} \le r_\sigma \sum_{\sigma' \in E_p \cap (A \cup \Phi)} f_{p\sigma' t}
        \quad \forall (p,\sigma,t) \in F,\ \sigma \in X \text{ with a match ratio } r_\sigma

    :math:`r_\sigma` is the external source's ``match_ratio`` (FundingSources); the sum runs over
    the program's eligible Japanese sources, annual ministries and funds. A program Japan does not
    fund gets nothing (its cost, and so every payment, is 0), and neither does one no Japanese
    source may pay. The partner's overall cap per year is its envelope (``source_envelope``); its
    eligible share (``share_cap``) still applies.
    """
    src = data.source_by_id
    matched = [i for i, f in enumerate(ix.flows) if src[f[1]].kind == "external" and src[f[1]].match_ratio is not None]
    pay = var_list(m.pay)

    def rule(_, p, s, t):
        japanese = [i for i in ix.flows_by_program_year[(p, t)] if src[ix.flows[i][1]].japanese]
        r = float(src[s].match_ratio)
        return lin([1.0] + [-r] * len(japanese), [m.pay[p, s, t]] + [pay[i] for i in japanese]) <= 0

    m.partner_match = pyo.Constraint([ix.flows[i] for i in matched], rule=rule)


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = (
    (("cost_covered",), add_cost_covered),
    (("share_cap",), add_share_cap),
    (("partner_match",), add_partner_match),
)
#: Its rows that are rules, not limits (never relaxed by the infeasibility explainer).
RULES = ("share_cap", "partner_match", "cost_covered")
