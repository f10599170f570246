"""Personal API tokens: shown once, stored as a digest, revoked only by their owner."""

import hashlib

from django.urls import reverse

from workbridge.accounts.models import ApiToken
from workbridge.accounts.queries import api_token_user
from workbridge.accounts.services import api_token_create

URL = "/accounts/tokens/"


def test_it_is_the_tokens_url():
    assert reverse("accounts:tokens") == URL


def test_it_creates_a_token_and_shows_it_once(client, coach):
    # given
    client.force_login(coach)
    # when
    created = client.post(URL, {"name": "Reporting script"})
    later = client.get(URL)
    # then
    token = ApiToken.objects.get()
    raw = created.context["new_token"]
    assert created.status_code == 200
    assert raw.startswith("wb_")
    assert f'<code id="new-token">{raw}</code>'.encode() in created.content
    assert raw.encode() not in later.content
    assert token.user == coach
    assert token.name == "Reporting script"
    assert token.prefix == raw[3:11]
    assert token.prefix.encode() in later.content


def test_it_stores_only_the_digest_of_a_token(client, coach):
    # given
    client.force_login(coach)
    # when
    raw = client.post(URL, {"name": "Reporting script"}).context["new_token"]
    # then
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.digest, token.prefix, token.name}
    assert api_token_user(raw) == coach


def test_it_refuses_a_token_without_a_name(client, coach):
    # given
    client.force_login(coach)
    # when
    response = client.post(URL, {"name": ""})
    # then
    assert response.status_code == 200
    assert response.context["new_token"] is None
    assert not ApiToken.objects.exists()


def test_it_lists_only_the_users_own_tokens(client, coach, manager):
    # given
    api_token_create(user=coach, name="Mine")
    api_token_create(user=manager, name="Theirs")
    client.force_login(coach)
    # when
    response = client.get(URL)
    # then
    assert [t.name for t in response.context["tokens"]] == ["Mine"]


def test_it_revokes_a_token(client, coach):
    # given
    token, raw = api_token_create(user=coach, name="Script")
    client.force_login(coach)
    # when
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 302
    assert response["Location"] == URL
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_user(raw) is None


def test_it_refuses_to_revoke_another_users_token(client, coach, manager):
    # given
    token, raw = api_token_create(user=manager, name="Theirs")
    client.force_login(coach)
    # when
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert api_token_user(raw) == manager


def test_it_revokes_only_by_post(client, coach):
    # given
    token, _raw = api_token_create(user=coach, name="Script")
    client.force_login(coach)
    # when
    response = client.get(reverse("accounts:token_revoke", args=[token.pk]))
    # then
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
