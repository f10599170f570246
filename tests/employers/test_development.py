"""Job development: an employer's profile, its other relationships with the enterprise, the
CRM filters on them, and the program's targets set against openings and hires."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.employers.development import (
    employer_profile_save,
    employer_relationship_add,
    program_target_add,
)
from workbridge.employers.models import EmployerProfile, EmployerRelationship, ProgramTarget
from workbridge.employers.services import employer_create
from workbridge.jobs.services import opening_create
from workbridge.people.models import Occupation
from workbridge.placements.services import placement_record
from workbridge.placements.targets import targets_compared


@pytest.fixture
def acme(coach):
    return employer_create(by=coach, data={"name": "Acme Foods", "naics_code": "722511"})


@pytest.fixture
def bolt(coach):
    return employer_create(by=coach, data={"name": "Bolt Logistics", "naics_code": "493110"})


def test_the_profile_is_saved_shown_and_audited(client, coach, acme):
    employer_profile_save(
        employer=acme,
        by=coach,
        data={
            "values": "Punctuality; team spirit",
            "needs": "Line cooks for the summer",
            "background_check": "after_offer",
            "screening_steps": "Phone screen, then a kitchen trial",
        },
    )
    employer_relationship_add(
        employer=acme, by=coach, kind="donor", amount=Decimal("2500.00"), since=date(2024, 1, 1)
    )
    client.force_login(coach)
    page = client.get(reverse("employers:detail", args=[acme.pk])).content.decode()
    for text in (
        "After a conditional offer, looked at case by case",
        "Line cooks for the summer",
        "Phone screen, then a kitchen trial",
        "Donor",
        "$2500.00",
    ):
        assert text in page
    assert AuditEvent.objects.filter(object_type="employers.employerprofile").exists()
    assert AuditEvent.objects.filter(object_type="employers.employerrelationship").exists()


def test_an_unknown_relationship_or_a_negative_amount_is_refused(coach, acme):
    for kind, amount in (("lender", None), ("customer", Decimal("-1"))):
        with pytest.raises(ValidationError):
            employer_relationship_add(employer=acme, by=coach, kind=kind, amount=amount)
    assert not EmployerRelationship.objects.exists()


def test_another_organisation_cannot_profile_the_employer(client, other_coach, acme):
    client.force_login(other_coach)
    response = client.post(
        reverse("employers:development", args=[acme.pk]), {"background_check": "none"}
    )
    assert response.status_code == 404
    assert not EmployerProfile.objects.exists()


def test_the_crm_filters_on_relationship_and_background_check_policy(client, coach, acme, bolt):
    employer_relationship_add(employer=acme, by=coach, kind="customer")
    employer_profile_save(employer=bolt, by=coach, data={"background_check": "none"})
    client.force_login(coach)
    customers = client.get(reverse("employers:list"), {"relationship": "customer"})
    assert [r.name for r in customers.context["employers"]] == ["Acme Foods"]
    no_checks = client.get(reverse("employers:list"), {"background_check": "none"})
    assert [r.name for r in no_checks.context["employers"]] == ["Bolt Logistics"]


@pytest.mark.parametrize(
    ("kind", "code"), [("industry", "7a"), ("industry", "7"), ("occupation", "352014"), ("x", "35")]
)
def test_a_target_needs_a_real_code_prefix(coach, kind, code):
    with pytest.raises(ValidationError):
        program_target_add(by=coach, kind=kind, code=code, label="Bad")
    assert not ProgramTarget.objects.exists()


def test_openings_and_hires_are_compared_against_the_targets(client, coach, southside, acme, bolt):
    # given: food service (NAICS 72) and cooks (SOC 35-2014) are targets
    program_target_add(by=coach, kind="industry", code="72", label="Food service")
    program_target_add(by=coach, kind="occupation", code="35-2014", label="Cooks")
    cook, mover = Occupation.objects.get(code="35-2014"), Occupation.objects.get(code="53-7062")
    common = {"zip_code": "60623", "posted_on": date(2026, 5, 1), "hours_per_week": 35}
    line_cook = opening_create(
        by=coach,
        employer=acme,
        data={**common, "title": "Line cook", "occupation": cook, "hourly_wage": Decimal("19")},
    )
    opening_create(
        by=coach,
        employer=bolt,
        data={**common, "title": "Mover", "occupation": mover, "hourly_wage": Decimal("18")},
    )
    placement_record(
        participant=ParticipantFactory(organisation=southside),
        employer=acme,
        opening=line_cook,
        started_on=date(2026, 5, 20),
        by=coach,
    )
    # when
    rows = {row.label: row for row in targets_compared(coach)}
    # then
    assert (rows["Food service"].openings, rows["Food service"].hires) == (1, 1)
    assert (rows["Cooks"].openings, rows["Cooks"].hires) == (1, 1)
    assert (rows[""].openings, rows[""].hires) == (1, 0)  # the mover is in no target
    client.force_login(coach)
    assert "Food service" in client.get(reverse("placements:targets")).content.decode()
