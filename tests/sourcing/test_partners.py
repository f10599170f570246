from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.sourcing.models import Partner, PartnerStatus
from workbridge.sourcing.queries import partnership_progress, reports_due
from workbridge.sourcing.services import (
    partner_assess,
    partner_create,
    partner_report_record,
    partner_update,
    sourcing_baseline_set,
)


def _partner(by, name="Chicago Urban League", **extra):
    data = {"name": name, "kind": "diversity", "status": "active", **extra}
    return partner_create(by=by, data=data)


def test_it_adds_a_partner_with_its_groups_and_other_names(analyst):
    # when
    partner = _partner(
        analyst,
        groups=["women", "black", "not-a-group"],
        aliases=[" CUL ", "cul", "Urban League"],
        owner=analyst,
    )
    # then
    partner.refresh_from_db()
    assert partner.groups == ["black", "women"]
    assert partner.aliases == ["CUL", "Urban League"]
    assert partner.owner == analyst
    assert AuditEvent.objects.filter(
        object_type="sourcing.partner", object_id=str(partner.pk), action="create"
    ).exists()


def test_it_refuses_a_name_taken_in_the_organisation(analyst):
    _partner(analyst)
    with pytest.raises(ValidationError) as error:
        _partner(analyst, name="chicago urban league")
    assert "name" in error.value.error_dict
    assert Partner.objects.count() == 1


def test_it_refuses_an_owner_from_another_organisation(analyst, other_analyst):
    with pytest.raises(ValidationError):
        _partner(analyst, owner=other_analyst)
    assert not Partner.objects.exists()


def test_it_refuses_a_case_manager(coach):
    with pytest.raises(PermissionDenied):
        _partner(coach)
    assert not Partner.objects.exists()


def test_it_refuses_an_agreement_that_ends_before_it_starts(analyst):
    partner = _partner(analyst)
    with pytest.raises(ValidationError):
        partner_update(
            by=analyst,
            partner=partner,
            data={"agreement_start": date(2025, 6, 1), "agreement_end": date(2025, 1, 1)},
        )
    partner.refresh_from_db()
    assert partner.agreement_start is None


def test_it_refuses_to_change_another_organisations_partner(analyst, other_analyst):
    partner = _partner(analyst)
    with pytest.raises(PermissionDenied):
        partner_update(by=other_analyst, partner=partner, data={"status": "ended"})
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE


@time_machine.travel(date(2025, 7, 10))
def test_it_lists_reports_due_within_30_days_and_overdue(analyst, southside):
    # given quarterly reports from January: the first period ended on April 1
    late = _partner(analyst, name="Late", agreement_start=date(2025, 1, 1))
    # one reported to June 30: next due September 30 (not within 30 days)
    fine = _partner(analyst, name="Fine", agreement_start=date(2025, 1, 1))
    partner_report_record(by=analyst, partner=fine, period_end=date(2025, 6, 30), summary="OK")
    # one reported to April 20: next due July 20 (within 30 days)
    soon = _partner(analyst, name="Soon", agreement_start=date(2025, 1, 20))
    partner_report_record(by=analyst, partner=soon, period_end=date(2025, 4, 20), summary="OK")
    # when
    due = reports_due(southside, today=date(2025, 7, 10))
    # then
    assert [(r.partner.name, r.due, r.overdue) for r in due] == [
        ("Late", date(2025, 4, 1), True),
        ("Soon", date(2025, 7, 20), False),
    ]
    assert late.pk != fine.pk


def test_it_refuses_a_second_report_for_the_same_period(analyst):
    partner = _partner(analyst)
    partner_report_record(by=analyst, partner=partner, period_end=date(2025, 3, 31), summary="A")
    with pytest.raises(ValidationError):
        partner_report_record(
            by=analyst, partner=partner, period_end=date(2025, 3, 31), summary="B"
        )
    assert partner.status_reports.count() == 1


def test_it_scores_an_assessment_and_averages_it(analyst):
    partner = _partner(analyst)
    assessment = partner_assess(
        by=analyst,
        partner=partner,
        assessed_on=date(2025, 6, 1),
        reach=5,
        candidate_quality=4,
        responsiveness=3,
        alignment=4,
        narrative="Strong reach on the South Side.",
    )
    assert assessment.overall == 4.0


def test_it_refuses_a_score_outside_one_to_five(analyst):
    partner = _partner(analyst)
    with pytest.raises(ValidationError):
        partner_assess(
            by=analyst,
            partner=partner,
            assessed_on=date(2025, 6, 1),
            reach=6,
            candidate_quality=4,
            responsiveness=3,
            alignment=4,
            narrative="x",
        )
    assert not partner.assessments.exists()


def test_it_counts_active_partnerships_against_the_baseline(analyst, manager, southside):
    # given a baseline of 2 and three partners, one of them ended
    sourcing_baseline_set(
        by=manager, baseline_partnerships=2, baseline_on=date(2024, 1, 1), increase_percent=50
    )
    _partner(analyst, name="A")
    _partner(analyst, name="B")
    _partner(analyst, name="C", status="ended")
    # when
    progress = partnership_progress(southside)
    # then
    assert (progress.active, progress.baseline, progress.target, progress.met) == (2, 2, 3, False)


def test_it_lets_only_managers_set_the_baseline(analyst, client):
    with pytest.raises(PermissionDenied):
        sourcing_baseline_set(
            by=analyst, baseline_partnerships=2, baseline_on=None, increase_percent=50
        )
    client.force_login(analyst)
    assert client.get(reverse("sourcing:baseline")).status_code == 403


def test_it_adds_a_partner_through_the_page(analyst, client):
    client.force_login(analyst)
    response = client.post(
        reverse("sourcing:partner_new"),
        {
            "name": "Women Build Chicago",
            "kind": "women_trades",
            "status": "active",
            "groups": ["women"],
            "report_every_months": "3",
            "aliases": "WBC\nWomen Build",
        },
    )
    partner = Partner.objects.get()
    assert response.status_code == 302
    assert partner.aliases == ["WBC", "Women Build"]
    page = client.get(reverse("sourcing:partner", args=[partner.pk]))
    assert "Women Build Chicago" in page.content.decode()


def test_it_shows_each_error_on_the_partner_form(analyst, client):
    client.force_login(analyst)
    response = client.post(reverse("sourcing:partner_new"), {"name": "", "kind": "nope"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"name", "kind"}
    assert not Partner.objects.exists()


def test_it_hides_another_organisations_partner(analyst, other_analyst, client):
    partner = _partner(analyst)
    client.force_login(other_analyst)
    assert client.get(reverse("sourcing:partner", args=[partner.pk])).status_code == 404
    assert client.get(reverse("sourcing:partners")).context["page"].paginator.count == 0
