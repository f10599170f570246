"""Fictional community impact demo data: the priority communities, a local initiative, the
demo employer partner's login linked to the employer with the most hires, and a report
kept and sent to it for the last quarter."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from workbridge.accounts.models import Organisation, User
from workbridge.employers.impact_report import last_complete
from workbridge.employers.impact_sends import impact_snapshot_create
from workbridge.employers.models import (
    Employer,
    EmployerPartner,
    ImpactSettings,
    LocalInitiative,
)

# South and West Side community areas (official numbers): Austin, the Garfield Parks,
# North and South Lawndale, Englewood, West Englewood, Auburn Gresham, Chatham, Roseland.
PRIORITY_AREAS = (25, 26, 27, 29, 30, 68, 67, 71, 44, 49)


@dataclass(frozen=True)
class ImpactSeedResult:
    partner_employer: str
    snapshots: int


def seed_impact(organisation: Organisation) -> ImpactSeedResult:
    """Settings, an initiative, the partner's employer and one kept report (idempotent)."""
    settings_row, _created = ImpactSettings.objects.get_or_create(organisation=organisation)
    settings_row.priority_areas.set(PRIORITY_AREAS)
    employers = Employer.objects.filter(organisation=organisation)
    busiest = employers.annotate(n=Count("placements")).order_by("-n", "pk").first()
    if busiest is None:
        return ImpactSeedResult("", 0)
    initiative, _created = LocalInitiative.objects.get_or_create(
        organisation=organisation,
        name="West Side Hiring Week",
        defaults={
            "description": "Employers interview West Side residents on site, one week each spring.",
            "starts_on": timezone.localdate().replace(month=4, day=1),
        },
    )
    initiative.employers.add(busiest)
    partner = User.objects.filter(username="employer").first()
    snapshots = 0
    if partner is not None:
        EmployerPartner.objects.get_or_create(user=partner, defaults={"employer": busiest})
        if not busiest.impact_snapshots.exists():
            impact_snapshot_create(
                employer=busiest, period=last_complete("quarter", timezone.localdate()), by=None
            )
            snapshots = 1
    return ImpactSeedResult(busiest.name, snapshots)
