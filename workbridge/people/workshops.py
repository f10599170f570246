"""Group workshops: sessions, their rosters and attendance, counted as supports.

A participant who attends is given the workshop's kind of support on the day of the
session, so the participant's page, the caseload and every count of supports include it
without knowing about workshops. Marking the attendance undone removes that support.
"""

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from workbridge.accounts.access import (
    casework_organisation,
    casework_organisation_id,
    require_colleague,
    require_own,
)
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.people.choices import WORKSHOP_KINDS, Attendance
from workbridge.people.models import Participant, SupportGiven, Workshop, WorkshopSeat

WORKSHOP_FIELDS = (
    "kind",
    "title",
    "held_on",
    "starts_at",
    "location",
    "facilitator",
    "capacity",
    "notes",
)


def workshops_visible_to(user: User) -> QuerySet[Workshop]:
    """The workshops of the user's organisation, with their roster counts."""
    return (
        Workshop.objects.filter(organisation_id=casework_organisation_id(user))
        .select_related("facilitator")
        .annotate(
            registered=Count("seats"),
            attended=Count("seats", filter=Q(seats__attendance=Attendance.ATTENDED)),
        )
    )


def workshop_get_for(user: User, pk: int) -> Workshop:
    """One workshop of the user's organisation; 404 for any other."""
    return get_object_or_404(workshops_visible_to(user), pk=pk)


def _check(data: Mapping[str, Any]) -> None:
    if data.get("kind") not in WORKSHOP_KINDS:
        raise ValidationError({"kind": _("Choose a kind of workshop.")})


@transaction.atomic
def workshop_create(*, by: User, data: Mapping[str, Any]) -> Workshop:
    """Schedule a workshop."""
    organisation = casework_organisation(by)
    require_colleague(organisation, data.get("facilitator"), field="facilitator")
    _check(data)
    workshop = Workshop(
        organisation=organisation, **{k: data[k] for k in WORKSHOP_FIELDS if k in data}
    )
    workshop.full_clean(exclude=["organisation"])
    workshop.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=workshop, fields=list(data))
    return workshop


@transaction.atomic
def workshop_register(*, workshop: Workshop, by: User, participant: Participant) -> WorkshopSeat:
    """Put a participant of the organisation on the roster (once), within its places."""
    organisation = require_own(workshop, by)
    if participant.organisation_id != organisation.pk:
        raise ValidationError({"participant": _("Choose a participant of your organisation.")})
    seat = WorkshopSeat.objects.filter(workshop=workshop, participant=participant).first()
    if seat is not None:
        return seat
    if workshop.capacity and workshop.seats.count() >= workshop.capacity:
        raise ValidationError({"participant": _("The workshop is full.")})
    seat = WorkshopSeat.objects.create(workshop=workshop, participant=participant)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=seat,
        fields=["participant"],
        detail=f"workshop {workshop.pk}, participant {participant.pk}",
    )
    return seat


@transaction.atomic
def workshop_attendance_record(
    *, workshop: Workshop, by: User, attended: Collection[int], today: date
) -> dict[str, int]:
    """Record who came (participant ids); everyone else on the roster did not.

    Each attendee is given the workshop's support on its date; a support given for an
    attendance now undone is removed. Returns how many attended and did not.
    """
    require_own(workshop, by)
    if workshop.held_on > today:
        raise ValidationError(_("Attendance can be recorded once the workshop has been held."))
    seats = list(workshop.seats.select_related("participant", "support"))
    on_roster = {seat.participant_id for seat in seats}
    if set(attended) - on_roster:
        raise ValidationError(_("Only participants on the roster can be marked as attending."))
    came = missed = 0
    for seat in seats:
        if seat.participant_id in attended:
            came += 1
            if seat.support is None:
                seat.support = SupportGiven.objects.create(
                    participant=seat.participant,
                    kind=workshop.kind,
                    given_on=workshop.held_on,
                    notes=workshop.title,
                    given_by=by,
                )
            seat.attendance = Attendance.ATTENDED
        else:
            missed += 1
            if seat.support is not None:
                seat.support.delete()
                seat.support = None
            seat.attendance = Attendance.ABSENT
        seat.save(update_fields=["attendance", "support"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=workshop,
        fields=["attendance"],
        detail=f"{came} attended, {missed} did not",
    )
    return {"attended": came, "absent": missed}


def upcoming_workshops_of(participant: Participant, today: date) -> list[Workshop]:
    """The workshops the participant is registered for from today on, soonest first."""
    return list(
        Workshop.objects.filter(
            seats__participant=participant,
            seats__attendance=Attendance.REGISTERED,
            held_on__gte=today,
        ).order_by("held_on", "starts_at", "id")
    )
