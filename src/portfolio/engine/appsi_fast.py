"""Pyomo's appsi HiGHS interface, and every use of appsi's private records, in one module.

:class:`~portfolio.engine.solver.HighsSolver` loads the model through Pyomo's persistent appsi
``Highs`` and reaches HiGHS and appsi's column and row maps through the functions here
(:func:`persistent_highs`, :func:`highs_of`, :func:`column_map`, :func:`row_map`); no other module
of the project reads an appsi attribute that starts with an underscore.

For each row appsi walks the expression to find its variables, registers new variables with
HiGHS one row at a time, then builds a standard representation: most of the time it takes to
load a model. :class:`FastHighs` reads variables and coefficients straight off the rows of this
model (each a LinearExpression of number × unfixed variable terms without repeats, or one
unfixed variable), registers new variables in one call in the same order of first appearance,
and sends the rows to HiGHS in one call. The HiGHS model and appsi's records come out as appsi's
own path makes them (``tests/test_fast_load.py`` compares the two); any other row takes appsi's
path, in order. If a Pyomo release renames the records :class:`FastHighs` writes, plain appsi
``Highs`` is used instead (slower, the same model; ``tests/test_fast_load.py`` forces it).

Why not a public route: measured with ``benchmarks/phases.py`` side by side (``benchmarks/RESULTS.md``,
"The HiGHS loading route"; median of 5, wall / CPU seconds, on a busy machine):

====  ==============================  ===================  ================================  =====================
size  phase                           this module          standard form → highspy           pyomo.contrib.solver
====  ==============================  ===================  ================================  =====================
M     build + load                    0.511 / 0.238        0.490 / 0.228 (−4% / −4%)         +54% / +60%
M     imports + build + load          1.757 / 0.732        3.014 / 1.378 (+72% / +88%)       +6% / +21%
L     build + load                    3.113 / 1.153        3.136 / 0.973 (+1% / −16%)        +99% / +47%
L     imports + build + load          4.350 / 1.655        7.049 / 2.150 (+62% / +30%)       +82% / +33%
====  ==============================  ===================  ================================  =====================

``pyomo.contrib.solver``'s persistent Highs loads 1.5–2× slower. Pyomo's standard-form compiler
loads as fast as this module (a prototype without the per-solve updates), but it needs scipy, which
the project does not otherwise use and whose import (+0.66 s CPU in every process and worker)
costs more than the whole build and load of M; and its columns come in another order, so HiGHS
takes another path (on M at a 5% gap it returned another plan), which would change results.
"""

from __future__ import annotations

import numpy as np
from pyomo.common.numeric_types import native_numeric_types, native_types
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression
from pyomo.core.expr.numvalue import is_constant, value

#: appsi's private records that :class:`FastHighs` reads and writes.
FAST_RECORDS = ("_referenced_variables", "_vars_referenced_by_con", "_named_expressions", "_mutable_helpers",
                "_active_constraints", "_pyomo_var_to_solver_var_map", "_pyomo_con_to_solver_con_map",
                "_solver_con_to_pyomo_con_map", "_only_child_vars")

_CLASS = None


def linear_terms(con):
    """(lower, upper, coefficients, variables) of a simple linear row, or None for any other."""
    try:
        lo, body, hi = con.to_bounded_expression()
    except ValueError:
        return None
    if body.__class__ is LinearExpression:
        coefs, variables, seen = [], [], set()
        for arg in body.args:
            if arg.__class__ is not MonomialTermExpression:
                return None
            c, v = arg.args
            if c.__class__ not in native_numeric_types or v.fixed or id(v) in seen:
                return None
            seen.add(id(v))
            coefs.append(c)
            variables.append(v)
        return lo, hi, coefs, variables
    if body.__class__ not in native_types and body.is_variable_type() and not body.fixed:
        return lo, hi, [1], [body]
    return None


