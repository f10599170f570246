"""Placements, retention checks and the tax-credit pre-screening over HTTP, with the web
pages' scoping: casework roles, one organisation; another organisation's record is 404.

Reads go through `workbridge.placements.queries` and `workbridge.placements.incentives`,
the one write through `placement_incentives_update` (which audits it). Every read of a
participant's placement or screening is written to the audit log here.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.api.auth import CaseworkTokenAuth, token_user
from workbridge.api.errors import answers, service_errors
from workbridge.api.fields import (
    InputSchema,
    Int,
    IsoDate,
    Line,
    QueryId,
    QueryInt,
    QuerySchema,
    path_id,
)
from workbridge.api.pages import PageQuery, page_of
from workbridge.core.wotc import form_8850_deadline
from workbridge.people.models import Participant
from workbridge.people.queries import participant_get_for
from workbridge.placements.incentives import (
    ANSWER_FIELDS,
    PLACEMENT_INCENTIVE_FIELDS,
    finding_rows,
    findings_data,
    placement_incentives_update,
    wotc_screen_participant,
)
from workbridge.placements.models import Placement, WotcOutcome
from workbridge.placements.queries import (
    placement_get_for,
    placements_visible_to,
    retention_checks_due_for,
)

router = Router(auth=CaseworkTokenAuth(), tags=["placements"])
ParticipantId = path_id("The participant's id.")
PlacementId = path_id("The placement's id.")
PLACEMENT_FIELDS = ("placements", "retention_checks", "placement_incentives")


# Schemas --------------------------------------------------------------------------------


class CheckOut(Schema):
    id: int = Field(description="The retention check's id.")
    checkpoint: int = Field(description="Days after the start: 30, 90, 180 or 365.")
    due_on: date = Field(description="When the check is due.")
    done_on: date | None = Field(description="When it was done; null while open.")
    still_employed: str = Field(description="What it found: yes, no or unknown.")


class PlacementOut(Schema):
    id: int = Field(description="The placement's id.")
    participant_id: int = Field(description="The participant hired.")
    employer_id: int = Field(description="The employer.")
    opening_id: int | None = Field(description="The opening filled, if any.")
    job_title: str = Field(description="The job title.")
    started_on: date = Field(description="The first day of work.")
    ended_on: date | None = Field(description="The last day, once the job ended.")
    hourly_wage: Decimal = Field(description="Starting hourly wage in dollars.")
    hours_per_week: int = Field(description="Hours a week.")
    wotc_form_due_on: date = Field(description="Form 8850 is due 28 days after the start.")
    wotc_form_sent_on: date | None = Field(description="When Form 8850 was sent, if it was.")
    wotc_outcome: str = Field(
        description="The tax credit's outcome: empty, not_eligible, to_send, pending, "
        "certified or denied."
    )
    wotc_target_group: str = Field(description="The WOTC target group's code, if chosen.")
    wotc_credit: Decimal | None = Field(description="The credit in dollars, once known.")
    bond_starts_on: date | None = Field(description="The fidelity bond's first day.")
    bond_ends_on: date | None = Field(description="The fidelity bond's last day.")
    bond_amount: int | None = Field(description="The bond's cover in dollars.")
    checks: list[CheckOut] = Field(description="The retention checks, by checkpoint.")

    @staticmethod
    def resolve_wotc_form_due_on(obj: Placement) -> date:
        return form_8850_deadline(obj.started_on)

    @staticmethod
    def resolve_checks(obj: Placement) -> list:
        return list(obj.checks.order_by("checkpoint"))


class PlacementPageOut(Schema):
    count: int = Field(description="How many placements match.")
    limit: int = Field(description="The page size asked for.")
    offset: int = Field(description="How many were skipped.")
    items: list[PlacementOut] = Field(description="This page's placements, by id.")


class PlacementFilters(PageQuery):
    participant: QueryId | None = Query(
        None, description="Only this participant's placements (id).", examples=[12]
    )


class DueCheckOut(Schema):
    id: int = Field(description="The retention check's id.")
    placement_id: int = Field(description="Its placement.")
    participant_id: int = Field(description="The participant.")
    checkpoint: int = Field(description="Days after the start.")
    due_on: date = Field(description="When it is due.")
    overdue: bool = Field(description="Whether it is past due.")


class DueChecksOut(Schema):
    items: list[DueCheckOut] = Field(description="The checks, overdue first (at most 200).")


class DueFilters(QuerySchema):
    days: QueryInt = Query(
        7, ge=0, le=90, description="Due within this many days (0 to 90).", examples=[7]
    )


class FindingOut(Schema):
    code: str = Field(description="The target group's code, e.g. snap.")
    name: str = Field(description="The target group's name, in the caller's language.")
    status: str = Field(description="meets: the answers meet the rule; ask: one is missing.")
    reason: str = Field(description="Why, or what to ask, in the caller's language.")
    rule: str = Field(description="The rule, in the caller's language.")
    source: str = Field(description="Where the rule is written (IRC § 51, Form 8850 line).")
    max_credit: int = Field(description="The largest credit for this group, in dollars.")


class ScreeningOut(Schema):
    participant_id: int = Field(description="The participant.")
    screened_on: date = Field(description="The day the answers were judged against.")
    authorized: bool = Field(description="Whether a hire today is within the credit's law.")
    authorized_through: date = Field(description="The last start date the law covers.")
    max_credit: int = Field(description="The largest credit among the groups met, dollars.")
    findings: list[FindingOut] = Field(description="Groups met first, largest credit first.")


class IncentivesIn(InputSchema):
    wotc_form_sent_on: IsoDate | None = Field(
        None, description="When Form 8850 was sent.", examples=["2026-05-20"]
    )
    wotc_outcome: WotcOutcome | None = Field(
        None, description="The tax credit's outcome.", examples=["certified"]
    )
    wotc_target_group: Line | None = Field(
        None, max_length=32, description="The target group's code.", examples=["snap"]
    )
    wotc_credit: Decimal | None = Field(
        None,
        ge=0,
        max_digits=8,
        decimal_places=2,
        description="The credit in dollars.",
        examples=[2400],
    )
    bond_starts_on: IsoDate | None = Field(
        None, description="The bond's first day.", examples=["2026-05-04"]
    )
    bond_ends_on: IsoDate | None = Field(
        None, description="The bond's last day; omitted: six months on.", examples=["2026-11-03"]
    )
    bond_amount: Int | None = Field(
        None, ge=0, le=25000, description="The bond's cover, $5,000 steps.", examples=[5000]
    )


class PlacementChangedOut(Schema):
    id: int = Field(description="The placement's id.")
    changed: list[str] = Field(description="The fields that changed.")


# Operations -----------------------------------------------------------------------------


@router.get(
    "/placements",
    response=answers({200: PlacementPageOut}),
    operation_id="placement_list",
    url_name="placements",
    summary="List placements",
)
def placement_list(request: HttpRequest, filters: Query[PlacementFilters]):
    """Your organisation's placements with their retention checks and incentives, by id."""
    user = token_user(request)
    rows = placements_visible_to(user).order_by("id")
    if filters.participant is not None:
        rows = rows.filter(participant_id=filters.participant)
    page = page_of(rows, filters)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type=Participant._meta.label_lower,
        fields=PLACEMENT_FIELDS,
        detail=f"api placements: {len(page['items'])} placements",
    )
    return page


