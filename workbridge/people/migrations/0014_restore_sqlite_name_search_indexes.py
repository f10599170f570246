"""On SQLite, put back the name-search indexes of migrations 0004 and 0005.

SQLite cannot add or alter some columns in place, so Django rebuilds the participant
table for them (migrations 0011: the exit outcome, the preferred work settings and the
hiring-incentive answers), and a rebuilt table keeps only the indexes the models
declare. The raw ones (`COLLATE NOCASE`, covering) are made again here, exactly as
0004 and 0005 made them. PostgreSQL alters tables in place and keeps its own.
"""

from importlib import import_module

from django.db import migrations

_names = import_module("workbridge.people.migrations.0004_name_search_indexes")
_covering = import_module("workbridge.people.migrations.0005_covering_name_search_indexes")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, sql in _names._statements("sqlite"):
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(sql)
    _covering.widen(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("people", "0013_merge_exit_outcomes_and_incentives")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop, elidable=False)]
