"""Long exports are prepared by the worker into a file: progress, an owner-only download of
known length, and an audit log that tells completed, interrupted and downloaded apart."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.people.views import caseload as caseload_view
from workbridge.web import exports
from workbridge.web.models import ExportJob, ExportStatus
from workbridge.web.uploads import EXPORTS, file_store, upload_exists

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def three(coach):
    """Three participants on the coach's caseload: more than the synchronous limit below."""
    return [
        ParticipantFactory(
            organisation=coach.membership.organisation,
            assigned_to=coach,
            first_name=name,
            last_name="Lopez",
        )
        for name in ("Ana", "Ben", "Cruz")
    ]


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(exports, "SYNC_MAX_ROWS", 2)


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks):
    """Runs what the request hands to the task worker, as soon as the request commits."""
    settings.TASKS = IMMEDIATE

    def run(request):
        with django_capture_on_commit_callbacks(execute=True):
            return request()

    return run


def export_events() -> list[str]:
    return list(
        AuditEvent.objects.filter(action=AuditAction.EXPORT)
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def test_it_offers_to_prepare_a_long_list_in_the_background(client, coach, three, small_limit):
    # given
    client.force_login(coach)
    # when
    response = client.get("/participants/export.csv", {"q": "lopez"})
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert b'<form method="post" action="?q=lopez">' in response.content
    assert b"This list has 3 rows." in response.content
    assert not ExportJob.objects.exists()
    assert export_events() == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_prepares_a_long_list_and_offers_the_whole_file_to_its_owner(
    client, coach, three, small_limit, worker, fmt
):
    # given
    client.force_login(coach)
    # when the coach asks for the file, and the worker builds it
    response = worker(lambda: client.post(f"/participants/export.{fmt}?q=lopez"))
    job = ExportJob.objects.get()
    page = client.get(f"/exports/{job.pk}/")
    download = client.get(f"/exports/{job.pk}/download")
    body = b"".join(download.streaming_content)  # read to its end, then closed
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.pk}/"
    assert job.owner == coach
    assert job.status == ExportStatus.DONE
    assert (job.rows_total, job.rows_done) == (3, 3)
    assert f'href="/exports/{job.pk}/download"'.encode() in page.content
    assert b"The file is complete: 3 rows." in page.content
    assert b'http-equiv="refresh"' not in page.content
    assert download.status_code == 200
    assert download["Content-Length"] == str(len(body))
    assert download["Content-Disposition"].startswith('attachment; filename="caseload-')
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    assert [row[1] for row in rows[1:]] == ["Ana", "Ben", "Cruz"]
    assert export_events() == [
        f"caseload {fmt}, 3 rows, completed, file {job.pk}, q=lopez",
        f"caseload {fmt}, 3 rows, downloaded, file {job.pk}",
    ]
    assert not upload_exists(EXPORTS, job.stored_file)  # removed once read in full


def test_it_prepares_a_long_employer_list(client, coach, small_limit, worker):
    # given
    from workbridge.employers.models import Employer

    for name in ("Acme", "Birch", "Cedar"):
        Employer.objects.create(organisation=coach.membership.organisation, name=name)
    client.force_login(coach)
    # when
    worker(lambda: client.post("/employers/export.csv"))
    job = ExportJob.objects.get()
    download = client.get(f"/exports/{job.pk}/download")
    body = b"".join(download.streaming_content)
    # then
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Acme", "Birch", "Cedar"]
    assert export_events()[0] == f"employers csv, 3 rows, completed, file {job.pk}, "


def test_it_shows_progress_and_refreshes_itself_while_the_file_is_prepared(client, coach):
    # given a job the worker is half-way through
    job = ExportJob.objects.create(
        owner=coach,
        kind="caseload",
        fmt="csv",
        filename="caseload.csv",
        stored_file=f"{coach.pk}-x.csv",
        status=ExportStatus.RUNNING,
        rows_total=1000,
        rows_done=500,
        heartbeat_at=timezone.now(),
    )
    client.force_login(coach)
    # when
    page = client.get(f"/exports/{job.pk}/")
    # then
    assert page.status_code == 200
    # the status part asks again every two seconds (htmx), the whole page every three
    # without JavaScript
    html = page.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert f'hx-get="/exports/{job.pk}/" hx-trigger="every 2s"' in html
    assert 'src="/static/htmx/htmx.min.js"' in html
    assert b'<progress id="export-progress" max="1000" value="500">50%</progress>' in page.content
    assert b"/download" not in page.content
    assert client.get(f"/exports/{job.pk}/download").status_code == 404


