"""Fast multi-row writes for imports, demo data and benchmarks, where millions of rows are
made or replaced.

Rows are tuples in the order of the named fields, written with ``COPY`` on PostgreSQL and
one ``executemany`` elsewhere: no model validation, no signals. Callers keep the rules a
service would (the community area from the ZIP, denormalised dates) by construction.
Deletes go one statement per table (``delete_set_based``), announced once.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.models import CASCADE, DO_NOTHING, SET_NULL, Max, Model, QuerySet
from django.db.models.signals import post_delete


def bulk_insert(model: type[Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Write rows to the model's table; returns how many were written."""
    rows = list(rows)
    if not rows:
        return 0
    meta = model._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in fields)
    table = qn(meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            # Table and column names come from the model and are quoted.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)
    return len(rows)


def next_id(model: type[Model]) -> int:
    """The first free primary key, for callers that assign ids themselves."""
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def reset_sequences(*models: type[Model]) -> None:
    """After writing explicit ids on PostgreSQL, move the id sequences past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def refresh_statistics(*models: type[Model]) -> None:
    """Let the database re-read these tables' statistics after a bulk load, so the query
    planner knows, for example, that a name index narrows a search better than the
    organisation index (SQLite keeps no statistics until ANALYZE runs).

    On PostgreSQL, outside a transaction, the tables are vacuumed too, as autovacuum
    would do in time: that marks the loaded pages all-visible, without which no query
    can be answered from an index alone (it would still read every row it finds)."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def delete_set_based(rows: QuerySet, organisation_id: int) -> int:
    """Delete ``rows`` and every row that depends on them, set-based; returns how many of
    ``rows`` went.

    What an ORM delete does row by row (fetch each dependent, then delete it by id), here
    one statement per table, dependents first: ``DELETE ... WHERE fk IN (SELECT ...)``.
    Dependents that cascade are deleted the same way, those set to null are updated; any
    other rule (protect, restrict, a Python callback) is refused rather than skipped.
    A table whose deletes others listen for (a plan measure reading it) is announced once
    for the organisation, as the ORM would row by row.
    """
    model = rows.model
    keys = rows.values("pk")
    if model._meta.many_to_many:
        raise TypeError(f"{model._meta.label} has many-to-many rows to delete first.")
    # Every relation pointing here, those without a reverse name ("+") too, as Django's
    # own delete collects them.
    relations = [
        f
        for f in model._meta.get_fields(include_hidden=True)
        if f.auto_created and not f.concrete and (f.one_to_one or f.one_to_many or f.many_to_many)
    ]
    for rel in relations:
        if rel.many_to_many:
            raise TypeError(f"{rel.related_model._meta.label} links {model._meta.label} in bulk.")
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": keys})
        if rel.on_delete is CASCADE:
            delete_set_based(related, organisation_id)
        elif rel.on_delete is SET_NULL:
            related.update(**{rel.field.name: None})
        elif rel.on_delete is not DO_NOTHING:
            raise TypeError(f"{rel.related_model._meta.label} cannot lose its {model.__name__}.")
    deleted = rows._raw_delete(rows.db)
    if deleted and post_delete.has_listeners(model):
        instance = model()
        instance.organisation_id = organisation_id  # whose data changed, for the listeners
        post_delete.send(sender=model, instance=instance, using=rows.db)
    return deleted


# From this many rows, a delete on PostgreSQL lifts the foreign keys that point at them.
UNCHECKED_DELETE_FROM = 10_000


@contextmanager
def references_unchecked(model: type[Model], rows: int) -> Iterator[None]:
    """For a block that deletes ``rows`` of the model's table, on PostgreSQL and from
    ``UNCHECKED_DELETE_FROM`` rows: lift the other tables' foreign keys that point at it,
    and put them back after, each checked once over its table.

    PostgreSQL checks every deleted row against every table that may point at it (for
    Django's deferred keys, all at commit): seven tables and a million applicants are seven
    million lookups. Putting a key back checks its table in one join. The block must delete
    what points at the rows first (``delete_set_based`` does); a row left pointing at
    nothing fails the whole transaction when the key comes back. The tables stay locked
    until the transaction ends. Nothing is lifted on SQLite, for a small delete, or when
    the user may not alter the tables; outside a transaction it refuses to start.
    """
    if connection.vendor != "postgresql" or rows < UNCHECKED_DELETE_FROM:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("Lifting foreign keys needs the transaction that deletes.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f' "
            "AND conrelid <> confrelid ORDER BY 1, 2",
            [model._meta.db_table],
        )
        keys = cursor.fetchall()
        lifted = False
        try:
            with transaction.atomic():
                # Checks still pending must run before their constraints can change.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table, name, _definition in keys:
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            lifted = True
        except DatabaseError:
            pass
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    if not lifted:
        return
    with connection.cursor() as cursor:
        # The block's own writes (a key set to null) leave checks pending on those tables,
        # and a table with pending checks cannot take a constraint: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
