"""Readiness against exit outcomes, read for the report: one row per exited participant.

A participant counts when they have exited with an outcome recorded. Their answers are
those of their last assessment with the organisation's current instrument on or before
the day they exited; an item they were not asked is missing (NaN). A reverse-scored item
(agreement means less ready, as with the fear of failing) is turned round, 4 − answer, so
that a higher answer always means more ready. Two queries, whatever the number of people.
"""

from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db.models import OuterRef, Subquery

from workbridge.accounts.models import Organisation
from workbridge.accounts.queries import membership_of
from workbridge.core.exit_readiness import ReadinessReport, readiness_report
from workbridge.people.choices import ExitOutcome
from workbridge.people.models import Assessment, AssessmentAnswer, AssessmentItem
from workbridge.people.queries import participants_visible_to
from workbridge.people.services import instrument_for

POSITIVE_OUTCOMES = (ExitOutcome.PLACED, ExitOutcome.RETAINED_90)
MAX_VALUE = 4


@dataclass(frozen=True)
class ExitReadiness:
    """The report and the items it is about, in the instrument's order."""

    items: list[AssessmentItem]
    report: ReadinessReport
    without_assessment: int  # exits with an outcome but no assessment before it


def exit_readiness_for(user) -> ExitReadiness | None:
    """The report for the user's organisation (None when they belong to none)."""
    membership = membership_of(user)
    if membership is None:
        return None
    organisation: Organisation = membership.organisation
    instrument = instrument_for(organisation)
    items = list(instrument.items.filter(is_active=True).order_by("position", "id"))
    latest = Assessment.objects.filter(
        participant=OuterRef("pk"), instrument=instrument, taken_on__lte=OuterRef("exited_on")
    ).order_by("-taken_on", "-id")
    rows = list(
        participants_visible_to(user)
        .filter(exited_on__isnull=False)
        .exclude(exit_outcome="")
        .annotate(last=Subquery(latest.values("pk")[:1]))
        .order_by("pk")
        .values_list("pk", "exit_outcome", "last")
    )
    assessed = [r for r in rows if r[2] is not None]
    row_of = {assessment: i for i, (_pk, _outcome, assessment) in enumerate(assessed)}
    column = {item.pk: j for j, item in enumerate(items)}
    reverse = np.array([item.reverse_scored for item in items], dtype=bool)
    answers = np.full((len(assessed), len(items)), np.nan)
    chosen = (
        participants_visible_to(user)
        .filter(exited_on__isnull=False)
        .exclude(exit_outcome="")
        .annotate(last=Subquery(latest.values("pk")[:1]))
        .values("last")
    )
    for assessment, item, value in AssessmentAnswer.objects.filter(
        assessment_id__in=chosen, item_id__in=list(column)
    ).values_list("assessment_id", "item_id", "value"):
        if assessment in row_of:
            answers[row_of[assessment], column[item]] = value
    answers[:, reverse] = MAX_VALUE - answers[:, reverse]
    positive = np.array([r[1] in POSITIVE_OUTCOMES for r in assessed], dtype=bool)
    report = readiness_report(
        answers,
        positive,
        [str(item.pk) for item in items],
        threshold=settings.WORKBRIDGE_SMALL_CELL,
    )
    return ExitReadiness(items, report, len(rows) - len(assessed))
