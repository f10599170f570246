"""The full adverse-impact report over 10,000,000 stage records, against pandas.

Stage records: an applicant who got as far as stage k (0 = applied … 5 = hired) has one
record for each stage reached, k + 1 in all. 3,340,000 applicants reaching 3.0 stages on
average (25% stop at applied, 20% qualified, 17% screened, 16% interviewed, 12% offered,
10% hired; 5% of those who stop before hired withdrew) make about 10,000,000 records,
spread over 5 years × 100 job titles (in 20 departments) × 4 requisitions each.

Seeding (raw bulk loads: ``COPY`` on PostgreSQL, ``executemany`` on SQLite) and one
``flow_counts_refresh`` (the summary the import keeps current) are not timed as the
report. Then, each the median of a few runs:

- pandas (the baseline): from an in-memory DataFrame of the applicant rows (year, title,
  race, sex and stage as categories), one ``groupby`` of year × title × race × sex ×
  furthest stage × withdrew, then people considered and selected for every year × title
  × step (each step and the whole process) × race and × sex.
- counts: the same counts from the summary table (one row per year × department ×
  title × race × sex with a column per stage, read as it is stored; NumPy adds up a
  title's departments and does the rest), checked equal to pandas'. Target: at least
  2× faster than pandas.
- full report: the counts and every test (four-fifths, Z, Fisher, mid-p, shortfall, one
  selection) for every year × title × step × race and × sex, through
  ``adverse_impact_many`` in one batch. Target: at least 2× faster than pandas' counts.
- one job title's report for one year (query and every test, all steps, by race).
  Target: under 20 ms.

The CPU time of this process for pandas and for the counts is printed too, without a
target: on a machine shared with other work the wall-clock figures vary.
"""

import statistics
import time

import numpy as np
from django.db import connection, transaction

from benchmarks.harness import Result, against_baseline, at_most, informational, median_ms

FULL = {"applicants": 3_340_000, "years": 5, "titles": 100}
QUICK = {"applicants": 60_000, "years": 2, "titles": 10}
DEPARTMENTS = 20
REQUISITIONS_PER_TITLE = 4
CHUNK = 200_000
SEED = 42
MIN_SPEED_UP = 2.0
TITLE_REPORT_MS = 20.0

STAGE_SHARES = [0.25, 0.20, 0.17, 0.16, 0.12, 0.10]
WITHDREW_SHARE = 0.05
RACES = ["white", "black", "hispanic", "asian", "two_or_more", "aian", "nhpi", "not_disclosed"]
RACE_SHARES = [0.35, 0.30, 0.24, 0.06, 0.02, 0.006, 0.004, 0.02]
SEXES = ["female", "male", "another", "prefer_not", ""]
SEX_SHARES = [0.48, 0.48, 0.01, 0.02, 0.01]
FIRST_YEAR = 2021


def _applicant_arrays(applicants: int, years: int, titles: int, rng) -> dict[str, np.ndarray]:
    """The applicants as columns: requisition index, race, sex, furthest stage, withdrew."""
    requisitions = years * titles * REQUISITIONS_PER_TITLE
    requisition = rng.integers(0, requisitions, size=applicants)
    race = rng.choice(len(RACES), size=applicants, p=RACE_SHARES)
    sex = rng.choice(len(SEXES), size=applicants, p=SEX_SHARES)
    reached = rng.choice(len(STAGE_SHARES), size=applicants, p=STAGE_SHARES)
    # a little disparity for some groups at interview, so findings exist
    held_back = (race == 1) & (reached >= 4) & (rng.random(applicants) < 0.15)
    reached = np.where(held_back, 3, reached)
    withdrew = (reached < len(STAGE_SHARES) - 1) & (rng.random(applicants) < WITHDREW_SHARE)
    return {
        "requisition": requisition,
        "race": race,
        "sex": sex,
        "reached": reached,
        "withdrew": withdrew,
    }


