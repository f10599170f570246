"""Nobody who belongs to an organisation keeps Django's superuser or staff flag.

Organisation administrators used to be made superusers; they now manage their own
organisation in the app, and only platform operators (no organisation) use the admin
site. Undoing this migration leaves the flags off: it never grants them back.
"""

from django.db import migrations
from django.db.models import Q


def clear_admin_site_flags(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(membership__isnull=False).filter(
        Q(is_superuser=True) | Q(is_staff=True)
    ).update(is_superuser=False, is_staff=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(clear_admin_site_flags, migrations.RunPython.noop)]
