"""An employer's community impact: the figures the call screen, review agendas and e-mails quote.

This is the one module of the employer app that reads upward, from the jobs and
placements apps (open positions, and hires with their retention and wages): employer
engagement exists to show an employer what hiring from the program has done. Every figure
is an aggregate counted in SQL; no participant is named. The layers contract lets this
module, and no other module of the app, read those two apps (docs/architecture.md).
"""

import csv
import functools
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Substr

from workbridge.core.community_impact import (
    DISABILITY,
    JUSTICE_INVOLVED,
    LONG_TERM_UNEMPLOYED,
    MIN_PEERS,
    NO_DIPLOMA,
    NOT_DISCLOSED,
    PUBLIC_BENEFITS,
    VETERAN,
    YOUTH,
    Figures,
    Hire,
    PeerComparison,
    figures_by_employer,
    figures_of,
    household_type,
    peer_comparison,
)
from workbridge.core.outcomes import CHECKPOINTS
from workbridge.employers.models import Employer, ImpactSettings, Location
from workbridge.jobs.models import JobOpening, LivingWage, OpeningStatus
from workbridge.people.models import CareerGoal, Demographics, Participant
from workbridge.placements.models import Placement, RetentionCheck


@dataclass(frozen=True)
class Impact:
    """An employer's community impact over a period: the figures for calls, agendas and e-mails.

    The counts are read from `figures`, the same community impact figures the report
    publishes (`employer_figures`), so a call, an agenda and a report never disagree.
    """

    since: date  # the first day counted
    until: date  # the last day counted
    hires: int
    hires_in_chicago: int  # hires who live in one of Chicago's community areas
    hires_near_site: int  # hires who live in the community area of one of the employer's sites
    reached_90_days: int  # placements whose 90th day fell in the period
    retained_90_days: int  # of those, still there at 90 days
    average_wage: Decimal | None
    open_positions: int
    ready_participants: int  # active participants whose career goal is in an open job's group
    figures: Figures | None = None
    # Hiring incentives on those hires: certified Work Opportunity Tax Credits (dollars the
    # employer may claim) and hires covered by a Federal Bonding Program bond.
    tax_credits: Decimal = Decimal(0)
    bonded_hires: int = 0

    @property
    def retention_90(self) -> float | None:
        return self.retained_90_days / self.reached_90_days if self.reached_90_days else None


def employer_impact(employer: Employer, *, today: date, months: int = 12) -> Impact:
    """An employer's community impact over the `months` up to `today`: its community impact
    figures (`employer_figures`) with its open positions and the participants ready for them.

    Every figure is an aggregate; no participant is named.
    """
    since = today - timedelta(days=round(months * 30.44)) + timedelta(days=1)
    figures = employer_figures(employer, since=since, until=today)
    incentives = Placement.objects.filter(
        employer=employer, started_on__gte=since, started_on__lte=today
    ).aggregate(
        tax_credits=Sum("wotc_credit", filter=Q(wotc_outcome="certified")),
        bonded=Count("id", filter=Q(bond_starts_on__isnull=False)),
    )
    open_jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    positions = open_jobs.aggregate(n=Sum("positions"))["n"] or 0
    retention = figures.retention_at(90)
    return Impact(
        since=since,
        until=today,
        hires=figures.hires,
        hires_in_chicago=figures.local.count,
        hires_near_site=figures.near_site.count,
        reached_90_days=retention.of,
        retained_90_days=retention.count,
        average_wage=figures.mean_wage,
        open_positions=positions,
        ready_participants=_ready_count(employer),
        figures=figures,
        tax_credits=Decimal(incentives["tax_credits"] or 0).quantize(Decimal("0.01")),
        bonded_hires=incentives["bonded"],
    )


