"""An employer's contacts over the API: personal data, so every read is audited."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.api.employer_schemas import CONTACT_FIELDS
from workbridge.employers.models import Contact
from workbridge.employers.services import contact_add, employer_create


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def patch(client, path, body):
    return client.patch(path, body, content_type="application/json")


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> dict[str, object]:
    return {
        "contacts": list(Contact.objects.order_by("pk").values()),
        "audit events": AuditEvent.objects.count(),
    }


def new_events(before: int):
    return list(AuditEvent.objects.order_by("pk")[before:])


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods"})


@pytest.fixture
def dana(coach, acme):
    return contact_add(
        employer=acme,
        by=coach,
        data={
            "name": "Dana Hiring",
            "role": "HR manager",
            "phone": "312-555-0182",
            "email": "dana@acme.example.com",
            "external_id": "C-1",
        },
    )


@pytest.fixture
def theirs(other_coach):
    employer = employer_create(by=other_coach, data={"name": "Northern Steel"})
    return contact_add(employer=employer, by=other_coach, data={"name": "Nora North"})


def contacts_of(employer) -> str:
    return f"/api/employers/{employer.pk}/contacts"


# The list ------------------------------------------------------------------------------


def test_it_lists_an_employers_contacts_primary_first(as_coach, coach, acme, dana):
    # given a primary contact, and a contact at another of Southside's employers
    primary = contact_add(employer=acme, by=coach, data={"name": "Zoe Owner", "is_primary": True})
    birch = employer_create(by=coach, data={"name": "Birch Logistics"})
    contact_add(employer=birch, by=coach, data={"name": "Ben Birch"})
    # when
    response = as_coach.get(contacts_of(acme))
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 25, 0)
    assert [item["id"] for item in body["items"]] == [primary.pk, dana.pk]
    assert body["items"][1] == {
        "id": dana.pk,
        "employer_id": acme.pk,
        "external_id": "C-1",
        "name": "Dana Hiring",
        "role": "HR manager",
        "phone": "312-555-0182",
        "email": "dana@acme.example.com",
        "preferred_channel": "email",
        "preferred_language": "en",
        "email_opt_out": False,
        "is_primary": False,
    }


def test_it_writes_one_audit_event_for_a_page_of_contacts(as_coach, coach, acme, dana):
    # given
    contact_add(employer=acme, by=coach, data={"name": "Zoe Owner"})
    before = AuditEvent.objects.count()
    # when
    as_coach.get(contacts_of(acme), {"limit": 1})
    # then
    [event] = new_events(before)
    assert (event.actor, event.organisation) == (coach, acme.organisation)
    assert (event.action, event.object_type, event.object_id) == (
        AuditAction.VIEW,
        "employers.contact",
        "",
    )
    assert event.fields == sorted(CONTACT_FIELDS)
    assert event.detail == f"api list: 1 contacts of employer {acme.pk}"


def test_it_pages_contacts(as_coach, coach, acme):
    # given three contacts, named in order
    people = [contact_add(employer=acme, by=coach, data={"name": f"Person {n}"}) for n in range(3)]
    # when
    response = as_coach.get(contacts_of(acme), {"limit": 1, "offset": 1})
    # then
    assert response.json()["count"] == 3
    assert [item["id"] for item in response.json()["items"]] == [people[1].pk]


def test_it_refuses_a_bad_page_and_audits_nothing(as_coach, acme, dana):
    # given
    before = AuditEvent.objects.count()
    # when
    response = as_coach.get(contacts_of(acme), {"limit": 500})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["query", "limit"]]
    assert AuditEvent.objects.count() == before


def test_it_hides_another_organisations_employers_contacts(as_coach, theirs):
    # given
    before = AuditEvent.objects.count()
    # when
    response = as_coach.get(contacts_of(theirs.employer))
    # then
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_it_costs_the_same_number_of_queries_for_any_page_size(as_coach, coach, acme):
    # given a first call, so that the token's last use is already noted
    as_coach.get(contacts_of(acme))
    for n in range(3):
        contact_add(employer=acme, by=coach, data={"name": f"Few {n}"})
    with CaptureQueriesContext(connection) as few:
        response = as_coach.get(contacts_of(acme))
    assert len(response.json()["items"]) == 3
    for n in range(30):
        contact_add(employer=acme, by=coach, data={"name": f"Many {n}"})
    # when
    with CaptureQueriesContext(connection) as many:
        response = as_coach.get(contacts_of(acme), {"limit": 100})
    # then: the token, the employer, the count, the page, and the audit event
    assert len(response.json()["items"]) == 33
    assert len(many) == len(few) == 5


# One contact ---------------------------------------------------------------------------


def test_it_shows_one_contact_and_audits_the_fields_shown(as_coach, coach, dana):
    # given
    before = AuditEvent.objects.count()
    # when
    response = as_coach.get(f"/api/contacts/{dana.pk}")
    # then
    assert response.status_code == 200
    assert set(response.json()) == {"id", *CONTACT_FIELDS}
    assert (response.json()["name"], response.json()["phone"]) == ("Dana Hiring", "312-555-0182")
    [event] = new_events(before)
    assert (event.actor, event.action) == (coach, AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("employers.contact", str(dana.pk))
    assert event.fields == sorted(CONTACT_FIELDS)


def test_it_hides_another_organisations_contact(as_coach, theirs):
    # given
    before = AuditEvent.objects.count()
    # when
    response = as_coach.get(f"/api/contacts/{theirs.pk}")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert AuditEvent.objects.count() == before


# Add -----------------------------------------------------------------------------------


def test_it_adds_a_contact_and_audits_it(as_coach, coach, acme):
    # given
    before = AuditEvent.objects.count()
    # when
    response = post(
        as_coach,
        contacts_of(acme),
        {
            "name": "Luz Gerente",
            "email": "luz@acme.example.com",
            "preferred_channel": "phone",
            "preferred_language": "es",
            "is_primary": True,
        },
    )
    # then
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert response.json()["id"] == contact.pk
    assert (contact.employer, contact.name, contact.preferred_language) == (
        acme,
        "Luz Gerente",
        "es",
    )
    assert (contact.preferred_channel, contact.is_primary) == ("phone", True)
    [event] = new_events(before)
    assert (event.actor, event.action, event.object_id) == (coach, "create", str(contact.pk))
    assert "name" in event.fields and "email" in event.fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"email": "not an address"}, "email"),
        ({"preferred_channel": "pigeon"}, "preferred_channel"),
        ({"preferred_language": "klingon"}, "preferred_language"),
        ({"phone": "1" * 31}, "phone"),
        ({"external_id": "C-1"}, "external_id"),
        ({"employer": 2}, "employer"),
    ],
)
def test_it_refuses_a_bad_contact_and_writes_nothing(as_coach, acme, dana, changes, field):
    # given
    before = snapshot()
    # when
    response = post(as_coach, contacts_of(acme), {"name": "Luz Gerente", **changes})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_refuses_to_add_a_contact_to_another_organisations_employer(as_coach, theirs):
    # given
    before = snapshot()
    # when
    response = post(as_coach, contacts_of(theirs.employer), {"name": "Mallory"})
    # then
    assert response.status_code == 404
    assert snapshot() == before


# Update --------------------------------------------------------------------------------


def test_it_updates_a_contact_and_audits_only_what_changed(as_coach, coach, dana):
    # given
    before = AuditEvent.objects.count()
    # when
    response = patch(
        as_coach,
        f"/api/contacts/{dana.pk}",
        {"phone": "312-555-0199", "email_opt_out": True, "name": "Dana Hiring"},
    )
    # then
    assert response.status_code == 200
    assert response.json() == {"id": dana.pk, "changed": ["phone", "email_opt_out"]}
    dana.refresh_from_db()
    assert (dana.phone, dana.email_opt_out) == ("312-555-0199", True)
    [event] = new_events(before)
    assert (event.action, event.fields) == ("update", ["email_opt_out", "phone"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"email": "dana at acme"}, "email"),
        ({"is_primary": "perhaps"}, "is_primary"),
        ({"external_id": "C-2"}, "external_id"),
    ],
)
def test_it_refuses_a_bad_update_and_changes_nothing(as_coach, coach, acme, dana, body, field):
    # given another contact of Acme known as C-2
    contact_add(employer=acme, by=coach, data={"name": "Zoe Owner", "external_id": "C-2"})
    before = snapshot()
    # when
    response = patch(as_coach, f"/api/contacts/{dana.pk}", {"role": "Owner", **body})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_hides_another_organisations_contact_from_updates(as_coach, theirs):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, f"/api/contacts/{theirs.pk}", {"phone": "312-555-0100"})
    # then
    assert response.status_code == 404
    assert snapshot() == before
