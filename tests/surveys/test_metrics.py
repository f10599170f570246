"""The measures offered to the plan tracker: response rate, share at least a level,
completion share of a role."""

from django.utils import timezone

from tests.surveys.test_results import respond
from tests.surveys.test_training import seat
from workbridge.surveys.models import Attendance, Course, TrainingSession
from workbridge.web.metrics import get, registry


def test_it_measures_the_latest_waves_response_rate_and_share(wave, analyst, southside):
    # given 10 answers (1,2,2,3,4,4,4,5,5,5) from 10 people invited
    respond(wave, analyst, "Water", [1, 2, 2, 3, 4, 4, 4, 5, 5, 5])
    survey_id = wave.survey.pk
    # then
    assert get("surveys.response_rate").compute(southside, survey_id=survey_id) == 1.0
    share = get("surveys.share_at_least").compute
    assert share(southside, survey_id=survey_id, question_key="satisfied", level=4) == 0.6
    assert share(southside, survey_id=survey_id, question_key="satisfied", level=5) == 0.3


def test_it_gives_no_share_while_too_few_have_answered(wave, analyst, southside):
    respond(wave, analyst, "Water", [5, 5])
    share = get("surveys.share_at_least").compute
    assert share(southside, survey_id=wave.survey.pk, question_key="satisfied", level=4) is None


def test_it_measures_the_completion_share_of_interviewers(southside, coach, manager):
    seat(southside, coach, manager)
    course = Course.objects.create(organisation=southside, name="Interview training")
    session = TrainingSession.objects.create(course=course, held_on=timezone.localdate())
    Attendance.objects.create(session=session, user=coach, attended=True, completed=True)
    year = timezone.localdate().year
    compute = get("training.completion_share").compute
    assert compute(southside, course_id=course.pk, year=year) == 0.5


def test_it_measures_nothing_of_another_organisation(wave, analyst, northside):
    assert get("surveys.response_rate").compute(northside, survey_id=wave.survey.pk) is None


def test_the_registry_finds_each_apps_metrics_with_their_typed_parameters():
    found = registry()
    assert {"surveys.response_rate", "surveys.share_at_least", "training.completion_share"} <= set(
        found
    )
    share = found["surveys.share_at_least"]
    assert share.unit == "share"
    assert [(p.name, p.kind) for p in share.parameters] == [
        ("survey_id", "record"),
        ("question_key", "text"),
        ("level", "int"),
    ]
