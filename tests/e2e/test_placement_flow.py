"""From suggestion to hire in a browser: a participant's suggested openings with their
reasons, a referral through to hired, and the retention checks that follow."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation
from workbridge.placements.models import Placement

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

WEEKDAY_DAYS = sum(1 << (4 * day + 1) for day in range(5))  # Monday to Friday, day shift
WEEKDAY_NIGHTS = sum(1 << (4 * day + 3) for day in range(5))


@pytest.fixture
def world(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    coach = make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")
    rosa = ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        assigned_to=coach,
        availability=WEEKDAY_DAYS,
        min_hourly_wage=Decimal("17.00"),
        last_assessed_on=date.today() - timedelta(days=10),
    )
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    cook = Occupation.objects.get(code="35-2014")
    common = {"occupation": cook, "zip_code": "60623", "posted_on": date.today()}
    day_job = opening_create(
        by=coach,
        employer=acme,
        data={
            **common,
            "title": "Line cook",
            "hourly_wage": Decimal("19.00"),
            "hours_per_week": 35,
            "shifts": WEEKDAY_DAYS,
        },
    )
    opening_create(
        by=coach,
        employer=acme,
        data={
            **common,
            "title": "Overnight prep cook",
            "hourly_wage": Decimal("20.00"),
            "hours_per_week": 35,
            "shifts": WEEKDAY_NIGHTS,
        },
    )
    return rosa, day_job


def move(page, to: str, lands_on: str = r"/placements/referrals/\d+/$") -> None:
    page.get_by_role("combobox", name=re.compile(r"^Move to")).select_option(label=to)
    page.get_by_role("button", name="Save the step").click()
    page.wait_for_url(re.compile(lands_on))
    page.axe.check()


def test_a_case_manager_refers_a_suggested_opening_and_records_the_hire(page, world):
    rosa, day_job = world
    sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()

    # given Rosa's suggested openings, with reasons for and against
    page.goto(f"/participants/{rosa.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Suggested openings").click()
    page.wait_for_url(re.compile(rf"/matching/participants/{rosa.pk}"))
    page.axe.check()
    best = page.get_by_role("region", name="Best openings")
    assert "Line cook" in best.inner_text()
    ruled_out = page.get_by_role("region", name="Openings ruled out").inner_text()
    assert "Overnight prep cook" in ruled_out
    assert "night" in ruled_out.lower()

    # when Alice suggests the line cook job and takes the referral through to a hire
    best.get_by_role("button", name=re.compile("Suggest this opening")).click()
    page.wait_for_load_state("load")
    page.axe.check()
    page.goto(f"/placements/participants/{rosa.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Line cook", exact=True).click()
    page.wait_for_url(re.compile(r"/placements/referrals/\d+"))
    page.axe.check()
    for step in ("Referred", "Interviewing", "Offered"):
        move(page, step)
    page.get_by_label("Start date").fill(date.today().isoformat())
    move(page, "Hired", lands_on=r"/placements/\d+/$")

    # then the placement exists with its four retention checks, due at 30/90/180/365 days
    placement = Placement.objects.get(participant=rosa)
    assert (placement.employer_id, placement.hourly_wage) == (day_job.employer_id, Decimal("19"))
    due = sorted(placement.checks.values_list("due_on", flat=True))
    assert due == [date.today() + timedelta(days=d) for d in (30, 90, 180, 365)]
    assert page.url.endswith(f"/placements/{placement.pk}/")
    checks = page.get_by_role("region", name="Retention checks").inner_text()
    first_due = date.today() + timedelta(days=30)
    assert f"{first_due:%b} {first_due.day}, {first_due.year}" in checks
