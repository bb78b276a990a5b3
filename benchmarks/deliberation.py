"""The deliberation suite of issue #19: ``python benchmarks/run.py --suite deliberation``.

Times the analyses a secretariat runs before a CSTI meeting, side by side, on the baseline tree
(a ``git worktree add --detach`` of the baseline commit in the work folder, run with
``PYTHONPATH=<tree>/src`` and this interpreter) and on this tree (``src/`` of this checkout):

* ``report`` (default options, ``--samples`` draws);
* ``sensitivity`` (all parts, ``--samples`` draws, 200 by default);
* ``sweep --scale 0.6:1.4:0.1``;
* ``explain`` on three programs (one funded, one unfunded, one borderline, chosen from the
  baseline's first sensitivity run: see :func:`choose_programs`), each with a cold cache: each
  runs in a fresh empty folder, so the current tree finds no cache file (and the second program
  cannot reuse the first one's ladder); the time of the three is summed.

Both trees read the baseline's embedded default model (``<tree>/src/portfolio/data/default.xlsx``)
with the same options and workers (``--workers``, given to report, sensitivity and sweep on both
sides; ``explain`` runs with each tree's default: the baseline's has no workers option and runs in
one process, the current one chooses after its base solve). Runs are interleaved (baseline,
current, baseline, current, …) and each side's time is the median of ``--repeats`` runs.
``--also COMMIT`` times more trees the same way, for the record, each on its own embedded default
model (an older reader may refuse the baseline's workbook; 3434380 does) or its own ``--model``.

Conclusions are compared between the two sides' first runs, as the issue asks: the same
core/borderline/exterior classes; stability interval ends within the tolerance; prices of change
and marginal values within the gap each promises; the same swap verdicts, entry budgets and
plans on the ladder (a step whose plans differ is identical when both sides show it as a tie or
as within the gap); the same explanations; and the report's text with measured seconds masked.
Each difference is listed under ``differences``.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_BASELINE = "ab9c877"
RECORD = "3434380"          # where the figures were measured
SWEEP_SCALES = "0.6:1.4:0.1"
MEASURES = ("report", "sensitivity", "sweep", "explain")
TARGETS = {"report_speedup": 8.0, "sensitivity_speedup": 8.0, "sweep_speedup": 4.0, "explain_speedup": 6.0}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Tree:
    """A source tree to run: its ``src`` folder and a name."""

    def __init__(self, name: str, src: Path):
        self.name, self.src = name, src

    def run(self, args: list[str], cwd: Path) -> tuple[float, int, str, str]:
        """``portfolio ARGS`` in a fresh process: (wall seconds, exit code, stdout, stderr)."""
        import os

        env = dict(os.environ, PYTHONPATH=str(self.src), PORTFOLIO_NO_PROGRESS="1", PYTHONHASHSEED="0")
        env.pop("PORTFOLIO_TIMINGS", None)
        env.pop("PORTFOLIO_NO_CACHE", None)
        cwd.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "portfolio", *args], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True)
        return time.perf_counter() - t0, p.returncode, p.stdout, p.stderr


def checkout(commit: str, work: Path) -> Tree:
    path = work / f"tree-{commit}"
    if not path.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), commit], check=True,
                       capture_output=True)
    return Tree(commit, path / "src")


def remove(tree: Tree) -> None:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree.src.parent)],
                   capture_output=True)


def jobs(model: Path, samples: int, workers: int, current: bool) -> dict[str, list[str]]:
    """The command lines of the timed measures (explain's are added once the programs are known)."""
    common = ["--lang", "en", "--json"]
    w = ["--workers", str(workers)]
    return {
        "report": ["report", str(model), "--samples", str(samples), *w, "-o", "report.html", "--force", *common],
        "sensitivity": ["sensitivity", str(model), "--samples", str(samples), *w, "-o", "sens.xlsx", "--force",
                        *common],
        "sweep": ["sweep", str(model), "--scale", SWEEP_SCALES, *w, "-o", "sweep.xlsx", "--force", *common],
    }


def explain_args(model: Path, program: str) -> list[str]:
    """``explain`` with each tree's default: the baseline has no ``--workers`` (one process); the
    current tree decides after its base solve (``auto``), as a planner would run it."""
    return ["explain", program, str(model), "--lang", "en", "--json"]


def choose_programs(sens: dict, solve: dict | None = None) -> dict[str, str]:
    """One funded, one unfunded and one borderline program, from a sensitivity run's JSON: the first
    (by id) funded program of the core class whose exclusion has a price (not mandatory or locked),
    the first unfunded exterior program whose inclusion has a price, and the borderline program
    whose core index is nearest 0.5 (else the program with the smallest price of change)."""
    base = set((sens.get("base") or {}).get("portfolio") or {})
    classes = sens.get("classes") or {}
    index = sens.get("core_index") or {}
    price = sens.get("price_of_change") or {}
    ids = sorted(set(classes) | set(price) | base)
    priced = [p for p in ids if price.get(p) is not None] or ids
    funded = next((p for p in priced if p in base and classes.get(p, "core") == "core"),
                  next(p for p in priced if p in base))
    unfunded = next((p for p in priced if p not in base and classes.get(p, "exterior") == "exterior"),
                    next(p for p in priced if p not in base))
    rest = [p for p in priced if p not in (funded, unfunded)]
    border = [p for p in rest if classes.get(p) == "borderline" and index.get(p) is not None]
    if border:
        borderline = min(border, key=lambda p: (abs(index[p] - 0.5), p))
    else:
        borderline = min(rest, key=lambda p: (abs(price.get(p) or 0.0), p))
    return {"funded": funded, "unfunded": unfunded, "borderline": borderline}


# -- conclusions ---------------------------------------------------------------------------------


def _close(a, b, tol: float) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= tol


def compare_sensitivity(a: dict, b: dict) -> list[str]:
    diff = []
    if a.get("classes") != b.get("classes"):
        ca, cb = a.get("classes") or {}, b.get("classes") or {}
        diff += [f"sensitivity: class of {p}: {ca.get(p)} → {cb.get(p)}" for p in sorted(set(ca) | set(cb))
                 if ca.get(p) != cb.get(p)]
    obj = abs(float((a.get("base") or {}).get("objective") or 0.0))
    gap = max(float((a.get("base") or {}).get("gap_target") or 1e-6), 1e-6)
    tol_value = 2 * gap * max(obj, 1.0)
    for c, sa in (a.get("weight_stability") or {}).items():
        sb = (b.get("weight_stability") or {}).get(c) or {}
        tol = float(sa.get("tolerance") or 1e-3)
        for end in ("low", "high"):
            if not _close(sa.get(end), sb.get(end), tol):
                diff.append(f"sensitivity: stability {c} {end}: {sa.get(end)} → {sb.get(end)} (tolerance {tol})")
    for p, la in (a.get("price_of_change") or {}).items():
        lb = (b.get("price_of_change") or {}).get(p)
        if not _close(la, lb, tol_value):
            diff.append(f"sensitivity: price of change {p}: {la} → {lb}")
    for k, ma in (a.get("marginal_values") or {}).items():
        mb = (b.get("marginal_values") or {}).get(k) or {}
        for side in ("plus", "minus"):
            if not _close(ma.get(side), mb.get(side), tol_value):
                diff.append(f"sensitivity: marginal value {k} {side}: {ma.get(side)} → {mb.get(side)}")
    return diff


def compare_sweep(a: dict, b: dict) -> list[str]:
    diff = []
    pa, pb = a.get("points") or [], b.get("points") or []
    if [p["scale"] for p in pa] != [p["scale"] for p in pb]:
        return [f"sweep: steps {[p['scale'] for p in pa]} → {[p['scale'] for p in pb]}"]
    for x, y in zip(pa, pb):
        tol = 2 * max(float(x.get("gap") or 0), float(y.get("gap") or 0), 1e-6) * max(abs(x["objective"] or 0), 1)
        if x["status"] != y["status"] or not _close(x["objective"], y["objective"], tol):
            diff.append(f"sweep ×{x['scale']}: {x['status']} {x['objective']} → {y['status']} {y['objective']}")
        elif x["funded"] != y["funded"] and not _both_tie(x, y):
            diff.append(f"sweep ×{x['scale']}: another plan of the same value (±gap), not shown as a tie by both")
    va = [(s["lower_scale"], s["higher_scale"], s["verdict"]) for s in a.get("non_nested") or []]
    vb = [(s["lower_scale"], s["higher_scale"], s["verdict"]) for s in b.get("non_nested") or []]
    if va != vb:
        diff.append(f"sweep: swap verdicts {va} → {vb}")
    if a.get("entry_budget") != b.get("entry_budget"):
        ea, eb = a.get("entry_budget") or {}, b.get("entry_budget") or {}
        diff += [f"sweep: entry budget of {p}: {ea.get(p)} → {eb.get(p)}" for p in sorted(set(ea) | set(eb))
                 if ea.get(p) != eb.get(p)]
    return diff


def _both_tie(x: dict, y: dict) -> bool:
    def tie(p):
        t = p.get("tie") or {}
        return t.get("status") not in (None, "unique")
    return tie(x) and tie(y)


def compare_explain(name: str, a: dict, b: dict) -> list[str]:
    keys = ("program", "funded", "level", "start_year", "fixed", "binding_limits", "ladder", "tie", "text")
    diff = [f"explain {name}: {k} differs" for k in keys if a.get(k) != b.get(k)]
    fa, fb = a.get("forced") or {}, b.get("forced") or {}
    for k in ("direction", "status", "added", "removed", "changed"):
        if fa.get(k) != fb.get(k):
            diff.append(f"explain {name}: forced {k}: {fa.get(k)} → {fb.get(k)}")
    tol = 2e-6 * max(abs(float(a.get("objective") or 0)), 1.0)
    if not _close(fa.get("loss"), fb.get("loss"), tol):
        diff.append(f"explain {name}: forced loss {fa.get('loss')} → {fb.get('loss')}")
    return diff


def compare_report(a: Path, b: Path) -> list[str]:
    if not (a.is_file() and b.is_file()):
        return ["report: a side wrote no report"]
    sys.path.insert(0, str(HERE))
    from same_results import flat_html

    fa, fb = flat_html(a), flat_html(b)
    volatile = re.compile(r"(\d{4}-\d\d-\d\dT|portfolio report|version|commit|/tmp/|tree-)", re.I)
    la = [v for k, v in sorted(fa.items()) if k.startswith("line") and not volatile.search(str(v))]
    lb = [v for k, v in sorted(fb.items()) if k.startswith("line") and not volatile.search(str(v))]
    if la == lb:
        return []
    import difflib

    out = [f"report text: {line}" for line in difflib.unified_diff(la, lb, lineterm="", n=0)
           if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return out[:40] + ([f"report text: … {len(out) - 40} more lines"] if len(out) > 40 else [])


# -- the suite -----------------------------------------------------------------------------------


def _median_runs(trees: list[Tree], args_of, work: Path, repeats: int, label: str, outputs: dict) -> dict:
    """Each tree's median seconds over `repeats` interleaved runs; the first run's stdout kept."""
    times: dict[str, list[float]] = {t.name: [] for t in trees}
    failed: set[str] = set()
    for r in range(repeats):
        for k, t in enumerate(trees):
            if t.name in failed:
                continue
            cwd = work / "runs" / f"{label}-{t.name}-{r}"
            shutil.rmtree(cwd, ignore_errors=True)
            total = 0.0
            for i, args in enumerate(args_of(t)):
                secs, code, out, err = t.run(args, cwd / str(i))      # a folder each: a cold cache each
                if code != 0 and k >= 2:        # a tree timed for the record only: noted, not fatal
                    log(f"{label} {t.name}: portfolio {' '.join(args)} exited {code}: {err[-300:]}")
                    failed.add(t.name)
                    break
                if code != 0:
                    raise RuntimeError(f"{t.name}: portfolio {' '.join(args)} exited {code}: {err[-1500:]}")
                total += secs
                if r == 0:
                    outputs.setdefault((label, t.name), []).append((args, out, cwd / str(i)))
            if t.name not in failed:
                times[t.name].append(total)
                log(f"{label} {t.name} run {r + 1}: {total:.1f} s")
    return {name: statistics.median(v) if v and name not in failed else None for name, v in times.items()}


def run_deliberation(work: Path, *, baseline: str = DEFAULT_BASELINE, also: tuple[str, ...] = (),
                     repeats: int = 3, samples: int = 200, report_samples: int | None = None, workers: int = 2,
                     only: tuple[str, ...] = MEASURES, keep_trees: bool = False, model: str | None = None) -> dict:
    t_start = time.perf_counter()
    base = checkout(baseline, work)
    current = Tree("current", ROOT / "src")
    others = [checkout(c, work) for c in also]
    trees = [base, current, *others]
    # The baseline's embedded default model, or another workbook of the baseline tree (a smoke run).
    label = f"the baseline's {model}" if model else "the baseline's embedded default model"
    given = model
    model = base.src / "portfolio" / "data" / "default.xlsx" if not given else base.src.parent / given

    def model_of(t: Tree) -> Path:
        """Both sides read the baseline's model; a tree timed for the record reads its own (an older
        reader may refuse a newer workbook), as its figures were measured."""
        if t is base or t is current:
            return model
        return t.src / "portfolio" / "data" / "default.xlsx" if not given else t.src.parent / given
    res: dict = {"suite": "deliberation", "model_label": label, "baseline": baseline, "also": list(also),
                 "repeats": repeats,
                 "samples": samples, "workers": workers, "model": str(model), "seconds": {}, "differences": []}
    outputs: dict = {}
    try:
        rs = report_samples if report_samples is not None else min(samples, 50)
        for m in ("report", "sensitivity", "sweep"):
            if m in only:
                n = rs if m == "report" else samples
                res["seconds"][m] = _median_runs(
                    trees, lambda t, m=m, n=n: [jobs(model_of(t), n, workers, t is not base)[m]], work, repeats, m,
                    outputs)
        if "explain" in only:
            sens_out = outputs.get(("sensitivity", base.name))
            if sens_out:
                sens = json.loads(sens_out[0][1])
            else:
                _, code, out, err = base.run(jobs(model, samples, workers, False)["sensitivity"], work / "choose")
                sens = json.loads(out)
            res["programs"] = choose_programs(sens)
            progs = list(res["programs"].values())
            res["seconds"]["explain"] = _median_runs(
                trees, lambda t: [explain_args(model_of(t), p) for p in progs], work, repeats,
                "explain", outputs)
        res["differences"] = _differences(outputs, base, current)
    finally:
        if not keep_trees:
            for t in [base, *others]:
                remove(t)
    res.update(_speedups(res, base.name, current.name, others))
    res["conclusions_identical"] = not res["differences"]
    res["suite_seconds"] = round(time.perf_counter() - t_start, 1)
    return res


def _speedups(res: dict, base: str, current: str, others: list[Tree]) -> dict:
    out = {}
    for m in MEASURES:
        s = res["seconds"].get(m)
        out[f"{m}_speedup"] = round(s[base] / s[current], 3) if s and s.get(current) else None
        out[f"{m}_baseline_seconds"] = round(s[base], 2) if s else None
        out[f"{m}_current_seconds"] = round(s[current], 2) if s else None
        for t in others if s else ():
            out[f"{m}_{t.name}_seconds"] = round(s[t.name], 2) if s.get(t.name) is not None else None
    return out


def _differences(outputs: dict, base: Tree, current: Tree) -> list[str]:
    diff = []
    for m in MEASURES:
        a, b = outputs.get((m, base.name)), outputs.get((m, current.name))
        if not a or not b:
            continue
        for (args, out_a, cwd_a), (_, out_b, cwd_b) in zip(a, b):
            ja, jb = json.loads(out_a), json.loads(out_b)
            if m == "sensitivity":
                diff += compare_sensitivity(ja, jb)
            elif m == "sweep":
                diff += compare_sweep(ja, jb)
            elif m == "explain":
                diff += compare_explain(args[1], ja, jb)
            else:
                diff += compare_report(cwd_a / "report.html", cwd_b / "report.html")
    return diff


def markdown(res: dict, command: str) -> str:
    lines = [f"### Deliberation suite against {res['baseline']}", "", f"Command: `{command}`", "",
             f"Model: {res['model_label']}; {res['samples']} draws (report: at most 50), "
             f"{res['workers']} workers, median of {res['repeats']} interleaved run(s); suite took "
             f"{res['suite_seconds']:.0f} s.", "",
             "| measure | baseline s | current s | speed-up | target |", "|---|---|---|---|---|"]
    for m in MEASURES:
        if res.get(f"{m}_speedup") is None:
            continue
        lines.append(f"| {m} | {res[f'{m}_baseline_seconds']} | {res[f'{m}_current_seconds']} | "
                     f"{res[f'{m}_speedup']}× | ≥ {TARGETS[f'{m}_speedup']:g}× |")
    for c in res["also"]:
        lines += ["", f"{c} (for the record, on its own embedded model): " + ", ".join(
            f"{m} {res[f'{m}_{c}_seconds']} s" if res.get(f"{m}_{c}_seconds") is not None else f"{m} could not run"
            for m in MEASURES if f"{m}_{c}_seconds" in res)]
    if res.get("programs"):
        lines += ["", "explain programs: " + ", ".join(f"{k} {v}" for k, v in res["programs"].items())]
    lines += ["", f"conclusions_identical: {res['conclusions_identical']}"]
    lines += [f"- {d}" for d in res["differences"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="the deliberation suite (issue #19)")
    ap.add_argument("--baseline", default=DEFAULT_BASELINE)
    ap.add_argument("--also", action="append", default=[], help="another commit to time for the record")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--samples", type=int, default=200, help="sensitivity draws (report: at most 50, its default)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", default=",".join(MEASURES))
    ap.add_argument("--json", default=None)
    ap.add_argument("--markdown", default=None)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--model", default=None,
                    help="a workbook of the baseline tree instead of its default model (e.g. models/example.xlsx, "
                         "to check the harness quickly; not the issue's measure)")
    a = ap.parse_args(argv)
    only = tuple(x.strip() for x in a.only.split(",") if x.strip())
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="portfolio-delib-"))
    work.mkdir(parents=True, exist_ok=True)
    res = run_deliberation(work, baseline=a.baseline, also=tuple(a.also), repeats=a.repeats, samples=a.samples,
                           workers=a.workers, only=only, model=a.model)
    command = "python benchmarks/run.py --suite deliberation " + " ".join(sys.argv[1:] if argv is None else argv)
    md = markdown(res, command)
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    if a.markdown:
        Path(a.markdown).write_text(md, encoding="utf-8")
    print(md)
    if not a.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0
