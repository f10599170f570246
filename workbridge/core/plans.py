"""Performance measures of an equity action plan: state, trend, staleness and sparklines.

A measure moves from a baseline towards a target in a direction. Its state is worked out
from its values alone, so it is never typed: `met` when the latest value reaches the target,
`on_track` when it has moved from the baseline the right way (or holds a target to be kept),
`off_track` otherwise, and `no_data` before the first value.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Direction = Literal["up", "down", "keep"]
State = Literal["met", "on_track", "off_track", "no_data"]
Trend = Literal["better", "worse", "flat", "none"]
Period = Literal["month", "quarter", "year"]

PERIOD_DAYS: dict[str, int] = {"month": 31, "quarter": 92, "year": 366}


@dataclass(frozen=True)
class Point:
    on: date
    value: float


def measure_state(
    *, direction: Direction, baseline: float | None, target: float | None, latest: float | None
) -> State:
    """Where the latest value stands against the target and the baseline."""
    if latest is None:
        return "no_data"
    if target is not None:
        if direction == "up" and latest >= target:
            return "met"
        if direction == "down" and latest <= target:
            return "met"
    if direction == "keep":
        if target is None:
            return "on_track"
        reference = baseline if baseline is not None else target
        return "on_track" if abs(latest - target) <= abs(reference - target) else "off_track"
    if baseline is None:
        return "off_track"
    better = latest > baseline if direction == "up" else latest < baseline
    return "on_track" if better else "off_track"


def trend(points: Sequence[Point], direction: Direction) -> Trend:
    """Whether the last value moved the right way from the one before it."""
    if len(points) < 2:
        return "none"
    before, last = points[-2].value, points[-1].value
    if last == before:
        return "flat"
    if direction == "keep":
        return "flat"
    rising = last > before
    return "better" if rising == (direction == "up") else "worse"


def is_stale(last_on: date | None, period: Period, today: date) -> bool:
    """No value for longer than the measure's reporting period."""
    if last_on is None:
        return True
    return today - last_on > timedelta(days=PERIOD_DAYS[period])


def sparkline(
    points: Sequence[Point], *, width: float = 120, height: float = 28, pad: float = 2
) -> str:
    """The `points` attribute of an SVG polyline drawing the values left to right."""
    if not points:
        return ""
    values = [p.value for p in points]
    low, high = min(values), max(values)
    span = high - low or 1.0
    step = (width - 2 * pad) / (len(values) - 1) if len(values) > 1 else 0.0
    coords = []
    for i, value in enumerate(values):
        x = pad + i * step if len(values) > 1 else width / 2
        y = height - pad - (value - low) / span * (height - 2 * pad)
        if high == low:
            y = height / 2
        coords.append(f"{x:.1f},{y:.1f}")
    return " ".join(coords)


def share_of(part: int, whole: int) -> float | None:
    """part / whole, or None for an empty whole."""
    return part / whole if whole else None


# Timelines ------------------------------------------------------------------------------

_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
_SEASON_END = {
    "spring": (0, 5, 31),
    "summer": (0, 8, 31),
    "fall": (0, 11, 30),
    "autumn": (0, 11, 30),
    "winter": (1, 2, 28),
}
ONGOING = ("ongoing", "continuous", "annual", "annually")


class TimelineError(ValueError):
    """A timeline that is neither a quarter, a season, a year, a date nor "ongoing"."""


def timeline_date(text: str) -> date | None:
    """The target date a timeline label stands for: the last day of its quarter, season or
    year ("Q3 2026", "Fall 2026", "2026", "FY2026", "2026-09-30"); None for "ongoing"."""
    words = text.strip().lower().replace(",", " ").split()
    if not words:
        return None
    if words[0] in ONGOING:
        return None
    if len(words) == 1:
        word = words[0].removeprefix("fy")
        if word.isdigit() and len(word) == 4:
            return date(int(word), 12, 31)
        try:
            return date.fromisoformat(words[0])
        except ValueError:
            raise TimelineError(text) from None
    if len(words) == 2 and words[1].removeprefix("fy").isdigit():
        year = int(words[1].removeprefix("fy"))
        head = words[0]
        if len(head) == 2 and head[0] == "q" and head[1] in "1234":
            month, day = _QUARTER_END[int(head[1])]
            return date(year, month, day)
        if head in _SEASON_END:
            later, month, day = _SEASON_END[head]
            return date(year + later, month, day)
    raise TimelineError(text)
