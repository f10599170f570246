"""Lockout cannot be used against someone: failures lock one username from one address,
repeated failures are slowed, one address is limited across usernames, and a locked-out
user can unlock their account by e-mail."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_user
from workbridge.accounts.models import AuditEvent, Role

LOGIN = "/accounts/login/"
ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"


def sign_in(client, username, password, address=ATTACKER):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def without_csrf(response) -> str:
    return re.sub(
        r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", response.content.decode()
    )


@pytest.fixture
def no_delay(settings):
    settings.WORKBRIDGE_LOGIN_DELAY_SECONDS = 0


def test_it_lets_the_owner_in_from_another_address_while_one_is_locked(client, coach, no_delay):
    # given five wrong passwords for alice from the attacker's address
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    locked = sign_in(client, "alice", PASSWORD)
    # when alice signs in from her own address
    owner = client.__class__()
    response = sign_in(owner, "alice", PASSWORD, address=OWNER)
    # then the attacker's address is locked for alice, and alice is signed in
    assert locked.status_code == 429
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(coach.pk)


def test_it_takes_the_address_from_the_tls_proxy_when_behind_one(client, coach, no_delay, settings):
    # given a deployment behind a TLS proxy: every request comes from the proxy's address
    settings.WORKBRIDGE_BEHIND_TLS_PROXY = True
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "alice", "password": "wrong password"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}",
        )
    # when alice signs in through the same proxy from her own address
    owner = client.__class__()
    response = owner.post(
        LOGIN,
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=OWNER,
    )
    # then she gets in: the lock is on the attacker's address, not the proxy's
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_it_limits_one_address_guessing_across_many_usernames(client, coach, no_delay, settings):
    # given one wrong guess each against twenty usernames from one address
    settings.WORKBRIDGE_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    for n in range(20):
        sign_in(client, f"user{n}", "wrong password")
    # when the same address tries a real account with its right password
    response = sign_in(client, "alice", PASSWORD)
    # then the address is refused without the password being tried, and alice is not signed in
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-in attempts from your network" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    # while alice, from her own address, still gets in
    assert sign_in(client.__class__(), "alice", PASSWORD, address=OWNER).status_code == 302


def test_it_slows_repeated_failures_progressively(client, coach, settings):
    # given the delay doubles from one second after each failure
    settings.WORKBRIDGE_LOGIN_DELAY_SECONDS = 1
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "alice", "wrong password")
        sign_in(client, "alice", "wrong password")  # too soon: refused, not counted
        # when
        too_soon = sign_in(client, "alice", PASSWORD)
        clock.shift(timedelta(seconds=1))
        sign_in(client, "alice", "wrong password")  # the second failure
        clock.shift(timedelta(seconds=1))
        still_too_soon = sign_in(client, "alice", PASSWORD)  # needs 2 seconds now
        clock.shift(timedelta(seconds=1))
        in_time = sign_in(client, "alice", PASSWORD)
    # then
    assert too_soon.status_code == 429
    assert too_soon["Retry-After"] == "1"
    assert "Wait 1 second before trying again." in too_soon.content.decode()
    assert (still_too_soon.status_code, still_too_soon["Retry-After"]) == (429, "1")
    assert in_time.status_code == 302
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_it_e_mails_an_unlock_link_that_clears_the_failures(
    client, coach, no_delay, django_capture_on_commit_callbacks
):
    # given alice is locked out at the attacker's address and at her own
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    for address in (ATTACKER, OWNER):
        for _ in range(5):
            sign_in(client, "alice", "wrong password", address=address)
    locked = sign_in(client, "alice", PASSWORD, address=OWNER)
    assert locked.status_code == 429
    assert reverse("accounts:unlock_request") in locked.content.decode()
    # when she asks for an unlock link and follows it
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("accounts:unlock_request"), {"username": "alice"})
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/unlock/\S+)", message.body).group(1)
    unlocked = client.get(link)
    # then every failure for alice is gone, and she signs in
    assert asked.status_code == 200
    assert message.to == ["alice@example.org"]
    assert unlocked.status_code == 200
    assert "You can sign in again" in unlocked.content.decode()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert sign_in(client, "alice", PASSWORD, address=OWNER).status_code == 302
    event = AuditEvent.objects.get(detail="sign-in failures cleared from an e-mailed link")
    assert (event.actor, event.object_id) == (coach, str(coach.pk))


def test_it_answers_an_unlock_request_the_same_whether_or_not_the_user_exists(
    client, coach, django_capture_on_commit_callbacks
):
    # given
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:unlock_request"), {"username": "alice"})
        unknown = client.post(reverse("accounts:unlock_request"), {"username": "nobody"})
    # then both get the same page; only the real user gets mail
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known) == without_csrf(unknown)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_it_sends_at_most_one_unlock_link_in_a_while(
    client, coach, django_capture_on_commit_callbacks
):
    # given
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    # when someone asks three times
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.post(reverse("accounts:unlock_request"), {"username": "alice"})
    # then one message went
    assert len(mail.outbox) == 1


def test_it_refuses_a_forged_or_stale_unlock_link(client, coach, no_delay):
    # given alice locked out
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    # when a forged link is followed
    response = client.get(reverse("accounts:unlock", args=["MQ", "forged-token"]))
    # then nothing is unlocked
    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
    assert AccessAttempt.objects.get(username="alice").failures_since_start == 5


def test_it_keeps_one_users_lock_from_another_user(client, coach, southside, no_delay):
    # given
    make_user("ben", Role.STAFF, southside)
    for _ in range(5):
        sign_in(client, "alice", "wrong password")
    # when ben signs in from the same address
    response = sign_in(client, "ben", PASSWORD)
    # then
    assert response.status_code == 302


def test_it_holds_the_admin_sites_sign_in_to_the_address_limit(client, db, settings):
    # given one address that has guessed at twenty usernames
    settings.WORKBRIDGE_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    settings.WORKBRIDGE_LOGIN_DELAY_SECONDS = 0
    for n in range(20):
        sign_in(client, f"user{n}", "wrong password")
    # when it tries the admin site's sign-in
    response = client.post(
        reverse("admin:login"), {"username": "olga", "password": "x"}, REMOTE_ADDR=ATTACKER
    )
    # then it is refused before any password is tried
    assert response.status_code == 429
    assert not AccessAttempt.objects.filter(username="olga").exists()
