"""The import pages: upload, see every problem with its line and column, fix, import."""

import io
import os
import time
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.hostile_files import zip_bomb_xlsx
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Employer, SheetImport
from workbridge.web.leases import worker_identity

GOOD = b"Employer id,Name,Stage\nE1,Acme Foods,active\nE2,Birch Logistics,prospect\n"
BAD = b"Employer id,Name,Stage\nE1,Acme Foods,active\nE2,,sideways\n"


IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, disk_file_store):
    settings.TASKS = IMMEDIATE


def _upload(client, data: bytes, name: str = "employers.csv") -> SheetImport:
    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile(name, data, "text/csv")},
    )
    run = SheetImport.objects.order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:import_map", args=[run.pk])
    return run


def _mapping():
    return {"map-external_id": "Employer id", "map-name": "Name", "map-stage": "Stage"}


def _check(client, run, capture):
    with capture(execute=True):
        response = client.post(reverse("employers:import_map", args=[run.pk]), _mapping())
    assert response["Location"] == reverse("employers:import_run", args=[run.pk])
    return client.get(response["Location"]).content.decode()


def test_a_bad_row_is_shown_with_its_line_and_column_and_nothing_is_saved(
    client, coach, django_capture_on_commit_callbacks
):
    # given
    client.force_login(coach)
    run = _upload(client, BAD)
    page = client.get(reverse("employers:import_map", args=[run.pk]))
    assert "selected>Employer id</option>" in page.content.decode()
    # when
    html = _check(client, run, django_capture_on_commit_callbacks)
    # then
    assert "2 problems to fix. Nothing was imported." in html
    assert "<td>3</td><td>Name</td><td>This value is required.</td>" in html
    assert "<td>3</td><td>Stage</td>" in html
    assert not Employer.objects.exists()


def test_a_good_file_is_checked_then_imported_once_by_the_worker(
    client, coach, django_capture_on_commit_callbacks
):
    # given
    client.force_login(coach)
    run = _upload(client, GOOD)
    # when
    checked = _check(client, run, django_capture_on_commit_callbacks)
    # then
    assert "All 2 rows checked and ready to import." in checked
    assert not Employer.objects.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:import_load", args=[run.pk]))
    done = client.get(reverse("employers:import_run", args=[run.pk])).content.decode()
    # then
    assert "Imported 2 rows: 2 new, 0 updated, 0 unchanged." in done
    assert "hx-get" not in done
    assert sorted(Employer.objects.values_list("name", flat=True)) == [
        "Acme Foods",
        "Birch Logistics",
    ]
    run.refresh_from_db()
    assert (run.status, run.stored_file) == ("done", "")
    assert AuditEvent.objects.filter(object_type="import.employers").count() == 1


def test_a_run_under_way_polls_for_its_progress(client, coach):
    # given: checked queued but no worker has taken it yet
    client.force_login(coach)
    run = _upload(client, GOOD)
    client.post(reverse("employers:import_map", args=[run.pk]), _mapping())
    # when
    page = client.get(reverse("employers:import_run", args=[run.pk])).content.decode()
    # then
    assert "Waiting to start." in page
    assert 'hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_reason(client, coach):
    client.force_login(coach)

    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert not SheetImport.objects.exists()


