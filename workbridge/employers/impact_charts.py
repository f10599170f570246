"""The community impact charts and the map of Chicago's community areas, as SVG drawn here.

Small hand-written SVG rather than matplotlib: the same markup goes into the page and,
unchanged, into the PDF (WeasyPrint draws inline SVG), it needs no render cache, and every
label is text a screen reader and a translator can reach. Colours are attributes, not
styles, so the strict content security policy holds. Every chart has a title and the page
gives the same numbers as a table.
"""

import csv
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1d4f91"
BENCHMARK = "#d55e00"
GRID = "#c7ced6"
TEXT = "#1f2328"
# A sequential blue scale (ColorBrewer Blues, 5 classes), light to dark; grey for none.
SCALE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NONE = "#f0f0f0"
HATCH = "#a0a0a0"
_SHAPES = Path(__file__).resolve().parent / "data" / "community_area_shapes.csv"
MAP_WIDTH, MAP_HEIGHT = 400, 489


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # a share 0..1; None when hidden
    words: str  # what the bar's end says ("82%", "hidden")
    benchmark: float | None = None


def bar_chart(title: str, bars: Sequence[Bar], *, benchmark_label: str = "") -> SafeString:
    """Horizontal bars of shares, with an optional benchmark tick on each."""
    row = 26
    left, width = 250, 200
    height = 34 + row * len(bars) + (22 if benchmark_label else 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="impact-chart" role="img" '
        f'viewBox="0 0 520 {height}" width="520" height="{height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="bold" fill="{TEXT}">{escape(title)}</text>',
    ]
    for n, bar in enumerate(bars):
        y = 30 + n * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{TEXT}">'
            f"{escape(bar.label)}</text>"
        )
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{width}" height="16" fill="none" '
            f'stroke="{GRID}"/>'
        )
        if bar.value is not None:
            w = max(0.0, min(1.0, bar.value)) * width
            parts.append(f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="16" fill="{BAR}"/>')
        if bar.benchmark is not None:
            x = left + max(0.0, min(1.0, bar.benchmark)) * width
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + 22}" '
                f'stroke="{BENCHMARK}" stroke-width="3"/>'
            )
        parts.append(
            f'<text x="{left + width + 6}" y="{y + 15}" fill="{TEXT}">{escape(bar.words)}</text>'
        )
    if benchmark_label:
        y = 34 + row * len(bars)
        parts.append(
            f'<line x1="{left}" x2="{left}" y1="{y}" y2="{y + 14}" stroke="{BENCHMARK}" '
            f'stroke-width="3"/><text x="{left + 8}" y="{y + 12}" fill="{TEXT}">'
            f"{escape(benchmark_label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


@functools.cache
def _shapes() -> list[tuple[int, float, float, str]]:
    with _SHAPES.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        return [
            (int(r["number"]), float(r["label_x"]), float(r["label_y"]), r["path"])
            for r in csv.DictReader(lines)
        ]


def community_map(
    title: str,
    values: Mapping[int, float],
    names: Mapping[int, str],
    *,
    words: Mapping[int, str],
    hidden: frozenset[int] = frozenset(),
    outlined: frozenset[int] = frozenset(),
    legend: Sequence[str] = (),
) -> SafeString:
    """Chicago's 77 community areas shaded by `values` (five equal steps up to the largest).

    Hidden areas are grey with a dashed edge; `outlined` areas (the priority communities)
    get a thick edge. Each area carries its name and `words` as a tooltip title.
    """
    top = max(values.values(), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="impact-map" role="img" '
        f'viewBox="0 0 {MAP_WIDTH + 170} {MAP_HEIGHT}" width="{MAP_WIDTH + 170}" '
        f'height="{MAP_HEIGHT}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for number, _x, _y, path in _shapes():
        value = values.get(number)
        if number in hidden:
            fill, dash = NONE, ' stroke-dasharray="2,2"'
        elif value:
            step = min(len(SCALE) - 1, int(len(SCALE) * value / top - 1e-9))
            fill, dash = SCALE[step], ""
        else:
            fill, dash = "#ffffff", ""
        edge = (
            'stroke="#000000" stroke-width="1.6"'
            if number in outlined
            else (f'stroke="{HATCH}" stroke-width="0.5"')
        )
        label = names.get(number, str(number))
        said = words.get(number, "")
        parts.append(
            f'<path d="{path}" fill="{fill}" {edge}{dash}>'
            f"<title>{escape(label)}{': ' + escape(said) if said else ''}</title></path>"
        )
    x0 = MAP_WIDTH + 10
    for n, line in enumerate(legend):
        if not line:
            continue
        y = 20 + n * 20
        colour = SCALE[n] if n < len(SCALE) else NONE
        parts.append(
            f'<rect x="{x0}" y="{y - 11}" width="14" height="14" fill="{colour}" '
            f'stroke="{HATCH}"/><text x="{x0 + 20}" y="{y}" fill="{TEXT}">{escape(line)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def map_legend(top: float, fmt, *, hidden: str, priority: str) -> list[str]:
    """The five steps' ranges in words, then the hidden and priority keys."""
    if not top:
        return ["", "", "", "", "", hidden, priority]
    steps = [fmt(top * (n + 1) / len(SCALE)) for n in range(len(SCALE))]
    return [f"≤ {s}" for s in steps] + [hidden, priority]
