"""Interview report charts as SVG (matplotlib's object API, never pyplot).

Each bar is labelled with its figure and the series differ by hatching as well as by
colour, so nothing rests on colour alone; every page and PDF gives the same numbers
as a table.
"""

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from workbridge.web.chart_style import GRID_COLOUR, RC

COLOURS = ("#1d4f91", "#b8c7de")
HATCHES = ("", "///")


def grouped_bars_svg(
    groups: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    x_label: str,
    x_max: float,
    percent: bool,
    reference_line: tuple[float, str] | None = None,
    empty_text: str = "",
) -> bytes:
    """Horizontal bars, one row per group and one bar per series (at most two).

    A None value draws no bar and is labelled "—". `reference_line` draws a dashed
    vertical line (the four-fifths ratio, say) with its label.
    """
    rows = max(len(groups), 1)
    height = max(2.4, 0.9 + 0.42 * rows * max(len(series), 1))
    with rc_context(RC):
        figure = Figure(figsize=(6.4, min(height, 14)), layout="constrained")
        axes = figure.add_subplot()
        bar = 0.8 / max(len(series), 1)
        for s, (name, values) in enumerate(series):
            ys = [i + s * bar for i in range(len(groups))]
            widths = [v if v is not None else 0.0 for v in values]
            axes.barh(
                ys,
                widths,
                height=bar * 0.9,
                color=COLOURS[s % 2],
                hatch=HATCHES[s % 2],
                edgecolor="#1f2328",
                linewidth=0.4,
                label=name,
            )
            for y, v in zip(ys, values, strict=True):
                text = "—" if v is None else (f"{v * 100:.0f}%" if percent else f"{v:.2f}")
                axes.text((v or 0.0) + x_max * 0.01, y, text, va="center", fontsize=8)
        axes.set_yticks([i + bar * (len(series) - 1) / 2 for i in range(len(groups))], list(groups))
        # rows top to bottom, with room above the first for the reference line's label
        axes.set_ylim(max(len(groups), 1) - 0.1, -0.9)
        axes.set_xlim(0, x_max * 1.12)
        if percent:
            axes.xaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.0f}%")
        axes.set_xlabel(x_label)
        if reference_line is not None and groups:
            at, label = reference_line
            axes.axvline(at, color="#8a1c1c", linestyle="--", linewidth=1)
            axes.text(at, -0.6, label, color="#8a1c1c", fontsize=8, ha="center")
        if not groups and empty_text:
            axes.text(0.5, 0.5, empty_text, transform=axes.transAxes, ha="center")
        axes.grid(axis="x", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if len(series) > 1:
            axes.legend(loc="lower right", fontsize=8, frameon=False)
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
        return buffer.getvalue()
