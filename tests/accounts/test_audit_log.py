"""The audit log: append-only, and searchable by administrators only."""

import pytest
from django.urls import reverse

from workbridge.accounts.models import AuditAction, AuditEvent, User
from workbridge.accounts.services import audit_record

URL = "/accounts/audit/"


@pytest.fixture
def event(coach):
    return audit_record(
        actor=coach,
        action=AuditAction.VIEW,
        object_type="people.participant",
        object_id=41,
        fields=["first_name"],
        detail="profile",
    )


def test_it_is_the_audit_log_url():
    assert reverse("accounts:audit") == URL


# Append-only ---------------------------------------------------------------------


def test_it_refuses_to_update_events_through_a_queryset(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    assert AuditEvent.objects.get(pk=event.pk).detail == "profile"


def test_it_refuses_to_delete_events_through_a_queryset(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_to_save_or_delete_one_event(event):
    event.detail = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "profile"


def test_it_shows_events_read_only_in_the_admin_site(client, event):
    # given a platform operator (the only people the admin site lets in)
    operator = User.objects.create_user("olga", is_staff=True, is_superuser=True)
    client.force_login(operator)
    change_url = reverse("admin:accounts_auditevent_change", args=[event.pk])
    # when
    page = client.get(change_url)
    changed = client.post(change_url, {"detail": "changed", "action": "delete"})
    deleted = client.post(
        reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    added = client.get(reverse("admin:accounts_auditevent_add"))
    bulk = client.post(
        reverse("admin:accounts_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    # then
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert changed.status_code == 403
    assert deleted.status_code == 403
    assert added.status_code == 403
    assert bulk.status_code == 200  # the changelist, saying no action was chosen
    assert AuditEvent.objects.get(pk=event.pk).detail == "profile"
    assert AuditEvent.objects.count() == 1


# The search page -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["manager", "coach", "analyst", "employer_user"])
def test_it_is_for_administrators_only(client, request, persona, event):
    # given
    client.force_login(request.getfixturevalue(persona))
    # when
    response = client.get(URL)
    # then
    assert response.status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_it_finds_events_by_object(client, admin_user, coach, event):
    # given
    audit_record(actor=coach, action=AuditAction.EXPORT, object_type="employers.employer")
    client.force_login(admin_user)
    # when
    by_id = client.get(URL, {"q": "41"})
    by_type = client.get(URL, {"q": "employers.employer"})
    # then
    assert [e.pk for e in by_id.context["page"].object_list] == [event.pk]
    assert [e.action for e in by_type.context["page"].object_list] == [AuditAction.EXPORT]


def test_it_finds_events_by_actor(client, admin_user, manager, coach, event):
    # given
    theirs = audit_record(actor=manager, action=AuditAction.VIEW, object_type="people.participant")
    client.force_login(admin_user)
    # when
    response = client.get(URL, {"q": "maria"})
    # then
    assert [e.pk for e in response.context["page"].object_list] == [theirs.pk]
    assert b"1 event" in response.content


def test_it_filters_by_action(client, admin_user, coach, event):
    # given
    export = audit_record(actor=coach, action=AuditAction.EXPORT, object_type="x")
    client.force_login(admin_user)
    # when
    response = client.get(URL, {"action": "export"})
    # then
    assert [e.pk for e in response.context["page"].object_list] == [export.pk]


def test_it_hides_another_organisations_events(client, admin_user, other_coach, event):
    # given
    audit_record(actor=other_coach, action=AuditAction.VIEW, object_type="people.participant")
    client.force_login(admin_user)
    # when
    response = client.get(URL)
    # then
    assert [e.pk for e in response.context["page"].object_list] == [event.pk]
