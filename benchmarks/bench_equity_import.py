"""Importing 1,000,000 applicant rows from CSV, with full validation, against a raw bulk load.

The file is a typical applicant-tracking export (one row per applicant per requisition,
the requisition's columns repeated on every row: 2,000 requisitions of 500 applicants),
generated deterministically into ``var/bench/``. The baseline loads the same rows into
a plain table with the same columns (all text, no index, no check): ``COPY`` through
psycopg 3 on PostgreSQL, one ``executemany`` in one transaction on SQLite, each reading
the CSV with the standard library. The import is what the background task runs: every
row checked (choices, ZIP codes, dates, stages, repeated ids, requisitions that
disagree with themselves), then everything written in one transaction and the flow
counts recounted. Target: at most 10× the raw load. Importing the same file a second
time (everything "unchanged") is reported too, without a target.

Value mapping: the same rows coded the way real exports code them (race ``W``/``B``/
``H``/``A``, sex ``1``/``2``, the stage as a number, no applicant id so the row number
stands in, requisitions of their own) go through the whole mapped import: the
value-mapping step (every distinct code of the coded columns counted with the codes not
understood listed, ``import_unknown_values``), then the check and load with the
analyst's mapping. Target: that whole import within 10× the raw bulk load of the coded
file.
"""

import csv
import random
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

from benchmarks.harness import BENCH_DIR, Result, against_baseline, informational

FULL_ROWS = 1_000_000
QUICK_ROWS = 20_000
PER_REQUISITION = 500
MAX_RATIO = 10
SEED = 42

HEADER = [
    "requisition_id", "department", "job_title", "eeo4_category", "salary_min", "salary_max",
    "posting_date", "source_channels", "applicant_id", "race_ethnicity", "race_detail", "sex",
    "veteran", "disability", "home_zip", "heard_about", "job_fair", "stage_reached",
    "withdrew", "applied_date", "interviewed_date", "hired_date",
]  # fmt: skip
DEPARTMENTS = ["Water", "Streets", "Police", "Fire", "Health", "Finance", "Parks", "Fleet"]
CATEGORIES = ["professionals", "technicians", "protective", "admin_support", "skilled_craft"]
RACES = [
    ("Black or African American", 30),
    ("Hispanic or Latino", 28),
    ("White", 27),
    ("Asian", 7),
    ("Hispanic or Latino; White", 3),
    ("Black or African American; White", 2),
    ("Prefer not to say", 2),
    ("Middle Eastern or North African", 1),
]
SEXES = [("female", 48), ("male", 48), ("another", 1), ("prefer not to say", 3)]
STAGES = ["applied", "qualified", "screened", "interviewed", "offered", "hired"]
ZIPS = ["60609", "60617", "60619", "60620", "60623", "60629", "60632", "60636", "60644", "60651"]
ZIPS += ["60614", "60618", "60625", "60647", "60657", "46320", "60402", "60453"]
HEARD = ["City website", "Job fair", "Friend or family", "Indeed", "LinkedIn", "Community group"]


def csv_path(rows: int) -> Path:
    return BENCH_DIR / f"equity_applicants_{rows}.csv"


