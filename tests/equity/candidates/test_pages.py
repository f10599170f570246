"""The candidate pages: notice texts, the notice log, the timeline and the exam page."""

import pytest
from django.urls import reverse

from tests.equity.candidates.helpers import import_contacts, import_exams, import_flow, moved
from tests.equity.test_import_service import ROWS
from workbridge.accounts.models import AuditEvent
from workbridge.equity.candidates.models import Exam, NoticeTemplate


@pytest.fixture
def imported(southside, manager, disk_file_store):
    import_flow(southside, manager)
    import_contacts(southside, manager)
    return southside


def test_it_saves_the_managers_spanish_text_for_a_stage(imported, manager, client):
    # given
    client.force_login(manager)
    # when
    response = client.post(
        reverse("candidates:templates"),
        {
            "stage": "interviewed",
            "language": "es",
            "subject": "Entrevista: {job_title}",
            "body": "Le invitamos a una entrevista.",
        },
    )
    # then
    assert response.status_code == 302
    saved = NoticeTemplate.objects.get()
    assert (saved.stage, saved.language, saved.subject) == (
        "interviewed",
        "es",
        "Entrevista: {job_title}",
    )
    page = client.get(reverse("candidates:templates")).content.decode()
    assert "Entrevista: {job_title}" in page


def test_it_refuses_a_stage_that_is_not_in_the_list(imported, manager, client):
    client.force_login(manager)
    response = client.post(
        reverse("candidates:templates"),
        {"stage": "lunch", "language": "es", "subject": "x", "body": "y"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NoticeTemplate.objects.exists()


def test_it_counts_each_candidates_notices_in_the_log(imported, manager, client):
    # given
    import_flow(imported, manager, moved(ROWS, A2="offered", A3="screened"), name="f2.csv")
    client.force_login(manager)
    # when
    page = client.get(reverse("candidates:notices"))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert '<th scope="row">A2</th>' in html
    assert '<th scope="row">A3</th>' in html
    assert '<th scope="row">A1</th>' not in html


def test_it_shows_the_analyst_the_timeline_with_small_medians_hidden(imported, analyst, client):
    # given
    client.force_login(analyst)
    # when
    page = client.get(reverse("candidates:timeline"))
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "Engineer" in html and "Mechanic" in html
    assert '<span class="suppressed">hidden</span>' in html
    assert not AuditEvent.objects.filter(actor=analyst).exists()


def test_it_changes_an_exams_pass_marks_and_preparation(imported, manager, client):
    # given
    import_exams(
        imported, manager, [["R1", "A2", "P-200", "Clerical exam", "2024-01-10", "65", "90"]]
    )
    exam = Exam.objects.get()
    client.force_login(manager)
    # when
    response = client.post(
        reverse("candidates:exam", args=[exam.pk]),
        {"sections": "Reading | 60 | Library practice test\nMath | 75"},
    )
    # then
    assert response.status_code == 302
    exam.refresh_from_db()
    assert exam.sections == [
        {"name": "Reading", "pass_mark": 60.0, "resources": "Library practice test"},
        {"name": "Math", "pass_mark": 75.0, "resources": ""},
    ]


def test_it_says_which_line_of_the_sections_is_wrong(imported, manager, client):
    import_exams(
        imported, manager, [["R1", "A2", "P-200", "Clerical exam", "2024-01-10", "65", "90"]]
    )
    exam = Exam.objects.get()
    client.force_login(manager)
    response = client.post(
        reverse("candidates:exam", args=[exam.pk]), {"sections": "Reading | 60\nMath | lots"}
    )
    assert response.status_code == 200
    assert "Line 2: “lots” is not a number." in response.content.decode()
