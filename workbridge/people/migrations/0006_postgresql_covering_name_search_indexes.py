"""On PostgreSQL, the active participants' name-search indexes carry every column the
caseload's window reads, so a name search can be answered from the indexes alone.

PostgreSQL answers the search's OR of three name columns with one bitmap scan, which
reads every matching table row whatever the indexes hold: for a common last-name prefix
(1,500 of an organisation's participants) about 1,300 table pages. The caseload window
therefore asks for the union of one query per name column (`people.queries.
caseload_parts`), and each of those can be an index-only scan when the index holds the
row's id, the names the list sorts by and the three dates behind the attention flags.

Index-only scans also need the table's visibility map to be current, which autovacuum
keeps so in production; after a bulk load the demo seed vacuums the table itself
(`workbridge.bulk.refresh_statistics`).

SQLite's indexes were widened in migration 0005; this one changes nothing there.
"""

from django.db import migrations

NAME_COLUMNS = ("last_name", "first_name", "preferred_name")
TABLE = "people_participant"
# What the window reads of each match: its id, the names it sorts by (and the one each
# index is searched by, which PostgreSQL needs as a plain column to skip the table) and
# the attention flags' dates.
INCLUDED = (
    "id",
    "last_name",
    "first_name",
    "preferred_name",
    "next_milestone_due_on",
    "last_assessed_on",
    "last_contact_on",
)


def _index(column: str, *, covering: bool) -> tuple[str, str]:
    name = f"people_participant_{column}_active_search"
    sql = (
        f'CREATE INDEX "{name}" ON "{TABLE}" '
        f'("organisation_id", UPPER("{column}"::text) text_pattern_ops)'
    )
    if covering:
        included = ", ".join(f'"{other}"' for other in INCLUDED)
        sql += f" INCLUDE ({included})"
    return name, f'{sql} WHERE "exited_on" IS NULL'


def _replace(schema_editor, *, covering: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
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
    dependencies = [("people", "0005_covering_name_search_indexes")]

    operations = [migrations.RunPython(widen, narrow, elidable=False)]
