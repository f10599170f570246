""" "Retention checks": the checks due for a staff member, overdue first."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from workbridge.accounts.access import queue_owner, require_casework
from workbridge.placements.incentives import wotc_deadlines_for
from workbridge.placements.queries import retention_checks_due_for
from workbridge.placements.views.access import audit_view
from workbridge.web.lists import choice_from, page_of

HORIZONS = (7, 14, 30)


@require_GET
@login_required
def retention_queue(request: HttpRequest) -> HttpResponse:
    """Open checks due within the horizon. Managers may look at another person's with ?owner=."""
    require_casework(request.user)
    owner, staff = queue_owner(request)
    horizon = choice_from(request, "days", HORIZONS, default=7)
    today = timezone.localdate()
    checks = retention_checks_due_for(request.user, today=today, horizon_days=horizon, owner=owner)
    page = page_of(request, checks)
    rows = list(page.object_list)
    for check in rows:
        check.overdue = check.due_on < today
    forms_due = wotc_deadlines_for(request.user, owner=owner, today=today, horizon_days=horizon)
    audit_view(
        request,
        [check.placement.participant for check in rows]
        + [due.placement.participant for due in forms_due],
        detail=f"retention checks page {page.number}",
    )
    return render(
        request,
        "placements/queue.html",
        {
            "owner": owner,
            "is_own": owner.pk == request.user.pk,
            "staff": staff,
            "horizon": horizon,
            "horizons": HORIZONS,
            "until": today + timedelta(days=horizon),
            "page": page,
            "checks": rows,
            "today": today,
            "forms_due": forms_due,
        },
    )
