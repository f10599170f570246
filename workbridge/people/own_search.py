"""The participant's own job search: applications made without a referral, and their outcomes.

Counted beside the program's referrals on the participant's page and in the outcomes, so
that a participant who finds work on their own is seen doing so.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.people.choices import ApplicationOutcome
from workbridge.people.models import OwnApplication, Participant

APPLICATION_FIELDS = ("employer_name", "position", "applied_on", "outcome", "outcome_on", "notes")


def _check(data: dict[str, Any], today: date) -> None:
    errors: dict[str, list[str]] = {}
    applied, outcome_on = data.get("applied_on"), data.get("outcome_on")
    if applied and applied > today:
        errors["applied_on"] = [_("The application date cannot be in the future.")]
    if applied and outcome_on and outcome_on < applied:
        errors["outcome_on"] = [_("The outcome cannot come before the application.")]
    if data.get("outcome") not in ApplicationOutcome.values:
        errors["outcome"] = [_("Choose an outcome from the list.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def own_application_add(
    *, participant: Participant, by: User, today: date, **data: Any
) -> OwnApplication:
    """Log an application the participant made on their own."""
    require_own(participant, by)
    data.setdefault("outcome", ApplicationOutcome.APPLIED)
    _check(data, today)
    row = OwnApplication(participant=participant, recorded_by=by, **data)
    row.full_clean(exclude=["participant"])
    row.save()
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=row,
        fields=list(data),
        detail=f"participant {participant.pk}",
    )
    return row


@transaction.atomic
def own_application_update(
    *, application: OwnApplication, by: User, today: date, **data: Any
) -> list[str]:
    """Change an application, most often its outcome; returns the fields changed."""
    require_own(application.participant, by)
    merged = {name: data.get(name, getattr(application, name)) for name in APPLICATION_FIELDS}
    _check(merged, today)
    changed = [name for name in APPLICATION_FIELDS if getattr(application, name) != merged[name]]
    if not changed:
        return []
    for name in changed:
        setattr(application, name, merged[name])
    application.full_clean(exclude=["participant"])
    application.save(update_fields=changed)
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=application,
        fields=changed,
        detail=f"participant {application.participant_id}",
    )
    return changed


def search_counts(participant: Participant) -> dict[str, int]:
    """How many applications went out: through the program's referrals and on their own."""
    own = participant.own_applications.all()
    return {
        # Referrals belong to the placements app; the reverse relation counts them here
        # without this app importing it.
        "referrals": participant.referrals.count(),  # type: ignore[attr-defined]
        "own": own.count(),
        "own_interviews": own.filter(
            outcome__in=[
                ApplicationOutcome.INTERVIEW,
                ApplicationOutcome.OFFER,
                ApplicationOutcome.HIRED,
            ]
        ).count(),
        "own_hired": own.filter(outcome=ApplicationOutcome.HIRED).count(),
    }
