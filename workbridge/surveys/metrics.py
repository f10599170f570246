"""The measures surveys and training offer to plans and reports, registered by key.

Each measure takes the organisation and its parameters and gives a share from 0 to 1, or
None when there is nothing to measure yet (no wave, or too few responses to show).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.surveys.models import Course, Survey, Wave
from workbridge.surveys.results import wave_results
from workbridge.surveys.training import course_completion


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any
    parameters: tuple[str, ...]
    compute: Callable[..., float | None]


def _latest_wave(organisation: Organisation, survey_id: int) -> Wave | None:
    survey = Survey.objects.filter(organisation=organisation, pk=survey_id).first()
    if survey is None:
        return None
    return (
        survey.waves.select_related("version", "organisation").order_by("-opens_on", "-pk").first()
    )


def response_rate(organisation: Organisation, *, survey_id: int) -> float | None:
    """The latest wave's response rate."""
    wave = _latest_wave(organisation, survey_id)
    return wave_results(wave).rate.rate if wave else None


def share_at_least(
    organisation: Organisation, *, survey_id: int, question_key: str, level: int
) -> float | None:
    """The share of the latest wave's answers to a question at or above a level
    (after reverse scoring); None when the wave has too few responses to show."""
    wave = _latest_wave(organisation, survey_id)
    if wave is None:
        return None
    found = wave_results(wave)
    for group in found.groups[:1]:
        for q in group.questions:
            if q.question.key == question_key and q.scale is not None and q.scale.n:
                return sum(n for value, n in q.scale.counts if value >= level) / q.scale.n
    return None


def completion_share(organisation: Organisation, *, course_id: int, year: int) -> float | None:
    """The share of the year's interviewers who completed a course."""
    course = Course.objects.filter(organisation=organisation, pk=course_id).first()
    return course_completion(course, year).rate if course else None


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("surveys.response_rate", _("Survey response rate"), ("survey_id",), response_rate),
        Metric(
            "surveys.share_at_least",
            _("Share answering at least a level"),
            ("survey_id", "question_key", "level"),
            share_at_least,
        ),
        Metric(
            "training.completion_share",
            _("Share of interviewers who completed a course"),
            ("course_id", "year"),
            completion_share,
        ),
    )
}
