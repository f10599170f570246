"""Loading a checked roster as one snapshot, in one transaction.

A roster for a date that already has a snapshot replaces it (a corrected file). Titles
with no EEO-4 category get one suggested from the crosswalk first, in the same
transaction. Employees are written in bulk (``COPY`` on PostgreSQL).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.bulk import bulk_insert
from workbridge.core.applicant_import import normalise
from workbridge.core.roster import EMPLOYEE_COLUMNS, RosterReader, check_roster
from workbridge.equity.imports.rows import open_stored
from workbridge.workforce.crosswalk import titles_suggest
from workbridge.workforce.models import Employee, RosterImport, Snapshot
from workbridge.workforce.roster_rows import RosterCheck, employee_secret, roster_lookups
from workbridge.workforce.roster_rows import problem_text as roster_problem_text

CHUNK_ROWS = 50_000
_LOAD_FIELDS = ("snapshot", *EMPLOYEE_COLUMNS[:17], "community_area", *EMPLOYEE_COLUMNS[18:])
_CATEGORY = EMPLOYEE_COLUMNS.index("eeo4_category")
_TITLE = EMPLOYEE_COLUMNS.index("job_title")
PERSONAL_FIELDS = ("race_categories", "eeo_category", "sex", "home_zip", "hire_date", "annual_pay")


class RosterRefused(ValueError):
    """A roster that cannot be loaded as it is."""


def _checked_rows(organisation: Organisation, check: RosterCheck) -> list[tuple]:
    if check.parsed is not None:
        return check.parsed
    with open_stored(check.stored_file, check.filename) as table:
        reader = RosterReader(
            table.headers, check.mapping, roster_lookups(organisation), secret=employee_secret()
        )
        rows = check_roster(reader, iter(table))
    if rows is None:
        raise RosterRefused(roster_problem_text(reader.problems[0]))
    return rows


@transaction.atomic
def roster_import_apply(
    *,
    organisation: Organisation,
    check: RosterCheck,
    as_of: date,
    by: User | None,
    run: RosterImport | None = None,
) -> dict[str, Any]:
    """Write a checked roster as the snapshot of ``as_of``; returns what changed."""
    if not check.ok:
        raise RosterRefused("The file has problems; it cannot be imported.")
    rows = _checked_rows(organisation, check)
    categories = titles_suggest(organisation=organisation, titles=check.uncategorised)
    replaced = Snapshot.objects.filter(organisation=organisation, as_of=as_of).first()
    if replaced is not None:
        replaced.delete()
    snapshot = Snapshot.objects.create(
        organisation=organisation,
        as_of=as_of,
        employees=len(rows),
        departments=dict(sorted(check.departments.items())),
        import_run=run,
    )
    batch: list[tuple] = []
    for values in rows:
        if not values[_CATEGORY]:
            values = (
                *values[:_CATEGORY],
                categories.get(normalise(values[_TITLE]), ""),
                *values[_CATEGORY + 1 :],
            )
        batch.append((snapshot.pk, *values))
        if len(batch) >= CHUNK_ROWS:
            bulk_insert(Employee, _LOAD_FIELDS, batch)
            batch = []
    bulk_insert(Employee, _LOAD_FIELDS, batch)
    summary = {
        "rows": check.rows,
        "employees": len(rows),
        "as_of": as_of.isoformat(),
        "replaced": replaced is not None,
        "departments": len(check.departments),
        "titles_suggested": len(check.uncategorised),
    }
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=snapshot,
        object_type="workforce.snapshot",
        fields=PERSONAL_FIELDS,
        detail=f"{check.filename}: {len(rows)} employees as of {as_of.isoformat()}",
        organisation=organisation,
    )
    return summary
