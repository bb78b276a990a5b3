"""Do two source trees give the same results?  ``python benchmarks/same_results.py [--baseline COMMIT]``

Runs every command of the ``portfolio`` tool (solve, validate, sweep, sensitivity, explain,
compare, report, template) on the default and the example models with two trees: the working
tree (``src/``) and a baseline commit (checked out into a temporary git worktree), in the same
interpreter and virtual environment, and compares what they write:

* every JSON object on stdout, key by key;
* every cell of every sheet of every workbook written (values, as openpyxl reads them);
* the text of every HTML report (tags stripped, one line per block).

Timings and versions differ between any two runs. Rather than guess which fields those are, the
baseline runs **twice**: whatever differs between its own two runs is volatile and left out of the
comparison (and listed). Everything else must be equal between the baseline and the working tree,
except the differences given with ``--expect FILE`` (one ``job<TAB>where<TAB>reason[<TAB>pattern]``
per line; ``job`` and ``where`` may end in ``*``, and ``pattern``, a regular expression, must then be
found in the value before or after), which are reported as intended.

Exit code 0 when nothing differs beyond the volatile and intended differences, 1 otherwise.
The report is written as Markdown with ``--markdown FILE``.
"""

from __future__ import annotations

import argparse
import fnmatch
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BASELINE = "3434380"

#: (job name, arguments after ``portfolio``, files written). ``{out}`` is the job's output folder,
#: ``{example}`` the example model. Small analysis sizes: the point is the code paths, not the load.
JOBS: list[tuple[str, list[str], list[str]]] = []


def _jobs(example: str) -> list[tuple[str, list[str], list[str]]]:
    jobs = []
    for tag, model in (("default", []), ("example", [example])):
        for lang in ("ja", "en"):
            jobs.append((f"{tag}-solve-{lang}", ["solve", *model, "--lang", lang, "--json", "-o", "{out}/solve.xlsx"],
                         ["solve.xlsx"]))
        jobs.append((f"{tag}-validate", ["validate", *(model or ["{default}"]), "--json"], []))
        jobs.append((f"{tag}-sweep", ["sweep", *model, "--scale", "0.8:1.2:0.2", "--json", "-o", "{out}/sweep.xlsx"],
                     ["sweep.xlsx"]))
        jobs.append((f"{tag}-sweep-en", ["sweep", *model, "--lang", "en", "--scale", "0.9,1.1", "--json", "-o",
                                         "{out}/sweep.xlsx"], ["sweep.xlsx"]))
        # Every part on the example model; on the default model the price of change (75 programs at a
        # 1e-6 gap) would take longer than the rest together, so it runs there in the report only.
        parts = [] if tag == "example" else ["--parts", "stability,core,marginal,alternatives", "--tolerance", "0.01"]
        jobs.append((f"{tag}-sensitivity", ["sensitivity", *model, "--samples", "8", *parts, "--json", "-o",
                                            "{out}/sens.xlsx"], ["sens.xlsx"]))
        jobs.append((f"{tag}-report-ja", ["report", *model, "--samples", "8", "--ladder", "0.8:1.2:0.2", "--workers",
                                          "1", "--json", "-o", "{out}/report.html"], ["report.html"]))
        jobs.append((f"{tag}-report-en", ["report", *model, "--lang", "en", "--samples", "4", "--ladder", "0.9,1.1",
                                          "--parts", "stability,price", "--workers", "1", "--json", "-o",
                                          "{out}/report.html"], ["report.html"]))
    jobs.append(("default-scenario-solve", ["solve", "--scenario", str(ROOT / "scenarios" / "budget_minus_20.yaml"),
                                            "--json", "-o", "{out}/solve.xlsx"], ["solve.xlsx"]))
    jobs.append(("example-compare", ["compare", example, str(ROOT / "scenarios" / "budget_plus_20.yaml"),
                                     "--model", example, "--json", "-o", "{out}/compare.xlsx"], ["compare.xlsx"]))
    jobs.append(("template-ja", ["template", "{out}/template.xlsx"], ["template.xlsx"]))
    jobs.append(("template-en", ["template", "--lang", "en", "{out}/template.xlsx"], ["template.xlsx"]))
    return jobs


