"""The call screen: exact talking points from the records, health with reasons, logging the call."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Interaction
from workbridge.employers.services import (
    contact_add,
    employer_create,
    interaction_log,
    location_add,
)
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation
from workbridge.people.services import career_goal_add
from workbridge.placements.models import Placement

TODAY = timezone.localdate()


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


@pytest.fixture
def seeded(acme, coach):
    """A site in South Lawndale, two hires (one near it, one across town), an opening."""
    location_add(employer=acme, by=coach, label="Plant", address="1 W 26th St", zip_code="60623")
    org = acme.organisation
    near = ParticipantFactory(organisation=org, zip_code="60623", community_area_id=30)
    far = ParticipantFactory(organisation=org, zip_code="60640", community_area_id=3)
    for who, started, ended, wage in [
        (near, TODAY - timedelta(days=200), None, "18.00"),  # stayed past 90 days
        (far, TODAY - timedelta(days=150), TODAY - timedelta(days=120), "17.00"),  # left at 30
    ]:
        Placement.objects.create(
            organisation=org,
            participant=who,
            employer=acme,
            job_title="Line cook",
            started_on=started,
            ended_on=ended,
            hourly_wage=Decimal(wage),
            hours_per_week=35,
        )
    opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Prep cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("18"),
            "hours_per_week": 30,
            "zip_code": "60623",
            "posted_on": TODAY - timedelta(days=5),
            "positions": 2,
        },
    )
    hopeful = ParticipantFactory(organisation=org)
    career_goal_add(
        participant=hopeful, by=coach, occupation=Occupation.objects.get(code="35-2012")
    )
    contact_add(employer=acme, by=coach, data={"name": "Dana Reyes", "phone": "773-555-0100"})
    interaction_log(
        by=coach,
        employers=[acme],
        kind="call",
        occurred_on=TODAY - timedelta(days=10),
        outcome="reached",
        summary="Talked about spring hiring",
        next_step="Send two résumés",
        next_step_on=TODAY + timedelta(days=4),
    )
    return acme


def row(label: str, value: str) -> str:
    return f'<tr><th scope="row">{label}</th><td>{value}</td></tr>'


def test_it_shows_the_exact_talking_points_for_a_seeded_employer(client, coach, seeded):
    client.force_login(coach)

    response = client.get(reverse("employers:call", args=[seeded.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Call: Acme Foods</h1>" in html
    assert row("Hires from the program", "2") in html
    assert row("Live in Chicago's community areas", "2 of 2") in html
    assert row("Live in the community of one of their sites", "1 of 2") in html
    assert row("Stayed at least 90 days", "1 of 2 (50%)") in html
    assert row("Average starting wage", "$17.50 an hour") in html
    assert row("Open positions with us", "2") in html
    assert row("Participants ready for that kind of work", "1") in html
    assert "Ask about the 2 open positions: 1 participant is preparing" in html
    assert '<a href="tel:773-555-0100">773-555-0100</a>' in html
    assert "Send two résumés" in html and "Talked about spring hiring" in html


def test_the_health_reasons_show_points_and_what_they_mean(client, coach, seeded):
    client.force_login(coach)

    response = client.get(reverse("employers:call", args=[seeded.pk]))

    html = response.content.decode()
    # hires 2×6, retention 25×½≈12 (round half to even), responsiveness 1 of 1, recency
    # 10 days, openings 2×5
    assert response.context["health"].score == 12 + 12 + 15 + 15 + 10
    assert "Score: 64 out of 100" in html
    assert (
        '<tr><th scope="row">Hires in the last 12 months</th><td>12 of 30</td>'
        "<td>2 hires from the program</td></tr>"
    ) in html
    assert "<td>12 of 25</td><td>50% of hires stayed at least 90 days</td>" in html
    assert "<td>15 of 15</td><td>100% of our calls and e-mails reached someone</td>" in html
    assert "<td>15 of 15</td><td>Last contact 10 days ago</td>" in html
    assert "<td>10 of 15</td><td>2 open positions</td>" in html


def test_an_employer_with_no_history_is_described_in_words(client, coach, acme):
    client.force_login(coach)

    html = client.get(reverse("employers:call", args=[acme.pk])).content.decode()

    assert "No hire has been there 90 days yet, so nothing to measure" in html
    assert "No calls or e-mails in the last 12 months" in html
    assert "Never contacted" in html
    assert row("Stayed at least 90 days", "No hire has reached 90 days yet") in html
    assert "Ask whether they expect openings soon" in html


def test_the_log_form_posts_a_call_for_this_employer_to_the_interaction_log(client, coach, acme):
    client.force_login(coach)
    html = client.get(reverse("employers:call", args=[acme.pk])).content.decode()
    action = f"/employers/interactions/new?employer={acme.pk}&amp;kind=call"
    assert f'action="{action}"' in html
    assert '<input type="hidden" name="kind" value="call">' in html
    assert f'<input type="hidden" name="employers" value="{acme.pk}">' in html

    response = client.post(
        action.replace("&amp;", "&"),
        {
            "kind": "call",
            "employers": [acme.pk],
            "occurred_on": TODAY.isoformat(),
            "outcome": "reached",
            "summary": "Spoke about the community impact report",
            "next": reverse("employers:call", args=[acme.pk]),
        },
    )

    call = Interaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:call", args=[acme.pk])
    assert (call.kind, list(call.employers.all()), call.by) == ("call", [acme], coach)


def test_the_queue_and_the_employer_page_link_to_the_call_screen(client, coach, acme):
    acme.next_follow_up_on = TODAY
    acme.save(update_fields=["next_follow_up_on"])
    client.force_login(coach)
    url = reverse("employers:call", args=[acme.pk])

    queue = client.get(reverse("employers:queue")).content.decode()
    page = client.get(reverse("employers:detail", args=[acme.pk])).content.decode()

    assert f'href="{url}?next=/employers/follow-ups/">Call screen' in queue
    assert f'href="{url}">Call screen</a>' in page


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_roles_without_casework_are_refused(client, request, persona, acme):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("employers:call", args=[acme.pk])).status_code == 403


def test_another_organisations_employer_is_not_found(client, other_coach, acme):
    client.force_login(other_coach)
    events = AuditEvent.objects.count()

    assert client.get(reverse("employers:call", args=[acme.pk])).status_code == 404
    assert AuditEvent.objects.count() == events
