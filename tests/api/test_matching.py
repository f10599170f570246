"""Matching and referrals over the API: the pages' suggestions, candidates and referrals,
scoped and audited as the pages are."""

from datetime import date

from tests.api.conftest import token_client
from tests.matching.conftest import acme, ana, line_cook, living_wage, night_porter  # noqa: F401
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.placements.models import Referral


def test_it_answers_a_participants_suggestions_with_each_factor(as_coach, ana, line_cook):  # noqa: F811
    # when
    response = as_coach.get(f"/api/participants/{ana.pk}/suggestions")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [(s["opening_id"], s["score"]) for s in body["suggestions"]] == [(line_cook.pk, 83.9)]
    factors = {f["key"]: round(f["points"], 1) for f in body["suggestions"][0]["factors"]}
    assert factors == {
        "skills": 30.0,
        "career_goal": 25.0,
        "job_quality": 12.4,
        "commute": 11.5,
        "benefits": 5.0,
        "environment": 0.0,
        "childcare": 0.0,
        "net_gain": 0.0,  # the household's net gain is not computed yet: neutral
    }
    assert body["excluded_count"] == 0
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(ana.pk), detail="api matching suggestions"
    ).exists()


def test_it_gives_the_reasons_an_opening_is_ruled_out(as_coach, ana, night_porter):  # noqa: F811
    # when
    body = as_coach.get(f"/api/participants/{ana.pk}/suggestions").json()
    # then
    assert body["suggestions"] == []
    assert body["excluded_count"] == 1
    assert body["excluded"][0]["opening_id"] == night_porter.pk
    assert "Pays $15.00 an hour; they need at least $18.50." in body["excluded"][0]["reasons"]


def test_it_answers_an_openings_candidates_and_audits_the_names(as_coach, ana, line_cook):  # noqa: F811
    # when
    response = as_coach.get(f"/api/openings/{line_cook.pk}/candidates")
    # then
    assert response.status_code == 200
    body = response.json()
    assert [(c["participant_id"], c["name"], c["score"]) for c in body["candidates"]] == [
        (ana.pk, "Ana Rivera", 83.9)
    ]
    assert (body["ready"], body["passing"]) == (1, 1)
    assert body["excluded_labels"]["fair_chance"] == "Fair-chance hiring"
    event = AuditEvent.objects.get(detail__startswith="api matching candidates")
    assert event.detail.endswith(f"1 rows: {ana.pk}")


def test_it_hides_another_organisations_participant_and_opening(
    other_coach,
    ana,  # noqa: F811
    line_cook,  # noqa: F811
):
    # given
    client = token_client(other_coach)
    # when
    suggestions = client.get(f"/api/participants/{ana.pk}/suggestions")
    candidates = client.get(f"/api/openings/{line_cook.pk}/candidates")
    # then
    assert (suggestions.status_code, candidates.status_code) == (404, 404)
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_it_refers_a_participant_and_lists_the_referral(as_coach, coach, ana, line_cook):  # noqa: F811
    # when
    created = as_coach.post(
        "/api/referrals",
        {"participant": ana.pk, "opening": line_cook.pk, "status": "referred", "note": "Good fit"},
        content_type="application/json",
    )
    listed = as_coach.get(f"/api/referrals?participant={ana.pk}")
    # then
    assert created.status_code == 201
    body = created.json()
    referral = Referral.objects.get()
    assert body["id"] == referral.pk
    assert (body["status"], body["opening_title"], body["participant_name"]) == (
        "referred",
        "Line cook",
        "Ana Rivera",
    )
    assert body["status_on"] == date.today().isoformat()
    assert [item["id"] for item in listed.json()["items"]] == [referral.pk]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(referral.pk)).exists()


def test_it_refuses_a_second_referral_and_another_organisations_participant(
    as_coach,
    other_coach,
    ana,  # noqa: F811
    line_cook,  # noqa: F811
):
    # given
    body = {"participant": ana.pk, "opening": line_cook.pk}
    as_coach.post("/api/referrals", body, content_type="application/json")
    # when
    again = as_coach.post("/api/referrals", body, content_type="application/json")
    theirs = token_client(other_coach).post("/api/referrals", body, content_type="application/json")
    # then
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "payload", "opening"]
    assert theirs.status_code == 422
    assert [e["loc"][-1] for e in theirs.json()["detail"]] == ["participant", "opening"]
    assert Referral.objects.count() == 1
