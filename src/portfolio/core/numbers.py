"""Numbers as the outputs show them: finite or absent, never NaN or infinity.

Every JSON payload and every table reads a figure through :func:`finite`, so a missing, non-numeric
or infinite value becomes ``None`` (an empty cell, JSON ``null``, "—") in one way everywhere.
"""

from __future__ import annotations

import math
from typing import Any


def finite(x: Any, digits: int | None = None) -> float | None:
    """`x` as a finite float (rounded to `digits` decimals when given), or None when it is missing,
    not a number, or infinite."""
    if x is None:
        return None
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(x):
        return None
    return x if digits is None else round(x, digits)


def json_number(x: Any, digits: int = 9) -> float | None:
    """A figure for a JSON payload: finite and rounded to `digits` decimals (1e-9 by default: solver
    noise below it is not a result)."""
    return finite(x, digits)
