"""One way to make a figure finite: what the JSON outputs and the report print for a number that may
be missing, not a number, or infinite."""

from __future__ import annotations

import math
from typing import Any


def finite(x: Any) -> float | None:
    """`x` as a finite float, or None (missing, not a number, or infinite)."""
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def json_number(x: Any, digits: int = 9) -> float | None:
    """`x` rounded to `digits` decimals for JSON, or None where it is not a finite number."""
    v = finite(x)
    return None if v is None else round(v, digits)