def _explain_jobs(example: str) -> list[tuple[str, list[str], list[str]]]:
    """explain on a funded and an unfunded program of each model (and OC-MDA, which the default model never funds)."""
    return [(f"example-explain-{p}", ["explain", p, example, "--ladder", "0.8:1.2:0.2", "--json"], [])
            for p in ("AI-CLOUD", "SHIP-AUV")] + \
           [(f"default-explain-{p}", ["explain", p, "--ladder", "0.9,1.1", "--json"], []) for p in ("AI-CMP", "OC-MDA")]


def run_tree(src: Path, out: Path, jobs, env_extra: dict | None = None) -> dict[str, dict]:
    """Run every job with `src` first on the path; return {job: {"stdout", "rc", "files": {name: path}}}."""
    found = {}
    default = None
    for name, args, files in jobs:
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        if default is None:
            default = str(src / "portfolio" / "data" / "default.xlsx")
        argv = [a.replace("{out}", str(d)).replace("{default}", default) for a in args]
        env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
        env.pop("PORTFOLIO_TIMINGS", None)
        env.update(env_extra or {})
        p = subprocess.run([sys.executable, "-m", "portfolio", *argv], cwd=d, env=env, capture_output=True,
                           text=True, timeout=3600)
        (d / "stdout.txt").write_text(p.stdout, encoding="utf-8")
        (d / "stderr.txt").write_text(p.stderr, encoding="utf-8")
        (d / "run.json").write_text(json.dumps({"rc": p.returncode, "tree": str(src), "files": files}), encoding="utf-8")
        found[name] = _found(d)
        print(f"  {out.name}/{name}: rc={p.returncode}", file=sys.stderr, flush=True)
    return found


def _found(d: Path) -> dict:
    """What one job left in its folder: stdout, exit code, the tree it ran and the files it wrote."""
    run = json.loads((d / "run.json").read_text(encoding="utf-8"))
    return {"stdout": (d / "stdout.txt").read_text(encoding="utf-8"), "rc": run["rc"], "tree": run["tree"],
            "files": {f: d / f for f in run["files"] if (d / f).exists()}}


def load_tree(out: Path, jobs) -> dict[str, dict]:
    """The jobs' results as a run left them in `out` (``--compare-only``)."""
    return {name: _found(out / name) for name, _, _ in jobs}


# -- flattening outputs into (where, value) pairs ------------------------------------------------


def flat_json(obj, prefix="") -> dict[str, object]:
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flat_json(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, list):
        out[prefix + "#len"] = len(obj)
        for i, v in enumerate(obj):
            out.update(flat_json(v, f"{prefix}[{i}]"))
    else:
        out[prefix] = obj
    return out


def flat_workbook(path: Path) -> dict[str, object]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=False, data_only=False)
    out: dict[str, object] = {"#sheets": tuple(wb.sheetnames)}
    for ws in wb.worksheets:
        if ws.title == "_portfolio_json":       # the embedded payload: compared field by field
            text = "".join(str(r[0].value or "") for r in ws.iter_rows())
            out.update({f"{ws.title}!{k}": v for k, v in flat_json(json.loads(text)).items()})
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out[f"{ws.title}!{c.coordinate}"] = c.value
        out[f"{ws.title}!#charts"] = len(getattr(ws, "_charts", []))
    wb.close()
    return out


class _Text(html.parser.HTMLParser):
    BLOCKS = {"p", "li", "tr", "h1", "h2", "h3", "h4", "div", "section", "caption", "figcaption", "title", "dt", "dd",
              "br", "table", "ul", "ol"}

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "svg"):
            self.skip += 1
        if tag in self.BLOCKS:
            self._flush()
        if tag in ("td", "th"):
            self.cur.append(" | ")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg"):
            self.skip -= 1
        if tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if text:
            self.lines.append(text)
        self.cur = []


