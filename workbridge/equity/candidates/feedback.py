"""Feedback reports after a test: each section against its pass mark, and how to prepare.

One candidate's report is made during the request; many are made by the task worker into
one ZIP file (a PDF per candidate), with progress saved on the ``FeedbackRun`` after each.
A result counts as "feedback given" from the first time its report is made; that date is
what the retest analysis compares. Every report made is written to the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.equity.candidates.feedback_work import (
    feedback_run_results,
    reports_pdf,
    results_mark_given,
)
from workbridge.equity.candidates.models import Exam, ExamResult, FeedbackRun
from workbridge.web.uploads import EXPORTS, upload_open

STALE_AFTER = timedelta(minutes=10)


def feedback_pdf(*, result: ExamResult, by: User) -> bytes:
    """One candidate's feedback report, in their language; marks the feedback given."""
    body = reports_pdf([result])
    with transaction.atomic():
        results_mark_given([result])
        audit_record(
            actor=by,
            action=AuditAction.EXPORT,
            obj=result,
            fields=("section_scores", "passed"),
            detail="feedback report",
        )
    return body


@transaction.atomic
def feedback_run_start(*, exam: Exam, only_failed: bool, by: User) -> FeedbackRun:
    """Queue the reports of an exam's candidates (or only those who did not pass)."""
    run = FeedbackRun.objects.create(
        organisation_id=exam.organisation_id, exam=exam, only_failed=only_failed, created_by=by
    )
    run.total = feedback_run_results(run).count()
    run.save(update_fields=["total"])
    audit_record(actor=by, action=AuditAction.CREATE, obj=run, detail=f"{run.total} reports")
    from workbridge.equity.candidates.tasks import feedback_run_execute

    transaction.on_commit(lambda: feedback_run_execute.enqueue(run.pk))
    return run


def feedback_run_open(run: FeedbackRun):
    """The ready ZIP file, open for reading."""
    return upload_open(EXPORTS, run.stored_file)


def feedback_runs_stale_fail() -> int:
    """Mark runs whose worker stopped as failed, so they can be started again."""
    return FeedbackRun.objects.filter(
        status__in=[FeedbackRun.Status.QUEUED, FeedbackRun.Status.RUNNING],
        created_at__lt=timezone.now() - STALE_AFTER * 6,
    ).update(status=FeedbackRun.Status.FAILED, finished_at=timezone.now())
