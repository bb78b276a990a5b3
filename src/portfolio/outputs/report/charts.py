"""Charts of the HTML report, drawn with matplotlib and returned as inline SVG.

Every chart is self-contained: its text is turned into paths (``svg.fonttype = 'path'``), drawn
from the IPAexGothic font that the ``matplotlib-fontja`` dependency ships (DejaVu Sans, which
matplotlib ships, for the few symbols IPAexGothic lacks). The SVG therefore needs no installed
font and looks the same on any PC, and a missing glyph shows up as matplotlib's "Glyph … missing
from font(s)" warning, which the tests turn into a failure.

The functions here know nothing about results: :mod:`portfolio.outputs.report` passes plain labels and
numbers (money in 億円) and gets back a :class:`Chart` with its title, axis labels, caption and
SVG. Every element id inside an SVG is prefixed with the chart's key, so several charts can sit
in one HTML document without their ids (clip paths, glyph definitions) colliding.
"""

from __future__ import annotations

import importlib.util
import io
import math
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Sequence

FONT_FAMILY = "IPAexGothic"
FALLBACK_FAMILY = "DejaVu Sans"

# Colours: one palette for the whole report (also used by the HTML legend swatches).
BLUE = "#1f5fa8"
LIGHT_BLUE = "#8fb3de"
ORANGE = "#e08a1e"
GREY = "#9aa0a6"
RED = "#c0392b"
GREEN = "#2e8b57"
SERIES = ("#1f5fa8", "#e08a1e", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400", "#2c3e50",
          "#b7950b", "#5d6d7e", "#a04000")
GROUP_COLOURS = {"national_strategic": BLUE, "emerging_foundational": ORANGE}
CLASS_COLOURS = {"core": BLUE, "borderline": ORANGE, "exterior": GREY}


@dataclass(frozen=True)
class Chart:
    key: str              # unique within a report; also the id prefix inside the SVG
    title: str
    x_label: str
    y_label: str
    caption: str          # what to read from it
    svg: str


def font_path() -> str:
    """The IPAexGothic file shipped by matplotlib-fontja, found without importing the package
    (importing it changes matplotlib's global settings)."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("matplotlib-fontja is required for the report's charts "
                                  "(pip install matplotlib-fontja)", name="matplotlib_fontja")
    return os.path.join(list(spec.submodule_search_locations)[0], "fonts", "ipaexg.ttf")


_FONT_ADDED = False


def versions() -> dict[str, str]:
    """Versions of what draws the charts (shown with the run details)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for dist in ("matplotlib", "matplotlib-fontja"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = "-"
    return out


@contextmanager
def _style() -> Iterator[None]:
    """matplotlib settings for report charts, applied only while a chart is drawn."""
    global _FONT_ADDED
    import matplotlib
    from matplotlib import font_manager

    if not _FONT_ADDED:
        font_manager.fontManager.addfont(font_path())
        _FONT_ADDED = True
    rc = {
        "font.family": [FONT_FAMILY, FALLBACK_FAMILY],
        "font.size": 9,
        "axes.titleweight": "normal",    # IPAexGothic has no bold face
        "axes.titlesize": 11,
        "axes.labelsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "svg.fonttype": "path",       # text as paths: no font needed to view the SVG
        "svg.hashsalt": "portfolio-report",   # stable ids: the same input gives the same file
        "svg.image_inline": True,
    }
    with matplotlib.rc_context(rc):
        yield


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _to_svg(fig, key: str, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "portfolio"})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]                                  # drop the XML declaration and DOCTYPE
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    prefix = re.sub(r"[^A-Za-z0-9_-]", "_", key)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    # Scales with the page: the viewBox keeps the proportions, CSS sets the width.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"', r'<svg \1', svg, count=1)
    from html import escape

    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" class="chart-svg" ', 1)
    return svg


def _finish(fig, key: str, title: str, x_label: str, y_label: str, caption: str) -> Chart:
    return Chart(key=key, title=title, x_label=x_label, y_label=y_label, caption=caption,
                 svg=_to_svg(fig, key, title))


def _money_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 or v == 0 else f"{v:,.1f}"))


