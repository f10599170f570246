"""A job developer opens an employer's community impact report, downloads the PDF and sends
it; the employer partner signs in, sees that report, and gets 404 for another employer's."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.impact_report import Period
from workbridge.employers.impact_sends import impact_snapshot_create
from workbridge.employers.models import EmployerPartner, ImpactSnapshot
from workbridge.employers.services import contact_add, employer_create
from workbridge.placements.models import Placement

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


def last_quarter() -> Period:
    from workbridge.employers.impact_report import last_complete

    return last_complete("quarter", date.today())


@pytest.fixture
def world(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    jordan = make_user("jordan", Role.STAFF, southside, first_name="Jordan", last_name="Reyes")
    acme = employer_create(by=jordan, data={"name": "Acme Foods", "owner": jordan})
    contact_add(employer=acme, by=jordan, data={"name": "Rosa Díaz", "email": "rosa@acme.test"})
    quarter = last_quarter()
    for n in range(14):
        who = ParticipantFactory(organisation=southside, zip_code="60644", community_area_id=25)
        Placement.objects.create(
            organisation=southside,
            participant=who,
            employer=acme,
            job_title="Packer",
            started_on=quarter.since + timedelta(days=n),
            hourly_wage=Decimal("21.00"),
            hours_per_week=40,
        )
    other = employer_create(by=jordan, data={"name": "Other Co", "owner": jordan})
    theirs = impact_snapshot_create(employer=other, period=quarter, by=jordan)
    erin = make_user("erin", Role.EMPLOYER, southside, first_name="Erin", last_name="Walsh")
    EmployerPartner.objects.create(user=erin, employer=acme)
    return {"acme": acme, "theirs": theirs}


def test_a_report_is_opened_downloaded_sent_and_seen_by_its_employer_only(
    page, world, tmp_path: Path
):
    acme = world["acme"]
    # given Jordan opens Acme's page and its community impact report
    sign_in(page, "jordan")
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    page.goto(f"/employers/{acme.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Community impact report").click()
    page.wait_for_url(re.compile(rf"/employers/{acme.pk}/impact/"))
    page.axe.check()
    assert page.get_by_role("heading", name="Community impact: Acme Foods").is_visible()
    assert (
        "14 people from the program started work" in page.locator(".impact-narrative").inner_text()
    )
    # when Jordan downloads the PDF, it opens and shows the same figures
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF").click()
    saved = tmp_path / "report.pdf"
    download_info.value.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Acme Foods" in text and "14" in text and "$21.00" in text
    # and sends it to the contacts
    page.get_by_role("button", name="Keep and send to the contacts").click()
    page.wait_for_url(re.compile(rf"/employers/{acme.pk}/impact/kept/\d+/"))
    page.axe.check()
    assert page.get_by_text("sent to 1 of 1 contacts").is_visible()
    mine = ImpactSnapshot.objects.get(employer=acme)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.axe.check()

    # then Erin, Acme's partner login, sees that report
    sign_in(page, "erin")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Your community impact"
    ).click()
    page.wait_for_url(re.compile(r"/employers/partner/$"))
    page.axe.check()
    page.get_by_role("link", name=re.compile("Community impact report")).first.click()
    page.wait_for_url(re.compile(rf"/employers/partner/reports/{mine.pk}/"))
    page.axe.check()
    assert page.get_by_role("heading", name="Community impact: Acme Foods").is_visible()
    # and another employer's report is not found
    response = page.request.get(f"/employers/partner/reports/{world['theirs'].pk}/")
    assert response.status == 404
