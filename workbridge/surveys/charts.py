"""Likert distributions as a stacked-bar SVG (matplotlib's object API, never pyplot).

One bar a question, split into the share giving each answer, lowest level on the left.
Levels differ by hatching as well as by colour, and each segment of 8% or more carries
its percentage, so nothing rests on colour alone; the page gives the same numbers as a
table.
"""

import io
import textwrap
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from workbridge.web.chart_style import RC

# From unfavourable (warm) to favourable (blue), dark enough for white text at the ends.
PALETTE = ("#8a1c1c", "#d98c5f", "#d9d9d9", "#7fa3cf", "#1d4f91", "#0f2e57", "#5c5c5c")
HATCHES = ("xx", "//", "", "..", "", "\\\\", "--")


def stacked_shares_svg(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    levels: Sequence[str],
    title: str,
    empty_text: str,
) -> bytes:
    """Horizontal 100% bars: `rows` are (question, share of each level)."""
    height = max(2.4, 1.3 + 0.55 * max(len(rows), 1))
    with rc_context(RC):
        figure = Figure(figsize=(7.2, min(height, 16)), layout="constrained")
        axes = figure.add_subplot()
        labels = ["\n".join(textwrap.wrap(label, 38)[:3]) for label, _ in rows]
        lefts = [0.0] * len(rows)
        for level_index, level in enumerate(levels):
            widths = [
                shares[level_index] if level_index < len(shares) else 0.0 for _, shares in rows
            ]
            colour = PALETTE[level_index % len(PALETTE)] if len(levels) > 2 else PALETTE[4]
            axes.barh(
                range(len(rows)),
                widths,
                left=lefts,
                color=colour,
                hatch=HATCHES[level_index % len(HATCHES)],
                edgecolor="#ffffff",
                linewidth=0.6,
                label=level,
            )
            for i, width in enumerate(widths):
                if width >= 0.08:
                    dark = colour in ("#8a1c1c", "#1d4f91", "#0f2e57", "#5c5c5c")
                    axes.text(
                        lefts[i] + width / 2,
                        i,
                        f"{width * 100:.0f}%",
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="#ffffff" if dark else "#1f2328",
                    )
            lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
        axes.set_yticks(range(len(rows)), labels)
        axes.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter(lambda v, _pos: f"{v * 100:.0f}%")
        if not rows:
            axes.text(0.5, 0.5, empty_text, transform=axes.transAxes, ha="center")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        if rows:
            figure.legend(
                loc="outside lower center", ncols=min(len(levels), 5), fontsize=8, frameon=False
            )
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
        return buffer.getvalue()
