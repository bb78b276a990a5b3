"""Per-phase timings of the `portfolio solve` pipeline, for before/after comparisons of source trees.

    python benchmarks/phases.py M [--repeats 5] [--tree DIR] [--tree DIR2 …]

For each source tree (a checkout's ``src`` folder; default: the installed ``portfolio``) this runs
the pipeline in a fresh process per repeat, trees interleaved so that a busy machine slows them
alike: start-up and imports, read + validate (``load_model``), build, load into HiGHS, extract
(results tables) and write (results workbook), each as wall and CPU seconds. HiGHS itself is not
timed here: it is given a loose gap (5%) so that a solution exists for extract and write. It only
uses the API that every version has, so an old tree without timing hooks can be measured too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import sys, time, json
w0, c0 = time.perf_counter(), time.process_time()
import numpy, pandas, xlsxwriter, highspy
try:
    import python_calamine
except ImportError:  # a tree from before the calamine reader
    import openpyxl
from pyomo.contrib.appsi.solvers import Highs
import portfolio.cli
from portfolio.model import build_model
try:
    from portfolio.inputs.loader import load_model
    from portfolio.engine.solver import HighsSolver, SolveOptions, versions
    from portfolio.engine.results import build_result
    from portfolio.outputs.results_xlsx import write_results
except ImportError:  # a tree from before the modules were grouped into wings
    from portfolio.loader import load_model
    from portfolio.solver import HighsSolver, SolveOptions, versions
    from portfolio.results import build_result
    from portfolio.results_xlsx import write_results
out = {"imports": (time.perf_counter() - w0, time.process_time() - c0)}
def phase(name, f):
    w, c = time.perf_counter(), time.process_time()
    r = f()
    out[name] = (time.perf_counter() - w, time.process_time() - c)
    return r
data = phase("read+validate", lambda: load_model(sys.argv[1]))
pm = phase("build", lambda: build_model(data))
opts = SolveOptions(mip_gap=0.05, time_limit=600, threads=1)
solver = phase("load into HiGHS", lambda: HighsSolver(pm, opts))
outcome = solver.solve()
res = phase("extract", lambda: build_result(data, pm.ix, outcome, opts, versions()))
phase("write", lambda: write_results(res, sys.argv[2], force=True))
print(json.dumps(out))
"""


def tree_env(tree: str | None) -> dict:
    env = dict(os.environ, PORTFOLIO_NO_PROGRESS="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)     # as installed: compiled modules are reused
    env.pop("PORTFOLIO_TIMINGS", None)
    if tree:
        env["PYTHONPATH"] = str(Path(tree).resolve()) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_cli(tree: str | None, model: Path, out: Path, gap: float) -> dict:
    """A whole `portfolio solve` process: wall seconds, HiGHS run seconds, overhead ratio."""
    import time

    cmd = [sys.executable, "-c", "import sys; from portfolio.cli import main; sys.exit(main())", "solve", str(model),
           "--gap", repr(gap), "--threads", "1", "--json", "-o", str(out), "--force", "--lang", "en"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=tree_env(tree), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    highs = json.loads(r.stdout)["solve_seconds"]
    return {"wall": wall, "highs": highs, "ratio": (wall - highs) / highs}


def run_tree(tree: str | None, model: Path, out: Path) -> dict:
    env = tree_env(tree)
    r = subprocess.run([sys.executable, "-c", CHILD, str(model), str(out)], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    d = json.loads(r.stdout.strip().splitlines()[-1])
    return d


def main(argv=None) -> int:
    import generate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("size", help="S, M, L, XL or a workbook path")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--tree", action="append", default=None,
                    help="a source folder to put first on PYTHONPATH (repeat for several); default: installed")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", default=None)
    ap.add_argument("--cli", action="store_true",
                    help="also time whole `portfolio solve --gap 0.001` processes: wall, HiGHS run, overhead ratio")
    a = ap.parse_args(argv)
    trees = a.tree or [None]
    with tempfile.TemporaryDirectory(prefix="portfolio-phases-") as tmp:
        tmp = Path(tmp)
        if a.size in generate.SIZES:
            model = generate.write_instance(tmp / f"{a.size}.xlsx", a.size, a.seed)
        else:
            model = Path(a.size)
        runs: dict[str, list[dict]] = {str(t): [] for t in trees}
        cli: dict[str, list[dict]] = {str(t): [] for t in trees}
        for t in trees:                                  # warm-up: compile each tree's modules once
            run_tree(t, model, tmp / "out.xlsx")
        for _ in range(a.repeats):
            for t in trees:
                runs[str(t)].append(run_tree(t, model, tmp / "out.xlsx"))
                if a.cli:
                    cli[str(t)].append(run_cli(t, model, tmp / "cli.xlsx", 1e-3))
    phases = list(runs[str(trees[0])][0])
    table = {t: {p: {"wall": statistics.median(r[p][0] for r in rs),
                     "cpu": (statistics.median(r[p][1] for r in rs) if rs[0][p][1] is not None else None)}
                 for p in phases} for t, rs in runs.items()}
    print(f"median of {a.repeats} runs, seconds (wall / CPU), model {a.size}")
    print("phase".ljust(18) + "".join(str(t)[-28:].rjust(30) for t in table))
    for p in phases:
        cells = []
        for t in table:
            x = table[t][p]
            cells.append((f"{x['wall']:.3f}" + (f" / {x['cpu']:.3f}" if x["cpu"] is not None else "")).rjust(30))
        print(p.ljust(18) + "".join(cells))
    if a.cli:
        print("whole `portfolio solve --gap 0.001` processes (median wall / HiGHS run / overhead ratio; all ratios):")
        for t, rs in cli.items():
            print(f"  {t}: {statistics.median(r['wall'] for r in rs):.3f} / "
                  f"{statistics.median(r['highs'] for r in rs):.3f} / {statistics.median(r['ratio'] for r in rs):.3f}; "
                  + ", ".join(f"{r['ratio']:.3f}" for r in rs))
    if a.json:
        Path(a.json).write_text(json.dumps({"size": a.size, "repeats": a.repeats, "table": table, "runs": runs,
                                            "cli": cli}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
