"""Loading a checked applicant-flow file in one transaction.

Requisitions go through the ORM (there are few); applicants in bulk (``COPY`` on
PostgreSQL, one ``executemany`` on SQLite). Applicants of requisitions new to this import
go straight to their table; the others go through a temporary table first, so that one
statement can tell which rows are new, which changed and which are the same, and only the
first two are written. Importing the same file again therefore changes nothing and says
"unchanged". The flow counts the reports read are recounted at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.bulk import (
    bulk_insert,
    delete_set_based,
    references_unchecked,
    refresh_statistics,
)
from workbridge.core.applicant_import import (
    APPLICANT_COLUMNS,
    NUMBERED_PREFIX,
    ApplicantFileReader,
    RequisitionRow,
)
from workbridge.equity.candidates.notices import stage_notices_queue
from workbridge.equity.imports.rows import (
    CheckResult,
    ImportRefused,
    import_lookups,
    open_stored,
    problem_text,
)
from workbridge.equity.models import Applicant, ImportRun, Requisition
from workbridge.equity.services import flow_counts_refresh

CHUNK_ROWS = 50_000
# From this many rows, PostgreSQL loads without foreign keys and plain indexes, and checks
# and builds them once after.
SUSPEND_CHECKS_FROM = 100_000
STAGE_TABLE = "equity_import_stage"
PERSONAL_FIELDS = (
    "race_categories",
    "race_detail",
    "eeo_category",
    "sex",
    "veteran",
    "disability",
    "home_zip",
    "heard_about",
    "stage_dates",
)
_REQUISITION_VALUES = (
    "department",
    "job_title",
    "eeo4_category",
    "salary_min",
    "salary_max",
    "posting_date",
    "year",
    "source_channels",
)
# Applicant table columns in the order rows are written (see APPLICANT_COLUMNS).
_LOAD_FIELDS = (
    "organisation",
    "requisition",
    *APPLICANT_COLUMNS[1:10],
    "community_area",
    "heard_about",
    "job_fair",
    "reached",
    "withdrew",
    "stage_dates",
    "import_run",
)
# The staged columns compared with the stored applicant to tell "changed" from "same":
# every loaded column but the requisition and the applicant's own id.
_COMPARED = APPLICANT_COLUMNS[2:]


def _requisitions_upsert(
    organisation: Organisation, wanted: Mapping[str, RequisitionRow], run: ImportRun | None
) -> tuple[dict[str, int], set[int], Counter, bool]:
    """Create and update the file's requisitions: (id by external id, ids created, counts,
    whether a year, department or title changed)."""
    known = Requisition.objects.filter(organisation=organisation)
    if len(wanted) <= 5_000:  # beyond, a list of ids would pass SQLite's parameter limit
        known = known.filter(external_id__in=wanted)
    existing = {r.external_id: r for r in known if r.external_id in wanted}
    counts: Counter = Counter()
    created: list[Requisition] = []
    updated: list[Requisition] = []
    regrouped = False
    for external_id, row in wanted.items():
        values = {name: getattr(row, name) for name in _REQUISITION_VALUES}
        found = existing.get(external_id)
        if found is None:
            created.append(
                Requisition(
                    organisation=organisation, external_id=external_id, import_run=run, **values
                )
            )
            continue
        changed = [name for name, value in values.items() if getattr(found, name) != value]
        if not changed:
            counts["unchanged"] += 1
            continue
        if {"year", "department", "job_title"} & set(changed):
            regrouped = True
        for name in changed:
            setattr(found, name, values[name])
        found.import_run = run
        updated.append(found)
    Requisition.objects.bulk_create(created, batch_size=2_000)
    Requisition.objects.bulk_update(updated, [*_REQUISITION_VALUES, "import_run"], batch_size=500)
    counts["created"] = len(created)
    counts["updated"] = len(updated)
    ids = {r.external_id: r.pk for r in existing.values()} | {r.external_id: r.pk for r in created}
    return ids, {r.pk for r in created}, counts, regrouped


def _numbered_applicants_remove(req_ids: Mapping[str, int], organisation_id: int) -> set[int]:
    """Remove the applicants an earlier file without applicant ids gave these requisitions,
    with everything that depends on them (contacts, stage notices, exam results), so that
    importing such a file again replaces them; returns the requisitions emptied.

    Set-based, inside the import's transaction: an ORM delete fetched and deleted every
    applicant and dependent by id (about 44 s for 20,000 rows).
    """
    ids = list(req_ids.values())
    chunks = [ids[start : start + 5_000] for start in range(0, len(ids), 5_000)]
    numbered = Applicant.objects.filter(
        organisation_id=organisation_id, external_id__startswith=NUMBERED_PREFIX
    )
    found: Counter = Counter()
    for chunk in chunks:
        counted = numbered.filter(requisition_id__in=chunk).values("requisition_id")
        found.update(dict(counted.annotate(n=Count("id")).values_list("requisition_id", "n")))
    with references_unchecked(Applicant, found.total()):
        for chunk in chunks:
            delete_set_based(numbered.filter(requisition_id__in=chunk), organisation_id)
    return set(found)


def _stage_table_create() -> None:
    postgres = connection.vendor == "postgresql"
    json_type = "jsonb" if postgres else "text"
    boolean = "boolean" if postgres else "integer"
    big = "bigint" if postgres else "integer"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGE_TABLE} ("
            f"requisition_id {big} NOT NULL, external_id varchar(64) NOT NULL, "
            f"race_categories {json_type}, race_detail varchar(200), race_prefer_not {boolean}, "
            "eeo_category varchar(16), sex varchar(16), veteran varchar(16), "
            f"disability varchar(16), home_zip varchar(5), community_area_id {big}, "
            f"heard_about varchar(120), job_fair_id {big}, reached integer, withdrew {boolean}, "
            f"stage_dates {json_type}, existing_id {big}, changed {boolean})"
        )


def _stage_table_write(rows: list[tuple]) -> None:
    columns = ", ".join(("requisition_id", *APPLICANT_COLUMNS[1:10], *_COMPARED[8:]))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {STAGE_TABLE} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * 16)
            cursor.executemany(f"INSERT INTO {STAGE_TABLE} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _stage_table_merge(organisation_id: int, run_id: int | None) -> tuple[dict, set[int]]:
    """Write the staged applicants that are new or changed; (counts by year, requisitions
    touched)."""
    postgres = connection.vendor == "postgresql"
    differs = " IS DISTINCT FROM " if postgres else " IS NOT "
    table = Applicant._meta.db_table
    requisitions = Requisition._meta.db_table
    by_year: dict[int, Counter] = {}
    touched: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX {STAGE_TABLE}_key ON {STAGE_TABLE} (requisition_id, external_id)"
        )
        if postgres:
            cursor.execute(f"ANALYZE {STAGE_TABLE}")
        change = " OR ".join(f"a.{c}{differs}s.{c}" for c in _COMPARED)
        cursor.execute(
            f"UPDATE {STAGE_TABLE} AS s SET existing_id = a.id, "  # noqa: S608
            f"changed = (CASE WHEN {change} THEN %s ELSE %s END) "
            f"FROM {table} AS a "
            "WHERE a.requisition_id = s.requisition_id AND a.external_id = s.external_id",
            [True, False],
        )
        cursor.execute(
            f"SELECT r.year, "  # noqa: S608
            "SUM(CASE WHEN s.existing_id IS NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN s.existing_id IS NOT NULL AND s.changed = %s THEN 1 ELSE 0 END), "
            "COUNT(*) "
            f"FROM {STAGE_TABLE} AS s JOIN {requisitions} AS r ON r.id = s.requisition_id "
            "GROUP BY r.year",
            [True],
        )
        for year, created, updated, total in cursor.fetchall():
            by_year[int(year)] = Counter(
                created=int(created), updated=int(updated), unchanged=int(total - created - updated)
            )
        cursor.execute(
            f"SELECT DISTINCT requisition_id FROM {STAGE_TABLE} "  # noqa: S608
            "WHERE existing_id IS NULL OR changed = %s",
            [True],
        )
        touched = {row[0] for row in cursor.fetchall()}
        if touched:
            staged = ", ".join(("requisition_id", *APPLICANT_COLUMNS[1:10], *_COMPARED[8:]))
            cursor.execute(
                f"INSERT INTO {table} (organisation_id, {staged}, import_run_id) "  # noqa: S608
                f"SELECT %s, {staged}, %s FROM {STAGE_TABLE} WHERE existing_id IS NULL",
                [organisation_id, run_id],
            )
            assignments = ", ".join(f"{c} = s.{c}" for c in _COMPARED)
            cursor.execute(
                f"UPDATE {table} SET {assignments}, import_run_id = %s "  # noqa: S608
                f"FROM {STAGE_TABLE} AS s WHERE s.existing_id = {table}.id AND s.changed = %s",
                [run_id, True],
            )
        cursor.execute(f"DROP TABLE {STAGE_TABLE}")
    return by_year, touched


def _checks_suspend(rows: int) -> list[tuple[str, str]]:
    """On PostgreSQL, drop the applicant table's foreign keys and plain indexes before a
    large load; returns the SQL that puts them back (``_checks_restore``).

    PostgreSQL checks a foreign key row by row (at commit, as Django's are deferred) and
    updates every index row by row; adding a constraint back checks the whole table in
    one join, and building an index sorts once, which is far cheaper when the load is
    large next to the table (the usual advice for populating a database). The unique
    index that matches applicants stays. The table is locked until the transaction ends.
    Nothing is done for a small load, on SQLite, or when the user may not alter the table.
    """
    if connection.vendor != "postgresql" or rows < SUSPEND_CHECKS_FROM:
        return []
    table = Applicant._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        (existing,) = cursor.fetchone()
        if existing > rows * 4:
            return []
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary "
            "ORDER BY c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        drops = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, _d in constraints]
        drops += [f'DROP INDEX "{name}"' for name, _d in indexes]
        try:
            with transaction.atomic():
                # Checks still pending (the requisitions just written) must run before
                # the constraints they belong to can change.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for sql in drops:
                    cursor.execute(sql)
        except DatabaseError:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            return []
    restore = [definition for _name, definition in indexes]
    restore += [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for name, definition in constraints
    ]
    return [*restore, "SET CONSTRAINTS ALL DEFERRED"]


def _checks_restore(statements: list[str]) -> None:
    """Rebuild what ``_checks_suspend`` dropped, checking every row of the table."""
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@transaction.atomic
def applicant_import_apply(
    *, organisation: Organisation, check: CheckResult, by: User | None, run: ImportRun | None = None
) -> dict[str, Any]:
    """Write a checked file in one transaction; returns the summary of what changed.

    Requisitions and applicants are matched on their ids, so loading the same file again
    creates and updates nothing. Raises ImportRefused for a file with problems (or one that
    changed since it was checked: then nothing is written either).
    """
    if not check.ok:
        raise ImportRefused("The file has problems; it cannot be imported.")
    table = open_stored(check.stored_file, check.filename)
    lookups = import_lookups(organisation, check.stages, check.values)
    reader = ApplicantFileReader(table.headers, check.mapping, lookups, keep=1)
    reader.requisitions = dict(check.requisitions)
    req_ids, req_created, req_counts, regrouped = _requisitions_upsert(
        organisation, check.requisitions, run
    )
    if check.numbered:
        # Row numbers are no one's id: the file replaces its requisitions' applicants.
        req_created = req_created | _numbered_applicants_remove(req_ids, organisation.pk)
    run_id = run.pk if run else None
    org_id = organisation.pk
    direct: list[tuple] = []
    staged: list[tuple] = []
    direct_per_requisition: Counter = Counter()
    staging = False
    suspended = _checks_suspend(check.rows) if req_created else []
    if check.parsed is not None:
        checked_rows: Iterable[tuple] = check.parsed
        table.close()
    else:
        checked_rows = (values for _row, values in reader.applicants(iter(table)))
    for t in checked_rows:
        req = req_ids[t[0]]
        if req in req_created:
            direct.append((org_id, req, *t[1:], run_id))
            direct_per_requisition[req] += 1
            if len(direct) >= CHUNK_ROWS:
                bulk_insert(Applicant, _LOAD_FIELDS, direct)
                direct = []
        else:
            if not staging:
                _stage_table_create()
                staging = True
            staged.append((req, *t[1:]))
            if len(staged) >= CHUNK_ROWS:
                _stage_table_write(staged)
                staged = []
    if reader.problems_total:
        raise ImportRefused(str(problem_text(reader.problems[0])))
    if direct:
        bulk_insert(Applicant, _LOAD_FIELDS, direct)
    _checks_restore(suspended)
    by_year: dict[int, Counter] = {}
    touched: set[int] = set(req_created)
    if staging:
        if staged:
            _stage_table_write(staged)
        by_year, staged_touched = _stage_table_merge(org_id, run_id)
        touched |= staged_touched
    if check.rows >= SUSPEND_CHECKS_FROM and connection.vendor == "postgresql":
        # The planner's figures still describe the table before the load: with them it
        # would group a million new rows as if they were a few thousand, on disk.
        refresh_statistics(Applicant)
    # Candidates moved to a new stage are told, in batches once this commits.
    stage_notices_queue(organisation_id=org_id, run_id=run_id)
    year_of = {req_ids[ext]: row.year for ext, row in check.requisitions.items()}
    for req, n in direct_per_requisition.items():
        by_year.setdefault(year_of[req], Counter())["created"] += n
    # A changed salary or posting date leaves the counts alone; a changed year, department
    # or title moves applicants between count rows, so everything is recounted.
    if regrouped:
        flow_counts_refresh(organisation=organisation)
    elif touched:
        flow_counts_refresh(organisation=organisation, requisition_ids=touched)
    totals: Counter = Counter()
    for counts in by_year.values():
        totals.update(counts)
    summary = {
        "rows": check.rows,
        "requisitions_created": req_counts["created"],
        "requisitions_updated": req_counts["updated"],
        "requisitions_unchanged": req_counts["unchanged"],
        "applicants_created": totals["created"],
        "applicants_updated": totals["updated"],
        "applicants_unchanged": totals["unchanged"],
        "by_year": {
            str(year): {k: by_year[year][k] for k in ("created", "updated", "unchanged")}
            for year in sorted(by_year)
        },
    }
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=run,
        object_type="equity.import",
        fields=PERSONAL_FIELDS,
        detail=(
            f"{check.filename}: {summary['rows']} rows; requisitions "
            f"{summary['requisitions_created']} new, {summary['requisitions_updated']} updated; "
            f"applicants {summary['applicants_created']} new, "
            f"{summary['applicants_updated']} updated, "
            f"{summary['applicants_unchanged']} unchanged"
        ),
    )
    return summary
