from django.conf import settings
from django.db import migrations, models

# A name search is `name icontains word`, which PostgreSQL runs as
# UPPER(name::text) LIKE UPPER('%word%'): a trigram index on that expression answers it
# without reading every employer. SQLite has no such index; there the covering index
# below lets it check the names without visiting the table.
#
# The index keeps no pending list (fastupdate off): entries written since the last
# vacuum would otherwise sit in an unsorted list that every search reads in full, and
# the planner, pricing that in, would go back to reading the whole table.
TRIGRAM_INDEX = "employers_employer_name_trgm"


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON employers_employer "
        "USING gin (UPPER(name::text) gin_trgm_ops) WITH (fastupdate = off)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("employers", "0002_bulksend"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="employer",
            index=models.Index(
                fields=["organisation", "name", "id", "external_id"],
                name="employers_e_organis_9783eb_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="employer",
            name="employers_e_organis_cadb63_idx",
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
