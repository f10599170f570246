""" "My follow-ups": the employers due a call or review, and open action items."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from workbridge.accounts.access import queue_owner, require_casework
from workbridge.employers.queries import action_items_visible_to, follow_up_queue
from workbridge.employers.services import action_item_set_done
from workbridge.employers.views.access import safe_next
from workbridge.employers.views.queue_table import follow_up_rows_shown
from workbridge.web.lists import choice_from, page_of

HORIZONS = (7, 14, 30)


@require_GET
@login_required
def follow_up_queue_view(request: HttpRequest) -> HttpResponse:
    """Overdue first (oldest first), then what falls due within the horizon.

    A program director or administrator may look at another job developer's queue
    with `?owner=<id>`; everyone else sees their own.
    """
    require_casework(request.user)
    owner, staff = queue_owner(request)
    horizon = choice_from(request, "days", HORIZONS, default=7)
    today = timezone.localdate()
    queue = follow_up_queue(request.user, today=today, horizon_days=horizon, owner=owner)
    page = page_of(request, queue.follow_ups)
    back = request.get_full_path()
    follow_ups = list(page.object_list)
    return render(
        request,
        "employers/queue.html",
        {
            "owner": owner,
            "is_own": owner.pk == request.user.pk,
            "staff": staff,
            "horizon": horizon,
            "horizons": HORIZONS,
            "until": today + timedelta(days=horizon),
            "page": page,
            "action_items": list(queue.action_items[:200]),
            "today": today,
            "back": back,
            "follow_ups": follow_ups,
            "rows": follow_up_rows_shown(follow_ups, today=today, back=back),
        },
    )


@require_POST
@login_required
def action_item_done(request: HttpRequest, item_id: int) -> HttpResponse:
    """Mark an action item done today (or, with `undo`, open again)."""
    require_casework(request.user)
    item = action_items_visible_to(request.user).filter(pk=item_id).first()
    if item is None:
        raise Http404
    done_on = None if request.POST.get("undo") else timezone.localdate()
    action_item_set_done(item=item, by=request.user, done_on=done_on)
    if done_on:
        messages.success(request, _("Done: %(action)s") % {"action": item.description})
    else:
        messages.success(request, _("Open again: %(action)s") % {"action": item.description})
    return redirect(safe_next(request, reverse("employers:queue")))
