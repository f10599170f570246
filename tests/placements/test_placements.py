"""Placements: recording a hire, retention checks, supports, the end of a job, and the queue."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.placements.models import Placement, RetentionCheck, RetentionSupport
from workbridge.placements.queries import retention_checks_due_for
from workbridge.placements.services import (
    placement_end,
    placement_record,
    retention_check_record,
    retention_support_add,
)


def _hire(participant, employer, by, started_on, **terms):
    terms.setdefault("hourly_wage", Decimal("18.00"))
    terms.setdefault("hours_per_week", 35)
    terms.setdefault("job_title", "Packer")
    return placement_record(
        participant=participant, employer=employer, started_on=started_on, by=by, **terms
    )


def test_a_hire_without_an_opening_needs_its_terms(coach, rosa, acme):
    with pytest.raises(ValidationError) as caught:
        placement_record(participant=rosa, employer=acme, started_on=TODAY, by=coach)

    assert sorted(caught.value.error_dict) == ["hourly_wage", "hours_per_week", "job_title"]
    assert not Placement.objects.exists()
    assert not RetentionCheck.objects.exists()


def test_checks_belong_to_the_recorder_when_nobody_is_assigned(coach, manager, jon, acme):
    placement = _hire(jon, acme, manager, date(2026, 1, 10))

    assert list(placement.checks.values_list("checkpoint", "due_on", "owner__username")) == [
        (30, date(2026, 2, 9), "maria"),
        (90, date(2026, 4, 10), "maria"),
        (180, date(2026, 7, 9), "maria"),
        (365, date(2027, 1, 10), "maria"),
    ]


def test_an_opening_of_another_employer_is_refused(coach, rosa, acme, opening):
    from workbridge.employers.services import employer_create

    other = employer_create(by=coach, data={"name": "Other Co"})
    with pytest.raises(ValidationError) as caught:
        _hire(rosa, other, coach, TODAY, opening=opening)
    assert list(caught.value.error_dict) == ["opening"]
    assert not Placement.objects.exists()


def test_nobody_records_a_hire_for_another_organisation(other_coach, rosa, acme):
    with pytest.raises(PermissionDenied):
        _hire(rosa, acme, other_coach, TODAY)
    assert not Placement.objects.exists()


def test_ending_a_placement_closes_the_later_open_checks_as_not_employed(coach, rosa, acme):
    # given a job that started 100 days ago; the 30-day check found Rosa there
    started = TODAY - timedelta(days=100)
    placement = _hire(rosa, acme, coach, started)
    thirty = placement.checks.get(checkpoint=30)
    retention_check_record(
        check=thirty, by=coach, still_employed="yes", done_on=started + timedelta(days=31)
    )
    ended = started + timedelta(days=95)  # after the 90-day checkpoint

    # when
    placement_end(
        placement=placement,
        by=coach,
        ended_on=ended,
        end_reason="let_go",
        loss_factors=["childcare", "attendance", "childcare"],
        notes="Lost evening childcare",
    )

    # then
    placement.refresh_from_db()
    assert (placement.ended_on, placement.end_reason) == (ended, "let_go")
    assert placement.loss_factors == ["attendance", "childcare"]
    assert placement.end_notes == "Lost evening childcare"
    checks = list(placement.checks.values_list("checkpoint", "done_on", "still_employed"))
    assert checks == [
        (30, started + timedelta(days=31), "yes"),
        (90, None, "unknown"),  # due before the end: still to be checked
        (180, ended, "no"),
        (365, ended, "no"),
    ]
    event = AuditEvent.objects.get(
        object_type="placements.placement", object_id=str(placement.pk), action="update"
    )
    assert event.fields == ["end_notes", "end_reason", "ended_on", "loss_factors"]
    # the ended job joins the work history, where matching reads past job losses
    job = rosa.work_history.get()
    assert (job.employer_name, job.job_title, job.started_on, job.ended_on) == (
        "Acme Foods",
        "Packer",
        started,
        ended,
    )
    assert (job.hourly_wage, job.end_reason, job.loss_factors) == (
        Decimal("18.00"),
        "let_go",
        ["attendance", "childcare"],
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_reason": "current"}, "end_reason"),
        ({"loss_factors": ["bad luck"]}, "loss_factors"),
        ({"ended_on": TODAY - timedelta(days=11)}, "ended_on"),
        ({"ended_on": TODAY + timedelta(days=1)}, "ended_on"),
    ],
)
def test_a_bad_end_changes_nothing(coach, rosa, acme, changes, field):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=10))
    data = {"ended_on": TODAY, "end_reason": "quit", "loss_factors": [], **changes}

    with pytest.raises(ValidationError) as caught:
        placement_end(placement=placement, by=coach, **data)

    assert list(caught.value.error_dict) == [field]
    placement.refresh_from_db()
    assert placement.ended_on is None
    assert not placement.checks.filter(done_on__isnull=False).exists()


def test_a_placement_ends_once(coach, rosa, acme):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=10))
    placement_end(placement=placement, by=coach, ended_on=TODAY, end_reason="quit")

    with pytest.raises(ValidationError):
        placement_end(placement=placement, by=coach, ended_on=TODAY, end_reason="laid_off")
    placement.refresh_from_db()
    assert placement.end_reason == "quit"


def test_a_retention_check_records_what_it_found_and_is_audited(coach, rosa, acme):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=40))
    check = placement.checks.get(checkpoint=30)

    retention_check_record(
        check=check, by=coach, still_employed="yes", done_on=TODAY, notes="Likes the team"
    )

    check.refresh_from_db()
    assert (check.done_on, check.still_employed, check.notes) == (TODAY, "yes", "Likes the team")
    assert check.recorded_by == coach
    assert AuditEvent.objects.filter(
        object_type="placements.retentioncheck", object_id=str(check.pk), action="update"
    ).exists()


def test_a_retention_check_needs_a_real_answer(coach, rosa, acme):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=40))
    check = placement.checks.get(checkpoint=30)

    with pytest.raises(ValidationError):
        retention_check_record(check=check, by=coach, still_employed="maybe", done_on=TODAY)
    check.refresh_from_db()
    assert check.done_on is None


def test_retention_support_is_recorded(coach, rosa, acme):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=5))

    support = retention_support_add(
        placement=placement, by=coach, kind="transportation", given_on=TODAY, notes="Bus pass"
    )

    assert list(placement.supports.values_list("kind", "given_on", "notes", "given_by")) == [
        ("transportation", TODAY, "Bus pass", coach.pk)
    ]
    assert AuditEvent.objects.filter(
        object_type="placements.retentionsupport", object_id=str(support.pk)
    ).exists()


def test_an_unknown_kind_of_support_is_refused(coach, rosa, acme):
    placement = _hire(rosa, acme, coach, TODAY - timedelta(days=5))
    with pytest.raises(ValidationError):
        retention_support_add(placement=placement, by=coach, kind="cash", given_on=TODAY)
    assert not RetentionSupport.objects.exists()


def test_the_queue_lists_a_users_open_checks_due_soon_overdue_first(coach, manager, rosa, acme):
    # given Rosa's (assigned to Alice) jobs at three ages, and someone else's
    old = _hire(rosa, acme, coach, TODAY - timedelta(days=95))  # 30 and 90 overdue
    done = old.checks.get(checkpoint=30)
    retention_check_record(check=done, by=coach, still_employed="yes", done_on=TODAY)
    soon = _hire(rosa, acme, coach, TODAY - timedelta(days=25))  # 30 due in 5 days
    _hire(rosa, acme, coach, TODAY - timedelta(days=10))  # 30 due in 20 days: beyond 7
    _hire(
        ParticipantFactory(organisation=rosa.organisation),
        acme,
        manager,
        TODAY - timedelta(days=40),
    )

    # when
    due = retention_checks_due_for(coach, today=TODAY)

    # then
    assert [(c.placement_id, c.checkpoint, c.due_on) for c in due] == [
        (old.pk, 90, TODAY - timedelta(days=5)),
        (soon.pk, 30, TODAY + timedelta(days=5)),
    ]
    assert len(retention_checks_due_for(coach, today=TODAY, horizon_days=30)) == 3
    assert [c.checkpoint for c in retention_checks_due_for(manager, today=TODAY)] == [30]


def test_the_queue_of_another_organisation_is_empty(other_coach, coach, rosa, acme):
    _hire(rosa, acme, coach, TODAY - timedelta(days=95))

    assert list(retention_checks_due_for(other_coach, today=TODAY, owner=coach)) == []
