"""Instruments: the survey list, templates, questions, versions and a preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.surveys.forms import (
    QuestionForm,
    ResponseForm,
    SurveyCreateForm,
    SurveySettingsForm,
)
from workbridge.surveys.models import SurveyKind
from workbridge.surveys.queries import (
    question_get_for,
    questions_of,
    require_surveys,
    survey_get_for,
    survey_kinds_for,
    surveys_visible_to,
    version_current,
)
from workbridge.surveys.services import (
    parse_options,
    question_delete,
    question_save,
    survey_create_from_template,
    survey_settings_save,
    version_new_draft,
    version_publish,
)
from workbridge.web.lists import page_of

SORTS = {"title": "title", "-title": "-title", "new": "-created_at", "kind": "kind"}


def _errors_to_form(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The surveys the user runs, searchable by title and kind."""
    require_surveys(request.user)
    kinds = survey_kinds_for(request.user)
    text = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else ""
    sort = request.GET.get("sort", "title")
    surveys = surveys_visible_to(request.user, text=text, kind=kind).order_by(
        SORTS.get(sort, "title"), "pk"
    )
    page = page_of(request, surveys)
    query = QueryDict(mutable=True)
    for name, value in (("q", text), ("kind", kind), ("sort", sort)):
        if value:
            query[name] = value
    return render(
        request,
        "surveys/home.html",
        {
            "page": page,
            "query": query.urlencode(),
            "text": text,
            "kind": kind,
            "sort": sort,
            "kinds": [(k, label) for k, label in SurveyKind.choices if k in kinds],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    """A new survey from the ready template of its kind."""
    organisation = require_surveys(request.user)
    form = SurveyCreateForm(request.POST or None, kinds=survey_kinds_for(request.user))
    if request.method == "POST" and form.is_valid():
        survey = survey_create_from_template(
            organisation=organisation,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            title_es=form.cleaned_data["title_es"],
            anonymous=form.cleaned_data["anonymous"],
            by=request.user,
        )
        messages.success(
            request, _("The survey was made from its template: edit it, then publish.")
        )
        return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's current version with its questions, its settings and its waves."""
    survey = survey_get_for(request.user, pk)
    form = SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        try:
            # The form wrote its values onto ``survey``: compare with the stored row.
            survey_settings_save(
                survey=survey_get_for(request.user, pk), data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("surveys:detail", survey.pk)
    version = version_current(survey)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "form": form,
            "version": version,
            "questions": questions_of(version),
            "versions": survey.versions.all(),
            "waves": survey.waves.select_related("version").all(),
        },
    )


def _question_page(request: HttpRequest, pk: int, question_id: int | None) -> HttpResponse:
    survey = survey_get_for(request.user, pk)
    question = question_get_for(request.user, survey, question_id) if question_id else None
    version = question.version if question else version_current(survey)
    form = QuestionForm(request.POST or None, instance=question, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            options = parse_options(
                form.cleaned_data["options_text"], kind=form.cleaned_data["kind"]
            )
            question_save(
                version=version,
                data=form.cleaned_data,
                options=options,
                by=request.user,
                # The form wrote its values onto ``question``: compare with the stored row.
                question=question_get_for(request.user, survey, question_id)
                if question_id
                else None,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("surveys:detail", survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "version": version, "question": question, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _question_page(request, pk, None)


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    return _question_page(request, pk, question_id)


@require_POST
@login_required
def question_remove(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    survey = survey_get_for(request.user, pk)
    question = question_get_for(request.user, survey, question_id)
    try:
        question_delete(question=question, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("surveys:detail", survey.pk)


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for(request.user, pk)
    try:
        version = version_publish(version=version_current(survey), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(n)s is published and frozen.") % {"n": version.number}
        )
    return redirect("surveys:detail", survey.pk)


@require_POST
@login_required
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get_for(request.user, pk)
    try:
        draft = version_new_draft(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(n)s is a draft copy to edit; waves already sent keep their version.")
            % {"n": draft.number},
        )
    return redirect("surveys:detail", survey.pk)


@require_GET
@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version as a respondent sees it, in English or Spanish."""
    survey = survey_get_for(request.user, pk)
    version = version_current(survey)
    language = "es" if request.GET.get("lang") == "es" else "en"
    form = ResponseForm(questions=questions_of(version), language=language)
    return render(
        request,
        "surveys/preview.html",
        {
            "survey": survey,
            "version": version,
            "form": form,
            "language": language,
            "title": survey.title_in(language),
            "intro": version.intro(language),
        },
    )
