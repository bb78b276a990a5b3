"""How names typed by people are compared: the normal form of a header, sheet name, id or key.

Two normal forms, for two jobs:

* :func:`norm_key` for what the *tool* names (sheet names, column headers, setting keys, choices):
  generous, since a header "総予算（億円）" should find the column ``total_budget``.
* :func:`norm_id` for what the *planner* names (program, domain, source, level, criterion ids):
  it folds only what a person cannot tell apart on screen (full-width and half-width forms and
  other Unicode compatibility forms, surrounding spaces) and keeps everything else: case,
  brackets, punctuation, inner spaces. ``K(1)`` and ``K(2)``, ``P-1`` and ``P1``, ``p1`` and
  ``P1`` are different ids. An id holding a character nobody can see (a zero-width space, a
  joiner, a bidirectional mark) is refused wherever it is written: :func:`invisible_char`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any


def norm_text(s: str) -> str:
    """NFKC (full-width digits and letters to half-width) and trimmed."""
    return unicodedata.normalize("NFKC", s).strip()


def norm_id(s: Any) -> str:
    """An id as compared: NFKC and trimmed, case and punctuation kept (see the module's docstring)."""
    return norm_text(str(s))


# Characters that take no room on screen, beyond the format controls (Unicode category Cf: the
# zero-width space and joiners, bidirectional marks, the soft hyphen, the BOM …): variation
# selectors, the combining grapheme joiner and the Hangul fillers, which render as nothing.
_INVISIBLE_EXTRA = frozenset([0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E, 0x180F,
                              0x2800, 0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])


def invisible_char(s: str) -> str | None:
    """The first character of `s` that cannot be seen (or a control character), or None."""
    for ch in s:
        cat = unicodedata.category(ch)
        if cat in ("Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp") or ord(ch) in _INVISIBLE_EXTRA:
            return ch
    return None


def describe_char(ch: str) -> str:
    """A character as a message names it: "U+200B ZERO WIDTH SPACE"."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def norm_key(s: Any) -> str:
    """A header, sheet name or setting key as compared: normalised, case-folded, without spaces,
    marks or units. Never used for ids (see :func:`norm_id`)."""
    try:
        return _norm_key_cached(s)
    except TypeError:       # an unhashable value
        return _norm_key(s)


def _norm_key(s: Any) -> str:
    text = norm_text(str(s)).casefold()
    text = re.sub(r"[\(（\[【].*?[\)）\]】]", "", text)   # "総予算（億円）" -> "総予算"
    return re.sub(r"[\s*＊※_\-・/]", "", text)


# The same headers and keys are compared again and again: remember the last keys. typed=True keeps
# 1, 1.0 and True apart, as str() does.
_norm_key_cached = functools.lru_cache(maxsize=1 << 16, typed=True)(_norm_key)
