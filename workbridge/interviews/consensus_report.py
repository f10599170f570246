"""The consensus effect report: how far panel discussion moves candidates' scores, by group.

A candidate's independent score is the mean of the submitted scorecards' weighted scores
(each the weighted mean of one member's ratings, with the rubric's weights, as the
consensus score is of the agreed ratings); ``core.consensus_effect`` measures the shift
to the consensus score and tests it. Counts and means only, never a person; groups under
the small-cell threshold are marked, and hidden when the report is for publication.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from workbridge.accounts.models import Organisation
from workbridge.core.consensus_effect import CandidateScores, ConsensusEffect, consensus_effect
from workbridge.equity.services import equity_settings_for
from workbridge.interviews.models import Rating
from workbridge.interviews.reports import Scope, candidates_in
from workbridge.people.choices import EeoCategory, Sex


@dataclass(frozen=True)
class ShiftTable:
    key: str
    title: str
    effect: ConsensusEffect
    labels: dict[str, str]
    small: frozenset[str]


@dataclass
class ConsensusShiftReport:
    candidates: int
    threshold: int
    publication: bool
    tables: list[ShiftTable] = field(default_factory=list)


def consensus_shift_report(organisation: Organisation, scope: Scope) -> ConsensusShiftReport:
    """The shift from independent to consensus scores by race/ethnicity and by sex."""
    threshold = equity_settings_for(organisation).small_cell_threshold
    decided = candidates_in(organisation, scope).filter(consensus_score__isnull=False)
    people = {
        pk: (race, sex, float(score))
        for pk, race, sex, score in decided.values_list(
            "pk", "applicant__eeo_category", "applicant__sex", "consensus_score"
        )
    }
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    card_of: dict[int, int] = {}
    ratings = Rating.objects.filter(
        scorecard__candidate_id__in=decided.values("pk"),
        scorecard__submitted_at__isnull=False,
        value__isnull=False,
    ).values_list("scorecard_id", "scorecard__candidate_id", "competency__weight", "value")
    for card, candidate, weight, value in ratings:
        card_of[card] = candidate
        sums[card][0] += Decimal(value) * weight
        sums[card][1] += weight
    independent: dict[int, list[float]] = defaultdict(list)
    for card, (total, weight) in sums.items():
        if weight:
            independent[card_of[card]].append(float(total / weight))
    report = ConsensusShiftReport(
        candidates=sum(1 for pk in people if independent.get(pk)),
        threshold=threshold,
        publication=scope.publication,
    )
    race_labels = {k: str(v) for k, v in EeoCategory.choices}
    sex_labels = {k: str(v) for k, v in Sex.choices} | {"": _("Not recorded")}
    for key, title, position, labels in (
        ("race", _("By race and ethnicity"), 0, race_labels),
        ("sex", _("By sex"), 1, sex_labels),
    ):
        unknown = {EeoCategory.NOT_DISCLOSED.value, Sex.PREFER_NOT.value, ""}
        effect = consensus_effect(
            [
                CandidateScores(
                    "not disclosed" if info[position] in unknown else info[position],
                    independent.get(pk, []),
                    info[2],
                )
                for pk, info in people.items()
            ]
        )
        labels = labels | {"not disclosed": _("Not disclosed")}
        small = frozenset(g.group for g in effect.groups if g.candidates < threshold)
        report.tables.append(ShiftTable(key, title, effect, labels, small))
    return report
