"""A small world for matching: two participants and two openings at Southside Works.

- ana: available Monday day and evening, cannot lift, drives (30 minutes at most), needs
  $18.50 and a fair-chance employer, lives in South Lawndale (30); goals 35-2014 (cook,
  restaurant) and 35-2021 (food preparation); lost jobs over childcare, and over
  transportation and attendance.
- ben: available every shift, no limits, transit (60 minutes), no wage floor, lives in
  Evanston (ZIP 60201, outside Chicago: place unknown); skill "Food Safety".
- line_cook: Monday day shift, standing, $20.00 for 32 hours, health insurance, fair
  chance, two positions, ZIP 60623 (South Lawndale), SOC 35-2014; asks for knife skills
  and food safety.
- night_porter: Monday night shift, lifting, $15.00 for 20 hours, no benefits, unstable
  schedule, one position, ZIP 60605 whose community area is left to the ZIP table
  (Near South Side, 33), SOC 37-2011.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory
from workbridge.employers.services import employer_create
from workbridge.jobs.models import JobOpening, LivingWage
from workbridge.jobs.services import opening_create
from workbridge.people.models import CareerGoal, Occupation, Skill, WorkHistory

MON_MORNING, MON_DAY, MON_EVENING, MON_NIGHT = (1 << s for s in range(4))
ALL_SHIFTS = (1 << 28) - 1


@pytest.fixture
def living_wage(db):
    return LivingWage.objects.create(
        year=2025, household_type="1a0c", hourly_wage=Decimal("25.00"), source="test figure"
    )


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


def _opening(coach, employer, **data):
    base = {
        "occupation": Occupation.objects.get(code="35-2014"),
        "hourly_wage": Decimal("20.00"),
        "hours_per_week": 32,
        "zip_code": "60623",
        "posted_on": date(2026, 1, 5),
    }
    return opening_create(by=coach, employer=employer, data={**base, **data})


@pytest.fixture
def line_cook(coach, acme, living_wage):
    return _opening(
        coach,
        acme,
        title="Line cook",
        shifts=MON_DAY,
        physical_demands=["standing"],
        health_insurance=True,
        fair_chance=True,
        positions=2,
        required_skills=["Knife skills", "Food safety"],
    )


@pytest.fixture
def night_porter(coach, acme, living_wage):
    opening = _opening(
        coach,
        acme,
        title="Night porter",
        occupation=Occupation.objects.get(code="37-2011"),
        hourly_wage=Decimal("15.00"),
        hours_per_week=20,
        shifts=MON_NIGHT,
        physical_demands=["lifting"],
        schedule_stable=False,
        zip_code="60605",
    )
    JobOpening.objects.filter(pk=opening.pk).update(community_area=None)
    return opening


def _ready(**fields):
    return {"last_assessed_on": date.today() - timedelta(days=10), **fields}


@pytest.fixture
def ana(southside):
    person = ParticipantFactory(
        organisation=southside,
        first_name="Ana",
        last_name="Rivera",
        availability=MON_DAY | MON_EVENING,
        physical_limits=["lifting"],
        transport_mode="car",
        max_commute_minutes=30,
        min_hourly_wage=Decimal("18.50"),
        needs_fair_chance=True,
        **_ready(),
    )
    CareerGoal.objects.create(participant=person, occupation=Occupation.objects.get(code="35-2021"))
    CareerGoal.objects.create(
        participant=person, occupation=Occupation.objects.get(code="35-2014"), is_primary=True
    )
    Skill.objects.create(participant=person, name="Knife skills ")
    Skill.objects.create(participant=person, name="Food safety")
    for factors in (["childcare"], ["transportation", "attendance"], []):
        WorkHistory.objects.create(
            participant=person,
            employer_name="Diner",
            job_title="Cook",
            started_on=date(2020, 1, 1),
            ended_on=date(2021, 1, 1),
            end_reason="let_go",
            loss_factors=factors,
        )
    return person


@pytest.fixture
def ben(southside):
    person = ParticipantFactory(
        organisation=southside,
        first_name="Ben",
        last_name="Okafor",
        availability=ALL_SHIFTS,
        transport_mode="transit",
        max_commute_minutes=60,
        zip_code="60201",
        community_area_id=None,
        **_ready(),
    )
    Skill.objects.create(participant=person, name="Food Safety")
    return person
