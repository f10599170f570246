"""Factories for test data; personas live in conftest.py."""

from datetime import timedelta

import factory
from django.utils import timezone

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.services import user_create
from workbridge.people.models import Participant

PASSWORD = "correct horse battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


def make_user(username: str, role: Role, organisation: Organisation, **extra):
    """A user with a password and one membership."""
    return user_create(
        username=username,
        password=PASSWORD,
        organisation=organisation,
        role=role,
        first_name=extra.pop("first_name", username.title()),
        last_name=extra.pop("last_name", "Tester"),
        **extra,
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A participant written straight to the table (no milestones, no audit)."""

    class Meta:
        model = Participant

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Sequence(lambda n: f"Pat{n}")
    last_name = factory.Sequence(lambda n: f"Lopez{n}")
    zip_code = "60623"
    community_area_id = 30  # South Lawndale covers most of 60623
    enrolled_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    planned_exit_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=150))
