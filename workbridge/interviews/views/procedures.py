"""Procedures and checklists: the library, one procedure with who read it, writing and
revising (equity roles), and acknowledging the current version (anyone in the organisation)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.equity.access import require_equity, user_does_equity
from workbridge.interviews.models import Acknowledgement, ProcedureAudience, ProcedureKind
from workbridge.interviews.procedures import (
    interviewers_acknowledged,
    procedure_acknowledge,
    procedure_create,
    procedure_get_for,
    procedure_revise,
    procedures_visible_to,
)
from workbridge.people.record_forms import add_service_errors
from workbridge.web import forms as web_forms


class ProcedureForm(web_forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ProcedureKind.choices)
    audience = forms.ChoiceField(label=gettext_lazy("For"), choices=ProcedureAudience.choices)
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))


class RevisionForm(web_forms.Form):
    body = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 12}))
    change_note = forms.CharField(
        label=gettext_lazy("What changed"), max_length=300, required=False
    )


@login_required
@require_GET
def procedure_list(request: HttpRequest) -> HttpResponse:
    procedures = list(procedures_visible_to(request.user).prefetch_related("versions"))
    read = set(
        Acknowledgement.objects.filter(user=request.user).values_list("version_id", flat=True)
    )
    rows = [(p, p.current, p.current is not None and p.current.pk in read) for p in procedures]
    return render(
        request,
        "interviews/procedure_list.html",
        {"rows": rows, "can_write": user_does_equity(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def procedure_new(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    form = ProcedureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = procedure_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Procedure published."))
            return redirect("interviews:procedure", procedure.pk)
    return render(request, "interviews/procedure_form.html", {"form": form})


def _detail(request: HttpRequest, procedure, revision_form=None) -> HttpResponse:
    current = procedure.current
    can_write = user_does_equity(request.user)
    context = {
        "procedure": procedure,
        "current": current,
        "versions": list(procedure.versions.all()),
        "read": current is not None and current.acknowledgements.filter(user=request.user).exists(),
        "can_write": can_write,
    }
    if can_write:
        read, interviewers = interviewers_acknowledged(procedure)
        context.update(
            acknowledgements=list(current.acknowledgements.select_related("user"))
            if current
            else [],
            interviewers_read=read,
            interviewers=interviewers,
            revision_form=revision_form
            or RevisionForm(initial={"body": current.body if current else ""}),
        )
    return render(request, "interviews/procedure_detail.html", context)


@login_required
@require_GET
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, procedure_get_for(request.user, pk))


@login_required
@require_POST
def procedure_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = procedure_get_for(request.user, pk)
    current = procedure.current
    if current is not None:
        procedure_acknowledge(version=current, user=request.user)
        messages.success(request, _("Thank you: your reading of this version is recorded."))
    return redirect("interviews:procedure", procedure.pk)


@login_required
@require_POST
def procedure_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    require_equity(request.user)
    procedure = procedure_get_for(request.user, pk)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            procedure_revise(procedure=procedure, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("New version published."))
            return redirect("interviews:procedure", procedure.pk)
    return _detail(request, procedure, form)
