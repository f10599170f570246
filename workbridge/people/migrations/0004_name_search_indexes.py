"""Indexes that let a name search by its first letters use an index on each engine.

The caseload search matches names case-insensitively by their start (`istartswith`).
Django writes that as `LIKE 'gar%'` on SQLite, which SQLite can answer from an index
only when the column is indexed with the NOCASE collation, and as
`UPPER(col::text) LIKE UPPER('gar%')` on PostgreSQL, which needs an index on
`UPPER(col)` with the `text_pattern_ops` operator class. Neither index can be written
for both engines in a model's `Meta.indexes`, so this migration creates the one that
fits the database it runs on.
"""

from django.db import migrations

NAME_COLUMNS = ("last_name", "first_name", "preferred_name")


def _statements(vendor: str) -> list[tuple[str, str]]:
    """(index name, CREATE INDEX statement) pairs for the engine.

    Each name gets two indexes: one over active participants only (the list's default,
    and half the rows to look up) and one over everyone (for the exited and all lists).
    """
    table = "people_participant"
    found = []
    for column in NAME_COLUMNS:
        if vendor == "sqlite":
            key = f'"organisation_id", "{column}" COLLATE NOCASE'
        elif vendor == "postgresql":
            key = f'"organisation_id", UPPER("{column}"::text) text_pattern_ops'
        else:
            continue
        name = f"people_participant_{column}_search"
        found.append((name, f'CREATE INDEX "{name}" ON "{table}" ({key})'))
        active = f"people_participant_{column}_active_search"
        found.append(
            (active, f'CREATE INDEX "{active}" ON "{table}" ({key}) WHERE "exited_on" IS NULL')
        )
    if vendor == "sqlite":
        # The unique constraint on external ids is partial (non-blank ids only), which
        # SQLite will not use for `external_id = 'x'` inside an OR of name searches.
        name = "people_participant_external_id_search"
        found.append(
            (name, f'CREATE INDEX "{name}" ON "{table}" ("organisation_id", "external_id")')
        )
    return found


def create(apps, schema_editor):
    for _name, sql in _statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for name, _sql in _statements(schema_editor.connection.vendor):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("people", "0003_caseload_filter_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
