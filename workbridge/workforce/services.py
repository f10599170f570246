"""Writes for committees, succession and learning records.

Every function checks the caller may use the workforce pages (``equity.access``), checks
every value before writing, and records the change in the audit log in the same
transaction. Employees are named only by the id HR gives them, turned at once into the
same pseudonymous key the rosters use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core.roster import employee_key
from workbridge.core.spreadsheets import (
    Column,
    Problem,
    check_rows,
    guess_mapping,
    parse_choice,
    parse_date,
    parse_int,
)
from workbridge.equity.access import require_equity
from workbridge.equity.imports.rows import open_stored
from workbridge.people.choices import EeoCategory, Sex
from workbridge.workforce.models import (
    Committee,
    CommitteeMember,
    CriticalPosition,
    Employee,
    LearningKind,
    LearningRecord,
    LearningStatus,
    Readiness,
    SuccessionCandidate,
)
from workbridge.workforce.roster_rows import employee_secret


class WorkforceRefused(ValueError):
    """A write that cannot be made as asked."""


def key_of(employee_id: str) -> str:
    """The pseudonymous key of an HR employee id, as the rosters give it."""
    return employee_key(employee_secret(), employee_id=employee_id)


@transaction.atomic
def committee_create(
    *, by: User, name: str, department: str, target_gap_points: int = 10
) -> Committee:
    organisation = require_equity(by)
    if not name.strip() or not department.strip():
        raise WorkforceRefused("A committee needs a name and the department it oversees.")
    if not 0 <= target_gap_points <= 100:
        raise WorkforceRefused("The target is a number of percentage points from 0 to 100.")
    committee = Committee.objects.create(
        organisation=organisation,
        name=name.strip()[:160],
        department=department.strip()[:120],
        target_gap_points=target_gap_points,
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=committee)
    return committee


@transaction.atomic
def committee_member_add(
    *, by: User, committee: Committee, eeo_category: str, sex: str, role: str = ""
) -> CommitteeMember:
    organisation = require_equity(by)
    if committee.organisation_id != organisation.pk:
        raise WorkforceRefused("That committee belongs to another organisation.")
    if eeo_category not in EeoCategory.values or (sex and sex not in Sex.values):
        raise WorkforceRefused("Choose a race or ethnicity and a sex from the lists.")
    member = CommitteeMember.objects.create(
        committee=committee, eeo_category=eeo_category, sex=sex, role=role.strip()[:120]
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=member, fields=("eeo_category", "sex"))
    return member


@transaction.atomic
def position_create(
    *,
    by: User,
    department: str,
    job_title: str,
    incumbent_id: str = "",
    incumbent_hired: date | None = None,
    incumbent_birth_year: int | None = None,
    feeder_titles: Sequence[str] = (),
) -> CriticalPosition:
    organisation = require_equity(by)
    if not department.strip() or not job_title.strip():
        raise WorkforceRefused("A critical position needs a department and a title.")
    if incumbent_birth_year is not None and not 1900 <= incumbent_birth_year <= date.today().year:
        raise WorkforceRefused("The birth year is not a year.")
    position = CriticalPosition.objects.create(
        organisation=organisation,
        department=department.strip()[:120],
        job_title=job_title.strip()[:160],
        incumbent_key=key_of(incumbent_id) if incumbent_id.strip() else "",
        incumbent_hired=incumbent_hired,
        incumbent_birth_year=incumbent_birth_year,
        feeder_titles=[t.strip()[:160] for t in feeder_titles if t.strip()],
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=position)
    return position


@transaction.atomic
def candidate_add(
    *,
    by: User,
    position: CriticalPosition,
    employee_id: str,
    readiness: str,
    eeo_category: str = "",
    sex: str = "",
) -> SuccessionCandidate:
    """Put someone on a position's slate; their race and sex come from the latest roster
    they are on, else from the form (not disclosed when neither gives them)."""
    organisation = require_equity(by)
    if position.organisation_id != organisation.pk:
        raise WorkforceRefused("That position belongs to another organisation.")
    if readiness not in Readiness.values:
        raise WorkforceRefused("Choose a readiness from the list.")
    if not employee_id.strip():
        raise WorkforceRefused("Give the candidate's employee id.")
    key = key_of(employee_id)
    latest = (
        Employee.objects.filter(snapshot__organisation=organisation, employee_key=key)
        .order_by("-snapshot__as_of")
        .values_list("eeo_category", "sex")
        .first()
    )
    race, chosen_sex = latest if latest else (eeo_category or EeoCategory.NOT_DISCLOSED, sex)
    if race not in EeoCategory.values or (chosen_sex and chosen_sex not in Sex.values):
        raise WorkforceRefused("Choose a race or ethnicity and a sex from the lists.")
    candidate = SuccessionCandidate.objects.create(
        position=position, employee_key=key, readiness=readiness, eeo_category=race, sex=chosen_sex
    )
    audit_record(actor=by, action=AuditAction.CREATE, obj=candidate, fields=("eeo_category", "sex"))
    return candidate


# Learning records ------------------------------------------------------------------

LEARNING_COLUMNS = [
    Column("employee_id", "Employee id", required=True, aliases=("employee", "emp id", "id")),
    Column(
        "kind",
        "Kind",
        required=True,
        parse=parse_choice({k: str(v) for k, v in LearningKind.choices}),
        aliases=("type", "program type"),
    ),
    Column("program", "Program", required=True, aliases=("course", "apprenticeship", "title")),
    Column("year", "Year", required=True, parse=parse_int, aliases=("fiscal year",)),
    Column(
        "status",
        "Status",
        required=True,
        parse=parse_choice({k: str(v) for k, v in LearningStatus.choices}),
        aliases=("progress", "state"),
    ),
    Column("started_on", "Started", parse=parse_date, aliases=("start date", "enrolled on")),
]


@dataclass
class LearningResult:
    rows: int = 0
    created: int = 0
    matched: int = 0
    problems: list[Problem] = field(default_factory=list)
    mapping: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def learning_import(*, by: User, stored_file: str, filename: str) -> LearningResult:
    """Check every row of a learning file, then write them all in one transaction (or
    nothing, with every problem by row and column). Rows are matched to the rosters by
    employee key."""
    organisation = require_equity(by)
    with open_stored(stored_file, filename) as table:
        mapping = guess_mapping(table.headers, LEARNING_COLUMNS)
        checked = check_rows(table.headers, iter(table), LEARNING_COLUMNS, mapping)
    result = LearningResult(rows=checked.rows_read, problems=checked.problems, mapping=mapping)
    for number, row in zip(checked.numbers, checked.rows, strict=True):
        if not 1990 <= row["year"] <= 2200:
            result.problems.append(
                Problem(number, mapping["year"], "not_year", {"value": row["year"]})
            )
        if len(row["program"]) > 160 or len(row["employee_id"]) > 64:
            result.problems.append(Problem(number, mapping["program"], "too_long", {"max": 160}))
    if result.problems:
        return result
    records = [
        LearningRecord(
            organisation=organisation,
            kind=row["kind"],
            program=row["program"],
            employee_key=key_of(row["employee_id"]),
            year=row["year"],
            status=row["status"],
            started_on=row.get("started_on"),
        )
        for row in checked.rows
    ]
    LearningRecord.objects.bulk_create(records, batch_size=2000)
    keys = {r.employee_key for r in records}
    on_roster = (
        set(
            Employee.objects.filter(snapshot__organisation=organisation, employee_key__in=keys)
            .values_list("employee_key", flat=True)
            .distinct()
        )
        if len(keys) <= 5000
        else keys
        & set(
            Employee.objects.filter(snapshot__organisation=organisation)
            .values_list("employee_key", flat=True)
            .distinct()
        )
    )
    result.created = len(records)
    result.matched = sum(1 for r in records if r.employee_key in on_roster)
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="workforce.learning",
        detail=f"{filename}: {len(records)} learning records, {result.matched} on a roster",
    )
    counts = Counter(r.kind for r in records)
    result.mapping = {"kinds": dict(counts)}
    return result
