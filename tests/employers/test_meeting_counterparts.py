"""Review meetings beyond employers: departments, unions and partner organisations."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workbridge.employers.development import counterpart_add
from workbridge.employers.models import Counterpart, ReviewMeeting
from workbridge.employers.services import employer_create, meeting_schedule

CHICAGO = ZoneInfo("America/Chicago")
STARTS = datetime(2026, 7, 1, 10, tzinfo=CHICAGO)


@pytest.fixture
def water(coach):
    return counterpart_add(
        by=coach,
        kind="department",
        name="Water Management",
        contact_name="Dee Deputy",
        email="dee@example.org",
    )


def test_a_meeting_can_be_held_with_a_department_alone(coach, water):
    meeting = meeting_schedule(
        by=coach,
        employers=[],
        counterparts=[water],
        title="Quarterly HR deputy review",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=1),
    )
    assert list(meeting.counterparts.all()) == [water]
    assert list(meeting.employers.all()) == []


def test_a_meeting_with_nobody_is_refused_and_an_employer_meeting_works_as_before(coach):
    with pytest.raises(ValidationError):
        meeting_schedule(
            by=coach, employers=[], title="Empty", starts_at=STARTS, ends_at=STARTS + timedelta(1)
        )
    acme = employer_create(by=coach, data={"name": "Acme Foods"})
    meeting = meeting_schedule(
        by=coach, employers=[acme], title="Review", starts_at=STARTS, ends_at=STARTS + timedelta(1)
    )
    assert list(meeting.employers.all()) == [acme] and not meeting.counterparts.exists()


def test_another_organisations_counterpart_cannot_be_invited(other_coach, water):
    with pytest.raises(PermissionDenied):
        meeting_schedule(
            by=other_coach,
            employers=[],
            counterparts=[water],
            title="Not mine",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=1),
        )
    assert not ReviewMeeting.objects.exists()


def test_a_union_is_added_once(coach):
    counterpart_add(by=coach, kind="union", name="Local 150")
    with pytest.raises(ValidationError):
        counterpart_add(by=coach, kind="union", name="Local 150")
    assert Counterpart.objects.count() == 1


def test_the_pages_schedule_a_department_meeting_and_invite_its_deputy(client, coach, water):
    client.force_login(coach)
    response = client.post(
        reverse("employers:meeting_schedule"),
        {
            "title": "HR deputy review",
            "counterparts": [water.pk],
            "on": "2026-07-01",
            "starts": "10:00",
            "ends": "11:00",
        },
    )
    meeting = ReviewMeeting.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("employers:meeting", args=[meeting.pk])).content.decode()
    assert "Water Management" in page and "Dee Deputy" in page
    ics = client.get(reverse("employers:meeting_ics", args=[meeting.pk])).content.decode()
    assert "mailto:dee@example.org" in ics
    assert client.get(reverse("employers:counterparts")).status_code == 200
