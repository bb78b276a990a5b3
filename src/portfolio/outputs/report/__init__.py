"""The deliberation report: one self-contained HTML file for CSTI meetings.

What reaches a meeting is a few pages: what we recommend, what the budget buys at the margin and
how robust the choice is. :func:`render_report` assembles them from a solve
(:class:`~portfolio.engine.results.Result`), a budget ladder (:class:`~portfolio.analysis.sweep.Ladder`) and a
sensitivity analysis (:class:`~portfolio.analysis.sensitivity.SensitivityResult`); the last two are
optional. It reads those objects by their attributes and nothing else (no solving, no files but its
own templates) and returns the HTML text.

One module per section: :mod:`.summary` (1), :mod:`.allocation` (2: domain, funding source, lead
ministry, year, with 対前年度), :mod:`.ladder` (3), :mod:`.sensitivity` (4), :mod:`.why_not` (5),
:mod:`.assumptions` (6), :mod:`.run` (7, with :class:`RunInfo`), :mod:`.whatif` (8, the what-if
page's sliders, with its script ``whatif.js``); :mod:`.document` puts them
together, :mod:`.charts` draws the charts, :mod:`.text` holds number formats and display names, and
:mod:`.markup` the Jinja2 environment. The words are the ``report.*`` keys of the message
catalogue (:mod:`portfolio.core.i18n`); the markup is in ``templates/`` (one template per section,
the shared pieces in ``macros.html``, the page in ``document.html``), the style sheet in
``templates/report.css`` and the printed page in ``templates/page.css``.

Why Jinja2 templates rather than strings built with ``html.escape``: the report prints names, notes
and a whole sheet straight from the workbook, and the workbook may hold anything. Built by hand,
each value is safe only if someone remembered to escape it, and a cell that needed markup had to be
trusted as already-safe HTML. With Jinja2's autoescaping, escaping is the default: every value a
template prints is escaped unless it is markup already (a rendered macro, a section, the charts' SVG
marked ``|safe`` in one place), so no HTML is assembled by pasting values together, and the page
structure can be read as HTML. The cost is one dependency, Jinja2, which is small, pure Python and
widely used. Values are escaped with :func:`html.escape` (see :func:`.markup._escaped`), so the file
carries the same entities the hand-built report wrote; only whitespace between block tags differs.

The file is safe to open anywhere: charts are inline SVG with text as paths, there is no external
script, style, font or image, and a Content-Security-Policy forbids loading anything; the one script,
the what-if page's, is inline and allowed by its hash. A print
stylesheet lays it out on A4 with the Settings confidentiality marking at the top and bottom of
every page.
"""

from __future__ import annotations

from .document import render_report, report_charts_of
from .run import RunInfo

__all__ = ["RunInfo", "render_report", "report_charts_of"]
