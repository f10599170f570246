"""Adding, updating and moving employers over the API: validation, scoping and the audit."""

import pytest
from django.apps import apps
from django.utils import timezone

from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.employers.models import Employer, EmployerSignal, StageChange
from workbridge.employers.services import employer_create

LIST = "/api/employers"


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def patch(client, path, body):
    return client.patch(path, body, content_type="application/json")


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> dict[str, list]:
    """Every row of the employer tables, and how long the audit log is."""
    rows = {
        model._meta.label_lower: list(model.objects.order_by("pk").values_list())
        for model in apps.get_app_config("employers").get_models()
    }
    return {**rows, "audit events": AuditEvent.objects.count()}


def new_events(before: int):
    return AuditEvent.objects.order_by("pk")[before:]


@pytest.fixture
def acme(coach):
    return employer_create(
        by=coach, data={"name": "Acme Foods", "external_id": "EMP-1", "notes": "Calls before 10"}
    )


@pytest.fixture
def theirs(other_coach):
    return employer_create(by=other_coach, data={"name": "Northern Steel", "notes": "Theirs"})


# Add -----------------------------------------------------------------------------------


def test_it_adds_an_employer_with_its_signals_and_audits_it(as_coach, coach, southside):
    # when
    response = post(
        as_coach,
        LIST,
        {
            "name": "  Birch Logistics ",
            "external_id": "EMP-2",
            "naics_code": "493110",
            "size_band": "250_999",
            "website": "https://birch.example.com",
            "stage": "qualified",
            "tier": "strategic",
            "owner": coach.pk,
            "incentives": ["wotc", "bonding"],
            "notes": "Warehouse on the West Side.",
            "signals": [{"kind": "alumni", "evidence": "Two graduates work there."}],
        },
    )
    # then
    assert response.status_code == 201
    employer = Employer.objects.get()
    body = response.json()
    assert body["id"] == employer.pk
    assert (employer.organisation, employer.name, employer.owner) == (
        southside,
        "Birch Logistics",
        coach,
    )
    assert (employer.stage, employer.tier, employer.size_band) == (
        "qualified",
        "strategic",
        "250_999",
    )
    assert employer.incentives == ["bonding", "wotc"]
    assert list(EmployerSignal.objects.values_list("employer", "kind", "evidence")) == [
        (employer.pk, "alumni", "Two graduates work there.")
    ]
    assert body["owner"] == {"id": coach.pk, "name": "Alice Coach"}
    assert body["signals"][0]["kind"] == "alumni"
    assert body["next_follow_up_on"] is not None
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert (event.actor, event.object_type, event.object_id) == (
        coach,
        "employers.employer",
        str(employer.pk),
    )
    assert "name" in event.fields and "stage" in event.fields
    # and the first stage is kept, as on the web
    change = StageChange.objects.get()
    assert (change.from_stage, change.to_stage) == ("", "qualified")


def test_it_takes_the_defaults_for_fields_left_out(as_coach):
    # when
    body = post(as_coach, LIST, {"name": "Birch Logistics"}).json()
    # then
    assert (body["stage"], body["tier"], body["size_band"], body["owner"]) == (
        "prospect",
        "standard",
        None,
        None,
    )
    assert (body["incentives"], body["signals"], body["locations"]) == ([], [], [])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"naics_code": "7225111"}, "naics_code"),
        ({"naics_code": "abc"}, "naics_code"),
        ({"size_band": "huge"}, "size_band"),
        ({"website": "not a website"}, "website"),
        ({"stage": "married"}, "stage"),
        ({"tier": "gold"}, "tier"),
        ({"incentives": ["wotc", "wotc"]}, "incentives"),
        ({"incentives": ["free lunch"]}, "incentives"),
        ({"signals": [{"kind": "alumni", "evidence": ""}]}, "signals"),
        (
            {"signals": [{"kind": "alumni", "evidence": "a"}, {"kind": "alumni", "evidence": "b"}]},
            "signals",
        ),
        ({"owner": 999999}, "owner"),
        ({"external_id": "EMP-1"}, "external_id"),
        ({"organisation": 2}, "organisation"),
    ],
)
def test_it_refuses_a_bad_field_and_writes_nothing(as_coach, acme, changes, field):
    # given
    before = snapshot()
    # when
    response = post(as_coach, LIST, {"name": "Birch Logistics", **changes})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_refuses_an_owner_of_another_organisation(as_coach, other_coach):
    # when
    response = post(as_coach, LIST, {"name": "Birch Logistics", "owner": other_coach.pk})
    # then
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "owner"],
            "msg": "Choose a staff member of your organisation.",
        }
    ]
    assert Employer.objects.count() == 0


def test_it_names_every_bad_reference_at_once(as_coach, analyst, acme):
    # given
    before = snapshot()
    # when the owner is an analyst (not a job developer) and the external id is taken
    response = post(
        as_coach, LIST, {"name": "Birch Logistics", "owner": analyst.pk, "external_id": "EMP-1"}
    )
    # then
    assert response.status_code == 422
    assert error_locations(response) == [
        ["body", "payload", "owner"],
        ["body", "payload", "external_id"],
    ]
    assert snapshot() == before


