"""The application-process and optional-steps reports at city scale, against recomputing
them in Python.

200,000 applicants of one year (20 departments × 10 job titles × 2 requisitions) with
1,500,000 application-session events (7 or 8 each: one to three sessions, five steps of
the form, about 70% submitted, help requests and validation warnings among them) and
two optional-step flags each (400,000 outcomes). ``--quick``: 10,000 applicants.

Seeding is raw bulk loads (``COPY`` on PostgreSQL, ``executemany`` on SQLite), then
``ANALYZE``; not timed. Then, each the median of a few runs:

- baseline: the application-process measures recomputed in Python from the events (the
  events read as the report used to read them, ``core.application_sessions.
  process_measures`` by group, for all, and by step), run once at full scale as it takes
  about a minute;
- the application-process report as the page builds it on the first view after an import
  (the measures counted in SQL, then suppression and tables; the cache emptied before each
  run), checked to show the same measures as the baseline; printed against the baseline
  without a target;
- the same report viewed again (the counted measures read from the cache, under the
  data's version: a few index reads). Target: at least 10× faster than the baseline;
- the optional-steps report, against the same flags read one by one and tallied in Python
  (``core.optional_steps``); printed against it without a target.
"""

import time

import numpy as np
from django.db import connection, transaction

from benchmarks.harness import Result, against_baseline, informational, median_ms

FULL = {"applicants": 200_000}
QUICK = {"applicants": 10_000}
YEAR = 2025
DEPARTMENTS = 20
TITLES = 10
REQUISITIONS_PER_TITLE = 2
CHUNK = 200_000
SEED = 7
MIN_SPEED_UP = 10.0
RACES = ["white", "black", "hispanic", "asian", "two_or_more", "aian", "nhpi", "not_disclosed"]
RACE_SHARES = [0.35, 0.30, 0.24, 0.06, 0.02, 0.006, 0.004, 0.02]
SEXES = ["female", "male", "another", "prefer_not", ""]
SEX_SHARES = [0.48, 0.48, 0.01, 0.02, 0.01]
STEPS = ["Contact", "Work history", "Education", "Questions", "Review"]
KINDS = ["started", "saved", "help_requested", "validation_warning"]
KIND_SHARES = [0.2, 0.6, 0.08, 0.12]
OPTIONAL = ["Phone interview", "Secondary screening"]
OUTCOMES = ["passed", "failed", "skipped"]
OUTCOME_SHARES = [0.45, 0.2, 0.35]


def _seed(organisation, applicants: int, rng) -> int:
    """Requisitions, applicants, session events and optional-step flags, written raw;
    returns how many events."""
    from workbridge.bulk import bulk_insert, next_id, reset_sequences
    from workbridge.equity.models import (
        Applicant,
        ApplicationSessionEvent,
        OptionalStepOutcome,
        Requisition,
    )

    first_req = next_id(Requisition)
    requisitions = []
    for t in range(TITLES):
        for _r in range(REQUISITIONS_PER_TITLE):
            pk = first_req + len(requisitions)
            department = f"Department {(t * 7) % DEPARTMENTS:02d}"
            requisitions.append(
                (pk, organisation.pk, f"R{pk}", department, f"Job title {t:02d}", "", YEAR, "[]")
            )
    bulk_insert(
        Requisition,
        [
            "id",
            "organisation",
            "external_id",
            "department",
            "job_title",
            "eeo4_category",
            "year",
            "source_channels",
        ],
        requisitions,
    )
    first_app = next_id(Applicant)
    req = rng.integers(0, len(requisitions), size=applicants) + first_req
    race = rng.choice(len(RACES), size=applicants, p=RACE_SHARES)
    sex = rng.choice(len(SEXES), size=applicants, p=SEX_SHARES)
    org = organisation.pk
    applicant_fields = [
        "id",
        "organisation",
        "requisition",
        "external_id",
        "race_categories",
        "race_detail",
        "race_prefer_not",
        "eeo_category",
        "sex",
        "veteran",
        "disability",
        "home_zip",
        "heard_about",
        "reached",
        "withdrew",
        "stage_dates",
    ]
    for start in range(0, applicants, CHUNK):
        end = min(applicants, start + CHUNK)
        rows = [
            (
                first_app + i,
                org,
                int(req[i]),
                f"A{i}",
                "[]",
                "",
                False,
                RACES[race[i]],
                SEXES[sex[i]],
                "",
                "",
                "",
                "",
                0,
                False,
                "{}",
            )
            for i in range(start, end)
        ]
        with transaction.atomic():
            bulk_insert(Applicant, applicant_fields, rows)
    reset_sequences(Requisition, Applicant)

    # 7 or 8 events an applicant; about 70% end with "submitted"
    per = 7 + (rng.random(applicants) < 0.5)
    owner = np.repeat(np.arange(applicants), per)
    n = len(owner)
    session = rng.integers(1, 4, size=n)
    step = rng.integers(0, len(STEPS), size=n)
    kind = rng.choice(len(KINDS), size=n, p=KIND_SHARES)
    minutes = np.round(rng.random(n) * 40, 1)
    last = np.cumsum(per) - 1
    submitted = np.zeros(n, dtype=bool)
    submitted[last[rng.random(applicants) < 0.7]] = True
    event_fields = ["organisation", "applicant", "session", "step", "kind", "minutes"]
    owner_l, session_l, step_l = owner.tolist(), session.tolist(), step.tolist()
    kind_l, minutes_l, submitted_l = kind.tolist(), minutes.tolist(), submitted.tolist()
    for start in range(0, n, CHUNK):
        end = min(n, start + CHUNK)
        rows = [
            (
                org,
                first_app + owner_l[i],
                str(session_l[i]),
                STEPS[step_l[i]],
                "submitted" if submitted_l[i] else KINDS[kind_l[i]],
                minutes_l[i],
            )
            for i in range(start, end)
        ]
        with transaction.atomic():
            bulk_insert(ApplicationSessionEvent, event_fields, rows)

    outcome = rng.choice(len(OUTCOMES), size=(applicants, len(OPTIONAL)), p=OUTCOME_SHARES)
    outcome_l = outcome.tolist()
    for start in range(0, applicants, CHUNK):
        end = min(applicants, start + CHUNK)
        rows = [
            (org, first_app + i, name, OUTCOMES[outcome_l[i][s]])
            for i in range(start, end)
            for s, name in enumerate(OPTIONAL)
        ]
        with transaction.atomic():
            bulk_insert(OptionalStepOutcome, ["organisation", "applicant", "step", "outcome"], rows)
    return n


