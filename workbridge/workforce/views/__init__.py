"""Workforce mobility pages: the rosters, the title crosswalk and the reports."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbridge.equity.access import require_equity
from workbridge.workforce.models import RosterImport, Snapshot, TitleCategory
from workbridge.workforce.reports import REPORT_TITLES


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The snapshots, the latest imports, what is left to review, and the reports."""
    organisation = require_equity(request.user)
    context = {
        "snapshots": Snapshot.objects.filter(organisation=organisation).order_by("-as_of"),
        "imports": RosterImport.objects.filter(organisation=organisation)[:5],
        "to_review": TitleCategory.objects.filter(
            organisation=organisation, reviewed=False
        ).count(),
        "reports": REPORT_TITLES.items(),
    }
    return render(request, "workforce/home.html", context)