@pytest.mark.parametrize("view", ["import_map", "import_run", "import_status"])
def test_nobody_can_read_another_users_import(client, coach, manager, view):
    # given
    client.force_login(coach)
    run = _upload(client, GOOD)
    # when
    client.force_login(manager)
    response = client.get(reverse(f"employers:{view}", args=[run.pk]))
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("view", ["import_load", "import_retry"])
def test_nobody_can_import_another_users_file(client, coach, manager, view):
    # given
    client.force_login(coach)
    run = _upload(client, GOOD)
    run.status = SheetImport.Status.READY if view == "import_load" else SheetImport.Status.FAILED
    run.save(update_fields=["status"])
    # when
    client.force_login(manager)
    response = client.post(reverse(f"employers:{view}", args=[run.pk]))
    # then
    assert response.status_code == 404
    run.refresh_from_db()
    assert run.status in ("ready", "failed")
    assert not Employer.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_cannot_import(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:import")).status_code == 403


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x81\x8d\x8f\x90\x9d" * 40, "text cannot be read. Save it again as .xlsx"),
        (
            b"Employer id,Name\nE1," + b"x" * 140_000 + b"\n",
            "A cell on line 2 is longer than 131,072 characters.",
        ),
    ],
    ids=["garbage", "cell over the csv field limit"],
)
def test_it_refuses_a_csv_it_cannot_read_with_a_reason_and_keeps_nothing(
    client, coach, data, reason, tmp_path
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
    assert reason in response.content.decode()
    assert not Employer.objects.exists()
    assert not list((tmp_path / "uploads").glob("*"))


def test_a_run_whose_worker_is_gone_is_marked_stopped_and_can_be_tried_again(
    client, coach, django_capture_on_commit_callbacks
):
    # given: the worker died while loading (its process is gone, its heartbeat is old)
    client.force_login(coach)
    run = _upload(client, GOOD)
    SheetImport.objects.filter(pk=run.pk).update(
        status="loading",
        step="load",
        mapping={"external_id": "Employer id", "name": "Name", "stage": "Stage"},
        worker="gone-host:1",
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    # when
    page = client.get(reverse("employers:import_run", args=[run.pk])).content.decode()
    # then
    assert "The import stopped before it finished. Nothing was saved. You can try again." in page
    assert f'action="/employers/import/{run.pk}/retry"' in page
    assert not Employer.objects.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:import_retry", args=[run.pk]))
    # then
    run.refresh_from_db()
    assert (run.status, run.summary["created"]) == ("done", 2)
    assert Employer.objects.count() == 2


def test_a_run_whose_worker_is_alive_is_left_under_way(client, coach):
    # given: this process is the worker, and it said so a moment ago
    client.force_login(coach)
    run = _upload(client, GOOD)
    SheetImport.objects.filter(pk=run.pk).update(
        status="checking", worker=worker_identity(), heartbeat_at=timezone.now()
    )
    # when
    page = client.get(reverse("employers:import_run", args=[run.pk])).content.decode()
    # then
    assert "Checking every row" in page
    run.refresh_from_db()
    assert run.status == "checking"


def test_the_sweep_removes_expired_uploads_but_keeps_those_an_import_needs(client, coach, tmp_path):
    # given: two day-old uploads, one named by an import that stopped, one by nothing
    client.force_login(coach)
    run = _upload(client, GOOD)
    SheetImport.objects.filter(pk=run.pk).update(status="failed")
    orphan = tmp_path / "uploads" / f"{coach.pk}-orphan.csv"
    orphan.write_bytes(GOOD)
    old = time.time() - 2 * 24 * 60 * 60
    for path in (tmp_path / "uploads").iterdir():
        os.utime(path, (old, old))
    # when
    call_command("workbridge_sweep", stdout=io.StringIO())
    # then
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == [run.stored_file]


# Hostile files: refused at once with a reason, nothing kept. ---------------------


def _refused(client, data: bytes, name: str) -> str:
    response = client.post(
        reverse("employers:import"),
        {"kind": "employers", "file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_utf16_file_with_a_byte_order_mark_is_read(
    client, coach, django_capture_on_commit_callbacks
):
    client.force_login(coach)
    run = _upload(client, GOOD.decode().encode("utf-16"))

    checked = _check(client, run, django_capture_on_commit_callbacks)

    assert "All 2 rows checked and ready to import." in checked


def test_a_heading_given_to_two_columns_is_refused_by_name(client, coach, tmp_path):
    client.force_login(coach)

    html = _refused(client, b"Employer id,Name,NAME\nE1,Acme,Birch\n", "employers.csv")

    assert (
        "More than one column is headed Name. Give each column its own heading and upload "
        "the file again."
    ) in html
    assert not list((tmp_path / "uploads").glob("*"))


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


def test_control_characters_never_reach_the_database(
    client, coach, django_capture_on_commit_callbacks
):
    client.force_login(coach)
    run = _upload(client, b'Employer id,Name,Stage\nE1,"Ctrl\x01\x0bChar\x00",active\n')
    _check(client, run, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:import_load", args=[run.pk]))

    assert list(Employer.objects.values_list("external_id", "name")) == [("E1", "CtrlChar")]


def test_it_asks_once_for_a_required_column_and_does_not_start_the_check(
    client, coach, django_capture_on_commit_callbacks
):
    # given: a file whose "Name" field is left without a column
    client.force_login(coach)
    run = _upload(client, GOOD)
    chosen = _mapping() | {"map-name": ""}
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("employers:import_map", args=[run.pk]), chosen)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Choose the column for “Name”.") == 1
    assert "This value is required." not in html
    assert "selected>Stage</option>" in html
    assert callbacks == []
    run.refresh_from_db()
    assert (run.status, run.mapping, run.problems) == ("waiting", {}, [])
