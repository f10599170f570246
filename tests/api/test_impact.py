"""The community impact API: figures for a period and kept reports, scoped like the pages."""

import base64
from datetime import date
from decimal import Decimal

import pytest

from tests.factories import ParticipantFactory, make_user
from workbridge.accounts.models import AuditEvent, Role
from workbridge.accounts.services import api_token_create
from workbridge.employers.impact_report import Period
from workbridge.employers.impact_sends import impact_snapshot_create
from workbridge.employers.models import EmployerPartner
from workbridge.employers.services import employer_create
from workbridge.placements.models import Placement


@pytest.fixture
def acme(coach):
    employer = employer_create(by=coach, data={"name": "Acme Foods"})
    for n in range(12):
        who = ParticipantFactory(
            organisation=employer.organisation, zip_code="60644", community_area_id=25
        )
        Placement.objects.create(
            organisation=employer.organisation,
            participant=who,
            employer=employer,
            job_title="Packer",
            started_on=date(2026, 7, 1 + n),
            hourly_wage=Decimal("20.00"),
            hours_per_week=40,
        )
    return employer


def bearer(user):
    _token, raw = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


def test_it_gives_an_employers_published_figures_for_a_period(client, coach, acme):
    response = client.get(
        f"/api/employers/{acme.pk}/impact?since=2026-07-01&until=2026-09-30",
        headers=bearer(coach),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["figures"]["hires"] == 12
    assert body["figures"]["shares"]["local"] == {"count": 12, "of": 12, "percent": 100}
    assert body["figures"]["retention"]["30"] == {"count": 12, "of": 12, "percent": 100}
    # only the hires of 1 and 2 July reached 90 days by 30 September: too few to show
    assert body["figures"]["retention"]["90"] == {"count": None, "of": None, "percent": None}


def test_a_partner_token_reads_its_own_employer_only(client, coach, acme):
    other = employer_create(by=coach, data={"name": "Other Co"})
    partner = make_user("acme-hr", Role.EMPLOYER, acme.organisation)
    EmployerPartner.objects.create(user=partner, employer=acme)
    kept = impact_snapshot_create(
        employer=acme, period=Period(date(2026, 7, 1), date(2026, 9, 30)), by=coach
    )
    headers = bearer(partner)
    listed = client.get(f"/api/employers/{acme.pk}/impact/snapshots", headers=headers)
    assert [s["id"] for s in listed.json()["items"]] == [kept.pk]
    pdf = client.get(f"/api/impact/snapshots/{kept.pk}/pdf", headers=headers)
    assert base64.b64decode(pdf.json()["pdf_base64"]) == bytes(kept.pdf)
    assert client.get(f"/api/employers/{other.pk}/impact", headers=headers).status_code == 404
    assert client.get(f"/api/employers/{acme.pk}", headers=headers).status_code == 403
    assert AuditEvent.objects.filter(actor=partner).count() == 2


def test_the_figures_carry_the_hiring_incentives_hidden_when_they_rest_on_few(client, coach, acme):
    # given tax credits certified for all twelve hires, and two of them bonded
    Placement.objects.filter(employer=acme).update(
        wotc_outcome="certified", wotc_credit=Decimal("1200.00")
    )
    bonded = list(Placement.objects.filter(employer=acme).values_list("pk", flat=True)[:2])
    Placement.objects.filter(pk__in=bonded).update(bond_starts_on=date(2026, 7, 1))
    # when
    response = client.get(
        f"/api/employers/{acme.pk}/impact?since=2026-07-01&until=2026-09-30",
        headers=bearer(coach),
    )
    # then the credits' total is published and the two bonded hires are hidden
    body = response.json()
    assert body["incentives"] == {"bonded_hires": None, "tax_credits": "14400.00"}
    assert body["figures"]["incentives"] == body["incentives"]


def test_the_openapi_document_describes_the_incentives(client):
    schema = client.get("/api/openapi.json").json()
    fields = schema["components"]["schemas"]["EmployerImpactIncentivesOut"]["properties"]
    assert set(fields) == {"bonded_hires", "tax_credits"}
