"""The import pages: upload, see every problem with its line and column, fix, import."""

from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.hostile_files import zip_bomb_xlsx
from workbridge.employers.models import Employer

GOOD = b"Employer id,Name,Stage\nE1,Acme Foods,active\nE2,Birch Logistics,prospect\n"
BAD = b"Employer id,Name,Stage\nE1,Acme Foods,active\nE2,,sideways\n"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _upload(client, data: bytes, name: str = "employers.csv"):
    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile(name, data, "text/csv")},
    )
    assert response.status_code == 302
    return response["Location"]


def _mapping():
    return {"map-external_id": "Employer id", "map-name": "Name", "map-stage": "Stage"}


def test_a_bad_row_is_shown_with_its_line_and_column_and_nothing_is_saved(client, coach):
    client.force_login(coach)
    url = _upload(client, BAD)

    page = client.get(url)
    assert "selected>Employer id</option>" in page.content.decode()
    response = client.post(url, _mapping())

    html = response.content.decode()
    assert "2 problems to fix. Nothing was imported." in html
    assert "<td>3</td><td>Name</td><td>This value is required.</td>" in html
    assert "<td>3</td><td>Stage</td>" in html
    assert not Employer.objects.exists()


def test_a_good_file_is_checked_then_imported_once(client, coach):
    client.force_login(coach)
    url = _upload(client, GOOD)

    checked = client.post(url, _mapping())
    assert "All 2 rows checked and ready to import." in checked.content.decode()
    assert not Employer.objects.exists()
    done = client.post(url, {**_mapping(), "confirm": "1"}, follow=True)

    assert "Imported 2 rows: 2 new, 0 updated, 0 unchanged." in done.content.decode()
    assert sorted(Employer.objects.values_list("name", flat=True)) == [
        "Acme Foods",
        "Birch Logistics",
    ]


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(client, coach):
    client.force_login(coach)

    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()


def test_nobody_can_read_another_users_upload(client, coach, manager):
    client.force_login(coach)
    url = _upload(client, GOOD)
    token = parse_qs(urlparse(url).query)["token"][0]

    client.force_login(manager)
    response = client.get(reverse("employers:import_map") + f"?kind=employers&token={token}")

    assert response.status_code == 302
    assert response["Location"] == reverse("employers:import")


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_cannot_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:import")).status_code == 403


# Hostile files: refused at once with a reason, nothing kept. ---------------------


def _refused(client, data: bytes, name: str) -> str:
    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_utf16_file_with_a_byte_order_mark_is_read(client, coach):
    client.force_login(coach)
    url = _upload(client, GOOD.decode().encode("utf-16"))

    checked = client.post(url, _mapping())

    assert "All 2 rows checked and ready to import." in checked.content.decode()


def test_a_heading_given_to_two_columns_is_refused_by_name(client, coach, tmp_path):
    client.force_login(coach)

    html = _refused(client, b"Employer id,Name,NAME\nE1,Acme,Birch\n", "employers.csv")

    assert (
        "More than one column is headed Name. Give each column its own heading and upload "
        "the file again."
    ) in html
    assert not (tmp_path / "uploads").exists()


def test_a_zip_bomb_is_refused_before_it_is_parsed(client, coach, monkeypatch):
    client.force_login(coach)
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the bomb was parsed")
    )

    html = _refused(client, zip_bomb_xlsx(), "employers.xlsx")

    assert "The spreadsheet unpacks to more than 100 times its size" in html
    assert not Employer.objects.exists()


def test_a_file_over_the_row_limit_is_refused(client, coach, settings):
    settings.WORKBRIDGE_IMPORT_MAX_ROWS = 1
    client.force_login(coach)

    html = _refused(client, GOOD, "employers.csv")

    assert "The file has more than 1 rows. Split it and import each part." in html


def test_a_field_over_the_csv_limit_is_refused_with_its_line(client, coach):
    client.force_login(coach)

    html = _refused(client, b"Employer id,Name\nE1,Acme\nE2," + b"x" * 200_000, "e.csv")

    assert "A cell on line 3 is longer than 131,072 characters." in html


def test_control_characters_never_reach_the_database(client, coach):
    client.force_login(coach)
    url = _upload(client, b'Employer id,Name,Stage\nE1,"Ctrl\x01\x0bChar\x00",active\n')

    client.post(url, {**_mapping(), "confirm": "1"})

    assert list(Employer.objects.values_list("external_id", "name")) == [("E1", "CtrlChar")]
