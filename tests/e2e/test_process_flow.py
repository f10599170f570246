"""An equity analyst's application-process analysis in a browser: she imports the
application-session events and the optional-step outcomes, then reads the application
process report and the optional-steps report (skipped told apart from failed)."""

import re
from datetime import date

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import (
    Applicant,
    ApplicationSessionEvent,
    OptionalStepOutcome,
    Requisition,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

# A1 and A2 (Black) submit; A3 (Hispanic) asks for help and never submits.
EVENTS = [
    ["applicant_id", "session", "step", "event", "minutes"],
    ["A1", "1", "Contact details", "started", "0"],
    ["A1", "1", "Review", "submitted", "30"],
    ["A2", "1", "Contact details", "started", "0"],
    ["A2", "2", "Review", "submitted", "20"],
    ["A3", "1", "Contact details", "started", "0"],
    ["A3", "1", "Work history", "help requested", "8"],
]
# A1 passed the phone interview, A2 did not, A3 was not offered it.
STEPS = [
    ["applicant_id", "step", "outcome"],
    ["A1", "Phone interview", "passed"],
    ["A2", "Phone interview", "failed"],
    ["A3", "Phone interview", "not offered"],
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
    for external_id, eeo in [("A1", "black"), ("A2", "black"), ("A3", "hispanic")]:
        Applicant.objects.create(
            organisation=southside,
            requisition=requisition,
            external_id=external_id,
            eeo_category=eeo,
            sex="female",
        )
    return analyst


def upload(page, rows, name):
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": csv_text(rows).encode()}
    )
    page.get_by_role("button", name="Check and import").click()


def test_an_analyst_imports_sessions_and_optional_steps_and_reads_both_reports(page, analyst):
    # given Ana opens the hiring-equity overview
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    page.goto("/equity/")
    page.axe.check()

    # when she imports a file with a bad event
    page.get_by_role("link", name="Import application-session events").click()
    page.wait_for_url(re.compile(r"/equity/process/sessions/import/$"))
    page.axe.check()
    upload(page, [*EVENTS, ["A3", "1", "Review", "clicked", "9"]], "events.csv")
    # then the problem names its line and column, and nothing is imported
    problems = page.get_by_role("table", name=re.compile("^Problems"))
    assert problems.get_by_role("row", name=re.compile("^8")).is_visible()
    assert "“clicked” is not an event" in problems.inner_text()
    page.axe.check()
    assert not ApplicationSessionEvent.objects.exists()

    # when she imports the corrected file
    upload(page, EVENTS, "events.csv")
    page.wait_for_url(re.compile(r"/equity/reports/application-process/$"))
    page.axe.check()
    # then the report shows completion by group
    assert page.get_by_text("Imported 6 application-session events.").is_visible()
    table = page.get_by_role("table", name="Application process by race and ethnicity")
    black = table.get_by_role("row", name=re.compile("^Black or African American"))
    assert black.get_by_role("cell").all_inner_texts()[:3] == ["2", "2", "100.0%"]
    hispanic = table.get_by_role("row", name=re.compile("^Hispanic or Latino"))
    assert hispanic.get_by_role("cell").all_inner_texts()[:3] == ["1", "0", "0.0%"]
    assert page.get_by_role("img", name=re.compile("^Bar chart of the share")).first.is_visible()

    # when she imports the optional steps
    page.goto("/equity/process/steps/import/")
    page.axe.check()
    upload(page, STEPS, "steps.csv")
    page.wait_for_url(re.compile(r"/equity/reports/optional-steps/$"))
    page.axe.check()
    assert OptionalStepOutcome.objects.count() == 3
    # then the one not offered the step is counted apart, not as failing
    table = page.get_by_role("table", name=re.compile("^Phone interview: pass rates"))
    black = table.get_by_role("row", name=re.compile("^Black or African American"))
    assert black.get_by_role("cell").all_inner_texts()[:5] == ["2", "1", "1", "0", "50.0%"]
    hispanic = table.get_by_role("row", name=re.compile("^Hispanic or Latino"))
    assert hispanic.get_by_role("cell").all_inner_texts()[:4] == ["0", "0", "0", "1"]

    # when she turns on publication mode, the small counts are hidden
    page.locator("label", has_text="For publication (hide small counts)").click()
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(re.compile(r"publication=on"))
    page.axe.check()
    table = page.get_by_role("table", name=re.compile("^Phone interview: pass rates"))
    assert "hidden" in table.inner_text()
