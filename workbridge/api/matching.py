"""Matching and referrals over HTTP, with the matching and placement pages' scoping.

Suggestions for a participant and candidates for an opening come from
`workbridge.matching.suggestions`, the same functions the pages call, with the same
explanation of each factor in the caller's language. Referrals are read through
`workbridge.placements.queries`, created through `placement.services.referral_create` and
moved along their steps through `placement.services.referral_move`, the functions the
pages call (which audit the write). Every read that names a participant is written to the audit log.
"""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.fields import (
    Bool,
    Id,
    InputSchema,
    Int,
    IsoDate,
    QueryId,
    Text,
    choices_text,
    path_id,
)
from workbridge.api.opening_schemas import Wage
from workbridge.api.pages import PageQuery
from workbridge.core import matching
from workbridge.employers.choices import InteractionKind
from workbridge.jobs.queries import opening_get_for, openings_visible_to
from workbridge.matching.explanations import PairExplanation, reason_label
from workbridge.matching.suggestions import opening_matches, participant_matches
from workbridge.people.models import Participant
from workbridge.people.queries import participant_get_for, participants_visible_to
from workbridge.placements.models import Placement, Referral, ReferralReason, ReferralStatus
from workbridge.placements.queries import referral_get_for, referrals_visible_to
from workbridge.placements.services import STARTING_STATUSES, referral_create, referral_move

router = Router(auth=CaseworkTokenAuth(), tags=["matching and referrals"])
ParticipantId = path_id("The participant's id.")
OpeningId = path_id("The opening's id.")
ReferralId = path_id("The referral's id.")

# What the suggestions answer shows of the participant, named for the audit log (as the page).
CONSTRAINT_FIELDS = (
    "availability",
    "physical_limits",
    "transport_mode",
    "max_commute_minutes",
    "min_hourly_wage",
    "needs_fair_chance",
    "community_area",
    "household_size",
    "children_ages",
    "childcare_need",
    "preferred_environments",
    "career_goals",
    "skills",
    "work_history.loss_factors",
)
NAME_FIELDS = ("first_name", "last_name", "preferred_name")
REFERRAL_FIELDS = ("participant", "opening", "status", "status_on", "reason")
# The terms a hire records, as the referral page's form takes them (only for "hired").
HIRE_TERMS = (
    "started_on",
    "hourly_wage",
    "hours_per_week",
    "health_insurance",
    "paid_leave",
    "retirement",
    "prior_hourly_wage",
)


# Schemas ----------------------------------------------------------------------------------


class FactorOut(Schema):
    key: str = Field(
        description="The factor: " + ", ".join(matching.FACTOR_KEYS) + ", or risk_<kind> for "
        "a risk from a past job loss.",
        examples=["job_quality"],
    )
    label: str = Field(description="The factor's name, in the caller's language.")
    points: float = Field(description="Points the factor adds (negative: takes off).")
    max_points: float = Field(
        description="The factor's weight; 0 for a factor that only takes points off."
    )
    detail: str = Field(description="Why, in the caller's language.")


def _factors(why: PairExplanation) -> list[dict]:
    return [
        {
            "key": line.key,
            "label": line.label,
            "points": round(line.points, 3),
            "max_points": line.max_points,
            "detail": line.detail,
        }
        for line in why.lines
    ]


class SuggestedOpeningOut(Schema):
    opening_id: int = Field(description="The opening's id.")
    title: str = Field(description="The opening's title.")
    employer: str = Field(description="The employer's name.")
    score: float = Field(description="The match score: the factors' points added up.")
    factors: list[FactorOut] = Field(description="Each factor's points and why.")


class ExcludedOpeningOut(Schema):
    opening_id: int = Field(description="The opening's id.")
    title: str = Field(description="The opening's title.")
    reasons: list[str] = Field(description="One sentence per hard constraint it fails.")


class SuggestionsOut(Schema):
    participant_id: int
    open_openings: int = Field(description="Open openings considered.")
    suggestions: list[SuggestedOpeningOut] = Field(description="The 10 best, best first.")
    excluded_count: int = Field(description="Open openings ruled out by a hard constraint.")
    limit: int
    offset: int
    excluded: list[ExcludedOpeningOut] = Field(description="This page of the ruled-out openings.")


