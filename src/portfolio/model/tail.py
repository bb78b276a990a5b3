"""Commitments past the horizon (後年度負担)."""

from __future__ import annotations

from typing import Iterator

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .registry import LimitFamily, Plan, Usage
from .terms import lin


def add_tail_cap(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Costs committed past the horizon stay within the cap set in Settings.

    .. math::
        \sum_{(p,\ell,s)} \tau_{p\ell s}\, x_{p\ell s} \le T

    :math:`\tau_{p\ell s}` is the option's cost in years after the last fiscal year. When
    Settings do not allow such commitments, options that would create them do not exist (see
    :mod:`portfolio.model.index`), and this row is not built. The value of an option with a tail
    is pro-rated by the share of its cost inside the horizon (:mod:`portfolio.model.objective`).
    """
    if not data.settings.allow_tail:
        return
    ks = [k for k in range(ix.n_options) if ix.tail[k] > 0]
    if not ks:
        return
    m.tail_cap = pyo.Constraint(expr=lin([ix.tail[k] for k in ks], [m.choose[ix.options[k]] for k in ks])
                                <= float(data.settings.tail_cap))


# -- the limit families of this module (the registry, portfolio.model.families, gathers them) --


def _tail_cap(plan: Plan) -> Iterator[Usage]:
    st = plan.data.settings
    if st.allow_tail and st.tail_cap is not None:
        yield Usage("", None, plan.tail_total, st.tail_cap)


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = ((("tail_cap",), add_tail_cap),)
#: Its limit families (a planner sets and can move them), in the order result tables list them.
LIMITS = (LimitFamily("tail_cap", "tail_cap", _tail_cap, 4),)
