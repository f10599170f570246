"""Importing applicant-flow exports: check every row, then load the whole file in one transaction.

A file holds one row per applicant per requisition (the usual applicant-tracking export).
``applicant_import_check`` streams it once and returns every problem with its row and
column; ``applicant_import_apply`` reads it again and writes it in one transaction:
requisitions through the ORM (there are few), applicants in bulk (``COPY`` on PostgreSQL,
one ``executemany`` on SQLite). Applicants of requisitions new to this import go straight
to their table; the others go through a temporary table first, so that one statement
can tell which rows are new, which changed and which are the same, and only the first
two are written. Importing the same file again therefore changes nothing and says
"unchanged". The flow counts the reports read are recounted at the end.

``import_run_*`` functions keep an ``ImportRun`` for the pages: the stored file, the
column mapping (also saved on the source for next time), progress and the summary;
``import_run_process`` is what the background task runs.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.bulk import bulk_insert
from workbridge.core import applicant_import as core
from workbridge.core.applicant_import import (
    APPLICANT_COLUMNS,
    ApplicantFileReader,
    FileProblem,
    Lookups,
    Problem,
    RequisitionRow,
    normalise,
    stage_date_field,
)
from workbridge.core.tabular import Column
from workbridge.equity.access import require_equity
from workbridge.equity.models import (
    Applicant,
    Eeo4JobCategory,
    ImportRun,
    ImportSource,
    ImportStatus,
    JobFair,
    Requisition,
)
from workbridge.equity.services import equity_settings_for, flow_counts_refresh
from workbridge.people.choices import RaceEthnicity, Sex, YesNoPreferNot
from workbridge.people.models import ZipCode
from workbridge.web.accepted_values import accepted_values_text, choice_labels
from workbridge.web.leases import worker_gone, worker_identity
from workbridge.web.upload_limits import FILE_PROBLEMS as SPREADSHEET_PROBLEMS
from workbridge.web.upload_limits import file_problem_text, spreadsheet_limits

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
CHUNK_ROWS = 50_000
# Up to this many checked rows stay in memory (about 400 bytes each) so that loading does
# not read the file a second time; a bigger file is read again.
KEEP_PARSED_ROWS = 2_000_000
# From this many rows, PostgreSQL loads without foreign keys and plain indexes, and checks
# and builds them once after.
SUSPEND_CHECKS_FROM = 100_000
PROGRESS_EVERY = 20_000
STAGE_TABLE = "equity_import_stage"

FIELD_LABELS: dict[str, Any] = {
    "requisition_id": _("Requisition id"),
    "department": _("Department"),
    "job_title": _("Job title"),
    "eeo4_category": _("EEO-4 job category"),
    "salary_min": _("Lowest annual salary"),
    "salary_max": _("Highest annual salary"),
    "posting_date": _("Posting date"),
    "year": _("Report year"),
    "source_channels": _("Where it was posted"),
    "applicant_id": _("Applicant id"),
    "race_ethnicity": _("Race and ethnicity"),
    "race_detail": _("Detailed race or ethnicity"),
    "sex": _("Sex"),
    "veteran": _("Veteran"),
    "disability": _("Disability"),
    "home_zip": _("Home ZIP code"),
    "heard_about": _("How they heard about the job"),
    "job_fair": _("Job fair"),
    "stage_reached": _("Furthest stage reached"),
    "withdrew": _("Withdrew"),
}
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "requisition_id": (
        "requisition",
        "req id",
        "req number",
        "requisition number",
        "job requisition id",
    ),
    "department": ("dept", "agency"),
    "job_title": ("title", "position", "position title"),
    "eeo4_category": ("eeo4", "eeo-4 category", "job category"),
    "salary_min": ("salary minimum", "min salary", "pay min"),
    "salary_max": ("salary maximum", "max salary", "pay max"),
    "posting_date": ("posted", "posted on", "date posted", "open date"),
    "year": ("report year", "fiscal year"),
    "source_channels": ("sources", "source", "channels", "posted on sites"),
    "applicant_id": ("applicant", "candidate id", "person id"),
    "race_ethnicity": ("race", "race/ethnicity", "ethnicity", "race ethnicity"),
    "race_detail": ("race details", "detailed race"),
    "sex": ("gender", "sex/gender"),
    "veteran": ("veteran status", "protected veteran"),
    "disability": ("disability status",),
    "home_zip": ("zip", "zip code", "home zip code", "postal code"),
    "heard_about": ("referral source", "how did you hear about us", "heard about us"),
    "job_fair": ("hiring event", "event"),
    "stage_reached": ("stage", "furthest stage", "status", "disposition stage"),
    "withdrew": ("withdrawn", "withdrawal", "candidate withdrew"),
}
EEO4_NUMBERS = {
    "1": "officials",
    "2": "professionals",
    "3": "technicians",
    "4": "protective",
    "5": "paraprofessionals",
    "6": "admin_support",
    "7": "skilled_craft",
    "8": "service_maintenance",
}
RACE_ALIASES = {
    "africanamerican": "black",
    "black": "black",
    "latino": "hispanic",
    "latina": "hispanic",
    "latinx": "hispanic",
    "hispanic": "hispanic",
    "nativeamerican": "aian",
    "americanindian": "aian",
    "alaskanative": "aian",
    "pacificislander": "nhpi",
    "nativehawaiian": "nhpi",
    "middleeastern": "mena",
    "northafrican": "mena",
}
SEX_ALIASES = {
    "f": "female",
    "woman": "female",
    "m": "male",
    "man": "male",
    "nonbinary": "another",
    "x": "another",
    "declined": "prefer_not",
    "prefernottoanswer": "prefer_not",
    "prefernottosay": "prefer_not",
}
YES_NO_ALIASES = {
    "y": "yes",
    "true": "yes",
    "n": "no",
    "false": "no",
    "declined": "prefer_not",
    "prefernottoanswer": "prefer_not",
    "prefernottosay": "prefer_not",
}

FILE_PROBLEMS = {
    **SPREADSHEET_PROBLEMS,
    "damaged": _("The file cannot be read. Save it again as .xlsx or as UTF-8 .csv."),
    "missing": _("The uploaded file is no longer stored. Upload it again."),
}
PROBLEM_MESSAGES = {
    "choose_column": _("Choose the column for “%(field)s”."),
    "required": _("This value is required."),
    "too_long": _("This value is longer than %(max)s characters."),
    "not_choice": _("“%(value)s” is not one of the accepted values: %(choices)s."),
    "not_race": _(
        "“%(value)s” is not a race or ethnicity category (OMB SPD 15): give one or more of "
        "the seven categories separated by “;”, or “prefer not to say”."
    ),
    "race_and_prefer_not": _("“Prefer not to say” cannot be combined with a category."),
    "not_zip": _("“%(value)s” is not a five-digit ZIP code."),
    "unknown_job_fair": _("There is no job fair named “%(value)s”; add it first."),
    "not_stage": _("“%(value)s” is not a stage; the stages are: %(stages)s."),
    "not_yes_no": _("“%(value)s” is not yes or no."),
    "not_date": _("“%(value)s” is not a date (use YYYY-MM-DD or MM/DD/YYYY)."),
    "date_after_reached": _("A date is given for “%(stage)s”, a stage this person did not reach."),
    "not_number": _("“%(value)s” is not a number."),
    "not_salary": _("“%(value)s” is not an annual salary."),
    "salary_below_min": _("The highest salary is below the lowest."),
    "not_year": _("“%(value)s” is not a year."),
    "year_needed": _("Give the posting date or the report year."),
    "requisition_differs": _(
        "Requisition %(requisition)s says “%(value)s” here but “%(other_value)s” on row "
        "%(other_row)s."
    ),
    "repeated_applicant": _(
        "Applicant %(value)s is also on row %(other_row)s for the same requisition."
    ),
    "changed_while_loading": _("The file changed after it was checked; check it again."),
}
# The choices a column accepts, so a problem names their labels in the page's language.
CHOICE_SETS = (Sex, YesNoPreferNot, Eeo4JobCategory)
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


class ImportRefused(ValueError):
    """A file that cannot be loaded as it is."""


# Fields and lookups -------------------------------------------------------------


def import_columns(stages: Sequence[str]) -> list[Column]:
    """The fields a file may fill, with their labels and usual headings, stage dates last."""
    columns = [
        Column(
            key,
            str(FIELD_LABELS[key]),
            required=key in core.REQUIRED_FIELDS,
            aliases=FIELD_ALIASES.get(key, ()),
        )
        for key in core.FIELDS
    ]
    for stage in stages:
        key = stage_date_field(stage)
        label = _("Date reached: %(stage)s") % {"stage": stage}
        columns.append(Column(key, str(label), aliases=(f"{stage} date", f"date {stage}")))
    return columns


def field_label(key: str) -> str:
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    return key


def _labels(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """normalise(key or label, in English and Spanish) -> key."""
    found: dict[str, str] = {}
    for key, label in choices:
        found[normalise(key)] = key
        for language in ("en", "es"):
            with translation.override(language):
                found.setdefault(normalise(str(label)), key)
    return found


def import_lookups(organisation: Organisation, stages: Sequence[str]) -> Lookups:
    """The organisation's stage list, choices, job fairs and Chicago ZIP codes, precompiled."""
    fairs: dict[str, int] = {}
    for pk, name in JobFair.objects.filter(organisation=organisation).values_list("pk", "name"):
        fairs.setdefault(normalise(name), pk)
    eeo4 = _labels(Eeo4JobCategory.choices)
    eeo4 |= {normalise(k): v for k, v in EEO4_NUMBERS.items()}
    return Lookups(
        stages=list(stages),
        races=_labels(RaceEthnicity.choices) | RACE_ALIASES,
        sexes=_labels(Sex.choices) | SEX_ALIASES,
        yes_no_prefer_not=_labels(YesNoPreferNot.choices) | YES_NO_ALIASES,
        eeo4_categories=eeo4,
        job_fairs=fairs,
        zip_areas=dict(ZipCode.objects.values_list("zip", "community_area_id")),
    )


