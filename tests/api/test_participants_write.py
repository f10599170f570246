"""Enrolling and updating participants over the API: validation, scoping and the audit."""

from datetime import date

import pytest

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.people.models import Demographics, Milestone, Participant

LIST = "/api/participants"


def intake(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "zip_code": "60623",
        "enrolled_on": "2026-01-05",
        "planned_exit_on": "2026-07-01",
    }
    data.update(overrides)
    return data


def post(client, body):
    return client.post(LIST, body, content_type="application/json")


def patch(client, pk, body):
    return client.patch(f"{LIST}/{pk}", body, content_type="application/json")


def error_locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def snapshot() -> list[dict]:
    return list(Participant.objects.order_by("pk").values())


@pytest.fixture
def rosa(southside, coach):
    return ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        phone="773-555-0100",
        enrolled_on=date(2026, 1, 5),
        planned_exit_on=date(2026, 7, 1),
    )


# Enrol ---------------------------------------------------------------------------------


def test_it_enrols_a_participant_and_audits_it(as_coach, coach, southside):
    # when
    response = post(
        as_coach,
        intake(
            assigned_to=coach.pk,
            benefits=["snap", "medicaid"],
            children_ages=[3, 7],
            household_size=3,
            min_hourly_wage="17.50",
            preferred_language="es",
        ),
    )
    # then
    assert response.status_code == 201
    body = response.json()
    participant = Participant.objects.get()
    assert body["id"] == participant.pk
    assert (participant.organisation, participant.assigned_to) == (southside, coach)
    assert (participant.first_name, participant.last_name) == ("Rosa", "Alvarez")
    assert participant.enrolled_on == date(2026, 1, 5)
    assert participant.benefits == ["snap", "medicaid"]
    assert participant.children_ages == [3, 7]
    assert str(participant.min_hourly_wage) == "17.50"
    assert participant.preferred_language == "es"
    assert body["community_area"] == {"number": 30, "name": "South Lawndale"}
    assert body["assigned_to"] == {"id": coach.pk, "name": "Alice Coach"}
    assert body["min_hourly_wage"] == "17.50"
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert (event.actor, event.object_id) == (coach, str(participant.pk))
    assert "first_name" in event.fields and "zip_code" in event.fields
    # and their transition milestones are planned, as on the web
    assert Milestone.objects.filter(participant=participant).exists()


def test_it_takes_the_defaults_for_fields_left_out(as_coach):
    # when
    body = post(as_coach, intake()).json()
    # then
    assert body["household_size"] == 1
    assert body["transport_mode"] == "transit"
    assert body["max_commute_minutes"] == 45
    assert (body["benefits"], body["assigned_to"], body["exited_on"]) == ([], None, None)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"zip_code": "6062"}, "zip_code"),
        ({"first_name": "   "}, "first_name"),
        ({"planned_exit_on": "2025-12-31"}, "planned_exit_on"),
        ({"enrolled_on": "5 January"}, "enrolled_on"),
        ({"household_size": 0}, "household_size"),
        ({"benefits": ["yacht"]}, "benefits"),
        ({"children_ages": [18]}, "children_ages"),
        ({"preferred_language": "klingon"}, "preferred_language"),
        ({"min_hourly_wage": "-1"}, "min_hourly_wage"),
        ({"email": "not an address"}, "email"),
    ],
)
def test_it_refuses_a_bad_field_and_writes_nothing(as_coach, changes, field):
    # when
    response = post(as_coach, intake(**changes))
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_names_every_missing_field(as_coach):
    # when
    response = post(as_coach, {"first_name": "Rosa"})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [
        ["body", "payload", "last_name"],
        ["body", "payload", "zip_code"],
        ["body", "payload", "enrolled_on"],
        ["body", "payload", "planned_exit_on"],
    ]
    assert Participant.objects.count() == 0


def test_it_refuses_a_staff_member_of_another_organisation(as_coach, other_coach):
    # when
    response = post(as_coach, intake(assigned_to=other_coach.pk))
    # then
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "type": "value_error",
            "loc": ["body", "payload", "assigned_to"],
            "msg": "Choose a staff member of your organisation.",
        }
    ]
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_refuses_an_external_id_already_in_use(as_coach, rosa):
    # given
    Participant.objects.filter(pk=rosa.pk).update(external_id="CASE-1")
    before = snapshot()
    # when
    response = post(as_coach, intake(external_id="CASE-1"))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "external_id"]]
    assert snapshot() == before
    assert AuditEvent.objects.count() == 0


