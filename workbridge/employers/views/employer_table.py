"""The employer list's rows: read as plain values, and what each row shows, for
employer_list.html to draw.

Labels are translated once a page, each date written once (``DateTexts``) and the detail
link built with one reverse() a page: per row, these cost more than drawing the row.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from workbridge.accounts.models import user_label
from workbridge.employers.choices import FollowUpKind, Signal, Stage, Tier
from workbridge.web.dates import DateTexts

# The columns a row is read with, in EmployerRow's order (its signals come separately).
ROW_VALUES = (
    "pk",
    "name",
    "tier",
    "stage",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "last_contact_on",
    "next_follow_up_on",
    "next_follow_up_kind",
)


@dataclass(frozen=True, slots=True)
class EmployerRow:
    """One employer as the list shows them."""

    pk: int
    name: str
    tier: str
    stage: str
    owner_first_name: str | None
    owner_last_name: str | None
    owner_username: str | None  # None when nobody owns the relationship
    last_contact_on: date | None
    next_follow_up_on: date | None
    next_follow_up_kind: str
    signals: tuple[str, ...]  # kinds, in the order of their codes

    @property
    def owner(self) -> str:
        """The owner as User.get_full_name() or their username names them; "" for nobody."""
        return user_label(self.owner_first_name, self.owner_last_name, self.owner_username)


def employer_rows_from(values: Iterable[tuple], signals: dict[int, list[str]]) -> list[EmployerRow]:
    """Rows from ROW_VALUES tuples and each employer's signal kinds."""
    return [EmployerRow(*row, signals=tuple(signals.get(row[0], ()))) for row in values]


def employer_rows_shown(rows: Sequence[EmployerRow], *, today: date) -> list[dict[str, Any]]:
    """What each row of the table shows: plain values, which the template escapes."""
    marker = "987654321"
    detail_url = reverse("employers:detail", args=[int(marker)])
    stages = {value: str(label) for value, label in Stage.choices}
    kinds = {value: str(label) for value, label in FollowUpKind.choices}
    signals = {value: str(label) for value, label in Signal.choices}
    strategic = str(Tier.STRATEGIC.label)
    written = DateTexts()
    shown = []
    for e in rows:
        follow_up = e.next_follow_up_on
        due = ""
        if follow_up is not None and follow_up < today:
            due = "overdue"
        elif follow_up == today:
            due = "today"
        kind = e.next_follow_up_kind
        shown.append(
            {
                "url": detail_url.replace(marker, str(e.pk)),
                "name": e.name,
                "tier_badge": strategic if e.tier == Tier.STRATEGIC else "",
                "stage": stages.get(e.stage) or e.stage,
                "owner": e.owner,
                "signals": [signals.get(s) or s for s in e.signals],
                "last_contact": written(e.last_contact_on) if e.last_contact_on else "",
                "follow_up": written(follow_up) if follow_up else "",
                "due": due,
                "follow_up_kind": (kinds.get(kind) or kind) if kind else "",
            }
        )
    return shown
