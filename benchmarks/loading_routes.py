"""Prototype source trees for the loading-route comparison in RESULTS.md ("The HiGHS loading route").

    python benchmarks/loading_routes.py SRC OUT      # then: benchmarks/phases.py M --tree OUT/today …

Copies the source tree SRC (a checkout's ``src``) three times into OUT: ``today`` as it is (appsi
with ``portfolio.engine.appsi_fast.FastHighs``), ``stdform`` (Pyomo's ``LinearStandardFormCompiler``
loaded into highspy with ``passModel``, plus the maps a re-solve would need: rows whose bounds
follow mutable parameters, mutable objective coefficients) and ``contrib`` (``pyomo.contrib.solver``'s
persistent ``Highs``). The prototypes replace ``HighsSolver.__init__`` and ``solve`` (one plain
HiGHS run), enough for ``phases.py``'s load, solve, extract and write; they are measurements, not
alternatives ready to use. ``stdform`` needs scipy (not a dependency of the project): install it
into a folder of its own (``pip install --target DIR scipy``) and put DIR on PYTHONPATH.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

STDFORM = '''

# --- prototype for benchmarks/RESULTS.md: Pyomo's standard-form compiler loaded into highspy -------
import scipy.sparse  # noqa: E402,F401  (its import shows under "imports", not "load")


def _stdform_init(self, pm, options):
    import highspy
    from pyomo.common.gc_manager import PauseGC
    from pyomo.common.numeric_types import native_types
    from pyomo.core.expr.numvalue import is_constant
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    self.pm, self.options = pm, options
    m = pm.m
    with PauseGC():
        info = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
        inf = highspy.kHighsInf
        rhs = np.asarray(info.rhs, dtype=float)
        keep, lower, upper, cons = [], [], [], []
        prev = None
        for i, (con, mult) in enumerate(info.rows):
            if con is prev:
                lower[-1] = rhs[i]
                continue
            prev = con
            keep.append(i)
            cons.append(con)
            lower.append(rhs[i] if mult <= 0 else -inf)
            upper.append(rhs[i] if mult >= 0 else inf)
        A = info.A.tocsr()[keep].tocsc()
        cols = info.columns
        n = len(cols)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, len(keep)
        lp.col_cost_ = info.c.toarray()[0]
        lp.col_lower_ = np.array([-inf if v.lb is None else v.lb for v in cols], dtype=float)
        lp.col_upper_ = np.array([inf if v.ub is None else v.ub for v in cols], dtype=float)
        lp.row_lower_, lp.row_upper_ = np.array(lower), np.array(upper)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = A.indptr
        lp.a_matrix_.index_ = A.indices
        lp.a_matrix_.value_ = A.data
        lp.integrality_ = [highspy.HighsVarType.kInteger if v.is_integer() else highspy.HighsVarType.kContinuous
                           for v in cols]
        lp.sense_ = highspy.ObjSense.kMaximize if info.objectives[0].sense == -1 else highspy.ObjSense.kMinimize
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.passModel(lp)
        # What re-solves would update: rows whose bounds follow mutable parameters, mutable costs.
        self._mutable_rows = []
        for r, con in enumerate(cons):
            lo, _, hi = con.to_bounded_expression()
            if ((lo.__class__ not in native_types and not is_constant(lo))
                    or (hi.__class__ not in native_types and not is_constant(hi))):
                self._mutable_rows.append((r, lo, hi))
        colmap = {id(v): j for j, v in enumerate(cols)}
        self._mutable_costs = [(colmap[id(a.args[1])], a.args[0]) for a in info.objectives[0].expr.args
                               if not is_constant(a.args[0])]
    self._highs = h
    self._x_cols = np.array([colmap[id(v)] for v in m.choose.values()], dtype=np.int64)
    self._f_cols = np.array([colmap[id(v)] for v in m.pay.values()], dtype=np.int64)
    self._n_cols = n
    domains = list(m.domain_spend.keys())
    self._d_cols = np.array([colmap[id(m.domain_spend[d])] for d in domains], dtype=np.int64)
    at = {d: i for i, d in enumerate(domains)}
    prog = pm.data.program_by_id
    self._option_domain = np.array([at[prog[p].domain] for p in pm.ix.option_program], dtype=np.int64)
    self._inside_cost = pm.ix.cost.sum(axis=1)
    self.last = None


def _direct_solve(self, **kw):
    o = self.options
    h = self._highs
    for k, v in (("threads", int(o.threads)), ("random_seed", int(o.seed)), ("mip_rel_gap", float(o.mip_gap)),
                 ("time_limit", float(o.time_limit))):
        h.setOptionValue(k, v)
    t0 = h.getRunTime()
    h.run()
    s = h.getRunTime() - t0
    return self._outcome(None, o.mip_gap, o.time_limit, s, s)


HighsSolver.__init__ = _stdform_init
HighsSolver.solve = _direct_solve
'''

CONTRIB = '''

# --- prototype for benchmarks/RESULTS.md: pyomo.contrib.solver's persistent Highs ---------------------
from pyomo.contrib.solver.solvers.highs import Highs as _ContribHighs  # noqa: E402  (import under "imports")


def _contrib_init(self, pm, options):
    from pyomo.common.gc_manager import PauseGC

    self.pm, self.options = pm, options
    opt = _ContribHighs()
    with PauseGC():
        opt.set_instance(pm.m)
    self._opt = opt
    h = self._highs = opt._solver_model
    h.setOptionValue("output_flag", False)
    colmap = opt._pyomo_var_to_solver_var_map
    m = pm.m
    self._x_cols = np.array([colmap[id(v)] for v in m.choose.values()], dtype=np.int64)
    self._f_cols = np.array([colmap[id(v)] for v in m.pay.values()], dtype=np.int64)
    self._n_cols = len(colmap)
    domains = list(m.domain_spend.keys())
    self._d_cols = np.array([colmap[id(m.domain_spend[d])] for d in domains], dtype=np.int64)
    at = {d: i for i, d in enumerate(domains)}
    prog = pm.data.program_by_id
    self._option_domain = np.array([at[prog[p].domain] for p in pm.ix.option_program], dtype=np.int64)
    self._inside_cost = pm.ix.cost.sum(axis=1)
    self.last = None


def _direct_solve(self, **kw):
    o = self.options
    h = self._highs
    for k, v in (("output_flag", False), ("threads", int(o.threads)), ("random_seed", int(o.seed)),
                 ("mip_rel_gap", float(o.mip_gap)), ("time_limit", float(o.time_limit))):
        h.setOptionValue(k, v)
    t0 = h.getRunTime()
    h.run()
    s = h.getRunTime() - t0
    return self._outcome(None, o.mip_gap, o.time_limit, s, s)


HighsSolver.__init__ = _contrib_init
HighsSolver.solve = _direct_solve
'''

def main(argv=None) -> int:
    src, out = (Path(a) for a in (argv or sys.argv[1:]))
    for name, extra in (("today", ""), ("stdform", STDFORM), ("contrib", CONTRIB)):
        tree = out / name
        shutil.rmtree(tree, ignore_errors=True)
        shutil.copytree(src / "portfolio", tree / "portfolio", ignore=shutil.ignore_patterns("__pycache__"))
        solver = tree / "portfolio" / "engine" / "solver.py"
        solver.write_text(solver.read_text(encoding="utf-8") + extra, encoding="utf-8")
        print(tree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
