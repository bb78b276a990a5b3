"""How robust is the recommended portfolio? Weight stability, a Monte Carlo core index, the price
of forcing each program in or out, marginal values of limits, and near-optimal alternatives.

Every number here comes from re-solving the MIP (the objective depends only on the binary
choices, so LP duals of the fixed problem are zero; see ``../shared/guide/solver-notes.md``).
The functions are pure: they take validated data, solve options and an executor, and return
plain dataclasses and DataFrames. Writers (:mod:`portfolio.outputs.sensitivity_xlsx`, the JSON of
:mod:`portfolio.cli.sensitivity`) read those and nothing else.

Solves are independent of each other and of the order they run in (:mod:`.common`), and a Monte
Carlo draw depends only on the seed and its index (:mod:`.core_index`). Hence the same seed gives
identical results with any number of workers (up to solves that stop at the time limit, whose
incumbent depends on machine speed; those are counted).

One module a part, with :func:`~.run.run_sensitivity` running those requested:

``stability`` (:mod:`.stability`)
    The interval of each criterion's normalised weight in which the base portfolio stays
    optimal, and a tornado of the re-optimised objective with each weight at ±f.
``core`` (:mod:`.core_index`)
    The share of weight (and score) draws in which each program is funded.
``price`` (:mod:`.price`)
    Objective lost when each program is forced in (if unfunded) or out (if funded).
``marginal`` (:mod:`.marginal`)
    Objective gained at +Δ and lost at −Δ for each year's total budget, each source envelope,
    each fund deposit and each capacity, by re-solving at a tight gap.
``alternatives`` (:mod:`.alternatives`)
    k portfolios within x % of the optimum, each as far as possible from the optimum and the
    ones found before (max–min distance, on a separately built copy of the model).
"""

from __future__ import annotations

from .alternatives import Alternative, near_optimal_alternatives
from .common import (
    Base,
    Reason,
    Solved,
    base_solve,
    diff_portfolios,
    flips,
    plain,
    portfolio_of,
    run_task,
    run_tasks,
    solve_fresh,
)
from .core_index import (
    DrawSpec,
    _job_draws,
    core_index,
    draw_scores,
    draw_spec,
    draw_weights,
    make_draw,
)
from .marginal import (
    Limit,
    _BaseFeasibility,
    limit_base,
    limits_of,
    lp_duals,
    marginal_values,
)
from .price import forcing_blocker, price_of_change
from .run import SensitivityResult, result_json, run_sensitivity
from .settings import (
    KEEP_RTOL,
    PART_ALIASES,
    DEFAULT_PARTS,
    PARTS,
    TIGHT_GAP,
    WEIGHT_DRAWS,
    SensitivitySettings,
)
from .stability import shifted_weights, weight_stability

_run_task = run_task     # its name before the split into modules

__all__ = [
    "DEFAULT_PARTS", "KEEP_RTOL", "PARTS", "PART_ALIASES", "TIGHT_GAP", "WEIGHT_DRAWS", "Alternative", "Base", "DrawSpec", "Limit",
    "Reason", "SensitivityResult", "SensitivitySettings", "Solved", "base_solve", "core_index", "diff_portfolios",
    "draw_scores", "draw_spec", "draw_weights", "flips", "forcing_blocker", "limit_base", "limits_of", "lp_duals",
    "make_draw", "marginal_values", "near_optimal_alternatives", "plain", "portfolio_of", "price_of_change",
    "result_json", "run_sensitivity", "run_task", "run_tasks", "shifted_weights", "solve_fresh", "weight_stability",
    # private, kept for the tests that reach them here
    "_BaseFeasibility", "_job_draws", "_run_task",
]
