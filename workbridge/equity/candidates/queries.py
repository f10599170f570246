"""Reads for candidates: contact details and exam results (personal, audited), the notice
log, the published timeline and the retest analysis (counts only).

Everything is scoped to the user's organisation; a row of another organisation is 404.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core.candidate_flow import (
    Attempt,
    RetestArm,
    TitleTimeline,
    retest_analysis,
    retests,
    stage_timelines,
)
from workbridge.equity.candidates.models import (
    CandidateContact,
    Exam,
    ExamResult,
    FeedbackRun,
    NoticeStatus,
    StageNotice,
)
from workbridge.equity.models import Applicant
from workbridge.equity.services import equity_settings_for

CONTACT_FIELDS = ("email", "phone", "language", "notices_opt_out")


def contacts_of(organisation: Organisation, *, requisition: str = "") -> QuerySet[CandidateContact]:
    """The organisation's candidate contact details, newest applicants first."""
    found = CandidateContact.objects.filter(organisation=organisation).select_related(
        "applicant__requisition"
    )
    if requisition:
        found = found.filter(applicant__requisition__external_id=requisition)
    return found.order_by("applicant__requisition__external_id", "applicant__external_id")


def contacts_seen(*, by: User, contacts: Sequence[CandidateContact], where: str) -> None:
    """Write to the audit log that `by` read these contact details."""
    if not contacts:
        return
    audit_record(
        actor=by,
        action=AuditAction.VIEW,
        object_type="equity.candidatecontact",
        object_id=",".join(str(c.pk) for c in contacts)[:200],
        fields=CONTACT_FIELDS,
        detail=f"{len(contacts)} candidates' contact details ({where})",
    )


def notice_totals(organisation: Organisation) -> dict[str, int]:
    """How many notices of each status, and how many candidates were sent one."""
    rows = dict(
        StageNotice.objects.filter(organisation=organisation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    totals = {status: rows.get(status, 0) for status in NoticeStatus.values}
    totals["candidates_told"] = (
        StageNotice.objects.filter(organisation=organisation, status=NoticeStatus.SENT)
        .values("applicant_id")
        .distinct()
        .count()
    )
    totals["contacts"] = CandidateContact.objects.filter(organisation=organisation).count()
    return totals


def notice_log(organisation: Organisation) -> QuerySet[Applicant]:
    """Each candidate who has notices, with counts by status and the last one's date."""
    notices = "notices"
    return (
        Applicant.objects.filter(organisation=organisation, notices__isnull=False)
        .select_related("requisition")
        .annotate(
            sent=Count(notices, filter=Q(notices__status=NoticeStatus.SENT)),
            queued=Count(notices, filter=Q(notices__status=NoticeStatus.QUEUED)),
            not_sent=Count(
                notices,
                filter=Q(
                    notices__status__in=[
                        NoticeStatus.OPTED_OUT,
                        NoticeStatus.NO_ADDRESS,
                        NoticeStatus.FAILED,
                    ]
                ),
            ),
        )
        .order_by("requisition__external_id", "external_id")
    )


def timelines_for(organisation: Organisation, *, year: int | None = None) -> list[TitleTimeline]:
    """Median days between stages per job title, small cells hidden (for publication)."""
    settings = equity_settings_for(organisation)
    rows = Applicant.objects.filter(organisation=organisation)
    if year is not None:
        rows = rows.filter(requisition__year=year)
    return stage_timelines(
        rows.values_list("requisition__job_title", "stage_dates").iterator(chunk_size=5000),
        list(settings.stages),
        min_people=settings.small_cell_threshold,
    )


def years_with_dates(organisation: Organisation) -> list[int]:
    """The report years that have applicants, newest first."""
    return sorted(
        set(
            Applicant.objects.filter(organisation=organisation)
            .values_list("requisition__year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def exams_of(organisation: Organisation) -> QuerySet[Exam]:
    """The organisation's exams with how many results, passes and feedback reports each."""
    return (
        Exam.objects.filter(organisation=organisation)
        .annotate(
            attempts=Count("results"),
            passes=Count("results", filter=Q(results__passed=True)),
            given=Count("results", filter=Q(results__feedback_given_at__isnull=False)),
        )
        .order_by("name", "pk")
    )


def exam_get_for(user: User, organisation: Organisation, pk: int) -> Exam:
    """One of the organisation's exams; 404 for another organisation's."""
    del user
    return get_object_or_404(Exam, pk=pk, organisation=organisation)


def exam_results_of(exam: Exam) -> QuerySet[ExamResult]:
    """An exam's results, newest first, with the applicant and requisition."""
    return exam.results.select_related("applicant__requisition").order_by(
        "-taken_on", "applicant__external_id"
    )


def exam_result_get_for(organisation: Organisation, pk: int) -> ExamResult:
    """One of the organisation's exam results; 404 for another organisation's."""
    return get_object_or_404(
        ExamResult.objects.select_related("exam", "applicant__requisition"),
        pk=pk,
        organisation=organisation,
    )


def feedback_run_get_for(organisation: Organisation, pk: int) -> FeedbackRun:
    """One of the organisation's bulk feedback runs; 404 for another organisation's."""
    return get_object_or_404(
        FeedbackRun.objects.select_related("exam"), pk=pk, organisation=organisation
    )


@dataclass(frozen=True)
class RetestReport:
    exam: Exam | None
    characteristic: str
    with_feedback: RetestArm
    without_feedback: RetestArm


def retest_report(
    organisation: Organisation, *, exam: Exam | None, characteristic: str = "race"
) -> RetestReport:
    """Of candidates who failed, the pass rate at the next attempt with and without
    feedback, by race/ethnicity or by sex, with the adverse-impact tests."""
    found = ExamResult.objects.filter(organisation=organisation).exclude(person_key="")
    if exam is not None:
        found = found.filter(exam=exam)
    group_field = "applicant__eeo_category" if characteristic == "race" else "applicant__sex"
    attempts = []
    for exam_id, person, taken_on, passed, group, given in found.values_list(
        "exam_id", "person_key", "taken_on", "passed", group_field, "feedback_given_at"
    ).iterator(chunk_size=5000):
        attempts.append(
            Attempt(
                f"{exam_id}:{person}",
                taken_on,
                passed,
                "not_disclosed" if group in ("", None, "prefer_not") else group,
                given.date() if given else None,
            )
        )
    with_arm, without_arm = retest_analysis(retests(attempts))
    return RetestReport(exam, characteristic, with_arm, without_arm)
