"""Writes for job openings and the living-wage table."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id, require_manager
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.employers.models import Employer
from workbridge.jobs.models import HouseholdType, JobOpening, LivingWage
from workbridge.people.models import ZipCode

OPENING_FIELDS = (
    "external_id",
    "title",
    "occupation",
    "hourly_wage",
    "hours_per_week",
    "shifts",
    "schedule_stable",
    "health_insurance",
    "paid_leave",
    "retirement",
    "career_pathway",
    "physical_demands",
    "required_skills",
    "work_environment",
    "location",
    "zip_code",
    "transit_access",
    "fair_chance",
    "positions",
    "status",
    "posted_on",
    "closes_on",
)


def _apply(opening: JobOpening, data: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in data.items():
        if name not in OPENING_FIELDS:
            raise ValueError(f"Not an opening field: {name}")
        try:
            current = getattr(opening, name)
        except ObjectDoesNotExist:  # a required relation not yet set
            current = None
        if current != value:
            setattr(opening, name, value)
            changed.append(name)
    if "zip_code" in changed:
        row = ZipCode.objects.filter(zip=opening.zip_code).first()
        opening.community_area_id = row.community_area_id if row else None
        changed.append("community_area")
    if opening.closes_on and opening.posted_on and opening.closes_on < opening.posted_on:
        raise ValidationError({"closes_on": _("An opening cannot close before it is posted.")})
    if opening.location is not None and opening.location.employer_id != opening.employer_id:
        raise ValidationError({"location": _("Choose one of this employer's locations.")})
    return changed


@transaction.atomic
def opening_create(*, by: User, employer: Employer, data: Mapping[str, Any]) -> JobOpening:
    """Add an opening at one of the organisation's employers."""
    organisation_id = casework_organisation_id(by)
    if employer.organisation_id != organisation_id:
        raise PermissionDenied
    opening = JobOpening(organisation_id=organisation_id, employer=employer)
    changed = _apply(opening, data)
    opening.full_clean()
    opening.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=opening, fields=changed)
    return opening


@transaction.atomic
def opening_update(*, opening: JobOpening, by: User, data: Mapping[str, Any]) -> list[str]:
    """Change an opening's fields given in `data`; returns the names of those that changed."""
    if opening.organisation_id != casework_organisation_id(by):
        raise PermissionDenied
    changed = _apply(opening, data)
    if changed:
        opening.full_clean()
        opening.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=by, action=AuditAction.UPDATE, obj=opening, fields=changed)
    return changed


@transaction.atomic
def living_wage_set(
    *,
    by: User,
    year: int,
    household_type: str,
    hourly_wage: Decimal,
    source: str,
    area: str = "Cook County, IL",
) -> LivingWage:
    """Set one figure of the living-wage table (administrators and program directors)."""
    require_manager(by)
    if household_type not in HouseholdType.values:
        raise ValidationError({"household_type": _("Choose a household type.")})
    if hourly_wage <= 0:
        raise ValidationError({"hourly_wage": _("Enter a wage above zero.")})
    row, _created = LivingWage.objects.update_or_create(
        area=area,
        year=year,
        household_type=household_type,
        defaults={"hourly_wage": hourly_wage, "source": source},
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=row, fields=["hourly_wage", "source"])
    return row
