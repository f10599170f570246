"""The net-resources-against-wage chart, drawn server-side as SVG (page and PDF share it).

matplotlib's object API (Figure + the SVG canvas), never pyplot, in `web.chart_style`'s look.
"""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from workbridge.core.cliff import Cliff, Curve
from workbridge.web.chart_style import BAR_COLOUR, GRID_COLOUR, RC

WIDTH_IN, HEIGHT_IN = 7.0, 3.6
CLIFF_COLOUR = "#b50909"
NOW_COLOUR = "#565c65"
OFFER_COLOUR = "#00756f"


def _money(value: float, _pos: object = None) -> str:
    return f"${value / 1000:,.0f}k" if abs(value) >= 1000 else f"${value:,.0f}"


def cliff_svg(
    curve: Curve,
    cliffs: list[Cliff],
    *,
    cause_labels: dict[str, str],
    now_net: float,
    offers: list[tuple[str, float, float]],  # (label, hourly wage, net) at the sweep's hours
    title: str,
    x_label: str,
    y_label: str,
    now_label: str,
) -> bytes:
    """Net resources a year against the hourly wage; each cliff shaded and named."""
    with rc_context(RC):
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
        axes = figure.add_subplot()
        axes.plot(curve.hourly, curve.net, color=BAR_COLOUR, linewidth=2)
        axes.axhline(now_net, color=NOW_COLOUR, linestyle="--", linewidth=1)
        axes.annotate(
            now_label,
            (curve.hourly[0], now_net),
            textcoords="offset points",
            xytext=(4, 4),
            color=NOW_COLOUR,
            fontsize=8,
        )
        top = float(max(curve.net.max(), now_net))
        for n, cliff in enumerate(cliffs):
            axes.axvspan(cliff.wage_before, cliff.wage_after, color=CLIFF_COLOUR, alpha=0.15)
            axes.annotate(
                f"{n + 1}. {cause_labels.get(cliff.cause, cliff.cause)}",
                (cliff.wage_after, cliff.net_after),
                textcoords="offset points",
                xytext=(6, -14 - 10 * (n % 3)),
                color=CLIFF_COLOUR,
                fontsize=8,
            )
        for label, wage, net in offers:
            axes.plot([wage], [net], marker="o", color=OFFER_COLOUR, markersize=6)
            axes.annotate(
                label,
                (wage, net),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                color=OFFER_COLOUR,
                fontsize=8,
            )
        axes.set_ylim(bottom=0, top=top * 1.12 if top > 0 else 1)
        axes.set_xlim(float(curve.hourly[0]), float(curve.hourly[-1]))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"${v:,.0f}"))
        axes.yaxis.set_major_formatter(FuncFormatter(_money))
        axes.set_xlabel(x_label)
        axes.set_ylabel(y_label)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(title, loc="left", fontsize=10)
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Title": title, "Date": None})
        return buffer.getvalue()
