"""The budget-time status report of a plan: as a web page, a PDF and a workbook."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workbridge.core.spreadsheets import rows_to_xlsx
from workbridge.plans.models import Plan
from workbridge.plans.queries import plan_dashboard, plan_get_for, report_outline, status_report
from workbridge.web.renders import pdf_cached

CACHE_SECONDS = 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_content(plan: Plan, *, today: date) -> str:
    """The report's figures and every action, drawn once for each version of the plan and
    day (in each language), then served from the cache: any change to the plan, its
    actions or measures, or a recompute that moves a value, counts a new version."""
    key = f"plans:report:{plan.pk}:{plan.version}:{today.isoformat()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        sections = status_report(plan, today=today)
        found = render_to_string(
            "plans/_report_content.html",
            {"outline": report_outline(sections), "board": plan_dashboard(plan, today=today)},
        )
        cache.set(key, found, timeout=CACHE_SECONDS)
    return mark_safe(found)  # noqa: S308 (drawn by our own template, escaped there)


def _context(request: HttpRequest, pk: int) -> dict:
    plan = plan_get_for(request.user, pk)
    today = timezone.localdate()
    return {"plan": plan, "today": today, "content": report_content(plan, today=today)}


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "plans/report.html", _context(request, pk))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    context = _context(request, pk)
    html = render_to_string("plans/report_pdf.html", context)
    response = HttpResponse(pdf_cached(html), content_type="application/pdf")
    plan = context["plan"]
    response["Content-Disposition"] = (
        f'attachment; filename="status-report-{plan.pk}-{context["today"].isoformat()}.pdf"'
    )
    return response


@login_required
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for(request.user, pk)
    today = timezone.localdate()
    context = {"plan": plan, "today": today, "sections": status_report(plan, today=today)}
    headers = [
        _("Goal area"),
        _("Strategy"),
        _("Action"),
        _("Timeline"),
        _("Status"),
        _("Status a year ago"),
        _("Measure"),
        _("Source"),
        _("Value"),
        _("Value a year ago"),
        _("Target"),
        _("State"),
        _("Trend"),
        _("What is driving it"),
        _("Partners"),
        _("What works"),
        _("Next steps"),
    ]
    rows = []
    for section in context["sections"]:
        for strategy, actions in section.strategies:
            for line in actions:
                action = line.action
                head = [
                    section.goal_area.title,
                    strategy.title,
                    action.title,
                    action.timeline or action.due_on,
                    action.get_status_display(),
                    line.status_last_year_label,
                ]
                if not line.measures:
                    rows.append(head + [""] * 11)
                for m in line.measures:
                    measure = m.measure
                    rows.append(
                        [
                            *head,
                            measure.title,
                            measure.metric_key or _("Manual"),
                            measure.current_value,
                            m.year_ago,
                            measure.target_value,
                            measure.get_state_display(),
                            m.trend_label,
                            measure.story_drivers,
                            measure.story_partners,
                            measure.story_works,
                            measure.story_next,
                        ]
                    )
    plan = context["plan"]
    response = HttpResponse(
        rows_to_xlsx(headers, rows, title=_("Status report")), content_type=XLSX
    )
    response["Content-Disposition"] = (
        f'attachment; filename="status-report-{plan.pk}-{context["today"].isoformat()}.xlsx"'
    )
    return response
