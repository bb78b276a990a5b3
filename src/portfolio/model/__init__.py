"""The Pyomo mixed-integer model of the portfolio: index sets, one module per constraint family.

:func:`build_model` assembles it; :class:`PortfolioModel` keeps the handles (mutable budget,
envelope and capacity parameters, objective coefficients, per-program choice bounds) that
re-solves change without rebuilding. The formulation is documented in ``docs/formulation.md``
and, family by family, in the docstring of the function that builds it.
"""

from .build import PortfolioModel, build_model
from .index import ModelIndex, build_index

__all__ = ["PortfolioModel", "build_model", "ModelIndex", "build_index"]