def _ready_count(employer: Employer) -> int:
    """Active participants with a career goal in the SOC minor group of one of the
    employer's open jobs. One query, whatever the openings."""
    groups = JobOpening.objects.filter(
        employer=employer, status=OpeningStatus.OPEN, occupation__isnull=False
    ).values(group=Substr("occupation_id", 1, 4))
    return (
        CareerGoal.objects.filter(
            participant__organisation_id=employer.organisation_id,
            participant__exited_on__isnull=True,
        )
        .annotate(group=Substr("occupation_id", 1, 4))
        .filter(group__in=groups)
        .values("participant_id")
        .distinct()
        .count()
    )


def employer_open_job_titles(employer: Employer, *, limit: int = 10) -> list[str]:
    """The titles of the employer's open jobs, alphabetically, at most `limit` of them."""
    jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    return list(jobs.order_by("title").values_list("title", flat=True)[:limit])


# --- Community impact reports: the one read behind every figure -------------------------
#
# The figures themselves are worked out in `workbridge.core.community_impact`; this reads
# the rows they need, for one employer or all of an organisation's employers at once, in a
# fixed number of queries whatever the number of employers or placements.

ACS_SOURCE = "American Community Survey 5-year estimates, 2019–2023, by community area"
ACS_YEAR = "2019–2023"
YOUTH_BANDS = frozenset({"under_18", "18_24"})
_POPULATION_FILE = Path(__file__).resolve().parent / "data" / "acs_community_area_population.csv"
PEER_CACHE_SECONDS = 600
ZERO = Decimal(0)
RACE_GROUPS = ("hispanic", "white", "black", "asian", "other")
SEX_GROUPS = ("female", "male")


@dataclass(frozen=True)
class ImpactContext:
    """The organisation's choices the figures depend on."""

    priority_areas: frozenset[int]
    race_population: Mapping[int, Mapping[str, int]]
    sex_population: Mapping[int, Mapping[str, int]]
    benchmark_source: str
    benchmark_year: str
    version: str = ""  # changes whenever the organisation's settings are saved


@functools.cache
def _built_in_population() -> tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]:
    race: dict[int, dict[str, int]] = {}
    sex: dict[int, dict[str, int]] = {}
    with _POPULATION_FILE.open(encoding="utf-8") as f:
        lines = (line for line in f if not line.startswith("#"))
        for row in csv.DictReader(lines):
            area = int(row["number"])
            race[area] = {g: int(row[g]) for g in RACE_GROUPS}
            sex[area] = {g: int(row[g]) for g in SEX_GROUPS}
    return race, sex


def impact_context(organisation_id: int) -> ImpactContext:
    """The organisation's priority communities and population benchmark (the ACS default)."""
    settings_row = ImpactSettings.objects.filter(organisation_id=organisation_id).first()
    race, sex = _built_in_population()
    if settings_row is None:
        return ImpactContext(frozenset(), race, sex, ACS_SOURCE, ACS_YEAR)
    priority = frozenset(settings_row.priority_areas.values_list("number", flat=True))
    custom = settings_row.benchmark or {}
    if custom.get("race"):
        race = {int(a): dict(v) for a, v in custom["race"].items()}
    if custom.get("sex"):
        sex = {int(a): dict(v) for a, v in custom["sex"].items()}
    return ImpactContext(
        priority,
        race,
        sex,
        settings_row.benchmark_source or ACS_SOURCE,
        settings_row.benchmark_year or ACS_YEAR,
        version=f"{settings_row.pk}:{settings_row.updated_at.isoformat()}",
    )


def _living_wages(until: date) -> dict[str, Decimal]:
    """The latest living wage for each household type, not newer than `until`."""
    found: dict[str, Decimal] = {}
    for household, wage in (
        LivingWage.objects.filter(area="Cook County, IL", year__lte=until.year)
        .order_by("year")
        .values_list("household_type", "hourly_wage")
    ):
        found[household] = wage
    return found


def _sex(value: str | None) -> str:
    return value if value in ("female", "male", "another") else NOT_DISCLOSED


