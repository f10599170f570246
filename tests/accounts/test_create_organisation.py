"""A new deployment starts its first organisation and administrator from the command line."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from workbridge.accounts.models import AuditEvent, Membership, Organisation, Role, User


def start(**options):
    defaults = {
        "admin": "ada",
        "email": "ada@southside.example.org",
        "site_url": "https://workbridge.example.org",
        "verbosity": 0,
    }
    call_command("create_organisation", "Southside Works", **(defaults | options))


@pytest.mark.django_db
def test_it_starts_an_organisation_with_an_administrator_who_chooses_a_password(
    client, django_capture_on_commit_callbacks
):
    # When the operator starts an organisation (the e-mail goes once the start is committed)
    with django_capture_on_commit_callbacks(execute=True):
        start(first_name="Ada", last_name="Lovelace", language="es")
    # Then it exists with its first administrator, who has no password yet
    organisation = Organisation.objects.get()
    assert (organisation.name, organisation.slug) == ("Southside Works", "southside-works")
    ada = User.objects.get(username="ada")
    assert ada.membership.role == Role.ADMIN
    assert ada.membership.organisation == organisation
    assert not ada.has_usable_password()
    assert (ada.is_staff, ada.is_superuser) == (False, False)
    # And she is e-mailed, in her language, a one-time link on the site's address
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@southside.example.org"]
    assert message.subject == "Tiene una cuenta de Workbridge"
    link = re.search(r"https://workbridge\.example\.org(/\S+)", message.body).group(1)
    # And following it lets her choose a password and sign in as the administrator
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    password = "a long enough passphrase 2026"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"new_password1": password, "new_password2": password},
    )
    assert done.status_code == 302
    ada.refresh_from_db()
    assert ada.check_password(password)
    # And the start is in the audit log
    event = AuditEvent.objects.get(object_type="accounts.organisation")
    assert event.organisation == organisation
    assert "first administrator ada" in event.detail


@pytest.mark.django_db
def test_it_creates_nothing_when_any_part_is_refused(southside):
    # Given an organisation of that name already
    Organisation.objects.filter(pk=southside.pk).update(name="Southside Works")
    # When another is started with the same name
    with pytest.raises(CommandError, match="Nothing was created") as refused:
        start()
    # Then it says why, and neither an organisation nor a user was added
    assert "name" in str(refused.value)
    assert Organisation.objects.count() == 1
    assert not User.objects.filter(username="ada").exists()
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_it_refuses_an_administrator_without_an_email_or_a_site_address():
    with pytest.raises(CommandError, match="e-mail address"):
        start(email="")
    with pytest.raises(CommandError, match="site-url"):
        start(site_url="workbridge.example.org")
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0
