"""Rubrics: the competencies a job is interviewed on, with weights and anchors."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.equity.access import require_equity
from workbridge.interviews.forms import CompetencyForm, RubricForm
from workbridge.interviews.models import Competency, Panel, Rubric
from workbridge.interviews.queries import rubric_get_for
from workbridge.interviews.services import competency_save, rubric_save
from workbridge.web.lists import page_of


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Rubrics and panels of the organisation, with where the reports are."""
    organisation = require_equity(request.user)
    rubrics = (
        Rubric.objects.filter(organisation=organisation)
        .annotate(competency_count=Count("competencies"))
        .order_by("job_title", "name")
    )
    panels = (
        Panel.objects.filter(organisation=organisation)
        .select_related("requisition", "rubric")
        .annotate(
            member_count=Count("members", distinct=True),
            candidate_count=Count("candidates", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    page = page_of(request, panels)
    return render(request, "interviews/home.html", {"rubrics": rubrics, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def rubric_create(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    form = RubricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rubric = rubric_save(organisation=organisation, data=form.cleaned_data, by=request.user)
        return redirect("interviews:rubric", rubric.pk)
    return render(request, "interviews/rubric_form.html", {"form": form, "rubric": None})


@require_http_methods(["GET", "POST"])
@login_required
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A rubric's competencies and anchors, and its name and job title to edit."""
    rubric = rubric_get_for(request.user, pk)
    form = RubricForm(request.POST or None, instance=rubric)
    if request.method == "POST" and form.is_valid():
        rubric_save(
            organisation=rubric.organisation,
            data=form.cleaned_data,
            by=request.user,
            # The form wrote its values onto ``rubric``; the service compares with the
            # stored row to save only what changed.
            rubric=rubric_get_for(request.user, pk),
        )
        return redirect("interviews:rubric", rubric.pk)
    return render(
        request,
        "interviews/rubric_detail.html",
        {"rubric": rubric, "form": form, "competencies": rubric.competencies.all()},
    )


def _competency_page(request: HttpRequest, rubric: Rubric, competency: Competency | None):
    form = CompetencyForm(request.POST or None, instance=competency)
    if request.method == "POST" and form.is_valid():
        try:
            competency_save(
                rubric=rubric,
                data=form.cleaned_data,
                by=request.user,
                # The form wrote its values onto ``competency``: compare with the stored row.
                competency=None
                if competency is None
                else rubric.competencies.get(pk=competency.pk),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("interviews:rubric", rubric.pk)
    return render(
        request,
        "interviews/competency_form.html",
        {"rubric": rubric, "competency": competency, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def competency_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = rubric_get_for(request.user, pk)
    return _competency_page(request, rubric, None)


@require_http_methods(["GET", "POST"])
@login_required
def competency_edit(request: HttpRequest, pk: int, competency_id: int) -> HttpResponse:
    rubric = rubric_get_for(request.user, pk)
    competency = get_object_or_404(Competency, pk=competency_id, rubric=rubric)
    return _competency_page(request, rubric, competency)
