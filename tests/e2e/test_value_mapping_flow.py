"""An analyst imports an export coded its own way in a browser: the codes are listed with
their counts and mapped once, and the next file from the same source reuses the mapping
and replaces the first (it has no applicant ids). Every page is checked with axe-core."""

import re

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.e2e.test_participant_flow import sign_in
from tests.factories import OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import Applicant, ImportRun, ImportSource

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HEADER = ["requisition_id", "department", "job_title", "posting_date", "race", "gender", "stage"]
REQ = ["R-7", "Water", "Engineer", "2025-02-03"]
FIRST = [
    [*REQ, "W", "1", "h"],
    [*REQ, "W", "2", "a"],
    [*REQ, "B", "1", "i"],
    [*REQ, "B", "2", "a"],
    [*REQ, "Mexican", "2", "h"],
]
SECOND = [[*REQ, "B", "2", "h"], [*REQ, "W", "1", "a"]]


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture
def analyst(transactional_db):
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    return make_user("ana", Role.ANALYST, southside, first_name="Ana", last_name="Analyst")


def coded_file(rows, name):
    return {"name": name, "mimeType": "text/csv", "buffer": csv_text([HEADER, *rows]).encode()}


def upload(page, rows, name, *, source_name="", source=""):
    page.goto("/equity/imports/new/")
    page.axe.check()
    if source:
        page.get_by_label("Where the file comes from").select_option(label=source)
    if source_name:
        page.get_by_label("Name of a new source").fill(source_name)
    page.get_by_label("File", exact=True).set_input_files(coded_file(rows, name))
    page.get_by_role("button", name="Next: match the columns").click()
    page.wait_for_url(re.compile(r"/equity/imports/\d+/columns/$"))
    page.axe.check()
    assert page.get_by_label("Race and ethnicity").input_value() == "race"
    assert page.get_by_label("Sex").input_value() == "gender"
    page.get_by_role("button", name="Check and import").click()


def test_an_analyst_maps_codes_once_and_the_next_file_reuses_them(page, analyst):
    # given Ana signs in
    sign_in(page, "ana")
    page.wait_for_url(re.compile(r"/$"))
    page.axe.check()
    # when she uploads a file coded W/B, 1/2 and a/i/h
    upload(page, FIRST, "first.csv", source_name="Taleo")
    # then the codes not understood are listed with their counts
    page.wait_for_url(re.compile(r"/equity/imports/\d+/values/$"))
    page.axe.check()
    race = page.get_by_role("table", name=re.compile("Race and ethnicity"))
    assert (
        race.get_by_role("row", name=re.compile("^W")).get_by_role("cell").first.inner_text() == "2"
    )
    assert "Mexican" not in race.inner_text()  # an SPD 15 detailed category, understood
    # when she maps each code
    for code, category in (
        ("W", "White"),
        ("B", "Black or African American"),
        ("1", "Male"),
        ("2", "Female"),
        ("a", "applied"),
        ("i", "interviewed"),
        ("h", "hired"),
    ):
        page.get_by_label(code, exact=True).select_option(label=category)
    page.get_by_role("button", name="Save the mapping and import").click()
    # then the file is imported, one applicant per row
    page.wait_for_url(re.compile(r"/equity/imports/\d+/$"))
    page.axe.check()
    assert page.locator("main").get_by_role("status").inner_text() == (
        "Imported: 5 rows read and saved."
    )
    assert Applicant.objects.filter(eeo_category="hispanic").count() == 1
    assert ImportSource.objects.get(name="Taleo").value_mapping["race_ethnicity"] == {
        "W": "white",
        "B": "black",
    }

    # when she uploads the next file from the same source
    upload(page, SECOND, "second.csv", source="Taleo")
    # then no mapping is asked for, and it replaces the first file's applicants
    page.wait_for_url(re.compile(r"/equity/imports/\d+/$"))
    page.axe.check()
    assert page.locator("main").get_by_role("status").inner_text() == (
        "Imported: 2 rows read and saved."
    )
    assert ImportRun.objects.filter(status="done").count() == 2
    assert sorted(Applicant.objects.values_list("external_id", "eeo_category", "reached")) == [
        ("#2", "black", 5),
        ("#3", "white", 0),
    ]
