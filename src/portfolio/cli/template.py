"""``portfolio template``: write a blank input workbook with instructions and drop-down lists."""

from __future__ import annotations

from ..core.errors import EXIT_OK
from .common import Console

NAME = "template"
HELP = "write a blank input workbook with instructions and drop-down lists"
def configure(p):
    p.add_argument("output", help="path of the blank workbook to write (.xlsx)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args, console: Console) -> int:
    from ..api import write_template

    path = write_template(args.output, lang=console.lang, force=args.force)
    console.info(("テンプレートを書き出しました: " if console.lang == "ja" else "template written: ") + str(path))
    return EXIT_OK
