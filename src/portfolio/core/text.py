"""How names typed by people are compared: the normal form of a header, sheet name, id or key."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any


def norm_text(s: str) -> str:
    """NFKC (full-width digits and letters to half-width) and trimmed."""
    return unicodedata.normalize("NFKC", s).strip()


def norm_key(s: Any) -> str:
    """A header, sheet name or id as compared: normalised, case-folded, without spaces, marks or units."""
    try:
        return _norm_key_cached(s)
    except TypeError:       # an unhashable value
        return _norm_key(s)


def _norm_key(s: Any) -> str:
    text = norm_text(str(s)).casefold()
    text = re.sub(r"[\(（\[【].*?[\)）\]】]", "", text)   # "総予算（億円）" -> "総予算"
    return re.sub(r"[\s*＊※_\-・/]", "", text)


# The same ids, levels and instruments are compared again and again (every program against every
# eligibility rule): remember the last keys. typed=True keeps 1, 1.0 and True apart, as str() does.
_norm_key_cached = functools.lru_cache(maxsize=1 << 16, typed=True)(_norm_key)
