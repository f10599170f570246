"""Community impact at city scale: 2,000 employers and 200,000 placements.

- Every employer's figures for one quarter at once (`figures_for_employers`: a few
  queries, arithmetic in `core.community_impact`) against the same figures read one
  query per employer per figure, measured in the same run on a sample of employers and
  scaled to all of them. Target: at least 20× faster.
- One employer's report page against the trivial page ``/about/`` (target at most 5×),
  with its query count for two employers of different sizes (the same, at most 40).
- The report's PDF, its time reported beside the page's.

The placements are drawn in Python and written in one transaction with ``bulk_insert``
(COPY on PostgreSQL), in order of their start dates, as a live database records them; the
full scale seeds in well under a minute on either engine. They have no retention checks.
"""

import itertools
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Avg, Count, Q, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarks.harness import (
    Result,
    against_baseline,
    at_most,
    informational,
    median_ms,
    medians_ms,
)

FULL = (2_000, 200_000)
QUICK = (200, 10_000)
NAIVE_SAMPLE = 100  # employers read the slow way; the time is scaled to all of them
MIN_SPEEDUP = 20
MAX_RATIO = 5
MAX_QUERIES = 40
QUARTER = (date(2026, 4, 1), date(2026, 6, 30))


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response.content


def _seed_placements(organisation, employers: list[int], placements: int, seed: int) -> float:
    from workbridge.bulk import bulk_insert, next_id, reset_sequences
    from workbridge.people.models import Participant
    from workbridge.placements.models import Placement

    rng = random.Random(seed)
    people = list(
        Participant.objects.filter(organisation=organisation).values_list("pk", flat=True)
    )
    # Heavier employers first, so page sizes differ.
    weights = [1 / (1 + n % 50) for n in range(len(employers))]
    cumulative = list(itertools.accumulate(weights))
    start = date(2025, 1, 1)
    span = (QUARTER[1] - start).days
    started = time.perf_counter()
    first = next_id(Placement)
    drawn = []
    for _n in range(placements):
        begun = start + timedelta(days=rng.randrange(span))
        ended = begun + timedelta(days=rng.randrange(20, 500)) if rng.random() < 0.4 else None
        wage = Decimal(rng.randrange(1500, 3200)) / 100
        drawn.append(
            (
                begun,
                rng.choice(people),
                rng.choices(employers, cum_weights=cumulative)[0],
                wage,
                rng.choice((20, 30, 40)),
                wage - Decimal(rng.randrange(0, 400)) / 100 if rng.random() < 0.6 else None,
                rng.random() < 0.5,
                ended if ended and ended < QUARTER[1] else None,
            )
        )
    # Placements are recorded as people start, so ids rise with start dates, as they do in
    # a live database (and a period's placements lie together in the table).
    drawn.sort(key=lambda row: row[0])
    rows = []
    for n, (begun, person, employer, wage, hours, prior, health, ended) in enumerate(drawn):
        rows.append(
            (
                first + n,
                organisation.pk,
                person,
                employer,
                "Associate",
                begun,
                wage,
                hours,
                prior,
                health,
                False,
                False,
                ended,
                "",
                "[]",
                "",
                QUARTER[1],
            )
        )
    from django.utils import timezone

    now = timezone.now()
    rows = [(*r[:-1], now) for r in rows]
    # One transaction: in autocommit SQLite would commit (and sync the disk) once a row.
    with transaction.atomic():
        bulk_insert(
            Placement,
            [
                "id",
                "organisation",
                "participant",
                "employer",
                "job_title",
                "started_on",
                "hourly_wage",
                "hours_per_week",
                "prior_hourly_wage",
                "health_insurance",
                "paid_leave",
                "retirement",
                "ended_on",
                "end_reason",
                "loss_factors",
                "end_notes",
                "created_at",
            ],
            rows,
        )
    reset_sequences(Placement)
    return time.perf_counter() - started


