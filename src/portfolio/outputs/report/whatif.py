"""8: the what-if page. Sliders over the budget ladder's steps and the criterion weights choose among
plans computed beforehand (:mod:`portfolio.analysis.whatif` builds them into a compact payload).

The page stays complete without scripts: the controls are hidden until the script shows them, and a
``<noscript>`` note points to sections 3 and 4. The payload is embedded as JSON in a
``<script type="application/json">`` element (``<``, ``>`` and ``&`` written as ``\\u`` escapes, so no
text from the workbook can end the element); the script (``whatif.js`` beside this module) is inlined
and allowed by its SHA-256 in the page's Content-Security-Policy, which still forbids loading anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import string
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from markupsafe import Markup

from ...core.catalogue import MESSAGES
from ...core.i18n import t
from .markup import Section, render

SECTION_ID = "whatif"
JS_PREFIX = "report.whatif.js."


@dataclass
class ScriptedSection(Section):
    """A section that carries an inline script: the page's CSP allows each by its hash."""

    script_hashes: list[str] = field(default_factory=list)


def script_text() -> str:
    """The page's script, as inlined."""
    return resources.files(__package__).joinpath("whatif.js").read_text(encoding="utf-8")


def csp_hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def json_for_html(payload: dict[str, Any]) -> Markup:
    """Compact JSON that is safe inside a <script> element."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def section_whatif(payload: dict[str, Any] | None, lang: str) -> ScriptedSection | None:
    """Section 8, or None when there is nothing to move (no solution, no ladder and no sensitivity)."""
    if payload is None:
        return None
    texts = {k[len(JS_PREFIX):]: js_template(k, lang) for k in MESSAGES if k.startswith(JS_PREFIX)}
    page = dict(payload, txt=texts, lang=lang)
    script = script_text()
    base_plan = payload["plans"][payload["cand"][0]]
    base_options = {payload["opt"][k][0]: payload["opt"][k] for k in base_plan[0]}
    programs = [dict(id=p[0], name=p[1], domain=payload["dom"][p[2]][1],
                     base=_level(payload, base_options.get(i), lang),
                     core=_share(payload["core"][i] if payload["core"] is not None else None))
                for i, p in enumerate(payload["prog"])]
    body = render("whatif.html", lang, data=json_for_html(page), script=Markup(script),
                  criteria=[c[1] for c in payload["crit"]], steps=len(payload["steps"]), base_step=payload["bs"],
                  weights=[round(w * 100) for w in payload["w0"]], domains=[d[1] for d in payload["dom"]],
                  ministries=[m[1] for m in payload["ministry"]],
                  programs=programs, has_core=payload["core"] is not None)
    return ScriptedSection(SECTION_ID, t("report.whatif.title", lang), body, script_hashes=[csp_hash(script)])


def js_template(key: str, lang: str) -> str:
    """Message `key` in `lang` with its ``{placeholders}`` left for the page's script to fill in."""
    names = {f for _, f, _, _ in string.Formatter().parse(MESSAGES[key][0]) if f}
    return t(key, lang, **{n: "{" + n + "}" for n in names})


def _share(x: float | None) -> str | None:
    return None if x is None else f"{x:.0%}"


def _level(payload: dict, option: list | None, lang: str) -> str:
    if option is None:
        return t("report.whatif.js.not_funded", lang)
    return t("report.whatif.js.level", lang, level=payload["lv"][option[1]], start=option[2])
