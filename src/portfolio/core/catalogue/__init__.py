"""The one message catalogue: every sentence and label a planner sees, in Japanese and English.

Each table module holds one area's messages as ``key: (Japanese, English)``; they are merged here,
once, in a fixed order, and a key may appear in one table only. Nothing else adds to the
catalogue, at import time or later. :func:`portfolio.core.i18n.t` looks keys up and fills in
their parameters; ``tests/test_catalogue.py`` checks that every key the code uses exists in both
languages.
"""

from __future__ import annotations

from . import (
    analysis,
    analysis_workbooks,
    cache,
    cli,
    engine,
    families,
    frontier,
    gates,
    inputs,
    margins,
    report,
    robust,
    sensitivity_grains,
    solve,
    whatif,
    workbooks,
)

TABLES = (inputs, solve, families, engine, analysis, analysis_workbooks, workbooks, report, whatif, cli, margins,
          sensitivity_grains, cache, frontier, robust, gates)


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for table in TABLES:
        for key, pair in table.MESSAGES.items():
            if key in merged:
                raise KeyError(f"message key {key!r} is in two tables ({table.__name__})")
            merged[key] = pair
    return merged


MESSAGES: dict[str, tuple[str, str]] = _merge()
