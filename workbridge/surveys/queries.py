"""Reads for surveys: who may run which survey, and the objects scoped to them.

HR surveys (employee, candidate, exit, training, pilot) are run by the equity analyst,
program directors and administrators; participant and employer-partner satisfaction by
program staff, directors and administrators. Nobody sees another organisation's surveys.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.queries import membership_of
from workbridge.surveys.models import (
    HR_KINDS,
    PROGRAM_KINDS,
    Invitation,
    Question,
    SendRun,
    Survey,
    SurveyVersion,
    Wave,
)

KINDS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.ADMIN: HR_KINDS | PROGRAM_KINDS,
    Role.MANAGER: HR_KINDS | PROGRAM_KINDS,
    Role.ANALYST: HR_KINDS,
    Role.STAFF: PROGRAM_KINDS,
}


def survey_kinds_for(user) -> frozenset[str]:
    """The kinds of survey a user may run; empty for everyone else."""
    membership = membership_of(user)
    if membership is None:
        return frozenset()
    return KINDS_BY_ROLE.get(membership.role, frozenset())


def user_runs_surveys(user) -> bool:
    """Whether the user may run any kind of survey."""
    return bool(survey_kinds_for(user))


def require_surveys(user) -> Organisation:
    """The user's organisation when they may run some kind of survey; 403 otherwise."""
    if not survey_kinds_for(user):
        raise PermissionDenied
    return user.membership.organisation


def surveys_visible_to(user, *, text: str = "", kind: str = "") -> QuerySet[Survey]:
    """The user's organisation's surveys of the kinds they run, with their wave counts."""
    kinds = survey_kinds_for(user)
    if not kinds:
        return Survey.objects.none()
    found = Survey.objects.filter(
        organisation_id=user.membership.organisation_id, kind__in=kinds
    ).annotate(wave_count=Count("waves", distinct=True))
    if text:
        found = found.filter(Q(title__icontains=text) | Q(title_es__icontains=text))
    if kind:
        found = found.filter(kind=kind)
    return found


def survey_get_for(user, pk: int) -> Survey:
    """One survey the user may run; 403 without the role, 404 for anything else."""
    require_surveys(user)
    return get_object_or_404(surveys_visible_to(user), pk=pk)


def wave_get_for(user, pk: int) -> Wave:
    """One wave of a survey the user runs, with its survey and version; 404 otherwise."""
    require_surveys(user)
    return get_object_or_404(
        Wave.objects.select_related("survey", "version"),
        pk=pk,
        survey__in=surveys_visible_to(user),
    )


def question_get_for(user, survey: Survey, pk: int) -> Question:
    """One question of one of the survey's versions; 403 for a user who runs no surveys."""
    require_surveys(user)
    return get_object_or_404(Question, pk=pk, version__survey=survey)


def version_current(survey: Survey) -> SurveyVersion:
    """The newest version: the draft being edited, or the last published one."""
    return survey.versions.order_by("-number").first()  # type: ignore[return-value]


def version_published_latest(survey: Survey) -> SurveyVersion | None:
    """The survey's last published version, or None while it has none."""
    return survey.versions.filter(status="published").order_by("-number").first()


def questions_of(version: SurveyVersion) -> list[Question]:
    """A version's questions with their options, in order (two queries)."""
    return list(
        version.questions.select_related("show_if_question")
        .prefetch_related("options", "show_if_question__options")
        .all()
    )


def invitation_by_token(raw: str) -> Invitation | None:
    """The invitation a link's token belongs to, or None."""
    if not raw or len(raw) > 100:
        return None
    return (
        Invitation.objects.select_related("wave", "wave__survey", "wave__version")
        .filter(digest=Invitation.digest_of(raw))
        .first()
    )


def small_cell_threshold(organisation: Organisation) -> int:
    """The organisation's smallest published count (the equity settings' figure), read
    without writing (10 until the settings are saved)."""
    from workbridge.equity.models import EquitySettings

    found = (
        EquitySettings.objects.filter(organisation=organisation)
        .values_list("small_cell_threshold", flat=True)
        .first()
    )
    return int(found) if found else 10


def latest_run(wave: Wave) -> SendRun | None:
    """The wave's newest sending of links or reminders, if any."""
    return wave.send_runs.order_by("-created_at", "-pk").first()
