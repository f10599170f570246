"""A program director imports the HR plan's five-column file, binds a measure to the
placements metric, placements are recorded, the measure's value and state follow, and the
budget-time status report downloads as a PDF that opens."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook
from pypdf import PdfReader

from tests.e2e.conftest import CHROMIUM
from tests.factories import PASSWORD, OrganisationFactory, ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.employers.models import Employer
from workbridge.placements.models import Placement

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks(settings):
    """The recompute runs as soon as it is queued."""
    settings.TASKS = IMMEDIATE


def plan_file() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Action", "Timeline", "Performance measures", "Implementation plan", "Status"])
    for row in (
        ["Goal area: Workforce Diversity"],
        ["Strategy: Remove barriers in hiring"],
        ["Use structured interviews", "Q2 2027", "Panels meeting the rule", "", "In progress"],
        ["Goal area: Public Safety and Human Services"],
        ["Strategy: Hire from the neighbourhoods served"],
        ["Partner with job programs", "Q4 2027", "", "[x] Sign agreements", "Not started"],
    ):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_director_imports_a_plan_binds_a_measure_and_downloads_the_report(page):
    # given a program director of Southside
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    make_user("maria", Role.MANAGER, southside, first_name="Maria", last_name="Director")
    page.goto("/accounts/login/")
    page.axe.check()
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.axe.check()
    # when she starts the plan and imports its spreadsheet
    page.goto("/plans/")
    page.axe.check()
    page.get_by_role("link", name="New plan").click()
    page.axe.check()
    page.get_by_label("Title").fill("HR Racial Equity Action Plan")
    page.get_by_label("Department").fill("Human Resources")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    page.axe.check()
    plan_url = page.url
    page.get_by_role("link", name="Import a spreadsheet").click()
    page.axe.check()
    page.get_by_label("Plan spreadsheet (XLSX or CSV)").set_input_files(
        {
            "name": "plan.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": plan_file(),
        }
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(plan_url)
    page.axe.check()
    assert page.get_by_text("2 actions imported.").is_visible()
    # and binds a measure of the second action to the placements of this year
    page.get_by_role("link", name="Partner with job programs").click()
    page.axe.check()
    page.get_by_role("link", name="Add a measure").click()
    page.axe.check()
    page.get_by_label(re.compile(r"^Measure:?$")).fill("Residents placed")
    page.get_by_label("Computed from").select_option("placements.count")
    page.get_by_role("button", name="Show this metric's parameters").click()
    page.wait_for_load_state("load")
    page.axe.check()
    page.get_by_label("Year the placements started").fill(str(date.today().year))
    page.get_by_label(re.compile(r"^Baseline:?$")).fill("0")
    page.get_by_label("Target").fill("2")
    page.get_by_role("button", name="Save the measure").click()
    page.wait_for_url(re.compile(r"/plans/measures/\d+/$"))
    page.axe.check()
    measure_url = page.url
    assert page.locator("#measure-value").inner_text().startswith("0")
    assert page.locator("#measure-state").inner_text() == "Off track"
    # when two residents start jobs
    employer = Employer.objects.create(organisation=southside, name="Acme")
    for _ in range(2):
        Placement.objects.create(
            organisation=southside,
            participant=ParticipantFactory(organisation=southside),
            employer=employer,
            job_title="Cook",
            started_on=date.today(),
            hourly_wage=Decimal("21.00"),
            hours_per_week=40,
        )
    # then the measure's value and state follow
    page.goto(measure_url)
    page.axe.check()
    assert page.locator("#measure-value").inner_text().startswith("2")
    assert page.locator("#measure-state").inner_text() == "Target met"
    # and the status report downloads as a PDF that opens
    page.goto(plan_url)
    page.axe.check()
    page.get_by_role("link", name="Status report").click()
    page.axe.check()
    assert page.get_by_text("Residents placed").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Residents placed" in text
    assert "Partner with job programs" in text
