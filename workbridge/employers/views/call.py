"""The call screen: talking points for a community-focused call with one employer."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from workbridge.accounts.access import require_casework
from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core.follow_up import Reason
from workbridge.employers.choices import InteractionKind
from workbridge.employers.forms import InteractionForm
from workbridge.employers.impact import active_placements_with_open_checks, employer_impact
from workbridge.employers.models import Interaction
from workbridge.employers.queries import (
    action_items_visible_to,
    employer_get_for,
    employer_health,
)
from workbridge.employers.views.access import safe_next

RECENT_INTERACTIONS = 5
# What a retention check can find (the placements app's choices, which this app cannot read).
STILL_EMPLOYED = [
    ("yes", _("Yes, still employed")),
    ("no", _("No, not employed there")),
    ("unknown", _("Could not find out")),
]

REASON_LABELS = {
    "hires": _("Hires in the last 12 months"),
    "retention": _("Retention at 90 days"),
    "responsiveness": _("Responsiveness"),
    "recency": _("Time since last contact"),
    "openings": _("Open positions"),
    "poor_fit": _("Poor fit"),
}


def _percent(share: float) -> str:
    return f"{round(100 * share)}%"


def reason_in_words(reason: Reason) -> str:
    """What a health reason's value means, in a sentence a caller can read aloud."""
    value = reason.value
    match reason.key:
        case "hires":
            return ngettext(
                "%(n)s hire from the program", "%(n)s hires from the program", value
            ) % {"n": value}
        case "retention":
            if value is None:
                return str(_("No hire has been there 90 days yet, so nothing to measure"))
            return str(_("%(p)s of hires stayed at least 90 days")) % {"p": _percent(value)}
        case "responsiveness":
            if value is None:
                return str(_("No calls or e-mails in the last 12 months"))
            return str(_("%(p)s of our calls and e-mails reached someone")) % {"p": _percent(value)}
        case "recency":
            if value is None:
                return str(_("Never contacted"))
            return ngettext("Last contact %(n)s day ago", "Last contact %(n)s days ago", value) % {
                "n": value
            }
        case "openings":
            return ngettext("%(n)s open position", "%(n)s open positions", value) % {"n": value}
        case "poor_fit":
            return str(_("Marked a poor fit: the score is zero whatever else is true"))
    return "" if value is None else str(value)


@require_GET
@login_required
def call_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Their hires, where those hires live, retention, wages, openings against ready
    participants, how healthy the relationship is and why, and a form to log the call."""
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    today = timezone.localdate()
    impact = employer_impact(employer, today=today)
    health = employer_health(employer, today=today)
    recent = list(
        Interaction.objects.filter(employers=employer)
        .select_related("by")
        .prefetch_related("contacts")
        .order_by("-occurred_on", "-id")[:RECENT_INTERACTIONS]
    )
    next_step = next((i for i in recent if i.next_step), None)
    contacts = list(employer.contacts.order_by("-is_primary", "name"))
    placements = active_placements_with_open_checks(employer)
    if placements:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="people.participant",
            fields=["first_name", "last_name", "preferred_name"],
            detail=f"call screen of employer {employer.pk}: "
            + ", ".join(str(p.participant_id) for p in placements)[:200],
        )
    back = safe_next(request, reverse("employers:detail", args=[employer.pk]))
    form = InteractionForm(
        user=request.user,
        chosen=[employer],
        initial={
            "kind": InteractionKind.CALL,
            "occurred_on": today,
            "employers": [employer.pk],
        },
    )
    return render(
        request,
        "employers/call_screen.html",
        {
            "employer": employer,
            "impact": impact,
            "retention_percent": (
                _percent(impact.retention_90) if impact.retention_90 is not None else None
            ),
            "health": health,
            "reasons": [
                {
                    "label": REASON_LABELS.get(r.key, r.key),
                    "points": r.points,
                    "max_points": r.max_points,
                    "words": reason_in_words(r),
                }
                for r in health.reasons
            ],
            "recent": recent,
            "next_step": next_step,
            "action_items": action_items_visible_to(request.user)
            .filter(employer=employer, done_on__isnull=True)
            .select_related("owner")
            .order_by("due_on", "id")[:10],
            "contacts": contacts,
            "placements": placements,
            "still_employed_choices": [
                ("yes", _("Yes, still employed")),
                ("no", _("No, not employed there")),
                ("unknown", _("Could not find out")),
            ],
            "form": form,
            "log_action": (
                f"{reverse('employers:interaction_log')}?employer={employer.pk}&kind=call"
            ),
            "back": back,
            "today": today,
        },
    )
