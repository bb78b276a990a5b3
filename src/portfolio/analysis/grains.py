"""How alike two portfolios are: the three grains of stability.

A planner asks first whether the same programs are funded, then whether at the same levels, and
only then whether they start in the same years. "The same portfolio" at the finest grain counts a
program moving from 縮小 to 標準 as a change, which makes a plan whose set of programs is robust
look fragile. Every stability figure says at which grain it holds:

``G1`` the same set of programs funded;
``G2`` also each at the same funding level;
``G3`` also each starting in the same year (the whole portfolio).

G3 implies G2 implies G1. A portfolio is given as a mapping program → (level, start) or as
(program, level, start) triples; :func:`key` reduces it to what a grain compares.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Union

GRAINS = ("G1", "G2", "G3")
FINEST = "G3"

Portfolio = Union[Mapping[str, tuple[str, int]], Iterable[tuple[str, str, int]]]


def _triples(portfolio: Portfolio) -> list[tuple[str, str, int]]:
    if isinstance(portfolio, Mapping):
        return [(p, lv, int(st)) for p, (lv, st) in portfolio.items()]
    return [(p, lv, int(st)) for p, lv, st in portfolio]


def key(portfolio: Portfolio, grain: str) -> frozenset:
    """What `grain` compares of a portfolio: its programs (G1), with levels (G2), with starts (G3)."""
    if grain not in GRAINS:
        raise ValueError(f"unknown grain {grain!r}")
    t = _triples(portfolio)
    if grain == "G1":
        return frozenset(p for p, _, _ in t)
    if grain == "G2":
        return frozenset((p, lv) for p, lv, _ in t)
    return frozenset(t)


def same(a: Portfolio, b: Portfolio, grain: str) -> bool:
    """Whether two portfolios agree at `grain`."""
    return key(a, grain) == key(b, grain)


def finest_kept(a: Portfolio, b: Portfolio) -> str | None:
    """The finest grain at which two portfolios agree (G3 if they are the same), None if their sets differ."""
    kept = None
    for g in GRAINS:
        if not same(a, b, g):
            break
        kept = g
    return kept
