"""Openings: written only for one's own organisation's employers, with their place mapped."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workbridge.employers.services import employer_create, location_add
from workbridge.jobs.models import JobOpening, LivingWage
from workbridge.jobs.services import living_wage_set, opening_create, opening_update
from workbridge.people.models import Occupation


def _data(**overrides):
    data = {
        "title": "Line cook",
        "occupation": Occupation.objects.get(code="35-2014"),
        "hourly_wage": Decimal("18.50"),
        "hours_per_week": 32,
        "zip_code": "60623",
        "posted_on": date(2026, 10, 1),
    }
    data.update(overrides)
    return data


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


def test_it_opens_a_job_and_maps_its_zip_to_a_community_area(acme, coach):
    opening = opening_create(by=coach, employer=acme, data=_data())

    assert opening.community_area_id == 30  # South Lawndale
    assert opening.organisation_id == acme.organisation_id
    assert opening.status == "open"


def test_it_refuses_a_closing_date_before_posting(acme, coach):
    with pytest.raises(ValidationError) as error:
        opening_create(by=coach, employer=acme, data=_data(closes_on=date(2026, 9, 1)))

    assert "closes_on" in error.value.message_dict
    assert not JobOpening.objects.exists()


def test_it_refuses_another_employers_location(acme, coach):
    other = employer_create(by=coach, data={"name": "Birch Logistics"})
    theirs = location_add(
        employer=other, by=coach, label="Dock", address="1 Main St", zip_code="60608"
    )

    with pytest.raises(ValidationError):
        opening_create(by=coach, employer=acme, data=_data(location=theirs))


def test_another_organisation_cannot_open_a_job_at_our_employer(acme, other_coach):
    with pytest.raises(PermissionDenied):
        opening_create(by=other_coach, employer=acme, data=_data())


def test_an_update_reports_only_what_changed(acme, coach):
    opening = opening_create(by=coach, employer=acme, data=_data())

    changed = opening_update(
        opening=opening, by=coach, data={"hourly_wage": Decimal("19.00"), "title": "Line cook"}
    )

    assert changed == ["hourly_wage"]


def test_only_managers_edit_the_living_wage_table(coach, manager):
    with pytest.raises(PermissionDenied):
        living_wage_set(
            by=coach, year=2025, household_type="1a0c", hourly_wage=Decimal("25"), source="x"
        )

    row = living_wage_set(
        by=manager, year=2025, household_type="1a0c", hourly_wage=Decimal("25.10"), source="MIT"
    )
    living_wage_set(
        by=manager, year=2025, household_type="1a0c", hourly_wage=Decimal("25.20"), source="MIT"
    )

    assert LivingWage.objects.get(pk=row.pk).hourly_wage == Decimal("25.20")
    assert LivingWage.objects.count() == 1
