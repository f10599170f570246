"""When a participant is reminded of a milestone.

A milestone not yet done is due a reminder from `days_before` days before its due date
until the date itself; a milestone already past due is the case manager's to follow up,
not a reminder's. One reminder per channel per due date: moving the date sends another.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class MilestoneDue:
    milestone_id: int
    due_on: date
    done: bool
    reminded_for: frozenset[date]


def reminder_due(milestone: MilestoneDue, *, today: date, days_before: int) -> bool:
    """Whether a reminder of this milestone should go out today on a channel."""
    if milestone.done or milestone.due_on in milestone.reminded_for:
        return False
    return milestone.due_on - timedelta(days=days_before) <= today <= milestone.due_on
