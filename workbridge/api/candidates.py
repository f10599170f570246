"""Candidate communication and exam feedback in the API.

Contact details and exam results are personal data: only program directors' and
administrators' tokens read them (an analyst's token gets 403), and every read is written
to the audit log. The notice totals, the timeline and the retest analysis are counts,
medians and tests, open to every equity role; a timeline median resting on fewer people
than the organisation's smallest published count is null.
"""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.api.auth import EquityTokenAuth, token_user
from workbridge.api.errors import answers, query_errors
from workbridge.api.fields import QueryId, QueryInt, QuerySchema, path_id
from workbridge.api.schemas import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from workbridge.equity.access import require_equity
from workbridge.equity.candidates.access import require_candidates
from workbridge.equity.candidates.models import Exam
from workbridge.equity.candidates.queries import (
    contacts_of,
    contacts_seen,
    exam_get_for,
    exam_results_of,
    notice_totals,
    retest_report,
    timelines_for,
)

router = Router(auth=EquityTokenAuth(), tags=["candidates"])
ExamId = path_id("The exam's id.")


def _candidate_organisation(user: User):
    try:
        return require_candidates(user)
    except Exception as exc:
        raise HttpError(
            403, _("Your role does not give access to candidates' personal data.")
        ) from exc


class PageQuery(QuerySchema):
    limit: QueryInt = Query(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}."
    )
    offset: QueryInt = Query(
        0, ge=0, le=MAX_OFFSET, description=f"How many rows to skip, 0 to {MAX_OFFSET:,}."
    )


class CandidateContactOut(Schema):
    requisition_id: str
    applicant_id: str
    email: str
    phone: str
    language: str = Field(description="en or es.")
    notices_opt_out: bool
    notified_stage: int = Field(description="The furthest stage the candidate was told about.")


class CandidateContactPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CandidateContactOut]


class NoticeTotalsOut(Schema):
    queued: int
    sent: int
    opted_out: int
    no_address: int
    failed: int
    candidates_told: int
    contacts: int


class IntervalOut(Schema):
    from_stage: str
    to_stage: str
    people: int
    median_days: float | None = Field(description="Null when too few people to publish.")


class TimelineOut(Schema):
    job_title: str
    applicants: int
    intervals: list[IntervalOut]
    overall: IntervalOut


class TimelineListOut(Schema):
    year: int | None
    threshold: int
    items: list[TimelineOut]


class TimelineQuery(QuerySchema):
    year: QueryInt | None = Query(None, ge=1900, le=2999, description="Only this report year.")


class ResultOut(Schema):
    id: int
    requisition_id: str
    applicant_id: str
    taken_on: date
    section_scores: dict[str, float]
    passed: bool
    feedback_given: bool


class ResultPageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ResultOut]


class RetestGroupOut(Schema):
    group: str
    retests: int
    passed: int
    pass_rate: float | None
    impact_ratio: float | None
    adverse_impact: bool
    fisher_p_two_sided: float | None
    significant: bool
    is_reference: bool


class ArmOut(Schema):
    with_feedback: bool
    retests: int
    passed: int
    pass_rate: float | None
    reference_group: str | None
    groups: list[RetestGroupOut]


class RetestOut(Schema):
    exam_id: int | None
    characteristic: str
    arms: list[ArmOut]


class RetestQuery(QuerySchema):
    exam_id: QueryId | None = Query(None, description="Only this exam; omitted: all exams.")
    characteristic: Literal["race", "sex"] = Query("race", description="Groups by race or sex.")


@router.get(
    "/candidates/contacts",
    response=answers({200: CandidateContactPageOut}),
    operation_id="candidate_contact_list",
    url_name="candidate_contacts",
    summary="List candidates' contact details",
)
def contact_list(request: HttpRequest, page: Query[PageQuery]):
    """Candidates' contact details, by requisition and applicant, a page at a time.

    Program directors and administrators only; the read is written to the audit log.
    """
    user = token_user(request)
    organisation = _candidate_organisation(user)
    rows = contacts_of(organisation)
    count = rows.count()
    items = list(rows[page.offset : page.offset + page.limit])
    contacts_seen(by=user, contacts=items, where="api")
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                "requisition_id": c.applicant.requisition.external_id,
                "applicant_id": c.applicant.external_id,
                "email": c.email,
                "phone": c.phone,
                "language": c.language,
                "notices_opt_out": c.notices_opt_out,
                "notified_stage": c.notified_stage,
            }
            for c in items
        ],
    }


