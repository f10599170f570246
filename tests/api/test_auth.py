"""Who may call the participant endpoints: bearer tokens, and the roles that do casework."""

import pytest
from django.test import Client

from tests.api.conftest import token_client
from tests.factories import ParticipantFactory
from workbridge.accounts.models import ApiToken, AuditEvent
from workbridge.accounts.services import api_token_create, api_token_revoke
from workbridge.people.models import Participant

LIST = "/api/participants"
UNAUTHORIZED = {"detail": "Send a valid API token: “Authorization: Bearer <token>”."}
FORBIDDEN = {"detail": "Your role does not give access to participants' records."}


@pytest.fixture
def rosa(southside):
    return ParticipantFactory(organisation=southside, first_name="Rosa", last_name="Alvarez")


def test_it_refuses_a_request_without_a_token(rosa):
    # when
    response = Client().get(LIST)
    # then
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"
    assert AuditEvent.objects.count() == 0


def test_it_refuses_an_unknown_token(rosa):
    # given
    client = Client(headers={"Authorization": "Bearer wb_not-a-real-token"})
    # when
    response = client.get(f"{LIST}/{rosa.pk}")
    # then
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert AuditEvent.objects.count() == 0


def test_it_refuses_a_token_sent_with_another_scheme(coach, rosa):
    # given
    _token, raw = api_token_create(user=coach, name="laptop")
    client = Client(headers={"Authorization": f"Token {raw}"})
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 401


def test_it_refuses_a_revoked_token(coach, rosa):
    # given
    token, raw = api_token_create(user=coach, name="laptop")
    api_token_revoke(token=token)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 401
    assert AuditEvent.objects.count() == 0


def test_it_refuses_the_token_of_a_deactivated_user(coach, rosa):
    # given
    client = token_client(coach)
    coach.is_active = False
    coach.save(update_fields=["is_active"])
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 401


def test_it_refuses_to_write_without_a_token(southside):
    # when
    response = Client().post(
        LIST,
        {"first_name": "Mallory", "last_name": "Intruder"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 401
    assert Participant.objects.count() == 0


def test_it_accepts_a_valid_token_and_notes_when_it_was_used(coach, rosa):
    # given
    token, raw = api_token_create(user=coach, name="laptop")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", LIST), ("get", "/api/participants/{pk}"), ("post", LIST)],
)
def test_it_forbids_roles_without_casework(persona, method, path, rosa, request):
    # given an analyst's or an employer partner's token
    client = token_client(request.getfixturevalue(persona))
    before = list(Participant.objects.values_list("pk", "first_name", "updated_at"))
    # when they ask for participants (a POST with a valid body)
    body = {
        "first_name": "Mallory",
        "last_name": "Intruder",
        "zip_code": "60637",
        "enrolled_on": "2026-01-05",
        "planned_exit_on": "2026-07-01",
    }
    sent = {"data": body, "content_type": "application/json"} if method == "post" else {}
    response = getattr(client, method)(path.format(pk=rosa.pk), **sent)
    # then they are refused, not shown an empty list, and nothing is written or logged
    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert list(Participant.objects.values_list("pk", "first_name", "updated_at")) == before
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_it_forbids_updates_by_roles_without_casework(persona, rosa, request):
    # given
    client = token_client(request.getfixturevalue(persona))
    # when they send an invalid body, they learn nothing about it: the role is refused first
    response = client.patch(
        f"{LIST}/{rosa.pk}", {"zip_code": "bad"}, content_type="application/json"
    )
    # then
    assert response.status_code == 403
    rosa.refresh_from_db()
    assert rosa.zip_code == "60623"
    assert AuditEvent.objects.count() == 0


def test_it_needs_no_csrf_token_from_a_program_with_a_bearer_token(coach):
    # given a client that, like a browser, gets CSRF checks
    _token, raw = api_token_create(user=coach, name="script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    # when
    response = client.post(
        LIST,
        {
            "first_name": "Rosa",
            "last_name": "Alvarez",
            "zip_code": "60623",
            "enrolled_on": "2026-01-05",
            "planned_exit_on": "2026-07-01",
        },
        content_type="application/json",
    )
    # then
    assert response.status_code == 201
    assert Participant.objects.count() == 1


def test_it_does_not_let_a_signed_in_browser_session_stand_in_for_a_token(client, coach):
    # given a coach signed in to the web pages
    client.force_login(coach)
    # when their browser calls the API without a token
    response = client.get(LIST)
    # then the session is not enough
    assert response.status_code == 401
