"""A job developer pre-screens a candidate for hiring incentives, prepares the business case
for an employer with the candidate's consent and sends it; every page is axe-core clean."""

import re
from datetime import date

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import Interaction, MessageSent, MessageTemplate
from workbridge.employers.services import contact_add, employer_create
from workbridge.people.models import IncentiveAnswers

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
def candidate(job_developer):
    rosa = ParticipantFactory(
        organisation=job_developer.membership.organisation,
        first_name="Rosa",
        last_name="Alvarez",
        assigned_to=job_developer,
        benefits=["snap"],
        needs_fair_chance=True,
    )
    IncentiveAnswers.objects.create(
        participant=rosa, birth_date=date(1994, 2, 1), snap_months_past_6=6
    )
    return rosa


@pytest.fixture
def employer(job_developer):
    acme = employer_create(by=job_developer, data={"name": "Acme Foods", "owner": job_developer})
    contact_add(
        employer=acme,
        by=job_developer,
        data={"name": "Dana Lee", "email": "dana@acme.example"},
    )
    MessageTemplate.objects.create(
        organisation=acme.organisation,
        name="A candidate for you",
        subject_en="A candidate for {{ employer_name }}",
        body_en="Dear {{ contact_name }}, the attached page introduces a candidate.",
    )
    return acme


def test_a_job_developer_sends_the_business_case(page, job_developer, candidate, employer):
    # given Jordan opens Rosa's hiring incentives from her profile (the PDF the send
    # attaches is laid out in the request, so allow a busy test machine more time)
    page.set_default_timeout(60_000)
    sign_in(page, "jordan")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    page.goto(f"/participants/{candidate.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Hiring incentives").click()
    page.wait_for_url(re.compile(rf"/participants/{candidate.pk}/incentives$"))
    page.axe.check()
    assert "SNAP recipient" in page.get_by_role("table").first.inner_text()

    # when Jordan prepares the business case with Rosa's consent
    page.get_by_role("link", name="Prepare a business case").click()
    page.axe.check()
    page.get_by_label("Employer:", exact=True).select_option(label="Acme Foods")
    page.get_by_label("How they agreed").fill("Signed the release form")
    page.get_by_label(re.compile("The participant agreed that")).check()
    page.get_by_label("Training and experience to highlight").fill(
        "Twelve weeks on our catering line; ServSafe."
    )
    page.get_by_role("button", name="Prepare the business case").click()
    page.wait_for_url(re.compile(r"/placements/business-cases/\d+/$"))
    page.axe.check()
    one_pager = page.get_by_role("article")
    assert "Twelve weeks on our catering line" in one_pager.inner_text()
    assert "Free fidelity bond" in one_pager.inner_text()

    # and sends it to the employer's contact with a message template
    page.get_by_label("Send to").select_option(label="Dana Lee <dana@acme.example>")
    page.get_by_label("Message:", exact=True).select_option(label="A candidate for you")
    page.get_by_role("button", name="Send the business case").click()
    page.wait_for_load_state("load")
    page.axe.check()

    # then it went out and is on the employer's history
    assert "Business case sent to Dana Lee" in page.get_by_role("status").first.inner_text() or (
        "Business case sent to Dana Lee" in page.content()
    )
    sent = MessageSent.objects.get(employer=employer)
    assert (sent.status, sent.to_address) == ("sent", "dana@acme.example")
    assert Interaction.objects.filter(employers=employer, kind="email").exists()
