"""The stand-in model (`fake_engine`), a Cook County employer with two openings, and Rosa,
a participant with two children."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.cliff.fake_engine import install_fake_engine
from tests.factories import ParticipantFactory
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def fake_engine(monkeypatch):
    return install_fake_engine(monkeypatch)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False
    ):
        yield


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


def _opening(coach, employer, title, wage, hours, health):
    return opening_create(
        by=coach,
        employer=employer,
        data={
            "title": title,
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal(wage),
            "hours_per_week": hours,
            "health_insurance": health,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
        },
    )


@pytest.fixture
def cook(coach, acme):
    return _opening(coach, acme, "Line cook", "14.50", 40, False)


@pytest.fixture
def baker(coach, acme):
    return _opening(coach, acme, "Baker", "18.00", 40, True)


@pytest.fixture
def rosa(southside, coach):
    return ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        assigned_to=coach,
        household_size=3,
        children_ages=[3, 7],
    )
