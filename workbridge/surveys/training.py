"""Training: courses, sessions, rosters and completion of a role against its target.

The role measured is the people who sat on interview panels in a year: the share of them
who completed the course (on any session up to the end of that year).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets
from workbridge.core.spreadsheets import Column, Table, check_rows, guess_mapping, parse_bool
from workbridge.core.surveys import ResponseRate, completion_share
from workbridge.equity.access import require_equity
from workbridge.equity.reference_data import problem_text
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


# Importing a roster --------------------------------------------------------------------

ROSTER_COLUMNS = (
    Column(
        "person",
        "person",
        required=True,
        aliases=("email", "e-mail", "username", "user name", "user", "login"),
    ),
    Column("attended", "attended", parse=parse_bool, aliases=("present", "asistió")),
    Column("completed", "completed", parse=parse_bool, aliases=("complete", "completó")),
)

_ROSTER_MESSAGES = {
    "unknown_person": gettext_lazy(
        "“%(value)s” is not the e-mail address or user name of a member of the organisation."
    ),
    "repeated_person": gettext_lazy("The same person is on row %(other)s."),
}


@dataclass(frozen=True)
class RosterProblem:
    row: int
    column: str
    message: str


class RosterRefused(Exception):
    """A roster file with problems: nobody was recorded; each problem names its row."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _text(problem: spreadsheets.Problem) -> str:
    if problem.code in _ROSTER_MESSAGES:
        return str(_ROSTER_MESSAGES[problem.code]) % {"value": "", **problem.params}
    return problem_text(problem)


def roster_import(*, session: TrainingSession, table: Table, by: User) -> int:
    """Record a session's roster from a spreadsheet: a column naming each person (their
    e-mail address or user name in Workbridge) and, optionally, attended and completed
    (yes or no; attended is assumed when the column is absent, and completing implies
    attending). Every row is checked first; RosterRefused lists each problem with its
    row and column, and nobody is recorded. Returns how many people were recorded."""
    organisation = session.course.organisation
    mapping = guess_mapping(table.headers, ROSTER_COLUMNS)
    with table:
        checked = check_rows(table.headers, table, ROSTER_COLUMNS, mapping)
    problems = list(checked.problems)
    members = {
        key: pk
        for pk, email, username in User.objects.filter(
            membership__organisation=organisation, is_active=True
        )
        .annotate(email_l=Lower("email"), username_l=Lower("username"))
        .values_list("pk", "email_l", "username_l")
        for key in (email, username)
        if key
    }
    header = mapping.get("person", "person")
    rows: dict[int, tuple[int, bool, bool]] = {}
    for number, values in zip(checked.numbers, checked.rows, strict=True):
        raw = str(values["person"]).strip()
        user_id = members.get(raw.lower())
        if user_id is None:
            problems.append(spreadsheets.Problem(number, header, "unknown_person", {"value": raw}))
            continue
        if user_id in rows:
            problems.append(
                spreadsheets.Problem(number, header, "repeated_person", {"other": rows[user_id][0]})
            )
            continue
        completed = bool(values.get("completed", False))
        attended = bool(values.get("attended", True)) or completed
        rows[user_id] = (number, attended, completed)
    if not problems and not rows:
        problems.append(spreadsheets.Problem(1, "", "no_rows"))
    if problems:
        raise RosterRefused(
            [
                RosterProblem(p.row, p.column, _text(p))
                for p in sorted(problems, key=lambda p: (p.row, p.column))
            ]
        )
    with transaction.atomic():
        for user_id, (_number, attended, completed) in rows.items():
            Attendance.objects.update_or_create(
                session=session,
                user_id=user_id,
                defaults={"attended": attended, "completed": completed},
            )
        audit_record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=session.course,
            detail=f"roster imported: {len(rows)} people",
        )
    return len(rows)
