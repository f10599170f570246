"""Matching pages: a participant's best openings, an opening's best participants, the
organisation's capacity-aware suggestions, and the weights editor.

Who may open them: the two suggestion pages, roles that do casework (administrators,
program directors, case managers); the organisation-wide suggestions and the weights,
administrators and program directors. Others get 403; another organisation's
participant or opening is 404. Every page that shows a participant's constraints or
names writes a VIEW to the audit log.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.access import require_casework, require_manager
from workbridge.accounts.models import AuditAction
from workbridge.accounts.queries import user_reads_demographics
from workbridge.accounts.services import audit_record
from workbridge.core import matching
from workbridge.core.outcomes import suppress_small_cells
from workbridge.jobs.queries import opening_get_for, openings_visible_to
from workbridge.matching.explanations import reason_label
from workbridge.matching.forms import WeightsForm
from workbridge.matching.models import WEIGHT_FIELDS
from workbridge.matching.queries import (
    match_weights_row_for,
    participant_is_ready,
    participant_placement_now,
)
from workbridge.matching.services import match_weights_set
from workbridge.matching.suggestions import (
    UNDISCLOSED,
    capacity_plan,
    opening_matches,
    participant_matches,
)
from workbridge.people.choices import EeoCategory
from workbridge.people.queries import participant_get_for, participants_visible_to
from workbridge.web.lists import page_of

SMALL_GROUP = settings.WORKBRIDGE_SMALL_CELL  # fewest ready people a group's figures rest on

# What the participant page shows of the participant, named for the audit log.
CONSTRAINT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "availability",
    "physical_limits",
    "transport_mode",
    "max_commute_minutes",
    "min_hourly_wage",
    "needs_fair_chance",
    "community_area",
    "career_goals",
    "skills",
    "work_history.loss_factors",
)
NAME_FIELDS = ("first_name", "last_name", "preferred_name")


def _url_or_none(name: str, *args) -> str | None:
    """A page of another app, when that app offers it."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _audit_people(request: HttpRequest, ids: list[int], *, fields, detail: str) -> None:
    """One VIEW event for the participants a page listed (none listed: nothing written)."""
    if not ids:
        return
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="people.participant",
        fields=fields,
        detail=f"{detail}, {len(ids)} rows: {', '.join(map(str, ids))}"[:300],
    )


@require_GET
@login_required
def participant_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's best openings with each factor's points, and the openings ruled out."""
    require_casework(request.user)
    participant = participant_get_for(request.user, pk)
    today = timezone.localdate()
    found = participant_matches(request.user, participant, on=today)
    page = page_of(request, found.excluded)
    shown = [s.pk for s in found.suggestions] + [e.pk for e in page.object_list]
    openings = openings_visible_to(request.user).select_related("employer").in_bulk(shown)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=participant,
        fields=CONSTRAINT_FIELDS,
        detail="matching suggestions",
    )
    placed = participant_placement_now(participant)
    return render(
        request,
        "matching/participant.html",
        {
            "participant": participant,
            "placed": placed,
            "ready": participant_is_ready(participant, placed=placed),
            "found": found,
            "suggestions": [(openings[s.pk], s.explanation) for s in found.suggestions],
            "excluded": [(openings[e.pk], e.sentences) for e in page.object_list],
            "page": page,
            "today": today,
            "refer_url": _url_or_none("placements:participant", participant.pk),
        },
    )


@require_GET
@login_required
def opening_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """An opening's best ready participants with each factor's points."""
    require_casework(request.user)
    opening = opening_get_for(request.user, pk)
    today = timezone.localdate()
    found = opening_matches(request.user, opening, on=today)
    ids = [s.pk for s in found.suggestions]
    people = participants_visible_to(request.user).in_bulk(ids)
    _audit_people(
        request, ids, fields=NAME_FIELDS, detail=f"matching candidates for opening {opening.pk}"
    )
    refer_urls = {pk: _url_or_none("placements:participant", pk) for pk in ids}
    return render(
        request,
        "matching/opening.html",
        {
            "opening": opening,
            "found": found,
            "candidates": [
                (people[s.pk], s.explanation, refer_urls[s.pk]) for s in found.suggestions
            ],
            "excluded_by": [
                (reason_label(key), found.excluded_by[key]) for key in matching.REASON_KEYS
            ],
            "today": today,
            "slate_url": _url_or_none("placements:slate", opening.pk),
        },
    )


@dataclass(frozen=True)
class SpreadRow:
    label: str
    spread: object  # assignment.GroupSpread
    hidden: bool


def _spread_rows(spread) -> list[SpreadRow]:
    """Groups by EEO category; groups with fewer ready people than the small-cell threshold
    hide their figures, and when only one group is hidden the next smallest is hidden too,
    so that the totals cannot give it away."""
    hidden = suppress_small_cells({g.group: g.ready for g in spread}, threshold=SMALL_GROUP)
    labels = dict(EeoCategory.choices)
    return [
        SpreadRow(str(labels.get(g.group, labels[UNDISCLOSED])), g, g.group in hidden)
        for g in spread
    ]


@require_GET
@login_required
def capacity_suggestions(request: HttpRequest) -> HttpResponse:
    """Proposed assignment of ready participants to open openings, within their positions."""
    require_manager(request.user)
    today = timezone.localdate()
    plan = capacity_plan(request.user, on=today, groups=user_reads_demographics(request.user))
    page = page_of(request, plan.proposals)
    rows = list(page.object_list)
    people = participants_visible_to(request.user).in_bulk([r.participant_id for r in rows])
    openings = (
        openings_visible_to(request.user)
        .select_related("employer")
        .in_bulk([r.opening_id for r in rows])
    )
    _audit_people(
        request,
        [r.participant_id for r in rows],
        fields=NAME_FIELDS,
        detail=f"capacity-aware suggestions, page {page.number}",
    )
    return render(
        request,
        "matching/suggestions.html",
        {
            "plan": plan,
            "page": page,
            "rows": [(people[r.participant_id], openings[r.opening_id], r.score) for r in rows],
            "spread": _spread_rows(plan.spread),
            "small_group": SMALL_GROUP,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def weights_edit(request: HttpRequest) -> HttpResponse:
    """The organisation's matching weights (administrators and program directors)."""
    require_manager(request.user)
    row = match_weights_row_for(request.user)
    form = WeightsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            match_weights_set(
                by=request.user, weights={name: form.cleaned_data[name] for name in WEIGHT_FIELDS}
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Matching weights saved."))
            return redirect("matching:weights")
    return render(request, "matching/weights.html", {"form": form, "is_default": row is None})
