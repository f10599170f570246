"""Reading participants over the API: scoping, filters, pages, and the audit of each read."""

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.conftest import token_client
from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditAction, AuditEvent
from workbridge.api.schemas import DETAIL_FIELDS, SUMMARY_FIELDS
from workbridge.people.models import Participant
from workbridge.people.services import participant_record_demographics

LIST = "/api/participants"


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def rosa(southside, coach):
    return ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        email="rosa@example.org",
        assigned_to=coach,
    )


@pytest.fixture
def theirs(northside):
    return ParticipantFactory(organisation=northside, first_name="Nadia", last_name="North")


# The list ----------------------------------------------------------------------------


def test_it_lists_only_the_callers_organisation(as_coach, rosa, theirs):
    # given another of Southside's participants
    second = ParticipantFactory(organisation=rosa.organisation)
    # when
    response = as_coach.get(LIST)
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 25, 0)
    assert ids(response) == [rosa.pk, second.pk]


def test_it_shows_a_summary_of_each_participant(as_coach, rosa, coach):
    # when
    response = as_coach.get(LIST)
    # then
    item = response.json()["items"][0]
    assert item == {
        "id": rosa.pk,
        "external_id": "",
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "preferred_name": "",
        "email": "rosa@example.org",
        "phone": "",
        "preferred_language": "en",
        "zip_code": "60623",
        "community_area": {"number": 30, "name": "South Lawndale"},
        "enrolled_on": rosa.enrolled_on.isoformat(),
        "planned_exit_on": rosa.planned_exit_on.isoformat(),
        "exited_on": None,
        "active": True,
        "assigned_to": {"id": coach.pk, "name": "Alice Coach"},
        "updated_at": item["updated_at"],
    }


def test_it_writes_one_audit_event_for_a_page(as_coach, coach, rosa):
    # given two more participants
    ParticipantFactory.create_batch(2, organisation=rosa.organisation)
    # when
    as_coach.get(LIST, {"limit": 2})
    # then
    event = AuditEvent.objects.get()
    assert event.actor == coach
    assert event.organisation == rosa.organisation
    assert event.action == AuditAction.VIEW
    assert event.object_type == "people.participant"
    assert event.object_id == ""
    assert event.fields == sorted(SUMMARY_FIELDS)
    assert event.detail == "api list: 2 participants"


def test_it_pages_by_id_with_limit_and_offset(as_coach, southside):
    # given five participants
    people = ParticipantFactory.create_batch(5, organisation=southside)
    # when
    response = as_coach.get(LIST, {"limit": 2, "offset": 2})
    # then
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (5, 2, 2)
    assert ids(response) == [people[2].pk, people[3].pk]


@pytest.mark.parametrize(
    ("query", "location"),
    [
        ({"limit": 101}, ["query", "limit"]),
        ({"limit": 0}, ["query", "limit"]),
        ({"offset": -1}, ["query", "offset"]),
        ({"active": "perhaps"}, ["query", "active"]),
        ({"updated_since": "yesterday"}, ["query", "updated_since"]),
    ],
)
def test_it_refuses_a_bad_query(as_coach, rosa, query, location):
    # when
    response = as_coach.get(LIST, query)
    # then
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["detail"]] == [location]
    assert AuditEvent.objects.count() == 0


def test_it_finds_participants_by_name(as_coach, rosa, southside):
    # given
    ParticipantFactory(organisation=southside, first_name="Tomas", last_name="Berg")
    # when
    response = as_coach.get(LIST, {"search": "ros alv"})
    # then
    assert ids(response) == [rosa.pk]
    assert response.json()["count"] == 1


def test_it_filters_by_assigned_staff_member(as_coach, rosa, southside, manager):
    # given
    ParticipantFactory(organisation=southside, assigned_to=manager)
    ParticipantFactory(organisation=southside)
    # when
    response = as_coach.get(LIST, {"assigned_to": rosa.assigned_to_id})
    # then
    assert ids(response) == [rosa.pk]


def test_it_filters_by_whether_they_are_still_in_the_program(as_coach, rosa, southside):
    # given
    exited = ParticipantFactory(organisation=southside, exited_on=date.today())
    # when
    active = as_coach.get(LIST, {"active": "true"})
    gone = as_coach.get(LIST, {"active": "false"})
    everyone = as_coach.get(LIST)
    # then
    assert ids(active) == [rosa.pk]
    assert ids(gone) == [exited.pk]
    assert gone.json()["items"][0]["active"] is False
    assert ids(everyone) == [rosa.pk, exited.pk]