def test_it_refuses_demographics_and_other_unknown_fields(as_coach):
    # when
    response = post(as_coach, intake(race_ethnicity=["white"], sex="male"))
    # then
    assert response.status_code == 422
    assert error_locations(response) == [
        ["body", "payload", "race_ethnicity"],
        ["body", "payload", "sex"],
    ]
    assert Participant.objects.count() == 0
    assert Demographics.objects.count() == 0


def test_it_refuses_to_change_fields_the_api_does_not_offer(as_coach, rosa):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, rosa.pk, {"organisation": 2, "phone": "773-555-0199"})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "organisation"]]
    assert snapshot() == before


def test_it_refuses_a_body_that_is_not_json(as_coach):
    # when
    response = as_coach.post(LIST, "first_name=Rosa", content_type="application/json")
    # then
    assert response.status_code == 400
    assert Participant.objects.count() == 0


# Update ----------------------------------------------------------------------------------


def test_it_updates_the_fields_sent_and_audits_only_those_changed(as_coach, coach, rosa):
    # when the phone changes, the ZIP code moves them, and the last name is sent unchanged
    response = patch(
        as_coach, rosa.pk, {"phone": "773-555-0199", "zip_code": "60637", "last_name": "Alvarez"}
    )
    # then
    assert response.status_code == 200
    assert response.json() == {"id": rosa.pk, "changed": ["zip_code", "phone", "community_area"]}
    rosa.refresh_from_db()
    assert (rosa.phone, rosa.zip_code, rosa.community_area_id) == ("773-555-0199", "60637", 42)
    assert rosa.first_name == "Rosa"
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (coach, AuditAction.UPDATE)
    assert event.object_id == str(rosa.pk)
    assert event.fields == ["community_area", "phone", "zip_code"]


def test_it_changes_nothing_and_audits_nothing_when_no_value_differs(as_coach, rosa):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, rosa.pk, {"first_name": "Rosa", "phone": "773-555-0100"})
    # then
    assert response.json() == {"id": rosa.pk, "changed": []}
    assert snapshot() == before
    assert AuditEvent.objects.count() == 0


def test_it_records_an_exit_and_clears_an_assignment(as_coach, coach, rosa):
    # given
    Participant.objects.filter(pk=rosa.pk).update(assigned_to=coach)
    # when
    response = patch(as_coach, rosa.pk, {"exited_on": "2026-06-15", "assigned_to": None})
    # then
    assert response.json()["changed"] == ["exited_on", "assigned_to"]
    rosa.refresh_from_db()
    assert (rosa.exited_on, rosa.assigned_to) == (date(2026, 6, 15), None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"first_name": None}, "first_name"),
        ({"zip_code": "abcde"}, "zip_code"),
        ({"planned_exit_on": "2025-12-01"}, "planned_exit_on"),
        ({"enrolled_on": "2026-08-01"}, "planned_exit_on"),
        ({"max_commute_minutes": 500}, "max_commute_minutes"),
        ({"transport_mode": "rocket"}, "transport_mode"),
        ({"exited_on": "2025-12-31"}, "exited_on"),
        ({"children_ages": [4]}, "children_ages"),
        ({"external_id": "CASE-2"}, "external_id"),
    ],
)
def test_it_refuses_a_bad_update_and_changes_nothing(as_coach, rosa, body, field):
    # given a household of one, and another participant known as CASE-2
    ParticipantFactory(organisation=rosa.organisation, external_id="CASE-2")
    before = snapshot()
    # when
    response = patch(as_coach, rosa.pk, {"phone": "773-555-0199", **body})
    # then
    assert response.status_code == 422
    assert error_locations(response)[0][:3] == ["body", "payload", field]
    assert snapshot() == before
    assert AuditEvent.objects.count() == 0


def test_it_hides_another_organisations_participant_from_updates(as_coach, northside):
    # given
    theirs = ParticipantFactory(organisation=northside, phone="312-555-0100")
    before = snapshot()
    # when
    response = patch(as_coach, theirs.pk, {"phone": "773-555-0199"})
    # then
    assert response.status_code == 404
    assert snapshot() == before
    assert AuditEvent.objects.count() == 0


def test_it_refuses_to_assign_another_organisations_staff_member(as_coach, other_coach, rosa):
    # given
    before = snapshot()
    # when
    response = patch(as_coach, rosa.pk, {"assigned_to": other_coach.pk})
    # then
    assert response.status_code == 422
    assert error_locations(response) == [["body", "payload", "assigned_to"]]
    assert snapshot() == before
