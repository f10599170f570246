"""Labour-market information: who is hiring for which occupations at what pay, and a
participant's career goal with openings and the next rung."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_casework
from workbridge.people.access import casework_participant
from workbridge.people.reference import onet_job_zones
from workbridge.placements.labour_market import (
    SORTS,
    career_view,
    employers_hiring,
    major_groups,
    occupations_hiring,
    occupations_sorted,
)
from workbridge.placements.views.access import audit_view
from workbridge.web.lists import Column, choice_from, page_size, sort_from, sort_headers

MONTHS = (3, 6, 12, 24)
COLUMNS = (
    Column(_("Occupation (SOC)"), "title"),
    Column(_("Preparation (O*NET job zone)")),
    Column(_("Employers hiring"), "employers", descending_first=True),
    Column(_("Open positions"), "positions", descending_first=True),
    Column(_("Offered hourly wage"), "wage", descending_first=True),
    Column(_("Job quality of the openings")),
    Column(_("Hires"), "hires", descending_first=True),
    Column(_("Starting wage of hires")),
)


@require_GET
@login_required
def labour_market(request: HttpRequest) -> HttpResponse:
    """Occupations the program's employers hire for, with pay and job quality."""
    require_casework(request.user)
    majors = major_groups()
    major = request.GET.get("group", "")
    if major not in {code for code, _title in majors}:
        major = ""
    prefix = major[:2] if major else ""
    months = choice_from(request, "months", MONTHS, default=12)
    sort = sort_from(request, SORTS, default="-positions")
    today = timezone.localdate()
    rows = occupations_sorted(
        occupations_hiring(request.user, today=today, months=months, major=prefix), sort
    )
    page = Paginator(rows, page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "placements/labour_market.html",
        {
            "page": page,
            "rows": page.object_list,
            "headers": sort_headers(request, COLUMNS, sort),
            "majors": majors,
            "major": major,
            "months": months,
            "month_choices": MONTHS,
            "employers": list(employers_hiring(request.user, major=prefix)),
            "has_zones": bool(onet_job_zones()),
        },
    )


@require_GET
@login_required
def career(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's career goal, the openings for it and the next rung up."""
    participant = casework_participant(request, pk)
    view = career_view(participant)
    audit_view(
        request,
        [participant],
        fields=("first_name", "last_name", "career_goals"),
        detail="career goal and openings",
    )
    return render(
        request,
        "placements/career.html",
        {"participant": participant, "view": view, "has_zones": bool(onet_job_zones())},
    )
