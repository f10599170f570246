"""What an administrator or program director sets up for the organisation's program."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workbridge.accounts.access import manager_organisation
from workbridge.people.record_forms import InstrumentItemFormSet, MilestoneStepFormSet
from workbridge.people.services import (
    instrument_for,
    instrument_update,
    milestone_template_for,
    milestone_template_update,
)


@login_required
def program_settings(request: HttpRequest) -> HttpResponse:
    organisation = manager_organisation(request.user)
    instrument = instrument_for(organisation)
    template = milestone_template_for(organisation)
    return render(
        request,
        "people/program_settings.html",
        {
            "instrument": instrument,
            "question_count": instrument.items.filter(is_active=True).count(),
            "milestone_template": template,
            "step_count": template.steps.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest) -> HttpResponse:
    organisation = manager_organisation(request.user)
    instrument = instrument_for(organisation)
    items = list(instrument.items.order_by("-is_active", "position", "id"))
    item_ids = [item.pk for item in items]
    service_errors: list[str] = []
    if request.method == "POST":
        formset = InstrumentItemFormSet(request.POST, prefix="items", item_ids=item_ids)
        if formset.is_valid():
            try:
                instrument_update(organisation=organisation, by=request.user, items=formset.items())
            except ValidationError as exc:
                service_errors = exc.messages
            else:
                messages.success(request, _("Readiness questions saved."))
                return redirect("people:instrument")
    else:
        formset = InstrumentItemFormSet(
            prefix="items",
            item_ids=item_ids,
            initial=[
                {
                    "id": item.pk,
                    "text": item.text,
                    "text_es": item.text_es,
                    "reverse_scored": item.reverse_scored,
                    "is_active": item.is_active,
                }
                for item in items
            ],
        )
    return render(
        request,
        "people/program_instrument.html",
        {"formset": formset, "instrument": instrument, "service_errors": service_errors},
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_template_edit(request: HttpRequest) -> HttpResponse:
    organisation = manager_organisation(request.user)
    template = milestone_template_for(organisation)
    service_errors: list[str] = []
    if request.method == "POST":
        formset = MilestoneStepFormSet(request.POST, prefix="steps")
        if formset.is_valid():
            try:
                milestone_template_update(
                    organisation=organisation, by=request.user, steps=formset.steps()
                )
            except ValidationError as exc:
                service_errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Milestone template saved. Milestones planned from now on follow it."),
                )
                return redirect("people:milestone_template")
    else:
        formset = MilestoneStepFormSet(
            prefix="steps",
            initial=[
                {"title": step.title, "days_before_exit": step.days_before_exit}
                for step in template.steps.all()
            ],
        )
    return render(
        request,
        "people/program_milestones.html",
        {"formset": formset, "template": template, "service_errors": service_errors},
    )
