"""Reads for matching, scoped to the requesting user: who is ready, what is open, the weights.

Who is *ready* for suggestions: an active participant (not exited) who has had a
readiness assessment (`last_assessed_on` is set), in the user's organisation, and who
does not hold a job the program placed them in (a placement that has not ended). The
assessment's score does not gate anyone: staff judge readiness from the whole record,
and the assessment having happened is what says the conversation about work has begun.

An opening is *open* for matching when its status is open and it has not passed its
closing date.
"""

from datetime import date

from django.db.models import Q, QuerySet

from workbridge.accounts.queries import membership_of
from workbridge.core.matching import Weights
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.jobs.queries import openings_visible_to
from workbridge.matching.models import MatchWeights
from workbridge.people.models import Participant
from workbridge.people.queries import participants_visible_to


def ready_participants_for(user) -> QuerySet[Participant]:
    """Participants the user may see who are ready for suggestions (see the module docstring)."""
    return (
        participants_visible_to(user)
        .filter(exited_on__isnull=True, last_assessed_on__isnull=False)
        .exclude(pk__in=_placed_now())
    )


def _placed_now() -> QuerySet:
    # Read through the placements' reverse relation: matching sits below placements and
    # does not import them. Both conditions in one filter() apply to the same placement.
    return Participant.objects.filter(
        placements__pk__isnull=False, placements__ended_on__isnull=True
    ).values("pk")


def participant_placement_now(participant: Participant):
    """The job the program placed the participant in that has not ended, if any."""
    return (
        participant.placements.filter(ended_on__isnull=True)
        .select_related("employer")
        .order_by("-started_on")
        .first()
    )


def openings_held_by(participant: Participant) -> QuerySet[JobOpening]:
    """Openings the participant holds a job in that has not ended."""
    return JobOpening.objects.filter(
        placements__participant=participant, placements__ended_on__isnull=True
    )


def participant_is_ready(participant: Participant, *, placed: object | None) -> bool:
    """The same rule as `ready_participants_for`, for one row in hand and its placement."""
    return participant.exited_on is None and participant.last_assessed_on is not None and not placed


def open_openings_for(user, *, on: date) -> QuerySet[JobOpening]:
    """Openings the user may see that are open on the given day."""
    return openings_visible_to(user).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=on), status=OpeningStatus.OPEN
    )


def match_weights_row_for(user) -> MatchWeights | None:
    """The user's organisation's weights row, or None when it uses the defaults."""
    membership = membership_of(user)
    if membership is None:
        return None
    return MatchWeights.objects.filter(organisation_id=membership.organisation_id).first()


def weights_for(user) -> Weights:
    """The weights the user's organisation matches with (the engine's defaults until set)."""
    row = match_weights_row_for(user)
    return row.as_weights() if row else Weights()
