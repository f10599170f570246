"""Scoring for panel members: each scores alone, and sees the others only after submitting.

Open to anyone of the organisation who sits on the panel, whatever their role, and to
nobody else (403 for colleagues who do not sit on it, 404 for other organisations).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.queries import membership_of
from workbridge.interviews.forms import InterviewerProfileForm, ScorecardForm
from workbridge.interviews.models import Scorecard
from workbridge.interviews.queries import (
    candidate_get_for,
    ratings_visible_to,
    seat_get_for,
    seats_of,
)
from workbridge.interviews.services import (
    interviewer_profile_for,
    interviewer_profile_save,
    scorecard_save,
)


def _require_member(user) -> None:
    if membership_of(user) is None:
        raise PermissionDenied


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The panels the user sits on, with how many candidates they have submitted."""
    _require_member(request.user)
    return render(request, "interviews/mine.html", {"seats": seats_of(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The interviewer's own voluntary answers, used only in panel-diversity counts."""
    _require_member(request.user)
    current = interviewer_profile_for(request.user)
    form = InterviewerProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        interviewer_profile_save(
            user=request.user,
            eeo_category=form.cleaned_data["eeo_category"],
            sex=form.cleaned_data["sex"],
        )
        messages.success(request, _("Your answers are saved."))
        return redirect("interviews:mine")
    return render(request, "interviews/profile.html", {"form": form})


@require_GET
@login_required
def score_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's candidates on one panel, each with their own scorecard's state."""
    seat = seat_get_for(request.user, pk)
    panel = seat.panel
    states = dict(Scorecard.objects.filter(member=seat).values_list("candidate_id", "submitted_at"))
    rows = [
        {
            "candidate": c,
            "started": c.pk in states,
            "submitted": states.get(c.pk) is not None,
        }
        for c in panel.candidates.select_related("applicant").order_by("applicant__external_id")
    ]
    return render(request, "interviews/score_list.html", {"panel": panel, "rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def score(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    """One member's scorecard for one candidate; the others' only once it is submitted."""
    seat = seat_get_for(request.user, pk)
    panel = seat.panel
    candidate = candidate_get_for(panel, candidate_id)
    competencies = list(panel.rubric.competencies.all())
    card = Scorecard.objects.filter(member=seat, candidate=candidate).first()
    own = {r.competency_id: (r.value, r.evidence) for r in (card.ratings.all() if card else [])}
    editable = not panel.is_closed and not (card and card.is_submitted)
    form = ScorecardForm(
        request.POST if request.method == "POST" else None,
        competencies=competencies,
        initial_ratings=own,
    )
    if request.method == "POST":
        if not editable:
            form.is_valid()
            form.add_error(None, _("This scorecard can no longer change."))
        elif form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                scorecard_save(
                    member=seat,
                    candidate=candidate,
                    ratings=form.ratings(),
                    submit=submit,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your scorecard is submitted.") if submit else _("Your draft is saved."),
                )
                return redirect("interviews:score", panel.pk, candidate.pk)
    others: dict[int, list] = {}
    for rating in ratings_visible_to(request.user, candidate).exclude(scorecard__member=seat):
        others.setdefault(rating.competency_id, []).append(rating)
    rows = [
        {
            "competency": c,
            "rating": rating_field,
            "evidence": evidence_field,
            "own": own.get(c.pk, (None, "")),
            "others": others.get(c.pk, []),
        }
        for c, rating_field, evidence_field in form.rows()
    ]
    return render(
        request,
        "interviews/score.html",
        {
            "panel": panel,
            "candidate": candidate,
            "card": card,
            "form": form,
            "rows": rows,
            "editable": editable,
            "shows_others": bool(others),
        },
    )
