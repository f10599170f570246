"""An equity analyst's job fair in a browser: she adds the fair, imports its interest list
(the people who applied are linked by their applicant id), and reads the fair's funnel from
interest to hire by community area and group."""

import re
from datetime import date

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import Applicant, JobFair, JobFairInterest, Requisition

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

# Six people told the fair they were interested; three of them applied (A1 hired, A2 offered,
# A3 screened). Four live in Austin (60644), two in South Lawndale (60623).
INTEREST = [
    ["person_id", "race_ethnicity", "sex", "home_zip", "applicant_id"],
    ["P1", "Black or African American", "female", "60644", "A1"],
    ["P2", "Black or African American", "male", "60644", "A2"],
    ["P3", "Black or African American", "female", "60644", ""],
    ["P4", "Hispanic or Latino", "female", "60644", "A3"],
    ["P5", "Hispanic or Latino", "male", "60623", ""],
    ["P6", "White", "male", "60623", ""],
]


@pytest.fixture
def analyst(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    analyst = make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")
    requisition = Requisition.objects.create(
        organisation=southside,
        external_id="R-1",
        department="Water",
        job_title="Laborer",
        year=2025,
        posting_date=date(2025, 4, 1),
    )
    for external_id, eeo, sex, reached, area in [
        ("A1", "black", "female", 5, 25),
        ("A2", "black", "male", 4, 25),
        ("A3", "hispanic", "female", 1, 25),
    ]:
        Applicant.objects.create(
            organisation=southside,
            requisition=requisition,
            external_id=external_id,
            eeo_category=eeo,
            sex=sex,
            reached=reached,
            community_area_id=area,
        )
    return analyst


def test_an_analyst_adds_a_fair_imports_its_interest_list_and_reads_its_funnel(page, analyst):
    # given Ana signs in and opens the job fairs
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    page.goto("/sourcing/fairs/")
    page.axe.check()
    assert page.locator("main .empty").is_visible()
    # when she adds a fair
    page.get_by_role("link", name="Add a job fair").click()
    page.wait_for_url(re.compile(r"/sourcing/fairs/new/$"))
    page.axe.check()
    page.get_by_label("Name").fill("Austin Careers Expo")
    page.get_by_label("Date").fill("2025-03-15")
    page.get_by_label("Location").fill("Austin Town Hall")
    page.get_by_label("Community area").select_option(label="Austin")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/sourcing/fairs/\d+/$"))
    page.axe.check()
    fair = JobFair.objects.get()
    assert (fair.name, fair.date) == ("Austin Careers Expo", date(2025, 3, 15))
    # then the funnel says nobody is recorded yet
    assert page.get_by_text("Nobody is recorded for this fair yet").is_visible()

    # when she imports the interest list
    page.get_by_role("link", name="Import the interest list").click()
    page.wait_for_url(re.compile(r"/sourcing/fairs/\d+/interest/$"))
    page.axe.check()
    page.get_by_label("Interest list (CSV or XLSX)").set_input_files(
        {
            "name": "austin-interest.csv",
            "mimeType": "text/csv",
            "buffer": csv_text(INTEREST).encode(),
        }
    )
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(re.compile(r"/sourcing/fairs/\d+/$"))
    page.axe.check()
    # then the six people are on the list, three linked to their applications
    assert JobFairInterest.objects.filter(job_fair=fair).count() == 6
    assert JobFairInterest.objects.filter(job_fair=fair, applicant__isnull=False).count() == 3
    assert page.get_by_text("Imported the interest list: 6 people.").is_visible()

    # and the funnel reads interested → applied → offered → hired
    funnel = page.get_by_role("table", name=re.compile("^People at Austin Careers Expo"))
    everyone = funnel.get_by_role("row", name=re.compile("^Everyone")).last
    assert everyone.get_by_role("cell").all_inner_texts()[:4] == ["6", "3", "2", "1"]
    black = funnel.get_by_role("row", name=re.compile("^Black or African American")).first
    assert black.get_by_role("cell").all_inner_texts()[:4] == ["3", "2", "2", "1"]
    assert page.get_by_role("img", name=re.compile("^Bar chart of how many people")).is_visible()

    # when she turns on publication mode, the small counts are hidden
    # (the design system draws its own box over the input: click the label, as people do)
    page.locator("label", has_text="For publication (hide small counts)").click()
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"publication=on"))
    page.axe.check()
    funnel = page.get_by_role("table", name=re.compile("^People at Austin Careers Expo"))
    assert "hidden" in funnel.inner_text()
