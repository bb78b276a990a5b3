"""Japanese fiscal years both ways: FY2026 ↔ 令和8年度.

Outputs label a year with its era (:func:`fy_label`, :func:`reiwa`); the reader and scenarios read
a year written in any of the ways planners write it (:func:`parse_year`): 2026, FY2026,
2026年度, 令和8年度, 令和元年, R8, H30. Both directions use the one table of eras below.
"""

from __future__ import annotations

import re
import unicodedata

from .i18n import t

#: Each era: its name, its initial as written in short form (R8, H30), and the Western year before its first
#: year (令和1 = 2019, 平成1 = 1989).
ERAS = (("令和", "r", 2018), ("平成", "h", 1988))
_OFFSET = {key: offset for name, initial, offset in ERAS for key in (name, initial)}

_WESTERN = re.compile(r"(?:fy)?(\d{4})(?:年度|年)?")
_ERA = re.compile(r"(" + "|".join(k for k in _OFFSET) + r")(\d{1,2}|元)(?:年度|年)?")


def reiwa(year: int) -> str:
    """The fiscal year in its era: 令和8年度 (令和元年度 for the first year; 平成 before 令和)."""
    n = year - _OFFSET["令和"]
    if n >= 1:
        return "令和元年度" if n == 1 else f"令和{n}年度"
    return f"平成{year - _OFFSET['平成']}年度"


def fy_label(year: int, lang: str = "ja") -> str:
    """'FY2026 (令和8年度)' style label; English readers see the same (the era name helps Japanese ones)."""
    return t("wareki.fy_label", lang, year=year, era=reiwa(year))


def parse_year(text: str) -> int | None:
    """The year a text names (full-width, case and spaces aside), or None if it names none."""
    s = unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")
    m = _WESTERN.fullmatch(s)
    if m:
        return int(m.group(1))
    m = _ERA.fullmatch(s)
    if m:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        return _OFFSET[m.group(1)] + n
    return None
