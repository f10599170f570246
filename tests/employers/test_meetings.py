"""Community impact review meetings: scheduling, the .ics invitation and the e-mails."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from workbridge.employers.models import MessageSent
from workbridge.employers.services import (
    contact_add,
    employer_create,
    employer_move,
    meeting_ics,
    meeting_invite_send,
    meeting_schedule,
)

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def partners(coach):
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    birch = employer_create(by=coach, data={"name": "Birch Logistics", "owner": coach})
    for employer in (acme, birch):
        employer_move(employer=employer, by=coach, to_stage="active")
    contact_add(
        employer=acme,
        by=coach,
        data={"name": "Rosa Díaz", "email": "rosa@acme.example", "preferred_language": "es"},
    )
    contact_add(
        employer=birch,
        by=coach,
        data={"name": "Tom Reed", "email": "tom@birch.example", "email_opt_out": True},
    )
    return acme, birch


@pytest.fixture
def meeting(partners, coach):
    start = datetime(2026, 12, 8, 10, 0, tzinfo=CHICAGO)
    return meeting_schedule(
        by=coach,
        employers=list(partners),
        title="Winter community impact review",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        place="Southside Works, 2700 S Kedzie Ave",
    )


def test_scheduling_a_review_moves_each_employers_next_review(partners, meeting):
    for employer in partners:
        employer.refresh_from_db()
        # the next call (30 days from today) now comes before the next review (182 days
        # after the meeting), so the follow-up is a call again
        assert employer.next_follow_up_kind == "call"
        assert employer.next_follow_up_on == timezone.localdate() + timedelta(days=30)


def test_the_invitation_is_a_calendar_file_every_calendar_reads(meeting, partners):
    contacts = list(partners[0].contacts.all())

    parsed = Calendar.from_ical(meeting_ics(meeting, attendees=contacts))

    assert str(parsed["method"]) == "REQUEST"
    (event,) = parsed.walk("VEVENT")
    assert str(event["uid"]) == meeting.uid
    assert str(event["summary"]) == "Winter community impact review"
    assert event.decoded("dtstart") == datetime(2026, 12, 8, 16, 0, tzinfo=ZoneInfo("UTC"))
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=1)
    assert str(event["location"]) == "Southside Works, 2700 S Kedzie Ave"
    assert str(event["attendee"]) == "mailto:rosa@acme.example"
    assert "Acme Foods" in str(event["description"])
    assert "Birch Logistics" in str(event["description"])


def test_invitations_go_by_e_mail_in_each_contacts_language_and_respect_opt_outs(meeting, coach):
    sent, skipped = meeting_invite_send(meeting=meeting, by=coach)

    assert (sent, skipped) == (1, 1)
    (message,) = mail.outbox
    assert message.to == ["rosa@acme.example"]
    assert message.subject == "Invitación: Winter community impact review"
    (attachment,) = message.attachments
    assert attachment.filename == "invitation.ics"
    assert Calendar.from_ical(attachment.content)["method"] == "REQUEST"
    statuses = dict(MessageSent.objects.values_list("to_address", "status"))
    assert statuses == {"rosa@acme.example": "sent", "tom@birch.example": "skipped"}