def _seed(organisation, data, years: int, titles: int) -> list[tuple[int, str, str]]:
    """Requisitions then applicants, written raw; returns (year, title, department) per req."""
    from workbridge.bulk import bulk_insert, next_id, reset_sequences
    from workbridge.equity.models import Applicant, Requisition

    first_req = next_id(Requisition)
    keys = []
    rows = []
    for y in range(years):
        for t in range(titles):
            for _r in range(REQUISITIONS_PER_TITLE):
                pk = first_req + len(rows)
                title = f"Job title {t:03d}"
                department = f"Department {t % DEPARTMENTS:02d}"
                keys.append((FIRST_YEAR + y, title, department))
                rows.append(
                    (pk, organisation.pk, f"R{pk}", department, title, "", FIRST_YEAR + y, "[]")
                )
    fields = [
        "id",
        "organisation",
        "external_id",
        "department",
        "job_title",
        "eeo4_category",
        "year",
        "source_channels",
    ]
    bulk_insert(Requisition, fields, rows)
    reset_sequences(Requisition)

    applicant_fields = [
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
    n = len(data["race"])
    org = organisation.pk
    for start in range(0, n, CHUNK):
        end = min(n, start + CHUNK)
        req = (data["requisition"][start:end] + first_req).tolist()
        race = data["race"][start:end].tolist()
        sex = data["sex"][start:end].tolist()
        reached = data["reached"][start:end].tolist()
        withdrew = data["withdrew"][start:end].tolist()
        chunk = [
            (
                org,
                req[i],
                f"A{start + i}",
                "[]",
                "",
                False,
                RACES[race[i]],
                SEXES[sex[i]],
                "",
                "",
                "",
                "",
                reached[i],
                withdrew[i],
                "{}",
            )
            for i in range(end - start)
        ]
        with transaction.atomic():
            bulk_insert(Applicant, applicant_fields, chunk)
    return keys


def _pandas_counts(frame, stages: tuple[str, ...]):
    """People considered and selected per year × title × step × group, with pandas."""
    from workbridge.equity import queries

    sizes = frame.groupby(
        ["year", "title", "race", "sex", "reached", "withdrew"], observed=True
    ).size()
    gone = sizes[sizes.index.get_level_values("withdrew").to_numpy(dtype=bool)]
    columns = range(len(stages))
    out = {}
    for by in ("race", "sex"):
        levels = ["year", "title", by, "reached"]
        ended = (
            sizes.groupby(level=levels, observed=True)
            .sum()
            .unstack("reached", fill_value=0)
            .reindex(columns=columns, fill_value=0)
        )
        withdrew = (
            gone.groupby(level=levels, observed=True)
            .sum()
            .unstack("reached", fill_value=0)
            .reindex(index=ended.index, columns=columns, fill_value=0)
        )
        e_values, w_values = ended.to_numpy(), withdrew.to_numpy()
        for step in queries.steps_for(stages):
            considered, selected = queries.step_arrays(e_values, w_values, step)
            out[(by, step.start, step.end)] = (ended.index, considered, selected)
    return out


def _pandas_frame(data, keys):
    import pandas as pd

    req = data["requisition"]
    years = np.array([k[0] for k in keys])[req]
    titles = np.array([k[1] for k in keys])[req]
    return pd.DataFrame(
        {
            "year": years,
            "title": pd.Categorical(titles),
            "race": pd.Categorical.from_codes(data["race"], RACES),
            "sex": pd.Categorical.from_codes(data["sex"], [s or "(blank)" for s in SEXES]),
            "reached": data["reached"],
            "withdrew": data["withdrew"],
        }
    )


def _our_counts(organisation, stages, steps):
    """The same counts from the summary: names, considered and selected per cell × group."""
    from workbridge.equity import queries

    tables = queries.title_tables(organisation, stages)
    return tables, {
        (by, s.start, s.end): queries.cell_step_arrays(tables, s, by)
        for by in ("race", "sex")
        for s in steps
    }


def _full_report(organisation, stages) -> int:
    """Every count and every test, as the full report makes them; returns how many
    findings there are."""
    from workbridge.equity import queries
    from workbridge.equity.impact import findings_from_tables

    tables = queries.title_tables(organisation, stages)
    return sum(len(findings_from_tables(tables, by=by)) for by in ("race", "sex"))


def _check_equal(pandas_counts, tables, ours) -> None:
    """Our counts and pandas' agree on every (year, title, step, group)."""
    cell_at = {cell: i for i, cell in enumerate(tables.cells)}
    for key, (index, considered, selected) in pandas_counts.items():
        names, our_considered, our_selected = ours[key]
        group_at = {name: j for j, name in enumerate(names)}
        for (year, title, group), c, s in zip(
            index, considered.tolist(), selected.tolist(), strict=True
        ):
            i, j = cell_at[(year, title)], group_at[group]
            found = (int(our_considered[i, j]), int(our_selected[i, j]))
            if found != (c, s):
                raise AssertionError(f"{key} {year} {title} {group}: {found} != {(c, s)}")
        if int(our_considered.sum()) != int(considered.sum()):
            raise AssertionError(f"{key}: {our_considered.sum()} != {considered.sum()} considered")


def _median_cpu_ms(fn, *, repeat: int) -> float:
    """The median CPU time of this process for ``fn``, in ms: a check on a loaded machine."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from django.core.management import call_command

    from workbridge.accounts.models import Organisation
    from workbridge.equity import queries
    from workbridge.equity.impact import impact_report
    from workbridge.equity.services import equity_settings_for, flow_counts_refresh

    scale = dict(QUICK if quick else FULL)
    if participants:
        scale["applicants"] = participants
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="City of Bench", slug="bench-city")
    stages = tuple(equity_settings_for(organisation).stages)
    steps = queries.steps_for(stages)
    rng = np.random.default_rng(SEED)
    data = _applicant_arrays(scale["applicants"], scale["years"], scale["titles"], rng)
    records = int((data["reached"] + 1).sum())

    started = time.perf_counter()
    keys = _seed(organisation, data, scale["years"], scale["titles"])
    seed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    summary_rows = flow_counts_refresh(organisation=organisation)
    refresh_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def label(name: str) -> str:
        return f"{name} ({engine})"

    frame = _pandas_frame(data, keys)
    repeat = 3 if not quick else 5
    pandas_ms = median_ms(lambda: _pandas_counts(frame, stages), repeat=repeat, warmup=1)
    pandas_counts = _pandas_counts(frame, stages)
    tables, ours = _our_counts(organisation, stages, steps)
    _check_equal(pandas_counts, tables, ours)
    counts_ms = median_ms(lambda: _our_counts(organisation, stages, steps), repeat=repeat, warmup=1)
    report_ms = median_ms(lambda: _full_report(organisation, stages), repeat=repeat, warmup=1)
    findings = _full_report(organisation, stages)

    pandas_cpu = _median_cpu_ms(lambda: _pandas_counts(frame, stages), repeat=repeat)
    counts_cpu = _median_cpu_ms(lambda: _our_counts(organisation, stages, steps), repeat=repeat)

    year, title = FIRST_YEAR + scale["years"] - 1, "Job title 007"
    filters = queries.FlowFilters(year=year, job_title=title)
    title_ms = median_ms(
        lambda: impact_report(organisation, filters=filters, by="race"), repeat=30, warmup=3
    )

    analyses = len(tables.cells) * len(steps) * 2
    return [
        informational(
            label(f"seed {scale['applicants']:,} applicants, {records:,} stage records"),
            seed_seconds,
            "s",
        ),
        informational(
            label(f"flow_counts_refresh: {summary_rows:,} summary rows"), refresh_seconds, "s"
        ),
        informational(
            label(f"pandas counts, {len(tables.cells):,} year × title cells"),
            pandas_ms,
            "ms",
            note="baseline",
        ),
        against_baseline(
            label("counts from the summary, every year × title × step × race, sex"),
            counts_ms,
            "ms",
            baseline=pandas_ms,
            max_ratio=1 / MIN_SPEED_UP,
            baseline_name="pandas",
        ),
        against_baseline(
            label(f"full report with tests ({analyses:,} analyses, {findings:,} findings)"),
            report_ms,
            "ms",
            baseline=pandas_ms,
            max_ratio=1 / MIN_SPEED_UP,
            baseline_name="pandas",
        ),
        informational(label("pandas counts, CPU time"), pandas_cpu, "ms", note="this process"),
        informational(
            label("counts from the summary, CPU time"),
            counts_cpu,
            "ms",
            note="this process (PostgreSQL's own work not included)",
        ),
        at_most(
            label("one job title's report, one year, every step (query and tests)"),
            title_ms,
            "ms",
            limit=TITLE_REPORT_MS,
        ),
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_equity_report", *sys.argv[1:]]))