def problem_text(problem: Mapping[str, Any] | Problem) -> str:
    """A problem as a sentence in the current language."""
    if isinstance(problem, Problem):
        code, params = problem.code, dict(problem.params)
    else:
        code, params = problem.get("code", ""), dict(problem.get("params") or {})
    if code in FILE_PROBLEMS:
        return file_problem_text(code, params, FILE_PROBLEMS)
    template = PROBLEM_MESSAGES.get(code)
    if template is None:
        return str(problem.get("message", code)) if isinstance(problem, Mapping) else code
    if "field" in params:
        params["field"] = field_label(params["field"])
    if code == "not_choice":
        if "choices" not in params:  # a problem kept before the accepted values were
            return str(_("“%(value)s” is not one of the accepted values.")) % params
        params["choices"] = accepted_values_text(choice_labels(params["choices"], CHOICE_SETS))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


# Checking -----------------------------------------------------------------------


@dataclass
class CheckResult:
    """What checking a file found: its rows, its requisitions, and every problem (the first
    ones kept)."""

    path: Path
    filename: str
    mapping: dict[str, str]
    stages: list[str]
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    requisitions: dict[str, RequisitionRow] = field(default_factory=dict)
    # The rows ready to load, when the file was small enough to keep them from the check.
    parsed: list[tuple] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.problems_total == 0


