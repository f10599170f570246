"""An analyst's round of workforce mobility in a browser: two yearly rosters imported, the
title crosswalk reviewed, the promotion report read with its one adverse finding, and the
report downloaded; every page checked with axe-core."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from tests.workforce.data import rosters
from workbridge.accounts.models import Role
from workbridge.workforce.models import Snapshot, TitleCategory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture
def analyst(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    return make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")


def import_roster(page, content: bytes, as_of: str) -> None:
    page.goto("/workforce/")
    page.axe.check()
    page.get_by_role("link", name="Import a roster").click()
    page.wait_for_url(re.compile(r"/workforce/rosters/new/$"))
    page.axe.check()
    page.get_by_label("Roster date").fill(as_of)
    page.get_by_label("File", exact=True).set_input_files(
        {"name": f"roster-{as_of}.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/workforce/rosters/\d+/columns/$"))
    page.axe.check()
    assert page.get_by_label("Race and ethnicity").input_value() == "Race"
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url(re.compile(r"/workforce/rosters/\d+/$"))
    page.axe.check()


def test_an_analyst_imports_two_rosters_reviews_titles_and_exports_the_promotion_report(
    page, analyst
):
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    first, second = rosters()
    import_roster(page, first, "2023-01-01")
    assert "Imported: 200 employees" in page.locator("main").get_by_role("status").inner_text()
    import_roster(page, second, "2024-01-01")
    assert "Imported: 198 employees" in page.locator("main").get_by_role("status").inner_text()
    assert Snapshot.objects.count() == 2

    # the crosswalk: both titles wait for review; she sets them and saves
    page.get_by_role("link", name="Review job categories").click()
    page.wait_for_url(re.compile(r"/workforce/titles/"))
    page.axe.check()
    page.get_by_label("EEO-4 job category of Clerk").select_option("admin_support")
    page.get_by_label("EEO-4 job category of Senior clerk").select_option("admin_support")
    page.get_by_role("button", name="Save these categories as reviewed").click()
    page.wait_for_load_state()
    page.axe.check()
    assert TitleCategory.objects.filter(reviewed=True).count() == 2

    # the promotion report: one adverse finding, flagged
    page.goto("/workforce/reports/mobility/")
    page.axe.check()
    notes = page.locator(".report-notes li").all_inner_texts()
    findings = [n for n in notes if "below four-fifths" in n]
    assert len(findings) == 1 and "Black or African American" in findings[0]
    table = page.get_by_role("table", name=re.compile("^Movement between consecutive rosters"))
    black = table.get_by_role("row", name=re.compile("^Black or African American"))
    assert "Adverse, significant" in black.get_by_role("cell").all_inner_texts()
    page.set_viewport_size({"width": 390, "height": 844})
    page.axe.check()
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    book = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    values = [c for sheet in book.worksheets for r in sheet.iter_rows(values_only=True) for c in r]
    assert "Adverse, significant" in values