def impact_hires(
    organisation_id: int,
    *,
    since: date,
    until: date,
    employer_ids: Iterable[int] | None = None,
) -> list[Hire]:
    """The placements the figures of `since`..`until` need: those started in the period
    with everything about them, and the earlier ones whose retention checkpoints fall in it
    with their dates only. Four queries."""
    scope = Placement.objects.filter(organisation_id=organisation_id)
    if employer_ids is not None:
        scope = scope.filter(employer_id__in=list(employer_ids))
    placements = scope.filter(started_on__gte=since, started_on__lte=until)
    earlier_q = Q()
    for checkpoint in CHECKPOINTS:
        step = timedelta(days=checkpoint)
        earlier_q |= Q(started_on__gte=since - step, started_on__lte=until - step)
    earlier = scope.filter(earlier_q).exclude(started_on__gte=since)
    latest_wage = (
        RetentionCheck.objects.filter(placement=OuterRef("pk"), current_wage__isnull=False)
        .exclude(done_on__gt=until)
        .order_by("-checkpoint")
        .values("current_wage")[:1]
    )
    # The JSON lists as text: a count of children and whether any benefit, without
    # decoding a JSON value per row.
    rows = placements.annotate(
        latest_wage=Subquery(latest_wage),
        children=Cast("participant__children_ages", TextField()),
        benefits=Cast("participant__benefits", TextField()),
    ).values_list(
        "pk",
        "employer_id",
        "started_on",
        "ended_on",
        "hourly_wage",
        "hours_per_week",
        "prior_hourly_wage",
        "health_insurance",
        "participant__zip_code",
        "participant__community_area_id",
        "participant__household_size",
        "children",
        "benefits",
        "participant__demographics__eeo_category",
        "participant__demographics__sex",
        "participant__demographics__veteran",
        "participant__demographics__disability",
        "participant__demographics__justice_involved",
        "participant__demographics__age_band",
        "participant__demographics__long_term_unemployed",
        "participant__demographics__high_school_diploma",
        "latest_wage",
    )
    checks: dict[int, dict[int, str]] = {}
    found_checks = RetentionCheck.objects.filter(done_on__isnull=False, done_on__lte=until)
    for within in (placements, earlier):
        for placement_id, checkpoint, found in found_checks.filter(
            placement__in=within.values("pk")
        ).values_list("placement_id", "checkpoint", "still_employed"):
            checks.setdefault(placement_id, {})[checkpoint] = found
    living = _living_wages(until)
    hires = []
    for (
        pk,
        employer_id,
        started_on,
        ended_on,
        wage,
        hours,
        prior,
        health,
        zip_code,
        area,
        household,
        children,
        benefits,
        race,
        sex,
        veteran,
        disability,
        justice,
        age_band,
        long_term,
        diploma,
        latest,
    ) in rows:
        flags = set()
        if justice == "yes":
            flags.add(JUSTICE_INVOLVED)
        if veteran == "yes":
            flags.add(VETERAN)
        if disability == "yes":
            flags.add(DISABILITY)
        if long_term == "yes":
            flags.add(LONG_TERM_UNEMPLOYED)
        if benefits and benefits.strip() not in ("[]", "null"):
            flags.add(PUBLIC_BENEFITS)
        if age_band in YOUTH_BANDS:
            flags.add(YOUTH)
        if diploma == "no":
            flags.add(NO_DIPLOMA)
        hires.append(
            Hire(
                employer_id=employer_id,
                started_on=started_on,
                hourly_wage=wage,
                hours_per_week=hours,
                ended_on=ended_on if ended_on is None or ended_on <= until else None,
                prior_hourly_wage=prior,
                health_insurance=health,
                zip_code=zip_code or "",
                community_area=area,
                living_wage=living.get(household_type(household or 1, _list_length(children))),
                current_wage=latest,
                checks=checks.get(pk, {}),
                flags=frozenset(flags),
                race=race or NOT_DISCLOSED,
                sex=_sex(sex),
            )
        )
    for pk, employer_id, started_on, ended_on in earlier.values_list(
        "pk", "employer_id", "started_on", "ended_on"
    ):
        hires.append(
            Hire(
                employer_id=employer_id,
                started_on=started_on,
                hourly_wage=ZERO,
                ended_on=ended_on if ended_on is None or ended_on <= until else None,
                checks=checks.get(pk, {}),
            )
        )
    return hires


