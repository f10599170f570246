"""Training: rosters, and the share of this year's interviewers who completed the course."""

from django.urls import reverse
from django.utils import timezone

from workbridge.equity.models import Requisition
from workbridge.interviews.models import Panel, PanelMember, Rubric
from workbridge.surveys.models import Attendance, Course, TrainingSession


def seat(organisation, *users):
    requisition = Requisition.objects.create(
        organisation=organisation,
        external_id=f"R-{len(users)}-{users[0].pk}",
        department="Water",
        job_title="Engineer",
        year=2026,
    )
    rubric = Rubric.objects.create(organisation=organisation, name="R", job_title="Engineer")
    panel = Panel.objects.create(
        organisation=organisation, requisition=requisition, rubric=rubric, name="P"
    )
    for user in users:
        PanelMember.objects.create(panel=panel, user=user)


def test_it_measures_interviewers_who_completed_the_course(
    client, southside, analyst, coach, manager, admin_user
):
    # given three interviewers this year, one of whom completed the course
    seat(southside, coach, manager, admin_user)
    course = Course.objects.create(
        organisation=southside, name="Interview training", target_share=75
    )
    session = TrainingSession.objects.create(course=course, held_on=timezone.localdate())
    client.force_login(analyst)
    # when the coach is recorded as completed and the manager as attended only
    client.post(
        reverse("surveys:roster", args=[course.pk, session.pk]),
        {"users": [coach.pk], "attended": "on", "completed": "on"},
    )
    client.post(
        reverse("surveys:roster", args=[course.pk, session.pk]),
        {"users": [manager.pk], "attended": "on"},
    )
    page = client.get(reverse("surveys:course", args=[course.pk]))
    # then
    assert sorted(Attendance.objects.values_list("user__username", "attended", "completed")) == [
        ("alice", True, True),
        ("maria", True, False),
    ]
    text = page.text
    assert '<dt>Sat on interview panels</dt><dd class="num">3</dd>' in text
    assert '<dt>Completed the course</dt><dd class="num">1</dd>' in text
    assert "33%" in text


def test_it_refuses_training_pages_to_program_staff(client, southside, coach):
    course = Course.objects.create(organisation=southside, name="Interview training")
    client.force_login(coach)
    assert client.get(reverse("surveys:course", args=[course.pk])).status_code == 403
    assert (
        client.post(reverse("surveys:courses"), {"name": "X", "target_share": "50"}).status_code
        == 403
    )
    assert Course.objects.count() == 1


def test_it_creates_a_course_with_its_evaluation_survey(client, southside, analyst):
    from tests.surveys.conftest import make_survey
    from workbridge.surveys.models import SurveyKind

    evaluation = make_survey(southside, analyst, kind=SurveyKind.TRAINING_EVALUATION)
    client.force_login(analyst)
    response = client.post(
        reverse("surveys:courses"),
        {
            "name": "Unconscious-bias training",
            "evaluation": evaluation.pk,
            "for_interviewers": "on",
            "target_share": "90",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert (course.name, course.evaluation, course.target_share) == (
        "Unconscious-bias training",
        evaluation,
        90,
    )
    assert client.get(reverse("surveys:course", args=[course.pk])).status_code == 200
