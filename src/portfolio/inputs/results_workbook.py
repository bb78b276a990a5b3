"""Reading back a results workbook this tool wrote: its hidden JSON payload (``portfolio compare``).

The payload comes from a file anyone could have edited, so it is checked before any figure in it
is used: text that is not JSON, JSON nested deeper than any payload is, and a payload without the
fields and types ``compare`` reads are each one error naming the file (exit 2), never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import InputError, Location
from ..core.limits import MAX_MARKING, marking_length
from ..core.schema import EMBED_SHEET
from .reader import open_workbook

MAX_DEPTH = 20              # a payload is a few levels deep; far deeper is not one of ours
MAX_PAYLOAD_CHARS = 64 * 1024 * 1024

# What compare reads, and its type: a payload without them is not a results payload.
_FIELDS = {"status": str, "programs": list}
_OPTIONAL = {"objective": (int, float, type(None)), "bound": (int, float, type(None)), "gap": (int, float, type(None)),
             "budget_total": (int, float, type(None)), "spend_total": (int, float, type(None)),
             "budget_scale": (int, float, type(None)), "scenario": (str, type(None)), "overrides": list,
             "spend_by_domain": dict, "spend_by_source": dict, "spend_by_ministry": dict, "spend_by_year": dict,
             "criteria_contributions": dict, "program_names": dict, "versions": dict,
             "confidentiality": str}
_PROGRAM = {"id": str, "funded": bool}


def read_embedded_json(path: str | Path) -> dict | None:
    """The payload a results workbook carries (see ``ExcelWriter.embed_json``), or None if it has none.

    Raises an InputError (exit 2) naming the file when the payload is there but broken."""
    path = Path(path)
    sheets, _ = open_workbook(path)
    ws = next((s for s in sheets if s.title == EMBED_SHEET), None)
    if ws is None:
        return None
    loc = Location(file=str(path), sheet=EMBED_SHEET)
    text = "".join(str(cells.get(1, "")) for _, cells in sorted(ws.grid.items()))
    if len(text) > MAX_PAYLOAD_CHARS:
        raise InputError("err.results_payload", loc, detail=f"{len(text):,} characters")
    if _depth(text) > MAX_DEPTH:
        raise InputError("err.results_payload", loc, detail=f"nested more than {MAX_DEPTH} levels deep")
    try:
        payload = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        detail = " ".join(str(exc).split())[:120]
        raise InputError("err.results_payload", loc, detail=detail) from None
    problem = payload_problem(payload)
    if problem:
        raise InputError("err.results_payload", loc, detail=problem)
    return payload


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _depth(text: str) -> int:
    """How deeply brackets nest in `text`, outside strings (counted before parsing, which would recurse)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def payload_problem(payload) -> str:
    """What is wrong with a payload, in a few words ("" when it is what compare reads)."""
    if not isinstance(payload, dict):
        return "not an object"
    if payload.get("gated") is True:        # a gated solve's payload (portfolio.analysis.gates.to_json)
        ok = isinstance(payload.get("runs"), list) and isinstance(payload.get("versions"), dict)
        return "" if ok else "a gated result without its runs"
    for name, kind in _FIELDS.items():
        if not isinstance(payload.get(name), kind):
            return f"field {name!r} missing or of the wrong type"
    for name, kinds in _OPTIONAL.items():
        if name in payload and not isinstance(payload[name], kinds):
            return f"field {name!r} of the wrong type"
    for i, program in enumerate(payload["programs"]):
        if not isinstance(program, dict) or any(not isinstance(program.get(k), v) for k, v in _PROGRAM.items()):
            return f"programs[{i}] is not a program"
        funded_fields = (isinstance(program.get("level"), str) and isinstance(program.get("start_year"), int)
                         and isinstance(program.get("cost_total"), (int, float)))
        if program["funded"] and not funded_fields:
            return f"programs[{i}] is funded without a level, start and cost"
    for name in ("spend_by_domain", "spend_by_source", "spend_by_ministry", "spend_by_year", "criteria_contributions"):
        values = payload.get(name, {})
        if any(not isinstance(v, (int, float)) or isinstance(v, bool) for v in values.values()):
            return f"field {name!r} holds a value that is not a number"
    if marking_length(payload.get("confidentiality", "")) > MAX_MARKING:
        return f"a confidentiality marking longer than {MAX_MARKING} characters"
    for o in payload.get("overrides", []):
        if not isinstance(o, dict) or not isinstance(o.get("key"), str):
            return "an override without its key"
    return ""


def is_own_results_workbook(path: str | Path) -> bool:
    """True if `path` is a results workbook this tool wrote, its payload intact: the output a re-run
    of ``portfolio solve`` may replace without ``--force``."""
    try:
        payload = read_embedded_json(path)
    except (InputError, OSError):
        return False
    return payload is not None and isinstance(payload.get("versions"), dict)
