"""An employer's community impact report: the page, its PDF and CSV, sending it, snapshots,
the report cadence, and the organisation's impact settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import manager_organisation, require_casework, require_manager
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import FileProblem
from workbridge.employers.forms_impact import (
    BenchmarkUploadForm,
    ImpactSettingsForm,
    PeriodForm,
    ReportPlanForm,
    ReportSendForm,
)
from workbridge.employers.impact_benchmark import (
    benchmark_read,
    benchmark_summary,
    impact_benchmark_replace,
    impact_benchmark_reset,
    problem_text,
)
from workbridge.employers.impact_report import (
    Period,
    period_label,
    report_body_html,
    report_context,
    report_csv,
    report_pdf,
)
from workbridge.employers.impact_sends import (
    full_report,
    impact_plan_set,
    impact_report_send,
    render_document,
)
from workbridge.employers.models import (
    Employer,
    ImpactReportPlan,
    ImpactSettings,
    ImpactSnapshot,
    ReportCadence,
)
from workbridge.employers.queries import employer_get_for
from workbridge.web.uploads import file_problem_text


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    return form, form.period()


def _period_query(period: Period) -> str:
    return f"kind=custom&since={period.since.isoformat()}&until={period.until.isoformat()}"


def _slug(employer: Employer, period: Period) -> str:
    return f"community-impact-{employer.pk}-{period.since:%Y%m%d}-{period.until:%Y%m%d}"


@require_GET
@login_required
def impact_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report for a period, in the reader's language, with its downloads and sends."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form, period = _period(request)
    report = full_report(employer, period)
    narrative = report.narrative_text()
    body = report_body_html(report.published, narrative_text=narrative, priority=report.priority)
    snapshots = ImpactSnapshot.objects.filter(employer=employer).defer("pdf", "html")[:20]
    plan = ImpactReportPlan.objects.filter(employer=employer).first()
    return render(
        request,
        "employers/impact/report.html",
        {
            "published": report.published,
            "narrative": narrative,
            "period": period_label(period),
            "body": body,
            "employer": employer,
            "form": form,
            "query": _period_query(period),
            "send_form": ReportSendForm(organisation_id=employer.organisation_id),
            "snapshots": snapshots,
            "cadence": plan.get_cadence_display() if plan else ReportCadence.QUARTERLY.label,
        },
    )


@require_GET
@login_required
def impact_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as PDF, from the same template as the page, in the contact's language."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    _form, period = _period(request)
    report = full_report(employer, period)
    language = request.GET.get("lang") or translation.get_language() or "en"
    language = "es" if language.startswith("es") else "en"
    _text, html, _context = render_document(report, language=language)
    pdf = report_pdf(html)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=employer,
        fields=["impact_report"],
        detail=f"PDF {period.since}..{period.until}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_slug(employer, period)}.pdf"'
    return response


@require_GET
@login_required
def impact_report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The published figures as a CSV appendix (the same hidden cells as the report)."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    _form, period = _period(request)
    report = full_report(employer, period)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=employer,
        fields=["impact_report"],
        detail=f"CSV {period.since}..{period.until}",
    )
    response = HttpResponse(report_csv(report.published), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_slug(employer, period)}.csv"'
    return response


@require_POST
@login_required
def impact_report_send_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep a snapshot of the report and mail it to the employer's contacts."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form = PeriodForm(request.POST, today=timezone.localdate())
    period = form.period()
    send_form = ReportSendForm(request.POST, organisation_id=employer.organisation_id)
    if not send_form.is_valid():
        messages.error(request, _("Choose a cover message from the list."))
        return redirect(reverse("employers:impact_report", args=[employer.pk]))
    snapshot, sent = impact_report_send(
        employer=employer,
        period=period,
        by=request.user,
        today=timezone.localdate(),
        template=send_form.cleaned_data["template"],
    )
    delivered = sum(1 for m in sent if m.status == "sent")
    messages.success(
        request,
        _("The report was kept and sent to %(n)s of %(total)s contacts.")
        % {"n": delivered, "total": len(sent)},
    )
    return redirect("employers:impact_snapshot", employer.pk, snapshot.pk)


def _snapshot_for(request: HttpRequest, pk: int, snapshot_id: int) -> ImpactSnapshot:
    employer = employer_get_for(request.user, pk)
    snapshot = ImpactSnapshot.objects.filter(employer=employer, pk=snapshot_id).first()
    if snapshot is None:
        raise Http404
    return snapshot


def snapshot_context(snapshot: ImpactSnapshot) -> dict:
    """A kept report shown again in the language it was made in, from its kept figures."""
    priority = frozenset(
        a["number"] for a in snapshot.figures.get("areas", []) if a.get("group") == "priority"
    )
    with translation.override(snapshot.language):
        return {
            **report_context(
                snapshot.figures,
                employer_name=snapshot.figures.get("employer", ""),
                narrative_text=snapshot.narrative,
                priority=priority,
            ),
            "snapshot": snapshot,
            "period": period_label(Period(snapshot.since, snapshot.until)),
        }


@require_GET
@login_required
def impact_snapshot(request: HttpRequest, pk: int, snapshot_id: int) -> HttpResponse:
    """A report as it was kept (and sent), in the language it was made in."""
    require_casework(request.user)
    snapshot = _snapshot_for(request, pk, snapshot_id)
    context = snapshot_context(snapshot)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=snapshot,
        fields=["figures"],
        detail=f"employer {pk}",
    )
    return render(
        request,
        "employers/impact/snapshot.html",
        {
            **context,
            "employer": snapshot.employer,
            "pdf_url": reverse("employers:impact_snapshot_pdf", args=[pk, snapshot.pk]),
        },
    )


@require_GET
@login_required
def impact_snapshot_pdf(request: HttpRequest, pk: int, snapshot_id: int) -> HttpResponse:
    """The PDF exactly as it was kept."""
    require_casework(request.user)
    snapshot = _snapshot_for(request, pk, snapshot_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=snapshot,
        fields=["pdf"],
        detail=f"employer {pk}",
    )
    response = HttpResponse(bytes(snapshot.pdf), content_type="application/pdf")
    name = f"community-impact-{snapshot.since:%Y%m%d}-{snapshot.until:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def impact_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """How often the employer is sent its report, and with which cover (managers)."""
    require_manager(request.user)
    employer = employer_get_for(request.user, pk)
    plan = ImpactReportPlan.objects.filter(employer=employer).first()
    initial = {
        "cadence": plan.cadence if plan else ReportCadence.QUARTERLY,
        "template": plan.cover_template_id if plan else None,
    }
    form = ReportPlanForm(
        request.POST or None, organisation_id=employer.organisation_id, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        impact_plan_set(
            employer=employer,
            by=request.user,
            cadence=form.cleaned_data["cadence"],
            cover_template=form.cleaned_data["template"],
        )
        messages.success(request, _("The report schedule was saved."))
        return redirect("employers:impact_report", employer.pk)
    return render(request, "employers/impact/plan.html", {"employer": employer, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def impact_settings(request: HttpRequest) -> HttpResponse:
    """The organisation's priority communities (managers)."""
    organisation = manager_organisation(request.user)
    row = ImpactSettings.objects.filter(organisation=organisation).first()
    chosen = list(row.priority_areas.values_list("pk", flat=True)) if row else []
    form = ImpactSettingsForm(request.POST or None, initial={"priority_areas": chosen})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row, _created = ImpactSettings.objects.get_or_create(organisation=organisation)
            row.priority_areas.set(form.cleaned_data["priority_areas"])
            row.save(update_fields=["updated_at"])  # kept reports are keyed on it
            audit_record(
                actor=request.user,
                action=AuditAction.UPDATE,
                obj=row,
                fields=["priority_areas"],
            )
        messages.success(request, _("The priority communities were saved."))
        return redirect("employers:impact_settings")
    return render(request, "employers/impact/settings.html", {"form": form, "row": row})


