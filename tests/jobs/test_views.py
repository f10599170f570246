"""Opening pages: list, the job-quality explanation, adding with validation, the living wage."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from workbridge.employers.services import employer_create
from workbridge.jobs.models import JobOpening, LivingWage
from workbridge.jobs.services import living_wage_set, opening_create
from workbridge.people.models import Occupation


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


@pytest.fixture
def opening(acme, coach):
    return opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("20.00"),
            "hours_per_week": 32,
            "shifts": 1 << 1,  # Monday day
            "health_insurance": True,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
            "physical_demands": ["standing"],
        },
    )


def _form(acme, **overrides):
    data = {
        "employer": acme.pk,
        "title": "Prep cook",
        "occupation": "35-2021",
        "hourly_wage": "17.50",
        "hours_per_week": "30",
        "shifts": ["1", "5"],
        "zip_code": "60608",
        "positions": "2",
        "status": "open",
        "posted_on": "2026-11-01",
        "schedule_stable": "on",
    }
    data.update(overrides)
    return data


def test_the_list_shows_open_jobs_with_their_employer(client, coach, opening):
    client.force_login(coach)

    html = client.get(reverse("jobs:list")).content.decode()

    assert "Line cook" in html
    assert "Acme Foods" in html
    assert "1 opening" in html


def test_the_job_quality_explains_each_part_against_the_living_wage(
    client, coach, manager, opening
):
    living_wage_set(
        by=manager,
        year=2026,
        household_type="1a0c",
        hourly_wage=Decimal("25.00"),
        source="Demo figure",
    )
    client.force_login(coach)

    html = client.get(reverse("jobs:detail", args=[opening.pk])).content.decode()

    # wage 20/25 → 32 of 40; health 15; stable schedule 10; 32 hours → 5
    assert "Job quality: 62.0 of 100" in html
    assert "$20.00 is 0.80 × the living wage of $25.00 (2026)." in html
    assert "Standing for long periods" in html


def test_adding_an_opening_through_the_form_sets_its_shifts(client, coach, acme):
    client.force_login(coach)

    response = client.post(reverse("jobs:create"), _form(acme))

    opening = JobOpening.objects.get(title="Prep cook")
    assert response.status_code == 302
    assert opening.shifts == (1 << 1) | (1 << 5)  # Monday day, Tuesday day
    assert opening.community_area_id == 31  # Lower West Side


def test_physical_demands_are_worded_as_what_the_job_asks(client, coach, acme):
    # given a job developer adding an opening
    client.force_login(coach)
    # when the form is shown, and an opening asking for lifting and driving is saved
    form = client.get(reverse("jobs:create")).content.decode()
    client.post(reverse("jobs:create"), {**_form(acme), "physical_demands": ["lifting", "driving"]})
    opening = JobOpening.objects.get(title="Prep cook")
    page = client.get(reverse("jobs:detail", args=[opening.pk])).content.decode()
    # then the choices and the opening's page name the job's demands, not a person's limits
    assert "Lifting more than 25 lb" in form
    assert "Cannot drive" not in form
    assert opening.physical_demands == ["lifting", "driving"]
    assert "<dd>Lifting more than 25 lb, Driving</dd>" in page


def test_a_bad_soc_code_and_closing_date_are_named_and_nothing_saved(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("jobs:create"), _form(acme, occupation="99-9999", closes_on="2026-10-01")
    )

    html = response.content.decode()
    assert "Enter a detailed SOC 2018 code such as 35-2014." in html
    assert "An opening cannot close before it is posted." in html
    assert not JobOpening.objects.exists()


def test_staff_read_the_living_wage_table_but_only_managers_change_it(client, coach, manager):
    client.force_login(coach)
    assert client.get(reverse("jobs:living_wage")).status_code == 200
    denied = client.post(
        reverse("jobs:living_wage"),
        {"year": 2026, "household_type": "1a0c", "hourly_wage": "25", "source": "x"},
    )
    assert denied.status_code == 403
    assert not LivingWage.objects.exists()

    client.force_login(manager)
    client.post(
        reverse("jobs:living_wage"),
        {"year": 2026, "household_type": "1a0c", "hourly_wage": "25.10", "source": "Demo"},
    )
    assert LivingWage.objects.get().hourly_wage == Decimal("25.10")


def test_another_organisations_opening_is_not_found(client, other_coach, opening):
    client.force_login(other_coach)

    assert client.get(reverse("jobs:detail", args=[opening.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_cannot_see_openings(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("jobs:list")).status_code == 403
