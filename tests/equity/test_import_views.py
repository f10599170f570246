"""The import pages: upload, match the columns, run in the background, read the outcome."""

import os
import time
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.equity.test_import_service import HEADER, ROWS
from tests.hostile_files import zip_bomb_xlsx
from workbridge.accounts.models import AuditEvent
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import Applicant, FlowCount, ImportRun, ImportSource, Requisition
from workbridge.web.leases import worker_identity

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The heading an applicant tracking system might use for each field.
ATS_HEADER = [
    "Req Number", "Dept", "Position Title", "EEO-4 category", "Salary Min", "Salary Max",
    "Date Posted", "Posted On Sites", "Candidate ID", "Race/Ethnicity", "Race details",
    "Gender", "Veteran Status", "Disability Status", "ZIP", "How did you hear about us",
    "Hiring event", "Furthest stage", "Withdrawn", "Applied date", "Hired date",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, disk_file_store):
    settings.TASKS = IMMEDIATE


def upload(rows=ROWS, header=HEADER, name="flow.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_text([header, *rows]).encode(), content_type="text/csv")


def start(client, source_name="Taleo", rows=ROWS, header=HEADER, **extra) -> ImportRun:
    response = client.post(
        reverse("equity:import_new"),
        {"source_name": source_name, "file": upload(rows, header), **extra},
    )
    run = ImportRun.objects.order_by("-pk").first()
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("equity:import_map", args=[run.pk])
    return run


def mapping_form(client, run: ImportRun) -> dict[str, str]:
    """The column choices the mapping page offers, as its form would post them."""
    import re

    html = client.get(reverse("equity:import_map", args=[run.pk])).content.decode()
    chosen = {}
    for name, body in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        if name.startswith("map-"):
            selected = re.search(r'<option value="([^"]*)" selected>', body)
            chosen[name] = selected.group(1) if selected else ""
    return chosen


def test_it_imports_a_file_through_the_pages(client, analyst, django_capture_on_commit_callbacks):
    # given
    client.force_login(analyst)
    run = start(client)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("equity:import_map", args=[run.pk]), mapping_form(client, run)
        )
    # then the worker counted the values, found none to map and imported the file
    assert response["Location"] == reverse("equity:import_values", args=[run.pk])
    onward = client.get(response["Location"])
    assert onward["Location"] == reverse("equity:import_run", args=[run.pk])
    run.refresh_from_db()
    assert (run.status, run.rows_total, run.rows_done, run.problems_total) == ("done", 6, 6, 0)
    assert run.summary["applicants_created"] == 6
    assert Applicant.objects.filter(import_run=run).count() == 6
    assert FlowCount.objects.filter(organisation=run.organisation).count() == 6
    page = client.get(reverse("equity:import_run", args=[run.pk])).content.decode()
    assert "Imported: 6 rows read and saved." in page
    assert '<progress id="import-progress-bar" max="1" value="1">' in page
    assert '<th scope="row">2024</th><td>4</td><td>0</td><td>0</td>' in page
    assert "hx-get" not in page
    event = AuditEvent.objects.get(object_type="equity.import", action="create")
    assert (event.actor, event.object_id) == (analyst, str(run.pk))
    listing = client.get(reverse("equity:imports")).content.decode()
    assert "flow.csv" in listing and "6 / 0 / 0" in listing


def test_it_saves_the_mapping_on_the_source_and_offers_it_next_time(
    client, analyst, django_capture_on_commit_callbacks
):
    # given a first file whose headings Workbridge cannot guess, matched by hand
    client.force_login(analyst)
    odd = [f"Column {i}" for i in range(len(HEADER))]
    run = start(client, header=odd)
    chosen = {f"map-{key}": heading for key, heading in zip(HEADER, odd, strict=True)}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), chosen)
    source = ImportSource.objects.get(name="Taleo")
    assert source.mapping == dict(zip(HEADER, odd, strict=True))
    # when the next file from the same source is uploaded
    second = start(client, source_name="", header=odd, source=source.pk)
    # then its mapping page is filled in with the saved choices
    assert second.source == source
    assert {k: v for k, v in mapping_form(client, second).items() if v} == chosen
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[second.pk]), mapping_form(client, second))
    second.refresh_from_db()
    assert second.status == "done"
    assert (second.summary["applicants_created"], second.summary["applicants_unchanged"]) == (0, 6)


