"""``portfolio validate``: check a model workbook (and scenario) without solving."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_OK
from .common import Console, add_model_args, print_warnings

NAME = "validate"
HELP = "check a model workbook (and scenario) without solving"


def configure(p):
    add_model_args(p, scale=False)
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")


def run(args, console: Console) -> int:
    from ..api import load_with_scenario

    data = load_with_scenario(args.model, args.scenario)
    print_warnings(console, data)
    ja = console.lang == "ja"
    summary = {"status": "valid", "file": data.path, "programs": len(data.programs), "domains": len(data.domains),
               "sources": len(data.sources), "criteria": len(data.criteria), "capacities": len(data.capacities),
               "dependencies": len(data.dependencies), "years": [data.years[0], data.years[-1]],
               "warnings": [w.render(console.lang) for w in data.warnings]}
    if console.json_mode:
        console.emit_json(summary)
    else:
        console.info((f"OK: {Path(data.path).name} — プログラム {len(data.programs)}、技術領域 {len(data.domains)}、"
                      f"財源 {len(data.sources)}、評価基準 {len(data.criteria)}、FY{data.years[0]}–FY{data.years[-1]}")
                     if ja else
                     (f"OK: {Path(data.path).name} — {len(data.programs)} programs, {len(data.domains)} domains, "
                      f"{len(data.sources)} sources, {len(data.criteria)} criteria, FY{data.years[0]}–FY{data.years[-1]}"))
    return EXIT_OK
