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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
    Sum,
    TextField,
)
from django.db.models.functions import Cast, Substr

from workbridge.core.community_impact import (
    CHECK_NO,
    CHECK_YES,
    DISABILITY,
    JUSTICE_INVOLVED,
    LONG_TERM_UNEMPLOYED,
    MIN_PEERS,
    NO_DIPLOMA,
    NO_END,
    NOT_DISCLOSED,
    OUTSIDE,
    PUBLIC_BENEFITS,
    SOCIAL_FLAGS,
    VETERAN,
    YOUTH,
    Figures,
    HireColumns,
    PeerComparison,
    figures_by_group,
    household_type,
    peer_comparison,
    vocabulary,
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
    # employer may claim) and hires covered by a Federal Bonding Program bond (`figures`'
    # incentive totals, as the report publishes them).
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
        tax_credits=figures.tax_credits,
        bonded_hires=figures.bonded_hires,
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


_EPOCH = date(1970, 1, 1).toordinal()
_BIT = {flag: 1 << k for k, flag in enumerate(SOCIAL_FLAGS)}
_CHECK_CODE = {"yes": CHECK_YES, "no": CHECK_NO}


def _fetch_columns(queryset: QuerySet) -> list[tuple]:
    """A `values_list` queryset's rows as columns, read straight from the database cursor:
    without the ORM's conversion of every value (dates, decimals) one at a time, which was
    most of the time for a city's placements. The columns are converted whole by NumPy."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        width = len(cursor.description)
    if not rows:
        return [() for _ in range(width)]
    return list(zip(*rows, strict=True))


def _days(column: Sequence[object]) -> np.ndarray:
    """Dates (date objects, or ISO text from SQLite) as `date.toordinal()` numbers; a
    missing date as NO_END."""
    found = np.array(column, dtype="datetime64[D]")
    days = found.astype(np.int64) + _EPOCH
    days[np.isnat(found)] = NO_END
    return days


def _cents(column: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """Amounts (Decimal, or numbers from SQLite) as whole cents, and whether each is known.
    Amounts are kept to the cent and far below 2**53 cents, so floats carry them exactly."""
    found = np.array(column, dtype=np.float64)
    known = ~np.isnan(found)
    return np.where(known, np.rint(np.nan_to_num(found) * 100), 0).astype(np.int64), known


def _yes(column: Sequence[object], value: str = "yes") -> np.ndarray:
    return np.array(column, dtype=object) == value


def impact_columns(
    organisation_id: int,
    *,
    since: date,
    until: date,
    employers: Sequence[int],
) -> HireColumns:
    """The placements the figures of `since`..`until` need, as columns grouped by the
    position of their employer in `employers` (sorted ids; placements of employers not in
    it are left out): those started in the period with everything about them, and the
    earlier ones whose retention checkpoints fall in it with their dates only. Three
    queries, whatever the number of employers or placements."""
    scope = Placement.objects.filter(organisation_id=organisation_id, employer_id__in=employers)
    placements = scope.filter(started_on__gte=since, started_on__lte=until)
    earlier_q = Q()
    for checkpoint in CHECKPOINTS:
        step = timedelta(days=checkpoint)
        earlier_q |= Q(started_on__gte=since - step, started_on__lte=until - step)
    earlier = scope.filter(earlier_q).exclude(started_on__gte=since)
    # The JSON lists as text: a count of children and whether any benefit, without
    # decoding a JSON value per row.
    (
        pks,
        employer_ids,
        started_on,
        ended_on,
        wage,
        hours,
        prior,
        health,
        zip_codes,
        areas,
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
        wotc_outcome,
        wotc_credit,
        bond_starts_on,
    ) = _fetch_columns(
        placements.annotate(
            children=Cast("participant__children_ages", TextField()),
            benefits=Cast("participant__benefits", TextField()),
        )
        .order_by("pk")
        .values_list(
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
            "wotc_outcome",
            "wotc_credit",
            "bond_starts_on",
        )
    )
    old_pks, old_employers, old_started, old_ended = _fetch_columns(
        earlier.order_by("pk").values_list("pk", "employer_id", "started_on", "ended_on")
    )
    n, total = len(pks), len(pks) + len(old_pks)
    ids = np.array([*pks, *old_pks], dtype=np.int64)
    known_employers = np.asarray(employers, dtype=np.int64)
    group = np.searchsorted(known_employers, np.array([*employer_ids, *old_employers], np.int64))
    ended = _days([*ended_on, *old_ended])
    ended[ended > until.toordinal()] = NO_END  # an end after the period is not known then

    def padded(values: np.ndarray) -> np.ndarray:
        """A column of the period's placements, with zeros for the earlier ones."""
        out = np.zeros(total, dtype=values.dtype)
        out[:n] = values
        return out

    wage_cents, _known = _cents(wage)
    prior_cents, has_prior = _cents(prior)
    credit_cents, has_credit = _cents(wotc_credit)
    certified = _yes(wotc_outcome, "certified") & has_credit
    zip_index, zips = vocabulary(z or "" for z in zip_codes)
    race_index, races = vocabulary(r or NOT_DISCLOSED for r in race)
    sex_index, sexes = vocabulary(_sex(s) for s in sex)
    flags = np.zeros(n, dtype=np.int64)
    for flag, found in (
        (JUSTICE_INVOLVED, _yes(justice)),
        (VETERAN, _yes(veteran)),
        (DISABILITY, _yes(disability)),
        (LONG_TERM_UNEMPLOYED, _yes(long_term)),
        (PUBLIC_BENEFITS, [bool(b) and b.strip() not in ("[]", "null") for b in benefits]),
        (YOUTH, [a in YOUTH_BANDS for a in age_band]),
        (NO_DIPLOMA, _yes(diploma, "no")),
    ):
        flags |= np.asarray(found, dtype=bool).astype(np.int64) * _BIT[flag]
    living = _living_wages(until)
    living_cents, has_living = _cents(
        [
            living.get(household_type(size or 1, _list_length(kids)))
            for size, kids in zip(household, children, strict=True)
        ]
    )
    checks, current_cents, has_current = _impact_checks(
        organisation_id, ids, since=since, until=until, employers=employers
    )
    return HireColumns(
        group=group,
        started=_days([*started_on, *old_started]),
        ended=ended,
        wage=padded(wage_cents),
        hours=padded(np.array(hours, dtype=np.int64)),
        prior=padded(prior_cents),
        has_prior=padded(has_prior),
        health=padded(np.array(health, dtype=bool)),
        zip_code=padded(zip_index),
        area=padded(np.array([a or OUTSIDE for a in areas], dtype=np.int64)),
        living=padded(living_cents),
        has_living=padded(has_living),
        current=current_cents,
        has_current=has_current,
        checks=checks,
        flags=padded(flags),
        race=padded(race_index),
        sex=padded(sex_index),
        credit=padded(np.where(certified, credit_cents, 0)),
        has_credit=padded(certified),
        bonded=padded(np.array([d is not None for d in bond_starts_on], dtype=bool)),
        zips=zips,
        races=races,
        sexes=sexes,
    )


def _impact_checks(
    organisation_id: int,
    ids: np.ndarray,
    *,
    since: date,
    until: date,
    employers: Sequence[int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the placements `ids`: what each checkpoint's check found by `until` (CHECK_YES,
    CHECK_NO or 0), and the latest wage a check recorded (the highest checkpoint's with a
    wage, not done after `until`). One query."""
    checks = np.zeros((len(ids), len(CHECKPOINTS)), dtype=np.int8)
    current = np.zeros(len(ids), dtype=np.int64)
    has_current = np.zeros(len(ids), dtype=bool)
    if not len(ids):
        return checks, current, has_current
    rows = RetentionCheck.objects.filter(
        placement__organisation_id=organisation_id,
        placement__employer_id__in=employers,
        placement__started_on__gte=since - timedelta(days=max(CHECKPOINTS)),
        placement__started_on__lte=until,
    ).filter(
        Q(done_on__isnull=False, done_on__lte=until)
        | Q(done_on__isnull=True, current_wage__isnull=False)
    )
    placement_ids, checkpoints, done_on, found, wage = _fetch_columns(
        rows.order_by().values_list(
            "placement_id", "checkpoint", "done_on", "still_employed", "current_wage"
        )
    )
    if not placement_ids:
        return checks, current, has_current
    order = np.argsort(ids)
    wanted = np.array(placement_ids, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    row = order[at]
    mine = ids[row] == wanted  # a placement of the window that no checkpoint brings in
    column = np.searchsorted(CHECKPOINTS, np.array(checkpoints, dtype=np.int64))
    done = np.array([d is not None for d in done_on], dtype=bool)
    code = np.array([_CHECK_CODE.get(f, 0) for f in found], dtype=np.int8)
    use = mine & done
    checks[row[use], column[use]] = code[use]
    wage_cents, has_wage = _cents(wage)
    with_wage = np.flatnonzero(mine & has_wage)
    if len(with_wage):
        # Each placement's checks by checkpoint: its last is the latest wage.
        by_row = with_wage[np.lexsort((column[with_wage], row[with_wage]))]
        last = np.ones(len(by_row), dtype=bool)
        last[:-1] = row[by_row][1:] != row[by_row][:-1]
        latest = by_row[last]
        current[row[latest]] = wage_cents[latest]
        has_current[row[latest]] = True
    return checks, current, has_current


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
    """One employer's community impact over `since`..`until` (both included): the same
    arithmetic as every employer's at once (`figures_for_employers`), with one employer."""
    return figures_of_employers(
        employer.organisation_id, [employer.pk], since=since, until=until, context=context
    )[employer.pk]


def program_figures(
    organisation_id: int, *, since: date, until: date, context: ImpactContext | None = None
) -> Figures:
    """The whole program's community impact over `since`..`until`, across all employers."""
    context = context or impact_context(organisation_id)
    employers = _employer_ids(organisation_id)
    columns = impact_columns(organisation_id, since=since, until=until, employers=employers)
    everyone = replace(columns, group=np.zeros(len(columns), dtype=np.int64))
    return figures_by_group(
        everyone, groups=1, since=since, until=until, priority_areas=context.priority_areas
    )[0]


def _employer_ids(organisation_id: int) -> list[int]:
    return list(
        Employer.objects.filter(organisation_id=organisation_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def figures_for_employers(
    organisation_id: int,
    *,
    since: date,
    until: date,
    context: ImpactContext | None = None,
) -> dict[int, Figures]:
    """Every employer's figures at once: the same few queries for any number of employers."""
    return figures_of_employers(
        organisation_id,
        _employer_ids(organisation_id),
        since=since,
        until=until,
        context=context,
        sites=True,
    )


def figures_of_employers(
    organisation_id: int,
    employer_ids: Iterable[int],
    *,
    since: date,
    until: date,
    context: ImpactContext | None = None,
    sites: bool = True,
) -> dict[int, Figures]:
    """The figures of each of the organisation's employers named (those of another
    organisation have none): their placements read as columns in three queries, and the
    arithmetic done for all of them together (`core.community_impact.figures_by_group`).
    Without `sites`, no hire counts as near a site (peers' medians need none)."""
    context = context or impact_context(organisation_id)
    employers = sorted(set(employer_ids))
    columns = impact_columns(organisation_id, since=since, until=until, employers=employers)
    site_areas = _site_areas(employers, organisation_id) if sites else {}
    found = figures_by_group(
        columns,
        groups=len(employers),
        since=since,
        until=until,
        priority_areas=context.priority_areas,
        site_areas=[site_areas.get(e, ()) for e in employers],
    )
    return dict(zip(employers, found, strict=True))


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
        peer_figures = list(
            figures_of_employers(
                employer.organisation_id,
                peer_ids,
                since=since,
                until=until,
                context=context,
                sites=False,
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
