"""Writes for hiring equity: settings and the flow counts reports read."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import BigIntegerField, Case, Q, Sum, Value, When
from django.db.models.functions import Cast

from workbridge.accounts.models import Organisation
from workbridge.bulk import delete_set_based
from workbridge.equity.models import (
    ENDED_COLUMNS,
    MAX_STAGES,
    WITHDREW_COLUMNS,
    Applicant,
    EquitySettings,
    FlowCount,
    Requisition,
)

# Above this many (year, department, title) keys, rebuilding everything is cheaper
# than deleting and recounting key by key.
_REBUILD_ALL_ABOVE = 200


def equity_settings_for(organisation: Organisation) -> EquitySettings:
    """The organisation's equity settings, created with the defaults the first time."""
    found, _created = EquitySettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def flow_counts_refresh(
    *, organisation: Organisation, requisition_ids: Iterable[int] | None = None
) -> int:
    """Recount the flow counts of every (year, department, title) the requisitions touch.

    With no requisitions given, every count of the organisation is rebuilt. Returns the
    number of count rows written.
    """
    requisitions = Requisition.objects.filter(organisation=organisation)
    everything = requisition_ids is None
    keys: set[tuple[int, str, str]] = set()
    if requisition_ids is not None:
        wanted = set(requisition_ids)
        if not wanted:
            return 0
        all_keys = {
            pk: (year, department, title)
            for pk, year, department, title in requisitions.values_list(
                "pk", "year", "department", "job_title"
            )
        }
        keys = {all_keys[pk] for pk in wanted if pk in all_keys}
        everything = len(keys) > _REBUILD_ALL_ABOVE
    counts = FlowCount.objects.filter(organisation=organisation)
    applicants = Applicant.objects.filter(organisation=organisation)
    if not everything:
        match = Q(pk__in=[])
        for year, department, title in keys:
            match |= Q(year=year, department=department, job_title=title)
        counts = counts.filter(match)
        req_match = Q(pk__in=[])
        for year, department, title in keys:
            req_match |= Q(year=year, department=department, job_title=title)
        applicants = applicants.filter(requisition__in=requisitions.filter(req_match))
    # One statement, announced once: an ORM delete told the plan measures row by row.
    delete_set_based(counts, organisation.pk)
    columns = _flow_count_columns()
    grouped = (
        applicants.values(
            "requisition__year",
            "requisition__department",
            "requisition__job_title",
            "eeo_category",
            "sex",
        )
        .annotate(**columns)
        .order_by()
    )
    # Counted and written by the database in one statement: no row comes back to Python.
    select_sql, params = grouped.query.sql_with_params()
    names = ", ".join(
        ["organisation_id", "year", "department", "job_title", "eeo_category", "sex", *columns]
    )
    with connection.cursor() as cursor, _group_memory(cursor):
        cursor.execute(
            f"INSERT INTO {FlowCount._meta.db_table} ({names}) "  # noqa: S608
            f"SELECT %s, counted.* FROM ({select_sql}) counted",
            [organisation.pk, *params],
        )
        written: int = cursor.rowcount
        return written


# Memory PostgreSQL may use to group the counts in one hash table (its default, 4 MB, holds
# a few thousand groups; a city's years of titles and groups are tens of thousands).
_GROUP_MEMORY = "64MB"


@contextmanager
def _group_memory(cursor: CursorWrapper) -> Iterator[None]:
    """On PostgreSQL, let the statement run inside use up to ``_GROUP_MEMORY`` to group,
    then put the setting back (for this transaction only; never lowered)."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    cursor.execute("SELECT current_setting('work_mem')")
    (before,) = cursor.fetchone()
    cursor.execute(
        "SELECT set_config('work_mem', %s, true) "
        "WHERE pg_size_bytes(current_setting('work_mem')) < pg_size_bytes(%s)",
        [_GROUP_MEMORY, _GROUP_MEMORY],
    )
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [before])


def _flow_count_columns() -> dict[str, Cast]:
    """Per stage column: how many applicants of the group ended there (without withdrawing,
    or withdrawing); a furthest stage past the last column counts in the last column."""
    last = MAX_STAGES - 1

    def ones(k: int, withdrew: bool) -> Cast:
        reached = Q(reached__gte=last) if k == last else Q(reached=k)
        case = Case(When(reached & Q(withdrew=withdrew), then=Value(1)), default=Value(0))
        # BIGINT whatever the database makes of a SUM (PostgreSQL's SUM of a BIGINT is numeric)
        return Cast(Sum(case), BigIntegerField())

    columns = {name: ones(k, False) for k, name in enumerate(ENDED_COLUMNS)}
    columns.update({name: ones(k, True) for k, name in enumerate(WITHDREW_COLUMNS)})
    return columns
