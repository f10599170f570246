"""Tailored communications: message templates with merge fields, and bulk sends queued for
the task worker (the messages themselves: ``employers.messages``)."""

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.merge import unknown_fields
from workbridge.employers.messages import MERGE_FIELDS
from workbridge.employers.models import BulkSend, Contact, Employer, MessageTemplate
from workbridge.employers.tasks import bulk_send_run


@transaction.atomic
def message_template_save(
    *, by: User, data: Mapping[str, str], template: MessageTemplate | None = None
) -> MessageTemplate:
    """Create or change a template; a merge field that does not exist is an error."""
    organisation_id = casework_organisation_id(by)
    if template is not None and template.organisation_id != organisation_id:
        raise PermissionDenied
    errors = {}
    for name in ("subject_en", "body_en", "subject_es", "body_es"):
        unknown = unknown_fields(data.get(name, ""), set(MERGE_FIELDS))
        if unknown:
            errors[name] = _("Unknown merge field: %(fields)s") % {"fields": ", ".join(unknown)}
    if errors:
        raise ValidationError(errors)
    if template is None:
        template = MessageTemplate(organisation_id=organisation_id)
        for name, value in data.items():
            setattr(template, name, value)
        template.full_clean()
        template.save()
        audit_record(actor=by, action=AuditAction.UPDATE, obj=template, fields=list(data))
        return template
    changed = [name for name, value in data.items() if getattr(template, name) != value]
    for name in changed:
        setattr(template, name, data[name])
    if changed:
        template.full_clean()
        template.save(update_fields=changed)
        audit_record(actor=by, action=AuditAction.UPDATE, obj=template, fields=changed)
    return template


@transaction.atomic
def bulk_send_start(
    *,
    by: User,
    template: MessageTemplate,
    employers: Sequence[Employer],
    attach_report: bool = False,
) -> BulkSend:
    """Queue a template for every contact of the chosen employers; the worker sends it."""
    organisation_id = casework_organisation_id(by)
    if template.organisation_id != organisation_id or any(
        e.organisation_id != organisation_id for e in employers
    ):
        raise PermissionDenied
    if not employers:
        raise ValidationError({"employers": _("Choose at least one employer.")})
    ids = sorted(e.pk for e in employers)
    bulk = BulkSend.objects.create(
        organisation_id=organisation_id,
        template=template,
        employer_ids=ids,
        attach_report=attach_report,
        total=Contact.objects.filter(employer_id__in=ids).count(),
        created_by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        obj=bulk,
        fields=["message"],
        detail=f"template {template.pk} to {len(ids)} employers",
    )
    transaction.on_commit(lambda: bulk_send_run.enqueue(bulk.pk))
    return bulk
