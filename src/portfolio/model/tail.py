"""Commitments past the horizon (後年度負担)."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
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
