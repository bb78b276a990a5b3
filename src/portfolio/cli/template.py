"""``portfolio template``: write a blank input workbook with instructions and drop-down lists."""

from __future__ import annotations

from ..core.errors import EXIT_OK
from ..core.i18n import t
from .common import Console

NAME = "template"
HELP = "cli.help.template"


def configure(p, tr):
    p.add_argument("output", help=tr("cli.help.template_output"))
    p.add_argument("--force", action="store_true", help=tr("cli.help.template_force"))


def run(args, console: Console) -> int:
    from ..api import write_template

    path = write_template(args.output, lang=console.lang, force=args.force)
    console.info(t("cli.template.written", console.lang, path=str(path)))
    return EXIT_OK
