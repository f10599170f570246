"""Job development: an employer's structured profile, its other relationships with the
enterprise, and the industries and positions the program targets."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from workbridge.accounts.access import casework_organisation, casework_organisation_id, require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.employers.models import (
    BackgroundCheckPolicy,
    Counterpart,
    CounterpartKind,
    Employer,
    EmployerProfile,
    EmployerRelationship,
    ProgramTarget,
    RelationshipKind,
    TargetKind,
)

PROFILE_FIELDS = ("values", "needs", "background_check", "screening_steps")


@transaction.atomic
def employer_profile_save(
    *, employer: Employer, by: User, data: Mapping[str, Any]
) -> EmployerProfile:
    """Save the job developer's profile of the employer; only changed fields are written."""
    require_own(employer, by)
    if data.get("background_check", BackgroundCheckPolicy.UNKNOWN) not in (
        BackgroundCheckPolicy.values
    ):
        raise ValidationError({"background_check": _("Choose a policy from the list.")})
    profile, created = EmployerProfile.objects.get_or_create(employer=employer)
    changed = [n for n in PROFILE_FIELDS if n in data and getattr(profile, n) != data[n]]
    for name in changed:
        setattr(profile, name, data[name])
    profile.updated_by = by
    profile.save(update_fields=[*changed, "updated_by", "updated_at"])
    if changed or created:
        audit_record(
            actor=by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=profile,
            fields=changed,
            detail=f"employer {employer.pk}",
        )
    return profile


@transaction.atomic
def employer_relationship_add(
    *,
    employer: Employer,
    by: User,
    kind: str,
    amount: Decimal | None = None,
    since: date | None = None,
    notes: str = "",
) -> EmployerRelationship:
    """Record another tie between the employer and the enterprise."""
    require_own(employer, by)
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": _("Choose a relationship from the list.")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("The amount cannot be negative.")})
    row = EmployerRelationship.objects.create(
        employer=employer, kind=kind, amount=amount, since=since, notes=notes, created_by=by
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=row,
        fields=["kind", "amount", "since", "notes"],
        detail=f"employer {employer.pk}",
    )
    return row


def targets_visible_to(user: User) -> QuerySet[ProgramTarget]:
    """The industries and positions the user's organisation targets."""
    return ProgramTarget.objects.filter(organisation_id=casework_organisation_id(user))


@transaction.atomic
def program_target_add(*, by: User, kind: str, code: str, label: str) -> ProgramTarget:
    """Add an industry (a NAICS prefix) or a position (a SOC prefix) to the program's list."""
    organisation = casework_organisation(by)
    code = code.strip()
    errors: dict[str, list[str]] = {}
    if kind not in TargetKind.values:
        errors["kind"] = [_("Choose industry or position.")]
    elif kind == TargetKind.INDUSTRY and not (code.isdigit() and 2 <= len(code) <= 6):
        errors["code"] = [_("An industry is two to six digits of a NAICS code.")]
    elif kind == TargetKind.OCCUPATION and not _soc_prefix(code):
        errors["code"] = [_("A position is a SOC code or its start, such as 35- or 35-2014.")]
    if ProgramTarget.objects.filter(organisation=organisation, kind=kind, code=code).exists():
        errors["code"] = [_("The program already targets this code.")]
    if errors:
        raise ValidationError(errors)
    target = ProgramTarget.objects.create(
        organisation=organisation, kind=kind, code=code, label=label.strip() or code
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=target, fields=["kind", "code"])
    return target


def _soc_prefix(code: str) -> bool:
    digits = code.replace("-", "")
    return (
        2 <= len(code) <= 7
        and digits.isdigit()
        and (len(code) <= 2 or code[2] == "-")
        and code.count("-") <= 1
    )


def counterparts_visible_to(user: User) -> QuerySet[Counterpart]:
    """The departments, unions and partner organisations the user's organisation meets."""
    return Counterpart.objects.filter(organisation_id=casework_organisation_id(user))


@transaction.atomic
def counterpart_add(
    *, by: User, kind: str, name: str, contact_name: str = "", email: str = ""
) -> Counterpart:
    """Add a department, union or partner organisation to meet with."""
    organisation = casework_organisation(by)
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if kind not in CounterpartKind.values:
        errors["kind"] = [_("Choose department, union or partner organisation.")]
    if not name:
        errors["name"] = [_("Give the name.")]
    elif Counterpart.objects.filter(organisation=organisation, kind=kind, name=name).exists():
        errors["name"] = [_("This one is already on the list.")]
    if errors:
        raise ValidationError(errors)
    counterpart = Counterpart(
        organisation=organisation,
        kind=kind,
        name=name,
        contact_name=contact_name.strip(),
        email=email.strip(),
    )
    counterpart.full_clean(exclude=["organisation"])
    counterpart.save()
    audit_record(actor=by, action=AuditAction.CREATE, obj=counterpart, fields=["kind", "name"])
    return counterpart
