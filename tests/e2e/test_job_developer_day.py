"""A job developer's day in a browser: the follow-up queue, a call, a pipeline move, and a
review meeting whose invitation opens in a calendar."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import Employer, Interaction, ReviewMeeting
from workbridge.employers.services import contact_add, employer_create, interaction_log

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def job_developer(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    return make_user("jordan", Role.STAFF, southside, first_name="Jordan", last_name="Reyes")


@pytest.fixture
def overdue_employer(job_developer):
    acme = employer_create(by=job_developer, data={"name": "Acme Foods", "owner": job_developer})
    contact_add(
        employer=acme,
        by=job_developer,
        data={"name": "Rosa Díaz", "email": "rosa@acme.example", "phone": "(773) 555-0142"},
    )
    # last called long ago, so the prospect's 14-day follow-up is overdue
    interaction_log(
        by=job_developer,
        employers=[acme],
        kind="call",
        occurred_on=date.today() - timedelta(days=40),
        outcome="left_message",
    )
    return acme


def test_a_job_developer_works_the_queue_moves_an_employer_and_invites_them(
    page, job_developer, overdue_employer
):
    # given Jordan signs in and opens the follow-up queue
    sign_in(page, "jordan")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    main_menu = page.get_by_role("navigation", name="Main")
    main_menu.get_by_role("button", name="Employers").click()
    main_menu.get_by_role("link", name="My follow-ups").click()
    page.wait_for_url(re.compile(r"/employers/follow-ups/$"))
    page.axe.check()
    row = page.get_by_role("row").filter(has_text="Acme Foods")
    assert "Overdue" in row.inner_text()

    # when Jordan opens the call screen and logs the call
    row.get_by_role("link", name=re.compile("Call screen")).click()
    page.wait_for_url(re.compile(rf"/employers/{overdue_employer.pk}/call"))
    page.axe.check()
    page.get_by_label("Outcome").select_option("reached")
    page.get_by_label("Summary").fill("Talked about two openings for line cooks.")
    page.get_by_role("button", name="Log the call").click()
    page.wait_for_load_state("load")
    page.axe.check()

    # then the call is on record and the employer is no longer overdue
    call = Interaction.objects.filter(employers=overdue_employer).latest("id")
    assert (call.kind, call.outcome, call.occurred_on) == ("call", "reached", date.today())
    overdue_employer.refresh_from_db()
    assert overdue_employer.last_contact_on == date.today()
    assert overdue_employer.next_follow_up_on == date.today() + timedelta(days=14)

    # when Jordan moves the employer along the pipeline from its page, by keyboard-usable form
    page.goto(f"/employers/{overdue_employer.pk}/")
    page.axe.check()
    page.get_by_label("Move to").select_option("qualified")
    page.get_by_label("Reason").fill("Confirmed two openings a quarter")
    page.get_by_role("button", name="Move", exact=True).click()
    page.wait_for_url(re.compile(rf"/employers/{overdue_employer.pk}/$"))
    page.axe.check()
    assert Employer.objects.get(pk=overdue_employer.pk).stage == "qualified"

    # and schedules a review meeting
    page.get_by_role("link", name="Schedule a review meeting").click()
    page.wait_for_url(re.compile(r"/employers/meetings/new"))
    page.axe.check()
    page.get_by_label("Title").fill("Spring community impact review")
    page.get_by_label("Date").fill((date.today() + timedelta(days=21)).isoformat())
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends").fill("11:00")
    page.get_by_label("Place or link").fill("Southside Works, 2700 S Kedzie Ave")
    page.get_by_role("button", name="Schedule", exact=True).click()
    page.wait_for_url(re.compile(r"/employers/meetings/\d+/$"))
    page.axe.check()
    meeting = ReviewMeeting.objects.get(title="Spring community impact review")
    assert list(meeting.employers.all()) == [overdue_employer]

    # then its invitation downloads as a calendar file
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the calendar file (.ics)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Spring community impact review"
    assert str(event["uid"]) == meeting.uid
    assert str(event["attendee"]) == "mailto:rosa@acme.example"
