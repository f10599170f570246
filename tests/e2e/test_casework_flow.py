"""Case work in a browser: a participant's plan and reminder opt-in, a cover letter and its
PDF, a workshop's attendance, and the retention plan drafted at hire. Every page is checked
with axe-core."""

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
from workbridge.people.models import (
    Milestone,
    Occupation,
    ReminderConsent,
    SupportGiven,
    WorkHistory,
)
from workbridge.placements.models import CoverLetter, Placement
from workbridge.placements.services import placement_record

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def world(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    coach = make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")
    today = date.today()
    rosa = ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        email="rosa@example.org",
        phone="312-555-0100",
        preferred_language="es",
        assigned_to=coach,
        resume_summary="Reliable line cook with five years in busy kitchens.",
    )
    Milestone.objects.create(participant=rosa, title="Resume drafted", due_on=today + timedelta(2))
    Milestone.objects.create(
        participant=rosa, title="Mock interview completed", due_on=today + timedelta(20)
    )
    WorkHistory.objects.create(
        participant=rosa,
        employer_name="Lakeside Diner",
        job_title="Line cook",
        started_on=date(2022, 1, 1),
        ended_on=date(2023, 1, 1),
        end_reason="let_go",
        loss_factors=["transportation"],
    )
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    opening = opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("19.00"),
            "hours_per_week": 35,
            "zip_code": "60623",
            "posted_on": today,
        },
    )
    return coach, rosa, opening


def test_a_case_manager_works_through_a_participants_plan_letter_workshop_and_hire(page, world):
    coach, rosa, opening = world
    sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()

    # The plan, in Rosa's language, and her agreement to text reminders
    page.goto(f"/participants/{rosa.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Plan and reminders").click()
    page.wait_for_url(re.compile(rf"/participants/{rosa.pk}/plan$"))
    page.axe.check()
    plan = page.get_by_role("region", name="The plan as the participant reads it")
    assert plan.get_attribute("lang") == "es"
    assert "Currículum redactado" in plan.inner_text()  # in Rosa's language
    page.get_by_label("The participant agrees to reminders by text message").check()
    page.get_by_role("button", name="Save reminder choices").click()
    page.wait_for_url(re.compile(rf"/participants/{rosa.pk}/plan$"))
    page.axe.check()
    consent = ReminderConsent.objects.get(participant=rosa)
    assert (consent.by_text, consent.by_email, consent.recorded_by) == (True, False, coach)

    # A cover letter for the line cook opening, edited and downloaded as PDF
    page.goto(f"/placements/participants/{rosa.pk}/openings/{opening.pk}/cover-letter")
    page.axe.check()
    letter = page.get_by_label("Letter")
    assert "Dear hiring manager at Acme Foods," in letter.input_value()
    letter.fill("Dear Ms. Lee,\n\nI would like to cook for Acme Foods.\n\nRosa Alvarez")
    page.get_by_role("button", name="Save the letter").click()
    page.wait_for_load_state("load")
    page.axe.check()
    assert CoverLetter.objects.get().body.startswith("Dear Ms. Lee,")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    assert download.value.suggested_filename == "cover-letter-rosa-alvarez-acme-foods.pdf"

    # A job-search workshop held today: Rosa registered and marked as attending
    page.goto("/participants/workshops/")
    page.axe.check()
    page.get_by_role("link", name="Schedule a workshop").click()
    page.wait_for_url(re.compile(r"/participants/workshops/new$"))
    page.axe.check()
    page.get_by_label("Kind").select_option(label="Job-search workshop")
    page.get_by_label("Title").fill("Searching online")
    page.get_by_label("Date").fill(date.today().isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/participants/workshops/\d+/$"))
    page.axe.check()
    page.get_by_label("Participant").select_option(label="Rosa Alvarez")
    page.get_by_role("button", name="Add to the roster").click()
    page.wait_for_url(re.compile(r"/participants/workshops/\d+/$"))
    page.axe.check()
    page.get_by_role("checkbox", name="Rosa Alvarez").check()
    page.get_by_role("button", name="Save attendance").click()
    page.wait_for_url(re.compile(r"/participants/workshops/\d+/$"))
    page.axe.check()
    assert SupportGiven.objects.get(participant=rosa).kind == "search_workshop"

    # Hired: the retention plan is drafted from the job lost to transportation
    placement_record(
        participant=rosa,
        employer=opening.employer,
        opening=opening,
        started_on=date.today(),
        by=coach,
    )
    placement = Placement.objects.get(participant=rosa)
    page.goto(f"/placements/{placement.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Review and confirm the retention plan").click()
    page.wait_for_url(re.compile(rf"/placements/{placement.pk}/retention-plan$"))
    page.axe.check()
    assert page.get_by_label("Transportation help").is_checked()
    assert not page.get_by_label("Childcare help").is_checked()
    page.get_by_label("Notes for the first weeks").fill("Transit card for the first month.")
    page.get_by_role("button", name="Confirm the plan").click()
    page.wait_for_url(re.compile(rf"/placements/{placement.pk}/$"))
    page.axe.check()
    assert "Confirmed on" in page.get_by_role("region", name="Retention plan").inner_text()
    placement.retention_plan.refresh_from_db()
    assert placement.retention_plan.is_confirmed
