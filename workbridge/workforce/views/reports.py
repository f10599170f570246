"""Workforce reports: the page with its filters and tables, and its downloads (audited)."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.equity import report_exports
from workbridge.equity.access import require_equity
from workbridge.equity.services import equity_settings_for
from workbridge.workforce.forms import MobilityReportForm, WorkforceReportForm
from workbridge.workforce.queries import CACHE_SECONDS, roster_version
from workbridge.workforce.reports import REPORT_BUILDERS, REPORT_TITLES

EXPORT_TYPES = {
    "xlsx": report_exports.XLSX_TYPE,
    "pdf": report_exports.PDF_TYPE,
    "csv": report_exports.CSV_TYPE,
}


def _form(request: HttpRequest, key: str):
    """The report's filters, bound to the query string with the defaults filled in, and
    the key its report is kept under (None when the filters are wrong)."""
    organisation = require_equity(request.user)
    if key not in REPORT_BUILDERS:
        raise Http404
    form_class = MobilityReportForm if key == "mobility" else WorkforceReportForm
    data = request.GET.copy()
    for name, value in form_class.defaults(organisation).items():
        data.setdefault(name, value)
    form = form_class(data, organisation=organisation)
    if not form.is_valid():
        return form, None
    threshold = equity_settings_for(organisation).small_cell_threshold
    # A report changes only when a roster is imported: it is kept under the rosters'
    # version, the filters, the threshold and the language.
    cache_key = "workforce:report:" + roster_version(
        organisation,
        key,
        str(threshold),
        get_language() or "",
        repr(sorted(form.cleaned_data.items())),
    )
    form.threshold = threshold
    return form, cache_key


def _report(request: HttpRequest, key: str, form, cache_key: str):
    cached = cache.get(cache_key)
    if cached is not None:
        return cached
    organisation = require_equity(request.user)
    extra = {"period": form.cleaned_data["period"] or "latest"} if key == "mobility" else {}
    report = REPORT_BUILDERS[key](
        organisation,
        characteristic=form.cleaned_data["characteristic"],
        department=form.cleaned_data["department"],
        publication=form.cleaned_data["publication"],
        threshold=form.threshold,
        **extra,
    )
    cache.set(cache_key, report, timeout=CACHE_SECONDS)
    return report


def _build(request: HttpRequest, key: str):
    form, cache_key = _form(request, key)
    if cache_key is None:
        return form, None
    return form, _report(request, key, form, cache_key)


def _query(form: WorkforceReportForm) -> str:
    query = QueryDict(mutable=True)
    for name in form.fields:
        values = [v for v in form.data.getlist(name) if v not in (None, "")]
        if values:
            query.setlist(name, values)
    return query.urlencode()


@require_GET
@login_required
def report_page(request: HttpRequest, key: str) -> HttpResponse:
    """A report with its filters. The report's part of the page (findings and tables) is
    kept drawn under the report's own key: the same rosters and filters draw the same."""
    form, cache_key = _form(request, key)
    query = _query(form)
    body = None
    if cache_key is not None:
        body = cache.get(cache_key + ":html")
        if body is None:
            report = _report(request, key, form, cache_key)
            body = render_to_string(
                "workforce/_report_body.html",
                {
                    "key": key,
                    "report": report,
                    "query": query,
                    "hidden_text": report_exports.hidden_word(),
                    "tables": [(t, report_exports.shown_rows(t)) for t in report.tables],
                },
            )
            cache.set(cache_key + ":html", body, timeout=CACHE_SECONDS)
    context = {
        "key": key,
        "title": REPORT_TITLES[key],
        "reports": REPORT_TITLES.items(),
        "form": form,
        "body": None if body is None else mark_safe(body),  # noqa: S308 - our own template
    }
    return render(request, "workforce/report_page.html", context)


@require_GET
@login_required
def report_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """A report as XLSX, PDF or CSV, as the page shows it; audited."""
    if fmt not in EXPORT_TYPES:
        raise Http404
    form, report = _build(request, key)
    if report is None:
        return HttpResponseBadRequest("; ".join(str(e) for es in form.errors.values() for e in es))
    if fmt == "xlsx":
        body = report_exports.report_xlsx(report)
    elif fmt == "pdf":
        body = report_exports.report_pdf(report, request)
    else:
        body = report_exports.report_csv(report)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="workforce.report",
        object_id=key,
        fields=["race", "sex"],
        detail=(f"{key} report {fmt}; " + "; ".join(report.scope))[:300],
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="workforce-{key}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
