"""The participant's own job search: applications logged beside the program's referrals."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation, OwnApplication
from workbridge.people.own_search import (
    own_application_add,
    own_application_update,
    search_counts,
)
from workbridge.placements.services import placement_record, referral_create

TODAY = date(2026, 6, 10)
NOON = datetime(2026, 6, 10, 12, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def sam(southside, coach):
    return ParticipantFactory(
        organisation=southside, first_name="Sam", last_name="Ortiz", assigned_to=coach
    )


def _apply(participant, by, **data):
    data.setdefault("employer_name", "Corner Market")
    data.setdefault("position", "Cashier")
    data.setdefault("applied_on", date(2026, 6, 1))
    return own_application_add(participant=participant, by=by, today=TODAY, **data)


def test_it_logs_an_application_and_its_outcome_with_the_audit_trail(coach, sam):
    application = _apply(sam, coach)
    assert application.outcome == "applied"
    changed = own_application_update(
        application=application,
        by=coach,
        today=TODAY,
        outcome="interview",
        outcome_on=date(2026, 6, 5),
    )
    assert changed == ["outcome", "outcome_on"]
    assert AuditEvent.objects.filter(object_type="people.ownapplication").count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"applied_on": date(2026, 6, 11)}, "applied_on"),
        ({"outcome": "hired", "outcome_on": date(2026, 5, 1)}, "outcome_on"),
        ({"outcome": "ghosted"}, "outcome"),
    ],
)
def test_a_future_application_an_outcome_before_it_or_an_unknown_outcome_is_refused(
    coach, sam, data, field
):
    with pytest.raises(ValidationError) as raised:
        _apply(sam, coach, **data)
    assert field in raised.value.error_dict
    assert not OwnApplication.objects.exists()


def test_another_organisations_coach_cannot_log_for_the_participant(other_coach, sam):
    with pytest.raises(Exception):  # noqa: B017  PermissionDenied from the access rule
        _apply(sam, other_coach)
    assert not OwnApplication.objects.exists()


@pytest.fixture
def referred(coach, sam):
    employer = employer_create(by=coach, data={"name": "Acme Foods"})
    opening = opening_create(
        by=coach,
        employer=employer,
        data={
            "title": "Line cook",
            "occupation": Occupation.objects.get(code="35-2014"),
            "hourly_wage": Decimal("19.50"),
            "hours_per_week": 32,
            "zip_code": "60623",
            "posted_on": date(2026, 5, 1),
        },
    )
    referral_create(participant=sam, opening=opening, by=coach)
    return employer


def test_the_participant_page_counts_own_applications_beside_referrals(
    client, coach, sam, referred
):
    _apply(sam, coach, outcome="hired", outcome_on=date(2026, 6, 8))
    _apply(sam, coach, employer_name="Lakeside Diner", position="Dishwasher")
    assert search_counts(sam) == {"referrals": 1, "own": 2, "own_interviews": 1, "own_hired": 1}
    client.force_login(coach)
    page = client.get(reverse("people:detail", args=[sam.pk])).content.decode()
    assert "2 applications made on their own and one referral by the program." in page
    assert "Dishwasher" in page and "Lakeside Diner" in page


@time_machine.travel(NOON, tick=False)
def test_the_outcomes_set_own_applications_and_hires_beside_the_programs(
    client, manager, coach, sam, referred
):
    _apply(sam, coach, outcome="hired", outcome_on=date(2026, 6, 8))
    placement_record(
        participant=sam,
        employer=referred,
        started_on=TODAY - timedelta(days=1),
        hourly_wage=Decimal("17.00"),
        hours_per_week=30,
        job_title="Cashier",
        by=coach,
    )
    client.force_login(manager)
    search = client.get(reverse("placements:outcomes")).context["search"]
    assert (search.referrals, search.own_applications, search.own_interviews) == (1, 1, 1)
    assert (search.hires_by_referral, search.hires_on_their_own) == (0, 1)


@time_machine.travel(NOON, tick=False)
def test_the_pages_log_and_update_an_application(client, coach, sam):
    client.force_login(coach)
    response = client.post(
        reverse("people:application_new", args=[sam.pk]),
        {
            "employer_name": "Corner Market",
            "position": "Stocker",
            "applied_on": "2026-06-09",
            "outcome": "applied",
        },
    )
    assert response.status_code == 302
    application = OwnApplication.objects.get()
    client.post(
        reverse("people:application_edit", args=[sam.pk, application.pk]),
        {
            "employer_name": "Corner Market",
            "position": "Stocker",
            "applied_on": "2026-06-09",
            "outcome": "not_selected",
            "outcome_on": "2026-06-10",
        },
    )
    application.refresh_from_db()
    assert application.outcome == "not_selected"
