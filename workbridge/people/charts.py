"""Charts of a participant's records, drawn server-side as SVG (page and PDF share them).

matplotlib's object API (Figure + the SVG canvas), never pyplot: no global state,
safe in threads, no display backend needed.
"""

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure

from workbridge.web.chart_style import GRID_COLOUR, RC

WIDTH_IN, HEIGHT_IN = 6.4, 2.8
LINE_COLOUR = "#1d4f91"


def _svg(figure: Figure, title: str) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
    return buffer.getvalue()


def readiness_svg(
    points: Sequence[tuple[date, Decimal | float]],
    *,
    title: str,
    y_label: str,
    empty_message: str,
) -> bytes:
    """A line of readiness scores (0–100) over time; a message instead when there are none."""
    with rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
        axes = figure.add_subplot()
        if not points:
            axes.set_axis_off()
            axes.text(0.5, 0.5, empty_message, ha="center", va="center", fontsize=11)
            return _svg(figure, title)
        dates = [d for d, _ in points]
        scores = [float(s) for _, s in points]
        axes.plot(dates, scores, color=LINE_COLOUR, marker="o", linewidth=2, markersize=5)
        for d, s in zip(dates, scores, strict=True):
            axes.annotate(f"{s:g}", (d, s), textcoords="offset points", xytext=(0, 7), ha="center")
        axes.set_ylim(0, 108)
        axes.set_yticks([0, 25, 50, 75, 100])
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        locator = AutoDateLocator(minticks=2, maxticks=7)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        if len(dates) == 1:
            # One point: give the axis a little width around it.
            axes.set_xlim(
                date.fromordinal(dates[0].toordinal() - 15),
                date.fromordinal(dates[0].toordinal() + 15),
            )
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10)
        return _svg(figure, title)


def calibration_svg(
    bins: Sequence[tuple[float, float, int]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    ideal_label: str,
    empty_message: str,
) -> bytes:
    """Observed share against mean predicted chance per bin, beside the diagonal of a
    perfectly calibrated model; a message instead when there is no model."""
    with rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, 3.6), layout="constrained")
        axes = figure.add_subplot()
        if not bins:
            axes.set_axis_off()
            axes.text(0.5, 0.5, empty_message, ha="center", va="center", fontsize=11)
            return _svg(figure, title)
        axes.plot([0, 1], [0, 1], color=GRID_COLOUR, linewidth=1.5, label=ideal_label)
        predicted = [b[0] for b in bins]
        observed = [b[1] for b in bins]
        axes.plot(predicted, observed, color=LINE_COLOUR, marker="o", linewidth=2, markersize=5)
        for p, o, n in bins:
            axes.annotate(f"n={n}", (p, o), textcoords="offset points", xytext=(0, 7), ha="center")
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.08)
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        axes.grid(color=GRID_COLOUR, linewidth=0.5)
        axes.legend(loc="upper left", frameon=False)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10)
        return _svg(figure, title)
