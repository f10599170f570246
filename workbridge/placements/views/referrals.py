"""Referring a participant to an opening, moving a referral along, and slates to employers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework
from workbridge.jobs.queries import opening_get_for
from workbridge.matching.suggestions import participant_fits
from workbridge.people.access import casework_participant
from workbridge.placements.forms import ReferForm, ReferralMoveForm, SlateForm, add_service_errors
from workbridge.placements.models import CoverLetter, ReferralStatus
from workbridge.placements.queries import (
    placements_visible_to,
    referral_get_for,
    referrals_for_opening,
    referrals_visible_to,
)
from workbridge.placements.services import referral_create, referral_move, slate_send
from workbridge.placements.views.access import audit_view

# The fields of a referral's detail page that are personal data, for the audit.
REFERRAL_FIELDS = ("first_name", "last_name", "preferred_name", "referrals")


@require_http_methods(["GET", "POST"])
@login_required
def participant_referrals(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's referrals and placements, and the form to refer them to an opening."""
    participant = casework_participant(request, pk)
    fits = participant_fits(request.user, participant, on=timezone.localdate())
    form = ReferForm(request.POST or None, user=request.user, fits=fits)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referral_create(
                participant=participant,
                opening=data["opening"],
                by=request.user,
                status=data["status"],
                on=data["on"],
                note=data["note"].strip(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s put forward for %(title)s.")
                % {"name": participant.display_name, "title": referral.opening.title},
            )
            return redirect("placements:referral", referral.pk)
    referrals = list(
        referrals_visible_to(request.user)
        .filter(participant=participant)
        .select_related("opening", "opening__employer")
        .order_by("-status_on", "-id")
    )
    placements = list(
        placements_visible_to(request.user)
        .filter(participant=participant)
        .select_related("employer")
        .order_by("-started_on", "-id")
    )
    audit_view(
        request,
        [participant],
        fields=(*REFERRAL_FIELDS, "placements"),
        detail="referrals and placements",
    )
    return render(
        request,
        "placements/participant_referrals.html",
        {
            "participant": participant,
            "form": form,
            "referrals": referrals,
            "placements": placements,
            "letter_openings": set(
                CoverLetter.objects.filter(participant=participant).values_list(
                    "opening_id", flat=True
                )
            ),
        },
    )


def _referral_page(request: HttpRequest, referral, form: ReferralMoveForm) -> HttpResponse:
    steps = list(referral.steps.select_related("by").order_by("on", "id"))
    placement = placements_visible_to(request.user).filter(referral=referral).first()
    audit_view(
        request, [referral.participant], fields=REFERRAL_FIELDS, detail=f"referral {referral.pk}"
    )
    return render(
        request,
        "placements/referral_detail.html",
        {
            "referral": referral,
            "participant": referral.participant,
            "opening": referral.opening,
            "steps": steps,
            "form": form if referral.next_statuses() else None,
            "placement": placement,
            "hired": ReferralStatus.HIRED,
        },
    )


@require_GET
@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """A referral's history of steps and the form to move it on."""
    require_casework(request.user)
    referral = referral_get_for(request.user, referral_id)
    return _referral_page(request, referral, ReferralMoveForm(referral=referral))


@require_http_methods(["POST"])
@login_required
def referral_move_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Move a referral one step; a hire records the placement and its retention checks."""
    require_casework(request.user)
    referral = referral_get_for(request.user, referral_id)
    form = ReferralMoveForm(request.POST, referral=referral)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral_move(
                referral=referral,
                to_status=data["to_status"],
                by=request.user,
                on=data["on"],
                note=data["note"].strip(),
                employer_feedback=data["employer_feedback"].strip(),
                feedback_kind=data["feedback_kind"],
                reason=data["reason"],
                hire=form.hire(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            referral.refresh_from_db()
            if referral.status == ReferralStatus.HIRED:
                placement = placements_visible_to(request.user).get(referral=referral)
                messages.success(
                    request,
                    _("Hire recorded. Retention checks are due at 30, 90, 180 and 365 days."),
                )
                return redirect("placements:detail", placement.pk)
            messages.success(
                request, _("Moved to %(status)s.") % {"status": referral.get_status_display()}
            )
            return redirect("placements:referral", referral.pk)
    return _referral_page(request, referral, form)


@require_http_methods(["GET", "POST"])
@login_required
def slate_view(request: HttpRequest, opening_id: int) -> HttpResponse:
    """Build a slate from the people put forward for an opening and send it to the employer."""
    require_casework(request.user)
    opening = opening_get_for(request.user, opening_id)
    referrals = referrals_for_opening(request.user, opening.pk)
    eligible = referrals.filter(status__in=(ReferralStatus.SUGGESTED, ReferralStatus.REFERRED))
    form = SlateForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slate = slate_send(
                opening=opening,
                referrals=list(data["referrals"]),
                by=request.user,
                kind=data["kind"],
                sent_on=data["sent_on"],
                note=data["note"].strip(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Slate of %(count)s sent to %(employer)s and logged as a contact.")
                % {"count": slate.referrals.count(), "employer": opening.employer.name},
            )
            return redirect(reverse("placements:slate", args=[opening.pk]))
    rows = list(referrals)
    slates = list(opening.slates.select_related("by").prefetch_related("referrals"))
    audit_view(
        request,
        [r.participant for r in rows],
        fields=REFERRAL_FIELDS,
        detail=f"slate page of opening {opening.pk}",
    )
    return render(
        request,
        "placements/slate.html",
        {"opening": opening, "form": form, "referrals": rows, "slates": slates},
    )
