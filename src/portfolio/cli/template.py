"""``portfolio template``: write a blank input workbook with instructions and drop-down lists."""

from __future__ import annotations

from ..core.errors import EXIT_OK, InputError
from ..core.i18n import t
from .common import Console

NAME = "template"
HELP = "cli.help.template"


def configure(p, tr):
    p.add_argument("output", help=tr("cli.help.template_output"))
    p.add_argument("--force", action="store_true", help=tr("cli.help.template_force"))
    p.add_argument("--first-year", default=None, help=tr("cli.help.template_first_year"))
    p.add_argument("--years", default=None, help=tr("cli.help.template_years"))
    p.add_argument("--program-years", default=None, help=tr("cli.help.template_program_years"))


def _count(value: str | None, option: str, low: int, high: int) -> int | None:
    """A whole number in [low, high] given to `option`, or None when not given (exit 2 otherwise)."""
    if value is None:
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        n = None
    if n is None or not low <= n <= high:
        raise InputError("err.template_option", option=option, value=value, low=low, high=high)
    return n


def run(args, console: Console) -> int:
    from ..api import write_template
    from ..core.wareki import parse_year

    first = None
    if args.first_year is not None:
        first = parse_year(str(args.first_year))
        if first is None or not 1990 <= first <= 2100:
            raise InputError("err.template_option", option="--first-year", value=args.first_year, low=1990,
                             high=2100)
    path = write_template(args.output, lang=console.lang, force=args.force, first_year=first,
                          years=_count(args.years, "--years", 1, 30),
                          program_years=_count(args.program_years, "--program-years", 1, 50))
    console.info(t("cli.template.written", console.lang, path=str(path)))
    return EXIT_OK