def _short(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Chart types
# ---------------------------------------------------------------------------------------------


def horizontal_bars(key: str, labels: Sequence[str], values: Sequence[float], colours: Sequence[str], *,
                    title: str, x_label: str, caption: str, legend: Sequence[tuple[str, str]] = (),
                    value_format: str = "{:,.1f}", width: float = 7.0) -> Chart:
    """One bar per label (top to bottom in the order given), with its value printed at the end."""
    with _style():
        fig = _figure(width, max(1.6, 0.26 * len(labels) + 1.0))
        ax = fig.subplots()
        y = list(range(len(labels)))
        ax.barh(y, values, color=list(colours), height=0.7)
        ax.set_yticks(y, [_short(s) for s in labels])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        top = max([abs(v) for v in values] + [1e-9])
        for yi, v in zip(y, values):
            ax.text(v + 0.01 * top, yi, value_format.format(v), va="center", ha="left", fontsize=7.5)
        ax.set_xlim(0, top * 1.15)
        _money_axis(ax.xaxis)
        ax.set_xlabel(x_label)
        ax.set_title(title, loc="left")
        if legend:
            from matplotlib.patches import Patch

            ax.legend(handles=[Patch(color=c, label=lab) for lab, c in legend], loc="upper left",
                      bbox_to_anchor=(1.0, 1.0))
        return _finish(fig, key, title, x_label, "", caption)


def stacked_columns(key: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *,
                    title: str, x_label: str, y_label: str, caption: str,
                    line: tuple[str, Sequence[float]] | None = None, width: float = 7.0) -> Chart:
    """Columns stacked from `series` (name, values per category), with an optional line on top."""
    import numpy as np

    with _style():
        fig = _figure(width, 3.2)
        ax = fig.subplots()
        x = np.arange(len(categories))
        bottom = np.zeros(len(categories))
        for i, (name, vals) in enumerate(series):
            v = np.asarray(vals, dtype=float)
            ax.bar(x, v, bottom=bottom, color=SERIES[i % len(SERIES)], width=0.6, label=_short(name, 20))
            bottom += v
        if line is not None:
            ax.plot(x, list(line[1]), color="#222222", marker="D", markersize=4, linewidth=1.2, label=line[0])
        ax.set_xticks(x, list(categories))
        ax.set_ylim(0, max(list(bottom) + list(line[1] if line else [])) * 1.12 or 1.0)
        _money_axis(ax.yaxis)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.set_title(title, loc="left")
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), ncol=1)
        return _finish(fig, key, title, x_label, y_label, caption)


def frontier(key: str, budgets: Sequence[float], objectives: Sequence[float | None], *, current: float | None,
             current_objective: float | None, title: str, x_label: str, y_label: str, caption: str,
             current_label: str, step_labels: Sequence[str] = (), width: float = 7.0) -> Chart:
    """Objective against the budget, one marker per ladder step; the recommended point highlighted."""
    with _style():
        fig = _figure(width, 3.2)
        ax = fig.subplots()
        pts = [(b, o) for b, o in zip(budgets, objectives) if o is not None]
        if pts:
            ax.plot([p[0] for p in pts], [p[1] for p in pts], color=BLUE, marker="o", markersize=4.5, linewidth=1.6)
        for b, o, lab in zip(budgets, objectives, step_labels or [""] * len(budgets)):
            if o is not None and lab:
                ax.annotate(lab, (b, o), textcoords="offset points", xytext=(0, -13), ha="center", fontsize=7,
                            color="#555555")
        if current is not None and current_objective is not None:
            ax.plot([current], [current_objective], marker="*", markersize=13, color=ORANGE, linestyle="none",
                    label=current_label, zorder=5)
            ax.legend(loc="lower right")
        _money_axis(ax.xaxis)
        ax.set_xlabel(x_label)
        ax.set_ylabel(y_label)
        ax.set_title(title, loc="left")
        ax.margins(x=0.06, y=0.15)
        return _finish(fig, key, title, x_label, y_label, caption)


