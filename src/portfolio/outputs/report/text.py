"""Words and numbers as the report writes them: its messages, display names and number formats.

The report's sentences are the ``report.*`` keys of the one message catalogue
(:mod:`portfolio.core.i18n`); :func:`tr` looks them up without the prefix. Numbers are formatted
here once, so every section shows money, shares and scores alike (a dash for a missing value).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ...core.i18n import t
from ...core.numbers import finite as num

if TYPE_CHECKING:
    from ...engine.results import Result


def tr(key: str, lang: str, **params) -> str:
    """The report's message `key` (a ``report.*`` key without its prefix) in `lang`."""
    return t(f"report.{key}", lang, **params)


class Names:
    """Display names in the report language, by id."""

    def __init__(self, result: Result, lang: str):
        d = result.data
        self.data = d
        self.lang = lang
        self.program = {p.id: p.name(lang) for p in d.programs}
        self.domain = {x.id: x.name(lang) for x in d.domains}
        self.source = {s.id: s.name(lang) for s in d.sources}
        self.capacity = {c.id: c.name(lang) for c in d.capacities}
        self.criterion = {c.id: c.name(lang) for c in d.criteria}

    def programs(self, ids: Iterable[str]) -> str:
        ids = list(ids)
        if not ids:
            return tr("none", self.lang)
        sep = "、" if self.lang == "ja" else ", "
        return sep.join(f"{self.program.get(p, p)}（{p}）" if self.lang == "ja" else f"{self.program.get(p, p)} ({p})"
                        for p in ids)


def label(table: dict, key: str, lang: str) -> str:
    """`key` from a (ja, en) label table, or the key itself when the table lacks it."""
    pair = table.get(key)
    return key if pair is None else pair[0 if lang == "ja" else 1]


def list_sep(lang: str) -> str:
    return "、" if lang == "ja" else ", "


def program_ids(ids: Sequence[str], lang: str) -> str:
    """Program ids, comma-separated (tables that would grow too wide with names)."""
    return ", ".join(ids) if ids else tr("none", lang)


def money(x: Any, signed: bool = False) -> str:
    v = num(x)
    if v is None:
        return "—"
    if abs(v) < 0.05:
        v = 0.0
    return f"{v:+,.1f}" if signed and v != 0 else f"{v:,.1f}"


def quantity(x: Any) -> str:
    """A non-money amount (capacity units): up to four significant digits."""
    v = num(x)
    return "—" if v is None else f"{v:,.4g}"


def share(x: Any, digits: int = 1) -> str:
    v = num(x)
    return "—" if v is None else f"{v:.{digits}%}"


def score(x: Any, digits: int = 2) -> str:
    v = num(x)
    return "—" if v is None else f"{v:,.{digits}f}"
