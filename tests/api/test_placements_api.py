"""Placements, retention checks and the tax-credit pre-screening over HTTP."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.services import employer_create
from workbridge.people.models import IncentiveAnswers
from workbridge.placements.services import placement_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(coach, southside):
    rosa = ParticipantFactory(organisation=southside, assigned_to=coach, benefits=["snap"])
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    return placement_record(
        participant=rosa,
        employer=acme,
        started_on=timezone.localdate() - timedelta(days=5),
        hourly_wage=Decimal("18.00"),
        hours_per_week=35,
        job_title="Prep cook",
        by=coach,
    )


def test_it_reads_a_placement_with_its_form_8850_deadline(as_coach, placement):
    response = as_coach.get(f"/api/placements/{placement.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["wotc_form_due_on"] == (placement.started_on + timedelta(days=28)).isoformat()
    assert [c["checkpoint"] for c in body["checks"]] == [30, 90, 180, 365]
    assert AuditEvent.objects.filter(detail=f"api placement {placement.pk}").exists()


def test_it_hides_another_organisations_placement(as_other_coach, placement):
    assert as_other_coach.get(f"/api/placements/{placement.pk}").status_code == 404


def test_it_records_a_certified_credit(as_coach, placement):
    response = as_coach.patch(
        f"/api/placements/{placement.pk}/incentives",
        {
            "wotc_form_sent_on": placement.started_on.isoformat(),
            "wotc_outcome": "certified",
            "wotc_target_group": "snap",
            "wotc_credit": 2400,
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    placement.refresh_from_db()
    assert placement.wotc_credit == Decimal("2400.00")


def test_it_refuses_a_bond_outside_5000_steps(as_coach, placement):
    response = as_coach.patch(
        f"/api/placements/{placement.pk}/incentives",
        {"bond_starts_on": placement.started_on.isoformat(), "bond_amount": 7000},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "bond_amount"]


def test_it_screens_a_participant(as_coach, placement):
    participant = placement.participant
    IncentiveAnswers.objects.create(
        participant=participant,
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 30),
        snap_months_past_6=6,
    )
    response = as_coach.get(f"/api/participants/{participant.pk}/wotc-screening")
    assert response.status_code == 200
    body = response.json()
    assert body["max_credit"] == 2400
    assert [f["code"] for f in body["findings"]] == ["snap"]
    assert body["findings"][0]["source"] == "IRC § 51(d)(8); Form 8850 line 2"
    assert body["authorized_through"] == date(2025, 12, 31).isoformat()


def test_it_lists_the_callers_retention_checks(as_coach, placement):
    response = as_coach.get("/api/retention-checks?days=40")
    assert response.status_code == 200
    assert [c["checkpoint"] for c in response.json()["items"]] == [30]
