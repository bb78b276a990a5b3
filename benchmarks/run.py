"""The benchmark suite: where the project's speed and quality are judged, ratio by ratio.

    python benchmarks/run.py --suite quick [--json FILE] [--markdown FILE]   # about 5 minutes on 2 cores
    python benchmarks/run.py --suite full  [--json FILE] [--markdown FILE]   # adds L and XL
    python benchmarks/run.py --suite deliberation [--baseline COMMIT] [--also COMMIT] [--repeats N]
                             [--samples N] [--workers N] [--json FILE]   # issue #19, hours (benchmarks/deliberation.py)

Every measure is a ratio of two timings taken side by side in the same run, so that a busy or a
slow machine moves both sides alike. Every solve uses a relative gap of 1e-3 (XL: 1e-2) and one
HiGHS thread. Instances are real input workbooks (benchmarks/generate.py),
solved through the ``portfolio`` command itself, in fresh processes, imports included.

Measures (see benchmarks/README.md for their definitions and targets):

1. overhead_ratio_M (and _L in full): (wall time of ``portfolio solve`` − HiGHS run time) ÷ HiGHS
   run time, with the phases reported separately (from ``$PORTFOLIO_TIMINGS``, which costs
   nothing when unset).
2. ladder_warm_over_cold_M: a 9-step ``portfolio sweep`` over 9 separate ``portfolio solve
   --scale`` processes; also with 2 workers.
3. mc_parallel_efficiency: ``portfolio sensitivity --parts core --samples 200`` on the default
   model, 1 vs 2 workers: T1 / (2·T2).
4. published_optima_matched (mknap1, out of 7) and greedy_uplift_min / _mean (MIP vs the
   planner's greedy at equal budget, the greedy portfolio given to the MIP as a start).
5. XL (full only): build and solve to a 1% gap, peak memory of the process.
6. deadlines: the few absolute times the project promises, which no test asserts (a test that
   times itself fails on a busy machine for no fault of the code): default_solve_seconds
   (HiGHS on the embedded default model), example_report_seconds (``portfolio report`` on the
   example model), bombs_refused_seconds (a zip bomb, billion laughs and a YAML alias bomb
   refused under a 1 GiB memory limit).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT / "tests"))     # the mknap1 parser the tests use (tests/builders.py)

import generate  # noqa: E402
import greedy  # noqa: E402
from builders import parse_mknap  # noqa: E402

GAP = 1e-3
XL_GAP = 1e-2
THREADS = 1
LADDER_SCALES = "0.6:1.4:0.1"          # 9 steps
LADDER_STEPS = [round(0.6 + 0.1 * i, 10) for i in range(9)]
# Every solve of the ladder comparison, cold or warm, gets the same time limit. It only bounds the
# sweep's settlement of close-call swaps, which re-solves at gaps down to 1e-6 (minutes each on M).
LADDER_TIME_LIMIT = 60
TARGETS = {
    "overhead_ratio_M": ("≤", 0.5, 0.25),
    "overhead_ratio_L": ("≤", 0.15, 0.10),
    "ladder_warm_over_cold_M": ("≤", 0.5, None),
    "ladder_warm_over_cold_M_2workers": ("≤", 0.3, None),
    "mc_parallel_efficiency": ("≥", 0.8, None),
    "published_optima_matched": ("=", 7, None),
    "greedy_uplift_min": ("≥", 0.0, None),
    "xl_peak_memory_gib": ("≤", 4.0, None),
    "default_solve_seconds": ("≤", 30.0, None),
    "example_report_seconds": ("≤", 60.0, None),
    "bombs_refused_seconds": ("≤", 60.0, None),
}
SUITES = {
    # sizes for the overhead, greedy instances as (size, seed), repeats of each overhead run
    "quick": dict(overhead=["M"], greedy=[("S", 1), ("S", 2), ("S", 3), ("M", 1)], repeats=3, xl=False,
                  cold_parallel=False, mc_samples=40, ladder="M", steps_only=False),
    "full": dict(overhead=["M", "L"], greedy=[("S", 1), ("S", 2), ("S", 3), ("M", 1), ("M", 2), ("L", 1)],
                 repeats=3, xl=True, cold_parallel=True, mc_samples=200, ladder="M", steps_only=True),
    # A fast check of the harness itself (S only); its numbers mean little.
    "smoke": dict(overhead=["S"], greedy=[("S", 1)], repeats=1, xl=False, cold_parallel=True, mc_samples=4,
                  ladder="S", steps_only=True),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Running the command line
# ---------------------------------------------------------------------------------------------


def portfolio_command() -> list[str]:
    """The installed ``portfolio`` console script of this interpreter (else ``python -m portfolio.cli``)."""
    script = Path(sys.executable).with_name("portfolio")
    if script.exists():
        return [str(script)]
    # Not ``-m portfolio.cli``: run as __main__, the module would not see the sub-commands that
    # other modules register on portfolio.cli (sweep, sensitivity, …).
    return [sys.executable, "-c", "import sys; from portfolio.cli import main; sys.exit(main())"]


class Run:
    """One finished ``portfolio`` process: wall seconds, exit code, JSON output, phase timings, peak RSS."""

    def __init__(self, args, wall, code, out, err, timings, t_launch, t_end, maxrss_kib, cpu):
        self.args, self.wall, self.code, self.err = args, wall, code, err
        self.out = out
        self.timings = timings
        self.t_launch, self.t_end = t_launch, t_end
        self.peak_gib = maxrss_kib / 1024 ** 2
        self.cpu = cpu          # user + system seconds of the process and the workers it waited for

    def check(self) -> "Run":
        if self.code != 0:
            raise RuntimeError(f"portfolio {' '.join(self.args)} exited {self.code}: {self.err[-2000:]}")
        return self


def child_env() -> dict:
    """The environment of every process the suite starts.

    No progress bars. Bytecode caching on: an installed package runs from compiled modules,
    and a sandbox that sets PYTHONDONTWRITEBYTECODE would otherwise recompile the project's
    modules in every process (the first run of the suite writes them; it is not timed).
    """
    env = dict(os.environ, PORTFOLIO_NO_PROGRESS="1", PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_cli(args: list[str], *, cwd: Path, timings: bool = False) -> Run:
    """Run ``portfolio ARGS`` in a fresh process and time it from launch to exit."""
    env = child_env()
    tfile = None
    if timings:
        fd, tfile = tempfile.mkstemp(prefix="timings-", suffix=".json", dir=cwd)
        os.close(fd)
        env["PORTFOLIO_TIMINGS"] = tfile
    else:
        env.pop("PORTFOLIO_TIMINGS", None)
    out_f = tempfile.TemporaryFile(dir=cwd)
    err_f = tempfile.TemporaryFile(dir=cwd)
    t_launch = time.perf_counter()
    proc = subprocess.Popen(portfolio_command() + args, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=out_f, stderr=err_f)
    _, status, rusage = os.wait4(proc.pid, 0)
    t_end = time.perf_counter()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_f.seek(0)
    err_f.seek(0)
    out = out_f.read().decode("utf-8", "replace")
    err = err_f.read().decode("utf-8", "replace")
    parsed = None
    if "--json" in args and out.strip():
        try:
            parsed = json.loads(out)
        except json.JSONDecodeError:
            parsed = None
    tm = None
    if tfile:
        text = Path(tfile).read_text(encoding="utf-8") if Path(tfile).stat().st_size else ""
        tm = json.loads(text) if text else None
        Path(tfile).unlink()
    return Run(args, t_end - t_launch, proc.returncode, parsed, err, tm, t_launch, t_end, rusage.ru_maxrss,
               rusage.ru_utime + rusage.ru_stime)


def solve_args(model: Path, out: Path, *extra: str, gap: float = GAP) -> list[str]:
    return ["solve", str(model), "--gap", repr(gap), "--threads", str(THREADS), "--json", "-o", str(out), "--force",
            "--lang", "en", *extra]


# ---------------------------------------------------------------------------------------------
# 1. Overhead
# ---------------------------------------------------------------------------------------------

PHASES = ("start-up and imports", "read", "validate", "build", "load into HiGHS", "HiGHS run",
          "solve: updates and status", "settle payments (LP)", "extract", "write", "between phases",
          "JSON output and exit")


def phases_of(r: Run) -> dict[str, float]:
    tm = r.timings
    p = {
        "start-up and imports": tm["imports_done"] - r.t_launch,
        "read": tm["read"],
        "validate": tm["validate"],
        "build": tm["build"],
        "load into HiGHS": tm["load"],
        "HiGHS run": tm["solve"],
        "solve: updates and status": tm["solve_wall"] - tm["solve"],
        "settle payments (LP)": tm.get("settle", 0.0),
        "extract": tm["extract"],
        "write": tm["write"],
        "JSON output and exit": r.t_end - tm["end"],
    }
    p["between phases"] = r.wall - sum(p.values())
    return {k: p[k] for k in PHASES}


def measure_overhead(model: Path, work: Path, repeats: int) -> dict:
    runs = []
    for i in range(repeats):
        r = run_cli(solve_args(model, work / f"overhead-{model.stem}.xlsx"), cwd=work, timings=True).check()
        ph = phases_of(r)
        highs = ph["HiGHS run"]
        runs.append(dict(wall=r.wall, highs=highs, ratio=(r.wall - highs) / highs, phases=ph,
                         objective=r.out["objective"], gap=r.out["gap"], status=r.out["status"],
                         late_imports=r.timings.get("late_imports")))
        log(f"  overhead {model.stem} run {i + 1}: wall {r.wall:.2f} s, HiGHS {highs:.2f} s, "
            f"ratio {runs[-1]['ratio']:.3f}")
    # The same command without the timing hook, to show the hook costs nothing.
    plain = run_cli(solve_args(model, work / f"overhead-{model.stem}.xlsx"), cwd=work).check()
    plain_ratio = (plain.wall - plain.out["solve_seconds"]) / plain.out["solve_seconds"]
    median = statistics.median(x["ratio"] for x in runs)
    med_phases = {k: statistics.median(x["phases"][k] for x in runs) for k in PHASES}
    return dict(ratio=median, runs=runs, phases_median=med_phases, without_hook=dict(
        wall=plain.wall, highs=plain.out["solve_seconds"], ratio=plain_ratio))


# ---------------------------------------------------------------------------------------------
# 2. Warm ladder
# ---------------------------------------------------------------------------------------------


LADDER_STEPS_ONLY = f"""
import sys
import portfolio
from portfolio.api import solve_options
from portfolio.analysis.sweep import run_ladder
data = portfolio.load_model(sys.argv[1])
options = solve_options(data, mip_gap={GAP!r}, threads={THREADS}, time_limit={LADDER_TIME_LIMIT})
ladder = run_ladder(data, {LADDER_STEPS!r}, options, workers=int(sys.argv[2]), check_swaps=False)
print(sum(s.seconds for s in ladder.steps))
"""


def measure_ladder(model: Path, work: Path, cold_parallel: bool, steps_only: bool) -> dict:
    cold, cold_highs, cold_obj = [], [], []
    t0 = time.perf_counter()
    for f in LADDER_STEPS:
        r = run_cli(solve_args(model, work / f"cold-{f:g}.xlsx", "--scale", f"{f:g}", "--time-limit",
                               str(LADDER_TIME_LIMIT)), cwd=work).check()
        cold.append(r.wall)
        cold_highs.append(r.out["solve_seconds"])
        cold_obj.append((r.out["objective"], r.out["gap"] or 0.0, r.out["status"]))
    t_cold = time.perf_counter() - t0
    log(f"  ladder: 9 cold processes {t_cold:.1f} s (HiGHS {sum(cold_highs):.1f} s)")
    out = dict(cold_seconds=t_cold, cold_each=cold, cold_highs=sum(cold_highs),
               cold_statuses=[c[2] for c in cold_obj])
    for workers in (1, 2):
        r = run_cli(["sweep", str(model), "--scale", LADDER_SCALES, "--gap", repr(GAP), "--threads", str(THREADS),
                     "--time-limit", str(LADDER_TIME_LIMIT), "--workers", str(workers), "--json", "-o",
                     str(work / f"sweep-{workers}.xlsx"), "--force", "--lang", "en"], cwd=work).check()
        pts = r.out["points"]
        assert len(pts) == 9, pts
        out[f"warm_{workers}"] = dict(seconds=r.wall, highs=sum(p["solve_seconds"] for p in pts),
                                      swaps=len(r.out["non_nested"]),
                                      real_swaps=sum(bool(w["real"]) for w in r.out["non_nested"]))
        log(f"  ladder: sweep with {workers} worker(s) {r.wall:.1f} s "
            f"(HiGHS in the steps {out[f'warm_{workers}']['highs']:.1f} s; {out[f'warm_{workers}']['swaps']} apparent swaps "
            f"settled, {out[f'warm_{workers}']['real_swaps']} real)")
        # Same optimum at every step within the reported gaps (a correctness guard on the comparison).
        for p, (objective_cold, gap_cold, _) in zip(pts, cold_obj):
            tol = ((p["gap"] or 0.0) + gap_cold) * abs(objective_cold) + 1e-6
            if p["objective"] is None or abs(p["objective"] - objective_cold) > tol:
                out.setdefault("mismatches", []).append((p["scale"], p["objective"], objective_cold))
    # Diagnostic: the same warm ladder without the settlement of apparent swaps (the API's
    # check_swaps=False; the command has no such switch), in a fresh process, imports included.
    for workers in (1, 2) if steps_only else ():
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", LADDER_STEPS_ONLY, str(model), str(workers)], cwd=work,
                           capture_output=True, text=True, env=child_env())
        if r.returncode != 0:
            raise RuntimeError(r.stderr[-2000:])
        out[f"steps_only_{workers}"] = dict(seconds=time.perf_counter() - t0, highs=float(r.stdout.split()[-1]))
        log(f"  ladder: steps only (no swap settlement), {workers} worker(s) {out[f'steps_only_{workers}']['seconds']:.1f} s")
    if cold_parallel:
        t0 = time.perf_counter()
        procs = []
        pending = list(LADDER_STEPS)
        running: list[subprocess.Popen] = []
        env = child_env()
        while pending or running:
            while pending and len(running) < 2:
                f = pending.pop(0)
                running.append(subprocess.Popen(portfolio_command() + solve_args(model, work / f"cold2-{f:g}.xlsx",
                                                                                  "--scale", f"{f:g}", "--time-limit",
                                                                                  str(LADDER_TIME_LIMIT)),
                                                cwd=work, env=env, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL))
            time.sleep(0.05)
            for p in list(running):
                if p.poll() is not None:
                    running.remove(p)
                    procs.append(p.returncode)
        out["cold_2_at_a_time_seconds"] = time.perf_counter() - t0
        log(f"  ladder: 9 cold processes, 2 at a time {out['cold_2_at_a_time_seconds']:.1f} s")
    out["ratio_1"] = out["warm_1"]["seconds"] / t_cold
    out["ratio_2"] = out["warm_2"]["seconds"] / t_cold
    if steps_only:
        out["steps_only_ratio_1"] = out["steps_only_1"]["seconds"] / t_cold
        out["steps_only_ratio_2"] = out["steps_only_2"]["seconds"] / t_cold
    if cold_parallel:
        out["ratio_2_vs_cold_2"] = out["warm_2"]["seconds"] / out["cold_2_at_a_time_seconds"]
    return out


# ---------------------------------------------------------------------------------------------
# 3. Monte Carlo throughput
# ---------------------------------------------------------------------------------------------


def measure_mc(work: Path, samples: int) -> dict:
    probe = subprocess.run(portfolio_command() + ["sensitivity", "--help"], cwd=work, capture_output=True, text=True)
    if probe.returncode != 0 or "--parts" not in probe.stdout:
        return dict(available=False, reason="`portfolio sensitivity --parts` is not available")
    out = {"available": True, "samples": samples}
    for workers in (1, 2):
        r = run_cli(["sensitivity", "--parts", "core", "--samples", str(samples), "--workers", str(workers),
                     "--gap", repr(GAP), "--json", "-o", str(work / f"mc-{workers}.xlsx"), "--force", "--lang", "en"],
                    cwd=work)
        if r.code != 0:
            return dict(available=False, reason=f"`portfolio sensitivity` exited {r.code}: {r.err.strip()[-300:]}")
        out[f"seconds_{workers}"] = r.wall
        out[f"cpu_{workers}"] = r.cpu
        out[f"core_index_{workers}"] = (r.out or {}).get("core_index")
        out[f"solves_{workers}"] = (r.out or {}).get("solves")
        log(f"  Monte Carlo: {samples} draws with {workers} worker(s) {r.wall:.1f} s")
    out["efficiency"] = out["seconds_1"] / (2 * out["seconds_2"])
    out["same_core_index"] = out["core_index_1"] == out["core_index_2"]
    return out


# ---------------------------------------------------------------------------------------------
# 4. Quality: published optima and the greedy
# ---------------------------------------------------------------------------------------------


# OR-Library's mknap1 (the seven problems of Petersen 1967), the copy the tests read.
MKNAP1 = ROOT / "tests" / "data" / "mknap1.txt"


def mknap_content(inst: dict, k: int) -> dict:
    """One mknap instance in the project's terms: programs with one level, resources as capacities,
    one criterion whose score is the project value. Costs are 1 億円 against a budget that never binds."""
    n, m = inst["n"], inst["m"]
    return {
        "Settings": {"model_name": f"mknap1 #{k}", "first_year": 2026, "last_year": 2026, "mip_gap": GAP,
                     "time_limit": 120},
        "Budget": [{"fiscal_year": 2026, "total_budget": n}],
        "Criteria": [{"id": "value", "name_ja": "価値", "weight": 1}],
        "Domains": [{"id": "D", "name_ja": "領域", "group": "national_strategic"}],
        "FundingSources": [{"id": "A", "name_ja": "財源", "kind": "annual", "FY2026": n}],
        "Programs": [{"id": f"P{j + 1:02d}", "name_ja": f"案件{j + 1}", "domain": "D", "lead": "A",
                      "earliest_start": 2026, "duration": 1} for j in range(n)],
        "FundingLevels": [{"program": f"P{j + 1:02d}", "level": "標準", "y1": 1, "value": inst["values"][j]}
                          for j in range(n)],
        "Capacities": [{"id": f"R{i + 1}", "name_ja": f"資源{i + 1}", "FY2026": inst["caps"][i]} for i in range(m)],
        "CapacityUse": [{"program": f"P{j + 1:02d}", "capacity": f"R{i + 1}", "use": inst["uses"][i][j]}
                        for j in range(n) for i in range(m) if inst["uses"][i][j]],
    }


def measure_mknap(work: Path) -> dict:
    from portfolio.inputs.template import write_input_workbook

    rows = []
    for k, inst in enumerate(parse_mknap(MKNAP1), start=1):
        path = write_input_workbook(work / f"mknap-{k}.xlsx", mknap_content(inst, k), force=True)
        r = run_cli(solve_args(path, work / f"mknap-{k}-out.xlsx"), cwd=work).check()
        got = r.out["objective"]
        ok = abs(got - inst["optimum"]) <= 1e-6 * max(1.0, abs(inst["optimum"]))
        rows.append(dict(instance=k, n=inst["n"], m=inst["m"], published=inst["optimum"], objective=got,
                         gap=r.out["gap"], matched=ok))
    matched = sum(r["matched"] for r in rows)
    log(f"  mknap1: {matched} of {len(rows)} published optima matched")
    return dict(matched=matched, rows=rows)


def measure_greedy(instances: list[tuple[str, int]], paths: dict, work: Path) -> dict:
    import numpy as np

    import portfolio
    from portfolio.api import solve_options
    from portfolio.engine.solver import HighsSolver
    from portfolio.model import build_model

    rows = []
    for size, seed in instances:
        path = paths[(size, seed)]
        data = portfolio.load_model(path)
        g = greedy.run_greedy(data)
        pm = build_model(data)
        solver = HighsSolver(pm, solve_options(data, mip_gap=GAP, threads=THREADS))
        row = dict(instance=f"{size} seed {seed}", programs=len(data.programs), greedy_value=g.value,
                   greedy_funded=len(g.chosen), greedy_feasible=g.feasible, greedy_failures=g.failures,
                   greedy_seconds=g.seconds, greedy_lp_checks=g.lp_checks)
        start = None
        if g.feasible:
            x, f = greedy.mip_start(g, pm.ix)
            row["model_value_of_greedy"] = float(pm.ix.values(data.weights) @ x)
            # Cross-check: the model accepts the greedy portfolio (choices fixed by their bounds).
            m = pm.m
            for o, v in zip(pm.ix.options, x.tolist()):
                m.choose[o].setlb(v)
                m.choose[o].setub(v)
            fixed = solver.solve()
            for o in pm.ix.options:
                m.choose[o].setlb(0)
                m.choose[o].setub(1)
            row["model_accepts_greedy"] = fixed.status in ("optimal", "feasible")
            start = (x, f)
        mip = solver.solve(start=start)
        row.update(mip_value=mip.objective, mip_gap=mip.gap, mip_status=mip.status, mip_seconds=mip.seconds,
                   mip_funded=int(np.sum(mip.choose > 0.5)) if mip.choose is not None else None)
        row["uplift"] = ((mip.objective - g.value) / g.value) if g.feasible and g.value > 0 else None
        rows.append(row)
        up = "—" if row["uplift"] is None else f"{row['uplift']:+.2%}"
        log(f"  greedy {row['instance']}: greedy {g.value:,.1f} ({'feasible' if g.feasible else 'misses a floor'}),"
            f" MIP {mip.objective:,.1f}, uplift {up}")
    ups = [r["uplift"] for r in rows if r["uplift"] is not None]
    return dict(rows=rows, min=min(ups) if ups else None, mean=statistics.mean(ups) if ups else None,
                compared=len(ups), greedy_infeasible=sum(not r["greedy_feasible"] for r in rows))


# ---------------------------------------------------------------------------------------------
# 5. Scale
# ---------------------------------------------------------------------------------------------


def measure_xl(model: Path, work: Path) -> dict:
    r = run_cli(solve_args(model, work / "xl-out.xlsx", gap=XL_GAP), cwd=work, timings=True).check()
    ph = phases_of(r)
    log(f"  XL: wall {r.wall:.1f} s, build {ph['build']:.1f} s, load {ph['load into HiGHS']:.1f} s, "
        f"HiGHS {ph['HiGHS run']:.1f} s, peak {r.peak_gib:.2f} GiB, gap {r.out['gap']}")
    return dict(wall=r.wall, phases=ph, peak_gib=r.peak_gib, status=r.out["status"], gap=r.out["gap"],
                objective=r.out["objective"], build_seconds=ph["build"] + ph["load into HiGHS"],
                solve_seconds=ph["HiGHS run"])


# ---------------------------------------------------------------------------------------------
# 6. Deadlines: absolute times, measured here rather than asserted by the tests
# ---------------------------------------------------------------------------------------------

EXAMPLE = ROOT / "models" / "example.xlsx"


def measure_deadlines(work: Path) -> dict:
    """The default model solved (≈ 1 s of HiGHS on one core), the example model's report (the
    command tests/test_report.py runs) and the input bombs refused (tests/test_bad_input.py)."""
    out = {}
    r = run_cli(["solve", "--json", "-o", str(work / "default-solve.xlsx"), "--force", "--lang", "en"],
                cwd=work).check()
    out["default_solve_seconds"] = r.out["solve_seconds"]
    out["default_solve_wall"] = r.wall
    log(f"  default model: HiGHS {r.out['solve_seconds']:.2f} s, wall {r.wall:.2f} s")
    r = run_cli(["report", str(EXAMPLE), "--ladder", "0.6,0.7,1.2", "--samples", "10", "--json", "-o",
                 str(work / "example-report.html"), "--force"], cwd=work).check()
    out["example_report_seconds"] = r.wall
    log(f"  example report: {r.wall:.1f} s")
    out["bombs_refused_seconds"] = measure_bombs(work / "bombs")
    log(f"  bombs refused: {out['bombs_refused_seconds']:.2f} s")
    return out


def measure_bombs(folder: Path) -> float:
    """Wall seconds of one process refusing the three bombs the tests build, under their memory limit."""
    import test_bad_input as bad  # the bombs and the runner of tests/test_bad_input.py

    folder.mkdir(parents=True, exist_ok=True)
    zip_path, xml_path = folder / "zip-bomb.xlsx", folder / "xml-bomb.xlsx"
    zip_path.write_bytes(bad.zip_bomb(folder))
    xml_path.write_bytes(bad.xml_bomb(folder))
    model, scen = next(c for c in bad.ERRORS if c.name == "scenario_alias_bomb").build(folder)
    argv = json.dumps([["validate", str(zip_path), "--lang", "en"], ["validate", str(xml_path), "--lang", "en"],
                       ["validate", str(model), "--scenario", str(scen), "--lang", "en"]])
    env = {**child_env(), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", bad.RUNNER, argv], cwd=folder, env=env, capture_output=True,
                       text=True, preexec_fn=bad._limit_memory)
    seconds = time.perf_counter() - t0
    if p.returncode != 0 or [code for code, _, _ in json.loads(p.stdout)] != [2, 2, 2]:
        raise RuntimeError(f"the bombs were not all refused: {p.stdout[-1000:]} {p.stderr[-1000:]}")
    return seconds


# ---------------------------------------------------------------------------------------------
# The suite
# ---------------------------------------------------------------------------------------------


def machine() -> dict:
    from importlib.metadata import version

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return dict(date=_dt.datetime.now().isoformat(timespec="seconds"), cpu=cpu, cores=os.cpu_count(), memory_gib=mem,
                platform=platform.platform(), python=platform.python_version(), commit=commit,
                versions={p: version(p) for p in ("pyomo", "highspy", "python-calamine", "openpyxl", "xlsxwriter", "pandas", "numpy")},
                load_average_start=os.getloadavg())


MEASURES = ("overhead", "ladder", "mc", "quality", "xl", "deadlines")


def run_suite(suite: str, work: Path, only: tuple[str, ...] = MEASURES) -> dict:
    cfg = SUITES[suite]
    t_start = time.perf_counter()
    info = machine()
    log(f"suite {suite} in {work}")
    sizes = ({"S"} | ({cfg["ladder"]} if "ladder" in only else set()) | (set(cfg["overhead"]) if "overhead" in only else set())
             | ({s for s, _ in cfg["greedy"]} if "quality" in only else set()) | ({"XL"} if cfg["xl"] and "xl" in only else set()))
    greedy_instances = set(cfg["greedy"]) if "quality" in only else set()
    paths = {}
    gen_seconds = {}
    for size, seed in sorted({(s, 1) for s in sizes} | greedy_instances, key=lambda k: (generate.SIZES[k[0]], k[1])):
        t = time.perf_counter()
        paths[(size, seed)] = generate.write_instance(work / f"{size}-seed{seed}.xlsx", size, seed)
        gen_seconds[f"{size} seed {seed}"] = time.perf_counter() - t
    log(f"instances written: {', '.join(f'{k} ({v:.1f} s)' for k, v in gen_seconds.items())}")
    res: dict = {"suite": suite, "machine": info, "generation_seconds": gen_seconds}
    # Warm-up (not timed): compiles the project's modules once and warms the disk cache.
    run_cli(solve_args(paths[("S", 1)], work / "warm-up.xlsx"), cwd=work).check()

    if "overhead" in only:
        log("1. overhead")
        res["overhead"] = {size: measure_overhead(paths[(size, 1)], work, cfg["repeats"])
                           for size in cfg["overhead"]}
    if "ladder" in only:
        log(f"2. warm ladder ({cfg['ladder']})")
        res["ladder"] = measure_ladder(paths[(cfg["ladder"], 1)], work, cfg["cold_parallel"], cfg["steps_only"])
        res["ladder"]["size"] = cfg["ladder"]
    if "mc" in only:
        log("3. Monte Carlo throughput (default model)")
        res["mc"] = measure_mc(work, cfg["mc_samples"])
    if "quality" in only:
        log("4. quality")
        res["mknap"] = measure_mknap(work)
        res["greedy"] = measure_greedy(cfg["greedy"], paths, work)
    if cfg["xl"] and "xl" in only:
        log("5. scale (XL)")
        res["xl"] = measure_xl(paths[("XL", 1)], work)
    if "deadlines" in only:
        log("6. deadlines")
        res["deadlines"] = measure_deadlines(work)
    info["load_average_end"] = os.getloadavg()
    res["suite_seconds"] = time.perf_counter() - t_start
    res["summary"] = summary(res)
    log(f"done in {res['suite_seconds']:.0f} s")
    return res


def summary(res: dict) -> dict:
    s = {f"overhead_ratio_{size}": o["ratio"] for size, o in res.get("overhead", {}).items()}
    if "ladder" in res:
        lad = res["ladder"]["size"]
        s[f"ladder_warm_over_cold_{lad}"] = res["ladder"]["ratio_1"]
        s[f"ladder_warm_over_cold_{lad}_2workers"] = res["ladder"]["ratio_2"]
        if "steps_only_ratio_1" in res["ladder"]:
            s[f"ladder_steps_only_over_cold_{lad}"] = res["ladder"]["steps_only_ratio_1"]
            s[f"ladder_steps_only_over_cold_{lad}_2workers"] = res["ladder"]["steps_only_ratio_2"]
    if "mc" in res:
        s["mc_parallel_efficiency"] = res["mc"].get("efficiency")
    if "mknap" in res:
        s["published_optima_matched"] = res["mknap"]["matched"]
        s["greedy_uplift_min"] = res["greedy"]["min"]
        s["greedy_uplift_mean"] = res["greedy"]["mean"]
    if "xl" in res:
        s["xl_build_seconds"] = res["xl"]["build_seconds"]
        s["xl_solve_seconds"] = res["xl"]["solve_seconds"]
        s["xl_peak_memory_gib"] = res["xl"]["peak_gib"]
        s["xl_gap"] = res["xl"]["gap"]
    if "deadlines" in res:
        s.update({k: res["deadlines"][k] for k in ("default_solve_seconds", "example_report_seconds",
                                                    "bombs_refused_seconds")})
    return s


def verdict(name: str, value) -> str:
    if name not in TARGETS:
        return ""
    op, floor, goal = TARGETS[name]
    if value is None:
        return "not measured"
    ok = {"≤": value <= floor + 1e-12, "≥": value >= floor - 1e-12, "=": value == floor}[op]
    text = f"target {op} {floor:g}" + (f" (goal {goal:g})" if goal is not None else "")
    if ok and goal is not None and value <= goal:
        return text + ": goal met"
    return text + (": met" if ok else ": MISSED")


def markdown(res: dict, command: str) -> str:
    """The run as a Markdown section for benchmarks/RESULTS.md."""
    m = res["machine"]
    lines = [f"### `{res['suite']}` suite, {m['date']}", "",
             f"Command: `{command}`  ", f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; "
             f"{m['platform']}; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + f"; commit {m['commit']}  ",
             f"Load average at start {tuple(round(x, 2) for x in m['load_average_start'])}, at end "
             f"{tuple(round(x, 2) for x in m.get('load_average_end', ()))}; suite took {res['suite_seconds']:.0f} s.",
             "", "| measure | value | target |", "|---|---|---|"]
    fmt = {"greedy_uplift_min": "{:+.2%}", "greedy_uplift_mean": "{:+.2%}", "mc_parallel_efficiency": "{:.0%}"}
    for k, v in res["summary"].items():
        shown = "—" if v is None else (fmt.get(k, "{:.3f}").format(v) if isinstance(v, float) else str(v))
        lines.append(f"| {k} | {shown} | {verdict(k, v)} |")
    if "overhead" in res:
        lines += _overhead_md(res)
    if "ladder" in res:
        lines += _ladder_md(res)
    if "mc" in res:
        lines += _mc_md(res)
    if "mknap" in res:
        lines += _quality_md(res)
    if "xl" in res:
        x = res["xl"]
        lines += ["", f"XL (10,000 programs, gap {XL_GAP:g}): status {x['status']}, gap {x['gap']}, build "
                      f"{x['phases']['build']:.1f} s + load into HiGHS {x['phases']['load into HiGHS']:.1f} s, HiGHS "
                      f"{x['phases']['HiGHS run']:.1f} s, read {x['phases']['read']:.1f} s, write "
                      f"{x['phases']['write']:.1f} s, wall {x['wall']:.1f} s, peak memory {x['peak_gib']:.2f} GiB."]
    if "deadlines" in res:
        dl = res["deadlines"]
        lines += ["", f"Deadlines: the default model's HiGHS run {dl['default_solve_seconds']:.2f} s (its `portfolio "
                      f"solve` process {dl['default_solve_wall']:.2f} s); `portfolio report models/example.xlsx "
                      f"--ladder 0.6,0.7,1.2 --samples 10` {dl['example_report_seconds']:.1f} s; the three input "
                      f"bombs refused in {dl['bombs_refused_seconds']:.2f} s."]
    return "\n".join(lines) + "\n"


def _overhead_md(res: dict) -> list[str]:
    lines = ["", "Phases of `portfolio solve` (median of the timed runs, seconds):", "",
              "| phase | " + " | ".join(res["overhead"]) + " |", "|---|" + "---|" * len(res["overhead"])]
    for ph in PHASES:
        lines.append(f"| {ph} | " + " | ".join(f"{o['phases_median'][ph]:.3f}" for o in res["overhead"].values())
                     + " |")
    lines.append("| **wall** | " + " | ".join(f"**{statistics.median(r['wall'] for r in o['runs']):.3f}**"
                                            for o in res["overhead"].values()) + " |")
    for size, o in res["overhead"].items():
        lines.append("")
        lines.append(f"{size}: ratios of the runs " + ", ".join(f"{r['ratio']:.3f}" for r in o["runs"])
                     + f"; without the timing hook {o['without_hook']['ratio']:.3f} "
                     f"(wall {o['without_hook']['wall']:.2f} s, HiGHS {o['without_hook']['highs']:.2f} s).")
    return lines


def _ladder_md(res: dict) -> list[str]:
    lad = res["ladder"]
    lines = ["", f"Ladder ({lad['size']}, scales {LADDER_SCALES}, time limit {LADDER_TIME_LIMIT} s per solve): 9 cold `portfolio solve --scale` processes "
                  f"{lad['cold_seconds']:.1f} s (HiGHS {lad['cold_highs']:.1f} s); `portfolio sweep` with 1 worker "
                  f"{lad['warm_1']['seconds']:.1f} s (HiGHS {lad['warm_1']['highs']:.1f} s, "
                  f"{lad['warm_1']['swaps']} apparent swaps settled, {lad['warm_1']['real_swaps']} real); "
                  f"with 2 workers {lad['warm_2']['seconds']:.1f} s (HiGHS {lad['warm_2']['highs']:.1f} s)."]
    if "steps_only_1" in lad:
        lines.append(f"Diagnostic, the same warm ladder without the swap settlement (API `run_ladder(check_swaps=False)` "
                     f"in a fresh process): 1 worker {lad['steps_only_1']['seconds']:.1f} s (HiGHS "
                     f"{lad['steps_only_1']['highs']:.1f} s), ratio {lad['steps_only_ratio_1']:.3f}; 2 workers "
                     f"{lad['steps_only_2']['seconds']:.1f} s, ratio {lad['steps_only_ratio_2']:.3f}.")
    if "cold_2_at_a_time_seconds" in lad:
        lines.append(f"The 9 cold processes 2 at a time took {lad['cold_2_at_a_time_seconds']:.1f} s: sweep with 2 "
                     f"workers over that is {lad['ratio_2_vs_cold_2']:.3f}.")
    if lad.get("mismatches"):
        lines.append(f"Objective mismatches between sweep and cold solves beyond the gaps: {lad['mismatches']}")
    return lines


def _mc_md(res: dict) -> list[str]:
    mc = res["mc"]
    lines = [""]
    if mc.get("available"):
        lines.append(f"Monte Carlo (default model, {mc['samples']} draws, `--parts core`): 1 worker "
                     f"{mc['seconds_1']:.1f} s ({mc['cpu_1']:.1f} CPU s), 2 workers {mc['seconds_2']:.1f} s "
                     f"({mc['cpu_2']:.1f} CPU s); efficiency "
                     f"{mc['efficiency']:.0%}; same core index with 1 and 2 workers: {mc['same_core_index']}.")
    else:
        lines.append(f"Monte Carlo: not measured — {mc.get('reason')}.")
    return lines


def _quality_md(res: dict) -> list[str]:
    lines = ["", "mknap1 (capacity encoding, `portfolio solve --gap 0.001`):", "",
              "| # | n | m | published | objective | matched |", "|---|---|---|---|---|---|"]
    for r in res["mknap"]["rows"]:
        lines.append(f"| {r['instance']} | {r['n']} | {r['m']} | {r['published']:g} | {r['objective']:.4f} | "
                     f"{'yes' if r['matched'] else 'NO'} |")
    lines += ["", "Greedy vs MIP at equal budget (gap 1e-3, greedy portfolio given as MIP start):", "",
              "| instance | greedy value (funded) | MIP value (funded) | uplift | greedy s | MIP HiGHS s | note |",
              "|---|---|---|---|---|---|---|"]
    for r in res["greedy"]["rows"]:
        up = "—" if r["uplift"] is None else f"{r['uplift']:+.2%}"
        note = "" if r["greedy_feasible"] else "greedy misses: " + "; ".join(r["greedy_failures"])
        if r.get("model_accepts_greedy") is False:
            note += " MODEL REJECTS GREEDY PORTFOLIO"
        lines.append(f"| {r['instance']} | {r['greedy_value']:,.1f} ({r['greedy_funded']}) | "
                     f"{r['mip_value']:,.1f} ({r['mip_funded']}) | {up} | {r['greedy_seconds']:.1f} | "
                     f"{r['mip_seconds']:.1f} | {note} |")
    return lines


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--suite=deliberation" in args or any(a == "--suite" and b == "deliberation" for a, b in zip(args, args[1:])):
        import deliberation     # its own options: side by side with a baseline tree (issue #19)

        rest = [a for i, a in enumerate(args) if a != "--suite=deliberation"
                and not (a == "--suite" and args[i + 1:i + 2] == ["deliberation"])
                and not (a == "deliberation" and i > 0 and args[i - 1] == "--suite")]
        return deliberation.main(rest)
    ap = argparse.ArgumentParser(description="portfolio benchmark suite")
    ap.add_argument("--suite", choices=SUITES, default="quick")
    ap.add_argument("--json", default=None, help="write the measures (and all details) to this JSON file")
    ap.add_argument("--markdown", default=None, help="write the run as a Markdown section to this file")
    ap.add_argument("--workdir", default=None, help="where instances and outputs go (default: a temporary folder)")
    ap.add_argument("--only", default=",".join(MEASURES),
                    help=f"comma-separated subset of {','.join(MEASURES)} (default: all)")
    a = ap.parse_args(argv)
    only = tuple(x.strip() for x in a.only.split(",") if x.strip())
    unknown = set(only) - set(MEASURES)
    if unknown:
        ap.error(f"unknown measure(s) in --only: {', '.join(sorted(unknown))}")
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    tmp = None
    if a.workdir:
        work = Path(a.workdir)
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = work = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    try:
        res = run_suite(a.suite, work, only)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    res["command"] = command
    md = markdown(res, command)
    if a.json:
        Path(a.json).write_text(json.dumps({**res["summary"], "details": res}, indent=1, default=_plain),
                                encoding="utf-8")
    if a.markdown:
        Path(a.markdown).write_text(md, encoding="utf-8")
    print(md)
    return 0


def _plain(o):
    try:
        import numpy as np
        if isinstance(o, np.generic):
            return o.item()
    except ImportError:
        pass
    if isinstance(o, float) and not math.isfinite(o):
        return None
    return str(o)


if __name__ == "__main__":
    sys.exit(main())
