"""Making feedback reports: one page per candidate, and a bulk run into one ZIP file.

What the task worker runs (``feedback_run_process``) lives here, apart from the pages'
side (``candidates.feedback``), which queues it: the two never import each other.
"""

from __future__ import annotations

import os
import tempfile
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.equity.candidates.models import (
    CandidateContact,
    ExamResult,
    FeedbackRun,
    NoticeLanguage,
)
from workbridge.web.renders import pdf_render
from workbridge.web.uploads import EXPORTS, upload_write

PROGRESS_EVERY = 10


def _number(value: float) -> str:
    return f"{value:g}"


def feedback_report(result: ExamResult) -> dict:
    """What one report shows, in plain values (the template's context for one page)."""
    exam = result.exam
    rows, resources = [], []
    for section in exam.sections:
        name = section["name"]
        score = result.section_scores.get(name)
        mark = float(section["pass_mark"])
        met = score is not None and float(score) >= mark
        rows.append(
            {
                "name": name,
                "score": None if score is None else _number(float(score)),
                "pass_mark": _number(mark),
                "met": met,
                "gap": "" if met or score is None else _number(mark - float(score)),
            }
        )
        if section.get("resources"):
            resources.append((name, section["resources"]))
    applicant = result.applicant
    return {
        "exam": exam.name,
        "taken_on": result.taken_on,
        "passed": result.passed,
        "applicant": applicant.external_id,
        "requisition": applicant.requisition.external_id,
        "job_title": applicant.requisition.job_title,
        "sections": rows,
        "resources": resources,
    }


def _language(result: ExamResult) -> str:
    try:
        return result.applicant.contact.language or NoticeLanguage.ENGLISH
    except CandidateContact.DoesNotExist:
        return NoticeLanguage.ENGLISH


def reports_pdf(results: list[ExamResult]) -> bytes:
    language = _language(results[0]) if len(results) == 1 else translation.get_language()
    with translation.override(language):
        html = render_to_string(
            "equity/candidates/feedback_pdf.html",
            {"reports": [feedback_report(r) for r in results]},
        )
    return pdf_render(html)


def results_mark_given(results: list[ExamResult]) -> None:
    now = timezone.now()
    ExamResult.objects.filter(
        pk__in=[r.pk for r in results], feedback_given_at__isnull=True
    ).update(feedback_given_at=now)


def feedback_run_results(run: FeedbackRun):
    found = ExamResult.objects.filter(organisation_id=run.organisation_id, exam_id=run.exam_id)
    if run.only_failed:
        found = found.filter(passed=False)
    return found.select_related("exam", "applicant__requisition", "applicant__contact").order_by(
        "pk"
    )


def feedback_run_process(run_id: int) -> FeedbackRun | None:
    """Make a queued run's reports into one ZIP file; None when another worker took it."""
    taken = FeedbackRun.objects.filter(pk=run_id, status=FeedbackRun.Status.QUEUED).update(
        status=FeedbackRun.Status.RUNNING
    )
    if not taken:
        return None
    run = FeedbackRun.objects.select_related("exam", "created_by").get(pk=run_id)
    results = list(feedback_run_results(run))
    handle, path = tempfile.mkstemp(suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for n, result in enumerate(results, start=1):
                name = (
                    f"{result.applicant.requisition.external_id}-{result.applicant.external_id}"
                    f"-{result.taken_on:%Y%m%d}.pdf"
                )
                archive.writestr(name.replace("/", "_"), reports_pdf([result]))
                if n % PROGRESS_EVERY == 0:
                    FeedbackRun.objects.filter(pk=run_id).update(done=n)
        with open(path, "rb") as zipped:
            stored = upload_write(EXPORTS, f"feedback-{run.pk}.zip", zipped)
    except Exception as exc:
        FeedbackRun.objects.filter(pk=run_id).update(
            status=FeedbackRun.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    finally:
        os.unlink(path)
    with transaction.atomic():
        results_mark_given(results)
        FeedbackRun.objects.filter(pk=run_id).update(
            status=FeedbackRun.Status.DONE,
            done=len(results),
            total=len(results),
            stored_file=stored,
            finished_at=timezone.now(),
        )
        audit_record(
            actor=run.created_by,
            action=AuditAction.EXPORT,
            obj=run,
            fields=("section_scores", "passed"),
            detail=f"{len(results)} feedback reports made",
            organisation=run.organisation,
        )
    run.refresh_from_db()
    return run
