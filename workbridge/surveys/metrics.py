"""The measures surveys and training offer to plans and reports, registered by key.

Each measure takes the organisation and its parameters and gives a share from 0 to 1, or
None when there is nothing to measure yet (no wave, or too few responses to show).
"""

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.surveys.models import Course, Survey, Wave
from workbridge.surveys.results import wave_results
from workbridge.surveys.training import course_completion
from workbridge.web.metrics import Parameter, metric

_SURVEY = Parameter("survey_id", "record", _("Survey"), model="surveys.Survey")


def _latest_wave(organisation: Organisation, survey_id: int) -> Wave | None:
    survey = Survey.objects.filter(organisation=organisation, pk=survey_id).first()
    if survey is None:
        return None
    return (
        survey.waves.select_related("version", "organisation").order_by("-opens_on", "-pk").first()
    )


@metric(
    "surveys.response_rate",
    label=_("Survey response rate"),
    description=_("The share of the latest wave's invitations that were answered."),
    unit="share",
    parameters=(_SURVEY,),
)
def response_rate(organisation: Organisation, *, survey_id: int) -> float | None:
    """The latest wave's response rate."""
    wave = _latest_wave(organisation, survey_id)
    return wave_results(wave, text_limit=0).rate.rate if wave else None


@metric(
    "surveys.share_at_least",
    label=_("Share answering at least a level"),
    description=_(
        "The share of the latest wave's answers to a question at or above a level, "
        "for example the share rating a training effective or highly effective."
    ),
    unit="share",
    parameters=(
        _SURVEY,
        Parameter("question_key", "text", _("Question key")),
        Parameter("level", "int", _("Lowest level counted")),
    ),
)
def share_at_least(
    organisation: Organisation, *, survey_id: int, question_key: str, level: int
) -> float | None:
    """The share of the latest wave's answers to a question at or above a level
    (after reverse scoring); None when the wave has too few responses to show."""
    wave = _latest_wave(organisation, survey_id)
    if wave is None:
        return None
    found = wave_results(wave, text_limit=0)
    for group in found.groups[:1]:
        for q in group.questions:
            if q.question.key == question_key and q.scale is not None and q.scale.n:
                return sum(n for value, n in q.scale.counts if value >= level) / q.scale.n
    return None


@metric(
    "training.completion_share",
    label=_("Share of interviewers who completed a course"),
    description=_(
        "Of the people who sat on interview panels in a year, the share who completed a course."
    ),
    unit="share",
    parameters=(
        Parameter("course_id", "record", _("Course"), model="surveys.Course"),
        Parameter("year", "year", _("Year")),
    ),
)
def completion_share(organisation: Organisation, *, course_id: int, year: int) -> float | None:
    """The share of the year's interviewers who completed a course."""
    course = Course.objects.filter(organisation=organisation, pk=course_id).first()
    return course_completion(course, year).rate if course else None
