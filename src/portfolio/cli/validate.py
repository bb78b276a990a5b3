"""``portfolio validate``: check a model workbook (and scenario) without solving."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import EXIT_OK
from ..core.i18n import t
from .common import Console, add_model_args, print_warnings

NAME = "validate"
HELP = "cli.help.validate"


def configure(p, tr):
    add_model_args(p, tr, scale=False)
    p.add_argument("--json", action="store_true", help=tr("cli.help.json"))


def run(args, console: Console) -> int:
    from ..api import load_with_scenario

    data = load_with_scenario(args.model, args.scenario)
    print_warnings(console, data)
    summary = {"status": "valid", "file": data.path, "programs": len(data.programs), "domains": len(data.domains),
               "sources": len(data.sources), "criteria": len(data.criteria), "capacities": len(data.capacities),
               "dependencies": len(data.dependencies), "years": [data.years[0], data.years[-1]],
               "warnings": [w.render(console.lang) for w in data.warnings], "gates": len(data.gates)}
    if console.json_mode:
        console.emit_json(summary)
    else:
        console.info(t("cli.validate.ok", console.lang, file=Path(data.path).name, programs=len(data.programs),
                       domains=len(data.domains), sources=len(data.sources), criteria=len(data.criteria),
                       first=data.years[0], last=data.years[-1]))
        if data.gates:      # stage gates (issue #21): how many, and the outcome paths they make
            from ..api import gate_paths

            console.info(t("gates.cli.validate", console.lang, gates=len(data.gates), paths=gate_paths(data)))
    return EXIT_OK
