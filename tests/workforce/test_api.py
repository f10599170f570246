"""The workforce API: upload a roster and follow it, then read aggregate reports only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import token_client
from tests.workforce.data import FIRST, SECOND, rosters
from tests.workforce.test_reports import load

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_a_roster_uploaded_through_the_api_is_imported(
    analyst, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = token_client(analyst)
    first, _second = rosters()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/workforce/snapshots",
            {"as_of": "2023-01-01", "file": SimpleUploadedFile("roster.csv", first)},
        )
    assert response.status_code == 202, response.content
    run_id = response.json()["id"]
    status = client.get(f"/api/workforce/snapshots/imports/{run_id}").json()
    assert status["status"] == "done" and status["summary"]["employees"] == 200
    listed = client.get("/api/workforce/snapshots").json()
    assert listed["items"] == [{"as_of": "2023-01-01", "employees": 200}]


def test_reports_are_aggregate_and_name_nobody(southside, analyst):
    first, second = rosters()
    load(southside, analyst, first, FIRST)
    load(southside, analyst, second, SECOND)
    client = token_client(analyst)
    transitions = client.get("/api/workforce/transitions").json()
    counts = transitions["periods"][0]["counts"]
    assert counts["promotion"] == 40 and counts["exit"] == 10 and counts["hire"] == 8
    report = client.get("/api/workforce/reports/mobility?characteristic=race").json()
    body = str(report)
    assert "Adverse, significant" in body and "E1" not in body
    assert client.get("/api/workforce/utilisation").status_code == 200


def test_other_roles_and_organisations_are_refused(coach, other_analyst, analyst):
    assert token_client(coach).get("/api/workforce/snapshots").status_code == 403
    assert (
        token_client(other_analyst).get("/api/workforce/snapshots/imports/999").status_code == 404
    )
