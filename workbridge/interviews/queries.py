"""Reads for structured interviews, scoped to the requesting user.

The blind rule lives here: `scorecards_visible_to` is the only way pages read other
members' ratings. A panel member sees their own scorecard (draft or submitted) and,
only once theirs is submitted (or scoring is closed), the others' submitted ones;
drafts are seen by nobody but their author. Someone who does not sit on the panel
sees submitted scorecards only once the consensus step is open.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from workbridge.accounts.models import User
from workbridge.accounts.queries import membership_of
from workbridge.core.agreement import complete_rows, icc_2_1, krippendorff_alpha
from workbridge.equity.access import require_equity
from workbridge.interviews.models import (
    Candidate,
    Panel,
    PanelMember,
    Rating,
    Rubric,
    Scorecard,
)
from workbridge.interviews.services import consensus_open


def rubric_get_for(user: User, pk: int) -> Rubric:
    """One of the user's organisation's rubrics, for the equity roles; 404 otherwise."""
    organisation = require_equity(user)
    try:
        return Rubric.objects.get(pk=pk, organisation=organisation)
    except Rubric.DoesNotExist:
        raise Http404 from None


def panel_get_for(user: User, pk: int) -> Panel:
    """One of the user's organisation's panels, for the equity roles; 404 otherwise."""
    organisation = require_equity(user)
    try:
        return Panel.objects.select_related("requisition", "rubric").get(
            pk=pk, organisation=organisation
        )
    except Panel.DoesNotExist:
        raise Http404 from None


def candidate_get_for(panel: Panel, pk: int) -> Candidate:
    """One of the panel's candidates; 404 otherwise."""
    try:
        return Candidate.objects.select_related("applicant", "panel").get(pk=pk, panel=panel)
    except Candidate.DoesNotExist:
        raise Http404 from None


def seat_get_for(user: User, panel_id: int) -> PanelMember:
    """The user's own seat on a panel of their organisation.

    404 for a panel of another organisation (or none), 403 for someone of the same
    organisation who does not sit on it.
    """
    membership = membership_of(user)
    if membership is None:
        raise Http404
    panel = (
        Panel.objects.select_related("requisition", "rubric")
        .filter(pk=panel_id, organisation_id=membership.organisation_id)
        .first()
    )
    if panel is None:
        raise Http404
    seat = PanelMember.objects.filter(panel=panel, user=user).first()
    if seat is None:
        raise PermissionDenied
    seat.panel = panel
    return seat


def seats_of(user: User) -> QuerySet[PanelMember]:
    """The panels the user sits on, in their organisation, newest first."""
    membership = membership_of(user)
    if membership is None:
        return PanelMember.objects.none()
    return (
        PanelMember.objects.filter(user=user, panel__organisation_id=membership.organisation_id)
        .select_related("panel", "panel__requisition")
        .annotate(
            candidates=Count("panel__candidates", distinct=True),
            submitted=Count(
                "scorecards", filter=Q(scorecards__submitted_at__isnull=False), distinct=True
            ),
        )
        .order_by("-panel__created_at")
    )


def scorecards_visible_to(user: User, candidate: Candidate) -> QuerySet[Scorecard]:
    """The scorecards of a candidate the user may read (see the module's blind rule)."""
    base = Scorecard.objects.filter(candidate=candidate).select_related("member__user")
    own = base.filter(member__user=user)
    own_card = own.first()
    sits = PanelMember.objects.filter(panel_id=candidate.panel_id, user=user).exists()
    if sits:
        may_see_others = candidate.panel.is_closed or (
            own_card is not None and own_card.is_submitted
        )
    else:
        may_see_others = consensus_open(candidate)
    if not may_see_others:
        return own
    return base.filter(Q(member__user=user) | Q(submitted_at__isnull=False))


def ratings_visible_to(user: User, candidate: Candidate) -> QuerySet[Rating]:
    """The ratings behind `scorecards_visible_to`."""
    return Rating.objects.filter(
        scorecard__in=scorecards_visible_to(user, candidate)
    ).select_related("scorecard__member__user", "competency")


def has_pending_scorecards(user: User, panel: Panel) -> bool:
    """Whether the user sits on the open panel and has a candidate not yet submitted."""
    if panel.is_closed:
        return False
    seat = PanelMember.objects.filter(panel=panel, user=user).first()
    if seat is None:
        return False
    submitted = seat.scorecards.filter(submitted_at__isnull=False).count()
    return submitted < panel.candidates.count()


@dataclass(frozen=True)
class PanelAgreement:
    """How far a panel's members agreed, over their submitted scorecards."""

    icc: float | None  # ICC(2,1) of the weighted overall scores
    icc_candidates: int  # candidates scored by every member
    alpha: float | None  # Krippendorff's ordinal alpha over every competency rating
    members: int
    ratings: int


def panel_agreement(panel: Panel) -> PanelAgreement:
    """ICC(2,1) of the members' overall scores and ordinal alpha of every rating."""
    members = list(panel.members.order_by("pk").values_list("pk", flat=True))
    competencies = list(panel.rubric.competencies.values_list("pk", "weight"))
    weights = {pk: float(w) for pk, w in competencies}
    candidates = list(panel.candidates.order_by("pk").values_list("pk", flat=True))
    rows = Rating.objects.filter(
        scorecard__candidate__panel=panel,
        scorecard__submitted_at__isnull=False,
        value__isnull=False,
    ).values_list("scorecard__member_id", "scorecard__candidate_id", "competency_id", "value")
    member_at = {pk: i for i, pk in enumerate(members)}
    candidate_at = {pk: i for i, pk in enumerate(candidates)}
    competency_at = {pk: i for i, (pk, _w) in enumerate(competencies)}
    units = len(candidates) * len(competencies)
    # raters × (candidate, competency) units for alpha; per member and candidate the sums
    # for the weighted overall score
    alpha_table: list[list[float | None]] = [[None] * units for _ in members]
    sums: dict[tuple[int, int], float] = {}
    rated: dict[tuple[int, int], int] = {}
    count = 0
    for member_id, candidate_id, competency_id, value in rows:
        if member_id not in member_at or competency_id not in competency_at:
            continue
        m, c, k = member_at[member_id], candidate_at[candidate_id], competency_at[competency_id]
        alpha_table[m][c * len(competencies) + k] = float(value)
        sums[m, c] = sums.get((m, c), 0.0) + weights[competency_id] * value
        rated[m, c] = rated.get((m, c), 0) + 1
        count += 1
    total_weight = sum(weights.values())
    overall = [
        [
            sums[m, c] / total_weight if rated.get((m, c)) == len(competencies) else None
            for m in range(len(members))
        ]
        for c in range(len(candidates))
    ]
    table = complete_rows(overall) if candidates and members else complete_rows([])
    icc = icc_2_1(table) if table.size else None
    alpha = krippendorff_alpha(alpha_table, metric="ordinal") if members and units else None
    return PanelAgreement(
        icc=icc,
        icc_candidates=int(table.shape[0]) if table.size else 0,
        alpha=alpha,
        members=len(members),
        ratings=count,
    )


def panel_progress(panel: Panel) -> list[dict]:
    """Per candidate: applicant id, scorecards submitted, and the decision — no ratings."""
    return list(
        panel.candidates.select_related("applicant")
        .annotate(submitted=Count("scorecards", filter=Q(scorecards__submitted_at__isnull=False)))
        .values("pk", "applicant__external_id", "submitted", "decision")
        .order_by("applicant__external_id")
    )
