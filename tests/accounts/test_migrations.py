"""The migration that takes Django's admin flags from organisation members."""

import importlib

from django.apps import apps

from workbridge.accounts.models import User

migration = importlib.import_module(
    "workbridge.accounts.migrations.0002_organisation_members_are_not_admin_site_staff"
)


def test_it_clears_superuser_and_staff_from_organisation_members_only(admin_user, coach):
    # given an administrator made a superuser the old way, and an operator with no organisation
    User.objects.filter(pk=admin_user.pk).update(is_superuser=True, is_staff=True)
    User.objects.filter(pk=coach.pk).update(is_staff=True)
    operator = User.objects.create(username="olga", is_superuser=True, is_staff=True)
    # when
    migration.clear_admin_site_flags(apps, None)
    # then
    flags = dict(
        (u, (s, st))
        for u, s, st in User.objects.values_list("username", "is_superuser", "is_staff")
    )
    assert flags == {"ada": (False, False), "alice": (False, False), "olga": (True, True)}
    assert operator.pk
