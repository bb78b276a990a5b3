"""Private investment leverage (呼び水): the private co-investment the funded programs attract, and
an optional floor on it. It is not a criterion: the objective does not reward it."""

from __future__ import annotations

from typing import Iterator

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage
from .terms import lin, var_list


def private_investment(ix: ModelIndex, data: ModelData):
    """Per option, the private co-investment it attracts inside the horizon (億円): the program's
    private leverage × the option's cost inside the horizon."""
    lev = [data.program_by_id[p].private_leverage for p in ix.option_program]
    return ix.cost.sum(axis=1) * lev if ix.n_options else ix.cost.sum(axis=1)


def add_private_investment_floor(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""The funded programs attract at least the stated private co-investment over the horizon.

    .. math::
        \sum_{(p,\ell,s)} \beta_p \Big(\sum_{t \in Y} c_{p\ell s t}\Big) x_{p\ell s} \ge V

    :math:`\beta_p` is the program's ``private_leverage`` (億円 of private co-investment per 億円
    of its cost, from every source); :math:`V` the Settings ``private_investment_floor``. Without a
    floor the row is not built; the portfolio's private co-investment is still reported
    (:class:`portfolio.model.families.Plan`). Costs past the horizon do not count, as in domain spend.
    """
    floor = data.settings.private_investment_floor
    if floor is None:
        return
    attract = private_investment(ix, data).tolist()
    ks = [k for k, a in enumerate(attract) if a]
    choose = var_list(m.choose)
    m.private_investment_floor = pyo.Constraint(
        expr=lin([attract[k] for k in ks], [choose[k] for k in ks], m.zero) >= float(floor))


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _private_investment(plan: Plan) -> Iterator[Usage]:
    floor = plan.data.settings.private_investment_floor
    if floor is not None:
        yield Usage("", None, plan.private_investment, float(floor))


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = ((("private_investment_floor",), add_private_investment_floor),)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (
    LimitFamily("private_investment_floor", "private_investment_floor", _private_investment, 4, lower=True),
)
