"""Fiscal-year labels: FY2026 (令和8年度)."""

from __future__ import annotations


def reiwa(year: int) -> str:
    n = year - 2018
    if n >= 1:
        return "令和元年度" if n == 1 else f"令和{n}年度"
    return f"平成{year - 1988}年度"


def fy_label(year: int, lang: str = "ja") -> str:
    """'FY2026 (令和8年度)' style label; English readers see the same (the era name helps Japanese ones)."""
    return f"FY{year}（{reiwa(year)}）" if lang == "ja" else f"FY{year}"
