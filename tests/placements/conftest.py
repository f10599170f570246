"""An employer with an open opening at Southside, a participant of Alice's, and a fixed today."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import ParticipantFactory
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation

TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def _today():
    """Noon in Chicago on TODAY, so the local date is TODAY whatever the machine's zone."""
    with time_machine.travel(
        datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False
    ):
        yield


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


@pytest.fixture
def opening(acme, coach):
    return opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("19.50"),
            "hours_per_week": 32,
            "health_insurance": True,
            "paid_leave": True,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
            "positions": 2,
        },
    )


@pytest.fixture
def rosa(southside, coach):
    return ParticipantFactory(
        organisation=southside, first_name="Rosa", last_name="Alvarez", assigned_to=coach
    )


@pytest.fixture
def jon(southside):
    return ParticipantFactory(organisation=southside, first_name="Jon", last_name="Baker")
