"""Retention by checkpoint as an SVG bar chart (matplotlib's object API, never pyplot).

Each bar carries its percentage and "x of y" as text, so the chart never relies on
colour alone; the page gives the same numbers as a table.
"""

import io
from collections.abc import Sequence

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from workbridge.core.outcomes import Retention
from workbridge.web.chart_style import BAR_COLOUR, GRID_COLOUR, RC


def retention_svg(
    retention: Sequence[Retention],
    *,
    labels: Sequence[str],
    title: str,
    y_label: str,
    of_text: str,
    not_reached: str,
) -> bytes:
    """One bar per checkpoint: the share still in the job, with "x of y" under each figure.

    `of_text` is a translated "%(retained)s of %(reached)s" pattern; `not_reached`
    labels checkpoints no placement has reached yet.
    """
    with rc_context(RC):
        figure = Figure(figsize=(6.4, 3.0), layout="constrained")
        axes = figure.add_subplot()
        x = list(range(len(retention)))
        heights = [float(r.percent) if r.percent is not None else 0.0 for r in retention]
        axes.bar(x, heights, color=BAR_COLOUR, width=0.6)
        for i, r in enumerate(retention):
            if r.percent is None:
                axes.text(i, 2, not_reached, ha="center", va="bottom", fontsize=8)
                continue
            text = f"{r.percent:g}%\n" + of_text % {"retained": r.retained, "reached": r.reached}
            axes.text(i, heights[i] + 2, text, ha="center", va="bottom", fontsize=8)
        axes.set_xticks(x, list(labels))
        axes.set_ylim(0, 125)
        axes.set_yticks([0, 25, 50, 75, 100])
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
        return buffer.getvalue()
