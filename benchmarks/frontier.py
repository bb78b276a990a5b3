"""The criteria frontier (#20 §1): AUGMECON2 against a plain ε-constraint loop, side by side.

    python benchmarks/frontier.py [--instances 2kp50[,3kp40]] [--methods boxes,augmecon2,plain] [--workers N]
                                  [--markdown FILE]

Each instance of tests/data/multiobjective-knapsack is written as a portfolio model (tests/knapsack.py)
and its exact front computed by ``run_frontier(..., exact=True)``, the same call ``portfolio frontier
--exact`` makes, with each method: ``boxes`` (the default: AUGMECON2's bypass, and with three criteria
each plan's box of grid points kept across the outer loop), ``augmecon2`` (the bypass in the inner
loop only) and ``plain`` (every grid point solved: the plain ε-constraint loop, early exit kept). Each
must reproduce the published non-dominated set and payoff table exactly, every point's plan within every knapsack row
with the values it states; the script says so and exits 1 if one does not. Reported:
solves, grid points skipped by the bypass, wall seconds and HiGHS seconds, and the load average (the
machine is shared: compare the ratio, not the seconds, across runs).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))      # the instances as models (tests/knapsack.py)

from knapsack import as_model, criteria_of, read_instance  # noqa: E402

METHODS = {"boxes": "AUGMECON2 + boxes (default)", "augmecon2": "AUGMECON2 (inner bypass only)",
           "plain": "plain ε-constraint"}


def measure(name: str, method: str, workers: int) -> dict:
    import portfolio
    from portfolio.analysis.frontier import run_frontier
    from portfolio.api import solve_options

    inst = read_instance(name)
    with tempfile.TemporaryDirectory() as tmp:
        data = portfolio.load_model(as_model(inst).write(Path(tmp), f"{name}.xlsx"))
    t0 = time.perf_counter()
    fr = run_frontier(data, criteria_of(inst), solve_options(data), exact=True, workers=workers, method=method)
    wall = time.perf_counter() - t0
    got = {tuple(int(v) for v in p.criteria.values()) for p in fr.points}
    payoff = [tuple(int(v) for v in row.values()) for row in fr.payoff] == inst["payoff"]
    return {"instance": name, "method": METHODS[method], "workers": workers,
            "points": len(got), "published": len(inst["pareto"]),
            "exact_match": got == inst["pareto"] and payoff and plans_hold(inst, fr),
            "complete": fr.complete, "solves": fr.solves, "bypassed": fr.bypassed,
            "after_infeasible": fr.after_infeasible, "wall_seconds": round(wall, 1),
            "ranges": {c: (r["low"], r["high"]) for c, r in fr.ranges.items()}, "lower_bounds": fr.lower_bounds,
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def plans_hold(inst: dict, fr) -> bool:
    """Every point's plan within every knapsack row, with the objective values the point states."""
    for pt in fr.points:
        items = [int(p[1:]) - 1 for p in pt.funded]
        if any(sum(row[j] for j in items) > cap + 1e-9 for row, cap in zip(inst["a"], inst["b"])):
            return False
        if [sum(c[j] for j in items) for c in inst["c"]] != list(pt.criteria.values()):
            return False
    return True


def markdown(rows: list[dict]) -> str:
    head = ("| instance | method | workers | points (published) | exact match | solves | skipped by bypass | "
            "wall s | load avg |\n|---|---|---|---|---|---|---|---|---|\n")
    return head + "".join(
        f"| {r['instance']} | {r['method']} | {r['workers']} | {r['points']} ({r['published']}) | "
        f"{'yes' if r['exact_match'] and r['complete'] else 'NO'} | {r['solves']} | {r['bypassed']} | "
        f"{r['wall_seconds']} | {r['load']} |\n" for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--instances", default="2kp50")
    ap.add_argument("--methods", default="boxes,augmecon2,plain",
                    help="methods to run on each instance: boxes, augmecon2, plain")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--markdown", default=None)
    args = ap.parse_args()
    rows = []
    for name in [x for x in args.instances.split(",") if x]:
        for method in [x for x in args.methods.split(",") if x]:
            rows.append(measure(name, method, args.workers))
            print(rows[-1], flush=True)
    text = markdown(rows)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    return 0 if all(r["exact_match"] and r["complete"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
