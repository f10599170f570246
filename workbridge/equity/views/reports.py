"""Hiring-equity reports: hires, representation, source yield, job fairs and the EEO-4 table.

Each report is one page with its filters, its chart (and the same figures as a table),
and downloads as XLSX, PDF or CSV; every download is written to the audit log.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import ChoiceField, ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.equity import forms, report_exports
from workbridge.equity.access import require_equity
from workbridge.equity.reports import Report
from workbridge.equity.reports_charts import chart_data_uri
from workbridge.equity.reports_hiring import hire_report, job_fair_report, yield_report
from workbridge.equity.reports_pool import applicant_pool_report
from workbridge.equity.reports_process import (
    APPLICATION_PROCESS,
    OPTIONAL_STEPS,
    application_process_report,
    optional_steps_report,
)
from workbridge.equity.reports_workforce import eeo4_report, representation_report
from workbridge.equity.services import equity_settings_for


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: Promise
    form: type[forms.ReportForm]
    build: Callable[[Organisation, dict[str, Any], int], Report]
    no_data: Promise


def _hires(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return hire_report(
        org,
        year=data["year"],
        department=data["department"],
        job_title=data["job_title"],
        publication=data["publication"],
        threshold=threshold,
    )


def _yield(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return yield_report(
        org,
        year=data["year"],
        characteristic=data["characteristic"],
        department=data["department"],
        job_title=data["job_title"],
        publication=data["publication"],
        threshold=threshold,
    )


def _fairs(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return job_fair_report(
        org,
        year=data["year"],
        characteristic=data["characteristic"],
        per=data["per"],
        publication=data["publication"],
        threshold=threshold,
    )


def _representation(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return representation_report(
        org,
        as_of=data["as_of"],
        benchmark=data["benchmark"],
        characteristic=data["characteristic"],
        method=data["method"],
        eeo4_category={"": None, forms.WHOLE_WORKFORCE: ""}.get(
            data["eeo4_category"], data["eeo4_category"]
        ),
        publication=data["publication"],
        threshold=threshold,
    )


def _applicant_pool(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return applicant_pool_report(
        org,
        year=data["year"],
        job_title=data["job_title"],
        characteristic=data["characteristic"],
        benchmark=data["against"],
        method=data["method"],
        publication=data["publication"],
        threshold=threshold,
    )


def _eeo4(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return eeo4_report(
        org,
        as_of=data["as_of"],
        department=data["department"],
        categories=data["categories"],
        publication=data["publication"],
        threshold=threshold,
    )


def _process(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return application_process_report(
        org,
        year=data["year"],
        characteristic=data["characteristic"],
        department=data["department"],
        job_title=data["job_title"],
        publication=data["publication"],
        threshold=threshold,
    )


def _optional_steps(org: Organisation, data: dict[str, Any], threshold: int) -> Report:
    return optional_steps_report(
        org,
        year=data["year"],
        characteristic=data["characteristic"],
        department=data["department"],
        job_title=data["job_title"],
        publication=data["publication"],
        threshold=threshold,
    )


NO_APPLICANTS = gettext_lazy("No applicant flow has been imported yet.")
NO_WORKFORCE = gettext_lazy(
    "No workforce table has been imported yet, or there is no benchmark to compare with."
)
REPORTS: dict[str, ReportKind] = {
    kind.key: kind
    for kind in (
        ReportKind(
            "hires",
            gettext_lazy("Hires by race and sex"),
            forms.HireReportForm,
            _hires,
            NO_APPLICANTS,
        ),
        ReportKind(
            "representation",
            gettext_lazy("Workforce representation"),
            forms.RepresentationReportForm,
            _representation,
            NO_WORKFORCE,
        ),
        ReportKind(
            "applicant-pool",
            gettext_lazy("Applicants against the applicant pool"),
            forms.ApplicantPoolReportForm,
            _applicant_pool,
            NO_APPLICANTS,
        ),
        ReportKind(
            "yield",
            gettext_lazy("Source-channel yield"),
            forms.YieldReportForm,
            _yield,
            NO_APPLICANTS,
        ),
        ReportKind(
            APPLICATION_PROCESS,
            gettext_lazy("Application process"),
            forms.ProcessReportForm,
            _process,
            NO_APPLICANTS,
        ),
        ReportKind(
            OPTIONAL_STEPS,
            gettext_lazy("Optional steps"),
            forms.ProcessReportForm,
            _optional_steps,
            NO_APPLICANTS,
        ),
        ReportKind(
            "job-fairs",
            gettext_lazy("Job fairs"),
            forms.JobFairReportForm,
            _fairs,
            gettext_lazy("No job fairs have been recorded yet."),
        ),
        ReportKind(
            "eeo4",
            gettext_lazy("Workforce by job category and salary (EEO-4)"),
            forms.Eeo4ReportForm,
            _eeo4,
            gettext_lazy("No workforce table has been imported yet."),
        ),
    )
}


def report_register(kind: ReportKind) -> None:
    """Add a report built by another app (sourcing partners, job fair funnels) to the
    reports this page shows and downloads, with the same filters, checks and audit."""
    if kind.key in REPORTS and REPORTS[kind.key] is not kind:
        raise ValueError(f"The report {kind.key!r} is registered twice.")
    REPORTS[kind.key] = kind


EXPORT_TYPES = {
    "xlsx": report_exports.XLSX_TYPE,
    "pdf": report_exports.PDF_TYPE,
    "csv": report_exports.CSV_TYPE,
}


def _kind(key: str) -> ReportKind:
    kind = REPORTS.get(key)
    if kind is None:
        raise Http404
    return kind


def _build(request: HttpRequest, kind: ReportKind, organisation: Organisation):
    """The bound filter form and the report (None when the filters are not usable)."""
    data = request.GET.copy()
    for name, value in kind.form.defaults(organisation).items():
        data.setdefault(name, value)
    form = kind.form(data, organisation=organisation)
    if not form.is_valid():
        return form, None
    threshold = equity_settings_for(organisation).small_cell_threshold
    return form, kind.build(organisation, form.cleaned_data, threshold)


def _has_choices(form: forms.ReportForm) -> bool:
    """Whether every required filter has something to choose (else there is no data yet)."""
    for field in form.fields.values():
        if not field.required:
            continue
        if isinstance(field, ModelChoiceField):
            if not field.queryset.exists():
                return False
        elif isinstance(field, ChoiceField) and not list(field.choices):
            return False
    return True


def _query(form: forms.ReportForm) -> str:
    query = QueryDict(mutable=True)
    for name in form.fields:
        values = [v for v in form.data.getlist(name) if v not in (None, "")]
        if values:
            query.setlist(name, values)
    return query.urlencode()


@require_GET
@login_required
def report_page(request: HttpRequest, report: str) -> HttpResponse:
    """One report: its filters, charts, tables and downloads."""
    organisation = require_equity(request.user)
    kind = _kind(report)
    form, built = _build(request, kind, organisation)
    context = {
        "kind": kind,
        "reports": REPORTS.values(),
        "form": form,
        "report": built,
        "no_data": None if _has_choices(form) else kind.no_data,
        "query": _query(form),
        "hidden_text": report_exports.hidden_word(),
        "tables": [
            (table, report_exports.shown_rows(table)) for table in (built.tables if built else [])
        ],
        "charts": [
            (chart, chart_data_uri(chart, hidden_text=report_exports.hidden_word()))
            for chart in (built.charts if built and not built.empty else [])
        ],
    }
    return render(request, "equity/report_page.html", context)


@require_GET
@login_required
def report_export(request: HttpRequest, report: str, fmt: str) -> HttpResponse:
    """One report as XLSX, PDF or CSV, exactly as the page shows it; audited."""
    organisation = require_equity(request.user)
    kind = _kind(report)
    if fmt not in EXPORT_TYPES:
        raise Http404
    form, built = _build(request, kind, organisation)
    if built is None:
        return HttpResponseBadRequest(
            _("These filters cannot be used: %(errors)s")
            % {"errors": "; ".join(str(e) for errors in form.errors.values() for e in errors)}
        )
    if fmt == "xlsx":
        body = report_exports.report_xlsx(built)
    elif fmt == "pdf":
        body = report_exports.report_pdf(built, request)
    else:
        body = report_exports.report_csv(built)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="equity.report",
        object_id=kind.key,
        fields=["race", "sex"],
        detail=(
            f"{kind.key} report {fmt}; "
            + "; ".join(built.scope)
            + (
                f"; for publication, small cells < {built.threshold} hidden"
                if built.publication
                else "; internal, every count shown"
            )
        )[:300],
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind.key}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
