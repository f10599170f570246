"""Django's admin site is for platform operators only, and every change made there is audited."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD
from workbridge.accounts.models import ApiToken, AuditEvent, Membership, Organisation, User
from workbridge.accounts.services import api_token_create

OPERATOR_PASSWORD = "quartz lantern meadow 93"


@pytest.fixture
def operator(db, monkeypatch):
    monkeypatch.setenv("OPERATOR_PASSWORD", OPERATOR_PASSWORD)
    call_command("create_operator", "olga", email="olga@example.org", verbosity=0)
    return User.objects.get(username="olga")


def test_it_makes_an_organisation_administrator_no_superuser_and_no_staff(admin_user):
    assert (admin_user.is_superuser, admin_user.is_staff) == (False, False)


def test_it_keeps_an_organisation_administrator_out_of_every_admin_page(
    client, admin_user, other_coach
):
    # given Southside's administrator, signed in
    client.force_login(admin_user)
    before = other_coach.password
    # when they ask for the admin site and Northside's coach's password form
    pages = [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:auth_user_password_change", args=[other_coach.pk]),
    ]
    responses = [client.get(url) for url in pages]
    posted = client.post(
        reverse("admin:auth_user_password_change", args=[other_coach.pk]),
        {"password1": "taken over 12345", "password2": "taken over 12345"},
    )
    # then every one sends them to the admin site's sign-in, and nothing changed
    login = reverse("admin:login")
    assert [r.status_code for r in [*responses, posted]] == [302, 302, 302, 302]
    assert all(r["Location"].startswith(login) for r in [*responses, posted])
    other_coach.refresh_from_db()
    assert other_coach.password == before


def test_it_refuses_an_organisation_administrator_at_the_admin_sign_in(client, admin_user):
    # when
    response = client.post(
        reverse("admin:login"), {"username": "ada", "password": PASSWORD, "next": "/admin/"}
    )
    # then the form is shown again and nobody is signed in
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_creates_an_operator_with_no_organisation(operator):
    assert (operator.is_superuser, operator.is_staff, operator.is_active) == (True, True, True)
    assert not Membership.objects.filter(user=operator).exists()
    assert operator.check_password(OPERATOR_PASSWORD)
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(operator.pk))
    assert (event.action, event.actor, event.detail) == ("create", None, "create_operator command")


def test_it_refuses_an_operator_password_that_breaks_the_policy(db, monkeypatch):
    monkeypatch.setenv("OPERATOR_PASSWORD", "short")
    with pytest.raises(Exception, match="too short"):
        call_command("create_operator", "olga", verbosity=0)
    assert not User.objects.filter(username="olga").exists()


def test_it_audits_an_operators_password_change_in_the_admin(client, operator, other_coach):
    # given
    client.force_login(operator)
    # when the operator sets Northside coach's password in the admin
    response = client.post(
        reverse("admin:auth_user_password_change", args=[other_coach.pk]),
        {"password1": "new river stone 44", "password2": "new river stone 44"},
    )
    # then it changed, and the change is in the audit log under Northside
    assert response.status_code == 302
    other_coach.refresh_from_db()
    assert other_coach.check_password("new river stone 44")
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=str(other_coach.pk))
    assert (event.action, event.actor, event.organisation) == (
        "update",
        operator,
        other_coach.membership.organisation,
    )
    assert event.detail.startswith("admin site: ")
    assert "password" in event.detail.lower()


def test_it_audits_an_operators_addition_change_and_deletion_in_the_admin(
    client, operator, other_coach
):
    # given a token of Northside's coach
    token, _raw = api_token_create(user=other_coach, name="laptop")
    client.force_login(operator)
    # when the operator adds and renames an organisation, and deletes the token
    client.post(reverse("admin:accounts_organisation_add"), {"name": "Westside", "slug": "west"})
    west = Organisation.objects.get(slug="west")
    client.post(
        reverse("admin:accounts_organisation_change", args=[west.pk]),
        {"name": "Westside Works", "slug": "west"},
    )
    client.post(reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"})
    # then each step is one audit event by the operator, under the organisation concerned
    events = AuditEvent.objects.filter(
        object_type__in=["accounts.organisation", "accounts.apitoken"]
    ).order_by("id")
    assert [(e.action, e.object_type, e.actor, e.organisation) for e in events] == [
        ("create", "accounts.organisation", operator, west),
        ("update", "accounts.organisation", operator, west),
        ("delete", "accounts.apitoken", operator, other_coach.membership.organisation),
    ]
    assert events[1].fields == ["Name"]  # as the admin names the field it changed
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_the_app_never_links_to_the_admin_site(client, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("about")).content.decode()
    assert "/admin/" not in body
