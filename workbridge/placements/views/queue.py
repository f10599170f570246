""" "Retention checks": the checks due for a staff member, overdue first."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_casework, user_manages
from workbridge.accounts.queries import staff_visible_to
from workbridge.placements.queries import retention_checks_due_for
from workbridge.placements.views.access import audit_view

HORIZONS = (7, 14, 30)


@require_GET
@login_required
def retention_queue(request: HttpRequest) -> HttpResponse:
    """Open checks due within the horizon. Managers may look at another person's with ?owner=."""
    require_casework(request.user)
    owner = request.user
    staff = list(staff_visible_to(request.user)) if user_manages(request.user) else None
    owner_param = request.GET.get("owner", "")
    if owner_param and owner_param != str(request.user.pk):
        if staff is None:
            raise PermissionDenied
        owner = next((u for u in staff if str(u.pk) == owner_param), None)
        if owner is None:
            raise Http404
    try:
        horizon = int(request.GET.get("days", 7))
    except ValueError:
        horizon = 7
    if horizon not in HORIZONS:
        horizon = 7
    today = timezone.localdate()
    checks = retention_checks_due_for(request.user, today=today, horizon_days=horizon, owner=owner)
    page = Paginator(checks, settings.WORKBRIDGE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for check in rows:
        check.overdue = check.due_on < today
    audit_view(
        request,
        [check.placement.participant for check in rows],
        detail=f"retention checks page {page.number}",
    )
    query = request.GET.copy()
    query.pop("page", None)
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
            "query": query.urlencode(),
        },
    )
