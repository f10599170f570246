"""The caseload table's rows: read as plain values, drawn as HTML in one pass.

A page of 25 to 100 rows drawn by a template loop costs more than the queries behind it
(a dozen variable lookups, conditions and escapes per row); plain string work costs a
tenth of that. Every value is escaped here, and every label is translated once a page.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from workbridge.accounts.models import user_label
from workbridge.web.dates import DateTexts

# The columns a row is read with, in CaseloadRow's order (its flags come separately).
ROW_VALUES = (
    "pk",
    "first_name",
    "last_name",
    "preferred_name",
    "exited_on",
    "planned_exit_on",
    "last_contact_on",
    "next_milestone_due_on",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "community_area__name",
)
ROW_FLAGS = ("has_overdue_milestone", "needs_assessment", "needs_contact")


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One participant as the caseload shows them."""

    pk: int
    first_name: str
    last_name: str
    preferred_name: str
    exited_on: date | None
    planned_exit_on: date
    last_contact_on: date | None
    next_milestone_due_on: date | None
    staff_first_name: str | None
    staff_last_name: str | None
    staff_username: str | None  # None when nobody is assigned
    community_area: str | None
    has_overdue_milestone: bool
    needs_assessment: bool
    needs_contact: bool

    @property
    def display_name(self) -> str:
        """As Participant.display_name: the preferred (or first) name, then the last."""
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def staff(self) -> str:
        """The assigned staff member as User.__str__ names them; "" for nobody."""
        return user_label(self.staff_first_name, self.staff_last_name, self.staff_username)


def caseload_rows_from(
    values: Iterable[tuple], flags: dict[int, tuple[bool, bool, bool]] | None = None
) -> list[CaseloadRow]:
    """Rows from ROW_VALUES tuples, each followed by its ROW_FLAGS unless `flags` gives
    them by participant id."""
    if flags is None:
        return [CaseloadRow(*row[:12], *map(bool, row[12:15])) for row in values]
    return [CaseloadRow(*row[:12], *flags[row[0]]) for row in values]


def caseload_rows_html(rows: Sequence[CaseloadRow]) -> SafeString:
    """The table body's rows, as _caseload_table.html drew them."""
    marker = "987654321"
    detail_url = reverse("people:detail", args=[int(marker)])  # one reverse() a page
    exited = f' <span class="badge">{escape(_("Exited"))}</span>'
    nobody = f'<span class="hint">{escape(_("Nobody"))}</span>'
    never = escape(_("Never"))
    overdue = f'<span class="badge badge-danger">{escape(_("Milestone overdue"))}</span>'
    assessment = f'<span class="badge badge-warn">{escape(_("Assessment due"))}</span>'
    contact = f'<span class="badge badge-warn">{escape(_("No recent contact"))}</span>'
    nothing = f'<span class="hint">{escape(_("Nothing due"))}</span>'
    written = DateTexts()
    parts = []
    for p in rows:
        staff = p.staff
        reasons = (
            (overdue if p.has_overdue_milestone else "")
            + (assessment if p.needs_assessment else "")
            + (contact if p.needs_contact else "")
        )
        parts.append(
            "\n  <tr>\n"
            f'    <th scope="row"><a href="{detail_url.replace(marker, str(p.pk))}">'
            f"{escape(p.display_name)}</a>{exited if p.exited_on else ''}</th>\n"
            f"    <td>{escape(staff) if staff else nobody}</td>\n"
            f"    <td>{escape(p.community_area) if p.community_area else '—'}</td>\n"
            f"    <td>{written(p.planned_exit_on)}</td>\n"
            f"    <td>{written(p.last_contact_on) if p.last_contact_on else never}</td>\n"
            f"    <td>{written(p.next_milestone_due_on) if p.next_milestone_due_on else '—'}"
            "</td>\n"
            f"    <td>{reasons or nothing}</td>\n"
            "  </tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value is escaped above)
