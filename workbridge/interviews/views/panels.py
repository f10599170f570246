"""Panels for coordinators: who sits on them, the candidates, closing scoring, consensus."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.equity.access import require_equity
from workbridge.equity.models import Applicant
from workbridge.interviews.forms import (
    CandidateAddForm,
    ConsensusForm,
    MemberAddForm,
    PanelCreateForm,
)
from workbridge.interviews.models import ConsensusRating
from workbridge.interviews.queries import (
    candidate_get_for,
    has_pending_scorecards,
    panel_agreement,
    panel_get_for,
    panel_progress,
    ratings_visible_to,
)
from workbridge.interviews.services import (
    candidate_add,
    consensus_open,
    consensus_record,
    panel_close,
    panel_create,
    panel_member_add,
)

# What the consensus page shows of a candidate, named in the audit log: the decision, and
# (once the consensus step is open) each interviewer's ratings and evidence.
CONSENSUS_FIELDS_CLOSED = ("decision", "reason")
CONSENSUS_FIELDS = (*CONSENSUS_FIELDS_CLOSED, "ratings", "evidence")


@require_http_methods(["GET", "POST"])
@login_required
def panel_new(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    form = PanelCreateForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        panel = panel_create(
            requisition=data["requisition"],
            rubric=data["rubric"],
            name=data["name"],
            members=data["members"],
            by=request.user,
        )
        return redirect("interviews:panel", panel.pk)
    return render(request, "interviews/panel_form.html", {"form": form})


def _panel_page(request: HttpRequest, panel, *, member_form=None, candidate_form=None, status=200):
    organisation = panel.organisation
    members = panel.members.select_related("user").order_by("user__first_name", "user__username")
    agreement = None
    pending = has_pending_scorecards(request.user, panel)
    if not pending:
        agreement = panel_agreement(panel)
    context = {
        "panel": panel,
        "members": members,
        "progress": panel_progress(panel),
        "member_count": members.count(),
        "sits": any(m.user_id == request.user.pk for m in members),
        "pending": pending,
        "agreement": agreement,
        "member_form": member_form or MemberAddForm(organisation=organisation),
        "candidate_form": candidate_form or CandidateAddForm(),
    }
    return render(request, "interviews/panel_detail.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's members, candidates (by applicant id), progress and agreement."""
    panel = panel_get_for(request.user, pk)
    return _panel_page(request, panel)


@require_POST
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    panel = panel_get_for(request.user, pk)
    form = MemberAddForm(request.POST, organisation=panel.organisation)
    if form.is_valid():
        try:
            panel_member_add(panel=panel, user=form.cleaned_data["user"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("interviews:panel", panel.pk)
    return _panel_page(request, panel, member_form=form)


@require_POST
@login_required
def candidate_new(request: HttpRequest, pk: int) -> HttpResponse:
    panel = panel_get_for(request.user, pk)
    form = CandidateAddForm(request.POST)
    if form.is_valid():
        applicant = Applicant.objects.filter(
            requisition=panel.requisition, external_id=form.cleaned_data["applicant_id"]
        ).first()
        if applicant is None:
            form.add_error("applicant_id", _("No applicant of this requisition has that id."))
        else:
            try:
                candidate_add(panel=panel, applicant=applicant, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("interviews:panel", panel.pk)
    return _panel_page(request, panel, candidate_form=form)


@require_POST
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    panel = panel_get_for(request.user, pk)
    try:
        panel_close(panel=panel, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Scoring is closed; the consensus step is open."))
    return redirect("interviews:panel", panel.pk)


def _ratings_by_competency(user, candidate) -> dict[int, list]:
    table: dict[int, list] = {}
    for rating in ratings_visible_to(user, candidate).filter(scorecard__submitted_at__isnull=False):
        table.setdefault(rating.competency_id, []).append(rating)
    return table


@require_http_methods(["GET", "POST"])
@login_required
def consensus(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    """The submitted scorecards side by side, and the agreed ratings and decision."""
    panel = panel_get_for(request.user, pk)
    candidate = candidate_get_for(panel, candidate_id)
    competencies = list(panel.rubric.competencies.all())
    is_open = consensus_open(candidate)
    agreed = {
        r.competency_id: str(r.value) for r in ConsensusRating.objects.filter(candidate=candidate)
    }
    initial = {f"agreed_{pk}": v for pk, v in agreed.items()}
    if candidate.decision:
        initial.update(decision=candidate.decision, reason=candidate.reason)
    form = ConsensusForm(
        request.POST if request.method == "POST" else None,
        competencies=competencies,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            consensus_record(
                candidate=candidate,
                ratings=form.ratings(),
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The consensus for applicant %(id)s is recorded.")
                % {"id": candidate.applicant.external_id},
            )
            return redirect("interviews:panel", panel.pk)
    by_competency = _ratings_by_competency(request.user, candidate) if is_open else {}
    rows = []
    for c, field in form.rows():
        ratings = by_competency.get(c.pk, [])
        values = [r.value for r in ratings if r.value is not None]
        rows.append(
            {
                "competency": c,
                "field": field,
                "ratings": ratings,
                "low": min(values) if values else None,
                "high": max(values) if values else None,
            }
        )
    # The page shows each interviewer's ratings and evidence about one applicant.
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=candidate,
        fields=CONSENSUS_FIELDS if is_open else CONSENSUS_FIELDS_CLOSED,
        detail="consensus page",
    )
    return render(
        request,
        "interviews/consensus.html",
        {
            "panel": panel,
            "candidate": candidate,
            "form": form,
            "rows": rows,
            "is_open": is_open,
        },
    )
