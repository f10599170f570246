"""Procedures and checklists for hiring managers and interviewers: versions and who read them.

Anyone in the organisation reads a procedure and acknowledges its current version; the
equity roles write and revise them. A revision is a new version: earlier acknowledgements
stay on the version they were given for, so the share who read the current one starts again.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, Organisation, Role, User
from workbridge.accounts.queries import membership_of
from workbridge.accounts.services import audit_record
from workbridge.interviews.models import (
    Acknowledgement,
    PanelMember,
    Procedure,
    ProcedureAudience,
    ProcedureKind,
    ProcedureVersion,
)


def _organisation_id(user: User) -> int:
    """The organisation of a member who takes part in hiring (an employer partner's login
    does not)."""
    membership = membership_of(user)
    if membership is None or membership.role == Role.EMPLOYER:
        raise PermissionDenied
    return membership.organisation_id


def procedures_visible_to(user: User) -> QuerySet[Procedure]:
    """The procedures of the user's organisation (any member may read them)."""
    return Procedure.objects.filter(organisation_id=_organisation_id(user))


def procedure_get_for(user: User, pk: int) -> Procedure:
    return get_object_or_404(procedures_visible_to(user), pk=pk)


def _check_text(title: str, body: str) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the procedure a title.")]
    if not body.strip():
        errors["body"] = [_("Write the procedure's text.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def procedure_create(
    *, organisation: Organisation, by: User, title: str, kind: str, audience: str, body: str
) -> Procedure:
    """Write a new procedure; its text is version 1."""
    _check_text(title, body)
    if kind not in ProcedureKind.values or audience not in ProcedureAudience.values:
        raise ValidationError(_("Choose a kind and an audience from the lists."))
    procedure = Procedure.objects.create(
        organisation=organisation, title=title.strip(), kind=kind, audience=audience
    )
    ProcedureVersion.objects.create(procedure=procedure, number=1, body=body, published_by=by)
    audit_record(actor=by, action=AuditAction.CREATE, obj=procedure, fields=["title", "body"])
    return procedure


@transaction.atomic
def procedure_revise(
    *, procedure: Procedure, by: User, body: str, change_note: str = ""
) -> ProcedureVersion:
    """Publish a new version; everyone is asked to read it again."""
    _check_text(procedure.title, body)
    current = procedure.current
    if current is not None and current.body == body:
        raise ValidationError({"body": _("The text is the same as the current version.")})
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=(current.number if current else 0) + 1,
        body=body,
        change_note=change_note,
        published_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=procedure,
        fields=["body"],
        detail=f"version {version.number}",
    )
    return version


@transaction.atomic
def procedure_acknowledge(*, version: ProcedureVersion, user: User) -> Acknowledgement:
    """Record that the user read this version (once)."""
    if version.procedure.organisation_id != _organisation_id(user):
        raise PermissionDenied
    acknowledgement, created = Acknowledgement.objects.get_or_create(version=version, user=user)
    if created:
        audit_record(
            actor=user,
            action=AuditAction.CREATE,
            obj=acknowledgement,
            fields=["version"],
            detail=f"procedure {version.procedure_id} version {version.number}",
        )
    return acknowledgement


def interviewer_ids(organisation: Organisation) -> set[int]:
    """Everyone who sits or sat on one of the organisation's interview panels."""
    return set(
        PanelMember.objects.filter(panel__requisition__organisation=organisation).values_list(
            "user_id", flat=True
        )
    )


def interviewers_acknowledged(procedure: Procedure) -> tuple[int, int]:
    """(interviewers who acknowledged the current version, interviewers)."""
    interviewers = interviewer_ids(procedure.organisation)
    current = procedure.current
    if current is None:
        return 0, len(interviewers)
    read = set(current.acknowledgements.values_list("user_id", flat=True))
    return len(read & interviewers), len(interviewers)
