"""Sending stage notices: what the task worker runs, in batches of ``BATCH``.

Each notice is written in the candidate's language from the organisation's text for the
stage (or the standard text) and sent through Django's mailer; the batch is then marked
sent. A batch the mail server refuses is marked so and the next one is tried. Queuing is
``candidates.notices``'s; this module never queues, so the two never import each other.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.equity.candidates.models import (
    CandidateContact,
    NoticeLanguage,
    NoticeStatus,
    NoticeTemplate,
    StageNotice,
)
from workbridge.equity.impact import stage_label

BATCH = 500
OPT_OUT_SALT = "workbridge.equity.notice-opt-out"


def default_template(stage: str, language: str) -> tuple[str, str]:
    """The subject and text sent for a stage when the organisation wrote none."""
    with translation.override(language):
        subject = _("Your application for {job_title}: {stage}")
        body = _(
            "Hello,\n\n"
            "Your application for {job_title} (requisition {requisition}) has moved to a "
            "new stage: {stage}.\n\n"
            "We will write again when it moves on. You do not need to do anything now.\n\n"
            "Thank you for applying."
        )
    return str(subject), str(body)


def _fill(text: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def opt_out_token(contact: CandidateContact) -> str:
    """The signed token of a candidate's opt-out link."""
    return signing.dumps(contact.pk, salt=OPT_OUT_SALT, compress=True)


def _message(notice: StageNotice, stages: list[str], templates: Mapping) -> EmailMessage:
    applicant = notice.applicant
    contact = applicant.contact
    stage = stages[min(notice.stage, len(stages) - 1)] if stages else str(notice.stage)
    language = contact.language or NoticeLanguage.ENGLISH
    with translation.override(language):
        found = templates.get((stage, language))
        subject, body = (found.subject, found.body) if found else default_template(stage, language)
        values = {
            "job_title": applicant.requisition.job_title,
            "stage": stage_label(stage),
            "requisition": applicant.requisition.external_id,
        }
        text = _fill(body, values)
        base = getattr(settings, "WORKBRIDGE_PUBLIC_URL", "")
        if base:
            link = base + reverse("candidates:opt_out", args=[opt_out_token(contact)])
            text += "\n\n" + _("To stop these updates, open %(link)s") % {"link": link}
        else:
            text += "\n\n" + _("To stop these updates, reply to this message.")
    return EmailMessage(subject=_fill(subject, values)[:200], body=text, to=[contact.email])


def stage_notices_send(*, organisation: Organisation, limit: int = BATCH) -> int:
    """Send one batch of the organisation's queued notices; how many were sent."""
    from workbridge.equity.services import equity_settings_for

    stages = list(equity_settings_for(organisation).stages)
    templates = {
        (t.stage, t.language): t for t in NoticeTemplate.objects.filter(organisation=organisation)
    }
    with transaction.atomic():
        batch = list(
            StageNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("applicant__contact", "applicant__requisition")
            .filter(organisation=organisation, status=NoticeStatus.QUEUED)
            .order_by("pk")[:limit]
        )
        if not batch:
            return 0
        messages = [_message(n, stages, templates) for n in batch]
        try:
            mailers.default.send_messages(messages)
        except Exception:  # the server refused the batch: say so on each, keep going
            StageNotice.objects.filter(pk__in=[n.pk for n in batch]).update(
                status=NoticeStatus.FAILED
            )
            return len(batch)
        StageNotice.objects.filter(pk__in=[n.pk for n in batch]).update(
            status=NoticeStatus.SENT, sent_at=timezone.now()
        )
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="equity.stagenotice",
            detail=f"{len(batch)} stage notices sent",
            organisation=organisation,
        )
    return len(batch)


def stage_notices_send_all(organisation_id: int) -> int:
    """Send every queued notice of the organisation in batches; how many were handled."""
    organisation = Organisation.objects.get(pk=organisation_id)
    total = 0
    while n := stage_notices_send(organisation=organisation):
        total += n
    return total
