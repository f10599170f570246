"""A case manager signs in, enrols a participant and records their readiness, in a browser."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.factories import PASSWORD, OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.people.models import Participant

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

# One answer per question of the default questionnaire; the second is reverse scored,
# so the score is (3 + (4 - 1) + 2 + 4 + 0 + 3 + 2 + 1) / 32 = 56.25 → 56.3.
ANSWERS = ["3 — Mostly", "1 — A little", "2 — Somewhat", "4 — Completely",
           "0 — Not at all", "3 — Mostly", "2 — Somewhat", "1 — A little"]  # fmt: skip


@pytest.fixture
def case_manager(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    return make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")


def sign_in(page, username: str) -> None:
    page.goto("/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.axe.check()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_enrols_a_participant_and_records_their_readiness(page, case_manager):
    # given Alice signs in and lands on her caseload
    sign_in(page, "alice")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    assert page.get_by_role("heading", level=1).inner_text() == "My caseload"

    # when she enrols Rosa through the intake form
    page.get_by_role("main").get_by_role("link", name="New participant").click()
    page.wait_for_url(re.compile(r"/participants/new$"))
    page.axe.check()
    today = date.today()
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Alvarez")
    page.get_by_label("Home ZIP code").fill("60623")
    page.get_by_label("Enrolled on").fill(today.isoformat())
    page.get_by_label("Planned exit").fill((today + timedelta(days=180)).isoformat())
    page.get_by_label("Monday morning").check()
    page.get_by_label("Wednesday day").check()
    page.get_by_role("button", name="Enrol the participant").click()

    # then her page opens
    page.wait_for_url(re.compile(r"/participants/\d+/$"))
    page.axe.check()
    rosa = Participant.objects.get(first_name="Rosa", last_name="Alvarez")
    assert page.url.endswith(f"/participants/{rosa.pk}/")
    assert "Rosa Alvarez" in page.get_by_role("heading", level=1).inner_text()
    assert rosa.community_area_id == 30
    assert rosa.milestones.count() == 8
    assert page.get_by_text("No readiness assessment recorded yet.").is_visible()

    # when Alice records a readiness assessment
    page.get_by_role("link", name="Record an assessment").click()
    page.wait_for_url(re.compile(rf"/participants/{rosa.pk}/assessments/new$"))
    page.axe.check()
    questions = page.locator("form fieldset")
    assert questions.count() == len(ANSWERS)
    for i, answer in enumerate(ANSWERS):
        questions.nth(i).get_by_label(answer).check()
    page.get_by_role("button", name="Record the assessment").click()

    # then the participant's page shows the score
    page.wait_for_url(re.compile(rf"/participants/{rosa.pk}/"))
    page.axe.check()
    readiness = page.get_by_role("region", name="Job readiness")
    assert "Latest readiness score: 56.3 out of 100" in readiness.inner_text()
    assert rosa.assessments.get().score == Decimal("56.3")