def flat_html(path: Path) -> dict[str, object]:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser._flush()
    out: dict[str, object] = {"#lines": len(parser.lines)}
    # Lines are keyed by their first words and a running count, so one changed line does not
    # shift every later key.
    seen: dict[str, int] = {}
    for i, line in enumerate(parser.lines):
        # Seconds are measured, not computed: "0.2 秒", "1.3 s", and a row headed "…（秒）" or "… (s)".
        line = re.sub(r"\d[\d,.]*(\s*)(秒|s\b)", r"#\1\2", line)
        line = re.sub(r"(（秒）|\(s\)|\(s per solve\)|（秒／1回の求解）) \| [\d,.]+", r"\1 | #", line)
        out[f"line{i:04d}"] = line
        seen[line] = seen.get(line, 0) + 1
    out["#charts"] = len(re.findall(r"<svg|<img", path.read_text(encoding="utf-8")))
    return out


#: Fields that measure time or name versions: they differ between any two runs, even when two runs
#: of the baseline happen to agree on them.
VOLATILE = re.compile(r"(seconds|timings|versions|generated|solve_wall)", re.I)


def _normalise(flat: dict[str, object], tree: str) -> dict[str, object]:
    """Paths inside the tree (the embedded default model) are the same file in both trees."""
    out = {}
    for k, v in flat.items():
        if VOLATILE.search(k):
            continue
        if isinstance(v, str) and tree in v:
            v = v.replace(tree, "<tree>")
        out[k] = v
    return out


def flatten(run: dict) -> dict[str, object]:
    out: dict[str, object] = {"rc": run["rc"]}
    text = run["stdout"].strip()
    if text:
        try:
            out.update({"json:" + k: v for k, v in flat_json(json.loads(text)).items()})
        except json.JSONDecodeError:
            out["stdout"] = text
    for name, path in run["files"].items():
        flat = flat_workbook(path) if path.suffix == ".xlsx" else flat_html(path)
        out.update({f"{name}:{k}": v for k, v in flat.items()})
    return _normalise(out, run["tree"])


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def _expected(expect: list[tuple[str, str, str, str]], job: str, where: str, before, after) -> str | None:
    """The reason of the first expected difference that matches: job and place (shell-style patterns,
    ``*`` for any text), and, if given, a regular expression either value contains."""
    for j, w, reason, pattern in expect:
        job_ok = fnmatch.fnmatchcase(job, j)
        where_ok = fnmatch.fnmatchcase(where, w)
        text_ok = not pattern or any(re.search(pattern, str(v)) for v in (before, after) if v is not None)
        if job_ok and where_ok and text_ok:
            return reason
    return None


def _group(where: str) -> str:
    """What a volatile field makes volatile with it: the whole item of a list (``alternatives[2]``), or
    the whole column of a sheet (``代替案!F``): a nondeterministic plan differs in many fields at once,
    and two runs of the baseline may agree on some of them by chance."""
    m = re.match(r"^(.*?\[\d+\])", where)
    if m:
        return m.group(1)
    m = re.match(r"^(.*![A-Z]+)\d+$", where)
    return m.group(1) if m else where


