"""The semi-annual review packet of a meeting: for each employer, an agenda with its figures
for the half-year and the change from the half before, as one PDF."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.employers.impact import impact_context
from workbridge.employers.impact_report import (
    area_names,
    half_of,
    period_label,
    published_figures,
    report_pdf,
    review_rows,
    threshold,
)
from workbridge.employers.impact_sends import full_report, report_language
from workbridge.employers.views.meetings import _meeting_for


@require_GET
@login_required
def meeting_packet(request: HttpRequest, meeting_id: int) -> HttpResponse:
    require_casework(request.user)
    meeting = _meeting_for(request.user, meeting_id)
    day = timezone.localtime(meeting.starts_at).date()
    period = half_of(half_of(day).since - timedelta(days=1))
    context = impact_context(meeting.organisation_id)
    names = area_names()
    employers = list(meeting.employers.order_by("name"))
    language = report_language(employers[0]) if len(employers) == 1 else "en"
    pages = []
    with translation.override(language):
        for employer in employers:
            report = full_report(employer, period)
            before = published_figures(
                report.previous, context=context, area_names=names, limit=threshold()
            )
            pages.append(
                {
                    "employer": employer,
                    "narrative": report.narrative_text(),
                    "rows": review_rows(report.published, before),
                    "items": list(
                        meeting.action_items.filter(employer=employer, done_on__isnull=True)
                    ),
                }
            )
        html = render_to_string(
            "employers/impact/review_packet_pdf.html",
            {
                "meeting": meeting,
                "pages": pages,
                "period": period_label(period),
                "previous": period_label(period.previous()),
                "language": language,
                "threshold": threshold(),
            },
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=meeting,
        fields=["impact_report"],
        detail=f"review packet {period.since}..{period.until}",
    )
    response = HttpResponse(report_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-packet-{meeting.pk}.pdf"'
    return response