class CandidateOut(Schema):
    participant_id: int = Field(description="The participant's id.")
    name: str = Field(description="The participant's name.")
    score: float = Field(description="The match score: the factors' points added up.")
    factors: list[FactorOut] = Field(description="Each factor's points and why.")


class CandidatesOut(Schema):
    opening_id: int
    ready: int = Field(description="Participants ready for suggestions.")
    passing: int = Field(description="Ready participants passing every hard constraint.")
    excluded_by: dict[str, int] = Field(
        description="Ready participants failing each hard constraint, by key: "
        + ", ".join(matching.REASON_KEYS)
        + "."
    )
    excluded_labels: dict[str, str] = Field(
        description="Each hard constraint's name, in the caller's language."
    )
    candidates: list[CandidateOut] = Field(description="The 10 best, best first.")


class ReferralOut(Schema):
    id: int
    participant_id: int
    participant_name: str
    opening_id: int
    opening_title: str
    employer_id: int
    status: ReferralStatus
    status_on: date = Field(description="Since when it has had this status.")
    reason: str = Field(description="Why it ended without a hire; empty while it has not.")

    @staticmethod
    def resolve_participant_name(obj: Referral) -> str:
        return obj.participant.display_name

    @staticmethod
    def resolve_opening_title(obj: Referral) -> str:
        return obj.opening.title

    @staticmethod
    def resolve_employer_id(obj: Referral) -> int:
        return obj.opening.employer_id


class ReferralPageOut(Schema):
    count: int
    limit: int
    offset: int = Field(description="How many matching referrals come before this page.")
    items: list[ReferralOut]


class ReferralFilters(PageQuery):
    participant: QueryId | None = Query(None, description="Only this participant's (id).")
    opening: QueryId | None = Query(None, description="Only for this opening (id).")
    status: ReferralStatus | None = Query(None, description="Only referrals with this status.")


class ReferralCreateIn(InputSchema):
    participant: Id = Field(description="The participant's id.", examples=[1])
    opening: Id = Field(description="The opening's id (an open one).", examples=[1])
    status: ReferralStatus = Field(
        ReferralStatus.SUGGESTED,
        description="How it starts: suggested (to the participant) or referred (to the employer).",
    )
    on: IsoDate | None = Field(None, description="The date; omitted: today. Not in the future.")
    note: Text = Field("", max_length=2000, description="A note on the first step.")


class ReferralMoveIn(InputSchema):
    """Move a referral one step, as its page does; the hire terms only with the step hired."""

    to_status: ReferralStatus | None = Field(
        None,
        description="The step to move to. Omitted: its next step forward (suggested → "
        "referred → interviewing → offered → hired). One of: " + choices_text(ReferralStatus),
        examples=["interviewing"],
    )
    on: IsoDate | None = Field(
        None,
        description="The step's date; omitted: today. Not in the future and not before the "
        "step it follows.",
    )
    reason: ReferralReason | None = Field(
        None,
        description="Why it ended: only, and always, with declined or not_selected. One of: "
        + choices_text(ReferralReason),
        examples=["wage"],
    )
    note: Text = Field("", max_length=2000, description="A note on the step.")
    employer_feedback: Text = Field(
        "",
        max_length=4000,
        description="What the employer said; it is also logged as a contact with the employer.",
    )
    feedback_kind: InteractionKind = Field(
        InteractionKind.CALL,
        description="How the employer told you, with employer_feedback: call, email, meeting "
        "or site_visit.",
    )
    started_on: IsoDate | None = Field(
        None, description="Hired only: the first day of work; omitted: the step's date."
    )
    hourly_wage: Wage | None = Field(
        None,
        description="Hired only: the starting hourly wage; omitted: the opening's.",
        examples=["18.50"],
    )
    hours_per_week: Int | None = Field(
        None, ge=1, le=80, description="Hired only: hours a week; omitted: the opening's."
    )
    health_insurance: Bool | None = Field(
        None, description="Hired only: health insurance; omitted: the opening's."
    )
    paid_leave: Bool | None = Field(
        None, description="Hired only: paid leave; omitted: the opening's."
    )
    retirement: Bool | None = Field(
        None, description="Hired only: a retirement plan; omitted: the opening's."
    )
    prior_hourly_wage: Wage | None = Field(
        None,
        description="Hired only: the hourly wage before the program, for the wage gain.",
    )


