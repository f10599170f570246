"""An employer's community impact: the figures the call screen, review agendas and e-mails quote.

This is the one module of the employer app that reads upward, from the jobs and
placements apps (open positions, and hires with their retention and wages): employer
engagement exists to show an employer what hiring from the program has done. Every figure
is an aggregate, counted in SQL or worked out on columns of numbers read in a few queries
(`core.community_impact`); no participant is named. The layers contract lets this
module, and no other module of the app, read those two apps (docs/architecture.md).
"""

import csv
import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
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
)
from django.db.models.functions import Substr

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
    gc_paused,
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


# What makes each social-impact flag, as SQL on the demographics (d) and participant (pp).
_FLAG_SQL = {
    JUSTICE_INVOLVED: "d.justice_involved = 'yes'",
    VETERAN: "d.veteran = 'yes'",
    DISABILITY: "d.disability = 'yes'",
    LONG_TERM_UNEMPLOYED: "d.long_term_unemployed = 'yes'",
    PUBLIC_BENEFITS: "TRIM(CAST(pp.benefits AS TEXT)) NOT IN ('', '[]', 'null')",
    YOUTH: "d.age_band IN (" + ", ".join(f"'{band}'" for band in sorted(YOUTH_BANDS)) + ")",
    NO_DIPLOMA: "d.high_school_diploma = 'no'",
}


