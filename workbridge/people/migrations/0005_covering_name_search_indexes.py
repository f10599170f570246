"""On SQLite, the active participants' name-search indexes carry every column the caseload
list reads, so a search reads no table row.

The caseload reads, for each participant a search matches, the columns it sorts by and the
three dates behind its attention flags. From the indexes of migration 0004 SQLite finds the
matches, then reads each one's table row: for a common last-name prefix (1,500 of an
organisation's participants) that is 1,500 scattered pages, about 60% of the query's
time at 200,000 participants. With those columns in the index (the exit date too: SQLite
3.40 counts the column of a partial index's WHERE clause as one the query reads) the rows
are never looked up, even under the OR of the search's columns.

Only the active participants' indexes (the list's default) are widened. PostgreSQL keeps
its indexes: it answers the OR with a bitmap scan, which reads the table rows whatever
the index holds.
"""

from django.db import migrations

NAME_COLUMNS = ("last_name", "first_name", "preferred_name")
TABLE = "people_participant"
# What the list reads of each match: its sort columns and the attention flags' dates.
READ = ("last_name", "first_name", "next_milestone_due_on", "last_assessed_on", "last_contact_on")


def _index(column: str, *, covering: bool) -> tuple[str, str]:
    name = f"people_participant_{column}_active_search"
    key = ['"organisation_id"', f'"{column}" COLLATE NOCASE']
    if covering:
        key += [f'"{other}"' for other in (*READ, "exited_on") if other != column]
    sql = f'CREATE INDEX "{name}" ON "{TABLE}" ({", ".join(key)}) WHERE "exited_on" IS NULL'
    return name, sql


def _replace(schema_editor, *, covering: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for column in NAME_COLUMNS:
        name, sql = _index(column, covering=covering)
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
        schema_editor.execute(sql)


def widen(apps, schema_editor):
    _replace(schema_editor, covering=True)


def narrow(apps, schema_editor):
    _replace(schema_editor, covering=False)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_name_search_indexes")]

    operations = [migrations.RunPython(widen, narrow, elidable=False)]
