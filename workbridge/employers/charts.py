"""The pipeline chart as SVG, drawn with matplotlib's object API (no pyplot, no GUI).

Lines differ by marker and dash as well as colour, so the chart reads in greyscale
and for people who do not see some colours; the page also gives the same numbers
as a table.
"""

import io

from django.utils.formats import date_format
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from workbridge.employers.choices import Stage
from workbridge.employers.pipeline_stats import MonthlyMoves

# Okabe–Ito colours (distinguishable with colour-vision deficiencies), each with its own mark.
STYLES = {
    Stage.PROSPECT: ("#0072B2", "o", "-"),
    Stage.CONTACTED: ("#E69F00", "s", "--"),
    Stage.QUALIFIED: ("#009E73", "^", "-."),
    Stage.NURTURING: ("#CC79A7", "D", ":"),
    Stage.ACTIVE: ("#000000", "P", "-"),
    Stage.DORMANT: ("#56B4E9", "v", "--"),
    Stage.POOR_FIT: ("#D55E00", "X", ":"),
}


def moves_chart_svg(moves: MonthlyMoves, *, title: str, y_label: str) -> bytes:
    """Employers entering each stage per month, one line per stage."""
    labels = [date_format(m, "M Y") for m in moves.months]  # in the active language
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbridge"}):
        fig = Figure(figsize=(9, 4.2), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)  # a thread-safe canvas of its own; savefig switches to SVG
        ax = fig.add_subplot()
        x = list(range(len(labels)))
        for stage in moves.stages:
            colour, marker, dash = STYLES.get(stage, ("#444444", "o", "-"))
            ax.plot(
                x,
                moves.counts[stage],
                color=colour,
                marker=marker,
                linestyle=dash,
                linewidth=1.8,
                label=str(Stage(stage).label),
            )
        ax.set_title(title)
        ax.set_ylabel(y_label)
        ax.set_xticks(x, labels, rotation=45, ha="right")
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(bottom=0)
        ax.grid(axis="y", color="#c7ced6", linewidth=0.6)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