@pytest.mark.parametrize("persona", ["admin_user", "manager", "other_coach", "analyst"])
def test_it_lets_only_the_owner_see_or_download_a_prepared_file(
    client, request, coach, three, small_limit, worker, persona
):
    # given a file the coach prepared
    client.force_login(coach)
    worker(lambda: client.post("/participants/export.csv"))
    job = ExportJob.objects.get()
    events = export_events()
    # when someone else asks for it
    client.force_login(request.getfixturevalue(persona))
    page = client.get(f"/exports/{job.pk}/")
    download = client.get(f"/exports/{job.pk}/download")
    # then they learn nothing, and the file stays
    assert (page.status_code, download.status_code) == (404, 404)
    assert export_events() == events
    assert upload_exists(EXPORTS, job.stored_file)


# Cut exports -------------------------------------------------------------------------------


def _rows_that_break(monkeypatch, after: int):
    """Make the caseload's rows stop with an error after `after` rows."""
    real = caseload_view._export_rows

    def breaking(values, reasons):
        for n, row in enumerate(real(values, reasons)):
            if n == after:
                raise ConnectionError("database connection lost")
            yield row

    monkeypatch.setattr(caseload_view, "_export_rows", breaking)


def test_it_records_a_worker_that_fails_midway_as_interrupted_and_offers_no_file(
    client, coach, three, small_limit, worker, monkeypatch
):
    # given rows that stop coming after the second, and chunks of one row
    _rows_that_break(monkeypatch, after=2)
    monkeypatch.setattr("workbridge.core.spreadsheets.CHUNK_ROWS", 1)
    client.force_login(coach)
    # when the worker builds the file (the task fails, as the worker reports)
    worker(lambda: client.post("/participants/export.csv"))
    job = ExportJob.objects.get()
    page = client.get(f"/exports/{job.pk}/")
    # then
    assert job.status == ExportStatus.INTERRUPTED
    assert export_events() == [
        f"caseload csv, interrupted after 2 of 3 rows (ConnectionError), file {job.pk}, "
    ]
    assert b"stopped before it was complete" in page.content
    assert b"/download" not in page.content
    assert client.get(f"/exports/{job.pk}/download").status_code == 404
    assert not file_store().exists(EXPORTS) or file_store().listdir(EXPORTS) == ([], [])


def test_it_records_a_worker_that_was_killed_as_interrupted(client, coach):
    # given a job whose worker died mid-file: its heartbeat stopped (what it wrote was on its
    # own disk: a prepared file reaches the file store only once it is whole)
    job = ExportJob.objects.create(
        owner=coach,
        kind="caseload",
        fmt="csv",
        filename="caseload.csv",
        stored_file=f"{coach.pk}-killed.csv",
        status=ExportStatus.RUNNING,
        rows_total=57021,
        rows_done=25000,
        heartbeat_at=timezone.now() - exports.STALE_AFTER - timedelta(seconds=1),
    )
    client.force_login(coach)
    # when the owner looks at it, twice
    page = client.get(f"/exports/{job.pk}/")
    client.get(f"/exports/{job.pk}/")
    # then it is marked once, and nothing of it is offered
    job.refresh_from_db()
    assert job.status == ExportStatus.INTERRUPTED
    assert export_events() == [
        f"caseload csv, interrupted after 25000 of 57021 rows (stopped), file {job.pk}, "
    ]
    assert b"stopped before it was complete" in page.content
    assert not upload_exists(EXPORTS, job.stored_file)
    assert client.get(f"/exports/{job.pk}/download").status_code == 404


def test_it_records_a_short_export_cut_midway_as_interrupted_never_completed(
    coach, three, monkeypatch
):
    # given rows that stop coming after the first
    from django.test import Client

    _rows_that_break(monkeypatch, after=1)
    monkeypatch.setattr("workbridge.core.spreadsheets.CHUNK_ROWS", 1)
    client = Client(raise_request_exception=False)
    client.force_login(coach)
    # when
    response = client.get("/participants/export.csv")
    # then the client gets an error, not a short file that looks whole
    assert response.status_code == 500
    assert b"Lopez" not in response.content
    assert export_events() == ["caseload csv, interrupted after 1 of 3 rows (ConnectionError), "]


def test_it_removes_prepared_files_after_a_day(client, coach, three, small_limit, worker):
    # given a file prepared more than a day ago, never downloaded
    client.force_login(coach)
    worker(lambda: client.post("/participants/export.csv"))
    old = ExportJob.objects.get()
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - exports.KEEP_FOR - timedelta(minutes=1)
    )
    # when another export is asked for
    worker(lambda: client.post("/participants/export.csv"))
    # then the old file and its job are gone
    assert not upload_exists(EXPORTS, old.stored_file)
    assert not ExportJob.objects.filter(pk=old.pk).exists()
