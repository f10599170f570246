"""The import pages: upload, see every problem with its line and column, fix, import."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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


@pytest.mark.parametrize(
    "data",
    [
        b'Employer id,Name\nE1,Acme\r"Birch\nE2,x\n',
        b"Employer id,Name\nE1," + b"x" * 140_000 + b"\n",
    ],
    ids=["garbage", "cell over the csv field limit"],
)
def test_it_refuses_a_csv_it_cannot_read_with_a_reason_and_keeps_nothing(
    client, coach, data, tmp_path
):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile("e.csv", data, "text/csv")},
    )
    # then
    assert response.status_code == 200
    assert "The file cannot be read as CSV" in response.content.decode()
    assert not Employer.objects.exists()
    assert not list((tmp_path / "uploads").glob("*"))
