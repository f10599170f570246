"""The business case: consent recorded, the one-pager, its PDF and its e-mail on the
employer's history; and the labour-market pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Contact, Interaction, MessageSent, MessageTemplate
from workbridge.people.models import CareerGoal, IncentiveAnswers, Occupation
from workbridge.placements.models import BusinessCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def eligible(rosa):
    rosa.benefits = ["snap"]
    rosa.needs_fair_chance = True
    rosa.save(update_fields=["benefits", "needs_fair_chance"])
    IncentiveAnswers.objects.create(
        participant=rosa,
        birth_date=date(1995, 3, 4),
        snap_months_past_6=6,
        felony_released_on=date(2026, 5, 1),
    )
    return rosa


@pytest.fixture
def case(coach, eligible, acme, opening):
    from workbridge.placements.business_case import business_case_create

    return business_case_create(
        participant=eligible,
        employer=acme,
        opening=opening,
        consent_on=date(2026, 11, 1),
        consent_note="Signed the release form",
        highlights="Finished ServSafe and 12 weeks in our kitchen.",
        by=coach,
    )


def test_it_needs_the_participants_consent(client, coach, eligible, acme):
    client.force_login(coach)
    response = client.post(
        reverse("placements:business_case_new", args=[eligible.pk]),
        {"employer": acme.pk, "consent_on": "2026-11-01", "consent_note": "By phone"},
    )
    assert response.status_code == 200
    assert not BusinessCase.objects.exists()


def test_it_makes_a_case_with_the_incentives_and_their_value(client, coach, eligible, acme):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("placements:business_case_new", args=[eligible.pk]),
        {
            "employer": acme.pk,
            "consent_on": "2026-11-01",
            "consent_note": "Signed the release form",
            "consent_given": "on",
            "highlights": "Twelve weeks on our line.",
        },
    )
    # then
    case = BusinessCase.objects.get()
    assert response.status_code == 302
    assert case.consent_note == "Signed the release form"
    page = client.get(reverse("placements:business_case", args=[case.pk])).content.decode()
    assert "Twelve weeks on our line." in page
    assert "Free fidelity bond" in page
    # never why an incentive applies
    assert "SNAP" not in page and "felony" not in page.lower()


def test_it_values_the_credit_after_the_authorisation_as_nothing(case):
    # The demo's today (2026) is past the credit's authorisation (2025-12-31).
    assert case.incentive_total == Decimal("0")


def test_it_values_the_credit_at_the_openings_pay(settings, coach, eligible, acme, opening):
    from workbridge.placements.business_case import business_case_create

    settings.WORKBRIDGE_WOTC_AUTHORIZED_THROUGH = "2030-12-31"
    case = business_case_create(
        participant=eligible,
        employer=acme,
        opening=opening,
        consent_on=date(2026, 11, 1),
        consent_note="Signed",
        highlights="",
        by=coach,
    )
    # $19.50 × 32 h × 52 weeks > $6,000: 40 % of $6,000
    assert case.incentive_total == Decimal("2400.00")


def test_it_sends_the_pdf_and_logs_it_on_the_employers_history(client, coach, case, acme):
    # given
    contact = Contact.objects.create(employer=acme, name="Dana Lee", email="dana@acme.test")
    template = MessageTemplate.objects.create(
        organisation=acme.organisation,
        name="Candidate",
        subject_en="A candidate for {{ employer_name }}",
        body_en="Dear {{ contact_name }}, please find a candidate attached.",
    )
    client.force_login(coach)
    # when
    response = client.post(
        reverse("placements:business_case_send", args=[case.pk]),
        {"contact": contact.pk, "template": template.pk},
    )
    # then
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@acme.test"]
    assert message.subject == "A candidate for Acme Foods"
    assert message.attachments[0][2] == "application/pdf"
    assert MessageSent.objects.get(employer=acme).status == "sent"
    interaction = Interaction.objects.get(employers=acme)
    assert interaction.kind == "email"
    assert "business case" in interaction.summary
    case.refresh_from_db()
    assert case.last_sent_to == contact
    assert AuditEvent.objects.filter(
        action="export", detail__startswith=f"business case {case.pk}"
    ).exists()


def test_it_refuses_another_employers_contact(client, coach, case, acme):
    from workbridge.employers.services import employer_create

    other = employer_create(by=coach, data={"name": "Other Co", "owner": coach})
    contact = Contact.objects.create(employer=other, name="Sam", email="sam@other.test")
    template = MessageTemplate.objects.create(
        organisation=acme.organisation, name="T", subject_en="S", body_en="B"
    )
    client.force_login(coach)
    response = client.post(
        reverse("placements:business_case_send", args=[case.pk]),
        {"contact": contact.pk, "template": template.pk},
    )
    assert response.status_code == 200
    assert len(mail.outbox) == 0


def test_it_hides_another_organisations_case(client, other_coach, case):
    client.force_login(other_coach)
    assert client.get(reverse("placements:business_case", args=[case.pk])).status_code == 404
    assert client.get(reverse("placements:business_case_pdf", args=[case.pk])).status_code == 404


def test_it_downloads_the_pdf(client, coach, case):
    client.force_login(coach)
    response = client.get(reverse("placements:business_case_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_it_shows_who_is_hiring_by_occupation(client, coach, opening):
    client.force_login(coach)
    response = client.get(reverse("placements:labour_market"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cooks, Restaurant" in text
    assert "$19.50" in text


def test_it_shows_the_career_goal_with_openings(client, coach, rosa, opening):
    CareerGoal.objects.create(
        participant=rosa, occupation=Occupation.objects.get(code="35-2014"), is_primary=True
    )
    client.force_login(coach)
    response = client.get(reverse("placements:career", args=[rosa.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Line cook" in text
