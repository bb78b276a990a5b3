"""The report as one HTML document: the seven sections under a header, a table of contents and the
confidentiality marking (``templates/document.html``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...core.wareki import fy_label
from ..results_xlsx import status_text
from .allocation import section_allocation
from .assumptions import section_assumptions
from .frontier import section_frontier
from .ladder import section_ladder
from .margins import section_margins
from .markup import render
from .robust import section_robust
from .run import RunInfo, section_run
from .sensitivity import section_sensitivity
from .summary import section_summary
from .text import Names, tr
from .whatif import section_whatif
from .why_not import section_why_not

if TYPE_CHECKING:
    from ...analysis.sensitivity import SensitivityResult
    from ...analysis.sweep import Ladder
    from ...core.data import SourcesSheet
    from ...engine.results import Result


def render_report(result: Result, *, lang: str = "ja", ladder: Ladder | None = None,
                  sensitivity: SensitivityResult | None = None, sources: SourcesSheet | None = None,
                  run: RunInfo | None = None, obstacles=None, whatif: dict | None = None, margins=None, frontier=None,
                  frontier_error: str = "", frontier_off: bool = False, robust=None,
                  robust_error: str = "", gates: dict | None = None) -> str:
    """The whole report as one HTML document (a str). `obstacles` (program → what keeps it out,
    :func:`portfolio.analysis.why_not.unfunded_obstacles`) names the limits in the way of each
    unfunded program in section 5; `whatif` (:func:`portfolio.analysis.whatif.whatif_payload`) adds
    section 8, the what-if page, whose script the page's CSP allows by its hash; `robust`
    (:class:`portfolio.analysis.robust.RobustResult`, or `robust_error` saying why there is none)
    adds section 10, the robust plans."""
    run = run or RunInfo()
    d = result.data
    names = Names(result, lang)
    sections = [
        section_summary(result, names, lang, ladder, sensitivity),
        section_allocation(result, names, lang),
        section_ladder(result, names, lang, ladder if result.has_solution else None, run),
        section_sensitivity(result, names, lang, sensitivity if result.has_solution else None, run),
        section_why_not(result, names, lang, ladder, sensitivity, obstacles),
        *[s for s in (section_margins(result, names, lang, margins),) if s is not None],
        section_assumptions(result, names, lang, sources, sensitivity),
        section_run(result, lang, run, ladder, sensitivity),
    ]
    sections += [s for s in (section_whatif(whatif if result.has_solution else None, lang),) if s is not None]
    sections.append(section_frontier(result, names, lang, frontier, frontier_error, frontier_off))   # 9 (#20 §1)
    # section 10, the robust plans (portfolio report --robust; :mod:`.robust`)
    sections += [s for s in (section_robust(result, names, lang, robust, robust_error),) if s is not None]
    if gates is not None:       # stage gates (issue #21): the policy's section, after the summary
        from .gates import section_gates

        sections.insert(1, section_gates(gates, lang))
    hashes = [h for s in sections for h in getattr(s, "script_hashes", ())]
    head = [(tr("model", lang), d.settings.model_name or Path(d.path).name),
            (tr("scenario", lang), d.scenario or tr("base_scenario", lang)),
            (tr("scale", lang), f"×{d.scale:g}"),
            (tr("horizon", lang), f"{fy_label(d.years[0], lang)}–{fy_label(d.years[-1], lang)}"),
            (tr("status", lang), status_text(result, lang)),
            (tr("generated", lang), run.generated())]
    return str(render("document.html", lang, html_lang=tr("html_lang", lang), sections=sections, head=head,
                      model=head[0][1], marking=d.settings.confidentiality.strip(),
                      script_src=" ".join(f"'sha256-{h}'" for h in hashes) or "'none'",
                      version=result.versions.get("portfolio", "")))


def report_charts_of(html_text: str) -> list[str]:
    """The chart keys present in a rendered report (for tests and the command's JSON)."""
    return re.findall(r'<figure class="chart" id="chart-[^"]*" data-chart="([^"]+)"', html_text)