def _from_events(organisation):
    """The baseline: the events read into Python and measured there, as the report did."""
    from workbridge.core.application_sessions import SessionEvent, process_measures
    from workbridge.equity.reports_process import session_events_for

    events = session_events_for(organisation, year=YEAR)
    by_group = process_measures(events, by="group")
    everyone = [
        SessionEvent(e.application, e.session, e.step, e.event, e.minutes, "all") for e in events
    ]
    overall = process_measures(everyone, by="group")[0]
    return by_group, overall, process_measures(events, by="step")


def _flags_in_python(organisation):
    """The optional-step baseline: every flag read one by one, tallied in Python."""
    from workbridge.core.optional_steps import (
        StepOutcome,
        optional_step_counts,
        optional_step_usage,
    )
    from workbridge.equity.models import OptionalStepOutcome

    outcomes = [
        StepOutcome(step, group or "", department, outcome)
        for step, group, department, outcome in OptionalStepOutcome.objects.filter(
            organisation=organisation, applicant__requisition__year=YEAR
        )
        .values_list(
            "step", "applicant__eeo_category", "applicant__requisition__department", "outcome"
        )
        .iterator(chunk_size=5_000)
    ]
    return optional_step_counts(outcomes), optional_step_usage(outcomes)


def _check_same(organisation, baseline) -> None:
    from workbridge.equity.reports_process import process_figures

    figures = process_figures(organisation, year=YEAR)
    by_group, overall, by_step = baseline
    for ours, theirs in ((figures.by_group, by_group), (figures.by_step, by_step)):
        if [_rounded(m) for m in ours] != [_rounded(m) for m in theirs]:
            raise AssertionError(f"the SQL measures differ: {ours[:2]} != {theirs[:2]}")
    if _rounded(figures.overall) != _rounded(overall):
        raise AssertionError(f"overall differs: {figures.overall} != {overall}")


def _rounded(m):
    """A measure as the report shows it (per-application figures to 2 places, minutes to 1)."""
    return (
        m.applications,
        m.completed,
        round(m.sessions_per_application, 2),
        m.help_requests,
        m.warnings,
        None if m.median_minutes_to_complete is None else round(m.median_minutes_to_complete, 1),
    )


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from django.core.cache import cache
    from django.core.management import call_command

    from workbridge.accounts.models import Organisation
    from workbridge.equity.reports_process import application_process_report, optional_steps_report

    applicants = participants or (QUICK if quick else FULL)["applicants"]
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="City of Bench", slug="bench-city")
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    events = _seed(organisation, applicants, rng)
    seed_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def label(name: str) -> str:
        return f"{name} ({engine})"

    baseline = _from_events(organisation)
    _check_same(organisation, baseline)
    slow_repeat = 3 if quick else 1
    repeat = 5 if quick else 3
    recompute_ms = median_ms(lambda: _from_events(organisation), repeat=slow_repeat, warmup=0)

    def first_view():
        cache.clear()
        return application_process_report(organisation, year=YEAR, threshold=10)

    report_ms = median_ms(first_view, repeat=repeat, warmup=1)
    cached_ms = median_ms(
        lambda: application_process_report(organisation, year=YEAR, threshold=10),
        repeat=repeat * 4,
        warmup=1,
    )
    flags_ms = median_ms(lambda: _flags_in_python(organisation), repeat=slow_repeat, warmup=0)
    steps_ms = median_ms(
        lambda: optional_steps_report(organisation, year=YEAR, threshold=10),
        repeat=repeat,
        warmup=1,
    )
    scale = f"{applicants:,} applicants, {events:,} events"
    return [
        informational(label(f"seeding {scale}"), seed_seconds, "s"),
        informational(
            label(f"application process recomputed from events, {scale}"),
            recompute_ms,
            "ms",
            note="baseline",
        ),
        informational(
            label(f"application-process report, first view after an import, {scale}"),
            report_ms,
            "ms",
            note=f"{recompute_ms / report_ms:.1f}× faster than recomputing from events",
        ),
        against_baseline(
            label(f"application-process report, viewed again, {scale}"),
            cached_ms,
            "ms",
            baseline=recompute_ms,
            max_ratio=1 / MIN_SPEED_UP,
            baseline_name="recomputing from events",
        ),
        informational(
            label(f"optional steps tallied flag by flag, {applicants * len(OPTIONAL):,} flags"),
            flags_ms,
            "ms",
            note="baseline",
        ),
        informational(
            label(f"optional-steps report, {applicants * len(OPTIONAL):,} flags"),
            steps_ms,
            "ms",
            note=f"{flags_ms / steps_ms:.1f}× faster than tallying flag by flag",
        ),
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_equity_process", *sys.argv[1:]]))