def compare(base1: dict, base2: dict, new: dict, expect) -> tuple[list, list, list]:
    """(real differences, intended differences, volatile fields) over every job."""
    real, intended, volatile = [], [], []
    for job in base1:
        a, b, c = flatten(base1[job]), flatten(base2[job]), flatten(new[job])
        keys = sorted(set(a) | set(b) | set(c))
        groups = {_group(w) for w in keys if not _same(a.get(w), b.get(w))}
        for where in keys:
            va, vb, vc = a.get(where), b.get(where), c.get(where)
            if not _same(va, vb) or _group(where) in groups:
                volatile.append((job, where))
                continue
            if _same(va, vc):
                continue
            reason = _expected(expect, job, where, va, vc)
            (intended if reason else real).append((job, where, va, vc, reason))
    return real, intended, volatile


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help=f"commit to compare with (default {DEFAULT_BASELINE})")
    ap.add_argument("--expect", default=str(ROOT / "benchmarks" / "same_results_expected.tsv"),
                    help="intended differences, one 'job<TAB>where<TAB>reason' per line")
    ap.add_argument("--tree", default=str(ROOT / "src"), help="the source tree to check (default: this checkout's src)")
    ap.add_argument("--only", default=None, help="run only the jobs whose name contains this text")
    ap.add_argument("--markdown", default=None, help="write the comparison as Markdown to this file")
    ap.add_argument("--workdir", default=None, help="keep the runs' outputs here")
    ap.add_argument("--compare-only", action="store_true",
                    help="compare the outputs an earlier run left in --workdir instead of running again")
    args = ap.parse_args(argv)

    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="same-results-"))
    work.mkdir(parents=True, exist_ok=True)
    base_tree = work / "baseline-tree"
    if not base_tree.exists() and not args.compare_only:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.baseline],
                       check=True, capture_output=True)
    # Both trees read the same example workbook: the baseline's (this checkout's may have new columns
    # the baseline cannot read). The default model is each tree's embedded one.
    example = str(base_tree / "models" / "example.xlsx")
    jobs = _jobs(example) + _explain_jobs(example)
    if args.only:
        jobs = [j for j in jobs if args.only in j[0]]
    expect = []
    if args.expect and Path(args.expect).exists():
        for line in Path(args.expect).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                job, where, reason, pattern = (line.split("\t") + ["", "", ""])[:4]
                expect.append((job, where, reason, pattern))
    try:
        runs = {}
        for side, src in (("base1", base_tree / "src"), ("new", Path(args.tree)), ("base2", base_tree / "src")):
            if args.compare_only:
                runs[side] = load_tree(work / side, jobs)
                continue
            print(f"{side}: {src}", file=sys.stderr)
            runs[side] = run_tree(src, work / side, jobs)
        real, intended, volatile = compare(runs["base1"], runs["base2"], runs["new"], expect)
        crashed = [(side, job) for side, found in runs.items() for job, r in found.items() if r["rc"] == 1]
    finally:
        if not args.workdir:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)],
                           capture_output=True)
            shutil.rmtree(work, ignore_errors=True)
    lines = [f"# Same results: working tree against {args.baseline}", "",
             f"Command: `python benchmarks/same_results.py --baseline {args.baseline}`", "",
             f"{len(jobs)} jobs; {len(volatile)} volatile fields (differ between two runs of the baseline itself); "
             f"{len(intended)} intended differences; {len(real)} other differences; "
             f"{len(crashed)} runs ended with an unexpected error (exit 1).", ""]
    if crashed:
        lines += ["## Unexpected errors", "", *[f"- {side}: {job}" for side, job in crashed], ""]
    if intended:
        lines += ["## Intended differences", "", "| job | where | baseline | now | why |", "|---|---|---|---|---|"]
        lines += [f"| {j} | `{w}` | {_short(a)} | {_short(c)} | {r} |" for j, w, a, c, r in intended]
        lines.append("")
    if real:
        lines += ["## Other differences", "", "| job | where | baseline | now |", "|---|---|---|---|"]
        lines += [f"| {j} | `{w}` | {_short(a)} | {_short(c)} |" for j, w, a, c, _ in real[:500]]
        lines.append("")
    lines += ["## Volatile fields", "", ", ".join(sorted({w.split("[")[0] for _, w in volatile}))[:4000], ""]
    text = "\n".join(lines)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    print(text)
    return 1 if real or crashed else 0


def _short(v) -> str:
    s = repr(v)
    return (s[:80] + "…") if len(s) > 80 else s.replace("|", "\\|")


if __name__ == "__main__":
    sys.exit(main())
