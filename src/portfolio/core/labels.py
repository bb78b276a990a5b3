"""Short labels shared by every output: budget steps (×1.2)."""

from __future__ import annotations


def scale_label(scale: float) -> str:
    """A budget factor as the outputs show it: ×1.2."""
    return f"×{scale:g}"
