"""Suggestions as the pages show them: for a participant, for an opening, for the organisation.

Each function builds the engine's arrays from the user's scoped querysets in a fixed
number of queries (`arrays.match_arrays`), runs `workbridge.core.matching` (and, for
the organisation, `workbridge.core.assignment`) and returns row indices and
explanations; the views fetch the few rows they show by id.

The organisation-wide run is synchronous. Measured on these machines (2 cores) with
5,000 ready participants against 500 open openings on SQLite: building the arrays took
0.3-0.5 s (six queries), top 10 per participant 0.17 s, the min-cost-flow assignment
0.1-0.3 s and the spread by group 0.05 s; the whole page answered in 0.8-1.5 s once
warm, with other work loading the machine (the first request after a start adds about
0.2 s to import OR-tools). That is a moment, not long work, so there is no queue, stored
result or progress page. An organisation with tens of thousands of ready participants
would take several seconds a page and should move the run into a task with progress (the
BulkSend pattern of `employers/tasks.py`), storing the proposal for paging. The run is
deterministic, so paging shows the same proposal while the data stays the same.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from workbridge.core import assignment, matching
from workbridge.core.matching import Weights
from workbridge.jobs.models import JobOpening
from workbridge.matching.arrays import MatchArrays, match_arrays
from workbridge.matching.explanations import PairExplanation, exclusion_sentences, explain_pair
from workbridge.matching.net_gain import with_net_gain
from workbridge.matching.queries import (
    open_openings_for,
    openings_held_by,
    ready_participants_for,
    weights_for,
)
from workbridge.people.models import Demographics, Participant
from workbridge.people.queries import participants_visible_to

TOP_K = 10
# The organisation-wide assignment looks at each participant's 50 best openings: on the
# benchmark's sample it reaches the exact optimum within 1% where the top 10 falls short
# (`benchmarks/bench_matching.py`), for under three times the solver's time.
PLAN_TOP_K = 50


@dataclass(frozen=True)
class Suggestion:
    """One opening for a participant, or one participant for an opening, and why."""

    pk: int  # the opening's or the participant's id
    explanation: PairExplanation


@dataclass(frozen=True)
class Excluded:
    """An opening a participant cannot take, with a sentence per failed constraint."""

    pk: int
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class ParticipantMatches:
    weights: Weights
    open_openings: int
    suggestions: list[Suggestion]
    excluded: list[Excluded]


@dataclass(frozen=True)
class OpeningMatches:
    weights: Weights
    ready: int
    passing: int
    suggestions: list[Suggestion]
    excluded_by: dict[str, int]  # REASON_KEYS -> ready participants failing it


def participant_matches(user, participant: Participant, *, on: date) -> ParticipantMatches:
    """The participant's best open openings (top 10) and the openings they are excluded from.

    An opening the participant already holds a job in is not suggested to them again.
    """
    weights = weights_for(user)
    data = match_arrays(
        participants_visible_to(user).filter(pk=participant.pk),
        open_openings_for(user, on=on).exclude(pk__in=openings_held_by(participant)),
        on=on,
    )
    m = len(data.opening_ids)
    if m == 0:
        return ParticipantMatches(weights, 0, [], [])
    top = matching.top_k(data.participants, data.openings, weights, k=TOP_K)
    suggestions = [
        Suggestion(int(data.opening_ids[j]), explain_pair(data, weights, 0, int(j)))
        for j in top.openings[0].tolist()
        if j >= 0
    ]
    suggestions = with_net_gain(user, participant, suggestions, on=on)
    reasons = matching.hard_filter(
        data.participants, data.openings, np.zeros(m, np.intp), np.arange(m)
    )
    excluded = [
        Excluded(
            int(data.opening_ids[j]),
            tuple(exclusion_sentences(data, 0, int(j), matching.reason_keys(int(reasons[j])))),
        )
        for j in np.flatnonzero(reasons).tolist()
    ]
    return ParticipantMatches(weights, m, suggestions, excluded)


@dataclass(frozen=True)
class OpeningFits:
    """Every open opening scored for one participant: the fit of those that pass every
    hard constraint, and the constraints each of the others fails (by key)."""

    scores: dict[int, float]
    ruled_out: dict[int, tuple[str, ...]]


def participant_fits(user, participant: Participant, *, on: date) -> OpeningFits:
    """How well the participant fits each open opening the user may see, for choosing one."""
    weights = weights_for(user)
    data = match_arrays(
        participants_visible_to(user).filter(pk=participant.pk),
        open_openings_for(user, on=on),
        on=on,
    )
    m = len(data.opening_ids)
    if m == 0 or len(data.participant_ids) == 0:
        return OpeningFits({}, {})
    rows, cols = np.zeros(m, np.intp), np.arange(m)
    reasons = matching.hard_filter(data.participants, data.openings, rows, cols)
    scores = matching.score_pairs(data.participants, data.openings, weights, rows, cols)
    ids = data.opening_ids.tolist()
    return OpeningFits(
        scores={ids[j]: float(scores[j]) for j in np.flatnonzero(reasons == 0).tolist()},
        ruled_out={
            ids[j]: matching.reason_keys(int(reasons[j])) for j in np.flatnonzero(reasons).tolist()
        },
    )


def opening_matches(user, opening: JobOpening, *, on: date) -> OpeningMatches:
    """The opening's best ready participants (top 10), and how many each constraint excludes."""
    weights = weights_for(user)
    data = match_arrays(
        ready_participants_for(user),
        JobOpening.objects.filter(pk=opening.pk, organisation_id=opening.organisation_id),
        on=on,
    )
    n = len(data.participant_ids)
    if n == 0:
        return OpeningMatches(weights, 0, 0, [], {key: 0 for key in matching.REASON_KEYS})
    rows, _scores = matching.best_participants(
        data.participants, data.openings, weights, 0, k=TOP_K
    )
    reasons = matching.hard_filter(data.participants, data.openings, np.arange(n), 0)
    excluded_by = {
        key: int(np.count_nonzero(reasons & (1 << bit)))
        for bit, key in enumerate(matching.REASON_KEYS)
    }
    return OpeningMatches(
        weights=weights,
        ready=n,
        passing=int(np.count_nonzero(reasons == 0)),
        suggestions=[
            Suggestion(int(data.participant_ids[i]), explain_pair(data, weights, int(i), 0))
            for i in rows.tolist()
        ],
        excluded_by=excluded_by,
    )


