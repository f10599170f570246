"""Sourcing partners and job fairs in the API: the partner registry, partnerships against
the baseline, job fairs (list, create, interest list upload) and each fair's funnel.

Only the hiring-equity roles' tokens (administrators, program directors, analysts) are let
in, as on the web. Nothing returns a person: partners are organisations (their contacts are
not part of the API), and a fair's funnel is counts, with small cells hidden when
`publication=true`.
"""

from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from workbridge.accounts.models import User
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers, service_errors
from workbridge.api.fields import IsoDate, Line, QueryBool, path_id
from workbridge.api.workforce import ReportOut, _report_out
from workbridge.equity.access import require_equity, user_does_equity
from workbridge.equity.models import JobFair
from workbridge.equity.services import equity_settings_for
from workbridge.people.models import CommunityArea
from workbridge.sourcing.models import Partner, PartnerKind, PartnerStatus
from workbridge.sourcing.queries import (
    fair_get_for,
    fair_list,
    partner_due,
    partner_get_for,
    partner_list,
    partnership_progress,
)
from workbridge.sourcing.reports import fair_funnel_report
from workbridge.sourcing.services import fair_interests_check, fair_interests_import, job_fair_save
from workbridge.sourcing.views.fairs import problem_text


class SourcingTokenAuth(TokenAuth):
    """A token whose user works with hiring equity; other roles get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not user_does_equity(user):
            raise HttpError(403, _("Your role does not give access to sourcing partners."))
        return user


router = Router(auth=SourcingTokenAuth(), tags=["sourcing"])
PartnerId = path_id("The partner's id.")
FairId = path_id("The job fair's id.")


class AssessmentOut(Schema):
    assessed_on: date
    reach: int
    candidate_quality: int
    responsiveness: int
    alignment: int
    overall: float


class PartnerOut(Schema):
    id: int
    name: str
    kind: str = Field(description="The kind of organisation, as the registry page lists them.")
    status: str = Field(description="One of: " + ", ".join(PartnerStatus.values))
    groups: list[str] = Field(description="The communities it says it reaches.")
    community_areas: list[str]
    communities: str
    owner: str | None
    agreement_start: date | None
    agreement_end: date | None
    report_every_months: int
    next_report_due: date | None
    other_names: list[str]
    latest_assessment: AssessmentOut | None


class PartnerListOut(Schema):
    items: list[PartnerOut]


class ProgressOut(Schema):
    active: int
    baseline: int
    increase_percent: int
    target: int
    change: float | None = Field(description="(active − baseline) ÷ baseline; null with none.")
    met: bool


class FairOut(Schema):
    id: int
    name: str
    date: date
    location: str
    community_area: str | None
    interested: int


class FairListOut(Schema):
    items: list[FairOut]


class FairIn(Schema):
    name: Line = Field(min_length=1, max_length=160)
    date: IsoDate
    location: Line = Field("", max_length=200)
    community_area: int | None = Field(None, description="A Chicago community area's number.")


class InterestOut(Schema):
    fair: int
    imported: int


class ProblemOut(Schema):
    row: int
    column: str
    message: str


class InterestProblemsOut(Schema):
    detail: str
    problems: list[ProblemOut]


def _partner_out(partner: Partner) -> dict[str, Any]:
    latest = partner.assessments.first()
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "status": partner.status,
        "groups": partner.groups,
        "community_areas": [a.name for a in partner.community_areas.order_by("name")],
        "communities": partner.communities,
        "owner": (partner.owner.get_full_name() or partner.owner.username)
        if partner.owner
        else None,
        "agreement_start": partner.agreement_start,
        "agreement_end": partner.agreement_end,
        "report_every_months": partner.report_every_months,
        "next_report_due": partner_due(partner),
        "other_names": partner.aliases,
        "latest_assessment": None
        if latest is None
        else {
            "assessed_on": latest.assessed_on,
            "reach": latest.reach,
            "candidate_quality": latest.candidate_quality,
            "responsiveness": latest.responsiveness,
            "alignment": latest.alignment,
            "overall": latest.overall,
        },
    }


def _fair_out(fair: JobFair, interested: int | None = None) -> dict[str, Any]:
    return {
        "id": fair.pk,
        "name": fair.name,
        "date": fair.date,
        "location": fair.location,
        "community_area": fair.community_area.name if fair.community_area else None,
        "interested": fair.interests.count() if interested is None else interested,
    }


@router.get(
    "/sourcing/partners",
    response=answers({200: PartnerListOut}),
    operation_id="sourcing_partner_list",
    url_name="sourcing_partners",
    summary="List sourcing partners",
)
def partners(request: HttpRequest, status: str = "", kind: str = ""):
    """Your organisation's partner organisations (filter by `status` or `kind`), with the
    groups they reach, owner, agreement, next status report due and latest assessment."""
    user = token_user(request)
    require_equity(user)
    rows = partner_list(
        user,
        status=status if status in PartnerStatus.values else "",
        kind=kind if kind in PartnerKind.values else "",
    ).prefetch_related("community_areas", "assessments")
    return {"items": [_partner_out(p) for p in rows[:500]]}


@router.get(
    "/sourcing/partners/{partner_id}",
    response=answers({200: PartnerOut}, record=True),
    operation_id="sourcing_partner_read",
    url_name="sourcing_partner",
    summary="One sourcing partner",
)
def partner(request: HttpRequest, partner_id: PartnerId):
    user = token_user(request)
    require_equity(user)
    return _partner_out(partner_get_for(user, partner_id))


@router.get(
    "/sourcing/partnerships",
    response=answers({200: ProgressOut}),
    operation_id="sourcing_partnerships",
    url_name="sourcing_partnerships",
    summary="Active partnerships against the baseline",
)
def partnerships(request: HttpRequest):
    """How many partnerships are active now, the baseline, and the plan's aim."""
    organisation = require_equity(token_user(request))
    progress = partnership_progress(organisation)
    return {
        "active": progress.active,
        "baseline": progress.baseline,
        "increase_percent": progress.increase_percent,
        "target": progress.target,
        "change": progress.change,
        "met": progress.met,
    }


