"""Plans that hold up under every admissible weighting (issue 20, section 2).

The admissible set is the one the sensitivity analysis draws from: the Criteria sheet's weight
intervals and rank order (:mod:`.admissible`), a polytope of normalised weights whose vertices
are enumerated exactly (:mod:`.vertices`). Over it:

* the **max-min** plan maximises the worst-case value, with scores at the low ends of their
  ranges: one MIP with a cut per vertex (:mod:`.master`);
* the **minimax-regret** plan minimises the largest shortfall against the best plan for each
  admissible weighting (and score): one solve per vertex, then one MIP; with score ranges,
  constraint generation with proven lower and upper bounds (:mod:`.regret`, :mod:`.scenarios`).

:func:`~.run.run_robust` computes both beside the weighted optimum; :mod:`.report_json` is the
command's JSON. The workbook is :mod:`portfolio.outputs.robust_xlsx`, the report's section
:mod:`portfolio.outputs.report.robust`, the math ``docs/robustness.md`` section 2.
"""

from __future__ import annotations

from .admissible import AdmissibleSet, admissible_set, weight_rows
from .run import PLANS, Plan, RobustResult, RobustSettings, run_robust
from .vertices import cone_rays, contains

__all__ = ["PLANS", "AdmissibleSet", "Plan", "RobustResult", "RobustSettings", "admissible_set", "cone_rays",
           "contains", "run_robust", "weight_rows"]
