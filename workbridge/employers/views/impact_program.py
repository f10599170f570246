"""The program's community impact across all employers: the dashboard, its workbook, and
the program-wide review packet (PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from workbridge.accounts.access import casework_organisation
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.employers.forms_impact import PeriodForm
from workbridge.employers.impact_report import (
    ProgramReport,
    area_map,
    program_report,
    program_xlsx,
    report_context,
    report_pdf,
    trend_chart,
)


def _report(request: HttpRequest) -> tuple[PeriodForm, ProgramReport, object]:
    organisation = casework_organisation(request.user)
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    return form, program_report(organisation.pk, form.period()), organisation


def _context(report: ProgramReport, organisation) -> dict:
    context = report_context(
        report.published,
        employer_name=organisation.name,
        narrative_text=report.narrative_text(),
        priority=report.priority,
    )
    context["map"] = area_map(
        report.published, report.priority, _("Wages flowing into each community area, a year")
    )
    context["trend_chart"] = trend_chart(report.trend)
    context["organisation"] = organisation
    return context


def _query(report: ProgramReport) -> str:
    p = report.period
    return f"kind=custom&since={p.since.isoformat()}&until={p.until.isoformat()}"


@require_GET
@login_required
def impact_program(request: HttpRequest) -> HttpResponse:
    """Community impact across all employers for any period, the map and the trend."""
    form, report, organisation = _report(request)
    return render(
        request,
        "employers/impact/program.html",
        {**_context(report, organisation), "form": form, "query": _query(report)},
    )


@require_GET
@login_required
def impact_program_xlsx(request: HttpRequest) -> HttpResponse:
    _form, report, organisation = _report(request)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="program_impact",
        fields=["impact_report"],
        detail=f"XLSX {report.period.since}..{report.period.until}",
    )
    response = HttpResponse(
        program_xlsx(report, organisation_name=organisation.name),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"program-impact-{report.period.since:%Y%m%d}-{report.period.until:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def impact_program_pdf(request: HttpRequest) -> HttpResponse:
    """The program-wide review packet: communities served, the wage map, retention,
    diversity and the top employers."""
    _form, report, organisation = _report(request)
    language = "es" if (translation.get_language() or "en").startswith("es") else "en"
    with translation.override(language):
        html = render_to_string(
            "employers/impact/program_pdf.html",
            {**_context(report, organisation), "language": language},
        )
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="program_impact",
        fields=["impact_report"],
        detail=f"PDF {report.period.since}..{report.period.until}",
    )
    response = HttpResponse(report_pdf(html), content_type="application/pdf")
    name = f"program-impact-{report.period.since:%Y%m%d}-{report.period.until:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