@router.get(
    "/placements/{placement_id}",
    response=answers({200: PlacementOut}, record=True),
    operation_id="placement_detail",
    url_name="placement",
    summary="Read one placement",
)
def placement_detail(request: HttpRequest, placement_id: PlacementId):
    """One placement with its retention checks, Form 8850, tax credit and bond."""
    user = token_user(request)
    placement = placement_get_for(user, placement_id)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=placement.participant,
        fields=PLACEMENT_FIELDS,
        detail=f"api placement {placement.pk}",
    )
    return placement


@router.patch(
    "/placements/{placement_id}/incentives",
    response=answers({200: PlacementChangedOut}, body=True, record=True),
    operation_id="placement_incentives",
    url_name="placement_incentives",
    summary="Record a placement's Form 8850, tax credit and bond",
)
def placement_incentives(request: HttpRequest, placement_id: PlacementId, payload: IncentivesIn):
    """Send only the fields to change. Invalid input gets 422 located by field."""
    user = token_user(request)
    placement = placement_get_for(user, placement_id)
    data = {
        name: (getattr(value, "value", value) if value is not None else None)
        for name, value in payload.model_dump(exclude_unset=True).items()
        if name in PLACEMENT_INCENTIVE_FIELDS
    }
    for name in ("wotc_outcome", "wotc_target_group"):
        if name in data and data[name] is None:
            data[name] = ""
    try:
        changed = placement_incentives_update(placement=placement, by=user, data=data)
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return {"id": placement.pk, "changed": changed}


@router.get(
    "/retention-checks",
    response=answers({200: DueChecksOut}),
    operation_id="retention_checks_due",
    url_name="retention_checks",
    summary="Your retention checks due",
)
def retention_checks(request: HttpRequest, filters: Query[DueFilters]):
    """Your open retention checks due within `days`, overdue first (at most 200)."""
    user = token_user(request)
    today = timezone.localdate()
    rows = list(retention_checks_due_for(user, today=today, horizon_days=filters.days)[:200])
    if rows:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type=Participant._meta.label_lower,
            fields=("retention_checks",),
            detail=f"api retention checks: {len(rows)}",
        )
    return {
        "items": [
            {
                "id": c.pk,
                "placement_id": c.placement_id,
                "participant_id": c.placement.participant_id,
                "checkpoint": c.checkpoint,
                "due_on": c.due_on,
                "overdue": c.due_on < today,
            }
            for c in rows
        ]
    }


@router.get(
    "/participants/{participant_id}/wotc-screening",
    response=answers({200: ScreeningOut}, record=True),
    operation_id="wotc_screening",
    url_name="wotc_screening",
    summary="Pre-screen a participant for the Work Opportunity Tax Credit",
)
def wotc_screening(request: HttpRequest, participant_id: ParticipantId):
    """The WOTC target groups the participant's intake answers meet today, or leave open,
    with each group's rule, its source and the largest credit. A pre-screening: the state
    workforce agency certifies."""
    user = token_user(request)
    participant = participant_get_for(user, participant_id)
    today = timezone.localdate()
    screening = wotc_screen_participant(participant, on=today)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=ANSWER_FIELDS,
        detail="api tax credit pre-screening",
    )
    rows = finding_rows(findings_data(screening))
    return {
        "participant_id": participant.pk,
        "screened_on": today,
        "authorized": screening.authorized,
        "authorized_through": screening.authorized_through,
        "max_credit": screening.max_credit,
        "findings": [
            {
                "code": r.code,
                "name": r.name,
                "status": "meets" if r.meets else "ask",
                "reason": r.reason,
                "rule": r.rule,
                "source": r.source,
                "max_credit": r.max_credit,
            }
            for r in rows
        ],
    }
