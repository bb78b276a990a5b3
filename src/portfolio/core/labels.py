"""Short labels shared by every output: budget steps (×1.2), and the labels of the schema's choices
(a domain's group, a source's kind) in the output's language."""

from __future__ import annotations

from .schema import GROUPS, SOURCE_KINDS, Choice


def choice_label(choices: tuple[Choice, ...], value: str, lang: str) -> str:
    """An ENUM value by its label in `lang` (the value itself if it is not one of the choices)."""
    return next((c.label(lang) for c in choices if c.id == value), value)


def group_label(group: str, lang: str) -> str:
    """A domain's group: 国家戦略技術領域 / national strategic."""
    return choice_label(GROUPS, group, lang)


def kind_label(kind: str, lang: str) -> str:
    """A funding source's kind: 年度予算 / annual."""
    return choice_label(SOURCE_KINDS, kind, lang)


def scale_label(scale: float) -> str:
    """A budget factor as the outputs show it: ×1.2."""
    return f"×{scale:g}"