def import_headers(path: Path, filename: str) -> list[str]:
    """The column headings of a stored file; FileProblem when it cannot be read."""
    if not path.is_file():
        raise FileProblem("missing")
    headers, rows = core.table_rows(path, filename, limits=spreadsheet_limits(applicant_flow=True))
    rows.close()
    return headers


def applicant_import_check(
    *,
    organisation: Organisation,
    path: Path,
    filename: str,
    mapping: Mapping[str, str],
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """Read the whole file once and find every problem; nothing is written."""
    stages = list(equity_settings_for(organisation).stages)
    result = CheckResult(path=Path(path), filename=filename, mapping=dict(mapping), stages=stages)
    try:
        if not result.path.is_file():
            raise FileProblem("missing")
        headers, rows = core.table_rows(
            result.path, filename, limits=spreadsheet_limits(applicant_flow=True)
        )
        reader = ApplicantFileReader(headers, mapping, import_lookups(organisation, stages))
        result.parsed = core.check_file(reader, rows, progress=progress, keep_rows=KEEP_PARSED_ROWS)
        result.rows = reader.rows_read
    except FileProblem as exc:
        result.problems = [Problem(1, "", exc.code, exc.params)]
        result.problems_total = 1
        return result
    result.problems = reader.problems
    result.problems_total = reader.problems_total
    result.requisitions = reader.requisitions
    if not result.rows and not result.problems_total:
        result.problems = [Problem(1, "", "empty")]
        result.problems_total = 1
    return result


# Loading ------------------------------------------------------------------------

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
# The staged columns compared with the stored applicant to tell "changed" from "same".
_COMPARED = (
    "race_categories",
    "race_detail",
    "race_prefer_not",
    "eeo_category",
    "sex",
    "veteran",
    "disability",
    "home_zip",
    "community_area_id",
    "heard_about",
    "job_fair_id",
    "reached",
    "withdrew",
    "stage_dates",
)


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
    headers, rows = core.table_rows(
        check.path, check.filename, limits=spreadsheet_limits(applicant_flow=True)
    )
    reader = ApplicantFileReader(
        headers, check.mapping, import_lookups(organisation, check.stages), keep=1
    )
    reader.requisitions = dict(check.requisitions)
    req_ids, req_created, req_counts, regrouped = _requisitions_upsert(
        organisation, check.requisitions, run
    )
    run_id = run.pk if run else None
    org_id = organisation.pk
    direct: list[tuple] = []
    staged: list[tuple] = []
    direct_per_requisition: Counter = Counter()
    staging = False
    suspended = _checks_suspend(check.rows) if req_created else []
    if check.parsed is not None:
        checked_rows: Iterable[tuple] = check.parsed
        rows.close()
    else:
        checked_rows = (values for _row, values in reader.applicants(rows))
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


# Runs: the stored file, the mapping, the background work ------------------------


# An uploaded file holds applicants' answers, so it is kept only while it may be needed:
# a loaded file is removed at once; the file of an import left unfinished (its columns
# never matched, or refused and not tried again) is removed after this many days; a file
# no import names (left by a crash) after a day.
KEEP_UNFINISHED_DAYS = 7
KEEP_UNNAMED = timedelta(days=1)


def import_dir() -> Path:
    """Where uploaded files are kept until they are imported (never in the database)."""
    return Path(settings.VAR_DIR) / "imports"


def import_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the stored files no import needs any more; returns how many were removed.

    Runs whenever an import starts or finishes. An import whose file is gone says so
    and asks for the file again (FILE_PROBLEMS["missing"]).
    """
    directory = import_dir()
    if not directory.is_dir():
        return 0
    now = now or timezone.now()
    stale = (
        ImportRun.objects.exclude(stored_file="")
        .exclude(status__in=(ImportStatus.CHECKING, ImportStatus.LOADING))
        .filter(
            Q(status=ImportStatus.DONE)
            | Q(created_at__lt=now - timedelta(days=KEEP_UNFINISHED_DAYS))
        )
    )
    removed = 0
    for pk, stored in list(stale.values_list("pk", "stored_file")):
        removed += _remove(directory / stored)
        ImportRun.objects.filter(pk=pk).update(stored_file="")
    named = set(ImportRun.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    cutoff = (now - KEEP_UNNAMED).timestamp()
    for path in directory.iterdir():
        if path.is_file() and path.name not in named and path.stat().st_mtime < cutoff:
            removed += _remove(path)
    return removed


def _remove(path: Path) -> int:
    if not path.is_file():
        return 0
    path.unlink(missing_ok=True)
    return 1


def import_run_path(run: ImportRun) -> Path:
    return import_dir() / run.stored_file


def import_run_start(
    *, by: User, upload: UploadedFile, source: ImportSource | None = None, source_name: str = ""
) -> ImportRun:
    """Store an uploaded file and open an import for it (the columns are matched next)."""
    organisation = require_equity(by)
    if source is not None and source.organisation_id != organisation.pk:
        raise ImportRefused("That source belongs to another organisation.")
    name = (source_name or "").strip()[:120]
    if source is None and name:
        source, _made = ImportSource.objects.get_or_create(organisation=organisation, name=name)
    filename = Path(upload.name or "upload.csv").name[:255]
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise FileProblem("file_type")
    import_files_sweep()
    directory = import_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{suffix}"
    with open(directory / stored, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return ImportRun.objects.create(
        organisation=organisation,
        source=source,
        filename=filename,
        stored_file=stored,
        created_by=by,
    )


def import_run_discard(run: ImportRun) -> None:
    """Forget an upload that cannot be read: its stored file and its run."""
    if run.stored_file:
        import_run_path(run).unlink(missing_ok=True)
    run.delete()


@transaction.atomic
def import_run_queue(*, run: ImportRun, mapping: Mapping[str, str], by: User) -> ImportRun:
    """Save the column mapping (on the run and on its source, for next time) and queue the
    check and load in the background."""
    from workbridge.equity.tasks import import_run_execute

    organisation = require_equity(by)
    if run.organisation_id != organisation.pk:
        raise ImportRefused("That import belongs to another organisation.")
    clean = {k: v for k, v in mapping.items() if v}
    run.mapping = clean
    run.status = ImportStatus.WAITING
    run.rows_done = 0
    run.problems = []
    run.problems_total = 0
    run.summary = {}
    run.worker = ""
    run.heartbeat_at = timezone.now()
    run.save(
        update_fields=[
            *("mapping", "status", "rows_done", "problems", "problems_total", "summary"),
            *("worker", "heartbeat_at"),
        ]
    )
    if run.source is not None:
        run.source.mapping = clean
        run.source.save(update_fields=["mapping", "updated_at"])
    transaction.on_commit(lambda: import_run_execute.enqueue(run.pk))
    return run


def _progress_saver(run_id: int) -> Callable[[int], None]:
    def save(done: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_done=done, heartbeat_at=timezone.now())

    return save


UNDER_WAY = (ImportStatus.WAITING, ImportStatus.CHECKING, ImportStatus.LOADING)
STOPPED = "The import stopped before it finished. Nothing was saved. You can try again."


def import_runs_stale_fail(*, now: datetime | None = None, run_id: int | None = None) -> int:
    """Mark runs under way whose worker has stopped as failed; returns how many.

    Their file is kept (see import_files_sweep), so they can be queued again.
    """
    now = now or timezone.now()
    runs = ImportRun.objects.filter(status__in=UNDER_WAY)
    if run_id is not None:
        runs = runs.filter(pk=run_id)
    stale = [
        pk
        for pk, worker, beat in runs.values_list("pk", "worker", "heartbeat_at")
        if worker_gone(worker, beat, now=now)
    ]
    return ImportRun.objects.filter(pk__in=stale, status__in=UNDER_WAY).update(
        status=ImportStatus.FAILED,
        summary={"error": STOPPED, "stopped": True},
        finished_at=now,
    )


def import_run_process(run_id: int) -> ImportRun:
    """Check the run's file and, when it has no problem, load it: what the task runs."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportStatus.WAITING).update(
        status=ImportStatus.CHECKING, worker=worker_identity(), heartbeat_at=timezone.now()
    )
    run = ImportRun.objects.select_related("organisation", "created_by").get(pk=run_id)
    if not claimed:  # another worker took it, or it stopped and is no longer waiting
        return run
    organisation = run.organisation
    path = import_run_path(run)
    limits = spreadsheet_limits(applicant_flow=True)
    total = core.estimate_rows(path, run.filename, limits=limits) if path.is_file() else 0
    ImportRun.objects.filter(pk=run_id).update(rows_total=total, rows_done=0)
    check = applicant_import_check(
        organisation=organisation,
        path=path,
        filename=run.filename,
        mapping=run.mapping,
        progress=_progress_saver(run_id),
    )
    if not check.ok:
        with translation.override(settings.LANGUAGE_CODE):
            problems = [
                {
                    "row": p.row,
                    "column": p.column,
                    "code": p.code,
                    "params": dict(p.params),
                    "message": problem_text(p),
                }
                for p in check.problems
            ]
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED,
            rows_total=check.rows,
            rows_done=check.rows,
            problems=problems,
            problems_total=check.problems_total,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportStatus.LOADING, rows_total=check.rows, rows_done=0, heartbeat_at=timezone.now()
    )
    run.refresh_from_db()
    # The write and "done" commit together: a stopped worker leaves neither.
    with transaction.atomic():
        summary = applicant_import_apply(
            organisation=organisation, check=check, by=run.created_by, run=run
        )
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.DONE,
            rows_done=check.rows,
            summary=summary,
            finished_at=timezone.now(),
        )
    import_files_sweep()  # the loaded file first among them
    run.refresh_from_db()
    return run


def import_run_fail(run_id: int, error: str) -> None:
    """Mark a run that stopped on an unexpected error as not imported."""
    ImportRun.objects.filter(pk=run_id, status__in=UNDER_WAY).update(
        status=ImportStatus.FAILED,
        summary={"error": error[:300]},
        finished_at=timezone.now(),
    )
