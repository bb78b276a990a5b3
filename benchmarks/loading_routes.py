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

STDFORM = '\n\n# --- prototype for benchmarks/RESULTS.md: Pyomo\'s standard-form compiler loaded into highspy -------\nimport scipy.sparse  # noqa: E402,F401  (its import shows under "imports", not "load")\n\n\ndef _stdform_init(self, pm, options):\n    import highspy\n    from pyomo.common.gc_manager import PauseGC\n    from pyomo.common.numeric_types import native_types\n    from pyomo.core.expr.numvalue import is_constant\n    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler\n\n    self.pm, self.options = pm, options\n    m = pm.m\n    with PauseGC():\n        info = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)\n        inf = highspy.kHighsInf\n        rhs = np.asarray(info.rhs, dtype=float)\n        keep, lower, upper, cons = [], [], [], []\n        prev = None\n        for i, (con, mult) in enumerate(info.rows):\n            if con is prev:\n                lower[-1] = rhs[i]\n                continue\n            prev = con\n            keep.append(i)\n            cons.append(con)\n            lower.append(rhs[i] if mult <= 0 else -inf)\n            upper.append(rhs[i] if mult >= 0 else inf)\n        A = info.A.tocsr()[keep].tocsc()\n        cols = info.columns\n        n = len(cols)\n        lp = highspy.HighsLp()\n        lp.num_col_, lp.num_row_ = n, len(keep)\n        lp.col_cost_ = info.c.toarray()[0]\n        lp.col_lower_ = np.array([-inf if v.lb is None else v.lb for v in cols], dtype=float)\n        lp.col_upper_ = np.array([inf if v.ub is None else v.ub for v in cols], dtype=float)\n        lp.row_lower_, lp.row_upper_ = np.array(lower), np.array(upper)\n        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise\n        lp.a_matrix_.start_ = A.indptr\n        lp.a_matrix_.index_ = A.indices\n        lp.a_matrix_.value_ = A.data\n        lp.integrality_ = [highspy.HighsVarType.kInteger if v.is_integer() else highspy.HighsVarType.kContinuous\n                           for v in cols]\n        lp.sense_ = highspy.ObjSense.kMaximize if info.objectives[0].sense == -1 else highspy.ObjSense.kMinimize\n        h = highspy.Highs()\n        h.setOptionValue("output_flag", False)\n        h.passModel(lp)\n        # What re-solves would update: rows whose bounds follow mutable parameters, mutable costs.\n        self._mutable_rows = []\n        for r, con in enumerate(cons):\n            lo, _, hi = con.to_bounded_expression()\n            if ((lo.__class__ not in native_types and not is_constant(lo))\n                    or (hi.__class__ not in native_types and not is_constant(hi))):\n                self._mutable_rows.append((r, lo, hi))\n        colmap = {id(v): j for j, v in enumerate(cols)}\n        self._mutable_costs = [(colmap[id(a.args[1])], a.args[0]) for a in info.objectives[0].expr.args\n                               if not is_constant(a.args[0])]\n    self._highs = h\n    self._x_cols = np.array([colmap[id(v)] for v in m.choose.values()], dtype=np.int64)\n    self._f_cols = np.array([colmap[id(v)] for v in m.pay.values()], dtype=np.int64)\n    self._n_cols = n\n    domains = list(m.domain_spend.keys())\n    self._d_cols = np.array([colmap[id(m.domain_spend[d])] for d in domains], dtype=np.int64)\n    at = {d: i for i, d in enumerate(domains)}\n    prog = pm.data.program_by_id\n    self._option_domain = np.array([at[prog[p].domain] for p in pm.ix.option_program], dtype=np.int64)\n    self._inside_cost = pm.ix.cost.sum(axis=1)\n    self.last = None\n\n\ndef _direct_solve(self, **kw):\n    o = self.options\n    h = self._highs\n    for k, v in (("threads", int(o.threads)), ("random_seed", int(o.seed)), ("mip_rel_gap", float(o.mip_gap)),\n                 ("time_limit", float(o.time_limit))):\n        h.setOptionValue(k, v)\n    t0 = h.getRunTime()\n    h.run()\n    s = h.getRunTime() - t0\n    return self._outcome(None, o.mip_gap, o.time_limit, s, s)\n\n\nHighsSolver.__init__ = _stdform_init\nHighsSolver.solve = _direct_solve\n'

CONTRIB = '\n\n# --- prototype for benchmarks/RESULTS.md: pyomo.contrib.solver\'s persistent Highs ---------------------\nfrom pyomo.contrib.solver.solvers.highs import Highs as _ContribHighs  # noqa: E402  (import under "imports")\n\n\ndef _contrib_init(self, pm, options):\n    from pyomo.common.gc_manager import PauseGC\n\n    self.pm, self.options = pm, options\n    opt = _ContribHighs()\n    with PauseGC():\n        opt.set_instance(pm.m)\n    self._opt = opt\n    h = self._highs = opt._solver_model\n    h.setOptionValue("output_flag", False)\n    colmap = opt._pyomo_var_to_solver_var_map\n    m = pm.m\n    self._x_cols = np.array([colmap[id(v)] for v in m.choose.values()], dtype=np.int64)\n    self._f_cols = np.array([colmap[id(v)] for v in m.pay.values()], dtype=np.int64)\n    self._n_cols = len(colmap)\n    domains = list(m.domain_spend.keys())\n    self._d_cols = np.array([colmap[id(m.domain_spend[d])] for d in domains], dtype=np.int64)\n    at = {d: i for i, d in enumerate(domains)}\n    prog = pm.data.program_by_id\n    self._option_domain = np.array([at[prog[p].domain] for p in pm.ix.option_program], dtype=np.int64)\n    self._inside_cost = pm.ix.cost.sum(axis=1)\n    self.last = None\n\n\ndef _direct_solve(self, **kw):\n    o = self.options\n    h = self._highs\n    for k, v in (("output_flag", False), ("threads", int(o.threads)), ("random_seed", int(o.seed)),\n                 ("mip_rel_gap", float(o.mip_gap)), ("time_limit", float(o.time_limit))):\n        h.setOptionValue(k, v)\n    t0 = h.getRunTime()\n    h.run()\n    s = h.getRunTime() - t0\n    return self._outcome(None, o.mip_gap, o.time_limit, s, s)\n\n\nHighsSolver.__init__ = _contrib_init\nHighsSolver.solve = _direct_solve\n'


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
