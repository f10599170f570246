"""Training: courses, sessions, rosters and completion of a role against its target.

The role measured is the people who sat on interview panels in a year: the share of them
who completed the course (on any session up to the end of that year).
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core.surveys import ResponseRate, completion_share
from workbridge.equity.access import require_equity
from workbridge.surveys.models import Attendance, Course, TrainingSession


def courses_visible_to(user) -> QuerySet[Course]:
    organisation = require_equity(user)
    return Course.objects.filter(organisation=organisation).select_related("evaluation")


def course_get_for(user, pk: int) -> Course:
    return get_object_or_404(courses_visible_to(user), pk=pk)


@transaction.atomic
def course_create(*, organisation: Organisation, data: dict, by: User) -> Course:
    """A new course; its evaluation survey must be the organisation's."""
    evaluation = data.get("evaluation")
    if evaluation is not None and evaluation.organisation_id != organisation.pk:
        raise ValueError("another organisation's survey")
    course = Course.objects.create(organisation=organisation, **data)
    audit_record(actor=by, action=AuditAction.CREATE, obj=course)
    return course


@transaction.atomic
def training_session_add(*, course: Course, held_on: date, place: str, by: User) -> TrainingSession:
    session = TrainingSession.objects.create(course=course, held_on=held_on, place=place)
    audit_record(actor=by, action=AuditAction.CREATE, obj=course, detail=f"session {held_on}")
    return session


@transaction.atomic
def roster_record(
    *,
    session: TrainingSession,
    users: Iterable[User],
    attended: bool,
    completed: bool,
    by: User,
) -> int:
    """Put people on a session's roster (or update them) as attended and completed."""
    organisation_id = session.course.organisation_id
    count = 0
    for person in users:
        if person.membership.organisation_id != organisation_id:
            raise ValueError("a person of another organisation")
        Attendance.objects.update_or_create(
            session=session,
            user=person,
            defaults={"attended": attended or completed, "completed": completed},
        )
        count += 1
    audit_record(
        actor=by, action=AuditAction.UPDATE, obj=session.course, detail=f"roster {count} people"
    )
    return count


def interviewers_in(organisation: Organisation, year: int) -> set[int]:
    """Users who sat on one of the organisation's interview panels made in that year."""
    from workbridge.interviews.models import PanelMember

    return set(
        PanelMember.objects.filter(
            panel__organisation=organisation, panel__created_at__year=year
        ).values_list("user_id", flat=True)
    )


def course_completion(course: Course, year: int) -> ResponseRate:
    """The share of the year's interviewers who completed the course by the year's end."""
    eligible = interviewers_in(course.organisation, year)
    done = set(
        Attendance.objects.filter(
            session__course=course,
            completed=True,
            user_id__in=eligible,
            session__held_on__lte=date(year, 12, 31),
        ).values_list("user_id", flat=True)
    )
    return completion_share(
        eligible=len(eligible), completed=len(done), target=course.target_share / 100
    )
