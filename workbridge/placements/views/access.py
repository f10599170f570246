"""What every placement page checks first, and the audit of the people a page shows."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from workbridge.accounts.models import AuditAction, Role
from workbridge.accounts.queries import role_of, user_does_casework
from workbridge.accounts.services import audit_record
from workbridge.people.models import Participant
from workbridge.people.queries import participant_get_for

# What the placement pages show of a participant, named for the audit log.
NAME_FIELDS = ("first_name", "last_name", "preferred_name")


def require_casework(user) -> None:
    """Case managers, job developers, program directors and administrators; others get 403."""
    if not user_does_casework(user):
        raise PermissionDenied


def require_manager(user) -> None:
    """Program directors and administrators; everyone else gets 403."""
    if role_of(user) not in (Role.ADMIN, Role.MANAGER):
        raise PermissionDenied


def user_manages(user) -> bool:
    return role_of(user) in (Role.ADMIN, Role.MANAGER)


def casework_participant(request: HttpRequest, pk: int) -> Participant:
    """The URL's participant: 403 for roles without casework, 404 across organisations."""
    require_casework(request.user)
    return participant_get_for(request.user, pk)


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
