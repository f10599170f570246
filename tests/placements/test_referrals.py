"""Referrals: the steps a referral may take, the record of each step, and the hire."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ParticipantFactory
from tests.placements.conftest import TODAY
from workbridge.accounts.models import AuditEvent
from workbridge.employers.models import Interaction
from workbridge.jobs.models import OpeningStatus
from workbridge.placements.models import (
    Placement,
    Referral,
    ReferralStatus,
    ReferralStep,
    RetentionCheck,
)
from workbridge.placements.services import referral_create, referral_move

S = ReferralStatus


def _walk(referral, by, *statuses, on=TODAY, **extra):
    for status in statuses:
        referral = referral_move(referral=referral, to_status=status, by=by, on=on, **extra)
    return referral


def test_it_records_each_step_of_a_referral_and_audits_it(coach, rosa, opening):
    # given
    referral = referral_create(participant=rosa, opening=opening, by=coach, note="Good fit")

    # when
    referral = _walk(referral, coach, S.REFERRED, S.INTERVIEWING)

    # then
    referral.refresh_from_db()
    assert (referral.status, referral.status_on) == (S.INTERVIEWING, TODAY)
    steps = list(referral.steps.values_list("status", "on", "note", "by__username"))
    assert steps == [
        (S.SUGGESTED, TODAY, "Good fit", "alice"),
        (S.REFERRED, TODAY, "", "alice"),
        (S.INTERVIEWING, TODAY, "", "alice"),
    ]
    events = AuditEvent.objects.filter(
        object_type="placements.referral", object_id=str(referral.pk)
    ).order_by("id")
    assert [(e.action, e.detail) for e in events] == [
        ("create", f"participant {rosa.pk}, opening {opening.pk}"),
        ("update", "suggested → referred"),
        ("update", "referred → interviewing"),
    ]


@pytest.mark.parametrize(
    ("path", "to_status"),
    [
        ((), S.INTERVIEWING),
        ((), S.OFFERED),
        ((), S.HIRED),
        ((), S.NOT_SELECTED),
        ((S.REFERRED,), S.HIRED),
        ((S.REFERRED, S.INTERVIEWING), S.REFERRED),
        ((S.REFERRED, S.INTERVIEWING, S.OFFERED), S.INTERVIEWING),
        ((S.REFERRED, S.OFFERED, S.HIRED), S.DECLINED),
        ((S.DECLINED,), S.REFERRED),
        ((S.REFERRED,), S.SUGGESTED),
    ],
)
def test_it_refuses_a_move_the_state_machine_does_not_allow(coach, rosa, opening, path, to_status):
    # given a referral that has taken some steps
    referral = referral_create(participant=rosa, opening=opening, by=coach)
    for status in path:
        reason = "wage" if status == S.DECLINED else ""
        referral = referral_move(
            referral=referral, to_status=status, by=coach, on=TODAY, reason=reason
        )
    steps_before = ReferralStep.objects.count()
    placements_before = Placement.objects.count()

    # when
    with pytest.raises(ValidationError) as caught:
        reason = "wage" if to_status in (S.DECLINED, S.NOT_SELECTED) else ""
        referral_move(referral=referral, to_status=to_status, by=coach, on=TODAY, reason=reason)

    # then nothing changed
    assert "to_status" in caught.value.error_dict
    referral.refresh_from_db()
    assert referral.status == (path[-1] if path else S.SUGGESTED)
    assert ReferralStep.objects.count() == steps_before
    assert Placement.objects.count() == placements_before


def test_ending_without_a_hire_needs_a_reason(coach, rosa, opening):
    referral = referral_create(participant=rosa, opening=opening, by=coach, status=S.REFERRED)

    with pytest.raises(ValidationError) as caught:
        referral_move(referral=referral, to_status=S.NOT_SELECTED, by=coach, on=TODAY)

    assert list(caught.value.error_dict) == ["reason"]
    referral = referral_move(
        referral=referral, to_status=S.NOT_SELECTED, by=coach, on=TODAY, reason="experience"
    )
    referral.refresh_from_db()
    assert (referral.status, referral.reason) == (S.NOT_SELECTED, "experience")
    assert referral.steps.last().reason == "experience"


def test_a_step_cannot_be_dated_before_the_last_one_or_in_the_future(coach, rosa, opening):
    referral = referral_create(participant=rosa, opening=opening, by=coach, on=TODAY)

    for on in (TODAY - timedelta(days=1), TODAY + timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            referral_move(referral=referral, to_status=S.REFERRED, by=coach, on=on)
        assert list(caught.value.error_dict) == ["on"]
    assert referral.steps.count() == 1


def test_a_participant_is_put_forward_once_per_opening(coach, rosa, opening):
    referral_create(participant=rosa, opening=opening, by=coach)

    with pytest.raises(ValidationError) as caught:
        referral_create(participant=rosa, opening=opening, by=coach)

    assert list(caught.value.error_dict) == ["opening"]
    assert Referral.objects.count() == 1


def test_a_closed_opening_takes_no_referrals(coach, rosa, opening):
    opening.status = OpeningStatus.CLOSED
    opening.save(update_fields=["status"])

    with pytest.raises(ValidationError):
        referral_create(participant=rosa, opening=opening, by=coach)
    assert not Referral.objects.exists()


def test_nobody_refers_another_organisations_participant(other_coach, coach, opening, northside):
    theirs = ParticipantFactory(organisation=northside)

    with pytest.raises(PermissionDenied):
        referral_create(participant=theirs, opening=opening, by=coach)
    with pytest.raises(PermissionDenied):
        referral_create(participant=theirs, opening=opening, by=other_coach)
    assert not Referral.objects.exists()


def test_an_analyst_cannot_move_a_referral(coach, analyst, rosa, opening):
    referral = referral_create(participant=rosa, opening=opening, by=coach)

    with pytest.raises(PermissionDenied):
        referral_move(referral=referral, to_status=S.REFERRED, by=analyst, on=TODAY)
    referral.refresh_from_db()
    assert referral.status == S.SUGGESTED


def test_employer_feedback_is_kept_on_the_step_and_logged_with_the_employer(
    coach, rosa, opening, acme
):
    referral = referral_create(participant=rosa, opening=opening, by=coach, status=S.REFERRED)

    referral_move(
        referral=referral,
        to_status=S.INTERVIEWING,
        by=coach,
        on=TODAY,
        employer_feedback="Strong resume; interview Tuesday",
        feedback_kind="email",
    )

    step = referral.steps.last()
    assert step.employer_feedback == "Strong resume; interview Tuesday"
    interaction = Interaction.objects.get()
    assert step.interaction == interaction
    assert (interaction.kind, interaction.occurred_on) == ("email", TODAY)
    assert interaction.summary == (
        "Feedback on Rosa A. for Line cook (Interviewing): Strong resume; interview Tuesday"
    )
    assert list(interaction.employers.all()) == [acme]
    acme.refresh_from_db()
    assert acme.last_contact_on == TODAY


def test_employer_feedback_counts_as_a_contact_that_reached_them(coach, rosa, opening, acme):
    # given one call that went unanswered
    from workbridge.employers.queries import employer_health
    from workbridge.employers.services import interaction_log

    interaction_log(by=coach, employers=[acme], kind="call", occurred_on=TODAY, outcome="no_answer")
    referral = referral_create(participant=rosa, opening=opening, by=coach, status=S.REFERRED)
    # when the employer's feedback on a referral is logged
    referral_move(
        referral=referral,
        to_status=S.INTERVIEWING,
        by=coach,
        on=TODAY,
        employer_feedback="Strong resume; interview Tuesday",
        feedback_kind="email",
    )
    # then the feedback is a contact that reached someone: one of two, not none of two
    assert referral.steps.last().interaction.outcome == "reached"
    health = employer_health(acme, today=TODAY)
    responsiveness = next(r for r in health.reasons if r.key == "responsiveness")
    assert (responsiveness.value, responsiveness.points) == (0.5, 8)


def test_a_hire_records_the_placement_with_the_openings_terms_and_four_checks(
    coach, manager, rosa, opening, acme
):
    # given an offer; the hire is recorded by the manager, Rosa is Alice's participant
    referral = referral_create(
        participant=rosa, opening=opening, by=coach, status=S.REFERRED, on=date(2026, 10, 15)
    )
    referral = _walk(referral, coach, S.OFFERED, on=date(2026, 10, 20))

    # when
    referral_move(
        referral=referral,
        to_status=S.HIRED,
        by=manager,
        on=date(2026, 10, 25),
        hire={"started_on": date(2026, 11, 2), "prior_hourly_wage": Decimal("15.00")},
    )

    # then
    placement = Placement.objects.get()
    assert placement.referral == referral
    assert (placement.participant, placement.employer, placement.opening) == (rosa, acme, opening)
    assert placement.job_title == "Line cook"
    assert placement.started_on == date(2026, 11, 2)
    assert (placement.hourly_wage, placement.hours_per_week) == (Decimal("19.50"), 32)
    assert (placement.health_insurance, placement.paid_leave, placement.retirement) == (
        True,
        True,
        False,
    )
    assert placement.prior_hourly_wage == Decimal("15.00")
    checks = list(
        RetentionCheck.objects.filter(placement=placement).values_list(
            "checkpoint", "due_on", "done_on", "still_employed", "owner__username"
        )
    )
    assert checks == [
        (30, date(2026, 12, 2), None, "unknown", "alice"),
        (90, date(2027, 1, 31), None, "unknown", "alice"),
        (180, date(2027, 5, 1), None, "unknown", "alice"),
        (365, date(2027, 11, 2), None, "unknown", "alice"),
    ]
    assert AuditEvent.objects.filter(
        object_type="placements.placement", object_id=str(placement.pk), action="create"
    ).exists()


def test_a_hire_without_a_start_date_starts_on_the_step_date_and_keeps_given_terms(
    coach, rosa, opening
):
    referral = referral_create(participant=rosa, opening=opening, by=coach, status=S.REFERRED)
    referral = _walk(referral, coach, S.OFFERED)

    referral_move(
        referral=referral,
        to_status=S.HIRED,
        by=coach,
        on=TODAY,
        hire={"hourly_wage": Decimal("21.00"), "hours_per_week": 40, "health_insurance": False},
    )

    placement = Placement.objects.get()
    assert placement.started_on == TODAY
    assert (placement.hourly_wage, placement.hours_per_week) == (Decimal("21.00"), 40)
    assert (placement.health_insurance, placement.paid_leave) == (False, True)


def test_the_opening_is_filled_when_its_positions_are_hired(coach, rosa, jon, opening):
    for person in (rosa, jon):
        referral = referral_create(participant=person, opening=opening, by=coach, status="referred")
        _walk(referral, coach, S.OFFERED, S.HIRED)
        opening.refresh_from_db()

    assert opening.status == OpeningStatus.FILLED
    assert Placement.objects.filter(opening=opening).count() == 2


def test_the_first_hire_of_two_positions_leaves_the_opening_open(coach, rosa, opening):
    referral = referral_create(participant=rosa, opening=opening, by=coach, status="referred")
    _walk(referral, coach, S.OFFERED, S.HIRED)

    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN
