"""An employer's community impact over HTTP: its figures for a period, and its kept reports.

Scoped exactly as the pages are: caseworkers read their organisation's employers; an
employer partner's token reads its own employer only (another employer's is 404, as if it
did not exist); other roles get 403. Every figure is the published one, small cells and
their complements hidden (`employers.impact_report.published_figures`). Partner reads are
written to the audit log, like the partner's pages.
"""

import base64
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from workbridge.accounts.models import AuditAction, Role, User
from workbridge.accounts.queries import role_of, user_does_casework
from workbridge.accounts.services import audit_record
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers, query_errors
from workbridge.api.fields import path_id
from workbridge.employers.impact_report import Period, last_complete
from workbridge.employers.impact_sends import full_report
from workbridge.employers.models import Employer, EmployerPartner, ImpactSnapshot
from workbridge.employers.queries import employer_get_for

router = Router(auth=TokenAuth(), tags=["community impact"])
EmployerId = path_id("The employer's id.")
SnapshotId = path_id("The kept report's id.")
PARTNER_KINDS = ("report", "review")


class PeriodQuery(Schema):
    since: date | None = Field(None, description="First day; without it, the last quarter.")
    until: date | None = Field(None, description="Last day (at most three years after since).")


class EmployerImpactIncentivesOut(Schema):
    """Hiring incentives on the period's hires, as the report publishes them."""

    bonded_hires: int | None = Field(
        description="Hires covered by a Federal Bonding Program bond; null when hidden "
        "(too few hires, or too few not bonded, to publish)."
    )
    tax_credits: str | None = Field(
        description="Certified Work Opportunity Tax Credits the employer may claim, in dollars "
        "(a decimal string); null when hidden (they rest on too few hires)."
    )


class ImpactOut(Schema):
    employer_id: int
    since: date
    until: date
    incentives: EmployerImpactIncentivesOut = Field(
        description="Hiring incentives on the hires (the same as figures.incentives)."
    )
    figures: dict[str, Any] = Field(
        description="The published figures; null where a figure is hidden to protect privacy."
    )


class SnapshotPdfOut(Schema):
    id: int
    filename: str
    content_type: str = "application/pdf"
    pdf_base64: str = Field(description="The PDF exactly as it was sent, base64-encoded.")


class ImpactSnapshotOut(Schema):
    id: int
    kind: str
    since: date
    until: date
    language: str
    sent_at: Any = None
    figures: dict[str, Any]


class ImpactSnapshotListOut(Schema):
    items: list[ImpactSnapshotOut]


def _employer_for(user: User, employer_id: int) -> Employer:
    """The employer the token may read: its organisation's for casework, its own for a
    partner; 403 for any other role."""
    if user_does_casework(user):
        return employer_get_for(user, employer_id)
    if role_of(user) != Role.EMPLOYER:
        raise HttpError(403, "Your role does not give access to employers' reports.")
    link = EmployerPartner.objects.filter(user=user, employer_id=employer_id).first()
    if link is None:
        raise Http404
    return link.employer


def _audit_partner(user: User, obj: object, what: str) -> None:
    if role_of(user) == Role.EMPLOYER:
        audit_record(
            actor=user, action=AuditAction.VIEW, obj=obj, fields=["figures"], detail=f"API {what}"
        )


@router.get(
    "/employers/{employer_id}/impact",
    response=answers({200: ImpactOut}, record=True),
    operation_id="employer_impact",
    url_name="employer_impact",
    summary="An employer's community impact for a period",
)
def employer_impact_endpoint(
    request: HttpRequest, employer_id: EmployerId, period: Query[PeriodQuery]
):
    user = token_user(request)
    employer = _employer_for(user, employer_id)
    if period.since is None or period.until is None:
        chosen = last_complete("quarter", timezone.localdate())
    else:
        if period.until < period.since or (period.until - period.since).days > 3 * 366:
            raise query_errors(
                {"until": [_("Choose a period of at most three years, ending after it starts.")]}
            )
        chosen = Period(period.since, period.until)
    report = full_report(employer, chosen)
    _audit_partner(user, employer, f"impact {chosen.since}..{chosen.until}")
    return {
        "employer_id": employer.pk,
        "since": chosen.since,
        "until": chosen.until,
        "incentives": report.published["incentives"],
        "figures": report.published,
    }


@router.get(
    "/employers/{employer_id}/impact/snapshots",
    response=answers({200: ImpactSnapshotListOut}, record=True),
    operation_id="employer_impact_snapshots",
    url_name="employer_impact_snapshots",
    summary="An employer's kept community impact reports",
)
def snapshot_list(request: HttpRequest, employer_id: EmployerId):
    user = token_user(request)
    employer = _employer_for(user, employer_id)
    rows = ImpactSnapshot.objects.filter(employer=employer).defer("pdf", "html")
    if role_of(user) == Role.EMPLOYER:
        rows = rows.filter(kind__in=PARTNER_KINDS)
    _audit_partner(user, employer, "impact snapshots")
    return {"items": list(rows[:100])}


@router.get(
    "/impact/snapshots/{snapshot_id}/pdf",
    response=answers({200: SnapshotPdfOut}, record=True),
    operation_id="impact_snapshot_pdf",
    url_name="impact_snapshot_pdf",
    summary="A kept report's PDF, exactly as it was sent",
)
def snapshot_pdf(request: HttpRequest, snapshot_id: SnapshotId):
    user = token_user(request)
    snapshot = ImpactSnapshot.objects.filter(pk=snapshot_id, employer__isnull=False).first()
    if snapshot is None:
        raise Http404
    _employer_for(user, snapshot.employer_id)
    if role_of(user) == Role.EMPLOYER and snapshot.kind not in PARTNER_KINDS:
        raise Http404
    audit_record(actor=user, action=AuditAction.EXPORT, obj=snapshot, fields=["pdf"], detail="API")
    return {
        "id": snapshot.pk,
        "filename": f"community-impact-{snapshot.since:%Y%m%d}-{snapshot.until:%Y%m%d}.pdf",
        "pdf_base64": base64.b64encode(bytes(snapshot.pdf)).decode("ascii"),
    }
