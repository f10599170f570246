"""The analyst's pages: import two rosters, review the crosswalk, read and export a report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workforce.data import rosters
from workbridge.accounts.models import AuditEvent
from workbridge.workforce.models import Employee, RosterImport, Snapshot, TitleCategory

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def analyst_client(client, analyst, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE
    client.force_login(analyst)
    return client


def upload(client, content: bytes, as_of: str, capture) -> RosterImport:
    response = client.post(
        reverse("workforce:roster_new"),
        {"as_of": as_of, "file": SimpleUploadedFile("roster.csv", content)},
    )
    assert response.status_code == 302, response.content
    run = RosterImport.objects.latest("pk")
    page = client.get(reverse("workforce:roster_map", args=[run.pk]))
    form = page.context["form"]
    mapping = {name: form.initial.get(name, "") for name in form.fields}
    with capture(execute=True):
        response = client.post(reverse("workforce:roster_map", args=[run.pk]), mapping)
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def test_an_analyst_imports_two_rosters_reviews_titles_and_exports_the_report(
    analyst_client, django_capture_on_commit_callbacks
):
    first, second = rosters()
    for content, as_of in ((first, "2023-01-01"), (second, "2024-01-01")):
        run = upload(analyst_client, content, as_of, django_capture_on_commit_callbacks)
        assert run.status == "done", run.problems or run.summary
    assert Snapshot.objects.count() == 2
    page = analyst_client.get(reverse("workforce:roster_run", args=[run.pk]))
    assert "Imported: 198 employees" in page.content.decode()

    titles = analyst_client.get(reverse("workforce:crosswalk"))
    assert titles.status_code == 200
    clerk = TitleCategory.objects.get(job_title="Clerk")
    response = analyst_client.post(
        reverse("workforce:crosswalk"), {f"category-{clerk.pk}": "admin_support"}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.reviewed and clerk.category == "admin_support"
    assert set(
        Employee.objects.filter(job_title="Clerk").values_list("eeo4_category", flat=True)
    ) == {"admin_support"}

    report = analyst_client.get(reverse("workforce:report", args=["mobility"]))
    text = report.content.decode()
    assert "Adverse, significant" in text and "four-fifths" in text
    export = analyst_client.get(reverse("workforce:report_export", args=["mobility", "csv"]))
    assert export.status_code == 200
    assert b"Adverse, significant" in export.content
    assert AuditEvent.objects.filter(object_type="workforce.report", action="export").exists()


def test_a_roster_with_problems_names_them_and_imports_nothing(
    analyst_client, django_capture_on_commit_callbacks
):
    bad = b"Employee ID,Department,Title,Annual Salary\nE1,Water,,abc\n"
    run = upload(analyst_client, bad, "2024-01-01", django_capture_on_commit_callbacks)
    assert run.status == "failed" and run.problems_total == 2
    page = analyst_client.get(reverse("workforce:roster_run", args=[run.pk])).content.decode()
    assert "2 problems to fix" in page and "is not a number" in page
    assert not Snapshot.objects.exists()


def test_a_case_manager_may_not_open_the_workforce_pages(client, coach):
    client.force_login(coach)
    assert client.get(reverse("workforce:home")).status_code == 403
