"""What an employer partner's own login sees: its employer's kept reports, the next review
meeting and its action items, and nothing else. Every read is audited.

A partner login is a user with the employer-partner role linked to one employer
(`EmployerPartner`). Any other role is refused (403); a partner asking for another
employer's report gets 404, as if it did not exist.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction, Role
from workbridge.accounts.queries import role_of
from workbridge.accounts.services import audit_record
from workbridge.employers.models import ActionItem, Employer, EmployerPartner, ImpactSnapshot
from workbridge.employers.views.impact_reports import snapshot_context

PARTNER_KINDS = ("report", "review")


def partner_employer(user) -> Employer:
    """The employer a partner login belongs to: 403 for other roles, 404 if not linked."""
    if role_of(user) != Role.EMPLOYER:
        raise PermissionDenied
    link = EmployerPartner.objects.select_related("employer").filter(user=user).first()
    if link is None or link.employer.organisation_id != user.membership.organisation_id:
        raise Http404
    return link.employer


def partner_snapshots(employer: Employer):
    return ImpactSnapshot.objects.filter(employer=employer, kind__in=PARTNER_KINDS).defer(
        "pdf", "html"
    )


@require_GET
@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    """The partner's reports, the next review meeting and the open action items."""
    employer = partner_employer(request.user)
    snapshots = list(partner_snapshots(employer)[:40])
    meeting = (
        employer.review_meetings.filter(ends_at__gte=timezone.now()).order_by("starts_at").first()
    )
    items = list(
        ActionItem.objects.filter(employer=employer, done_on__isnull=True).order_by("due_on", "id")
    )
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=employer,
        fields=["impact_snapshots", "review_meeting", "action_items"],
        detail="partner home",
    )
    return render(
        request,
        "employers/impact/partner_home.html",
        {"employer": employer, "snapshots": snapshots, "meeting": meeting, "items": items},
    )


def _own_snapshot(request: HttpRequest, snapshot_id: int) -> ImpactSnapshot:
    employer = partner_employer(request.user)
    snapshot = partner_snapshots(employer).filter(pk=snapshot_id).first()
    if snapshot is None:
        raise Http404
    return snapshot


@require_GET
@login_required
def partner_snapshot(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    snapshot = _own_snapshot(request, snapshot_id)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=snapshot,
        fields=["figures"],
        detail=f"employer {snapshot.employer_id}",
    )
    return render(
        request,
        "employers/impact/snapshot.html",
        {
            **snapshot_context(snapshot),
            "employer": snapshot.employer,
            "partner": True,
            "pdf_url": reverse("employers:partner_snapshot_pdf", args=[snapshot.pk]),
        },
    )


@require_GET
@login_required
def partner_snapshot_pdf(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    snapshot = ImpactSnapshot.objects.filter(pk=_own_snapshot(request, snapshot_id).pk).get()
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=snapshot,
        fields=["pdf"],
        detail=f"employer {snapshot.employer_id}",
    )
    response = HttpResponse(bytes(snapshot.pdf), content_type="application/pdf")
    name = f"community-impact-{snapshot.since:%Y%m%d}-{snapshot.until:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
