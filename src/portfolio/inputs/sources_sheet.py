"""A model's free-form sources sheet (出典 / Sources): the rows that document where its figures
come from, read as text for the report's assumptions section."""

from __future__ import annotations

from pathlib import Path

from ..core.data import SourcesSheet
from ..core.errors import PortfolioError
from .reader import open_workbook

SOURCES_SHEETS = ("出典", "sources", "データソース")   # free-form sheet of a model that documents its figures


def read_sources_sheet(path: str | Path) -> SourcesSheet | None:
    """The model's free-form sources sheet (出典 / Sources), if it has one, as text rows.

    Read with the same file-safety checks as the model itself; a workbook without such a sheet,
    or one that cannot be read, gives None (the report then says so)."""
    try:
        sheets, _ = open_workbook(Path(path))
        for ws in sheets:
            if ws.title.strip().lower() not in SOURCES_SHEETS and not ws.title.strip().lower().startswith("sources"):
                continue
            grid = ws.grid
            last = max((c for cells in grid.values() for c in cells), default=0)
            rows = [[str(grid[r].get(c, "")).strip() for c in range(1, last + 1)] for r in sorted(grid)]
            rows = [r for r in rows if any(r)]
            if not rows:
                return None
            width = max(len(r) for r in rows)
            while width > 0 and not any(len(r) >= width and r[width - 1] for r in rows):
                width -= 1
            rows = [(r + [""] * width)[:width] for r in rows]
            return SourcesSheet(sheet=ws.title, header=rows[0], rows=rows[1:])
    except (PortfolioError, OSError, ValueError, KeyError):
        return None
    return None
