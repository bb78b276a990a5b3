"""Small helpers to write linear rows fast and uniformly across constraint families."""

from __future__ import annotations

from pyomo.core.expr.numeric_expr import LinearExpression


def var_list(component) -> list:
    """The data objects of an indexed Var in index order: item k is option k (or flow k).

    One pass over the component instead of one index lookup per use."""
    return list(component.values())


def lin(coefs, variables, zero=None):
    """Σ coef·var as a Pyomo LinearExpression (the fastest form to build).

    A row with no variable at all gets the model's fixed `zero` variable, so that an impossible
    limit (a floor on a domain with no fundable program) reaches the solver as an infeasible
    row, which the infeasibility explainer can name, instead of a Python error at build time.
    """
    coefs = [float(c) for c in coefs]
    variables = list(variables)
    if not variables and zero is not None:
        coefs, variables = [1.0], [zero]
    return LinearExpression(constant=0.0, linear_coefs=coefs, linear_vars=variables)
