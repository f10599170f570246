from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.employers.models import Employer, Interaction
from workbridge.people.models import SupportGiven
from workbridge.sourcing.models import HiringEvent
from workbridge.sourcing.queries import event_referrals
from workbridge.sourcing.services import (
    hiring_event_create,
    hiring_event_employers_record,
    hiring_event_participants_record,
)


def test_it_records_employers_as_one_interaction_and_participants_as_supports(coach, southside):
    # given
    event = hiring_event_create(by=coach, name="Spring Hiring Event", held_on=date(2025, 4, 1))
    acme = Employer.objects.create(organisation=southside, name="Acme")
    zeta = Employer.objects.create(organisation=southside, name="Zeta")
    people = [ParticipantFactory(organisation=southside) for _ in range(2)]
    # when
    hiring_event_employers_record(by=coach, event=event, employers=[acme, zeta])
    added = hiring_event_participants_record(by=coach, event=event, participants=people)
    again = hiring_event_participants_record(by=coach, event=event, participants=people[:1])
    # then
    interaction = Interaction.objects.get()
    assert interaction.kind == "event"
    assert interaction.occurred_on == date(2025, 4, 1)
    assert set(interaction.employers.values_list("name", flat=True)) == {"Acme", "Zeta"}
    assert (added, again) == (2, 0)
    supports = SupportGiven.objects.filter(kind="hiring_event")
    assert supports.count() == 2
    assert set(supports.values_list("notes", flat=True)) == {"Spring Hiring Event"}


def test_it_refuses_an_analyst(analyst):
    with pytest.raises(PermissionDenied):
        hiring_event_create(by=analyst, name="x", held_on=date(2025, 4, 1))
    assert not HiringEvent.objects.exists()


def test_it_hides_another_organisations_event(coach, other_coach, client):
    event = hiring_event_create(by=coach, name="Spring", held_on=date(2025, 4, 1))
    client.force_login(other_coach)
    assert client.get(reverse("sourcing:event", args=[event.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        hiring_event_participants_record(
            by=other_coach, event=event, participants=[ParticipantFactory()]
        )


def test_it_lists_no_referrals_before_anyone_attended(coach):
    event = hiring_event_create(by=coach, name="Spring", held_on=date.today() - timedelta(days=3))
    assert list(event_referrals(event)) == []


def test_it_shows_the_event_page(coach, southside, client):
    event = hiring_event_create(by=coach, name="Spring", held_on=date(2025, 4, 1))
    client.force_login(coach)
    response = client.get(reverse("sourcing:event", args=[event.pk]))
    assert response.status_code == 200
    assert "Referrals that followed" in response.content.decode()


def test_a_name_search_lists_the_organisations_active_participants_to_tick(
    coach, northside, southside, client
):
    # given two Garcías here, one who has left the program, and one at another organisation
    event = hiring_event_create(by=coach, name="Spring", held_on=date(2025, 4, 1))
    ana = ParticipantFactory(organisation=southside, first_name="Ana", last_name="Garcia")
    luis = ParticipantFactory(organisation=southside, first_name="Luis", last_name="Garcia")
    ParticipantFactory(
        organisation=southside, first_name="Eva", last_name="Garcia", exited_on=date(2025, 1, 2)
    )
    ParticipantFactory(organisation=northside, first_name="Rosa", last_name="Garcia")
    client.force_login(coach)
    url = reverse("sourcing:event", args=[event.pk])
    # when nothing is searched, no list of names is shown
    assert "Participants found" not in client.get(url).content.decode()
    # when the coach searches "garc"
    page = client.get(url, {"q": "garc"}).content.decode()
    # then this organisation's two active Garcías are listed to tick, nobody else
    assert "2 participants found" in page
    assert f'value="{ana.pk}"' in page and f'value="{luis.pk}"' in page
    assert "Eva" not in page and "Rosa" not in page
    # and a search that finds nobody says so
    assert "No active participant matches" in client.get(url, {"q": "zz"}).content.decode()
    # when she ticks Ana and records her
    response = client.post(
        reverse("sourcing:event_participants", args=[event.pk]), {"participants": [ana.pk]}
    )
    assert response.status_code == 302
    assert list(event.attendees.values_list("participant_id", flat=True)) == [ana.pk]
