r"""Sample average approximation (SAA) of a gated model whose tree is too large to solve exactly.

The paths are drawn independently from the gates' outcome distribution with the run's seed
(:func:`portfolio.model.gates.sampled_paths`): the same input and seed give the same sample and the
same answer. The tree model over the sample keeps the same non-anticipativity (decisions equal
across sampled paths sharing the revealed history); each distinct path is weighted by its frequency.

**Statistical bound** (Mak, Morton and Wood 1999, for a maximisation). Over *B* independent batches
of *N* paths (seeds ``seed + 1000·b``):

* *upper estimate*: the mean of the batches' SAA optimal values :math:`\hat v_N^b`;
  :math:`\mathbb E[\hat v_N] \ge v^*`;
* *lower estimate*: the plan decided now (every choice and payment of the years up to the first
  gate year, from the main sample's policy) held fixed, and the rest re-optimised on each batch:
  the mean of those values. When every gate reveals in the same year the later decisions see the
  whole outcome, so this is an unbiased estimate of a feasible policy's value, below :math:`v^*`
  in expectation. With gates in several years the later stages are re-optimised on the batch's own
  sampled tree, and the estimate is only indicative (``lower_valid`` is False, and the output says so);
* each with a 95 % half-width :math:`t_{B-1,0.975}\, s/\sqrt B`; the gap is upper − lower, and
  its 95 % bound upper + half-width − (lower − half-width).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ..core.data import ModelData
from ..engine.gates import solve_tree
from ..engine.solver import SolveOptions
from ..model.gates import Event, OutcomePath, build_tree, sampled_paths

#: Student's t, 97.5 % quantile, by degrees of freedom (1..10); 1.96 beyond.
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228}


def sampled_paths_for(evs: list[Event], n: int, seed: int) -> list[OutcomePath]:
    return sampled_paths(evs, n, seed)


@dataclass
class SaaBound:
    samples: int
    batches: int
    upper: float | None
    upper_half_width: float | None
    lower: float | None
    lower_half_width: float | None
    lower_valid: bool                   # True: every gate reveals in the same year (see the module docstring)
    statuses: tuple[str, ...]           # of every batch solve

    @property
    def gap(self) -> float | None:
        return None if self.upper is None or self.lower is None else self.upper - self.lower

    @property
    def gap_bound(self) -> float | None:
        if self.gap is None:
            return None
        return (self.upper + (self.upper_half_width or 0.0)) - (self.lower - (self.lower_half_width or 0.0))


def _mean_hw(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], None
    t = _T975.get(len(values) - 1, 1.96)
    return statistics.fmean(values), t * statistics.stdev(values) / math.sqrt(len(values))


def sampled_bound(data: ModelData, evs: list[Event], options: SolveOptions, samples: int, batches: int,
                  main, main_out, worst_floor: float | None = None) -> SaaBound:
    """Upper and lower estimates over `batches` independent samples of `samples` paths each; `main` and
    `main_out` are the policy's tree on the main sample and its solve (whose plan decided now is evaluated)."""
    first_reveal = min(e.year for e in evs)
    fixed = _decided_now(main, main_out, first_reveal) if main_out.has_solution else None
    uppers, lowers, statuses = [], [], []
    for b in range(batches):
        paths = sampled_paths(evs, samples, options.seed + 1000 * (b + 1))
        out = solve_tree(build_tree(data, evs, paths, worst_floor=worst_floor), options)
        statuses.append(out.status)
        if out.has_solution:
            uppers.append(out.bound if out.bound is not None else out.objective)
        if fixed is not None:
            tree = build_tree(data, evs, paths, worst_floor=worst_floor)
            _fix(tree, fixed, first_reveal)
            low = solve_tree(tree, options)
            statuses.append(low.status)
            if low.has_solution:
                lowers.append(low.objective)
    up, up_hw = _mean_hw(uppers)
    lo, lo_hw = _mean_hw(lowers if len(lowers) == batches else [])
    return SaaBound(samples=samples, batches=batches, upper=up, upper_half_width=up_hw, lower=lo,
                    lower_half_width=lo_hw, lower_valid=len({e.year for e in evs}) == 1, statuses=tuple(statuses))


def _decided_now(tree, out, first_reveal: int) -> tuple[dict, dict]:
    """The choices and payments of the years up to the first gate year (the same in every path)."""
    ix, plan = tree.ixs[0], out.paths[0]
    choose = {o: float(v) for o, v in zip(ix.options, plan.choose.tolist()) if o[2] <= first_reveal}
    pay = {f: float(v) for f, v in zip(ix.flows, plan.pay.tolist()) if f[2] <= first_reveal}
    return choose, pay


def _fix(tree, fixed: tuple[dict, dict], first_reveal: int) -> None:
    choose, pay = fixed
    for i in range(len(tree.paths)):
        b = tree.block(i)
        for o in tree.ixs[i].options:
            if o[2] <= first_reveal:
                b.choose[o].fix(round(choose.get(o, 0.0)))
        for f in tree.ixs[i].flows:
            if f[2] <= first_reveal:
                b.pay[f].fix(pay.get(f, 0.0))