@router.get(
    "/candidates/notices",
    response=answers({200: NoticeTotalsOut}),
    operation_id="candidate_notice_totals",
    url_name="candidate_notices",
    summary="Stage notices by status",
)
def notice_counts(request: HttpRequest):
    """How many stage notices are waiting, sent or not sent (and why), how many candidates
    were sent one, and how many have contact details."""
    return notice_totals(require_equity(token_user(request)))


@router.get(
    "/candidates/timeline",
    response=answers({200: TimelineListOut}),
    operation_id="candidate_timeline",
    url_name="candidate_timeline",
    summary="Application-to-hire timeline",
)
def timeline(request: HttpRequest, filters: Query[TimelineQuery]):
    """Median days between consecutive stages, and from the first to the last, per job title."""
    from workbridge.equity.services import equity_settings_for

    organisation = require_equity(token_user(request))
    found = timelines_for(organisation, year=filters.year)
    return {
        "year": filters.year,
        "threshold": equity_settings_for(organisation).small_cell_threshold,
        "items": [
            {
                "job_title": t.job_title,
                "applicants": t.applicants,
                "intervals": [vars(i) for i in t.intervals],
                "overall": vars(t.overall),
            }
            for t in found
        ],
    }


@router.get(
    "/candidates/exams/{exam_id}/results",
    response=answers({200: ResultPageOut}, record=True),
    operation_id="candidate_exam_results",
    url_name="candidate_exam_results",
    summary="An exam's results",
)
def exam_results(request: HttpRequest, exam_id: ExamId, page: Query[PageQuery]):
    """Each candidate's attempt at an exam with its section scores, newest first.

    Program directors and administrators only; the read is written to the audit log.
    """
    user = token_user(request)
    organisation = _candidate_organisation(user)
    exam = exam_get_for(user, organisation, exam_id)
    rows = exam_results_of(exam)
    count = rows.count()
    items = list(rows[page.offset : page.offset + page.limit])
    if items:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=exam,
            fields=("section_scores", "passed"),
            detail=f"api: {len(items)} exam results",
        )
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [
            {
                "id": r.pk,
                "requisition_id": r.applicant.requisition.external_id,
                "applicant_id": r.applicant.external_id,
                "taken_on": r.taken_on,
                "section_scores": r.section_scores,
                "passed": r.passed,
                "feedback_given": r.feedback_given_at is not None,
            }
            for r in items
        ],
    }


@router.get(
    "/candidates/retests",
    response=answers({200: RetestOut}),
    operation_id="candidate_retests",
    url_name="candidate_retests",
    summary="Retest analysis",
)
def retests(request: HttpRequest, filters: Query[RetestQuery]):
    """Of candidates who failed, the pass rate at the next attempt with and without a
    feedback report, by group, with the four-fifths rule and Fisher's exact test."""
    organisation = require_equity(token_user(request))
    exam = None
    if filters.exam_id is not None:
        exam = Exam.objects.filter(organisation=organisation, pk=filters.exam_id).first()
        if exam is None:
            raise query_errors({"exam_id": [_("No such exam.")]})
    report = retest_report(organisation, exam=exam, characteristic=filters.characteristic)
    arms = []
    for arm in (report.with_feedback, report.without_feedback):
        arms.append(
            {
                "with_feedback": arm.with_feedback,
                "retests": arm.retests,
                "passed": arm.passed,
                "pass_rate": arm.pass_rate,
                "reference_group": arm.analysis.reference_group,
                "groups": [
                    {
                        "group": g.group,
                        "retests": g.considered,
                        "passed": g.selected,
                        "pass_rate": g.rate,
                        "impact_ratio": g.impact_ratio,
                        "adverse_impact": g.adverse_impact,
                        "fisher_p_two_sided": g.fisher_p_two_sided,
                        "significant": g.significant,
                        "is_reference": g.is_reference,
                    }
                    for g in arm.analysis.groups
                ],
            }
        )
    return {"exam_id": filters.exam_id, "characteristic": filters.characteristic, "arms": arms}
