"""A report's chart as SVG: horizontal grouped bars (matplotlib's object API, never pyplot).

Each bar carries its figure as text and each series its own hatch as well as its
colour, so the chart never relies on colour alone; a hidden figure is written as
such. The page and the PDF show the same numbers as a table.
"""

import base64
import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from workbridge.equity.reports import Chart
from workbridge.web.chart_style import GRID_COLOUR
from workbridge.web.chart_style import RC as STYLE
from workbridge.web.renders import chart_cached

# Colour-blind-safe (Okabe-Ito), each with a hatch.
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--", "++"]
RC = {**STYLE, "font.size": 8, "hatch.linewidth": 0.6}


def _figure_text(value: float, unit: str) -> str:
    return f"{value:g}%" if unit == "percent" else f"{value:g}"


def chart_svg(chart: Chart, *, hidden_text: str) -> bytes:
    """Grouped horizontal bars: one group of bars per category, one bar per series."""
    n_categories = max(1, len(chart.categories))
    n_series = max(1, len(chart.series))
    height = min(12.0, 1.0 + n_categories * (0.16 * n_series + 0.18))
    with rc_context(RC):
        figure = Figure(figsize=(7.0, height), layout="constrained")
        axes = figure.add_subplot()
        bar = 0.8 / n_series
        largest = (
            max(
                [
                    float(c.shown)
                    for _n, cells in chart.series
                    for c in cells
                    if c.shown is not None
                ],
                default=0.0,
            )
            or 1.0
        )
        for s, (name, cells) in enumerate(chart.series):
            ys = [c + s * bar for c in range(len(chart.categories))]
            values = [None if c.shown is None else float(c.shown) for c in cells]
            widths = [v or 0.0 for v in values]
            axes.barh(
                ys,
                widths,
                height=bar * 0.9,
                color=COLOURS[s % len(COLOURS)],
                hatch=HATCHES[s % len(HATCHES)],
                edgecolor="#ffffff" if s % len(COLOURS) != 7 else "#888888",
                label=name,
            )
            for y, v, cell in zip(ys, values, cells, strict=True):
                if cell.hidden:
                    text = hidden_text
                elif v is None:
                    text = "—"
                else:
                    text = _figure_text(v, chart.unit)
                axes.text((v or 0.0) + largest * 0.01, y, text, va="center", ha="left", fontsize=7)
        centres = [c + bar * (n_series - 1) / 2 for c in range(len(chart.categories))]
        axes.set_yticks(centres, [c[:48] for c in chart.categories])
        axes.invert_yaxis()
        axes.set_xlim(0, largest * 1.2)
        axes.set_xlabel(chart.axis_label)
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if len(chart.series) > 1:
            axes.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7, frameon=False)
        axes.set_title(chart.title, loc="left", fontsize=9)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": chart.title, "Date": None})
        return buffer.getvalue()


def chart_data_uri(chart: Chart, *, hidden_text: str) -> str:
    """The chart as a data: URI for an <img>, so page and PDF embed it without a request."""
    svg = chart_cached(
        repr(("report-chart", chart, hidden_text)),
        lambda: chart_svg(chart, hidden_text=hidden_text),
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
