"""Signing in: it works, five wrong passwords lock the account, passwords are Argon2 hashes."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _no_delay(settings):
    """These tests count failures; the wait between them is tested in test_lockout.py."""
    settings.WORKBRIDGE_LOGIN_DELAY_SECONDS = 0


def sign_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_it_is_the_login_url():
    assert reverse("login") == LOGIN


def test_it_signs_in_with_the_right_password(client, coach):
    # when
    response = sign_in(client, "alice", PASSWORD)
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_it_sends_the_user_on_to_the_page_they_asked_for(client, coach):
    # when
    response = client.post(
        LOGIN, {"username": "alice", "password": PASSWORD, "next": "/participants/"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == "/participants/"


def test_it_refuses_a_wrong_password_and_says_so(client, coach):
    # when
    response = sign_in(client, "alice", "not the password")
    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b'class="error-summary" role="alert"' in response.content


def test_it_locks_the_account_after_five_wrong_passwords(client, coach, settings):
    # given
    assert "axes.backends.AxesStandaloneBackend" in settings.AUTHENTICATION_BACKENDS
    for _ in range(4):
        assert sign_in(client, "alice", "wrong password").status_code == 200
    # when
    fifth = sign_in(client, "alice", "wrong password")
    failures = AccessAttempt.objects.get(username="alice").failures_since_start
    right_password_after = sign_in(client, "alice", PASSWORD)
    # then
    assert failures == 5
    assert fifth.status_code == 429
    assert right_password_after.status_code == 429
    assert b"Too many failed sign-in attempts" in right_password_after.content
    assert "_auth_user_id" not in client.session


def test_it_does_not_lock_after_four_wrong_passwords(client, coach):
    # given
    for _ in range(4):
        sign_in(client, "alice", "wrong password")
    # when
    response = sign_in(client, "alice", PASSWORD)
    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_it_locks_one_account_without_locking_another(client, coach, manager):
    # given
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    # when
    response = sign_in(client, "maria", PASSWORD)
    # then
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(manager.pk)


@pytest.mark.real_password_hashing
@pytest.mark.parametrize("persona", ["coach", "admin_user"])
def test_it_stores_passwords_as_argon2_hashes(request, persona):
    # given
    user = request.getfixturevalue(persona)
    # then
    assert user.password.startswith("argon2$")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)
