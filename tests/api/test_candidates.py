"""Candidate communication in the API: contact details for HR managers, counts for analysts."""

import pytest

from tests.api.conftest import token_client
from tests.equity.candidates.helpers import import_contacts, import_exams, import_flow
from workbridge.accounts.models import AuditEvent
from workbridge.equity.candidates.models import Exam


@pytest.fixture
def imported(southside, manager, disk_file_store):
    import_flow(southside, manager)
    import_contacts(southside, manager)
    import_exams(
        southside,
        manager,
        [
            ["R1", "A2", "P-200", "Clerical exam", "2024-01-10", "65", "90"],
            ["R2", "B1", "P-200", "Clerical exam", "2024-06-10", "72", "88"],
        ],
    )
    return southside


def test_it_lists_contact_details_to_the_hr_manager_and_logs_the_read(imported, manager):
    # when
    response = token_client(manager).get("/api/candidates/contacts?limit=2")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (4, 2, 0)
    assert body["items"][0] == {
        "requisition_id": "R1",
        "applicant_id": "A1",
        "email": "ana@example.org",
        "phone": "312-555-0101",
        "language": "en",
        "notices_opt_out": False,
        "notified_stage": 5,
    }
    event = AuditEvent.objects.get(object_type="equity.candidatecontact", action="view")
    assert event.actor == manager
    assert event.detail == "2 candidates' contact details (api)"


def test_it_refuses_contact_details_and_exam_results_to_an_analyst(imported, analyst):
    # given
    client = token_client(analyst)
    exam = Exam.objects.get()
    # when
    contacts = client.get("/api/candidates/contacts")
    results = client.get(f"/api/candidates/exams/{exam.pk}/results")
    # then
    assert (contacts.status_code, results.status_code) == (403, 403)
    assert not AuditEvent.objects.filter(action="view").exists()


def test_it_gives_the_analyst_the_timeline_and_the_retest_analysis(imported, analyst):
    # given
    client = token_client(analyst)
    # when
    timeline = client.get("/api/candidates/timeline")
    retests = client.get("/api/candidates/retests?characteristic=race")
    # then
    assert timeline.status_code == 200
    assert [t["job_title"] for t in timeline.json()["items"]] == ["Engineer", "Mechanic"]
    engineer = timeline.json()["items"][0]
    # A1 was dated applied and hired: one interval, hidden below the threshold of 10
    assert engineer["overall"] == {
        "from_stage": "applied",
        "to_stage": "hired",
        "people": 1,
        "median_days": None,
    }
    assert retests.status_code == 200
    without = retests.json()["arms"][1]
    assert (without["with_feedback"], without["retests"], without["passed"]) == (False, 1, 1)


def test_it_gives_the_hr_manager_an_exams_results(imported, manager):
    exam = Exam.objects.get()
    response = token_client(manager).get(f"/api/candidates/exams/{exam.pk}/results")
    assert response.status_code == 200
    assert [(r["applicant_id"], r["passed"]) for r in response.json()["items"]] == [
        ("B1", True),
        ("A2", False),
    ]
