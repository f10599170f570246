"""Applicant-flow imports and adverse impact over the API: upload, map codes, status,
problems; the analysis with the page's parameters, aggregates only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.equity.test_impact_page import boundary_dataset
from workbridge.accounts.models import AuditEvent
from workbridge.accounts.services import api_token_create
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.models import Applicant, ImportRun

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HEADER = ["Req", "Dept", "Title", "Posted", "Race", "Gender", "Call"]
ROWS = [
    ["R1", "Finance", "Clerk", "2024-02-01", "W", "female", "applied"],
    ["R1", "Finance", "Clerk", "2024-02-01", "B", "male", "interviewed"],
    ["R1", "Finance", "Clerk", "2024-02-01", "B", "male", "applied"],
]
COLUMNS = {
    "requisition_id": "Req",
    "department": "Dept",
    "job_title": "Title",
    "posting_date": "Posted",
    "race_ethnicity": "Race",
    "sex": "Gender",
    "stage_reached": "Call",
}


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, disk_file_store):
    settings.TASKS = IMMEDIATE


def bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def upload(client, auth, mapping, rows=ROWS):
    body = csv_text([HEADER, *rows]).encode()
    return client.post(
        "/api/equity/imports",
        {
            "file": SimpleUploadedFile("flow.csv", body, content_type="text/csv"),
            "source_name": "Taleo",
            "mapping": json.dumps(mapping),
        },
        **auth,
    )


def test_it_waits_for_unmapped_codes_then_imports(analyst, django_capture_on_commit_callbacks):
    # given
    client, auth = Client(), bearer(analyst)
    # when a file coded W/B is uploaded
    response = upload(client, auth, {"columns": COLUMNS})
    # then it waits, listing the codes with their counts
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["queued"], body["unknown_values"]) == (
        False,
        {"race_ethnicity": [["B", 2], ["W", 1]]},
    )
    # when they are mapped
    with django_capture_on_commit_callbacks(execute=True):
        mapped = client.post(
            f"/api/equity/imports/{body['id']}/mapping",
            {"values": {"race_ethnicity": {"W": "white", "B": "black"}}},
            content_type="application/json",
            **auth,
        )
    # then it is queued and imported, with row numbers for ids
    assert mapped.status_code == 202, mapped.content
    status = client.get(f"/api/equity/imports/{body['id']}", **auth).json()
    assert (status["status"], status["summary"]["applicants_created"]) == ("done", 3)
    assert sorted(Applicant.objects.values_list("eeo_category", flat=True)) == [
        "black",
        "black",
        "white",
    ]


def test_it_lists_problems_and_audits_reading_them(analyst, django_capture_on_commit_callbacks):
    # given a file whose stage is blank on row 3
    client, auth = Client(), bearer(analyst)
    rows = [list(r) for r in ROWS]
    rows[1][6] = ""
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            client,
            auth,
            {"columns": COLUMNS, "values": {"race_ethnicity": {"W": "white", "B": "black"}}},
            rows=rows,
        )
    run = ImportRun.objects.get(pk=response.json()["id"])
    assert run.status == "failed"
    # when
    problems = client.get(f"/api/equity/imports/{run.pk}/problems", **auth).json()
    # then
    assert problems["total"] == 1
    assert [(p["row"], p["column"], p["code"]) for p in problems["items"]] == [
        (3, "Call", "required")
    ]
    assert AuditEvent.objects.filter(object_type="equity.import", action="view").count() == 1


def test_it_gives_the_adverse_impact_with_both_shortfalls(analyst, southside):
    # given White 30 of 50 and Black 20 of 50 from interviewed to offered
    boundary_dataset(southside, black_selected=20)
    # when
    response = Client().get(
        "/api/equity/adverse-impact", {"from_stage": 3, "to_stage": 4}, **bearer(analyst)
    )
    # then
    assert response.status_code == 200
    [step] = response.json()["steps"]
    groups = {g["group"]: g for g in step["groups"]}
    assert (groups["black"]["shortfall"], groups["black"]["shortfall_overall"]) == (10, 5.0)
    assert groups["black"]["adverse_impact"] is True
    assert step["reference_group"] == "white"


def test_it_refuses_a_staff_token(coach):
    response = Client().get("/api/equity/adverse-impact", **bearer(coach))
    assert response.status_code == 403
