"""A stand-in for the tax-and-benefit model, so the pages are tested in a second, not 30.

The stand-in household gets $6,000 a year of SNAP below $15 an hour and none from there on,
so at 40 hours a week there is one cliff, at $15, caused by SNAP. Tests of the real model
are in test_engine.py.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import time_machine

from tests.factories import ParticipantFactory
from workbridge.cliff import engine
from workbridge.core.cliff import Curve
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SNAP_LIMIT = 15.0
SNAP = 6000.0


def _figures(hourly: np.ndarray, hours: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    earnings = hourly * hours * 52
    snap = np.where(hourly < SNAP_LIMIT, SNAP, 0.0)
    taxes = -0.1 * earnings
    return earnings + snap + taxes, {"earnings": earnings, "snap": snap, "taxes": taxes}


class FakeEngine:
    calls: list[str]

    def __init__(self):
        self.calls = []

    def sweep(self, household, spec, *, year):
        self.calls.append("sweep")
        wages = spec.wages()
        net, parts = _figures(wages, spec.hours_per_week)
        return Curve(wages, net, parts)

    def evaluate(self, household, jobs, *, year):
        self.calls.append("evaluate")
        out = []
        for job in jobs:
            net, parts = _figures(np.array([job.hourly_wage]), job.hours_per_week)
            out.append((float(net[0]), {k: float(v[0]) for k, v in parts.items()}))
        return out


@pytest.fixture
def fake_engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(engine, "available", lambda: True)
    monkeypatch.setattr(engine, "model_version", lambda: "test-1")
    monkeypatch.setattr(engine, "sweep", fake.sweep)
    monkeypatch.setattr(engine, "evaluate", fake.evaluate)
    return fake


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
