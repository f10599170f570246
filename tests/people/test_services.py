"""Participant services: enrolment, edits, demographics, readiness, milestones, contacts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people import defaults
from workbridge.people.models import (
    Assessment,
    CaseNote,
    Demographics,
    Milestone,
    Participant,
)
from workbridge.people.services import (
    assessment_record,
    case_note_record,
    child_record_delete,
    instrument_for,
    milestone_set_done,
    participant_enroll,
    participant_record_demographics,
    participant_update,
    readiness_score,
)

ENROLLED = date(2026, 1, 5)
EXIT = date(2026, 7, 1)


def intake(**overrides):
    data = {
        "first_name": "Rosa",
        "last_name": "Alvarez",
        "zip_code": "60623",
        "enrolled_on": ENROLLED,
        "planned_exit_on": EXIT,
    }
    data.update(overrides)
    return data


@pytest.fixture
def rosa(coach):
    return participant_enroll(by=coach, data=intake(assigned_to=coach))


# participant_enroll ------------------------------------------------------------------


def test_it_enrols_a_participant_in_the_enrollers_organisation(coach, southside):
    participant = participant_enroll(by=coach, data=intake(assigned_to=coach))
    assert participant.organisation == southside
    assert (participant.first_name, participant.last_name) == ("Rosa", "Alvarez")
    assert participant.assigned_to == coach


def test_it_finds_the_community_area_from_the_zip_code(coach):
    participant = participant_enroll(by=coach, data=intake(zip_code="60623"))
    assert participant.community_area_id == 30
    assert participant.community_area.name == "South Lawndale"


def test_it_leaves_the_community_area_empty_for_a_zip_outside_chicago(coach):
    participant = participant_enroll(by=coach, data=intake(zip_code="60201"))  # Evanston
    assert participant.community_area_id is None


def test_it_plans_the_default_milestones_backwards_from_the_planned_exit(coach):
    # when
    participant = participant_enroll(by=coach, data=intake())
    # then one milestone per default step, due that many days before the exit
    planned = list(participant.milestones.order_by("due_on").values_list("title", "due_on"))
    assert planned == [
        (title, EXIT - timedelta(days=days)) for title, days in defaults.MILESTONE_STEPS
    ]
    assert planned[0] == (
        "Career goal set and first readiness assessment done",
        date(2026, 3, 3),
    )
    assert planned[-1] == ("Started permanent job", EXIT)
    assert participant.next_milestone_due_on == date(2026, 3, 3)
    assert not participant.milestones.filter(done_on__isnull=False).exists()


def test_it_audits_the_enrolment_with_the_fields_set(coach):
    # when
    participant = participant_enroll(by=coach, data=intake(assigned_to=coach, phone="773-555-0100"))
    # then one CREATE event names every field that was set
    events = list(AuditEvent.objects.all())
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "people.participant",
        str(participant.pk),
    )
    assert event.actor == coach
    assert event.organisation == coach.membership.organisation
    assert event.fields == [
        "assigned_to",
        "community_area",
        "enrolled_on",
        "first_name",
        "last_name",
        "phone",
        "planned_exit_on",
        "zip_code",
    ]


def test_it_records_demographics_given_at_intake(coach):
    participant = participant_enroll(
        by=coach, data=intake(), demographics={"race_ethnicity": ["black"], "sex": "female"}
    )
    record = Demographics.objects.get(participant=participant)
    assert record.eeo_category == "black"
    assert AuditEvent.objects.filter(object_type="people.demographics").count() == 1


def test_it_refuses_an_assignee_from_another_organisation(coach, other_coach):
    with pytest.raises(ValidationError) as raised:
        participant_enroll(by=coach, data=intake(assigned_to=other_coach))
    assert "assigned_to" in raised.value.message_dict
    assert Participant.objects.count() == 0
    assert Milestone.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_refuses_an_assignee_who_does_no_casework(coach, employer_user):
    with pytest.raises(ValidationError):
        participant_enroll(by=coach, data=intake(assigned_to=employer_user))
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("persona", ["analyst", "employer_user"])
def test_it_refuses_enrolment_by_a_role_that_does_no_casework(persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        participant_enroll(by=user, data=intake())
    assert Participant.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_it_refuses_an_exit_before_the_enrolment(coach):
    with pytest.raises(ValidationError):
        participant_enroll(by=coach, data=intake(planned_exit_on=ENROLLED - timedelta(days=1)))
    assert Participant.objects.count() == 0


# participant_update ----------------------------------------------------------------


def test_it_changes_and_audits_only_the_fields_that_changed(coach, rosa):
    # given
    before = AuditEvent.objects.count()
    # when the same first name and a new phone are submitted
    changed = participant_update(
        participant=rosa, by=coach, data={"first_name": "Rosa", "phone": "773-555-0199"}
    )
    # then
    assert changed == ["phone"]
    rosa.refresh_from_db()
    assert rosa.phone == "773-555-0199"
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.fields) == ("update", ["phone"])


def test_it_writes_nothing_when_nothing_changed(coach, rosa):
    before = AuditEvent.objects.count()
    changed = participant_update(
        participant=rosa, by=coach, data={"first_name": "Rosa", "last_name": "Alvarez"}
    )
    assert changed == []
    assert AuditEvent.objects.count() == before


def test_it_finds_the_new_community_area_when_the_zip_changes(coach, rosa):
    changed = participant_update(participant=rosa, by=coach, data={"zip_code": "60637"})
    assert changed == ["zip_code", "community_area"]
    rosa.refresh_from_db()
    assert rosa.community_area_id == 42  # Woodlawn


def test_it_replans_open_milestones_when_the_exit_moves(coach, rosa):
    # given the first milestone is done
    first = rosa.milestones.order_by("due_on").first()
    milestone_set_done(milestone=first, by=coach, done_on=date(2026, 3, 1))
    new_exit = EXIT + timedelta(days=30)
    # when the planned exit moves a month later
    changed = participant_update(participant=rosa, by=coach, data={"planned_exit_on": new_exit})
    # then the done milestone keeps its date and the others follow the new exit
    assert changed == ["planned_exit_on"]
    rosa.refresh_from_db()
    rows = list(rosa.milestones.order_by("due_on").values_list("title", "due_on", "done_on"))
    assert rows == [
        (first.title, first.due_on, date(2026, 3, 1)),
        *[
            (title, new_exit - timedelta(days=days), None)
            for title, days in defaults.MILESTONE_STEPS[1:]
        ],
    ]
    assert rosa.next_milestone_due_on == new_exit - timedelta(days=90)


def test_it_keeps_the_milestones_when_the_exit_does_not_move(coach, rosa):
    ids = set(rosa.milestones.values_list("id", flat=True))
    participant_update(participant=rosa, by=coach, data={"phone": "773-555-0101"})
    assert set(rosa.milestones.values_list("id", flat=True)) == ids


def test_it_refuses_an_edit_by_another_organisation(other_coach, rosa):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        participant_update(participant=rosa, by=other_coach, data={"phone": "000"})
    rosa.refresh_from_db()
    assert rosa.phone == ""
    assert AuditEvent.objects.count() == before


def test_it_refuses_to_reassign_to_another_organisations_staff(coach, other_coach, rosa):
    with pytest.raises(ValidationError) as raised:
        participant_update(participant=rosa, by=coach, data={"assigned_to": other_coach})
    assert "assigned_to" in raised.value.message_dict
    rosa.refresh_from_db()
    assert rosa.assigned_to == coach


def test_it_refuses_an_unknown_field(coach, rosa):
    with pytest.raises(ValueError, match="Not a participant field: organisation"):
        participant_update(participant=rosa, by=coach, data={"organisation": None})


# participant_record_demographics ---------------------------------------------------


def test_it_derives_the_eeo_category_from_the_answers(manager, rosa):
    record = participant_record_demographics(
        participant=rosa, by=manager, data={"race_ethnicity": ["hispanic", "black"]}
    )
    assert record.eeo_category == "hispanic"


def test_it_ignores_the_detail_text_when_deriving_the_category(manager, rosa):
    record = participant_record_demographics(
        participant=rosa,
        by=manager,
        data={"race_ethnicity": ["black"], "race_ethnicity_detail": "Hispanic, Somali"},
    )
    assert record.eeo_category == "black"
    assert record.race_ethnicity_detail == "Hispanic, Somali"


def test_it_clears_the_races_of_someone_who_prefers_not_to_say(manager, rosa):
    record = participant_record_demographics(
        participant=rosa,
        by=manager,
        data={"race_ethnicity": ["white"], "race_prefer_not": True},
    )
    record.refresh_from_db()
    assert record.race_ethnicity == []
    assert record.eeo_category == "not_disclosed"


def test_it_reports_no_answer_as_not_disclosed(manager, rosa):
    record = participant_record_demographics(participant=rosa, by=manager, data={"sex": "male"})
    assert record.eeo_category == "not_disclosed"


def test_it_recomputes_the_category_when_the_answers_change(manager, rosa):
    participant_record_demographics(participant=rosa, by=manager, data={"race_ethnicity": ["mena"]})
    record = participant_record_demographics(
        participant=rosa, by=manager, data={"race_ethnicity": ["mena", "asian"]}
    )
    assert record.eeo_category == "two_or_more"
    assert Demographics.objects.filter(participant=rosa).count() == 1


def test_it_audits_demographic_answers_without_their_values(manager, rosa):
    # when answers are recorded, then recorded again unchanged
    participant_record_demographics(
        participant=rosa, by=manager, data={"race_ethnicity": ["asian"], "veteran": "no"}
    )
    participant_record_demographics(
        participant=rosa, by=manager, data={"race_ethnicity": ["asian"], "veteran": "no"}
    )
    # then one CREATE event names the fields (never the answers)
    events = list(AuditEvent.objects.filter(object_type="people.demographics"))
    assert len(events) == 1
    assert (events[0].action, events[0].object_id, events[0].fields) == (
        "create",
        str(rosa.pk),
        ["race_ethnicity", "veteran"],
    )
    assert "asian" not in events[0].object_repr + events[0].detail


def test_it_refuses_an_unknown_race_category(manager, rosa):
    with pytest.raises(ValidationError) as raised:
        participant_record_demographics(
            participant=rosa, by=manager, data={"race_ethnicity": ["latinx"]}
        )
    assert "race_ethnicity" in raised.value.message_dict
    assert not Demographics.objects.filter(participant=rosa).exists()


def test_it_refuses_demographics_from_another_organisation(other_coach, rosa):
    with pytest.raises(PermissionDenied):
        participant_record_demographics(
            participant=rosa, by=other_coach, data={"race_ethnicity": ["white"]}
        )
    assert not Demographics.objects.filter(participant=rosa).exists()


# readiness_score and assessment_record -----------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([(4, False)] * 8, Decimal("100.0")),
        ([(0, False)] * 8, Decimal("0.0")),
        # A reverse-scored item turns round: strong agreement (4) counts 0, 0 counts 4.
        ([(4, True)], Decimal("0.0")),
        ([(0, True)], Decimal("100.0")),
        ([(2, True), (2, False)], Decimal("50.0")),
        # 1 + 2 + 2 = 5 of 12 points
        ([(1, False), (2, False), (2, False)], Decimal("41.7")),
        # the default questionnaire, item 2 reverse scored: 3+(4-1)+2+4+0+3+2+1 = 18 of 32
        (
            [
                (3, False),
                (1, True),
                (2, False),
                (4, False),
                (0, False),
                (3, False),
                (2, False),
                (1, False),
            ],
            Decimal("56.3"),  # 56.25 rounds half up
        ),
        ([(1, False)] + [(0, False)] * 7, Decimal("3.1")),  # 3.125
    ],
)
def test_it_scores_readiness_from_0_to_100(answers, expected):
    score = readiness_score(answers)
    assert score == expected
    assert str(score) == str(expected)


def test_it_refuses_to_score_no_answers():
    with pytest.raises(ValueError, match="at least one answer"):
        readiness_score([])


def test_it_records_an_assessment_with_the_default_questionnaire(coach, rosa):
    # given the default questionnaire, whose second question is reverse scored
    items = list(instrument_for(coach.membership.organisation).items.order_by("position"))
    assert [item.reverse_scored for item in items] == [r for _, _, r in defaults.INSTRUMENT_ITEMS]
    values = [3, 1, 2, 4, 0, 3, 2, 1]
    # when
    assessment = assessment_record(
        participant=rosa,
        by=coach,
        taken_on=date(2026, 2, 2),
        answers={item.pk: v for item, v in zip(items, values, strict=True)},
    )
    # then
    assert assessment.score == Decimal("56.3")
    assert assessment.answers.count() == 8
    rosa.refresh_from_db()
    assert rosa.last_assessed_on == date(2026, 2, 2)
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_type, event.fields) == (
        "create",
        "people.assessment",
        ["answers", "notes", "score"],
    )


def test_it_keeps_the_latest_assessment_date_when_an_older_one_is_added(coach, rosa):
    items = list(instrument_for(coach.membership.organisation).items.all())
    answers = {item.pk: 2 for item in items}
    assessment_record(participant=rosa, by=coach, taken_on=date(2026, 3, 1), answers=answers)
    assessment_record(participant=rosa, by=coach, taken_on=date(2026, 2, 1), answers=answers)
    rosa.refresh_from_db()
    assert rosa.last_assessed_on == date(2026, 3, 1)


def test_it_refuses_an_assessment_with_a_missing_or_out_of_range_answer(coach, rosa):
    # given
    items = list(instrument_for(coach.membership.organisation).items.all())
    answers = {item.pk: 2 for item in items[1:]}
    answers[items[1].pk] = 5
    # when
    with pytest.raises(ValidationError) as raised:
        assessment_record(participant=rosa, by=coach, taken_on=date(2026, 2, 2), answers=answers)
    # then each bad answer is named and nothing was stored
    assert set(raised.value.message_dict) == {f"item_{items[0].pk}", f"item_{items[1].pk}"}
    assert Assessment.objects.count() == 0
    rosa.refresh_from_db()
    assert rosa.last_assessed_on is None


# milestone_set_done ----------------------------------------------------------------


def test_it_moves_the_next_milestone_due_when_one_is_done(coach, rosa):
    # given
    first, second = rosa.milestones.order_by("due_on")[:2]
    # when the first is done
    milestone_set_done(milestone=first, by=coach, done_on=date(2026, 3, 2))
    # then the next due is the second's date
    rosa.refresh_from_db()
    assert rosa.next_milestone_due_on == second.due_on
    first.refresh_from_db()
    assert first.done_on == date(2026, 3, 2)
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_type, event.fields) == (
        "update",
        "people.milestone",
        ["done_on"],
    )


def test_it_brings_the_next_milestone_back_when_one_is_undone(coach, rosa):
    first = rosa.milestones.order_by("due_on").first()
    milestone_set_done(milestone=first, by=coach, done_on=date(2026, 3, 2))
    milestone_set_done(milestone=first, by=coach, done_on=None)
    rosa.refresh_from_db()
    assert rosa.next_milestone_due_on == first.due_on


def test_it_clears_the_next_milestone_when_all_are_done(coach, rosa):
    for milestone in rosa.milestones.all():
        milestone_set_done(milestone=milestone, by=coach, done_on=date(2026, 6, 30))
    rosa.refresh_from_db()
    assert rosa.next_milestone_due_on is None


def test_it_refuses_to_tick_another_organisations_milestone(other_coach, rosa):
    first = rosa.milestones.order_by("due_on").first()
    with pytest.raises(PermissionDenied):
        milestone_set_done(milestone=first, by=other_coach, done_on=date(2026, 3, 2))
    first.refresh_from_db()
    assert first.done_on is None


# case_note_record --------------------------------------------------------------------


def test_it_records_the_last_contact_date_from_a_case_note(coach, rosa):
    note = case_note_record(
        participant=rosa, by=coach, contact_on=date(2026, 2, 10), method="phone", note="Called"
    )
    rosa.refresh_from_db()
    assert rosa.last_contact_on == date(2026, 2, 10)
    assert note.author == coach
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_type, event.detail) == (
        "create",
        "people.casenote",
        f"participant {rosa.pk}",
    )


def test_it_keeps_the_latest_contact_when_an_older_note_is_added(coach, rosa):
    case_note_record(
        participant=rosa, by=coach, contact_on=date(2026, 2, 10), method="phone", note="Called"
    )
    case_note_record(
        participant=rosa, by=coach, contact_on=date(2026, 1, 20), method="email", note="Wrote"
    )
    rosa.refresh_from_db()
    assert rosa.last_contact_on == date(2026, 2, 10)


def test_it_falls_back_to_the_previous_contact_when_the_latest_note_is_removed(coach, rosa):
    case_note_record(
        participant=rosa, by=coach, contact_on=date(2026, 1, 20), method="email", note="Wrote"
    )
    latest = case_note_record(
        participant=rosa, by=coach, contact_on=date(2026, 2, 10), method="phone", note="Called"
    )
    child_record_delete(row=latest, by=coach)
    rosa.refresh_from_db()
    assert rosa.last_contact_on == date(2026, 1, 20)


def test_it_refuses_a_case_note_from_another_organisation(other_coach, rosa):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        case_note_record(
            participant=rosa, by=other_coach, contact_on=date(2026, 2, 10), method="phone", note="x"
        )
    assert CaseNote.objects.count() == 0
    rosa.refresh_from_db()
    assert rosa.last_contact_on is None
    assert AuditEvent.objects.count() == before


def test_it_refuses_a_case_note_by_an_analyst(analyst, southside):
    participant = ParticipantFactory(organisation=southside)
    with pytest.raises(PermissionDenied):
        case_note_record(
            participant=participant,
            by=analyst,
            contact_on=date(2026, 2, 10),
            method="phone",
            note="x",
        )
    assert CaseNote.objects.count() == 0
