"""The audit of the people a placement page shows (who may open one: accounts.access)."""

from collections.abc import Iterable

from django.http import HttpRequest

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.people.models import Participant

# What the placement pages show of a participant, named for the audit log.
NAME_FIELDS = ("first_name", "last_name", "preferred_name")


def audit_view(
    request: HttpRequest,
    participants: Iterable[Participant],
    *,
    fields: Iterable[str] = NAME_FIELDS,
    detail: str,
) -> None:
    """Write one VIEW event naming the participants a page showed (none: nothing written)."""
    people = list({p.pk: p for p in participants}.values())
    if not people:
        return
    if len(people) == 1:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=people[0],
            fields=fields,
            detail=detail,
        )
        return
    ids = ", ".join(str(p.pk) for p in people)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="people.participant",
        fields=fields,
        detail=f"{detail}, {len(people)} rows: {ids}"[:300],
    )
