"""Readiness, milestones, notes and the other records staff keep about a participant."""

from datetime import date

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from tests.factories import ParticipantFactory
from workbridge.people.models import Occupation
from workbridge.people.services import (
    career_goal_add,
    case_note_record,
    certification_add,
    milestones_generate,
    skill_add,
    support_record,
    work_history_add,
)
from workbridge.people.views.records import records_context

TODAY = date(2025, 3, 10)


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
