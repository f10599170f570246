"""Group workshops: scheduling, rosters, and attendance counted as each attendee's support."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people.models import SupportGiven, Workshop, WorkshopSeat
from workbridge.people.services import support_record
from workbridge.people.workshops import (
    workshop_attendance_record,
    workshop_create,
    workshop_register,
)

TODAY = date(2026, 6, 10)
# Noon in Chicago on TODAY, so the local date is TODAY whatever the machine's zone.
NOON = datetime(2026, 6, 10, 12, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def interview_prep(coach):
    return workshop_create(
        by=coach,
        data={
            "kind": "interview_workshop",
            "title": "Answering the hard questions",
            "held_on": date(2026, 6, 9),
            "starts_at": time(10, 0),
            "location": "Room 2",
            "capacity": 2,
        },
    )


@pytest.fixture
def ana(southside):
    return ParticipantFactory(organisation=southside, first_name="Ana", last_name="Diaz")


@pytest.fixture
def ben(southside):
    return ParticipantFactory(organisation=southside, first_name="Ben", last_name="Okafor")


def test_only_a_workshop_kind_of_support_can_be_scheduled(coach):
    with pytest.raises(ValidationError) as raised:
        workshop_create(by=coach, data={"kind": "clothing", "title": "Closet", "held_on": TODAY})
    assert "kind" in raised.value.error_dict
    assert not Workshop.objects.exists()


def test_the_roster_takes_each_participant_once_and_no_more_than_its_places(
    coach, interview_prep, ana, ben, southside
):
    workshop_register(workshop=interview_prep, by=coach, participant=ana)
    workshop_register(workshop=interview_prep, by=coach, participant=ana)
    workshop_register(workshop=interview_prep, by=coach, participant=ben)
    with pytest.raises(ValidationError, match="full"):
        workshop_register(
            workshop=interview_prep,
            by=coach,
            participant=ParticipantFactory(organisation=southside),
        )
    assert interview_prep.seats.count() == 2


def test_a_participant_of_another_organisation_cannot_be_registered(
    coach, interview_prep, northside
):
    with pytest.raises(ValidationError):
        workshop_register(
            workshop=interview_prep,
            by=coach,
            participant=ParticipantFactory(organisation=northside),
        )
    assert not WorkshopSeat.objects.exists()


def test_attendance_gives_each_attendee_the_workshops_support_and_undoing_it_removes_it(
    coach, interview_prep, ana, ben
):
    for person in (ana, ben):
        workshop_register(workshop=interview_prep, by=coach, participant=person)
    # when: Ana came, Ben did not
    counts = workshop_attendance_record(
        workshop=interview_prep, by=coach, attended={ana.pk}, today=TODAY
    )
    # then
    assert counts == {"attended": 1, "absent": 1}
    support = SupportGiven.objects.get()
    assert (support.participant, support.kind, support.given_on, support.notes) == (
        ana,
        "interview_workshop",
        date(2026, 6, 9),
        "Answering the hard questions",
    )
    # recorded again the same way: still one support
    workshop_attendance_record(workshop=interview_prep, by=coach, attended={ana.pk}, today=TODAY)
    assert SupportGiven.objects.count() == 1
    # corrected: Ben came and Ana did not
    workshop_attendance_record(workshop=interview_prep, by=coach, attended={ben.pk}, today=TODAY)
    assert list(SupportGiven.objects.values_list("participant_id", flat=True)) == [ben.pk]
    assert (
        AuditEvent.objects.filter(object_type="people.workshop", fields=["attendance"]).count() == 3
    )


def test_attendance_waits_for_the_day_and_names_only_the_roster(coach, interview_prep, ana, ben):
    workshop_register(workshop=interview_prep, by=coach, participant=ana)
    with pytest.raises(ValidationError):
        workshop_attendance_record(
            workshop=interview_prep, by=coach, attended={ana.pk}, today=date(2026, 6, 8)
        )
    with pytest.raises(ValidationError):
        workshop_attendance_record(
            workshop=interview_prep, by=coach, attended={ben.pk}, today=TODAY
        )
    assert not SupportGiven.objects.exists()


def test_online_interview_coaching_is_a_support_with_a_readiness_question_of_its_own(
    client, coach, ana
):
    client.force_login(coach)
    url = reverse("people:support_new", args=[ana.pk])
    # the question belongs to online-interview coaching only
    refused = client.post(
        url, {"kind": "clothing", "given_on": "2026-06-01", "video_interview_readiness": "2"}
    )
    assert refused.status_code == 200 and not SupportGiven.objects.exists()
    client.post(
        url,
        {"kind": "online_interview", "given_on": "2026-06-01", "video_interview_readiness": "2"},
    )
    support = SupportGiven.objects.get()
    assert (support.kind, support.video_interview_readiness) == ("online_interview", 2)
    page = client.get(reverse("people:detail", args=[ana.pk])).content.decode()
    assert "Ready for a video interview: 2 of 4" in page


def test_the_service_refuses_the_video_question_for_another_support(coach, ana):
    with pytest.raises(ValidationError):
        support_record(
            participant=ana,
            by=coach,
            kind="mock_interview",
            given_on=TODAY,
            video_interview_readiness=3,
        )
    assert not SupportGiven.objects.exists()


@time_machine.travel(NOON, tick=False)
def test_the_pages_schedule_fill_and_take_attendance(client, coach, ana):
    client.force_login(coach)
    response = client.post(
        reverse("people:workshop_new"),
        {"kind": "search_workshop", "title": "Searching online", "held_on": "2026-06-10"},
    )
    workshop = Workshop.objects.get()
    assert response.status_code == 302 and workshop.facilitator == coach
    client.post(reverse("people:workshop_seat_add", args=[workshop.pk]), {"participant": ana.pk})
    client.post(
        reverse("people:workshop_attendance", args=[workshop.pk]), {"attended": [str(ana.pk)]}
    )
    assert WorkshopSeat.objects.get().attendance == "attended"
    listing = client.get(reverse("people:workshops")).content.decode()
    assert "Searching online" in listing
    participant_page = client.get(reverse("people:detail", args=[ana.pk])).content.decode()
    assert "Job-search workshop" in participant_page


@time_machine.travel(NOON, tick=False)
def test_the_participants_plan_lists_the_workshops_ahead(client, coach, ana):
    workshop = workshop_create(
        by=coach,
        data={
            "kind": "online_interview",
            "title": "Video interviews",
            "held_on": date(2026, 6, 20),
        },
    )
    workshop_register(workshop=workshop, by=coach, participant=ana)
    client.force_login(coach)
    page = client.get(reverse("people:plan", args=[ana.pk])).content.decode()
    assert "Video interviews" in page


def test_another_organisation_cannot_see_a_workshop(client, other_coach, interview_prep):
    client.force_login(other_coach)
    assert client.get(reverse("people:workshop", args=[interview_prep.pk])).status_code == 404
