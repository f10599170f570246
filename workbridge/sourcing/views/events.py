"""Placement-side hiring events: employers who attended (one employer interaction),
participants who attended (a support on each record), and the referrals that followed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import casework_organisation, require_casework
from workbridge.people.caseload_queries import participants_found
from workbridge.sourcing.forms import (
    EventEmployersForm,
    EventForm,
    EventParticipantsForm,
    add_service_errors,
)
from workbridge.sourcing.queries import event_employers, event_get_for, event_list, event_referrals
from workbridge.sourcing.services import (
    hiring_event_create,
    hiring_event_employers_record,
    hiring_event_participants_record,
)
from workbridge.web.lists import page_of


@require_GET
@login_required
def events(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    return render(
        request, "sourcing/event_list.html", {"page": page_of(request, event_list(request.user))}
    )


@require_http_methods(["GET", "POST"])
@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = hiring_event_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Hiring event “%(name)s” saved.") % {"name": event.name})
            return redirect("sourcing:event", event.pk)
    return render(request, "sourcing/event_form.html", {"form": form})


def _detail(request: HttpRequest, event, employers_form=None, participants_form=None, status=200):
    organisation = casework_organisation(request.user)
    search = request.GET.get("q", "").strip()[:100]
    found = participants_found(request.user, search)
    attendees = list(
        event.attendees.select_related("participant").order_by(
            "participant__last_name", "participant__first_name"
        )
    )
    return render(
        request,
        "sourcing/event_detail.html",
        {
            "event": event,
            "employers": event_employers(event),
            "attendees": attendees,
            "referrals": list(event_referrals(event)[:100]),
            "employers_form": employers_form or EventEmployersForm(organisation=organisation),
            "participants_form": participants_form
            or EventParticipantsForm(organisation=organisation, found=found),
            "search": search,
            "found_count": len(found) if search else None,
        },
        status=status,
    )


@require_GET
@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    return _detail(request, event_get_for(request.user, pk))


@require_POST
@login_required
def event_employers_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    event = event_get_for(request.user, pk)
    form = EventEmployersForm(request.POST, organisation=casework_organisation(request.user))
    if form.is_valid():
        try:
            hiring_event_employers_record(
                by=request.user, event=event, employers=list(form.cleaned_data["employers"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Employers recorded as attending."))
            return redirect("sourcing:event", event.pk)
    return _detail(request, event, employers_form=form)


@require_POST
@login_required
def event_participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_casework(request.user)
    event = event_get_for(request.user, pk)
    form = EventParticipantsForm(request.POST, organisation=casework_organisation(request.user))
    if form.is_valid():
        try:
            added = hiring_event_participants_record(
                by=request.user, event=event, participants=list(form.cleaned_data["participants"])
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s participants recorded as attending.") % {"n": added})
            return redirect("sourcing:event", event.pk)
    return _detail(request, event, participants_form=form)
