"""The objective: weighted criterion scores of the funded levels, discounted for later starts."""

from __future__ import annotations

import pyomo.core as pyo

from ..core.data import ModelData
from .index import ModelIndex
from .terms import var_list


def add_objective(m: pyo.ConcreteModel, ix: ModelIndex, data: ModelData) -> None:
    r"""Maximise the weighted value of the funded options.

    .. math::
        \max \sum_{(p,\ell,s)} v_{p\ell s}\, x_{p\ell s}, \qquad
        v_{p\ell s} = \Big(\sum_{c} w_c\, \mathrm{score}_{p\ell c}\Big)\,(1-d)^{\,s - t_0}\,
                      \frac{\sum_{t \in Y} c_{p\ell s t}}{\sum_{k} c_{p\ell k}}

    :math:`w_c` are the criterion weights normalised to sum to 1; *d* the late-start discount;
    :math:`t_0` the first fiscal year; the last factor pro-rates the value of a program that runs
    past the horizon by the share of its cost inside it (1 when there is no tail or no cost).
    :math:`v` is the mutable ``m.value[o]``, recomputed with numpy when weights or scores change.
    """
    values = ix.values(data.weights)
    m.value = pyo.Param(ix.options, mutable=True, initialize=dict(zip(ix.options, values.tolist())))
    expr = sum(v * x for v, x in zip(var_list(m.value), var_list(m.choose))) if ix.options else m.zero
    m.total_value = pyo.Objective(expr=expr, sense=pyo.maximize)


#: The constraint families this module builds, in build order: (the Pyomo components each adds, builder).
BUILDERS = ((("total_value",), add_objective),)