def generate_csv(rows: int) -> Path:
    """The same file for the same row count, every time."""
    path = csv_path(rows)
    if path.exists():
        return path
    rng = random.Random(SEED)
    races = rng.choices([r for r, _w in RACES], [w for _r, w in RACES], k=4096)
    sexes = rng.choices([s for s, _w in SEXES], [w for _s, w in SEXES], k=4096)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    start = date(2022, 1, 3)
    with open(partial, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        requisitions = max(1, rows // PER_REQUISITION)
        n = 0
        for r in range(requisitions):
            posted = start + timedelta(days=rng.randrange(3 * 365))
            low = 40_000 + 1_000 * rng.randrange(40)
            requisition = [
                f"R{r + 1:05d}",
                DEPARTMENTS[r % len(DEPARTMENTS)],
                f"Job title {r % 300:03d}",
                CATEGORIES[r % len(CATEGORIES)],
                str(low),
                str(low + 20_000),
                posted.isoformat(),
                "City website; Indeed" if r % 2 else "City website|Job fair",
            ]
            count = PER_REQUISITION if r < requisitions - 1 else rows - n
            for a in range(count):
                reached = min(5, int(rng.expovariate(0.9)))
                applied = posted + timedelta(days=rng.randrange(1, 30))
                writer.writerow(
                    [
                        *requisition,
                        f"P{n + 1:07d}",
                        races[(n * 7 + a) % 4096],
                        "",
                        sexes[(n * 13 + a) % 4096],
                        "yes" if n % 17 == 0 else "no",
                        "yes" if n % 23 == 0 else "no",
                        ZIPS[n % len(ZIPS)],
                        HEARD[n % len(HEARD)],
                        "",
                        STAGES[reached],
                        "yes" if reached < 5 and n % 11 == 0 else "no",
                        applied.isoformat(),
                        (applied + timedelta(days=20)).isoformat() if reached >= 3 else "",
                        (applied + timedelta(days=60)).isoformat() if reached == 5 else "",
                    ]
                )
                n += 1
    partial.replace(path)
    return path


# The analyst's mapping of the coded file's codes, as the value page would save it.
RACE_CODES = {
    "Black or African American": "B",
    "Hispanic or Latino": "H",
    "White": "W",
    "Asian": "A",
    "Hispanic or Latino; White": "H;W",
    "Black or African American; White": "B;W",
    "Prefer not to say": "D",
    "Middle Eastern or North African": "M",
}
SEX_CODES = {"female": "2", "male": "1", "another": "3", "prefer not to say": "9"}
CODED_VALUES = {
    "race_ethnicity": {
        "B": "black",
        "H": "hispanic",
        "W": "white",
        "A": "asian",
        "D": "prefer_not",
        "M": "mena",
    },
    "sex": {"2": "female", "1": "male", "3": "another", "9": "not_disclosed"},
    "stage_reached": {str(i): stage for i, stage in enumerate(STAGES)},
}
CODED_HEADER = [h for h in HEADER if h != "applicant_id"]


def coded_csv(rows: int) -> Path:
    """The benchmark file coded its own way, without applicant ids, with its own requisitions."""
    path = BENCH_DIR / f"equity_applicants_coded_{rows}.csv"
    if path.exists():
        return path
    source = generate_csv(rows)
    at = {name: i for i, name in enumerate(HEADER)}
    partial = path.with_suffix(".part")
    stage_code = {stage: str(i) for i, stage in enumerate(STAGES)}
    with (
        open(source, encoding="utf-8", newline="") as inp,
        open(partial, "w", encoding="utf-8", newline="") as out,
    ):
        reader = csv.reader(inp)
        writer = csv.writer(out, lineterminator="\n")
        next(reader)
        writer.writerow(CODED_HEADER)
        keep = [i for i, name in enumerate(HEADER) if name != "applicant_id"]
        for row in reader:
            row[at["requisition_id"]] = "C" + row[at["requisition_id"]]
            row[at["race_ethnicity"]] = RACE_CODES[row[at["race_ethnicity"]]]
            row[at["sex"]] = SEX_CODES[row[at["sex"]]]
            row[at["stage_reached"]] = stage_code[row[at["stage_reached"]]]
            writer.writerow([row[i] for i in keep])
    partial.replace(path)
    return path


def raw_load(path: Path, header: list[str] = HEADER) -> float:
    """Seconds to load the file into a plain table with the same columns."""
    columns = ", ".join(f"{name} text" for name in header)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_applicants")
        cursor.execute(f"CREATE TABLE bench_raw_applicants ({columns})")
        with open(path, encoding="utf-8", newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            if connection.vendor == "postgresql":
                sql = f"COPY bench_raw_applicants ({', '.join(header)}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in reader:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(header))
                cursor.executemany(f"INSERT INTO bench_raw_applicants VALUES ({marks})", reader)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_applicants")
    return seconds


def run(*, engine: str, quick: bool, participants: int | None = None) -> list[Result]:
    from django.core.files import File

    from workbridge.accounts.models import Organisation, Role
    from workbridge.accounts.services import user_create
    from workbridge.equity.imports.load import applicant_import_apply
    from workbridge.equity.imports.rows import applicant_import_check, import_unknown_values
    from workbridge.equity.models import Applicant, FlowCount
    from workbridge.web.uploads import IMPORTS, upload_delete, upload_save

    rows = participants or (QUICK_ROWS if quick else FULL_ROWS)
    call_command("migrate", verbosity=0, interactive=False)
    organisation = Organisation.objects.create(name="Southside Works", slug="southside")
    analyst = user_create(
        username="analyst",
        password=None,
        organisation=organisation,
        role=Role.ANALYST,
        first_name="Ana",
        last_name="Analyst",
    )
    started = time.perf_counter()
    path = generate_csv(rows)
    generate_seconds = time.perf_counter() - started
    mapping = {key: key for key in HEADER}

    def label(name: str) -> str:
        return f"{name} ({engine})"

    baseline = raw_load(path)
    with path.open("rb") as source:  # the import reads its file from the file store
        stored = upload_save(IMPORTS, File(source, name=path.name))

    def import_once() -> tuple[float, float, dict]:
        started = time.perf_counter()
        checked = applicant_import_check(
            organisation=organisation, stored_file=stored, filename=path.name, mapping=mapping
        )
        if not checked.ok:
            raise RuntimeError(f"the benchmark file has problems: {checked.problems[:3]}")
        check_seconds = time.perf_counter() - started
        summary = applicant_import_apply(organisation=organisation, check=checked, by=analyst)
        return check_seconds, time.perf_counter() - started, summary

    check_seconds, total_seconds, summary = import_once()
    if summary["applicants_created"] != rows or Applicant.objects.count() != rows:
        raise RuntimeError(f"expected {rows} applicants, the import says {summary}")
    flow_rows = FlowCount.objects.count()
    again_check, again_total, again = import_once()
    upload_delete(IMPORTS, stored)
    if again["applicants_unchanged"] != rows:
        raise RuntimeError(f"a second import changed something: {again}")

    # The same rows coded their own way, through the value-mapping step.
    coded = coded_csv(rows)
    coded_baseline = raw_load(coded, CODED_HEADER)
    with coded.open("rb") as source:
        coded_stored = upload_save(IMPORTS, File(source, name=coded.name))
    coded_mapping = {key: key for key in CODED_HEADER}

    def mapped_import_once() -> tuple[float, float, dict]:
        started = time.perf_counter()
        unknown = import_unknown_values(
            organisation=organisation,
            stored_file=coded_stored,
            filename=coded.name,
            mapping=coded_mapping,
        )
        if set(unknown) != {"race_ethnicity", "sex", "stage_reached"}:
            raise RuntimeError(f"the value step should list the codes: {unknown}")
        mapping_seconds = time.perf_counter() - started
        checked = applicant_import_check(
            organisation=organisation,
            stored_file=coded_stored,
            filename=coded.name,
            mapping=coded_mapping,
            values=CODED_VALUES,
        )
        if not checked.ok:
            raise RuntimeError(f"the coded file has problems: {checked.problems[:3]}")
        summary = applicant_import_apply(organisation=organisation, check=checked, by=analyst)
        return mapping_seconds, time.perf_counter() - started, summary

    mapping_seconds, mapped_total, mapped = mapped_import_once()
    if mapped["applicants_created"] != rows:
        raise RuntimeError(f"expected {rows} coded applicants, the import says {mapped}")
    _again_mapping, mapped_again_total, mapped_again = mapped_import_once()
    upload_delete(IMPORTS, coded_stored)
    if Applicant.objects.count() != 2 * rows:
        raise RuntimeError("importing the file without ids again added rows instead of replacing")
    return [
        informational(label(f"generate {rows:,}-row CSV"), generate_seconds, "s"),
        informational(
            label(f"raw bulk load of {rows:,} rows"),
            baseline,
            "s",
            note="baseline (COPY)"
            if connection.vendor == "postgresql"
            else "baseline (executemany)",
        ),
        informational(label("import: checking every row"), check_seconds, "s"),
        informational(
            label("import: writing in one transaction"), total_seconds - check_seconds, "s"
        ),
        against_baseline(
            label(f"import {rows:,} applicant rows, checked"),
            total_seconds,
            "s",
            baseline=baseline,
            max_ratio=MAX_RATIO,
            baseline_name="raw bulk load",
        ),
        informational(label("flow count rows after import"), flow_rows, "rows"),
        informational(
            label("import the same file again (all unchanged)"),
            again_total,
            "s",
            note=f"checking {again_check:.1f} s",
        ),
        informational(label(f"raw bulk load of {rows:,} coded rows"), coded_baseline, "s"),
        informational(label("value mapping: codes counted and listed"), mapping_seconds, "s"),
        against_baseline(
            label(f"import {rows:,} coded rows with value mapping, checked"),
            mapped_total,
            "s",
            baseline=coded_baseline,
            max_ratio=MAX_RATIO,
            baseline_name="raw bulk load",
        ),
        informational(
            label("import the coded file again (replaces its rows)"),
            mapped_again_total,
            "s",
            note=f"{mapped_again['applicants_created']:,} rows written again",
        ),
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.harness import main

    sys.exit(main(["--only", "bench_equity_import", *sys.argv[1:]]))
