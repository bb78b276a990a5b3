"""Translating a message key into Japanese (default) or English: :func:`t`.

The sentences themselves live in the one catalogue, :mod:`portfolio.core.catalogue`.
"""

from __future__ import annotations

import string

from .catalogue import MESSAGES

LANGS = ("ja", "en")


class _Formatter(string.Formatter):
    """Numbers without a format spec are shown compactly (400, 0.3, 1.5e+12), never 0.30000000000000004."""

    def format_field(self, value, format_spec):
        if not format_spec and isinstance(value, float):
            return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.3e}"
        return super().format_field(value, format_spec)


_FMT = _Formatter()


def t(key: str, lang: str = "ja", /, **params) -> str:
    """Translate `key` into `lang` and fill in `params` (which may include one named "key")."""
    ja, en = MESSAGES[key]
    text = ja if lang == "ja" else en
    try:
        return _FMT.format(text, **params)
    except (KeyError, ValueError, IndexError, TypeError):
        # A message must never crash the error path itself.
        return text + " " + ", ".join(f"{k}={v}" for k, v in params.items())