@router.get(
    "/sourcing/fairs",
    response=answers({200: FairListOut}),
    operation_id="sourcing_fair_list",
    url_name="sourcing_fairs",
    summary="List job fairs",
)
def fairs(request: HttpRequest):
    """Your organisation's job fairs, newest first, with how many people showed interest."""
    user = token_user(request)
    require_equity(user)
    return {"items": [_fair_out(f, f.interested) for f in fair_list(user)[:500]]}


@router.post(
    "/sourcing/fairs",
    response=answers({201: FairOut}, body=True),
    operation_id="sourcing_fair_create",
    url_name="sourcing_fairs",
    summary="Add a job fair",
)
def fair_create(request: HttpRequest, payload: FairIn):
    """Add a job fair; the applicant-flow import can then name it in its job fair column."""
    user = token_user(request)
    require_equity(user)
    area = None
    if payload.community_area is not None:
        area = CommunityArea.objects.filter(pk=payload.community_area).first()
        if area is None:
            raise service_errors(
                DjangoValidationError({"community_area": _("There is no such community area.")})
            )
    try:
        fair = job_fair_save(
            by=user,
            name=payload.name,
            held_on=payload.date,
            location=payload.location,
            community_area=area,
        )
    except DjangoValidationError as error:
        raise service_errors(error) from error
    return Status(201, _fair_out(fair, 0))


@router.post(
    "/sourcing/fairs/{fair_id}/interest",
    # 400 lists each problem of the file by row and column.
    response={**answers({201: InterestOut}, body=True, record=True), 400: InterestProblemsOut},
    operation_id="sourcing_fair_interest_upload",
    url_name="sourcing_fair_interest",
    summary="Replace a job fair's interest list",
)
def fair_interest(request: HttpRequest, fair_id: FairId, file: File[UploadedFile]):
    """Upload the fair's interest list (CSV or XLSX, with the columns the fair's import page
    describes). Every row is checked first; with any problem nothing is saved and the answer
    lists each by row and column. Otherwise the list is replaced."""
    user = token_user(request)
    organisation = require_equity(user)
    fair = fair_get_for(user, fair_id)
    plan = fair_interests_check(organisation, file, file.name or "upload.csv")
    if not plan.ok:
        return Status(
            400,
            {
                "detail": _("The file has problems; nothing was imported."),
                "problems": [
                    {"row": p.row, "column": p.column, "message": problem_text(p)}
                    for p in plan.problems[:200]
                ],
            },
        )
    n = fair_interests_import(by=user, fair=fair, plan=plan, filename=file.name or "upload.csv")
    return Status(201, {"fair": fair.pk, "imported": n})


@router.get(
    "/sourcing/fairs/{fair_id}/funnel",
    response=answers({200: ReportOut}, record=True),
    operation_id="sourcing_fair_funnel",
    url_name="sourcing_fair_funnel",
    summary="A job fair's funnel",
)
def fair_funnel(
    request: HttpRequest,
    fair_id: FairId,
    characteristic: Literal["race", "sex"] = "race",
    publication: QueryBool = False,
):
    """Interested → applied → offered → hired at one fair, by community area and group
    (`characteristic`); small cells hidden with `publication=true`."""
    user = token_user(request)
    organisation = require_equity(user)
    fair = fair_get_for(user, fair_id)
    threshold = equity_settings_for(organisation).small_cell_threshold
    return _report_out(
        fair_funnel_report(
            organisation,
            fair=fair,
            characteristic=characteristic,
            publication=publication,
            threshold=threshold,
        )
    )
