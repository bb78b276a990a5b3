"""Stage gates (issue #21): the exact scenario tree's size against build and solve time.

For a generated instance (benchmarks/generate.py) with 1, 2, … gates of `--outcomes` outcomes each
(outcome paths = outcomes^gates), side by side with the same model without gates: build seconds
(the per-path blocks and their non-anticipativity rows), HiGHS solve seconds, status and gap of the
policy's tree. One solve per row (the policy only; ``portfolio solve`` runs 3 + gates more), one
thread, the instance's gap. Run:

    python benchmarks/gates.py --programs 20 --max-gates 4 --outcomes 2 --time-limit 120
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def gated_content(n: int, seed: int, gates: int, outcomes: int) -> dict:
    """A generated instance with gates on the first `gates` programs that can have one."""
    import numpy as np
    from generate import generate

    content = generate(n, seed)
    first, last = content["Settings"]["first_year"], content["Settings"]["last_year"]
    crit = [c["id"] for c in content["Criteria"]]
    rng = np.random.default_rng(seed)
    g_rows, o_rows = [], []
    for p in content["Programs"]:
        if len({r["program"] for r in g_rows}) == gates:
            break
        if p.get("ongoing") or p.get("mandatory") or p.get("forbidden"):
            continue
        latest = p.get("latest_start") or p["earliest_start"]
        year = latest
        if not (year <= p["earliest_start"] + p["duration"] - 1 and year <= last - 2 and year >= first):
            continue
        probs = rng.dirichlet(np.ones(outcomes))
        probs = np.round(probs, 6)
        probs[-1] = round(1 - probs[:-1].sum(), 6)
        for k in range(outcomes):
            g_rows.append({"program": p["id"], "gate_year": year, "outcome": f"o{k}", "probability": float(probs[k])})
            scale = 1.5 - k / max(outcomes - 1, 1)          # the first outcome best, the last worst
            o_rows.append({"program": p["id"], "outcome": f"o{k}", "option": "continue", "y1": 20.0, "y2": 20.0,
                           **{c: round(float(rng.uniform(20, 80)) * scale, 1) for c in crit}})
    content["Gates"], content["GateOptions"] = g_rows, o_rows
    return content


def measure(path: Path, time_limit: float) -> dict:
    from portfolio.api import load_model, solve_options
    from portfolio.engine.gates import solve_tree
    from portfolio.model.gates import all_paths, build_tree, events

    data = load_model(path)
    options = replace(solve_options(data), time_limit=time_limit)
    out = {}
    for label, d in (("gated", data), ("plain", replace(data, gates=()))):
        evs = events(d)
        t = time.perf_counter()
        tree = build_tree(d, evs, all_paths(evs))
        build = time.perf_counter() - t
        res = solve_tree(tree, options, build)
        out[label] = dict(paths=len(tree.paths), build=build, solve=res.seconds, status=res.status, gap=res.gap,
                          cols=res.n_columns, rows=res.n_rows)
    return out


def main(argv=None) -> int:
    from portfolio.inputs.template import write_input_workbook

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--programs", type=int, default=20)
    ap.add_argument("--max-gates", type=int, default=4)
    ap.add_argument("--outcomes", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--folder", default="/tmp")
    a = ap.parse_args(argv)
    print("| gates | paths | build s (gated) | solve s (gated) | status, gap (gated) | columns × rows (gated) "
          "| build s (no gates) | solve s (no gates) |")
    print("|---|---|---|---|---|---|---|---|")
    for k in range(1, a.max_gates + 1):
        path = Path(a.folder) / f"gates-bench-{a.programs}-{k}-{a.outcomes}.xlsx"
        write_input_workbook(path, gated_content(a.programs, a.seed, k, a.outcomes), force=True)
        m = measure(path, a.time_limit)
        g, p = m["gated"], m["plain"]
        gap = "-" if g["gap"] is None else f"{g['gap']:.4%}"
        print(f"| {k} | {g['paths']} | {g['build']:.2f} | {g['solve']:.2f} | {g['status']}, {gap} | "
              f"{g['cols']:,} × {g['rows']:,} | {p['build']:.2f} | {p['solve']:.2f} |", flush=True)
        if g["status"] not in ("optimal",):
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
