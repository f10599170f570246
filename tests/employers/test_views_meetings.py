"""Review meeting pages: scheduling, agenda, .ics download, invitations, minutes, actions."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import ActionItem, MessageSent, ReviewMeeting
from workbridge.employers.services import (
    contact_add,
    employer_create,
    employer_move,
    meeting_schedule,
)
from workbridge.placements.models import Placement

CHICAGO = ZoneInfo("America/Chicago")
TODAY = timezone.localdate()


@pytest.fixture
def acme(coach):
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    employer_move(employer=acme, by=coach, to_stage="active")
    contact_add(
        employer=acme,
        by=coach,
        data={"name": "Rosa Díaz", "email": "rosa@acme.example", "preferred_language": "es"},
    )
    return acme


@pytest.fixture
def birch(coach):
    birch = employer_create(by=coach, data={"name": "Birch Logistics", "owner": coach})
    employer_move(employer=birch, by=coach, to_stage="active")
    contact_add(
        employer=birch,
        by=coach,
        data={"name": "Tom Reed", "email": "tom@birch.example", "email_opt_out": True},
    )
    contact_add(employer=birch, by=coach, data={"name": "Kim Lee", "email": "kim@birch.example"})
    return birch


@pytest.fixture
def meeting(coach, acme, birch):
    start = datetime(2030, 3, 5, 10, 0, tzinfo=CHICAGO)
    return meeting_schedule(
        by=coach,
        employers=[acme, birch],
        title="Spring community impact review",
        starts_at=start,
        ends_at=start + timedelta(hours=1, minutes=30),
        place="Southside Works, 2700 S Kedzie Ave",
    )


def test_it_prefills_the_employers_from_the_address(client, coach, acme, birch):
    client.force_login(coach)

    response = client.get(reverse("employers:meeting_schedule"), {"employer": acme.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert f'value="{acme.pk}" id="id_employers_0" checked' in html
    assert f'value="{birch.pk}" id="id_employers_1">' in html
    assert "<legend>When</legend>" in html


def test_the_shortcut_chooses_every_active_partner_due_a_review(
    client, coach, acme, birch, meeting
):
    # given Acme and Birch were just reviewed, and Cedar never was
    cedar = employer_create(by=coach, data={"name": "Cedar Health"})
    employer_move(employer=cedar, by=coach, to_stage="active")
    employer_create(by=coach, data={"name": "Prospect Co"})  # not an active partner
    client.force_login(coach)

    response = client.get(reverse("employers:meeting_schedule"), {"due": "1"})

    assert [e.name for e in response.context["chosen"]] == ["Cedar Health"]
    assert "1 active partner is due a review" in response.content.decode()


def test_scheduling_one_meeting_for_two_employers_links_both(client, coach, acme, birch):
    client.force_login(coach)

    response = client.post(
        reverse("employers:meeting_schedule"),
        {
            "title": "Autumn review",
            "employers": [acme.pk, birch.pk],
            "on": "2030-10-07",
            "starts": "14:00",
            "ends": "15:30",
            "place": "Video call",
        },
    )

    meeting = ReviewMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:meeting", args=[meeting.pk])
    assert sorted(meeting.employers.values_list("name", flat=True)) == [
        "Acme Foods",
        "Birch Logistics",
    ]
    assert meeting.starts_at == datetime(2030, 10, 7, 14, 0, tzinfo=CHICAGO)
    assert meeting.ends_at == datetime(2030, 10, 7, 15, 30, tzinfo=CHICAGO)
    assert (meeting.title, meeting.place, meeting.organiser) == (
        "Autumn review",
        "Video call",
        coach,
    )


def test_a_meeting_that_ends_before_it_starts_is_refused_with_the_reason(client, coach, acme):
    client.force_login(coach)

    response = client.post(
        reverse("employers:meeting_schedule"),
        {
            "title": "Backwards",
            "employers": [acme.pk],
            "on": "2030-10-07",
            "starts": "15:00",
            "ends": "14:00",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "The meeting must end after it starts." in html
    assert not ReviewMeeting.objects.exists()


def test_the_meeting_page_shows_the_agenda_from_each_employers_figures(
    client, coach, acme, meeting
):
    # the figures are those of the twelve months before the meeting, counted no later than
    # today (a hire cannot yet have stayed 90 days at a meeting still to come)
    Placement.objects.create(
        organisation=acme.organisation,
        participant=ParticipantFactory(organisation=acme.organisation),
        employer=acme,
        job_title="Cook",
        started_on=timezone.localdate() - timedelta(days=120),
        hourly_wage=Decimal("18.50"),
        hours_per_week=35,
    )
    client.force_login(coach)

    response = client.get(reverse("employers:meeting", args=[meeting.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Spring community impact review</h1>" in html
    acme_figures = dict((e.name, i) for e, i in response.context["impacts"])["Acme Foods"]
    assert (acme_figures.hires, acme_figures.retained_90_days) == (1, 1)
    assert "<td>1 of 1</td>" in html
    assert "$18.50 an hour" in html
    assert "Opted out of e-mail: not invited by e-mail" in html


def test_the_ics_download_is_a_calendar_file_with_the_meeting(client, coach, meeting):
    client.force_login(coach)

    response = client.get(reverse("employers:meeting_ics", args=[meeting.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="review-meeting-2030-03-05-{meeting.pk}.ics"'
    )
    parsed = Calendar.from_ical(response.content)
    assert str(parsed["method"]) == "REQUEST"
    (event,) = parsed.walk("VEVENT")
    assert str(event["uid"]) == meeting.uid
    assert event.decoded("dtstart") == datetime(2030, 3, 5, 16, 0, tzinfo=ZoneInfo("UTC"))
    # the opted-out contact is not an attendee
    assert sorted(str(a) for a in event["attendee"]) == [
        "mailto:kim@birch.example",
        "mailto:rosa@acme.example",
    ]
    assert AuditEvent.objects.filter(
        action="export", object_type="employers.reviewmeeting", object_id=str(meeting.pk)
    ).exists()


def test_sending_invitations_mails_each_contact_and_skips_the_opted_out(client, coach, meeting):
    client.force_login(coach)

    response = client.post(reverse("employers:meeting_invite", args=[meeting.pk]), follow=True)

    html = response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["kim@birch.example", "rosa@acme.example"]
    assert all(m.attachments[0][0] == "invitation.ics" for m in mail.outbox)
    assert "Invitations sent: 2. Skipped (opted out or no e-mail): 1." in html
    skipped = MessageSent.objects.get(status="skipped")
    assert skipped.contact.name == "Tom Reed"


def test_the_minutes_are_saved(client, coach, meeting):
    client.force_login(coach)

    response = client.post(
        reverse("employers:meeting_minutes", args=[meeting.pk]),
        {"minutes": "Acme will host a site tour in May."},
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.minutes == "Acme will host a site tour in May."


def test_an_action_item_from_the_meeting_appears_in_its_owners_queue(
    client, coach, manager, acme, meeting
):
    client.force_login(manager)

    response = client.post(
        reverse("employers:meeting_action_item_add", args=[meeting.pk]),
        {
            "description": "Send Acme the site-tour dates",
            "owner": coach.pk,
            "due_on": (TODAY + timedelta(days=3)).isoformat(),
            "employer": acme.pk,
        },
    )

    item = ActionItem.objects.get()
    assert response.status_code == 302
    assert (item.meeting, item.employer, item.owner) == (meeting, acme, coach)
    client.force_login(coach)
    queue = client.get(reverse("employers:queue")).content.decode()
    assert "Send Acme the site-tour dates" in queue
    assert "Spring community impact review" in queue


def test_an_action_item_without_a_description_is_refused(client, coach, meeting):
    client.force_login(coach)

    response = client.post(
        reverse("employers:meeting_action_item_add", args=[meeting.pk]),
        {"description": "", "owner": coach.pk, "due_on": TODAY.isoformat()},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not ActionItem.objects.exists()


def test_the_list_shows_upcoming_meetings(client, coach, meeting):
    client.force_login(coach)

    response = client.get(reverse("employers:meetings"))

    assert [m.title for m in response.context["upcoming"]] == ["Spring community impact review"]
    assert "Mar 5, 2030, 10:00–11:30" in response.content.decode()


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_are_refused(client, request, persona, meeting):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:meetings")).status_code == 403
    assert client.get(reverse("employers:meeting", args=[meeting.pk])).status_code == 403
    response = client.post(
        reverse("employers:meeting_minutes", args=[meeting.pk]), {"minutes": "hijacked"}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.minutes == ""


def test_another_organisations_meeting_is_not_found(client, other_coach, meeting):
    client.force_login(other_coach)
    events = AuditEvent.objects.count()

    assert client.get(reverse("employers:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("employers:meeting_ics", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("employers:meeting_invite", args=[meeting.pk])).status_code == 404
    assert mail.outbox == []
    assert AuditEvent.objects.count() == events
    assert not MessageSent.objects.exists()


def test_another_organisations_employers_cannot_be_invited(client, other_coach, acme):
    client.force_login(other_coach)

    response = client.post(
        reverse("employers:meeting_schedule"),
        {
            "title": "Poaching",
            "employers": [acme.pk],
            "on": "2030-10-07",
            "starts": "14:00",
            "ends": "15:00",
        },
    )

    assert response.status_code == 200
    assert not ReviewMeeting.objects.exists()
