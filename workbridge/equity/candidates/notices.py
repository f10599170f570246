"""Stage notices: queued by the applicant-flow import, sent later in batches by the worker.

The import calls ``stage_notices_queue`` once, inside its transaction, after the applicants
are written: every applicant the run wrote whose furthest stage is now past the stage they
were last told about gets one notice row, made by a single ``INSERT … SELECT`` (so 100,000
moved candidates cost one statement, not 100,000 objects). A notice is queued only for a
candidate with contact details; one who asked for no updates, or who has no e-mail address,
gets a row saying so, which the log counts. When the import commits, the sending task
is queued; it renders each notice in the candidate's language from the organisation's
template for the stage (or the default text) and sends through Django's mailer.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from workbridge.accounts.models import AuditAction, Organisation, User
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
# The placeholders a template may use, replaced when the notice is sent.
PLACEHOLDERS = ("{job_title}", "{stage}", "{requisition}")


def stage_notices_queue(*, organisation_id: int, run_id: int | None) -> int:
    """Queue a notice for every candidate the import moved to a new stage; how many rows.

    Runs in the import's transaction, so the notices commit (or not) with the applicants.
    """
    if run_id is None:  # a load outside a run (a test or a script) tells nobody
        return 0
    applicants = "equity_applicant"
    contacts = CandidateContact._meta.db_table
    notices = StageNotice._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {notices} "  # noqa: S608
            "(organisation_id, applicant_id, stage, status, import_run_id, created_at) "
            "SELECT a.organisation_id, a.id, a.reached, "
            "CASE WHEN c.notices_opt_out = %s THEN %s WHEN c.email = '' THEN %s ELSE %s END, "
            "%s, %s "
            f"FROM {applicants} AS a JOIN {contacts} AS c ON c.applicant_id = a.id "
            "WHERE a.import_run_id = %s AND a.organisation_id = %s "
            "AND a.reached > c.notified_stage",
            [
                True,
                NoticeStatus.OPTED_OUT.value,
                NoticeStatus.NO_ADDRESS.value,
                NoticeStatus.QUEUED.value,
                run_id,
                now,
                run_id,
                organisation_id,
            ],
        )
        created = cursor.rowcount
        if not created:
            return 0
        cursor.execute(
            f"UPDATE {contacts} SET notified_stage = a.reached "  # noqa: S608
            f"FROM {applicants} AS a WHERE a.id = {contacts}.applicant_id "
            f"AND a.import_run_id = %s AND a.reached > {contacts}.notified_stage",
            [run_id],
        )
    transaction.on_commit(lambda: _sending_queue(organisation_id))
    return created


def _sending_queue(organisation_id: int) -> None:
    from workbridge.equity.candidates.tasks import stage_notices_send_task

    stage_notices_send_task.enqueue(organisation_id)


# Templates ---------------------------------------------------------------------------------


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


def notice_templates_for(
    organisation: Organisation, stages: list[str]
) -> list[tuple[str, str, str, str, bool]]:
    """(stage, language, subject, text, written) for every stage and language."""
    written = {
        (t.stage, t.language): t for t in NoticeTemplate.objects.filter(organisation=organisation)
    }
    rows = []
    for stage in stages:
        for language in NoticeLanguage.values:
            found = written.get((stage, language))
            if found is not None:
                rows.append((stage, language, found.subject, found.body, True))
            else:
                rows.append((stage, language, *default_template(stage, language), False))
    return rows


@transaction.atomic
def notice_template_save(
    *, organisation: Organisation, stage: str, language: str, subject: str, body: str, by: User
) -> NoticeTemplate:
    """Write the text sent when a candidate reaches a stage, in one language."""
    found, _created = NoticeTemplate.objects.update_or_create(
        organisation=organisation,
        stage=stage,
        language=language,
        defaults={"subject": subject.strip(), "body": body.strip()},
    )
    audit_record(actor=by, action=AuditAction.UPDATE, obj=found, detail=f"{stage} {language}")
    return found


def _fill(text: str, values: Mapping[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def opt_out_token(contact: CandidateContact) -> str:
    """The signed token of a candidate's opt-out link."""
    return signing.dumps(contact.pk, salt=OPT_OUT_SALT, compress=True)


def opt_out_contact(token: str) -> CandidateContact | None:
    """The contact details a token names; None for a token that is not ours."""
    try:
        pk = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return CandidateContact.objects.filter(pk=pk).first()


@transaction.atomic
def contact_opt_out(*, contact: CandidateContact) -> None:
    """The candidate asked for no more status updates; their queued notices are not sent."""
    contact.notices_opt_out = True
    contact.save(update_fields=["notices_opt_out", "updated_at"])
    StageNotice.objects.filter(
        applicant_id=contact.applicant_id, status=NoticeStatus.QUEUED
    ).update(status=NoticeStatus.OPTED_OUT)
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=contact,
        fields=["notices_opt_out"],
        detail="opted out by the candidate's link",
        organisation=contact.organisation,
    )


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
