"""Logging an interaction with one or several employers from the page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from workbridge.employers.models import ActionItem, Interaction
from workbridge.employers.services import contact_add, employer_create

TODAY = timezone.localdate()


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


@pytest.fixture
def birch(coach):
    return employer_create(by=coach, data={"name": "Birch Logistics", "owner": coach})


@pytest.fixture
def dana(acme, coach):
    return contact_add(employer=acme, by=coach, data={"name": "Dana Reyes", "role": "HR lead"})


def test_it_prefills_the_employer_kind_and_its_contacts(client, coach, acme, birch, dana):
    client.force_login(coach)

    response = client.get(
        reverse("employers:interaction_log"), {"employer": acme.pk, "kind": "call"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{acme.pk}" selected>Acme Foods</option>' in html
    assert f'<option value="{birch.pk}">Birch Logistics</option>' in html
    assert f'value="{dana.pk}"' in html and "Dana Reyes, HR lead (Acme Foods)" in html
    assert '<option value="call" selected>Call</option>' in html
    assert f'value="{TODAY:%Y-%m-%d}"' in html


def test_one_note_is_logged_for_two_employers(client, coach, acme, birch, dana):
    client.force_login(coach)

    response = client.post(
        reverse("employers:interaction_log") + f"?employer={acme.pk}",
        {
            "kind": "meeting",
            "occurred_on": TODAY.isoformat(),
            "employers": [acme.pk, birch.pk],
            "contacts": [dana.pk],
            "outcome": "reached",
            "summary": "Lunch with both HR leads",
            "next_step": "Send the impact report",
            "next_step_on": (TODAY + timedelta(days=5)).isoformat(),
        },
    )

    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:detail", args=[acme.pk])
    assert set(interaction.employers.all()) == {acme, birch}
    assert list(interaction.contacts.all()) == [dana]
    assert (interaction.kind, interaction.outcome, interaction.by) == ("meeting", "reached", coach)
    assert ActionItem.objects.filter(description="Send the impact report").count() == 2
    acme.refresh_from_db()
    assert acme.last_contact_on == TODAY


def test_it_returns_to_the_queue_when_it_came_from_there(client, coach, acme):
    client.force_login(coach)
    queue = reverse("employers:queue")

    response = client.post(
        reverse("employers:interaction_log"),
        {"kind": "call", "occurred_on": TODAY.isoformat(), "employers": [acme.pk], "next": queue},
    )

    assert response["Location"] == queue


def test_errors_sit_next_to_fields_and_are_announced_and_nothing_is_written(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:interaction_log"),
        {
            "kind": "call",
            "occurred_on": (TODAY + timedelta(days=1)).isoformat(),
            "employers": [],
            "next_step_on": TODAY.isoformat(),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert (
        '<ul class="errorlist" id="id_employers_error"><li>This field is required.</li></ul>'
        in html
    )
    assert "The date cannot be in the future." in html
    assert "Say what the next step is." in html
    assert 'aria-invalid="true"' in html
    assert not Interaction.objects.exists()


def test_a_next_step_before_the_contact_is_refused_by_the_service(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:interaction_log"),
        {
            "kind": "call",
            "occurred_on": TODAY.isoformat(),
            "employers": [acme.pk],
            "next_step": "Call back",
            "next_step_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "The next step cannot come before the contact." in response.content.decode()
    assert not Interaction.objects.exists()
    assert not ActionItem.objects.exists()


def test_a_contact_of_an_unchosen_employer_is_refused(client, coach, acme, birch, dana):
    client.force_login(coach)

    response = client.post(
        reverse("employers:interaction_log"),
        {
            "kind": "call",
            "occurred_on": TODAY.isoformat(),
            "employers": [birch.pk],
            "contacts": [dana.pk],
        },
    )

    assert response.status_code == 200
    assert "Choose contacts of the chosen employers." in response.content.decode()
    assert not Interaction.objects.exists()


def test_another_organisations_employer_cannot_be_chosen(client, coach, other_coach):
    theirs = employer_create(by=other_coach, data={"name": "Northside Bakery"})
    client.force_login(coach)

    response = client.post(
        reverse("employers:interaction_log"),
        {"kind": "call", "occurred_on": TODAY.isoformat(), "employers": [theirs.pk]},
    )

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Interaction.objects.exists()
    assert (
        "Northside Bakery"
        not in client.get(
            reverse("employers:interaction_log"), {"employer": theirs.pk}
        ).content.decode()
    )


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_other_roles_cannot_log(client, request, persona, acme):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("employers:interaction_log"),
        {"kind": "call", "occurred_on": TODAY.isoformat(), "employers": [acme.pk]},
    )

    assert response.status_code == 403
    assert not Interaction.objects.exists()