@dataclass(frozen=True)
class Proposal:
    participant_id: int
    opening_id: int
    score: float


@dataclass(frozen=True)
class CapacityPlan:
    """A proposed assignment of ready participants to open openings within their positions."""

    weights: Weights
    ready: int
    openings: int
    positions: int
    assigned: int
    total_score: float
    proposals: list[Proposal]  # best score first, then participant id
    spread: list[assignment.GroupSpread]  # by EEO category key, unsuppressed


# A participant without a demographics row has not disclosed.
UNDISCLOSED = "not_disclosed"


def capacity_plan(user, *, on: date, groups: bool) -> CapacityPlan:
    """Top 50 per ready participant, then the assignment with the highest total score.

    With `groups`, the spread across EEO categories (the caller checks that the user
    may read demographics).
    """
    weights = weights_for(user)
    data: MatchArrays = match_arrays(
        ready_participants_for(user), open_openings_for(user, on=on), on=on
    )
    n, m = len(data.participant_ids), len(data.opening_ids)
    top = matching.top_k(data.participants, data.openings, weights, k=PLAN_TOP_K)
    graph = assignment.graph_from_top_k(top.openings, top.scores, openings=m)
    result = assignment.assign(graph, data.openings.positions, depth=assignment.WIDE_DEPTH)
    chosen = np.flatnonzero(result.opening >= 0)
    order = chosen[np.lexsort((data.participant_ids[chosen], -result.points[chosen]))]
    proposals = [
        Proposal(
            int(data.participant_ids[i]),
            int(data.opening_ids[result.opening[i]]),
            int(result.points[i]) / assignment.SCALE,
        )
        for i in order.tolist()
    ]
    spread: list[assignment.GroupSpread] = []
    if groups and n:
        category = dict(
            Demographics.objects.filter(
                participant__in=ready_participants_for(user).values("pk")
            ).values_list("participant_id", "eeo_category")
        )
        labels = [category.get(int(pk), UNDISCLOSED) for pk in data.participant_ids]
        # The suggestions staff see are the 10 best; the assignment chose among 50.
        suggested = top.scores[:, :TOP_K]
        spread = assignment.spread_by_group(labels, np.ones(n, dtype=bool), suggested, result)
    return CapacityPlan(
        weights=weights,
        ready=n,
        openings=m,
        positions=int(data.openings.positions.sum()),
        assigned=result.assigned,
        total_score=result.total,
        proposals=proposals,
        spread=spread,
    )
