"""Stage gates on the default model (issue #21): what makes its gated MIP hard, measured side by side.

The default model with the first K of the illustrative gates of models/build_default.py (GATES), at
their gate years or at the earliest allowed ones (`--early`), solved as the policy's deterministic
equivalent in the variants asked for (one thread, the model's gap, `--time-limit` per MIP):

* ``rows``: a variable per path and equality rows linking paths with the same history (the first form);
* ``shared``: one variable per node of the tree (``build_tree(links="shared")``, the current form);
* ``shared+start``: the shared form started from the model without gates' optimum in every path
  (every follow-on stopped), which is feasible for every variant;
* ``VARIANT:option=value,…``: with these HiGHS options (e.g. ``shared:mip_heuristic_effort=0.3``).

Run:  python benchmarks/gates_default.py --gates 1 2 4 --variants rows shared shared+start
With ``--full``, `portfolio.analysis.gates.solve_gated` on the gated workbook (every run of
``portfolio solve``) instead, with each run's status, gap and seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "models"))


def gated_workbook(k: int, early: bool, folder: Path) -> Path:
    import build_default as bd

    from portfolio.inputs.template import write_input_workbook

    gates = list(bd.GATES[:k])
    if early:
        by_id = {p["id"]: p for p in bd.PROGRAMS}
        gates = [(g[0], max(by_id[g[0]]["latest_start"], bd.FIRST + 1)) + tuple(g[2:]) for g in gates]
    path = folder / f"default-gated-{k}{'-early' if early else ''}.xlsx"
    write_input_workbook(path, bd.gated_content(gates), force=True)
    return path


def ungated_start(data, options, n_paths: int) -> tuple[dict, float]:
    """The model without gates solved, its plan copied into every path (follow-ons stopped)."""
    from portfolio.engine.gates import solve_tree
    from portfolio.model.gates import all_paths, build_tree

    plain = replace(data, gates=())
    res = solve_tree(build_tree(plain, [], all_paths([])), options)
    start = {(i, name, key): v for (_, name, key), v in res.solution.items() for i in range(n_paths)}
    return start, res.seconds


def measure(path: Path, variant: str, time_limit: float) -> dict:
    from portfolio.api import load_model, solve_options
    from portfolio.engine.gates import solve_tree
    from portfolio.model.gates import all_paths, build_tree, events

    data = load_model(path)
    options = replace(solve_options(data), time_limit=time_limit)
    evs = events(data)
    paths = all_paths(evs)
    variant, _, extra = variant.partition(":")
    highs = {k: _number(v) for k, v in (x.split("=") for x in extra.split(",") if x)}
    start, pre = (ungated_start(data, options, len(paths)) if variant.endswith("+start") else (None, 0.0))
    t = time.perf_counter()
    tree = build_tree(data, evs, paths, links="rows" if variant == "rows" else "shared")
    build = time.perf_counter() - t
    cpu = time.process_time()
    res = solve_tree(tree, options, build, start, highs)
    cpu = time.process_time() - cpu
    return dict(paths=len(paths), build=build, solve=res.seconds, cpu=cpu, pre=pre, status=res.status, gap=res.gap,
                objective=res.objective, bound=res.bound, cols=res.n_columns, rows=res.n_rows)


def _number(v: str):
    if v in ("true", "false"):
        return v == "true"
    return float(v) if "." in v else int(v)


def full(path: Path, time_limit: float) -> None:
    from portfolio.analysis.gates import run_rows, solve_gated
    from portfolio.api import load_model, solve_options

    data = load_model(path)
    options = replace(solve_options(data), time_limit=time_limit)
    t, cpu = time.perf_counter(), time.process_time()
    g = solve_gated(data, options)
    total, cpu = time.perf_counter() - t, time.process_time() - cpu
    print("| run | status | expected value | bound | gap | solve s | columns × rows |")
    print("|---|---|---|---|---|---|---|")
    for r in run_rows(g, "en").to_dict("records"):
        gap = "-" if r["gap"] is None else f"{r['gap']:.4%}"
        print(f"| {r['run']} | {r['status']} | {r['objective']:.1f} | {r['bound']:.1f} | {gap} | {r['seconds']:.1f} | "
              f"{r['columns']:,} × {r['rows']:,} |")
    f, e = g.flexibility, g.evpi_all
    print(f"\nvalue of flexibility {f.value:.1f} [{f.low:.1f}, {f.high:.1f}]; EVPI (all) {e.value:.1f} "
          f"[{e.low:.1f}, {e.high:.1f}]; solve_gated {total:.1f} s wall, {cpu:.1f} s CPU in all")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gates", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--variants", nargs="+", default=["rows", "shared", "shared+start"])
    ap.add_argument("--early", action="store_true", help="every gate at the earliest year it may have")
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--full", action="store_true", help="every run of portfolio solve (solve_gated)")
    ap.add_argument("--folder", default="/tmp")
    a = ap.parse_args(argv)
    if a.full:
        for k in a.gates:
            print(f"\n{k} gates{' (early)' if a.early else ''}:")
            full(gated_workbook(k, a.early, Path(a.folder)), a.time_limit)
        return 0
    print("| gates | paths | variant | build s | solve s (wall) | solve s (CPU) | status, gap | expected value "
          "| columns × rows |")
    print("|---|---|---|---|---|---|---|---|---|")
    for k in a.gates:
        path = gated_workbook(k, a.early, Path(a.folder))
        for v in a.variants:
            m = measure(path, v, a.time_limit)
            gap = "-" if m["gap"] is None else f"{m['gap']:.4%}"
            pre = f" (+{m['pre']:.1f} s start)" if m["pre"] else ""
            print(f"| {k} | {m['paths']} | {v} | {m['build']:.2f} | {m['solve']:.1f}{pre} | {m['cpu']:.1f} | "
                  f"{m['status']}, {gap} | "
                  f"{m['objective'] or 0:.1f} | {m['cols']:,} × {m['rows']:,} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
