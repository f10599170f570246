"""Selection rates per group at one step, with the four-fifths line, as an SVG bar chart.

matplotlib's object API (Figure + the SVG canvas), never pyplot. Each bar carries its
rate as text, and a bar showing adverse impact is hatched and says so in words, so the
chart never relies on colour alone; the page gives the same numbers as a table.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from workbridge.web.chart_style import BAR_COLOUR, GRID_COLOUR, RC

ADVERSE_COLOUR = "#b3261e"
LINE_COLOUR = "#1f2328"


@dataclass(frozen=True)
class Bar:
    """One group's bar: its label, its selection rate (0 to 1) and the words beside it."""

    label: str
    rate: float
    text: str
    adverse: bool = False


def selection_rates_svg(
    bars: Sequence[Bar],
    *,
    four_fifths: float | None,
    title: str,
    x_label: str,
    line_label: str,
) -> bytes:
    """Horizontal bars of each group's selection rate and a dashed line at 4/5 of the best.

    `four_fifths` is four-fifths of the highest rate (0 to 1), or None when no group
    was selected; `line_label` names the line in the legend.
    """
    with rc_context(RC):
        height = 1.2 + 0.32 * max(len(bars), 1)
        figure = Figure(figsize=(6.4, height), layout="constrained")
        axes = figure.add_subplot()
        y = list(range(len(bars)))
        widths = [b.rate * 100 for b in bars]
        colours = [ADVERSE_COLOUR if b.adverse else BAR_COLOUR for b in bars]
        hatches = ["//" if b.adverse else "" for b in bars]
        drawn = axes.barh(y, widths, color=colours, height=0.6, edgecolor="white")
        for patch, hatch in zip(drawn, hatches, strict=True):
            patch.set_hatch(hatch)
        for i, bar in enumerate(bars):
            axes.text(widths[i] + 1, i, bar.text, va="center", ha="left", fontsize=8)
        if four_fifths is not None:
            axes.axvline(
                four_fifths * 100,
                color=LINE_COLOUR,
                linestyle="--",
                linewidth=1.2,
                label=line_label,
            )
            axes.legend(loc="lower right", fontsize=8, frameon=True)
        axes.set_yticks(y, [b.label for b in bars])
        axes.invert_yaxis()
        axes.set_xlim(0, 160)
        axes.set_xticks([0, 25, 50, 75, 100])
        axes.set_xlabel(x_label)
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
        return buffer.getvalue()