def naive_figures(employer_id: int, organisation_id: int, since: date, until: date) -> dict:
    """The same figures read the slow way: one query per employer per figure."""
    from workbridge.placements.models import Placement

    mine = Placement.objects.filter(employer_id=employer_id, organisation_id=organisation_id)
    hires = mine.filter(started_on__gte=since, started_on__lte=until)
    out: dict = {
        "hires": hires.count(),
        "local": hires.filter(participant__community_area__isnull=False).count(),
        "health": hires.filter(health_insurance=True).count(),
        "mean_wage": hires.aggregate(a=Avg("hourly_wage"))["a"],
        "wages": sorted(hires.values_list("hourly_wage", flat=True)),
        "earnings": hires.aggregate(s=Sum("hourly_wage"))["s"],
        "gain": hires.filter(prior_hourly_wage__isnull=False).count(),
        "by_area": list(
            hires.values("participant__community_area").annotate(n=Count("id")).order_by()
        ),
        "race": list(
            hires.values("participant__demographics__eeo_category")
            .annotate(n=Count("id"))
            .order_by()
        ),
        "sex": list(
            hires.values("participant__demographics__sex").annotate(n=Count("id")).order_by()
        ),
    }
    for flag in ("veteran", "disability", "justice_involved", "long_term_unemployed"):
        out[flag] = hires.filter(**{f"participant__demographics__{flag}": "yes"}).count()
    for days in (30, 90, 180, 365):
        reached = mine.filter(
            started_on__gte=since - timedelta(days=days),
            started_on__lte=until - timedelta(days=days),
        )
        out[f"reached_{days}"] = reached.count()
        out[f"retained_{days}"] = reached.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=until)
        ).count()
    return out


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from workbridge.accounts.models import Organisation, User
    from workbridge.demo.employers import employers_seed
    from workbridge.employers.impact import figures_for_employers, impact_context
    from workbridge.employers.models import Employer

    n_employers, n_placements = QUICK if quick else FULL
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", participants=participants or 500, seed=42, verbosity=0)
    organisation = Organisation.objects.get(slug="southside")
    coach = User.objects.get(username="coach")
    employers_seed(
        organisation=organisation,
        owners=[coach],
        employers=n_employers,
        interactions=n_employers,
        seed=42,
    )
    employer_ids = list(
        Employer.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    seed_seconds = _seed_placements(organisation, employer_ids, n_placements, seed=42)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def label(name: str) -> str:
        return f"{name} ({engine})"

    since, until = QUARTER
    results = [
        informational(
            label(f"seed {n_placements:,} placements for {len(employer_ids):,} employers"),
            seed_seconds,
            "s",
        )
    ]
    context = impact_context(organisation.pk)
    batch = median_ms(
        lambda: figures_for_employers(organisation.pk, since=since, until=until, context=context),
        repeat=3,
        warmup=1,
    )
    sample = employer_ids[:: max(1, len(employer_ids) // NAIVE_SAMPLE)][:NAIVE_SAMPLE]
    times = []
    for _round in range(2):
        started = time.perf_counter()
        for employer_id in sample:
            naive_figures(employer_id, organisation.pk, since, until)
        times.append((time.perf_counter() - started) * 1000)
    naive = statistics.median(times) * len(employer_ids) / len(sample)
    results.append(
        informational(
            label("figures one query per employer per figure (scaled from a sample)"),
            naive,
            "ms",
            note=f"{len(sample)} employers read, scaled to {len(employer_ids):,}",
        )
    )
    speedup = naive / batch if batch else float("inf")
    results.append(
        Result(
            name=label(f"all {len(employer_ids):,} employers' figures for a quarter at once"),
            value=round(batch, 1),
            unit="ms",
            baseline=round(naive, 1),
            ratio=round(batch / naive, 4) if naive else None,
            target=f"≥ {MIN_SPEEDUP}× faster than one query per employer per figure",
            met=speedup >= MIN_SPEEDUP,
        )
    )

    client = Client()
    client.force_login(coach)
    trivial = reverse("about")
    query = f"?kind=custom&since={since.isoformat()}&until={until.isoformat()}"
    big, small = employer_ids[0], employer_ids[-1]
    page = reverse("employers:impact_report", args=[big]) + query
    started = time.perf_counter()
    _get(client, page)
    first = (time.perf_counter() - started) * 1000
    # The page and the trivial page in turns, so a busy spell on a shared machine slows both.
    times = medians_ms(
        {"trivial": lambda: _get(client, trivial), "page": lambda: _get(client, page)}
    )
    baseline, value = times["trivial"], times["page"]
    results.append(informational(label("trivial page /about/"), baseline, "ms", note="baseline"))
    results.append(
        against_baseline(
            label("one employer's impact report page"),
            value,
            "ms",
            baseline=baseline,
            max_ratio=MAX_RATIO,
            baseline_name="trivial page",
        )
    )
    results.append(
        informational(
            label("the same page the first time (figures worked out and kept)"),
            first,
            "ms",
            note="kept until the employer's records change",
        )
    )
    # The same queries for a big employer, a middling one, a small one and one with no hires.
    quiet = Employer.objects.create(organisation=organisation, name="No hires yet")
    middle = employer_ids[len(employer_ids) // 2]
    counts = []
    for employer_id in (big, middle, small, quiet.pk):
        url = reverse("employers:impact_report", args=[employer_id]) + query
        _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            _get(client, url)
        counts.append(len(queries))
    results.append(
        at_most(label("report page: queries"), max(counts), "queries", limit=MAX_QUERIES)
    )
    results.append(
        at_most(
            label("report page: queries that differ between employers of different sizes"),
            max(counts) - min(counts),
            "queries",
            limit=0,
        )
    )
    pdf_url = reverse("employers:impact_report_pdf", args=[big]) + query
    started = time.perf_counter()
    _get(client, pdf_url)
    first_pdf = (time.perf_counter() - started) * 1000
    results.append(
        informational(
            label("the report's PDF (first, laid out)"),
            first_pdf,
            "ms",
            note=f"page {value:.0f} ms",
        )
    )
    return results


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_impact", *sys.argv[1:]]))