def _day_sql(column: str) -> str:
    """SQL for a date column as its `date.toordinal()` number (NULL stays NULL)."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"
    return f"({column} - DATE '0001-01-01' + 1)"


def _cents_sql(column: str) -> str:
    """SQL for an amount in dollars as whole cents (NULL stays NULL)."""
    return f"CAST(ROUND({column} * 100) AS BIGINT)"


def _columns(sql: str, params: Sequence[object], width: int) -> list[tuple]:
    """The rows of a query as columns, read straight from the cursor: the query hands back
    numbers and text only, so no value is converted one at a time (the ORM's converters
    were most of the time for a city's placements)."""
    with gc_paused(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        if not rows:
            return [() for _ in range(width)]
        return list(zip(*rows, strict=True))


def _ints(column: Sequence[object]) -> np.ndarray:
    return np.array(column, dtype=np.int64).reshape(-1)


def _maybe(column: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """A column of whole numbers with NULLs: the numbers (0 for NULL) and which are known."""
    found = np.array(column, dtype=np.float64).reshape(-1)  # NULL -> NaN; exact below 2**53
    known = ~np.isnan(found)
    return np.where(known, found, 0).astype(np.int64), known


def _codes(column: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Each value's index into the distinct values (in order of first appearance)."""
    index: dict[str, int] = {}
    codes = np.fromiter(
        (index.setdefault(v, len(index)) for v in column), dtype=np.int64, count=len(column)
    )
    return codes, list(index)


def _vocabulary(column: Sequence[str | None], name: Callable[[str | None], str]):
    """Text values, named by `name`, as indexes into the sorted distinct names."""
    codes, distinct = _codes(column)  # type: ignore[arg-type]
    names = [name(v) for v in distinct]
    index, vocabulary_ = vocabulary(names)
    return index[codes] if len(codes) else np.zeros(0, dtype=np.int64), vocabulary_


def impact_columns(
    organisation_id: int,
    *,
    since: date,
    until: date,
    employers: Sequence[int],
    every: bool = False,
) -> HireColumns:
    """The placements the figures of `since`..`until` need, as columns grouped by the
    position of their employer in `employers` (sorted ids of the organisation's employers;
    `every` says they are all of them, so the queries need not list them): those started
    in the period with everything about them, and those of the year before (whose retention
    checkpoints may fall in it) with their dates only. Three queries, written out so that the
    database hands back numbers (days, cents, flags) rather than values to convert one by
    one, whatever the number of employers or placements."""
    placement = Placement._meta.db_table
    person = Participant._meta.db_table
    answers = Demographics._meta.db_table
    # All of the organisation's employers: its placements, whichever the employer (a
    # placement of an employer not listed is dropped below); some of them: those named.
    scope = "p.organisation_id = %s"
    scope_params: list[object] = [organisation_id]
    if not every:
        scope += " AND p.employer_id IN (" + ", ".join(["%s"] * len(employers)) + ")"
        scope_params += list(employers)
        if not employers:
            scope = "1 = 0"
            scope_params = []
    flags = " + ".join(
        f"(CASE WHEN {_FLAG_SQL[flag]} THEN {1 << k} ELSE 0 END)"
        for k, flag in enumerate(SOCIAL_FLAGS)
    )
    started, ended = _day_sql("p.started_on"), _day_sql("p.ended_on")
    sql = f"""
        SELECT p.id, p.employer_id, {started}, {ended}, {_cents_sql("p.hourly_wage")},
               p.hours_per_week, {_cents_sql("p.prior_hourly_wage")},
               CASE WHEN p.health_insurance THEN 1 ELSE 0 END,
               COALESCE(pp.zip_code, ''), COALESCE(pp.community_area_id, {OUTSIDE}),
               COALESCE(pp.household_size, 1), CAST(pp.children_ages AS TEXT),
               d.eeo_category, d.sex, {flags},
               CASE WHEN p.wotc_outcome = 'certified' THEN {_cents_sql("p.wotc_credit")} END,
               CASE WHEN p.bond_starts_on IS NULL THEN 0 ELSE 1 END
          FROM {placement} p
          JOIN {person} pp ON pp.id = p.participant_id
          LEFT JOIN {answers} d ON d.participant_id = pp.id
         WHERE {scope} AND p.started_on >= %s AND p.started_on <= %s
         ORDER BY p.id
    """  # noqa: S608 - table names from the models, values as parameters
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
        race,
        sex,
        flag_bits,
        credit,
        bonded,
    ) = _columns(sql, [*scope_params, since, until], 17)
    # Every placement of the year before: the ones whose checkpoints fall in the period are
    # among them (one range reads faster than the four windows), the others count nowhere.
    old_pks, old_employers, old_started, old_ended = _columns(
        f"""
        SELECT p.id, p.employer_id, {started}, {ended}
          FROM {placement} p
         WHERE {scope} AND p.started_on >= %s AND p.started_on < %s
         ORDER BY p.id
        """,  # noqa: S608 - as above
        [*scope_params, since - timedelta(days=max(CHECKPOINTS)), since],
        4,
    )
    n, total = len(pks), len(pks) + len(old_pks)
    ids = _ints([*pks, *old_pks])
    known_employers = np.asarray(employers, dtype=np.int64)
    employer_of = _ints([*employer_ids, *old_employers])
    group = np.searchsorted(known_employers, employer_of)
    listed = group < len(known_employers)
    listed[listed] = known_employers[group[listed]] == employer_of[listed]
    end_days, has_end = _maybe([*ended_on, *old_ended])
    end_days[~has_end | (end_days > until.toordinal())] = NO_END  # not ended by the last day

    def padded(values: np.ndarray) -> np.ndarray:
        """A column of the period's placements, with zeros for the earlier ones."""
        out = np.zeros(total, dtype=values.dtype)
        out[:n] = values
        return out

    prior_cents, has_prior = _maybe(prior)
    credit_cents, has_credit = _maybe(credit)
    zip_index, zips = _vocabulary(zip_codes, lambda z: z or "")
    race_index, races = _vocabulary(race, lambda r: r or NOT_DISCLOSED)
    sex_index, sexes = _vocabulary(sex, _sex)
    # The living wage of each household: a handful of (size, children) pairs among all hires.
    living = _living_wages(until)
    kids, kid_texts = _codes(children)
    kid_counts = np.array([_list_length(t) for t in kid_texts], dtype=np.int64)
    sizes = _ints(household)
    living_cents = np.zeros(n, dtype=np.int64)
    has_living = np.zeros(n, dtype=bool)
    if n:
        pairs, where = np.unique(
            np.stack([sizes, kid_counts[kids]], axis=1), axis=0, return_inverse=True
        )
        where = where.reshape(-1)
        for k, (size, count) in enumerate(pairs.tolist()):
            wage_of = living.get(household_type(size or 1, count))
            if wage_of is not None:
                living_cents[where == k] = round(wage_of * 100)
                has_living[where == k] = True
    checks, current_cents, has_current = _impact_checks(
        ids, scope=scope, params=scope_params, since=since, until=until
    )
    columns = HireColumns(
        group=group,
        started=_ints([*started_on, *old_started]),
        ended=end_days,
        wage=padded(_ints(wage)),
        hours=padded(_ints(hours)),
        prior=padded(prior_cents),
        has_prior=padded(has_prior),
        health=padded(_ints(health).astype(bool)),
        zip_code=padded(zip_index),
        area=padded(_ints(areas)),
        living=padded(living_cents),
        has_living=padded(has_living),
        current=current_cents,
        has_current=has_current,
        checks=checks,
        flags=padded(_ints(flag_bits)),
        race=padded(race_index),
        sex=padded(sex_index),
        credit=padded(credit_cents),
        has_credit=padded(has_credit),
        bonded=padded(_ints(bonded).astype(bool)),
        zips=zips,
        races=races,
        sexes=sexes,
    )
    return columns if listed.all() else _rows_of(columns, listed)


def _rows_of(columns: HireColumns, chosen: np.ndarray) -> HireColumns:
    """The chosen placements' columns only."""
    return replace(
        columns,
        **{
            f.name: getattr(columns, f.name)[chosen]
            for f in fields(columns)
            if isinstance(getattr(columns, f.name), np.ndarray)
        },
    )


def _impact_checks(
    ids: np.ndarray, *, scope: str, params: Sequence[object], since: date, until: date
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the placements `ids` (of `scope`): what each checkpoint's check found by
    `until` (CHECK_YES, CHECK_NO or 0), and the latest wage a check recorded (the highest
    checkpoint's with a wage, not done after `until`). One query."""
    checks = np.zeros((len(ids), len(CHECKPOINTS)), dtype=np.int8)
    current = np.zeros(len(ids), dtype=np.int64)
    has_current = np.zeros(len(ids), dtype=bool)
    if not len(ids):
        return checks, current, has_current
    placement = Placement._meta.db_table
    check = RetentionCheck._meta.db_table
    placement_ids, checkpoints, found, wage = _columns(
        f"""
        SELECT c.placement_id, c.checkpoint,
               CASE WHEN c.done_on IS NULL THEN 0
                    WHEN c.still_employed = 'yes' THEN {CHECK_YES}
                    WHEN c.still_employed = 'no' THEN {CHECK_NO} ELSE 0 END,
               {_cents_sql("c.current_wage")}
          FROM {check} c
          JOIN {placement} p ON p.id = c.placement_id
         WHERE {scope} AND p.started_on >= %s AND p.started_on <= %s
           AND (c.done_on <= %s OR (c.done_on IS NULL AND c.current_wage IS NOT NULL))
        """,  # noqa: S608 - table names from the models, values as parameters
        [*params, since - timedelta(days=max(CHECKPOINTS)), until, until],
        4,
    )
    if not placement_ids:
        return checks, current, has_current
    order = np.argsort(ids)
    wanted = _ints(placement_ids)
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    row = order[at]
    mine = ids[row] == wanted  # not a placement of the window that no checkpoint brings in
    column = np.searchsorted(np.array(CHECKPOINTS), _ints(checkpoints))
    code = _ints(found).astype(np.int8)
    checks[row[mine], column[mine]] = code[mine]
    wage_cents, has_wage = _maybe(wage)
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
    _employers, columns = organisation_columns(organisation_id, since=since, until=until)
    return figures_by_group(
        program_wide(columns),
        groups=1,
        since=since,
        until=until,
        priority_areas=context.priority_areas,
    )[0]


def organisation_columns(
    organisation_id: int, *, since: date, until: date
) -> tuple[list[int], HireColumns]:
    """All of the organisation's employers (sorted ids) and the columns of their placements
    for `since`..`until`, grouped by employer (`impact_columns`)."""
    employers = _employer_ids(organisation_id)
    columns = impact_columns(
        organisation_id, since=since, until=until, employers=employers, every=True
    )
    return employers, columns


def program_wide(columns: HireColumns) -> HireColumns:
    """The same placements as one group: the whole program."""
    return replace(columns, group=np.zeros(len(columns), dtype=np.int64))


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
        every=True,
    )


def figures_of_employers(
    organisation_id: int,
    employer_ids: Iterable[int],
    *,
    since: date,
    until: date,
    context: ImpactContext | None = None,
    sites: bool = True,
    every: bool = False,
) -> dict[int, Figures]:
    """The figures of each of the organisation's employers named (those of another
    organisation have none; `every` says they are all of its employers): their placements
    read as columns in three queries, and the arithmetic done for all of them together
    (`core.community_impact.figures_by_group`). Without `sites`, no hire counts as near a
    site (peers' medians need none)."""
    context = context or impact_context(organisation_id)
    employers = sorted(set(employer_ids))
    columns = impact_columns(
        organisation_id, since=since, until=until, employers=employers, every=every
    )
    site_areas = _site_areas(None if every else employers, organisation_id) if sites else {}
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
    whose checkpoints fall in it), their hiring incentives, the people hired, their
    retention checks and the living wages. Any hire, end, wage, credit, bond, check or move
    recorded since gives a different fingerprint, so figures kept under it are not served
    out of date (a change that leaves no trace in it waits for the cache's time limit).

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
               SUM(CASE WHEN p.wotc_outcome = 'certified' THEN p.wotc_credit END),
               COUNT(p.bond_starts_on),
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
