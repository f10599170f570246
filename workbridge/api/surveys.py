"""Surveys in the API: the surveys a token's user runs, and a wave's results.

Results follow the same rules as the pages: answers only once enough people have
responded, and every group smaller than the small-cell threshold hidden (its figures
are null). No endpoint returns a person's answers or who gave them.
"""

from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from workbridge.accounts.models import User
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers
from workbridge.api.fields import path_id
from workbridge.surveys.queries import survey_kinds_for, surveys_visible_to, wave_get_for
from workbridge.surveys.results import wave_results


class SurveyTokenAuth(TokenAuth):
    """A token whose user runs some kind of survey; other roles get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not survey_kinds_for(user):
            raise HttpError(403, _("Your role does not give access to surveys."))
        return user


router = Router(auth=SurveyTokenAuth(), tags=["surveys"])
WaveId = path_id("The wave's id.")


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


class GroupOut(Schema):
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
    groups: list[GroupOut]


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
                "waves": [
                    {
                        "id": w.pk,
                        "name": w.name,
                        "opens_on": w.opens_on.isoformat(),
                        "closes_on": w.closes_on.isoformat(),
                        "target_rate": w.target_rate / 100,
                    }
                    for w in s.waves.all()
                ],
            }
            for s in surveys
        ]
    }


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
    try:
        wave = wave_get_for(token_user(request), wave_id)
    except Http404 as missing:
        raise HttpError(404, _("Not found.")) from missing
    found = wave_results(wave, by=by)
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
