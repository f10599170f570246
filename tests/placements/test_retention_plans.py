"""The retention plan drafted at hire, confirmed by the case manager, and the report of
supports given against retention."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.people.services import work_history_add
from workbridge.placements.models import RetentionPlan
from workbridge.placements.retention_plans import retention_plan_confirm
from workbridge.placements.services import (
    placement_record,
    retention_check_record,
    retention_support_add,
)


def _hire(participant, employer, by, started_on=TODAY):
    return placement_record(
        participant=participant,
        employer=employer,
        started_on=started_on,
        hourly_wage=Decimal("18.00"),
        hours_per_week=35,
        job_title="Packer",
        by=by,
    )


@pytest.fixture
def rosa_with_history(coach, rosa):
    for employer, factors in (
        ("Lakeside Diner", ["transportation", "childcare"]),
        ("Corner Market", ["transportation"]),
    ):
        work_history_add(
            participant=rosa,
            by=coach,
            employer_name=employer,
            job_title="Cashier",
            started_on=date(2023, 1, 1),
            ended_on=date(2023, 6, 1),
            end_reason="let_go",
            loss_factors=factors,
        )
    return rosa


def _planned(plan):
    return [(i.kind, i.planned) for i in plan.items.order_by("id")]


def test_a_hire_drafts_a_retention_plan_from_earlier_job_losses(coach, rosa_with_history, acme):
    # when
    placement = _hire(rosa_with_history, acme, coach)
    # then
    plan = placement.retention_plan
    assert not plan.is_confirmed and plan.drafted_on == TODAY
    assert _planned(plan) == [("check_in", True), ("transportation", True), ("childcare", True)]
    assert plan.items.get(kind="transportation").reasons == [["transportation", 2]]
    assert AuditEvent.objects.filter(object_type="placements.retentionplan").exists()


def test_the_case_manager_confirms_drops_and_adds_supports(coach, rosa_with_history, acme):
    plan = _hire(rosa_with_history, acme, coach).retention_plan
    # when
    retention_plan_confirm(
        plan=plan,
        by=coach,
        kinds=["check_in", "transportation", "emergency"],
        notes="Transit card for the first month.",
        on=TODAY,
    )
    # then
    plan.refresh_from_db()
    assert (plan.confirmed_on, plan.confirmed_by, plan.notes) == (
        TODAY,
        coach,
        "Transit card for the first month.",
    )
    assert _planned(plan) == [
        ("check_in", True),
        ("transportation", True),
        ("childcare", False),
        ("emergency", True),
    ]


def test_an_empty_or_unknown_plan_is_refused_and_changes_nothing(coach, rosa, acme):
    plan = _hire(rosa, acme, coach).retention_plan
    for kinds in ([], ["teleport"]):
        with pytest.raises(ValidationError):
            retention_plan_confirm(plan=plan, by=coach, kinds=kinds, notes="", on=TODAY)
    plan.refresh_from_db()
    assert not plan.is_confirmed and _planned(plan) == [("check_in", True)]


def test_the_plan_page_shows_why_and_confirms(client, coach, rosa_with_history, acme):
    placement = _hire(rosa_with_history, acme, coach)
    client.force_login(coach)
    url = reverse("placements:retention_plan", args=[placement.pk])
    page = client.get(url).content.decode()
    assert "Transportation (ended 2 earlier jobs)" in page
    response = client.post(url, {"kinds": ["check_in", "childcare"], "notes": ""})
    assert response.status_code == 302
    assert _planned(RetentionPlan.objects.get()) == [
        ("check_in", True),
        ("transportation", False),
        ("childcare", True),
    ]
    detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    assert "Confirmed on" in detail


def test_another_organisation_cannot_open_the_plan(client, other_coach, coach, rosa, acme):
    placement = _hire(rosa, acme, coach)
    client.force_login(other_coach)
    url = reverse("placements:retention_plan", args=[placement.pk])
    assert client.post(url, {"kinds": ["childcare"]}).status_code == 404
    assert not RetentionPlan.objects.get().is_confirmed


@override_settings(WORKBRIDGE_SMALL_CELL=2)
def test_the_report_sets_supports_given_against_retention_at_90_days(
    client, manager, coach, southside, acme
):
    # given: four hires 100 days ago; two got transportation help in week one and stayed,
    # two did not, of whom one left before 90 days
    started = TODAY - timedelta(days=100)
    for helped, stayed in ((True, True), (True, True), (False, True), (False, False)):
        person = ParticipantFactory(organisation=southside)
        placement = _hire(person, acme, coach, started_on=started)
        if helped:
            retention_support_add(
                placement=placement,
                by=coach,
                kind="transportation",
                given_on=started + timedelta(days=3),
            )
        retention_check_record(
            check=placement.checks.get(checkpoint=90),
            by=coach,
            still_employed="yes" if stayed else "no",
            done_on=started + timedelta(days=91),
        )
    client.force_login(manager)
    # when
    response = client.get(reverse("placements:supports_report"))
    # then
    rows = {label: row for label, row in response.context["tables"][0][1]}
    transport = rows["Transportation help"]
    assert (transport.supported.reached, transport.supported.retained) == (2, 2)
    assert (transport.unsupported.reached, transport.unsupported.retained) == (2, 1)
    assert rows["Childcare help"].hidden is False  # nobody had it: 0 and 4 hide nothing
    assert "100.0%" in response.content.decode() and "50.0%" in response.content.decode()


def test_staff_cannot_open_the_supports_report(client, coach):
    client.force_login(coach)
    assert client.get(reverse("placements:supports_report")).status_code == 403
