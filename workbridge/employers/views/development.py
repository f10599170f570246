"""An employer's job-development profile and its other relationships with the enterprise."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.employers.development import (
    counterpart_add,
    counterparts_visible_to,
    employer_profile_save,
    employer_relationship_add,
)
from workbridge.employers.forms import CounterpartForm, EmployerProfileForm, RelationshipForm
from workbridge.employers.models import Employer, EmployerProfile
from workbridge.employers.queries import employer_get_for
from workbridge.people.record_forms import add_service_errors


def _page(request: HttpRequest, employer: Employer, profile_form, relationship_form):
    return render(
        request,
        "employers/development.html",
        {
            "employer": employer,
            "form": profile_form,
            "relationship_form": relationship_form,
            "relationships": list(employer.relationships.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def development_profile(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    profile = EmployerProfile.objects.filter(employer=employer).first()
    initial = (
        {n: getattr(profile, n) for n in ("values", "needs", "background_check", "screening_steps")}
        if profile
        else {"background_check": "unknown"}
    )
    form = EmployerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            employer_profile_save(employer=employer, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Job-development profile saved."))
            return redirect("employers:detail", employer.pk)
    return _page(request, employer, form, RelationshipForm())


@login_required
@require_POST
def relationship_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    employer = employer_get_for(request.user, pk)
    form = RelationshipForm(request.POST)
    if form.is_valid():
        try:
            employer_relationship_add(employer=employer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Relationship recorded."))
            return redirect("employers:development", employer.pk)
    return _page(request, employer, EmployerProfileForm(), form)


@login_required
@require_http_methods(["GET", "POST"])
def counterparts(request: HttpRequest) -> HttpResponse:
    """Departments, unions and partner organisations to hold review meetings with."""
    require_casework(request.user)
    form = CounterpartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counterpart_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added: it can now be chosen for a review meeting."))
            return redirect("employers:counterparts")
    return render(
        request,
        "employers/counterparts.html",
        {"form": form, "counterparts": list(counterparts_visible_to(request.user))},
    )
