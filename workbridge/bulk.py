"""Fast multi-row writes for demo data and benchmarks, where millions of rows are made.

Rows are tuples in the order of the named fields, written with ``COPY`` on PostgreSQL and
one ``executemany`` elsewhere: no model validation, no signals. Callers keep the rules a
service would (the community area from the ZIP, denormalised dates) by construction.
"""

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Model


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
