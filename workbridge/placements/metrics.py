"""The placement measures offered to plans and reports, registered by key.

Retention follows `core.outcomes`: a placement counts at a checkpoint once it has reached it,
and is retained there by its check's answer or, failing one, by its dates.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.core.outcomes import CHECKPOINTS, PlacementFacts, retained_at
from workbridge.jobs.models import HouseholdType
from workbridge.jobs.queries import living_wage_for
from workbridge.placements.models import Placement, Referral, RetentionCheck
from workbridge.web.metrics import Parameter, Values, batched, metric

_YEAR = Parameter("year", "year", _("Year the placements started"))
_PLACEMENTS = ("placements.Placement",)


def _started_in(organisation: Organisation, year: int):
    return Placement.objects.filter(organisation=organisation, started_on__year=year)


@metric(
    "placements.count",
    label=_("Placements"),
    description=_("Participants placed in jobs that started in a year."),
    unit="count",
    parameters=(_YEAR,),
    sources=_PLACEMENTS,
)
def placements(organisation: Organisation, *, year: int) -> float:
    return float(_started_in(organisation, year).count())


@batched(placements)
def placements_many(
    organisation: Organisation, parameter_sets: Sequence[Values]
) -> list[float | None]:
    """Every year asked for counted in one grouped query."""
    years = sorted({int(v["year"]) for v in parameter_sets})
    counts = dict(
        Placement.objects.filter(organisation=organisation, started_on__year__in=years)
        .annotate(y=ExtractYear("started_on"))
        .values_list("y")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("y", "n")
    )
    return [float(counts.get(int(v["year"]), 0)) for v in parameter_sets]


@metric(
    "placements.retention",
    label=_("Retention at a number of days"),
    description=_(
        "Of the year's placements that have reached a checkpoint (30, 90, 180 or 365 days), "
        "the share still in the job there."
    ),
    unit="share",
    parameters=(
        _YEAR,
        Parameter(
            "days",
            "choice",
            _("Days after the start"),
            choices=tuple((str(d), str(d)) for d in CHECKPOINTS),
        ),
    ),
    sources=(*_PLACEMENTS, "placements.RetentionCheck"),
)
def retention(organisation: Organisation, *, year: int, days: int | str) -> float | None:
    checkpoint = int(days)
    today = timezone.localdate()
    rows = list(_started_in(organisation, year).values_list("pk", "started_on", "ended_on"))
    answers: dict[int, dict[int, str]] = {pk: {} for pk, _s, _e in rows}
    for placement_id, at, found in RetentionCheck.objects.filter(
        placement_id__in=list(answers)
    ).values_list("placement_id", "checkpoint", "still_employed"):
        if found:
            answers[placement_id][at] = found
    outcomes = [
        retained_at(
            PlacementFacts(started, Decimal(0), ended_on=ended, checks=answers[pk]),
            checkpoint,
            today=today,
        )
        for pk, started, ended in rows
    ]
    reached = [o for o in outcomes if o is not None]
    return sum(1 for o in reached if o) / len(reached) if reached else None


@metric(
    "placements.living_wage_share",
    label=_("Placements paying a living wage"),
    description=_(
        "Of the year's placements, the share whose starting hourly wage is at least the "
        "living wage for a household type."
    ),
    unit="share",
    parameters=(
        _YEAR,
        Parameter(
            "household_type",
            "choice",
            _("Household type"),
            choices=tuple(HouseholdType.choices),
        ),
    ),
    sources=(*_PLACEMENTS, "jobs.LivingWage"),
)
def living_wage_share(
    organisation: Organisation, *, year: int, household_type: str = HouseholdType.A1C0
) -> float | None:
    wage = living_wage_for(household_type, on=date(year, 12, 31))
    rows = _started_in(organisation, year)
    total = rows.count()
    if wage is None or not total:
        return None
    return rows.filter(hourly_wage__gte=wage.hourly_wage).count() / total


@metric(
    "placements.referrals",
    label=_("Referrals to employers"),
    description=_("Participants referred to job openings in a year."),
    unit="count",
    parameters=(Parameter("year", "year", _("Year")),),
    sources=("placements.Referral",),
)
def referrals(organisation: Organisation, *, year: int) -> float:
    return float(Referral.objects.filter(organisation=organisation, created_at__year=year).count())


@metric(
    "placements.checks_on_time",
    label=_("Retention checks done on time"),
    description=_(
        "Of the retention checks due in a year up to today, the share done on or before "
        "their due date."
    ),
    unit="share",
    parameters=(Parameter("year", "year", _("Year")),),
    sources=("placements.RetentionCheck",),
)
def checks_on_time(organisation: Organisation, *, year: int) -> float | None:
    today = timezone.localdate()
    due = RetentionCheck.objects.filter(
        placement__organisation=organisation, due_on__year=year, due_on__lte=today
    )
    total = due.count()
    if not total:
        return None
    return due.filter(done_on__lte=F("due_on")).count() / total