class ReferralMovedOut(ReferralOut):
    placement_id: int | None = Field(
        description="The placement a hire recorded (its retention checks follow); else null."
    )

    @staticmethod
    def resolve_placement_id(obj: Referral) -> int | None:
        return Placement.objects.filter(referral=obj).values_list("pk", flat=True).first()


# Endpoints --------------------------------------------------------------------------------


@router.get(
    "/participants/{participant_id}/suggestions",
    response=answers({200: SuggestionsOut}, record=True),
    operation_id="participant_suggestions",
    url_name="participant_suggestions",
    summary="Suggested openings for a participant",
)
def participant_suggestions(
    request: HttpRequest, participant_id: ParticipantId, page: Query[PageQuery]
):
    """The participant's 10 best open openings with each factor's points and why, and a page
    of the open openings a hard constraint rules out, with the reason.

    As the participant's matching page: judged for their household, with the organisation's
    weights. The read is written to the audit log.
    """
    user = token_user(request)
    participant = participant_get_for(user, participant_id)
    found = participant_matches(user, participant, on=timezone.localdate())
    excluded = found.excluded[page.offset : page.offset + page.limit]
    shown = [s.pk for s in found.suggestions] + [e.pk for e in excluded]
    openings = openings_visible_to(user).select_related("employer").in_bulk(shown)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=CONSTRAINT_FIELDS,
        detail="api matching suggestions",
    )
    return {
        "participant_id": participant.pk,
        "open_openings": found.open_openings,
        "suggestions": [
            {
                "opening_id": s.pk,
                "title": openings[s.pk].title,
                "employer": openings[s.pk].employer.name,
                "score": round(s.explanation.score, 3),
                "factors": _factors(s.explanation),
            }
            for s in found.suggestions
        ],
        "excluded_count": len(found.excluded),
        "limit": page.limit,
        "offset": page.offset,
        "excluded": [
            {"opening_id": e.pk, "title": openings[e.pk].title, "reasons": list(e.sentences)}
            for e in excluded
        ],
    }


@router.get(
    "/openings/{opening_id}/candidates",
    response=answers({200: CandidatesOut}, record=True),
    operation_id="opening_candidates",
    url_name="opening_candidates",
    summary="Candidates for an opening",
)
def opening_candidates(request: HttpRequest, opening_id: OpeningId):
    """The opening's 10 best ready participants with each factor's points and why, and how
    many ready participants each hard constraint rules out.

    As the opening's matching page. The participants named are written to the audit log.
    """
    user = token_user(request)
    opening = opening_get_for(user, opening_id)
    found = opening_matches(user, opening, on=timezone.localdate())
    ids = [s.pk for s in found.suggestions]
    people = participants_visible_to(user).in_bulk(ids)
    if ids:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type=Participant._meta.label_lower,
            fields=NAME_FIELDS,
            detail=f"api matching candidates for opening {opening.pk}, {len(ids)} rows: "
            f"{', '.join(map(str, ids))}"[:300],
        )
    return {
        "opening_id": opening.pk,
        "ready": found.ready,
        "passing": found.passing,
        "excluded_by": found.excluded_by,
        "excluded_labels": {key: reason_label(key) for key in matching.REASON_KEYS},
        "candidates": [
            {
                "participant_id": s.pk,
                "name": people[s.pk].display_name,
                "score": round(s.explanation.score, 3),
                "factors": _factors(s.explanation),
            }
            for s in found.suggestions
        ],
    }


def _referrals(user):
    return referrals_visible_to(user).select_related("participant", "opening")


