"""Readiness, milestones, notes and the other records staff keep about a participant."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.accounts.models import AuditEvent
from workbridge.people.models import (
    Assessment,
    CareerGoal,
    CaseNote,
    Milestone,
    Occupation,
    Skill,
    WorkHistory,
)
from workbridge.people.services import (
    career_goal_add,
    case_note_record,
    certification_add,
    instrument_for,
    milestones_generate,
    skill_add,
    support_record,
    work_history_add,
)
from workbridge.people.views.records import records_context

TODAY = date(2025, 3, 10)
# Answers to the default questionnaire, in order; the second question is reverse scored.
ANSWERS = [4, 1, 3, 2, 4, 0, 2, 3]


@pytest.fixture
def rosa(coach):
    return ParticipantFactory(
        organisation=coach.membership.organisation, first_name="Rosa", last_name="Alvarez"
    )


@pytest.fixture
def cook(db):
    return Occupation.objects.get_or_create(
        code="35-2014", defaults={"title": "Cooks, Restaurant", "level": "detailed"}
    )[0]


def _assessment_post(items, values, **extra):
    data = {f"item_{item.pk}": str(v) for item, v in zip(items, values, strict=False)}
    data.update({"taken_on": "2025-03-01", "notes": "Steady progress"}, **extra)
    return data


# Readiness assessment ------------------------------------------------------------------


def test_it_records_an_assessment_with_the_score_worked_out_from_the_answers(client, coach, rosa):
    # given
    items = list(instrument_for(rosa.organisation).items.filter(is_active=True))
    assert [item.reverse_scored for item in items][:2] == [False, True]
    client.force_login(coach)
    # when
    response = client.post(
        reverse("people:assessment_new", args=[rosa.pk]), _assessment_post(items, ANSWERS)
    )
    # then: (4 + (4-1) + 3 + 2 + 4 + 0 + 2 + 3) = 21 of 32 → 65.625 → 65.6
    assert response.status_code == 302
    assessment = Assessment.objects.get(participant=rosa)
    assert assessment.score == Decimal("65.6")
    assert assessment.taken_on == date(2025, 3, 1)
    assert assessment.notes == "Steady progress"
    assert sorted(assessment.answers.values_list("value", flat=True)) == sorted(ANSWERS)
    rosa.refresh_from_db()
    assert rosa.last_assessed_on == date(2025, 3, 1)


def test_it_rejects_an_assessment_with_a_missing_answer_naming_the_question(client, coach, rosa):
    # given
    items = list(instrument_for(rosa.organisation).items.filter(is_active=True))
    data = _assessment_post(items, ANSWERS)
    del data[f"item_{items[2].pk}"]
    client.force_login(coach)
    # when
    response = client.post(reverse("people:assessment_new", args=[rosa.pk]), data)
    # then
    assert response.status_code == 200
    assert "Answer “I arrive on time and ready to work”." in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Assessment.objects.exists()
    rosa.refresh_from_db()
    assert rosa.last_assessed_on is None


def test_it_shows_the_questions_in_spanish_when_the_page_is_in_spanish(client, coach, rosa):
    # given
    client.force_login(coach)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    # when
    response = client.get(reverse("people:assessment_new", args=[rosa.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "<legend>3. Llego a tiempo y listo/a para trabajar</legend>" in html
    assert "I arrive on time" not in html


def test_it_shows_each_question_as_a_radio_group_in_a_fieldset(client, coach, rosa):
    client.force_login(coach)
    response = client.get(reverse("people:assessment_new", args=[rosa.pk]))
    html = response.content.decode()
    assert html.count("<fieldset") == 8
    item = instrument_for(rosa.organisation).items.first()
    for value in range(5):
        assert f'name="item_{item.pk}" value="{value}"' in html


def test_it_refuses_assessments_to_roles_without_casework(client, analyst, rosa):
    client.force_login(analyst)
    response = client.post(reverse("people:assessment_new", args=[rosa.pk]), {})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_it_hides_other_organisations_participants(client, other_coach, rosa):
    # given
    items = list(instrument_for(rosa.organisation).items.filter(is_active=True))
    client.force_login(other_coach)
    # when
    response = client.post(
        reverse("people:assessment_new", args=[rosa.pk]), _assessment_post(items, ANSWERS)
    )
    # then
    assert response.status_code == 404
    assert not Assessment.objects.exists()


# Milestones ---------------------------------------------------------------------


@time_machine.travel(datetime(2025, 3, 10, 12, tzinfo=ZoneInfo("America/Chicago")))
def test_it_marks_a_milestone_done_and_not_done(client, coach, rosa):
    # given
    milestones_generate(participant=rosa, by=coach)
    first, second = Milestone.objects.filter(participant=rosa).order_by("due_on")[:2]
    client.force_login(coach)
    url = reverse("people:milestone", args=[rosa.pk, first.pk])
    # when
    response = client.post(url, {"done": "1"})
    # then
    assert response.status_code == 302
    first.refresh_from_db()
    rosa.refresh_from_db()
    assert first.done_on == date(2025, 3, 10)
    assert rosa.next_milestone_due_on == second.due_on
    # when
    client.post(url, {"done": "0"})
    # then
    first.refresh_from_db()
    rosa.refresh_from_db()
    assert first.done_on is None
    assert rosa.next_milestone_due_on == first.due_on


def test_it_will_not_mark_another_participants_milestone(client, coach, rosa):
    # given
    other = ParticipantFactory(organisation=rosa.organisation)
    milestones_generate(participant=other, by=coach)
    theirs = Milestone.objects.filter(participant=other).first()
    client.force_login(coach)
    # when
    response = client.post(reverse("people:milestone", args=[rosa.pk, theirs.pk]), {"done": "1"})
    # then
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_on is None


def test_it_only_changes_milestones_by_post(client, coach, rosa):
    milestones_generate(participant=rosa, by=coach)
    milestone = Milestone.objects.filter(participant=rosa).first()
    client.force_login(coach)
    response = client.get(reverse("people:milestone", args=[rosa.pk, milestone.pk]))
    assert response.status_code == 405


# Case notes, supports, goals, history, skills ------------------------------------------


def test_it_adds_a_case_note_and_updates_the_last_contact(client, coach, rosa):
    # given
    client.force_login(coach)
    # when
    response = client.post(
        reverse("people:note_new", args=[rosa.pk]),
        {"contact_on": "2025-03-04", "method": "phone", "note": "Talked about the interview."},
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[rosa.pk]) + "#notes-heading"
    note = CaseNote.objects.get(participant=rosa)
    assert (note.contact_on, note.method, note.author) == (date(2025, 3, 4), "phone", coach)
    rosa.refresh_from_db()
    assert rosa.last_contact_on == date(2025, 3, 4)


def test_it_shows_the_form_again_with_errors_when_a_note_is_empty(client, coach, rosa):
    client.force_login(coach)
    response = client.post(
        reverse("people:note_new", args=[rosa.pk]),
        {"contact_on": "2025-03-04", "method": "phone", "note": ""},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not CaseNote.objects.exists()


def test_it_adds_a_career_goal_chosen_by_code_or_title(client, coach, rosa, cook):
    client.force_login(coach)
    url = reverse("people:goal_new", args=[rosa.pk])
    assert client.post(url, {"occupation": "35-2014 Cooks, Restaurant", "is_primary": "on"})[
        "Location"
    ].endswith("#goals-heading")
    assert client.post(url, {"occupation": "cooks, restaurant"}).status_code == 302
    goals = list(CareerGoal.objects.filter(participant=rosa).order_by("id"))
    assert [(g.occupation_id, g.is_primary) for g in goals] == [
        ("35-2014", True),
        ("35-2014", False),
    ]


def test_it_rejects_a_career_goal_with_an_unknown_occupation(client, coach, rosa):
    client.force_login(coach)
    response = client.post(reverse("people:goal_new", args=[rosa.pk]), {"occupation": "99-9999"})
    assert response.status_code == 200
    assert "No SOC occupation matches" in response.content.decode()
    assert not CareerGoal.objects.exists()


def test_it_offers_occupations_in_a_datalist(client, coach, rosa, cook):
    client.force_login(coach)
    response = client.get(reverse("people:goal_new", args=[rosa.pk]))
    html = response.content.decode()
    assert 'list="occupation-list"' in html
    assert '<option value="35-2014 Cooks, Restaurant">' in html


def test_it_adds_a_job_with_how_it_ended_and_the_loss_factors(client, coach, rosa):
    client.force_login(coach)
    response = client.post(
        reverse("people:history_new", args=[rosa.pk]),
        {
            "employer_name": "Lakeside Diner",
            "job_title": "Line cook",
            "started_on": "2021-05-01",
            "ended_on": "2023-01-15",
            "hourly_wage": "16.50",
            "end_reason": "let_go",
            "loss_factors": ["transportation", "childcare"],
        },
    )
    assert response.status_code == 302
    job = WorkHistory.objects.get(participant=rosa)
    assert (job.employer_name, job.end_reason, job.hourly_wage) == (
        "Lakeside Diner",
        "let_go",
        Decimal("16.50"),
    )
    assert job.loss_factors == ["transportation", "childcare"]


def test_it_adds_supports_skills_and_certifications(client, coach, rosa):
    client.force_login(coach)
    client.post(
        reverse("people:support_new", args=[rosa.pk]),
        {"kind": "mock_interview", "given_on": "2025-03-02"},
    )
    client.post(reverse("people:skill_new", args=[rosa.pk]), {"name": "Forklift"})
    client.post(
        reverse("people:certification_new", args=[rosa.pk]),
        {"name": "ServSafe Food Handler", "earned_on": "2024-06-01"},
    )
    assert list(rosa.supports.values_list("kind", flat=True)) == ["mock_interview"]
    assert list(rosa.skills.values_list("name", flat=True)) == ["Forklift"]
    assert list(rosa.certifications.values_list("name", flat=True)) == ["ServSafe Food Handler"]


# Deleting -----------------------------------------------------------------------------


def test_it_deletes_a_participants_note_and_recomputes_the_last_contact(client, coach, rosa):
    # given
    old = case_note_record(
        participant=rosa, by=coach, contact_on=date(2025, 1, 2), method="phone", note="a"
    )
    new = case_note_record(
        participant=rosa, by=coach, contact_on=date(2025, 2, 2), method="phone", note="b"
    )
    client.force_login(coach)
    # when
    response = client.post(reverse("people:record_delete", args=[rosa.pk, "note", new.pk]))
    # then
    assert response.status_code == 302
    assert list(CaseNote.objects.values_list("pk", flat=True)) == [old.pk]
    rosa.refresh_from_db()
    assert rosa.last_contact_on == date(2025, 1, 2)
    assert AuditEvent.objects.filter(action="delete", object_id=str(new.pk)).count() == 1


def test_it_will_not_delete_another_participants_row_through_a_forged_url(client, coach, rosa):
    # given: a skill of someone else in the same organisation
    other = ParticipantFactory(organisation=rosa.organisation)
    theirs = skill_add(participant=other, by=coach, name="Welding")
    client.force_login(coach)
    # when: the URL names Rosa but the row is the other participant's
    response = client.post(reverse("people:record_delete", args=[rosa.pk, "skill", theirs.pk]))
    # then
    assert response.status_code == 404
    assert Skill.objects.filter(pk=theirs.pk).exists()
    assert not AuditEvent.objects.filter(action="delete").exists()


def test_it_will_not_delete_rows_of_another_organisation(client, other_coach, coach, rosa):
    skill = skill_add(participant=rosa, by=coach, name="Welding")
    client.force_login(other_coach)
    response = client.post(reverse("people:record_delete", args=[rosa.pk, "skill", skill.pk]))
    assert response.status_code == 404
    assert Skill.objects.filter(pk=skill.pk).exists()


def test_it_answers_404_for_an_unknown_kind_of_record(client, coach, rosa):
    skill = skill_add(participant=rosa, by=coach, name="Welding")
    client.force_login(coach)
    response = client.post(reverse("people:record_delete", args=[rosa.pk, "demographics", 1]))
    assert response.status_code == 404
    assert Skill.objects.filter(pk=skill.pk).exists()


# The participant page's records sections --------------------------------------------


def _with_records(participant, by, n: int) -> None:
    occupation = Occupation.objects.get_or_create(
        code="35-2014", defaults={"title": "Cooks, Restaurant", "level": "detailed"}
    )[0]
    for i in range(n):
        case_note_record(
            participant=participant,
            by=by,
            contact_on=date(2025, 1, 1 + i),
            method="phone",
            note=f"Called {i}",
        )
        support_record(participant=participant, by=by, kind="clothing", given_on=date(2025, 1, 2))
        career_goal_add(participant=participant, by=by, occupation=occupation)
        work_history_add(
            participant=participant,
            by=by,
            employer_name=f"Diner {i}",
            job_title="Cook",
            started_on=date(2020, 1, 1),
            ended_on=date(2021, 1, 1),
            end_reason="let_go",
            loss_factors=["transportation"],
        )
        skill_add(participant=participant, by=by, name=f"Skill {i}")
        certification_add(participant=participant, by=by, name=f"Food handler {i}")


def _render(participant, user):
    context = {"participant": participant, **records_context(participant, user, TODAY)}
    return render_to_string("people/_records.html", context)


def test_it_renders_the_records_sections_in_a_fixed_number_of_queries(coach):
    # given
    one = ParticipantFactory(organisation=coach.membership.organisation)
    many = ParticipantFactory(organisation=coach.membership.organisation)
    milestones_generate(participant=one, by=coach)
    milestones_generate(participant=many, by=coach)
    _with_records(one, coach, 1)
    _with_records(many, coach, 4)
    # when
    with CaptureQueriesContext(connection) as few:
        _render(one, coach)
    with CaptureQueriesContext(connection) as more:
        html = _render(many, coach)
    # then
    assert len(more) == len(few)
    assert "Transportation" in html
    assert "35-2014" in html
    assert "Let go" in html


def test_it_says_overdue_in_words(coach, rosa):
    Milestone.objects.create(participant=rosa, title="Resume drafted", due_on=date(2025, 3, 1))
    html = _render(rosa, coach)
    assert "Overdue" in html


def test_it_describes_the_readiness_chart_in_words(coach, rosa):
    # given
    instrument = instrument_for(rosa.organisation)
    for taken_on, score in ((date(2025, 1, 6), "40.0"), (date(2025, 2, 3), "55.5")):
        Assessment.objects.create(
            participant=rosa, instrument=instrument, taken_on=taken_on, score=score
        )
    # when
    html = _render(rosa, coach)
    # then
    assert reverse("people:readiness_chart", args=[rosa.pk]) in html
    assert (
        'alt="Line chart of the readiness score over time: 2 assessments, from 40.0 on '
        "Jan 6, 2025 to 55.5 out of 100 on Feb 3, 2025."
    ) in html
    assert "Latest readiness score: <strong>55.5</strong> out of 100" in html
