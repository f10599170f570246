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

from django.core import signing
from django.db import connection, transaction
from django.utils import timezone

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.equity.candidates.models import (
    CandidateContact,
    NoticeLanguage,
    NoticeStatus,
    NoticeTemplate,
    StageNotice,
)
from workbridge.equity.candidates.sending import OPT_OUT_SALT, default_template
from workbridge.equity.models import Applicant

# The placeholders a template may use, replaced when the notice is sent.
PLACEHOLDERS = ("{job_title}", "{stage}", "{requisition}")


def stage_notices_queue(*, organisation_id: int, run_id: int | None) -> int:
    """Queue a notice for every candidate the import moved to a new stage; how many rows.

    Runs in the import's transaction, so the notices commit (or not) with the applicants.
    """
    if run_id is None:  # a load outside a run (a test or a script) tells nobody
        return 0
    applicants = Applicant._meta.db_table
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
