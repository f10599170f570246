"""Reads for job openings, scoped to the requesting user's organisation."""

from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import Http404

from workbridge.accounts.queries import membership_of, user_does_casework
from workbridge.core.job_quality import JobFacts, JobQuality, job_quality
from workbridge.jobs.models import HouseholdType, JobOpening, LivingWage

OPENING_SORTS = {
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "wage": ("hourly_wage", "id"),
    "-wage": ("-hourly_wage", "-id"),
    "posted": ("posted_on", "id"),
    "-posted": ("-posted_on", "-id"),
}


def openings_visible_to(user) -> QuerySet[JobOpening]:
    """The organisation's job openings, for caseworkers; none for anyone else."""
    membership = membership_of(user)
    if membership is None or not user_does_casework(user):
        return JobOpening.objects.none()
    return JobOpening.objects.filter(organisation_id=membership.organisation_id)


def opening_get_for(user, pk: int) -> JobOpening:
    """One opening the user may see, with its employer, occupation and place; 404 otherwise."""
    opening = (
        openings_visible_to(user)
        .select_related("employer", "occupation", "community_area", "location")
        .filter(pk=pk)
        .first()
    )
    if opening is None:
        raise Http404
    return opening


def opening_list(
    user,
    *,
    search: str = "",
    status: str = "open",
    employer: int | None = None,
    fair_chance: bool = False,
    sort: str = "-posted",
) -> QuerySet[JobOpening]:
    """The openings list's rows: by status, employer and fair-chance hiring, searched, sorted."""
    rows = openings_visible_to(user).select_related("employer", "occupation", "community_area")
    if status:
        rows = rows.filter(status=status)
    if employer:
        rows = rows.filter(employer_id=employer)
    if fair_chance:
        rows = rows.filter(fair_chance=True)
    for word in search.split()[:4]:
        rows = rows.filter(
            Q(title__icontains=word) | Q(employer__name__icontains=word) | Q(occupation_id=word)
        )
    return rows.order_by(*OPENING_SORTS.get(sort, OPENING_SORTS["-posted"]))


def living_wage_for(
    household_type: str, *, on: date, area: str = "Cook County, IL"
) -> LivingWage | None:
    """The most recent living-wage figure for a household type, not newer than ``on``."""
    return (
        LivingWage.objects.filter(area=area, household_type=household_type, year__lte=on.year)
        .order_by("-year")
        .first()
    )


def living_wages_for(*, on: date, area: str = "Cook County, IL") -> dict[str, LivingWage]:
    """The most recent living-wage figure of each household type, not newer than ``on``."""
    latest: dict[str, LivingWage] = {}
    for row in LivingWage.objects.filter(area=area, year__lte=on.year).order_by("-year"):
        latest.setdefault(row.household_type, row)
    return latest


def opening_quality(
    opening: JobOpening, *, on: date, household_type: str = HouseholdType.A1C0
) -> tuple[JobQuality, LivingWage | None]:
    """The opening's job-quality score against the living wage for a household type."""
    living = living_wage_for(household_type, on=on)
    facts = JobFacts(
        hourly_wage=Decimal(opening.hourly_wage),
        hours_per_week=opening.hours_per_week,
        health_insurance=opening.health_insurance,
        paid_leave=opening.paid_leave,
        retirement=opening.retirement,
        career_pathway=opening.career_pathway,
        schedule_stable=opening.schedule_stable,
    )
    return job_quality(facts, living.hourly_wage if living else None), living
