"""Sourcing partners: when a partner's status report is due, and active partnerships
against the plan's baseline. Pure: dates and integers in, dataclasses out."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_due(
    *, since: date | None, last_period_end: date | None, every_months: int
) -> date | None:
    """The end of the next period a partner owes a status report for.

    The first period starts at `since` (the agreement's start); after that each report
    covers the `every_months` after the last period reported. None when no reports are
    asked for (`every_months` 0) or there is no date to count from.
    """
    if every_months <= 0:
        return None
    start = last_period_end or since
    if start is None:
        return None
    return add_months(start, every_months)


@dataclass(frozen=True)
class PartnershipProgress:
    """Active partnerships against a baseline and the plan's increase over it."""

    active: int
    baseline: int
    increase_percent: int

    @property
    def target(self) -> int:
        """The number of partnerships that meets the increase (rounded up)."""
        return math.ceil(self.baseline * (100 + self.increase_percent) / 100)

    @property
    def change(self) -> float | None:
        """(active − baseline) ÷ baseline: 0.5 is half as many again; None with no baseline."""
        if self.baseline <= 0:
            return None
        return (self.active - self.baseline) / self.baseline

    @property
    def met(self) -> bool:
        return self.baseline > 0 and self.active >= self.target

    @property
    def still_needed(self) -> int:
        return max(0, self.target - self.active)
