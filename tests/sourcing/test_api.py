from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.equity.report_data import applicants, requisition
from workbridge.accounts.services import api_token_create
from workbridge.equity.models import JobFairInterest
from workbridge.sourcing.services import job_fair_save, partner_create


def _client(user) -> Client:
    token = api_token_create(user=user, name="test")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_it_lists_partners_and_partnerships_to_an_analyst(analyst):
    partner_create(
        by=analyst, data={"name": "Urban League", "kind": "diversity", "status": "active"}
    )
    client = _client(analyst)
    items = client.get("/api/sourcing/partners").json()["items"]
    assert [(p["name"], p["status"]) for p in items] == [("Urban League", "active")]
    assert client.get("/api/sourcing/partnerships").json()["active"] == 1


def test_it_refuses_a_case_managers_token(coach):
    assert _client(coach).get("/api/sourcing/partners").status_code == 403


def test_it_adds_a_fair_takes_its_interest_list_and_gives_its_funnel(analyst, southside):
    client = _client(analyst)
    # when
    created = client.post(
        "/api/sourcing/fairs",
        {"name": "Austin Expo", "date": "2025-03-15", "community_area": 25},
        content_type="application/json",
    )
    fair_id = created.json()["id"]
    req = requisition(southside, year=2025)
    [applicant] = applicants(southside, req, "black", "female", 5, 1)
    body = f"person_id,race,applicant_id\nP1,black,{applicant.external_id}\nP2,white,\n"

    upload = SimpleUploadedFile("interest.csv", body.encode(), content_type="text/csv")
    uploaded = client.post(f"/api/sourcing/fairs/{fair_id}/interest", {"file": upload})
    funnel = client.get(f"/api/sourcing/fairs/{fair_id}/funnel").json()
    # then
    assert created.status_code == 201
    assert uploaded.status_code == 201
    assert uploaded.json() == {"fair": fair_id, "imported": 2}
    everyone = [r for r in funnel["tables"][0]["rows"] if r["label"] == "Everyone"][-1]
    assert [c["value"] for c in everyone["cells"][:4]] == [2, 1, 1, 1]


def test_it_lists_each_problem_of_an_interest_list_and_saves_nothing(analyst):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 3, 15))

    upload = SimpleUploadedFile("interest.csv", b"person_id,race\nP1,purple\n")
    response = _client(analyst).post(f"/api/sourcing/fairs/{fair.pk}/interest", {"file": upload})
    assert response.status_code == 400
    assert [(p["row"], p["column"]) for p in response.json()["problems"]] == [(2, "race")]
    assert not JobFairInterest.objects.exists()


def test_it_hides_another_organisations_fair(analyst, other_analyst):
    fair = job_fair_save(by=analyst, name="Austin Expo", held_on=date(2025, 3, 15))
    assert _client(other_analyst).get(f"/api/sourcing/fairs/{fair.pk}/funnel").status_code == 404
