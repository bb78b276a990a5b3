"""Decisions and the one-choice rule: which level and start year, if any, each program gets."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .terms import lin, var_list


def add_choice_variables(m: pyo.ConcreteModel, ix: ModelIndex) -> None:
    r"""Binary choice per option and continuous payment per flow.

    .. math::
        x_{p\ell s} \in \{0,1\} \quad \forall (p,\ell,s) \in O, \qquad
        f_{p\sigma t} \ge 0 \quad \forall (p,\sigma,t) \in F

    =====================  ==============================  =============================
    symbol                 Pyomo                           meaning
    =====================  ==============================  =============================
    :math:`x_{p\ell s}`    ``m.choose[p, level, start]``   program *p* at level ℓ from year *s*
    :math:`f_{p\sigma t}`  ``m.pay[p, source, year]``      億円 paid by source σ to *p* in year *t*
    =====================  ==============================  =============================
    """
    m.choose = pyo.Var(ix.options, domain=pyo.Binary)
    m.pay = pyo.Var(ix.flows, domain=pyo.NonNegativeReals)
    # A variable fixed at zero gives rows that have no other variable something to hold.
    m.zero = pyo.Var(bounds=(0, 0))


def add_one_choice(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""At most one (level, start) per program; exactly one for mandatory and ongoing programs.

    .. math::
        \underline{n}_p \le \sum_{\ell, s} x_{p\ell s} \le 1 \quad \forall p,
        \qquad \underline{n}_p = 1 \text{ if } p \text{ is mandatory or ongoing, else } 0

    Forbidden programs have no options at all (see :mod:`portfolio.model.index`), so they are
    never funded. :math:`\underline{n}_p` is the mutable ``m.must_fund[p]``, which sensitivity
    analysis raises to force a program in. A scenario lock leaves one option, so with the lower
    bound it fixes level and start.
    """
    progs = [p.id for p in data.programs]
    m.must_fund = pyo.Param(progs, mutable=True, within=pyo.Binary,
                            initialize={p.id: int(p.mandatory or p.ongoing or p.lock_level is not None
                                                  or p.lock_start is not None) for p in data.programs})
    choose = var_list(m.choose)

    def rule(_, p):
        ks = ix.by_program[p]
        return pyo.inequality(m.must_fund[p], lin([1.0] * len(ks), [choose[k] for k in ks], m.zero), 1)

    m.one_choice = pyo.Constraint(progs, rule=rule)


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = ((("one_choice",), add_one_choice),)
#: Its rows that are rules, not limits (never relaxed by the infeasibility explainer).
RULES = ("one_choice",)
