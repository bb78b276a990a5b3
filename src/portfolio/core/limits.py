"""The largest values the tool accepts from the command line and from scenarios.

A value beyond these is a typo or an attack, never a plan: ``--scale 1e308`` or ``inf`` would
solve and then fail while writing its figures; ``--threads 100000`` would run for minutes;
``--samples 10**12`` would exhaust memory. Each is refused up front (exit 2), naming the limit.
"""

from __future__ import annotations

import os

MAX_SCALE = 1000.0              # a budget or envelope factor: ×1000 is beyond any planning question
MAX_SECONDS = 1e9               # a time limit in seconds (the Settings sheet's plausibility limit)
MAX_STEPS = 1000                # budget-ladder steps of one sweep, report or explain
MAX_SAMPLES = 100_000           # Monte Carlo draws
MAX_ALTERNATIVES = 100          # near-optimal alternatives
MAX_SEED = 2**31 - 1            # HiGHS's random seed is a 32-bit integer
MAX_MONEY = 1e9                 # 億円: a scenario's amount, as a cell's (inputs.reader.MAX_ABS_NUMBER)

#: Excel keeps a printed page header of at most 255 characters and drops a longer one whole; the
#: confidentiality marking shares its header with the codes that place it, and each & in it is
#: written as &&. A marking over MAX_MARKING is refused, never dropped from the printout.
MARKING_HEADER = '&L&"-,Bold"{mark}&R&A'
MARKING_FOOTER = "&L{mark}&C&P / &N"
MAX_MARKING = 255 - len(MARKING_HEADER.format(mark=""))


def marking_length(text: str) -> int:
    """How many of a page header's characters the marking `text` takes (each & counts twice)."""
    return len(text.replace("&", "&&"))


def cores() -> int:
    """The processors this process may run on (what --threads and --workers are capped at)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