def test_it_lets_another_organisation_use_the_same_external_id(as_other_coach, acme):
    # when
    response = post(as_other_coach, LIST, {"name": "Acme North", "external_id": "EMP-1"})
    # then
    assert response.status_code == 201
    assert Employer.objects.filter(external_id="EMP-1").count() == 2


# Update --------------------------------------------------------------------------------


def test_it_updates_the_fields_sent_and_audits_only_those_changed(as_coach, coach, acme):
    # given
    before = AuditEvent.objects.count()
    # when the owner and notes change and the name is sent unchanged
    response = patch(
        as_coach,
        f"{LIST}/{acme.pk}",
        {"owner": coach.pk, "notes": "Calls after 2", "name": "Acme Foods", "size_band": "1_9"},
    )
    # then
    assert response.status_code == 200
    assert response.json() == {"id": acme.pk, "changed": ["size_band", "owner", "notes"]}
    acme.refresh_from_db()
    assert (acme.owner, acme.notes, acme.size_band) == (coach, "Calls after 2", "1_9")
    [event] = new_events(before)
    assert (event.actor, event.action, event.object_id) == (coach, "update", str(acme.pk))
    assert event.fields == ["notes", "owner", "size_band"]


def test_it_clears_a_choice_and_an_owner_with_null(as_coach, coach, acme):
    # given
    Employer.objects.filter(pk=acme.pk).update(owner=coach, size_band="1_9")
    # when
    response = patch(as_coach, f"{LIST}/{acme.pk}", {"owner": None, "size_band": None})
    # then
    assert response.json()["changed"] == ["size_band", "owner"]
    acme.refresh_from_db()
    assert (acme.owner, acme.size_band) == (None, "")


def test_it_changes_nothing_and_audits_nothing_when_no_value_differs(as_coach, acme):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, f"{LIST}/{acme.pk}", {"name": "Acme Foods", "external_id": "EMP-1"})
    # then
    assert response.json() == {"id": acme.pk, "changed": []}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"stage": "active"}, "stage"),
        ({"website": "ftp:/nowhere"}, "website"),
        ({"tier": None}, "tier"),
        ({"external_id": "EMP-2"}, "external_id"),
    ],
)
def test_it_refuses_a_bad_update_and_changes_nothing(as_coach, coach, acme, body, field):
    # given another employer known as EMP-2
    employer_create(by=coach, data={"name": "Birch Logistics", "external_id": "EMP-2"})
    before = snapshot()
    # when
    response = patch(as_coach, f"{LIST}/{acme.pk}", {"notes": "changed", **body})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before


def test_it_hides_another_organisations_employer_from_updates(as_coach, theirs):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, f"{LIST}/{theirs.pk}", {"notes": "Ours now"})
    # then
    assert response.status_code == 404
    assert snapshot() == before


# Move ----------------------------------------------------------------------------------


def test_it_moves_an_employer_and_keeps_the_move(as_coach, coach, acme):
    # given
    before = AuditEvent.objects.count()
    # when
    response = post(
        as_coach, f"{LIST}/{acme.pk}/move", {"to_stage": "qualified", "reason": "Will interview"}
    )
    # then
    assert response.status_code == 200
    acme.refresh_from_db()
    assert response.json() == {
        "employer_id": acme.pk,
        "from_stage": "prospect",
        "to_stage": "qualified",
        "changed_on": timezone.localdate().isoformat(),
        "reason": "Will interview",
        "next_follow_up_on": acme.next_follow_up_on.isoformat(),
    }
    assert acme.stage == "qualified"
    change = StageChange.objects.filter(employer=acme).first()
    assert (change.from_stage, change.to_stage, change.reason, change.by) == (
        "prospect",
        "qualified",
        "Will interview",
        coach,
    )
    [event] = new_events(before)
    assert (event.action, event.fields, event.detail) == (
        "update",
        ["stage"],
        "prospect → qualified",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"to_stage": "prospect"}, "The employer is already at that stage."),
        ({"to_stage": "married"}, None),
        ({}, None),
        ({"to_stage": "active", "reason": "x" * 301}, None),
    ],
)
def test_it_refuses_a_bad_move_and_changes_nothing(as_coach, acme, body, message):
    # given
    before = snapshot()
    # when
    response = post(as_coach, f"{LIST}/{acme.pk}/move", body)
    # then
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert errors[0]["loc"][:2] == ["body", "payload"]
    if message:
        assert errors == [
            {"type": "value_error", "loc": ["body", "payload", "to_stage"], "msg": message}
        ]
    assert snapshot() == before


def test_it_hides_another_organisations_employer_from_moves(as_coach, theirs):
    # given
    before = snapshot()
    # when
    response = post(as_coach, f"{LIST}/{theirs.pk}/move", {"to_stage": "active"})
    # then
    assert response.status_code == 404
    assert snapshot() == before
