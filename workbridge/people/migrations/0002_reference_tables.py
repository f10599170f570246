from django.db import migrations


def load(apps, schema_editor):
    from workbridge.people.reference import load_reference_tables

    load_reference_tables(
        apps.get_model("people", "CommunityArea"),
        apps.get_model("people", "ZipCode"),
        apps.get_model("people", "Occupation"),
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
