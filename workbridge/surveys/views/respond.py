"""The one-time link: a questionnaire that needs no sign-in, in the person's language.

A link that is unknown, expired, not open yet or already used gets a page saying so and
writes nothing. Requests are rate-limited by address and by link, so a token cannot be
guessed by trying many and a link cannot be hammered.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from workbridge.surveys.forms import ResponseForm
from workbridge.surveys.models import Invitation, QuestionKind
from workbridge.surveys.queries import invitation_by_token, questions_of
from workbridge.surveys.services import (
    LinkRefused,
    invitation_check,
    invitation_save_progress,
    response_submit,
)

REFUSED_STATUS = {"unknown": 404, "used": 410, "expired": 410, "not_open": 403}
WINDOW_SECONDS = 60


def _limits() -> tuple[int, int]:
    """Requests a minute allowed from one address, and to one link."""
    return (
        getattr(settings, "SURVEY_LINK_REQUESTS_PER_ADDRESS", 60),
        getattr(settings, "SURVEY_LINK_REQUESTS_PER_LINK", 20),
    )


def _over_limit(key: str, limit: int) -> bool:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > limit


def _rate_limited(request: HttpRequest, token: str) -> bool:
    per_address, per_link = _limits()
    address = request.META.get("REMOTE_ADDR", "")
    by_address = _over_limit(f"survey-link:addr:{address}", per_address)
    by_link = _over_limit(f"survey-link:token:{Invitation.digest_of(token)[:32]}", per_link)
    return by_address or by_link


def _language(request: HttpRequest, invitation: Invitation | None) -> str:
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in ("en", "es"):
        return asked
    if invitation is not None:
        return invitation.language
    return (translation.get_language() or "en")[:2]


def _initial(invitation: Invitation, questions) -> dict:
    multiple = {f"q_{q.pk}" for q in questions if q.kind == QuestionKind.MULTIPLE}
    initial = {}
    for name, values in (invitation.partial or {}).items():
        if not isinstance(values, list) or not values:
            continue
        initial[name] = values if name in multiple else values[0]
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    if _rate_limited(request, token):
        with translation.override(_language(request, None)):
            return render(request, "surveys/respond_limited.html", status=429)
    invitation = invitation_by_token(token)
    language = _language(request, invitation)
    with translation.override(language):
        try:
            invitation = invitation_check(invitation)
        except LinkRefused as refused:
            return render(
                request,
                "surveys/respond_refused.html",
                {"reason": refused.reason, "language": language},
                status=REFUSED_STATUS[refused.reason],
            )
        wave = invitation.wave
        questions = questions_of(wave.version)
        context = {
            "wave": wave,
            "title": wave.survey.title_in(language),
            "intro": wave.version.intro(language),
            "anonymous": wave.survey.anonymous,
            "language": language,
            "token": token,
        }
        if request.method == "POST":
            form = ResponseForm(request.POST, questions=questions, language=language)
            if request.POST.get("action") == "save":
                try:
                    invitation_save_progress(
                        invitation=invitation,
                        raw={k: request.POST.getlist(k) for k in request.POST},
                    )
                except LinkRefused as refused:
                    return render(
                        request,
                        "surveys/respond_refused.html",
                        {"reason": refused.reason, "language": language},
                        status=REFUSED_STATUS[refused.reason],
                    )
                form = ResponseForm(
                    questions=questions, language=language, initial=_partial_of(request, questions)
                )
                return render(
                    request, "surveys/respond.html", {**context, "form": form, "saved": True}
                )
            if form.is_valid():
                try:
                    response_submit(
                        invitation=invitation, answers=form.answers(), language=language
                    )
                except LinkRefused as refused:
                    return render(
                        request,
                        "surveys/respond_refused.html",
                        {"reason": refused.reason, "language": language},
                        status=REFUSED_STATUS[refused.reason],
                    )
                return render(request, "surveys/respond_thanks.html", context)
            return render(request, "surveys/respond.html", {**context, "form": form}, status=200)
        form = ResponseForm(
            questions=questions, language=language, initial=_initial(invitation, questions)
        )
        return render(request, "surveys/respond.html", {**context, "form": form})


def _partial_of(request: HttpRequest, questions) -> dict:
    multiple = {f"q_{q.pk}" for q in questions if q.kind == QuestionKind.MULTIPLE}
    return {
        k: (request.POST.getlist(k) if k in multiple else request.POST.get(k))
        for k in request.POST
        if k.startswith("q_")
    }
