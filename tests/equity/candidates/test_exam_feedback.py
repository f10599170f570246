"""Exam results, feedback reports one at a time and in bulk, and the retest analysis."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from tests.equity.candidates.helpers import (
    EXAM_HEADER,
    csv_file,
    import_contacts,
    import_exams,
    import_flow,
)
from workbridge.accounts.models import AuditEvent
from workbridge.equity.candidates.keys import person_key
from workbridge.equity.candidates.models import Exam, ExamResult, FeedbackRun
from workbridge.equity.candidates.queries import retest_report
from workbridge.equity.candidates.uploads import exams_check, problem_text

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
RESULTS = [
    ["R1", "A1", "P-100", "Clerical exam", "2024-01-10", "80", "75"],
    ["R1", "A2", "P-200", "Clerical exam", "2024-01-10", "65", "90"],
    ["R2", "B1", "p-200 ", "Clerical exam", "2024-06-10", "72", "88"],
    ["R2", "B2", "P-300", "Clerical exam", "2024-06-10", "50", ""],
]


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, disk_file_store):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def exams(southside, manager):
    import_flow(southside, manager)
    import_contacts(southside, manager)
    import_exams(southside, manager, RESULTS)
    return southside


def test_it_creates_the_exam_with_its_sections_and_decides_each_pass(exams):
    # then
    exam = Exam.objects.get()
    assert exam.sections == [
        {"name": "Reading", "pass_mark": 70, "resources": ""},
        {"name": "Math", "pass_mark": 70, "resources": ""},
    ]
    results = {
        r.applicant.external_id: (r.section_scores, r.passed)
        for r in ExamResult.objects.select_related("applicant")
    }
    assert results == {
        "A1": ({"Reading": 80.0, "Math": 75.0}, True),
        "A2": ({"Reading": 65.0, "Math": 90.0}, False),
        "B1": ({"Reading": 72.0, "Math": 88.0}, True),
        "B2": ({"Reading": 50.0}, False),
    }


def test_it_links_one_persons_attempts_by_a_keyed_hash_not_their_id(exams):
    # then: P-200 applied to R1 and R2; the id is kept only as its keyed hash
    keys = dict(ExamResult.objects.values_list("applicant__external_id", "person_key"))
    assert keys["A2"] == keys["B1"] == person_key("P-200")
    assert keys["A1"] != keys["A2"]
    assert "P-200" not in keys["A2"] and len(keys["A2"]) == 64


def test_it_changes_nothing_when_the_same_results_are_imported_again(exams, manager):
    assert import_exams(exams, manager, RESULTS) == {"created": 0, "updated": 0, "unchanged": 4}


def test_it_reports_each_bad_score_with_its_row_and_column(exams):
    # given
    rows = [["R1", "A1", "P-100", "Clerical exam", "2024-02-10", "eighty", "2000"]]
    rows.append(["R1", "Z9", "P-999", "Clerical exam", "2024-02-10", "80", "80"])
    # when
    checked = exams_check(exams, csv_file(EXAM_HEADER, rows), "exams.csv")
    # then
    assert [(p.row, p.column, problem_text(p)) for p in checked.problems] == [
        (3, "applicant_id", "No applicant “Z9” of requisition “R1” has been imported."),
        (2, "Reading", "“eighty” is not a number."),
        (2, "Math", "“2000” is not a score from 0 to 1000."),
    ]


def test_it_gives_one_candidate_their_feedback_report_and_logs_it(exams, manager, client):
    # given
    result = ExamResult.objects.get(applicant__external_id="A2")
    client.force_login(manager)
    # when
    response = client.get(reverse("candidates:feedback", args=[result.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    result.refresh_from_db()
    assert result.feedback_given_at is not None
    assert AuditEvent.objects.filter(
        action="export", object_type="equity.examresult", object_id=str(result.pk)
    ).exists()


def test_it_makes_every_failed_candidates_report_into_one_zip(
    exams, manager, client, django_capture_on_commit_callbacks
):
    # given
    exam = Exam.objects.get()
    client.force_login(manager)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        with_callbacks = client.post(
            reverse("candidates:feedback_run_new", args=[exam.pk]), {"only_failed": "on"}
        )
    # then
    run = FeedbackRun.objects.get()
    assert with_callbacks.status_code == 302
    download = client.get(reverse("candidates:feedback_download", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.done, run.total) == ("done", 2, 2)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == ["R1-A2-20240110.pdf", "R2-B2-20240610.pdf"]
    assert set(
        ExamResult.objects.filter(feedback_given_at__isnull=False).values_list(
            "applicant__external_id", flat=True
        )
    ) == {"A2", "B2"}


def test_it_keeps_exam_results_from_the_analyst(exams, analyst, client):
    # given
    exam = Exam.objects.get()
    client.force_login(analyst)
    before = AuditEvent.objects.count()
    # when
    pages = [
        client.get(reverse("candidates:exam", args=[exam.pk])),
        client.get(reverse("candidates:contacts")),
        client.get(reverse("candidates:feedback", args=[exam.results.first().pk])),
    ]
    # then
    assert [p.status_code for p in pages] == [403, 403, 403]
    assert AuditEvent.objects.count() == before


def test_it_shows_the_analyst_the_retest_analysis(exams, analyst, client):
    # given: P-200 failed at R1, was given feedback in February, then passed at R2 in June
    ExamResult.objects.filter(applicant__external_id="A2").update(
        feedback_given_at=datetime(2024, 2, 1, 12, tzinfo=UTC)
    )
    # when
    report = retest_report(exams, exam=None)
    client.force_login(analyst)
    page = client.get(reverse("candidates:retest"))
    # then
    assert (report.with_feedback.retests, report.with_feedback.passed) == (1, 1)
    assert report.without_feedback.retests == 0
    assert page.status_code == 200
    assert "1 of 1 retests passed." in page.content.decode()


def test_it_audits_the_managers_read_of_contact_details(exams, manager, client):
    # given
    client.force_login(manager)
    # when
    page = client.get(reverse("candidates:contacts"))
    # then
    assert page.status_code == 200
    assert "beto@example.org" in page.content.decode()
    event = AuditEvent.objects.filter(object_type="equity.candidatecontact", action="view").get()
    assert event.actor == manager
    assert event.fields == ["email", "language", "notices_opt_out", "phone"]
