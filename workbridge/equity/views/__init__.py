"""Hiring-equity pages, one module per area: the overview here."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workbridge.equity.access import require_equity
from workbridge.equity.models import Applicant, ImportRun, Requisition


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where the equity work starts: what has been imported and where each report is."""
    organisation = require_equity(request.user)
    context = {
        "requisitions": Requisition.objects.filter(organisation=organisation).count(),
        "applicants": Applicant.objects.filter(organisation=organisation).count(),
        "last_import": ImportRun.objects.filter(organisation=organisation).first(),
    }
    return render(request, "equity/home.html", context)
