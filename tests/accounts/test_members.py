"""An organisation's administrator manages its own users, roles and API tokens, and no other's."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, make_user
from workbridge.accounts.models import ApiToken, AuditEvent, Role, User
from workbridge.accounts.services import api_token_create


def events_about(user) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk))
        .order_by("id")
        .values_list("actor__username", "action", "fields", "detail")
    )


def test_it_lists_only_the_administrators_own_organisation(client, admin_user, coach, other_coach):
    # given
    client.force_login(admin_user)
    # when
    response = client.get(reverse("accounts:members"))
    # then
    assert response.status_code == 200
    assert [u.username for u in response.context["users"]] == ["ada", "alice"]
    assert "bob" not in response.content.decode()


@pytest.mark.parametrize("persona", ["manager", "coach", "analyst", "employer_user"])
def test_it_refuses_the_user_pages_to_every_other_role(client, request, persona, coach):
    # given
    client.force_login(request.getfixturevalue(persona))
    before = User.objects.count()
    # when
    pages = [
        client.get(reverse("accounts:members")),
        client.post(
            reverse("accounts:member_new"),
            {"username": "mallory", "email": "m@example.org", "role": "admin"},
        ),
        client.post(reverse("accounts:member", args=[coach.pk]), {"role": "admin"}),
    ]
    # then
    assert [p.status_code for p in pages] == [403, 403, 403]
    assert User.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_it_adds_a_user_who_chooses_their_password_from_an_emailed_link(
    client, admin_user, southside, django_capture_on_commit_callbacks
):
    # given
    client.force_login(admin_user)
    # when the administrator adds Carl, trying to make him a superuser too
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:member_new"),
            {
                "username": "carl",
                "first_name": "Carl",
                "last_name": "Case",
                "email": "carl@example.org",
                "role": "manager",
                "preferred_language": "en",
                "is_superuser": "on",
                "is_staff": "on",
            },
        )
    # then Carl is a program director at Southside, with no password and no admin-site flags
    assert response.status_code == 302
    carl = User.objects.get(username="carl")
    assert (carl.membership.organisation, carl.membership.role) == (southside, Role.MANAGER)
    assert (carl.is_superuser, carl.is_staff, carl.has_usable_password()) == (False, False, False)
    assert events_about(carl) == [
        (
            "ada",
            "create",
            ["email", "first_name", "last_name", "role", "username"],
            "user added with role manager",
        )
    ]
    # and he was sent a link, which lets him choose a password once
    [message] = mail.outbox
    assert message.to == ["carl@example.org"]
    link = re.search(r"http://testserver(/accounts/password/\S+)", message.body).group(1)
    client.logout()
    form_url = client.get(link)["Location"]
    chosen = client.post(
        form_url,
        {"new_password1": "amber tunnel violin 8", "new_password2": "amber tunnel violin 8"},
    )
    assert chosen.status_code == 302
    carl.refresh_from_db()
    assert carl.check_password("amber tunnel violin 8")
    assert events_about(carl)[-1] == (
        "carl",
        "update",
        ["password"],
        "password set from an e-mailed link",
    )
    assert client.get(link).context["validlink"] is False


def test_it_holds_the_chosen_password_to_the_policy(
    client, admin_user, coach, django_capture_on_commit_callbacks
):
    # given a reset link for Alice
    client.force_login(admin_user)
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:member_password_reset", args=[coach.pk]))
    link = re.search(r"http://testserver(/accounts/password/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    form_url = client.get(link)["Location"]
    # when she tries a weak one
    response = client.post(form_url, {"new_password1": "alice2026", "new_password2": "alice2026"})
    # then it is refused and her password is unchanged
    assert response.status_code == 200
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)


def test_it_changes_a_role_and_audits_it(client, admin_user, coach):
    # given
    client.force_login(admin_user)
    # when
    response = client.post(reverse("accounts:member", args=[coach.pk]), {"role": "manager"})
    # then
    assert response.status_code == 302
    coach.membership.refresh_from_db()
    assert coach.membership.role == Role.MANAGER
    assert events_about(coach) == [("ada", "update", ["role"], "role staff -> manager")]


def test_it_never_removes_the_last_administrator(client, admin_user):
    # given Ada is Southside's only administrator
    client.force_login(admin_user)
    # when she tries to give up the role, or to deactivate herself
    demoted = client.post(reverse("accounts:member", args=[admin_user.pk]), {"role": "staff"})
    client.post(reverse("accounts:member_deactivate", args=[admin_user.pk]))
    # then both are refused and nothing changed
    assert demoted.status_code == 200
    assert "last administrator" in demoted.content.decode()
    admin_user.refresh_from_db()
    assert (admin_user.membership.role, admin_user.is_active) == (Role.ADMIN, True)
    assert events_about(admin_user) == []


def test_it_lets_an_administrator_step_down_when_another_remains(client, admin_user, southside):
    # given
    make_user("zoe", Role.ADMIN, southside)
    client.force_login(admin_user)
    # when
    client.post(reverse("accounts:member", args=[admin_user.pk]), {"role": "manager"})
    # then
    admin_user.membership.refresh_from_db()
    assert admin_user.membership.role == Role.MANAGER


def test_it_deactivates_and_reactivates_a_user(client, admin_user, coach):
    # given
    client.force_login(admin_user)
    # when
    client.post(reverse("accounts:member_deactivate", args=[coach.pk]))
    # then Alice cannot sign in
    coach.refresh_from_db()
    assert coach.is_active is False
    other = client.__class__()
    signed_in = other.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert "_auth_user_id" not in other.session
    assert signed_in.status_code == 200
    # when she is reactivated
    client.post(reverse("accounts:member_reactivate", args=[coach.pk]))
    coach.refresh_from_db()
    assert coach.is_active is True
    assert [e[3] for e in events_about(coach)] == ["deactivated", "reactivated"]


def test_it_sends_a_password_reset_link_without_showing_the_password(
    client, admin_user, coach, django_capture_on_commit_callbacks
):
    # given
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    client.force_login(admin_user)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:member_password_reset", args=[coach.pk]))
    # then
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "/accounts/password/" in message.body
    coach.refresh_from_db()
    assert coach.check_password(PASSWORD)  # unchanged until she chooses a new one
    assert events_about(coach) == [("ada", "update", ["password"], "password reset link sent")]


def test_it_hides_another_organisations_users(client, admin_user, other_coach):
    # given
    client.force_login(admin_user)
    before = (other_coach.password, other_coach.is_active, other_coach.membership.role)
    # when
    responses = [
        client.get(reverse("accounts:member", args=[other_coach.pk])),
        client.post(reverse("accounts:member", args=[other_coach.pk]), {"role": "admin"}),
        client.post(reverse("accounts:member_deactivate", args=[other_coach.pk])),
        client.post(reverse("accounts:member_password_reset", args=[other_coach.pk])),
    ]
    # then
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    other_coach.refresh_from_db()
    other_coach.membership.refresh_from_db()
    assert (other_coach.password, other_coach.is_active, other_coach.membership.role) == before
    assert mail.outbox == []
    assert not AuditEvent.objects.exists()


def test_it_lists_and_revokes_the_organisations_tokens_only(client, admin_user, coach, other_coach):
    # given
    ours, _raw = api_token_create(user=coach, name="alice laptop")
    theirs, _raw = api_token_create(user=other_coach, name="bob laptop")
    client.force_login(admin_user)
    # when
    listed = client.get(reverse("accounts:organisation_tokens"))
    revoked = client.post(reverse("accounts:organisation_token_revoke", args=[ours.pk]))
    refused = client.post(reverse("accounts:organisation_token_revoke", args=[theirs.pk]))
    # then
    assert [t.name for t in listed.context["tokens"]] == ["alice laptop"]
    assert (revoked.status_code, refused.status_code) == (302, 404)
    assert ApiToken.objects.get(pk=ours.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    event = AuditEvent.objects.get(object_type="accounts.apitoken")
    assert (event.actor, event.action, event.object_id) == (admin_user, "update", str(ours.pk))


def test_it_links_the_user_pages_from_the_administrators_navigation(client, admin_user, manager):
    client.force_login(admin_user)
    assert reverse("accounts:members") in client.get(reverse("about")).content.decode()
    client.force_login(manager)
    assert reverse("accounts:members") not in client.get(reverse("about")).content.decode()


def test_choosing_a_password_from_the_link_clears_the_users_sign_in_failures(
    client, admin_user, coach, django_capture_on_commit_callbacks
):
    # given alice is locked out at one address, and her administrator sent her a link
    AccessAttempt.objects.create(
        username="alice", ip_address="203.0.113.9", failures_since_start=5, user_agent="x"
    )
    coach.email = "alice@example.org"
    coach.save(update_fields=["email"])
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:member_password_reset", args=[coach.pk]))
    link = re.search(r"http://testserver(/accounts/password/\S+)", mail.outbox[0].body).group(1)
    client.logout()
    # when she chooses a new password
    form_url = client.get(link)["Location"]
    client.post(
        form_url,
        {"new_password1": "amber tunnel violin 8", "new_password2": "amber tunnel violin 8"},
    )
    # then her failures are gone
    assert not AccessAttempt.objects.filter(username="alice").exists()
