"""The report's HTML: the Jinja2 templates, and the values a section hands them.

A section computes its figures in Python and hands a template plain values: text, numbers, a
:class:`Table`, a chart. The template owns the markup. Everything a template prints is escaped
unless it is markup already: a rendered macro or section, or a chart's SVG (which the templates
mark ``|safe``: matplotlib wrote it, and the only text we put into it is escaped in
:mod:`.charts`).

A table cell that needs markup is one of the small cell types below (a program with its id, a
badge, code), never an HTML string; the ``cell`` macro in ``macros.html`` draws them.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .text import tr

if TYPE_CHECKING:
    from .charts import Chart


@dataclass
class Section:
    """One numbered section of the report: its anchor, its heading, its HTML and the charts in it."""

    id: str
    title: str
    body: Markup
    charts: list[Chart] = field(default_factory=list)


@dataclass
class Table:
    """A table: `numeric` columns are right-aligned, `nowrap` ones never wrap; a row may have a class."""

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    numeric: Sequence[int] = ()
    nowrap: Sequence[int] = ()
    cls: str = ""
    row_classes: Sequence[str] = ()

    def row_class(self, r: int) -> str:
        return (self.row_classes[r] or "") if r < len(self.row_classes) else ""


@dataclass(frozen=True)
class ProgramCell:
    """A program's name followed by its id in small grey type."""

    name: str
    id: str


@dataclass(frozen=True)
class Badge:
    """A coloured label (class `cls`), followed by `text` when there is one."""

    cls: str
    label: str
    text: str | None = None


@dataclass(frozen=True)
class Code:
    """Text shown as code (the command line)."""

    text: str


def css_string(text: str) -> Markup:
    """`text` as a CSS string literal that cannot end the string or the <style> element."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ch in "\u2028\u2029":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


def _escaped(value: Any) -> Any:
    """What a template prints: markup as it is, anything else escaped.

    html.escape rather than markupsafe's escape, so the entities are the ones the report has always
    written (&quot; and &#x27;, where markupsafe writes &#34; and &#39;); None prints as nothing."""
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


@functools.cache
def environment() -> Environment:
    """The templates' environment, made once.

    A misspelt name in a template fails (StrictUndefined) rather than printing nothing. A block tag
    on a line of its own leaves no blank line behind (trim_blocks, lstrip_blocks), so the templates
    can be laid out for reading; files keep their last newline (the style sheet's, the page's)."""
    env = Environment(loader=PackageLoader(__package__, "templates"), autoescape=True, finalize=_escaped,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["css_string"] = css_string
    env.tests.update(program=lambda v: isinstance(v, ProgramCell), badge=lambda v: isinstance(v, Badge),
                     code=lambda v: isinstance(v, Code))
    return env


def render(template: str, lang: str, **context: Any) -> Markup:
    """A section's template filled in; ``t(key, …)`` in it is the report's message in `lang`."""
    text = environment().get_template(template).render(t=lambda key, **params: tr(key, lang, **params), **context)
    return Markup(text)


def paragraph(text: str, cls: str = "") -> Markup:
    return environment().get_template("macros.html").module.para(text, cls)


def notice(id_: str, title: str, text: str, cls: str = "") -> Section:
    """A section that is one sentence: omitted for want of a solution, not run, or failed."""
    return Section(id_, title, paragraph(text, cls))


def not_computed(id_: str, title: str, lang: str, error: str, failed: str, skipped: str) -> Section:
    """A section whose analysis is missing: why it failed (as a warning), or that it was not run."""
    if error:
        return notice(id_, title, tr(failed, lang, error=error), "warning")
    return notice(id_, title, tr(skipped, lang))