@router.get(
    "/referrals",
    response=answers({200: ReferralPageOut}),
    operation_id="referral_list",
    url_name="referrals",
    summary="List referrals",
)
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]):
    """Your organisation's referrals, newest first, a page at a time.

    The read is written to the audit log as one event for the page.
    """
    user = token_user(request)
    rows = _referrals(user).order_by("-id")
    if filters.participant is not None:
        rows = rows.filter(participant_id=filters.participant)
    if filters.opening is not None:
        rows = rows.filter(opening_id=filters.opening)
    if filters.status is not None:
        rows = rows.filter(status=filters.status.value)
    count = rows.count()
    items = list(rows[filters.offset : filters.offset + filters.limit])
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type=Referral._meta.label_lower,
        fields=REFERRAL_FIELDS,
        detail=f"api list: {len(items)} referrals",
    )
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/referrals/{referral_id}",
    response=answers({200: ReferralOut}, record=True),
    operation_id="referral_detail",
    url_name="referral",
    summary="Read one referral",
)
def referral_detail(request: HttpRequest, referral_id: ReferralId):
    """One referral; 404 if it is not your organisation's. The read is audited."""
    user = token_user(request)
    referral = referral_get_for(user, referral_id)
    audit_record(actor=user, action=AuditAction.VIEW, obj=referral, fields=REFERRAL_FIELDS)
    return referral


@router.post(
    "/referrals",
    response=answers({201: ReferralOut}, body=True),
    operation_id="referral_create",
    url_name="referrals",
    summary="Put a participant forward for an opening",
)
def referral_create_endpoint(request: HttpRequest, payload: ReferralCreateIn):
    """Suggest an open opening to a participant, or refer them to the employer.

    A participant or opening that is not your organisation's, an opening that is not open,
    a second referral for the same pair or a date in the future gets 422, located by field.
    """
    user = token_user(request)
    participant = participants_visible_to(user).filter(pk=payload.participant).first()
    opening = openings_visible_to(user).filter(pk=payload.opening).first()
    errors = {}
    if participant is None:
        errors["participant"] = [_("Choose a participant of your organisation.")]
    if opening is None:
        errors["opening"] = [_("Choose an opening of your organisation.")]
    if payload.status.value not in STARTING_STATUSES:
        errors["status"] = [_("A referral starts as suggested or referred.")]
    if errors:
        raise field_errors(errors)
    try:
        referral = referral_create(
            participant=participant,
            opening=opening,
            by=user,
            status=payload.status.value,
            on=payload.on,
            note=payload.note,
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, referral_get_for(user, referral.pk))


@router.post(
    "/referrals/{referral_id}/move",
    response=answers({200: ReferralMovedOut}, body=True, record=True),
    operation_id="referral_move",
    url_name="referral_move",
    summary="Move a referral to its next step",
)
def referral_move_endpoint(request: HttpRequest, referral_id: ReferralId, payload: ReferralMoveIn):
    """Move a referral one step, as its page does: to `to_status`, or to its next step forward.

    A move its current step does not allow, a missing or needless reason, a date in the future
    or before the last step, or hire terms on a step other than hired gets 422 located by
    field, and nothing is written. Moving to hired records the placement and its 30, 90, 180
    and 365-day retention checks. 404 if the referral is not your organisation's.
    """
    user = token_user(request)
    referral = referral_get_for(user, referral_id)
    if payload.to_status is not None:
        to_status = payload.to_status.value
    elif referral.next_statuses():
        to_status = referral.next_statuses()[0]
    else:
        raise field_errors({"to_status": [_("This referral has ended: it has no next step.")]})
    terms = {name: getattr(payload, name) for name in HIRE_TERMS}
    given = sorted(name for name, value in terms.items() if value is not None)
    if given and to_status != ReferralStatus.HIRED:
        message = _("Give hire terms only for the step hired.")
        raise field_errors({name: [message] for name in given})
    try:
        referral_move(
            referral=referral,
            to_status=to_status,
            by=user,
            on=payload.on or timezone.localdate(),
            note=payload.note,
            employer_feedback=payload.employer_feedback,
            feedback_kind=payload.feedback_kind.value,
            reason=payload.reason.value if payload.reason is not None else "",
            hire=terms if to_status == ReferralStatus.HIRED else None,
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return referral_get_for(user, referral.pk)