def _define_fast_highs(Highs):
    """The FastHighs class on top of appsi's `Highs`."""
    import highspy
    from pyomo.contrib.appsi.solvers.highs import _MutableConstraintBounds

    class FastHighs(Highs):
        def add_constraints(self, cons):
            if self._only_child_vars or self.use_extensions:
                return super().add_constraints(cons)
            batch = []
            for con in cons:
                terms = linear_terms(con)
                if terms is None:
                    self._add_linear_rows(batch)
                    batch = []
                    super().add_constraints([con])
                else:
                    batch.append((con, *terms))
            self._add_linear_rows(batch)

        def _add_linear_rows(self, batch):
            if batch:
                self._register_rows(batch)
                self._load_rows(batch)

        def _register_rows(self, batch):
            """appsi's records of the rows and of the variables they reference (new ones in one call)."""
            referenced = self._referenced_variables
            new_vars = {}
            for con, _, _, _, variables in batch:
                if con in self._named_expressions:
                    raise ValueError(f"constraint {con.name} has already been added")
                self._active_constraints[con] = con.expr
                for v in variables:
                    if id(v) not in referenced:
                        new_vars.setdefault(id(v), v)
            if new_vars:
                self.add_variables(list(new_vars.values()))
            for con, _, _, _, variables in batch:
                self._named_expressions[con] = []
                self._vars_referenced_by_con[con] = variables
                for v in variables:
                    referenced[id(v)][0][con] = None

        def _load_rows(self, batch):
            """As appsi's Highs._add_constraints, with the representation read off the expression."""
            self._sol = None
            if self._last_results_object is not None:
                self._last_results_object.solution_loader.invalidate()
            varmap, conmap, rowmap = (self._pyomo_var_to_solver_var_map, self._pyomo_con_to_solver_con_map,
                                      self._solver_con_to_pyomo_con_map)
            row = len(conmap)
            lbs, ubs, starts, index, values = [], [], [], [], []
            for con, lo, hi, coefs, variables in batch:
                starts.append(len(values))
                for c, v in zip(coefs, variables):
                    if c:                    # the standard representation drops zero coefficients
                        index.append(varmap[id(v)])
                        values.append(c)
                lb = lo if con.has_lb() else -highspy.kHighsInf
                ub = hi if con.has_ub() else highspy.kHighsInf
                if not is_constant(lb) or not is_constant(ub):
                    helper = _MutableConstraintBounds(lower_expr=lb, upper_expr=ub, pyomo_con=con, con_map=conmap,
                                                      highs=self._solver_model)
                    self._mutable_helpers.setdefault(con, []).append(helper)
                lbs.append(value(lb))
                ubs.append(value(ub))
                conmap[con] = row
                rowmap[row] = con
                row += 1
            self._solver_model.addRows(len(lbs), np.array(lbs, dtype=np.double), np.array(ubs, dtype=np.double),
                                       len(values), np.array(starts), np.array(index),
                                       np.array(values, dtype=np.double))

    return FastHighs


def highs_class():
    """FastHighs, or appsi's own ``Highs`` when this Pyomo lacks a record FastHighs relies on."""
    global _CLASS
    if _CLASS is None:
        from pyomo.contrib.appsi.solvers.highs import Highs

        probe = Highs()
        _CLASS = _define_fast_highs(Highs) if all(hasattr(probe, a) for a in FAST_RECORDS) else Highs
    return _CLASS


def persistent_highs():
    """A new, empty persistent appsi solver (see :func:`highs_class`)."""
    return highs_class()()


def highs_of(opt):
    """The highspy.Highs object a loaded appsi solver holds."""
    return opt._solver_model


def column_map(opt) -> dict[int, int]:
    """id(Pyomo variable) → HiGHS column, of a loaded appsi solver."""
    return opt._pyomo_var_to_solver_var_map


def row_map(opt) -> list[tuple[str, tuple, object]]:
    """(family, index, constraint) for each HiGHS row of a loaded appsi solver, in row order."""
    cmap = opt._pyomo_con_to_solver_con_map
    rows: list = [None] * len(cmap)
    for con, r in cmap.items():
        comp = con.parent_component().name
        idx = con.index()
        idx = idx if isinstance(idx, tuple) else ((idx,) if idx is not None else ())
        rows[r] = (comp, idx, con)
    return rows
