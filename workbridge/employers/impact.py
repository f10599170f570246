"""An employer's community impact: the figures the call screen, review agendas and e-mails quote.

This is the one module of the employer app that reads upward, from the jobs and
placements apps (open positions, and hires with their retention and wages): employer
engagement exists to show an employer what hiring from the program has done. Every figure
is an aggregate counted in SQL; no participant is named. The layers contract lets this
module, and no other module of the app, read those two apps (docs/architecture.md).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, Sum

from workbridge.employers.models import Employer
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.people.models import Participant
from workbridge.placements.models import Placement


@dataclass(frozen=True)
class Impact:
    """An employer's community impact over a period: the figures for calls, agendas and e-mails."""

    since: date
    until: date
    hires: int
    hires_in_chicago: int  # hires who live in one of Chicago's community areas
    hires_near_site: int  # hires who live in the community area of one of the employer's sites
    reached_90_days: int  # hires started 90 or more days before `until`
    retained_90_days: int  # of those, still there at 90 days
    average_wage: Decimal | None
    open_positions: int
    ready_participants: int  # active participants whose career goal is in an open job's group

    @property
    def retention_90(self) -> float | None:
        return self.retained_90_days / self.reached_90_days if self.reached_90_days else None


def employer_impact(employer: Employer, *, today: date, months: int = 12) -> Impact:
    """Count an employer's hires from the program and what they mean for the community.

    Every figure is an aggregate computed in SQL; no participant is named.
    """
    since = today - timedelta(days=round(months * 30.44))
    hires = Placement.objects.filter(employer=employer, started_on__gt=since, started_on__lte=today)
    site_areas = list(
        employer.locations.exclude(community_area=None).values_list("community_area", flat=True)
    )
    reached_cutoff = today - timedelta(days=90)
    figures = hires.aggregate(
        hires=Count("id"),
        in_chicago=Count("id", filter=Q(participant__community_area__isnull=False)),
        near_site=Count("id", filter=Q(participant__community_area__in=site_areas)),
        reached=Count("id", filter=Q(started_on__lte=reached_cutoff)),
        retained=Count(
            "id",
            filter=Q(started_on__lte=reached_cutoff)
            & (Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on") + timedelta(days=90))),
        ),
        average_wage=Avg("hourly_wage"),
    )
    open_jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    positions = open_jobs.aggregate(n=Sum("positions"))["n"] or 0
    groups = {code[:4] for code in open_jobs.values_list("occupation_id", flat=True)}
    ready = 0
    if groups:
        goal_q = Q()
        for group in groups:
            goal_q |= Q(career_goals__occupation__code__startswith=group)
        ready = (
            Participant.objects.filter(
                organisation_id=employer.organisation_id, exited_on__isnull=True
            )
            .filter(goal_q)
            .distinct()
            .count()
        )
    average = figures["average_wage"]
    return Impact(
        since=since,
        until=today,
        hires=figures["hires"],
        hires_in_chicago=figures["in_chicago"],
        hires_near_site=figures["near_site"],
        reached_90_days=figures["reached"],
        retained_90_days=figures["retained"],
        average_wage=Decimal(average).quantize(Decimal("0.01")) if average is not None else None,
        open_positions=positions,
        ready_participants=ready,
    )


def employer_open_job_titles(employer: Employer, *, limit: int = 10) -> list[str]:
    """The titles of the employer's open jobs, alphabetically, at most `limit` of them."""
    jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    return list(jobs.order_by("title").values_list("title", flat=True)[:limit])
