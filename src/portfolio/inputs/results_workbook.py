"""Reading back a results workbook this tool wrote: its hidden JSON payload (``portfolio compare``)."""

from __future__ import annotations

import json
from pathlib import Path

from ..core.schema import EMBED_SHEET
from .reader import open_workbook


def read_embedded_json(path: str | Path) -> dict | None:
    """The payload a results workbook carries (see ``ExcelWriter.embed_json``), or None if it has none."""
    sheets, _ = open_workbook(Path(path))
    ws = next((s for s in sheets if s.title == EMBED_SHEET), None)
    if ws is None:
        return None
    text = "".join(str(cells.get(1, "")) for _, cells in sorted(ws.grid.items()))
    return json.loads(text)
