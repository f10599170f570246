"""Participants over HTTP: list, read, enrol and update, with the web pages' scoping.

Reads go through `workbridge.people.queries` (one organisation's participants, casework
roles only), writes through `workbridge.people.services` (which audit them). Every read
of personal data is written to the audit log here: one event per list page, one per record.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.queries import staff_visible_to
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.fields import path_id
from workbridge.api.schemas import (
    DETAIL_FIELDS,
    SUMMARY_FIELDS,
    ParticipantChangedOut,
    ParticipantCreateIn,
    ParticipantFilters,
    ParticipantOut,
    ParticipantPageOut,
    ParticipantUpdateIn,
)
from workbridge.people.caseload_queries import caseload_for
from workbridge.people.models import Participant
from workbridge.people.queries import participant_get_for
from workbridge.people.services import participant_enroll, participant_update

router = Router(auth=CaseworkTokenAuth(), tags=["participants"])
ParticipantId = path_id("The participant's id.")


def _assignee(by: User, user_id: int | None) -> User | None:
    """The staff member to assign: a caseworker of the caller's organisation, or a 422."""
    if user_id is None:
        return None
    assignee = staff_visible_to(by).filter(pk=user_id).first()
    if assignee is None:
        raise field_errors({"assigned_to": [_("Choose a staff member of your organisation.")]})
    return assignee


def _service_data(by: User, data: dict[str, Any]) -> dict[str, Any]:
    """Schema values as the service takes them: enums as their values, staff as users."""
    values = {name: getattr(value, "value", value) for name, value in data.items()}
    for name in ("benefits", "physical_limits"):
        if name in values:
            values[name] = [getattr(v, "value", v) for v in values[name]]
    if "assigned_to" in values:
        values["assigned_to"] = _assignee(by, values["assigned_to"])
    return values


@router.get(
    "/participants",
    response=answers({200: ParticipantPageOut}),
    operation_id="participant_list",
    url_name="participants",
    summary="List participants",
)
def participant_list(request: HttpRequest, filters: Query[ParticipantFilters]):
    """Your organisation's participants, ordered by id, a page at a time.

    The read is written to the audit log as one event for the page.
    """
    user = token_user(request)
    rows = caseload_for(
        user,
        today=timezone.localdate(),
        search=filters.search,
        assigned_to=filters.assigned_to,
        status={True: "active", False: "exited", None: "all"}[filters.active],
    ).order_by("id")
    if filters.updated_since is not None:
        since = filters.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        rows = rows.filter(updated_at__gte=since)
    count = rows.count()
    items = list(rows[filters.offset : filters.offset + filters.limit])
    # The detail is a fixed marker (not translated) so that the log can be searched for it.
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type=Participant._meta.label_lower,
        fields=SUMMARY_FIELDS,
        detail=f"api list: {len(items)} participants",
    )
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/participants/{participant_id}",
    response=answers({200: ParticipantOut}, record=True),
    operation_id="participant_detail",
    url_name="participant",
    summary="Read one participant",
)
def participant_detail(request: HttpRequest, participant_id: ParticipantId):
    """One participant's record; 404 if they are not in your organisation.

    The read is written to the audit log with the fields returned.
    """
    user = token_user(request)
    participant = participant_get_for(user, participant_id)
    audit_record(actor=user, action=AuditAction.VIEW, obj=participant, fields=DETAIL_FIELDS)
    return participant


@router.post(
    "/participants",
    response=answers({201: ParticipantOut}, body=True),
    operation_id="participant_create",
    url_name="participants",
    summary="Enrol a participant",
)
def participant_create(request: HttpRequest, payload: ParticipantCreateIn):
    """Enrol a participant in your organisation and plan their transition milestones.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    data = _service_data(user, payload.model_dump())
    try:
        participant = participant_enroll(by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, participant_get_for(user, participant.pk))


@router.patch(
    "/participants/{participant_id}",
    response=answers({200: ParticipantChangedOut}, body=True, record=True),
    operation_id="participant_update",
    url_name="participant",
    summary="Update a participant",
)
def participant_patch(
    request: HttpRequest, participant_id: ParticipantId, payload: ParticipantUpdateIn
):
    """Change some of a participant's fields; send only those. Answers which ones changed.

    Invalid input gets 422 with every error located by field, and nothing is written.
    """
    user = token_user(request)
    participant = participant_get_for(user, participant_id)
    data = _service_data(user, payload.model_dump(exclude_unset=True))
    try:
        changed = participant_update(participant=participant, by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return {"id": participant.pk, "changed": changed}