def _list_length(text: str | None) -> int:
    """How many items a JSON list of numbers, read as text, holds."""
    body = (text or "").strip().strip("[]").strip()
    return body.count(",") + 1 if body else 0


def _site_areas(employer_ids: Iterable[int] | None, organisation_id: int) -> dict[int, set[int]]:
    sites = Location.objects.filter(employer__organisation_id=organisation_id).exclude(
        community_area=None
    )
    if employer_ids is not None:
        sites = sites.filter(employer_id__in=list(employer_ids))
    found: dict[int, set[int]] = {}
    for employer_id, area in sites.values_list("employer_id", "community_area_id"):
        found.setdefault(employer_id, set()).add(area)
    return found


def employer_figures(
    employer: Employer, *, since: date, until: date, context: ImpactContext | None = None
) -> Figures:
    """One employer's community impact over `since`..`until` (both included)."""
    context = context or impact_context(employer.organisation_id)
    hires = impact_hires(
        employer.organisation_id, since=since, until=until, employer_ids=[employer.pk]
    )
    sites = _site_areas([employer.pk], employer.organisation_id)
    return figures_of(
        hires,
        since=since,
        until=until,
        priority_areas=context.priority_areas,
        site_areas=sites.get(employer.pk, ()),
    )


def program_figures(
    organisation_id: int, *, since: date, until: date, context: ImpactContext | None = None
) -> Figures:
    """The whole program's community impact over `since`..`until`, across all employers."""
    context = context or impact_context(organisation_id)
    hires = impact_hires(organisation_id, since=since, until=until)
    return figures_of(hires, since=since, until=until, priority_areas=context.priority_areas)


def figures_for_employers(
    organisation_id: int,
    *,
    since: date,
    until: date,
    context: ImpactContext | None = None,
) -> dict[int, Figures]:
    """Every employer's figures at once: the same few queries for any number of employers."""
    context = context or impact_context(organisation_id)
    hires = impact_hires(organisation_id, since=since, until=until)
    return figures_by_employer(
        hires,
        since=since,
        until=until,
        priority_areas=context.priority_areas,
        site_areas=_site_areas(None, organisation_id),
        employers=Employer.objects.filter(organisation_id=organisation_id).values_list(
            "pk", flat=True
        ),
    )