def test_it_guesses_the_columns_of_a_usual_export(client, analyst):
    client.force_login(analyst)
    run = start(client, header=ATS_HEADER)
    chosen = mapping_form(client, run)
    assert chosen == {
        f"map-{key}": heading for key, heading in zip(HEADER, ATS_HEADER, strict=True)
    } | {
        "map-year": "",
        "map-qualified_date": "",
        "map-screened_date": "",
        "map-interviewed_date": "",
        "map-offered_date": "",
        "map-qualified_reached": "",
        "map-screened_reached": "",
        "map-interviewed_reached": "",
        "map-offered_reached": "",
        "map-hired_reached": "",
    }


def test_it_asks_for_a_required_column_before_starting(client, analyst):
    client.force_login(analyst)
    run = start(client)
    chosen = mapping_form(client, run) | {"map-stage_reached": ""}
    response = client.post(reverse("equity:import_map", args=[run.pk]), chosen)
    assert response.status_code == 200
    assert "Choose the column for “Furthest stage reached”." in response.content.decode()
    run.refresh_from_db()
    assert (run.status, run.mapping) == ("waiting", {})


def test_it_lists_the_problems_with_row_and_column_and_writes_nothing(
    client, analyst, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    rows = [list(r) for r in ROWS]
    # (codes the value step would offer to map, like "Martian", are not problems here)
    rows[4][9] = "Black; prefer not to say"
    rows[5][17] = ""
    run = start(client, rows=rows)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert (run.status, run.problems_total) == ("failed", 2)
    assert [(p["row"], p["column"], p["code"]) for p in run.problems] == [
        (6, "race_ethnicity", "race_and_prefer_not"),
        (7, "stage_reached", "required"),
    ]
    assert Requisition.objects.count() == 0
    assert Applicant.objects.count() == 0
    page = client.get(reverse("equity:import_run", args=[run.pk])).content.decode()
    assert "2 problems to fix. Nothing was imported." in page
    assert "<tr><td>7</td><td>stage_reached</td><td>This value is required." in page
    assert AuditEvent.objects.filter(object_type="equity.import", action="view").count() == 1


def test_it_refuses_a_file_that_is_too_large(client, analyst, monkeypatch):
    monkeypatch.setattr("workbridge.equity.views.imports.MAX_UPLOAD_BYTES", 100)
    client.force_login(analyst)
    response = client.post(reverse("equity:import_new"), {"file": upload()})
    assert response.status_code == 200
    assert "The file is larger than 300 MB." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_refuses_a_file_that_is_not_a_spreadsheet(client, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("equity:import_new"),
        {"file": SimpleUploadedFile("flow.pdf", b"%PDF-1.4", content_type="application/pdf")},
    )
    assert "Upload a .csv or .xlsx file." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_shows_progress_while_checking(client, analyst):
    # given a run the worker is part-way through
    client.force_login(analyst)
    run = start(client)
    ImportRun.objects.filter(pk=run.pk).update(
        status="checking",
        mapping={"x": "y"},
        rows_total=400,
        rows_done=100,
        worker=worker_identity(),
        heartbeat_at=timezone.now(),
    )
    # when
    fragment = client.get(reverse("equity:import_status", args=[run.pk])).content.decode()
    # then
    assert f'hx-get="/equity/imports/{run.pk}/status/"' in fragment
    assert '<progress id="import-progress-bar" max="400" value="100">25%</progress>' in fragment
    assert "Checking every row: 100 of about 400 rows read." in fragment


def test_it_lets_analysts_and_managers_in_and_keeps_staff_out(client, analyst, manager, staff):
    client.force_login(staff)
    assert client.get(reverse("equity:imports")).status_code == 403
    assert client.post(reverse("equity:import_new"), {"file": upload()}).status_code == 403
    assert ImportRun.objects.count() == 0
    for user in (analyst, manager):
        client.force_login(user)
        assert client.get(reverse("equity:imports")).status_code == 200
        assert client.get(reverse("equity:import_new")).status_code == 200


def test_it_hides_another_organisations_imports(
    client, analyst, other_analyst, django_capture_on_commit_callbacks
):
    # given an import at Northside
    client.force_login(other_analyst)
    theirs = start(client, source_name="Northside ATS")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[theirs.pk]), mapping_form(client, theirs))
    events = AuditEvent.objects.count()
    # when someone at Southside asks for it
    client.force_login(analyst)
    # then
    for name in ("import_run", "import_status", "import_map"):
        assert client.get(reverse(f"equity:{name}", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("equity:import_map", args=[theirs.pk]), {"map-sex": "sex"})
    assert response.status_code == 404
    assert "flow.csv" not in client.get(reverse("equity:imports")).content.decode()
    assert AuditEvent.objects.count() == events
    theirs.refresh_from_db()
    assert theirs.mapping["sex"] == "sex" and theirs.status == "done"


def test_it_forgets_a_spreadsheet_that_cannot_be_opened(client, analyst, tmp_path):
    client.force_login(analyst)
    damaged = SimpleUploadedFile("flow.xlsx", b"not a zip file", content_type="application/zip")
    response = client.post(reverse("equity:import_new"), {"file": damaged})
    assert "The file cannot be read." in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert list((tmp_path / "imports").iterdir()) == []


# The uploaded file: kept only while an import may need it ------------------------


def stored_files(tmp_path) -> list[str]:
    return sorted(path.name for path in (tmp_path / "imports").iterdir())


def test_it_keeps_no_copy_of_a_file_once_it_is_imported(
    client, analyst, tmp_path, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    run = start(client)
    assert stored_files(tmp_path) == [run.stored_file]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert (run.status, run.stored_file) == ("done", "")
    assert stored_files(tmp_path) == []
    page = client.get(reverse("equity:import_run", args=[run.pk])).content.decode()
    assert "Imported: 6 rows read and saved." in page


def test_it_keeps_a_refused_file_so_its_columns_can_be_matched_again(
    client, analyst, tmp_path, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    rows = [list(r) for r in ROWS]
    rows[4][9] = "Black; prefer not to say"
    run = start(client, rows=rows)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert run.status == "failed"
    assert stored_files(tmp_path) == [run.stored_file]
    again = client.get(reverse("equity:import_map", args=[run.pk])).content.decode()
    assert "no longer stored" not in again
    assert 'name="map-race_ethnicity"' in again


def test_it_removes_the_file_of_an_import_left_unfinished_for_a_week(client, analyst, tmp_path):
    # given: an upload whose columns were never matched, eight days ago
    client.force_login(analyst)
    forgotten = start(client)
    ImportRun.objects.filter(pk=forgotten.pk).update(
        created_at=forgotten.created_at - timedelta(days=8)
    )
    # when: anyone starts another import
    recent = start(client, source_name="Workday")
    # then
    forgotten.refresh_from_db()
    assert forgotten.stored_file == ""
    assert stored_files(tmp_path) == [recent.stored_file]
    page = client.get(reverse("equity:import_map", args=[forgotten.pk])).content.decode()
    assert "The uploaded file is no longer stored. Upload it again." in page


def test_it_removes_a_file_no_import_names_after_a_day(client, analyst, tmp_path):
    # given: files left behind by an upload that never became an import
    folder = tmp_path / "imports"
    folder.mkdir()
    old, new = folder / "left-two-days-ago.csv", folder / "left-a-moment-ago.csv"
    old.write_text("applicant_id\nA1\n")
    new.write_text("applicant_id\nA2\n")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    client.force_login(analyst)
    # when
    run = start(client)
    # then
    assert stored_files(tmp_path) == sorted([new.name, run.stored_file])


def test_it_lists_an_import_nobody_started_from_the_pages(client, analyst):
    # given an import that no signed-in person started (the demo's, or one whose
    # author's account was removed) beside one the analyst started
    ImportRun.objects.create(
        organisation=analyst.membership.organisation, filename="loaded-by-the-system.csv"
    )
    ImportRun.objects.create(
        organisation=analyst.membership.organisation, filename="mine.csv", created_by=analyst
    )
    client.force_login(analyst)
    # when the analyst opens the list of imports
    response = client.get(reverse("equity:imports"))
    # then both are listed, the first with no author named
    content = response.content.decode()
    assert response.status_code == 200
    assert "loaded-by-the-system.csv" in content
    assert "<td>Ana Analyst</td>" in content
    assert "<td>–</td>" in content


# Hostile files: read when they are honest, refused with a reason when not ---------


def post_file(client, data: bytes, name: str):
    return client.post(
        reverse("equity:import_new"),
        {"source_name": "Taleo", "file": SimpleUploadedFile(name, data)},
    )


def test_it_imports_a_utf16_export_with_a_byte_order_mark(
    client, analyst, django_capture_on_commit_callbacks
):
    # given: the same file saved as Excel's "Unicode text" (UTF-16, tab-separated)
    client.force_login(analyst)
    text = "\n".join("\t".join(row) for row in [HEADER, *ROWS]) + "\n"
    response = post_file(client, text.encode("utf-16"), "flow.txt")
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("equity:import_map", args=[run.pk])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert (run.status, run.problems_total, run.summary["applicants_created"]) == ("done", 0, 6)


def test_it_refuses_a_heading_given_to_two_columns_and_keeps_nothing(client, analyst, tmp_path):
    client.force_login(analyst)
    text = csv_text([[*HEADER, "Sex "], *[[*row, "x"] for row in ROWS]])

    response = post_file(client, text.encode(), "flow.csv")

    assert response.status_code == 200
    assert "More than one column is headed sex." in response.content.decode()
    assert ImportRun.objects.count() == 0
    assert list((tmp_path / "imports").iterdir()) == []


def test_it_refuses_a_zip_bomb_before_it_is_parsed(client, analyst, monkeypatch):
    client.force_login(analyst)
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the bomb was parsed")
    )

    response = post_file(client, zip_bomb_xlsx(), "flow.xlsx")

    assert "The spreadsheet unpacks to more than 100 times its size" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_it_stops_a_file_over_the_row_limit_and_says_so(
    client, analyst, settings, django_capture_on_commit_callbacks
):
    # given: a limit of five rows, and a file of six
    settings.WORKBRIDGE_APPLICANT_IMPORT_MAX_ROWS = 5
    client.force_login(analyst)
    run = start(client)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert (run.status, run.problems_total) == ("failed", 1)
    assert run.problems[0]["params"] == {"max": 5}
    assert Applicant.objects.count() == 0
    page = client.get(reverse("equity:import_run", args=[run.pk])).content.decode()
    assert "The file has more than 5 rows. Split it and import each part." in page


def test_it_imports_cells_without_their_control_characters(
    client, analyst, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    rows = [list(r) for r in ROWS]
    rows[0][8] = "A\x001"
    rows[0][10] = "Ctrl\x01\x0bChar"
    run = start(client, rows=rows)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), mapping_form(client, run))
    # then
    run.refresh_from_db()
    assert run.status == "done"
    assert Applicant.objects.get(external_id="A1").race_detail == "CtrlChar"


def test_a_run_whose_worker_is_gone_is_marked_stopped_and_can_be_tried_again(
    client, analyst, django_capture_on_commit_callbacks
):
    # given: a run the worker had begun checking when its process died
    client.force_login(analyst)
    run = start(client)
    mapping = mapping_form(client, run)
    ImportRun.objects.filter(pk=run.pk).update(
        status="checking",
        mapping={k.removeprefix("map-"): v for k, v in mapping.items() if v},
        worker="gone-host:1",
        heartbeat_at=timezone.now() - timedelta(hours=1),
    )
    # when
    page = client.get(reverse("equity:import_run", args=[run.pk])).content.decode()
    # then
    run.refresh_from_db()
    assert (run.status, run.summary["stopped"]) == ("failed", True)
    assert "The import stopped before it finished. Nothing was saved. You can try again." in page
    assert not Applicant.objects.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("equity:import_retry", args=[run.pk]))
    # then
    assert response["Location"] == reverse("equity:import_run", args=[run.pk])
    run.refresh_from_db()
    assert (run.status, run.summary["applicants_created"]) == ("done", 6)
    assert Applicant.objects.filter(import_run=run).count() == 6
