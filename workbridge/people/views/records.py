"""What staff record about a participant over time: readiness, milestones, notes and more."""

from datetime import date
from typing import Any

from django.http import HttpResponse

from workbridge.people.choices import JobLossFactor
from workbridge.people.models import Participant

# How many case notes the participant page shows.
RECENT_NOTES = 10


def records_context(participant: Participant, user, today: date) -> dict[str, Any]:
    """Everything the participant page's records sections show, in a fixed number of queries."""
    assessments = list(participant.assessments.order_by("taken_on", "id"))
    milestones = list(participant.milestones.order_by("due_on", "id"))
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
    history = list(participant.work_history.select_related("occupation"))
    factor_labels = dict(JobLossFactor.choices)
    for job in history:
        job.loss_factor_labels = [factor_labels.get(f, f) for f in job.loss_factors or []]
    return {
        "latest_assessment": assessments[-1] if assessments else None,
        "assessments": assessments[::-1],
        "milestones": milestones,
        "case_notes": list(
            participant.case_notes.select_related("author").order_by("-contact_on", "-id")[
                :RECENT_NOTES
            ]
        ),
        "supports": list(participant.supports.select_related("given_by")),
        "career_goals": list(participant.career_goals.select_related("occupation")),
        "work_history": history,
        "skills": list(participant.skills.all()),
        "certifications": list(participant.certifications.all()),
    }


def assessment_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def milestone_update(request, *args, **kwargs):
    return HttpResponse(status=501)


def case_note_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def support_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def goal_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def history_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def skill_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def certification_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def record_delete(request, *args, **kwargs):
    return HttpResponse(status=501)