def tornado(key: str, labels: Sequence[str], minus: Sequence[float | None], plus: Sequence[float | None], *,
            changed: Sequence[bool], title: str, x_label: str, caption: str, minus_label: str, plus_label: str,
            changed_label: str, width: float = 7.0) -> Chart:
    """Change of the objective from its base value with each weight lowered (left) and raised (right).

    Rows are in the order given (largest swing first); a hatched bar means the portfolio changed."""
    with _style():
        fig = _figure(width, max(1.8, 0.42 * len(labels) + 1.2))
        ax = fig.subplots()
        y = list(range(len(labels)))
        for yi, lo, hi, ch in zip(y, minus, plus, changed):
            for v, colour in ((lo, LIGHT_BLUE), (hi, BLUE)):
                if v is None or not math.isfinite(v):
                    continue
                ax.barh(yi, v, color=colour, height=0.6, hatch="////" if ch else None, edgecolor="white"
                        if not ch else "#333333", linewidth=0.4)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(y, [_short(s) for s in labels])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        span = max([abs(v) for v in list(minus) + list(plus) if v is not None and math.isfinite(v)] + [1e-9])
        ax.set_xlim(-span * 1.25, span * 1.25)
        ax.set_xlabel(x_label)
        ax.set_title(title, loc="left")
        from matplotlib.patches import Patch

        handles = [Patch(color=LIGHT_BLUE, label=minus_label), Patch(color=BLUE, label=plus_label)]
        if any(changed):
            handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="////", label=changed_label))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _finish(fig, key, title, x_label, "", caption)


def weight_intervals(key: str, labels: Sequence[str], base: Sequence[float],
                     bands: Sequence[tuple[str, Sequence[float], Sequence[float]]], *, title: str, x_label: str,
                     caption: str, base_label: str, width: float = 7.0) -> Chart:
    """For each criterion, the ranges of its (normalised) weight over which the portfolio stays the same:
    `bands` are (label, lows, highs), the widest (coarsest grain) first, drawn lighter and thicker."""
    from matplotlib.lines import Line2D

    with _style():
        fig = _figure(width, max(1.6, 0.36 * len(labels) + 1.1))
        ax = fig.subplots()
        y = list(range(len(labels)))
        handles = []
        styles = [(0.22, 11), (0.4, 8), (0.7, 5)][-len(bands):] if bands else []
        for (label, low, high), (alpha, lw) in zip(bands, styles):
            for yi, lo, hi in zip(y, low, high):
                ax.plot([lo, hi], [yi, yi], color=BLUE, linewidth=lw, solid_capstyle="butt", alpha=alpha)
            handles.append(Line2D([], [], color=BLUE, alpha=alpha, linewidth=lw, label=label))
        for yi, b in zip(y, base):
            ax.plot([b], [yi], marker="|", markersize=14, markeredgewidth=2.2, color="#222222")
        ax.set_yticks(y, [_short(s) for s in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(x_label)
        ax.set_title(title, loc="left")
        handles.append(Line2D([], [], color="#222222", marker="|", markersize=12, markeredgewidth=2,
                              linestyle="none", label=base_label))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _finish(fig, key, title, x_label, "", caption)


def core_index(key: str, labels: Sequence[str], values: Sequence[float], classes: Sequence[str],
               funded: Sequence[bool], *, core: float, exterior: float, title: str, x_label: str, caption: str,
               class_labels: dict[str, str], funded_label: str, width: float = 7.0) -> Chart:
    """Share of Monte Carlo draws in which each program is funded, coloured by class, with the
    core and exterior thresholds; a dot marks programs in the recommended portfolio."""
    with _style():
        fig = _figure(width, max(1.8, 0.2 * len(labels) + 1.2))
        ax = fig.subplots()
        y = list(range(len(labels)))
        ax.barh(y, [v * 100 for v in values], color=[CLASS_COLOURS.get(c, GREY) for c in classes], height=0.72)
        fy = [yi for yi, f in zip(y, funded) if f]
        ax.plot([-2.5] * len(fy), fy, marker="o", markersize=3.2, color="#222222", linestyle="none",
                clip_on=False)
        for thr in (core, exterior):
            ax.axvline(thr * 100, color="#555555", linestyle="--", linewidth=0.8)
        ax.set_yticks(y, [_short(s, 24) for s in labels], fontsize=7 if len(labels) > 30 else 8)
        ax.invert_yaxis()
        ax.set_xlim(-4, 100)
        ax.grid(axis="y", visible=False)
        ax.set_xlabel(x_label)
        ax.set_title(title, loc="left")
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        handles = [Patch(color=CLASS_COLOURS[c], label=class_labels[c]) for c in ("core", "borderline", "exterior")]
        handles.append(Line2D([], [], marker="o", markersize=4, color="#222222", linestyle="none",
                              label=funded_label))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _finish(fig, key, title, x_label, "", caption)
