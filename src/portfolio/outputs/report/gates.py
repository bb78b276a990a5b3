"""The report's section on stage gates (issue #21): the optimal policy drawn as a small decision tree
per gated program (phase 1 → gate → outcome with its probability → the decision at the gate), and
the value of flexibility and EVPI per gate in sentences made from the gated solve's tables.

It receives plain values (:func:`portfolio.api.report_gates_view`), never the solve itself; the
template draws the SVG from the coordinates computed here, and escapes every text."""

from __future__ import annotations

from typing import Any

from .markup import Section, render
from .text import list_sep, tr

ROW = 56            # px per outcome
WIDTH = 720


def section_gates(view: dict[str, Any], lang: str) -> Section:
    trees = [_tree(g, lang) for g in view["gates"]]
    sentences = [tr("gates.model", lang, method=view["method"]), tr("gates.scope", lang)]
    f = view["flexibility"]
    sentences.append(tr("gates.flexibility", lang, value=f["value"], low=f["low"], high=f["high"],
                        policy=view["policy"], committed=view["committed"], status=view["status"])
                     if f["value"] is not None else tr("gates.unknown", lang))
    for e in view["evpi"]:
        sentences.append(tr("gates.evpi", lang, gate=e["gate"], value=e["evpi"], low=e["evpi_low"], high=e["evpi_high"])
                         if e["evpi"] is not None else tr("gates.unknown", lang))
    if view.get("evpi_note"):
        sentences.append(view["evpi_note"])
    if view.get("no_gates") is not None:
        sentences.append(tr("gates.no_gates", lang, value=view["no_gates"], policy=view["policy"]))
    return Section("gates", tr("s_gates", lang), render("gates.html", lang, sentences=sentences, trees=trees))


def _tree(g: dict, lang: str) -> dict:
    """One gated program's tree: boxes and lines with their coordinates and texts."""
    outcomes = g["outcomes"]
    height = max(1, len(outcomes)) * ROW + 20
    mid = height / 2
    branches = []
    for i, o in enumerate(outcomes):
        y = 10 + ROW * i + ROW / 2
        decisions = list_sep(lang).join(
            d["label"] + (tr("gates.share", lang, share=d["share"]) if d["share"] < 1 - 1e-9 else "")
            for d in o["decisions"])
        branches.append(dict(y=y, outcome=tr("gates.outcome", lang, name=o["name"], p=o["probability"]),
                             decision=decisions, go=any(d["decision"] not in ("stop", "not_funded")
                                                        for d in o["decisions"])))
    return dict(name=g["name"], height=height, width=WIDTH, mid=mid, branches=branches,
                phase1=tr("gates.phase1", lang, p=g["phase1"]),
                gate=tr("gates.gate", lang, year=g["gate_year"]))
