"""Hiring incentives: the intake answers, the WOTC pre-screening page and its kept record,
a placement's Form 8850, certification and bond, and the Form 8850 deadline on the queue."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people.models import IncentiveAnswers
from workbridge.placements.models import WotcScreening
from workbridge.placements.services import placement_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(rosa):
    rosa.benefits = ["snap"]
    rosa.save(update_fields=["benefits"])
    return IncentiveAnswers.objects.create(
        participant=rosa, birth_date=date(1995, 3, 4), snap_months_past_6=6
    )


@pytest.fixture
def placement(rosa, acme, opening, coach):
    return placement_record(
        participant=rosa,
        employer=acme,
        opening=opening,
        started_on=date(2026, 10, 20),
        by=coach,
    )


def test_it_shows_the_target_groups_with_rule_and_credit(client, coach, rosa, answers):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("placements:incentives", args=[rosa.pk]))
    # then
    assert response.status_code == 200
    text = response.content.decode()
    assert "SNAP recipient" in text
    assert "Aged 31; the household received SNAP." in text
    assert "IRC § 51(d)(8)" in text
    assert "$2,400" in text
    event = AuditEvent.objects.get(object_id=str(rosa.pk), detail="hiring incentives")
    assert "incentive_answers" in event.fields


def test_it_hides_another_organisations_participant(client, other_coach, rosa, answers):
    client.force_login(other_coach)
    response = client.get(reverse("placements:incentives", args=[rosa.pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(object_id=str(rosa.pk)).exists()


def test_it_refuses_the_analyst(client, analyst, rosa):
    client.force_login(analyst)
    response = client.get(reverse("placements:incentives", args=[rosa.pk]))
    assert response.status_code == 403


def test_it_keeps_a_pre_screening_and_prints_it(client, coach, rosa, answers):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("placements:incentives_record", args=[rosa.pk]), {"signed_on": "2026-11-01"}
    )
    # then
    record = WotcScreening.objects.get(participant=rosa)
    assert response.status_code == 302
    assert record.screened_on == date(2026, 11, 2)
    assert record.signed_on == date(2026, 11, 1)
    assert record.max_credit == 2400
    assert [f["code"] for f in record.findings] == ["snap"]
    pdf = client.get(reverse("placements:screening_pdf", args=[rosa.pk, record.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="export", detail=f"tax credit pre-screening {record.pk} PDF"
    ).exists()


def test_it_refuses_a_signature_after_the_screening(client, coach, rosa, answers):
    client.force_login(coach)
    response = client.post(
        reverse("placements:incentives_record", args=[rosa.pk]), {"signed_on": "2026-11-03"}
    )
    assert response.status_code == 200
    assert "The signature cannot come after the screening." in response.content.decode()
    assert not WotcScreening.objects.exists()


def test_it_records_the_form_certification_and_bond_on_a_placement(client, coach, placement):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("placements:placement_incentives", args=[placement.pk]),
        {
            "inc-wotc_form_sent_on": "2026-10-25",
            "inc-wotc_outcome": "certified",
            "inc-wotc_target_group": "snap",
            "inc-wotc_credit": "2400",
            "inc-bond_starts_on": "2026-10-20",
            "inc-bond_amount": "5000",
        },
    )
    # then
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.wotc_form_sent_on == date(2026, 10, 25)
    assert placement.wotc_credit == Decimal("2400.00")
    assert placement.bond_ends_on == date(2027, 4, 19)
    assert AuditEvent.objects.filter(action="update", object_id=str(placement.pk)).exists()


def test_it_refuses_a_credit_over_the_groups_maximum(client, coach, placement):
    client.force_login(coach)
    response = client.post(
        reverse("placements:placement_incentives", args=[placement.pk]),
        {
            "inc-wotc_form_sent_on": "2026-10-25",
            "inc-wotc_outcome": "certified",
            "inc-wotc_target_group": "snap",
            "inc-wotc_credit": "9600",
        },
    )
    assert response.status_code == 200
    assert "The most this group allows is $2400." in response.content.decode()
    placement.refresh_from_db()
    assert placement.wotc_outcome == ""


def test_it_refuses_a_bond_not_in_5000_steps(client, coach, placement):
    client.force_login(coach)
    response = client.post(
        reverse("placements:placement_incentives", args=[placement.pk]),
        {"inc-bond_starts_on": "2026-10-20", "inc-bond_amount": "7000"},
    )
    assert response.status_code == 200
    assert "Bonds come in $5,000 steps, up to $25,000." in response.content.decode()


def test_it_lists_the_form_8850_due_on_the_queue(client, coach, placement):
    # given a hire that started 13 days ago: Form 8850 due in 15 days
    client.force_login(coach)
    # when
    response = client.get(reverse("placements:queue") + "?days=30")
    # then
    text = response.content.decode()
    assert "Tax credit forms to send" in text
    assert placement.participant.display_name in text
    assert "Nov 17, 2026" in text


def test_it_drops_the_form_from_the_queue_once_sent(client, coach, placement):
    placement.wotc_form_sent_on = date(2026, 10, 22)
    placement.save(update_fields=["wotc_form_sent_on"])
    client.force_login(coach)
    response = client.get(reverse("placements:queue") + "?days=30")
    assert "No Form 8850 is due." in response.content.decode()


def test_it_records_answers_at_intake(client, coach):
    client.force_login(coach)
    response = client.post(
        reverse("people:create"),
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "preferred_language": "en",
            "zip_code": "60623",
            "enrolled_on": "2026-11-02",
            "planned_exit_on": "2027-02-02",
            "household_size": "1",
            "transport_mode": "transit",
            "max_commute_minutes": "45",
            "childcare_need": "none",
            "inc-birth_date": "1990-01-01",
            "inc-veteran": "yes",
            "inc-unemployed_weeks_past_year": "30",
        },
    )
    assert response.status_code == 302
    record = IncentiveAnswers.objects.get(participant__first_name="Ana")
    assert record.veteran == "yes"
    assert record.unemployed_weeks_past_year == 30
    assert record.tanf_months_past_18 is None


def test_it_refuses_a_future_date_at_intake(client, coach, rosa):
    client.force_login(coach)
    response = client.post(
        reverse("people:edit", args=[rosa.pk]),
        {
            "first_name": rosa.first_name,
            "last_name": rosa.last_name,
            "preferred_language": "en",
            "zip_code": rosa.zip_code,
            "enrolled_on": rosa.enrolled_on.isoformat(),
            "planned_exit_on": rosa.planned_exit_on.isoformat(),
            "household_size": "1",
            "transport_mode": "transit",
            "max_commute_minutes": "45",
            "childcare_need": "none",
            "inc-felony_released_on": (date(2026, 11, 2) + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "This date cannot be in the future." in response.content.decode()
    assert not IncentiveAnswers.objects.filter(participant=rosa).exists()


def test_it_counts_certified_credits_in_the_employers_impact(coach, acme, placement):
    from workbridge.employers.impact import employer_impact

    placement.wotc_outcome = "certified"
    placement.wotc_credit = Decimal("2400")
    placement.bond_starts_on = date(2026, 10, 20)
    placement.save(update_fields=["wotc_outcome", "wotc_credit", "bond_starts_on"])
    other = ParticipantFactory(organisation=acme.organisation)
    placement_record(
        participant=other,
        employer=acme,
        started_on=date(2026, 10, 1),
        hourly_wage=Decimal(18),
        hours_per_week=40,
        job_title="Cook",
        by=coach,
    )
    impact = employer_impact(acme, today=date(2026, 11, 2))
    assert impact.tax_credits == Decimal("2400.00")
    assert impact.bonded_hires == 1
