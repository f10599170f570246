"""Surveys in the API: the surveys a token's user runs, their waves and invitations, the
sending of links, and a wave's results.

Results follow the same rules as the pages: answers only once enough people have
responded, and every group smaller than the small-cell threshold hidden (its figures
are null). No endpoint returns a person's answers or who gave them.
"""

from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from workbridge.accounts.models import User
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers, field_errors, service_errors
from workbridge.api.fields import InputSchema, IsoDate, Line, path_id
from workbridge.surveys.models import SendRun, Wave
from workbridge.surveys.queries import (
    latest_run,
    survey_get_for,
    survey_kinds_for,
    surveys_visible_to,
    wave_get_for,
)
from workbridge.surveys.results import wave_results
from workbridge.surveys.sending import send_queue
from workbridge.surveys.services import (
    Invitee,
    invitations_add,
    wave_create,
)


class SurveyTokenAuth(TokenAuth):
    """A token whose user runs some kind of survey; other roles get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not survey_kinds_for(user):
            raise HttpError(403, _("Your role does not give access to surveys."))
        return user


router = Router(auth=SurveyTokenAuth(), tags=["surveys"])
WaveId = path_id("The wave's id.")
SurveyId = path_id("The survey's id.")
MAX_PEOPLE_PER_REQUEST = 10_000


class WaveOut(Schema):
    id: int
    name: str
    opens_on: str
    closes_on: str
    target_rate: float


class SurveyOut(Schema):
    id: int
    title: str
    kind: str
    anonymous: bool
    waves: list[WaveOut]


class SurveyListOut(Schema):
    items: list[SurveyOut]


class WaveIn(InputSchema):
    """A wave sends the survey's newest published version to people, each with a one-time
    link that expires after `closes_on`."""

    name: Line = Field(..., min_length=1, max_length=160, examples=["Spring 2027"])
    opens_on: IsoDate = Field(..., description="The first day the links work.")
    closes_on: IsoDate = Field(..., description="The last day the links work.")
    target_rate: int = Field(50, ge=1, le=100, description="The response-rate target, in percent.")


class PersonIn(InputSchema):
    email: Line = Field(..., max_length=254, examples=["rosa@example.org"])
    name: Line = Field("", max_length=160)
    language: Literal["en", "es"] = Field("en", description="The language of the e-mail and form.")
    department: Line = Field("", max_length=120)
    job_title: Line = Field("", max_length=160)
    group: Line = Field(
        "", max_length=60, description="A voluntary attribute the results may be read by."
    )


class InvitationsIn(InputSchema):
    """People to invite to a wave. Every address is checked first: one bad address (or
    the same address twice) gets 422 naming its position, and nobody is added. An address
    already invited to the wave is skipped."""

    people: list[PersonIn] = Field(..., min_length=1, max_length=MAX_PEOPLE_PER_REQUEST)
    send: bool = Field(
        False, description="Also queue the sending of every link of the wave not sent yet."
    )


class SendingOut(Schema):
    id: int
    kind: str
    status: str
    total: int
    sent: int
    error: str


class SendingStatusOut(Schema):
    sending: SendingOut | None = Field(
        description="The wave's newest sending; null when nothing has been sent."
    )


class InvitationsOut(Schema):
    added: int
    invited: int
    sending: SendingOut | None


class SendIn(InputSchema):
    kind: Literal["invitations", "reminders"] = Field(
        "invitations",
        description="invitations: the links not sent yet; reminders: to everyone sent a "
        "link who has not answered.",
    )


class GroupRateOut(Schema):
    department: str
    hidden: bool
    invited: int | None
    responded: int | None
    rate: float | None


class LevelOut(Schema):
    value: int
    count: int


class QuestionOut(Schema):
    key: str
    kind: str
    answered: int
    levels: list[LevelOut]
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    favourable_share: float | None


class SurveyGroupOut(Schema):
    group: str
    responses: int | None
    hidden: bool
    questions: list[QuestionOut]


class ResultsOut(Schema):
    wave: int
    version: int
    invited: int
    responded: int
    rate: float | None
    target_rate: float
    threshold: int
    shown: bool
    by_department: list[GroupRateOut]
    groups: list[SurveyGroupOut]


@router.get(
    "/surveys",
    response=answers({200: SurveyListOut}),
    operation_id="survey_list",
    url_name="surveys",
    summary="List surveys",
)
def survey_list(request: HttpRequest):
    """The surveys of your organisation of the kinds your role runs, with their waves."""
    surveys = surveys_visible_to(token_user(request)).prefetch_related("waves").order_by("pk")
    return {
        "items": [
            {
                "id": s.pk,
                "title": s.title,
                "kind": s.kind,
                "anonymous": s.anonymous,
                "waves": [_wave_out(w) for w in s.waves.all()],
            }
            for s in surveys
        ]
    }


def _wave_out(wave: Wave) -> dict:
    return {
        "id": wave.pk,
        "name": wave.name,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat(),
        "target_rate": wave.target_rate / 100,
    }


def _sending_out(run: SendRun | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "kind": run.kind,
        "status": run.status,
        "total": run.total,
        "sent": run.sent,
        "error": run.error,
    }


def _wave_for(request: HttpRequest, wave_id: int) -> Wave:
    try:
        return wave_get_for(token_user(request), wave_id)
    except Http404 as missing:
        raise HttpError(404, _("Not found.")) from missing


@router.post(
    "/surveys/{survey_id}/waves",
    response=answers({201: WaveOut}, body=True, record=True),
    operation_id="survey_wave_create",
    url_name="survey_waves",
    summary="Start a wave of a survey",
)
def survey_wave_create(request: HttpRequest, survey_id: SurveyId, payload: WaveIn):
    """A new wave of the survey's newest published version. A survey with no published
    version, or links that expire before they open, gets 422 and nothing is written."""
    user = token_user(request)
    try:
        survey = survey_get_for(user, survey_id)
    except Http404 as missing:
        raise HttpError(404, _("Not found.")) from missing
    try:
        wave = wave_create(survey=survey, by=user, **payload.dict())
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(201, _wave_out(wave))


@router.post(
    "/surveys/waves/{wave_id}/invitations",
    response=answers({201: InvitationsOut}, body=True, record=True),
    operation_id="survey_invitations_add",
    url_name="survey_invitations",
    summary="Invite people to a wave",
)
def survey_invitations_add(request: HttpRequest, wave_id: WaveId, payload: InvitationsIn):
    """Add people to a wave (each address once a wave) and, with `send`, queue the sending
    of their links; the links go out through the task worker, and `sending` reports the
    progress (poll `GET /surveys/waves/{wave_id}/sending`)."""
    user = token_user(request)
    wave = _wave_for(request, wave_id)
    errors: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for position, person in enumerate(payload.people):
        address = person.email.lower()
        try:
            validate_email(address)
        except DjangoValidationError:
            errors.setdefault("people", []).append(
                _("Person %(n)s: not an e-mail address.") % {"n": position}
            )
            continue
        if address in seen:
            errors.setdefault("people", []).append(
                _("Person %(n)s: the same address as person %(first)s.")
                % {"n": position, "first": seen[address]}
            )
        seen.setdefault(address, position)
    if errors:
        raise field_errors(errors)
    added = invitations_add(
        wave=wave,
        invitees=[
            Invitee(
                email=p.email.lower(),
                name=p.name,
                language=p.language,
                department=p.department,
                job_title=p.job_title,
                group=p.group,
            )
            for p in payload.people
        ],
        by=user,
    )
    run = None
    if payload.send:
        try:
            run = send_queue(
                wave=wave,
                kind=SendRun.Kind.INVITATIONS,
                link_base=request.build_absolute_uri("/"),
                by=user,
            )
        except DjangoValidationError as error:
            if error.code != "nobody":
                raise service_errors(error) from None
    return Status(
        201,
        {
            "added": added,
            "invited": wave.invitations.count(),
            "sending": _sending_out(run or latest_run(wave)),
        },
    )


@router.post(
    "/surveys/waves/{wave_id}/send",
    response=answers({202: SendingOut}, body=True, record=True),
    operation_id="survey_wave_send",
    url_name="survey_send",
    summary="Send a wave's links or reminders",
)
def survey_wave_send(request: HttpRequest, wave_id: WaveId, payload: SendIn):
    """Queue the sending of the links not sent yet, or of reminders. Nobody to send to, a
    sending already under way, or reminders after the wave has closed get 422."""
    wave = _wave_for(request, wave_id)
    try:
        run = send_queue(
            wave=wave,
            kind=payload.kind,
            link_base=request.build_absolute_uri("/"),
            by=token_user(request),
        )
    except DjangoValidationError as error:
        raise service_errors(error) from None
    return Status(202, _sending_out(run))


@router.get(
    "/surveys/waves/{wave_id}/sending",
    response=answers({200: SendingStatusOut}, record=True),
    operation_id="survey_wave_sending",
    url_name="survey_sending",
    summary="The progress of a wave's newest sending",
)
def survey_wave_sending(request: HttpRequest, wave_id: WaveId):
    """The newest sending of links or reminders: queued, running, done or failed, with how
    many were sent of how many; null when nothing has been sent."""
    return {"sending": _sending_out(latest_run(_wave_for(request, wave_id)))}


@router.get(
    "/surveys/waves/{wave_id}/results",
    response=answers({200: ResultsOut}, record=True),
    operation_id="survey_wave_results",
    url_name="survey_results",
    summary="A wave's response rate and results",
)
def survey_wave_results(
    request: HttpRequest,
    wave_id: WaveId,
    by: Literal["", "department", "group"] = "",
):
    """The response rate against the target, by department, and each question's answer
    counts, mean and favourable share; `by` is "", "department" or "group". Small groups
    are hidden; a wave with too few responses has no groups."""
    wave = _wave_for(request, wave_id)
    found = wave_results(wave, by=by, text_limit=0)
    return {
        "wave": wave.pk,
        "version": wave.version.number,
        "invited": found.rate.invited,
        "responded": found.rate.responded,
        "rate": found.rate.rate,
        "target_rate": wave.target_rate / 100,
        "threshold": found.threshold,
        "shown": found.shown,
        "by_department": [
            {
                "department": r.group,
                "hidden": r.hidden,
                "invited": None if r.hidden else r.invited,
                "responded": None if r.hidden else r.responded,
                "rate": r.rate,
            }
            for r in found.rates_by_department
        ],
        "groups": [
            {
                "group": g.group,
                "responses": None if g.hidden else g.n,
                "hidden": g.hidden,
                "questions": [
                    {
                        "key": q.question.key,
                        "kind": q.question.kind,
                        "answered": q.n,
                        "levels": [{"value": o.value, "count": o.count} for o in q.options]
                        or (
                            [{"value": v, "count": c} for v, c in q.scale.counts] if q.scale else []
                        ),
                        "mean": q.scale.mean if q.scale else (q.number.mean if q.number else None),
                        "ci_low": q.scale.ci_low if q.scale else None,
                        "ci_high": q.scale.ci_high if q.scale else None,
                        "favourable_share": q.scale.favourable_share if q.scale else None,
                    }
                    for q in g.questions
                ],
            }
            for g in found.groups
        ],
    }