def impact_data_version(employer: Employer, *, since: date, until: date) -> str:
    """A fingerprint of everything an employer's figures for `since`..`until` are read from:
    its placements that can count in the period (started in it, or up to a year before,
    whose checkpoints fall in it), the people hired, their retention checks and the living
    wages. Any hire, end, wage, check or move recorded since gives a different fingerprint,
    so figures kept under it are not served out of date (a change that leaves no trace in
    it waits for the cache's time limit).

    One query of aggregates, written out rather than built by the ORM: it runs on every
    view of a report, and building a dozen aggregate expressions cost more than running them.
    """
    placement = Placement._meta.db_table
    person = Participant._meta.db_table
    answers = Demographics._meta.db_table
    check = RetentionCheck._meta.db_table
    living = LivingWage._meta.db_table
    earliest = since - timedelta(days=max(CHECKPOINTS))
    sql = f"""
        SELECT COUNT(p.id), SUM(p.id), COUNT(p.ended_on), MAX(p.ended_on),
               SUM(p.hourly_wage), SUM(p.prior_hourly_wage), SUM(p.hours_per_week),
               SUM(CASE WHEN p.health_insurance THEN 1 ELSE 0 END), SUM(p.participant_id),
               SUM(pp.community_area_id), MAX(pp.updated_at), MAX(d.updated_at),
               (SELECT COUNT(c.done_on) || ':' || COALESCE(CAST(MAX(c.done_on) AS TEXT), '') || ':'
                       || COALESCE(SUM(CASE WHEN c.still_employed = 'yes' THEN 1 END), 0) || ':'
                       || COALESCE(SUM(CASE WHEN c.still_employed = 'no' THEN 1 END), 0) || ':'
                       || COALESCE(SUM(c.current_wage), 0)
                  FROM {check} c
                 WHERE c.placement_id IN (
                       SELECT q.id FROM {placement} q
                        WHERE q.employer_id = %s AND q.started_on BETWEEN %s AND %s)),
               (SELECT COUNT(*) || ':' || COALESCE(MAX(w.id), 0) FROM {living} w)
          FROM {placement} p
          JOIN {person} pp ON pp.id = p.participant_id
          LEFT JOIN {answers} d ON d.participant_id = pp.id
         WHERE p.employer_id = %s AND p.started_on BETWEEN %s AND %s
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [employer.pk, earliest, until, employer.pk, earliest, until])
        return repr(cursor.fetchone())


def peers_of(employer: Employer) -> QuerySet[Employer]:
    """Employers of the same industry group (NAICS sector) or size band, not the employer."""
    same = Q(pk__in=[])
    if employer.naics_code:
        same |= Q(naics_code__startswith=employer.naics_code[:2])
    if employer.size_band:
        same |= Q(size_band=employer.size_band)
    return (
        Employer.objects.filter(organisation_id=employer.organisation_id)
        .filter(same)
        .exclude(pk=employer.pk)
    )


def employer_peer_comparison(
    employer: Employer, own: Figures, *, since: date, until: date, context: ImpactContext
) -> list[PeerComparison]:
    """The employer beside the median of its peers (shown with at least five peers)."""
    peer_ids = sorted(peers_of(employer).values_list("pk", flat=True))
    if len(peer_ids) < MIN_PEERS:
        return peer_comparison(own, [])
    # Peers' figures are read once for a group and period and kept a few minutes: every
    # employer of an industry shares them, and a page must not read hundreds of employers'
    # placements each time. A median a few minutes old is still a fair comparison.
    key = (
        "impact-peers:"
        + hashlib.sha256(
            repr(
                (employer.organisation_id, since, until, peer_ids, sorted(context.priority_areas))
            ).encode()
        ).hexdigest()
    )
    peer_figures = cache.get(key)
    if peer_figures is None:
        hires = impact_hires(
            employer.organisation_id, since=since, until=until, employer_ids=peer_ids
        )
        peer_figures = list(
            figures_by_employer(
                hires,
                since=since,
                until=until,
                priority_areas=context.priority_areas,
                employers=peer_ids,
            ).values()
        )
        cache.set(key, peer_figures, PEER_CACHE_SECONDS)
    return peer_comparison(own, peer_figures)


def ready_matches(employer: Employer, *, limit: int = 10) -> list[tuple[str, int, int]]:
    """Each open job's title, positions, and the active participants whose goal fits it
    (a career goal in the job's SOC minor group). Two queries, however many openings."""
    open_jobs = JobOpening.objects.filter(employer=employer, status=OpeningStatus.OPEN)
    openings = list(
        open_jobs.order_by("title").values_list("title", "positions", "occupation_id")[:limit]
    )
    people: dict[str, set[int]] = {}
    for participant_id, group in (
        CareerGoal.objects.filter(
            participant__organisation_id=employer.organisation_id,
            participant__exited_on__isnull=True,
        )
        .annotate(group=Substr("occupation_id", 1, 4))
        .filter(group__in=open_jobs.values(minor=Substr("occupation_id", 1, 4)))
        .values_list("participant_id", "group")
    ):
        people.setdefault(group, set()).add(participant_id)
    return [
        (title, positions, len(people.get((code or "")[:4], ())))
        for title, positions, code in openings
    ]


def active_placements_with_open_checks(employer: Employer) -> list[Placement]:
    """This employer's active placements, each with its open retention checks (`open_checks`)."""
    placements = list(
        Placement.objects.filter(employer=employer, ended_on__isnull=True)
        .select_related("participant")
        .prefetch_related(
            Prefetch(
                "checks",
                queryset=RetentionCheck.objects.filter(done_on__isnull=True).order_by("due_on"),
                to_attr="open_checks",
            )
        )
        .order_by("started_on", "pk")
    )
    return placements