def test_it_filters_by_when_the_record_last_changed(as_coach, southside):
    # given one record changed in January and one in March
    with time_machine.travel("2026-01-10 12:00Z", tick=False):
        ParticipantFactory(organisation=southside)
    with time_machine.travel("2026-03-10 12:00Z", tick=False):
        recent = ParticipantFactory(organisation=southside)
    # when
    response = as_coach.get(LIST, {"updated_since": "2026-03-01T00:00:00Z"})
    # then
    assert ids(response) == [recent.pk]


def test_it_reads_a_date_without_a_time_zone_as_local_time(as_coach, southside):
    # given a change at 23:30 in Chicago on 28 February (05:30 UTC on 1 March)
    with time_machine.travel("2026-03-01 05:30Z", tick=False):
        late = ParticipantFactory(organisation=southside)
    # when asked for changes since midnight of 1 March, local time
    response = as_coach.get(LIST, {"updated_since": "2026-03-01T00:00:00"})
    # then the change of the evening before is not one of them
    assert ids(response) == []
    assert timezone.localtime(Participant.objects.get(pk=late.pk).updated_at).day == 28


def test_it_never_shows_demographics(as_coach, coach, rosa):
    # given voluntary answers on file
    participant_record_demographics(
        participant=rosa, by=coach, data={"race_ethnicity": ["hispanic"], "sex": "female"}
    )
    # when
    listed = as_coach.get(LIST).content.decode()
    detail = as_coach.get(f"{LIST}/{rosa.pk}").content.decode()
    # then
    for word in ("race", "hispanic", "sex", "female", "eeo", "demographic"):
        assert word not in listed.lower()
        assert word not in detail.lower()


def test_it_costs_the_same_number_of_queries_for_any_page_size(as_coach, southside, manager):
    # given a first call, so that the token's last use is already noted
    as_coach.get(LIST)
    for _ in range(3):
        ParticipantFactory(organisation=southside, assigned_to=manager)
    with CaptureQueriesContext(connection) as few:
        response = as_coach.get(LIST)
    assert len(response.json()["items"]) == 3
    for _ in range(30):
        ParticipantFactory(organisation=southside, assigned_to=manager)
    # when
    with CaptureQueriesContext(connection) as many:
        response = as_coach.get(LIST, {"limit": 100})
    # then: the token, the count, the page, and the audit event
    assert len(response.json()["items"]) == 33
    assert len(many) == len(few) == 4


# One participant -------------------------------------------------------------------------


def test_it_shows_one_participant_and_audits_the_fields_shown(as_coach, coach, rosa):
    # when
    response = as_coach.get(f"{LIST}/{rosa.pk}")
    # then
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id", *DETAIL_FIELDS}
    assert (body["id"], body["first_name"], body["household_size"]) == (rosa.pk, "Rosa", 1)
    assert (body["transport_mode"], body["min_hourly_wage"]) == ("transit", None)
    event = AuditEvent.objects.get()
    assert (event.actor, event.action) == (coach, AuditAction.VIEW)
    assert (event.object_type, event.object_id) == ("people.participant", str(rosa.pk))
    assert event.fields == sorted(DETAIL_FIELDS)


def test_it_hides_another_organisations_participant(as_coach, theirs):
    # when
    response = as_coach.get(f"{LIST}/{theirs.pk}")
    # then
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert AuditEvent.objects.count() == 0


def test_it_answers_404_for_a_participant_that_does_not_exist(as_coach, coach):
    # when
    response = as_coach.get(f"{LIST}/999999")
    # then
    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["manager", "admin_user"])
def test_it_lets_directors_and_administrators_read(persona, rosa, request):
    # given
    client = token_client(request.getfixturevalue(persona))
    # when
    response = client.get(f"{LIST}?{urlencode({'search': 'rosa'})}")
    # then
    assert ids(response) == [rosa.pk]


def test_it_shows_the_other_organisation_only_its_own(as_other_coach, rosa, theirs):
    # when
    response = as_other_coach.get(LIST)
    # then
    assert ids(response) == [theirs.pk]
    assert as_other_coach.get(f"{LIST}/{rosa.pk}").status_code == 404


def test_it_notes_an_exited_participant_is_no_longer_active(as_coach, southside):
    # given
    gone = ParticipantFactory(organisation=southside, exited_on=date.today() - timedelta(days=1))
    # when
    body = as_coach.get(f"{LIST}/{gone.pk}").json()
    # then
    assert (body["active"], body["exited_on"]) == (False, gone.exited_on.isoformat())
