"""An employer's community impact: the figures behind calls, agendas and tailored e-mails."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory
from workbridge.employers.impact import employer_impact
from workbridge.employers.queries import employer_health
from workbridge.employers.services import employer_create, interaction_log, location_add
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation
from workbridge.people.services import career_goal_add
from workbridge.placements.models import Placement


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})


def test_an_employers_impact_counts_hires_retention_and_ready_people(acme, coach):
    # given a site in South Lawndale (60623 → area 30) and three hires
    location_add(employer=acme, by=coach, label="Plant", address="1 W 26th St", zip_code="60623")
    org = acme.organisation
    near = ParticipantFactory(organisation=org, zip_code="60623", community_area_id=30)
    far = ParticipantFactory(organisation=org, zip_code="60640", community_area_id=3)
    outside = ParticipantFactory(organisation=org, zip_code="60402", community_area_id=None)
    today = date(2026, 11, 1)
    for who, started, ended, wage in [
        (near, date(2026, 3, 1), None, "18.00"),  # stayed past 90 days
        (far, date(2026, 4, 1), date(2026, 5, 1), "17.00"),  # left after 30 days
        (outside, date(2026, 10, 1), None, "19.00"),  # too recent to count for retention
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
    cook = Occupation.objects.get(code="35-2014")
    opening_create(
        by=coach,
        employer=acme,
        data={
            "title": "Prep cook",
            "occupation": cook,
            "hourly_wage": Decimal("18"),
            "hours_per_week": 30,
            "zip_code": "60623",
            "posted_on": date(2026, 10, 1),
            "positions": 3,
        },
    )
    hopeful = ParticipantFactory(organisation=org)
    career_goal_add(
        participant=hopeful, by=coach, occupation=Occupation.objects.get(code="35-2012")
    )

    # when
    impact = employer_impact(acme, today=today)

    # then
    assert (impact.hires, impact.hires_in_chicago, impact.hires_near_site) == (3, 2, 1)
    assert (impact.reached_90_days, impact.retained_90_days) == (2, 1)
    assert impact.retention_90 == 0.5
    assert impact.average_wage == Decimal("18.00")
    assert (impact.open_positions, impact.ready_participants) == (3, 1)


def test_relationship_health_reads_hires_calls_and_openings_from_the_records(acme, coach):
    # given one hire still there after 90 days, two calls of which one reached someone
    org = acme.organisation
    Placement.objects.create(
        organisation=org,
        participant=ParticipantFactory(organisation=org),
        employer=acme,
        job_title="Cook",
        started_on=date(2026, 5, 1),
        hourly_wage=Decimal("18"),
        hours_per_week=35,
    )
    interaction_log(by=coach, employers=[acme], kind="call", occurred_on=date(2026, 10, 1))
    interaction_log(
        by=coach,
        employers=[acme],
        kind="call",
        occurred_on=date(2026, 10, 20),
        outcome="reached",
    )

    health = employer_health(acme, today=date(2026, 11, 1))

    points = {r.key: r.points for r in health.reasons}
    # hires 1×6; retention 1/1 → 25; answered 1/2 of 15 → 8 (7.5 rounds to even: 8);
    # 12 days since contact → 15; no openings → 0
    assert points == {
        "hires": 6,
        "retention": 25,
        "responsiveness": 8,
        "recency": 15,
        "openings": 0,
    }
    assert health.score == 54
