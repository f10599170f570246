"""An equity analyst's round in a browser: an applicant-flow file with a bad row is refused
with the row and column to fix, the corrected file imports, and the adverse-impact analysis
of its year shows on the page and downloads as a workbook."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import Applicant, ImportRun, Requisition

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HEADER = [
    "requisition_id", "department", "job_title", "eeo4_category", "posting_date",
    "applicant_id", "race_ethnicity", "sex", "stage_reached", "withdrew",
]  # fmt: skip
ENGINEER = ["R-100", "Water", "Engineer", "Professionals", "2025-02-03"]
CLERK = ["R-200", "Finance", "Clerk", "Administrative support", "2025-04-07"]
# Twelve applicants over two requisitions: four of six White applicants are hired, one of six
# Black applicants is, so the whole process shows adverse impact (ratio 0.25).
ROWS = [
    [*ENGINEER, "E1", "White", "male", "hired", "no"],
    [*ENGINEER, "E2", "White", "female", "hired", "no"],
    [*ENGINEER, "E3", "White", "male", "interviewed", "no"],
    [*ENGINEER, "E4", "Black or African American", "female", "screened", "no"],
    [*ENGINEER, "E5", "Black or African American", "male", "applied", "no"],
    [*ENGINEER, "E6", "Black or African American", "female", "hired", "no"],
    [*CLERK, "C1", "White", "female", "hired", "no"],
    [*CLERK, "C2", "White", "male", "hired", "no"],
    [*CLERK, "C3", "White", "female", "offered", "no"],
    [*CLERK, "C4", "Black or African American", "male", "interviewed", "no"],
    [*CLERK, "C5", "Black or African American", "female", "qualified", "no"],
    [*CLERK, "C6", "Black or African American", "male", "applied", "no"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, tmp_path):
    """Uploads are kept in a scratch folder, and the import runs as soon as it is queued
    (the live server's request commits, then the task runs in the same thread)."""
    settings.VAR_DIR = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture
def analyst(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    return make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")


def flow_file(rows: list[list[str]]) -> dict:
    return {
        "name": "flow-2025.csv",
        "mimeType": "text/csv",
        "buffer": csv_text([HEADER, *rows]).encode(),
    }


def upload_and_import(page, rows: list[list[str]]) -> None:
    """Upload a file, accept the columns Workbridge matched, and wait for the outcome."""
    page.goto("/equity/imports/")
    page.axe.check()
    page.get_by_role("link", name="Import a file").click()
    page.wait_for_url(re.compile(r"/equity/imports/new/$"))
    page.axe.check()
    page.get_by_label("File", exact=True).set_input_files(flow_file(rows))
    page.get_by_role("button", name="Next: match the columns").click()
    page.wait_for_url(re.compile(r"/equity/imports/\d+/columns/$"))
    page.axe.check()
    # every heading of the file is one Workbridge knows, so each field is already matched
    assert page.get_by_label("Race and ethnicity").input_value() == "race_ethnicity"
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(re.compile(r"/equity/imports/\d+/$"))
    page.axe.check()


def test_an_analyst_fixes_a_bad_row_imports_and_downloads_the_analysis(page, analyst):
    # given Ana signs in
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    # when she imports a file whose eighth applicant both gives a race and declines to
    # (a code the file uses its own way would be offered for mapping instead)
    bad = [list(row) for row in ROWS]
    bad[7][6] = "White; prefer not to say"
    upload_and_import(page, bad)
    # then the page names the row (the spreadsheet's, counting the heading) and the column
    main = page.locator("main")
    assert page.get_by_role("alert").get_by_role("heading").inner_text() == (
        "1 problem to fix. Nothing was imported."
    )
    problems = page.get_by_role("table", name=re.compile("^Problems by row and column"))
    cells = problems.get_by_role("row").nth(1).get_by_role("cell").all_inner_texts()
    assert cells[:2] == ["9", "race_ethnicity"]
    assert cells[2].startswith("“Prefer not to say” cannot be combined")
    # and nothing was imported
    assert ImportRun.objects.get().status == "failed"
    assert (Requisition.objects.count(), Applicant.objects.count()) == (0, 0)

    # when she uploads the corrected file
    upload_and_import(page, ROWS)
    # then the summary counts what was imported
    assert main.get_by_role("status").inner_text() == "Imported: 12 rows read and saved."
    changes = page.get_by_role("table", name="What the import changed")
    assert changes.get_by_role("row", name=re.compile("^Requisitions")).get_by_role(
        "cell"
    ).all_inner_texts() == ["2", "0", "0"]
    assert changes.get_by_role("row", name=re.compile("^Applicants")).get_by_role(
        "cell"
    ).all_inner_texts() == ["12", "0", "0"]
    assert (Requisition.objects.count(), Applicant.objects.count()) == (2, 12)

    # when she opens the adverse-impact analysis for 2025
    page.goto("/equity/impact/")
    page.axe.check()
    page.get_by_label("Year").select_option("2025")
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_url(re.compile(r"/equity/impact/\?.*year=2025"))
    page.axe.check()
    # then the whole process's table shows the disparity
    whole = page.get_by_role("table", name=re.compile("^From applied to hired"))
    black = whole.get_by_role("row", name=re.compile("^Black or African American"))
    assert black.is_visible()
    cells = black.get_by_role("cell").all_inner_texts()
    assert cells[:2] == ["6", "1"]
    assert "Adverse impact" in cells
    # when she downloads the workbook
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    # then it opens and holds the same figures
    # (openpyxl goes by the file's extension, which Playwright's saved copy lacks)
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    sheet = book["6. Applied-Hired"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]}
    assert rows["Black or African American"][1:5] == (6, 1, pytest.approx(1 / 6), 0.25)
    assert rows["Black or African American"][5] == "Adverse impact"
    assert rows["White"][1:3] == (6, 4)
    assert rows["All applicants"][1:3] == (12, 5)
    notes = [str(c) for r in book["Notes"].iter_rows(values_only=True) for c in r if c]
    assert "2025" in notes