@require_http_methods(["GET", "POST"])
@login_required
def impact_benchmark(request: HttpRequest) -> HttpResponse:
    """The population benchmark the diversity of hires is read against: the built-in ACS
    figures or the organisation's own table, uploaded here (managers)."""
    organisation = manager_organisation(request.user)
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str, str]] = []
    if request.method == "POST" and request.POST.get("action") == "reset":
        impact_benchmark_reset(by=request.user)
        messages.success(request, _("The reports use the built-in ACS benchmark again."))
        return redirect("employers:impact_benchmark")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            found = benchmark_read(upload, upload.name)
        except FileProblem as problem:
            form.add_error("file", file_problem_text(problem))
        else:
            if found.problems:
                problems = [(p.row, p.column, problem_text(p)) for p in found.problems[:200]]
            else:
                impact_benchmark_replace(
                    by=request.user,
                    race=found.race,
                    sex=found.sex,
                    source=form.cleaned_data["source"],
                    year=form.cleaned_data["year"],
                )
                messages.success(
                    request,
                    _("The benchmark of %(n)s community areas was saved.") % {"n": len(found.race)},
                )
                return redirect("employers:impact_benchmark")
    return render(
        request,
        "employers/impact/benchmark.html",
        {
            "form": form,
            "problems": problems,
            "more_problems": len(problems) >= 200,
            "benchmark": benchmark_summary(organisation.pk),
        },
    )
