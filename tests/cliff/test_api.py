"""The cliff result of a household over HTTP, scoped and audited as the pages are."""

import pytest
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict:
    _token, secret = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def _ask(client, rosa, cook, capture):
    with capture(execute=True):
        client.post(
            reverse("cliff:page", args=[rosa.pk]),
            {
                "participant_age": "31",
                "children_ages": "3, 7",
                "rent_monthly": "0",
                "childcare_monthly": "0",
                "childcare_hours_weekly": "0",
                "now_wage": "0",
                "now_hours": "0",
                "sweep_max_wage": "30",
                "offer1": cook.pk,
            },
        )


def test_it_reads_the_latest_cliff_of_a_household(
    client, coach, rosa, cook, fake_engine, immediate_tasks, django_capture_on_commit_callbacks
):
    # given a computed run
    client.force_login(coach)
    _ask(client, rosa, cook, django_capture_on_commit_callbacks)
    client.logout()
    # when
    response = client.get(f"/api/participants/{rosa.pk}/cliff", headers=_bearer(coach))
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done"
    assert body["household"]["child_ages"] == [3, 7]
    assert body["now_net_resources"] == 6000.0
    assert [(c["cause"], c["wage_after"]) for c in body["cliffs"]] == [("snap", 15.0)]
    assert body["offers"][0]["net_gain"] == 27144.0
    assert body["offers"][0]["opening_id"] == cook.pk
    assert len(body["curve"]["hourly"]) == 161
    assert AuditEvent.objects.filter(object_id=rosa.pk, detail__endswith="(API)").exists()


def test_it_answers_404_for_another_organisations_household(
    client,
    coach,
    other_coach,
    rosa,
    cook,
    fake_engine,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    client.force_login(coach)
    _ask(client, rosa, cook, django_capture_on_commit_callbacks)
    response = client.get(f"/api/participants/{rosa.pk}/cliff", headers=_bearer(other_coach))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(detail__endswith="(API)").exists()


def test_it_answers_404_before_any_run(client, coach, rosa):
    response = client.get(f"/api/participants/{rosa.pk}/cliff", headers=_bearer(coach))
    assert response.status_code == 404
