"""The employer list's rows: read as plain values, drawn as HTML in one pass.

A page of 50 rows drawn by a template loop cost more than the queries behind it (a dozen
variable lookups, conditions and escapes per row, and a translation of each choice's
label per row); plain string work costs a tenth of that. Every value is escaped here,
and every label is translated once a page.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


def employer_rows_html(rows: Sequence[EmployerRow], *, today: date) -> SafeString:
    """The table body's rows, as employer_list.html drew them."""
    marker = "987654321"
    detail_url = reverse("employers:detail", args=[int(marker)])  # one reverse() a page
    stages = {value: escape(str(label)) for value, label in Stage.choices}
    kinds = {value: escape(str(label)) for value, label in FollowUpKind.choices}
    signal_badges = {
        value: f'<span class="badge">{escape(str(label))}</span>' for value, label in Signal.choices
    }
    strategic = f' <span class="badge">{escape(str(Tier.STRATEGIC.label))}</span>'
    nobody = f'<span class="hint">{escape(_("Nobody"))}</span>'
    overdue = f' <span class="badge badge-danger">{escape(_("Overdue"))}</span>'
    due_today = f' <span class="badge badge-warn">{escape(_("Due today"))}</span>'
    none_planned = f'<span class="hint">{escape(_("None planned"))}</span>'
    written = DateTexts()
    parts = []
    for e in rows:
        owner = e.owner
        signals = "".join(
            signal_badges.get(kind) or f'<span class="badge">{escape(kind)}</span>'
            for kind in e.signals
        )
        follow_up = e.next_follow_up_on
        if follow_up is None:
            next_cell = none_planned
        else:
            next_cell = written(follow_up)
            if follow_up < today:
                next_cell += overdue
            elif follow_up == today:
                next_cell += due_today
            if e.next_follow_up_kind:
                kind = kinds.get(e.next_follow_up_kind) or escape(e.next_follow_up_kind)
                next_cell += f'<br><span class="hint">{kind}</span>'
        parts.append(
            "\n  <tr>\n"
            f'    <td><a href="{detail_url.replace(marker, str(e.pk))}">{escape(e.name)}</a>'
            f"{strategic if e.tier == Tier.STRATEGIC else ''}</td>\n"
            f"    <td>{stages.get(e.stage) or escape(e.stage)}</td>\n"
            f"    <td>{escape(owner) if owner else nobody}</td>\n"
            f"    <td>{signals or '—'}</td>\n"
            f"    <td>{written(e.last_contact_on) if e.last_contact_on else '—'}</td>\n"
            f"    <td>{next_cell}</td>\n"
            "  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)
