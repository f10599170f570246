"""Group workshops: the list, scheduling one, its roster and its attendance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import casework_organisation_id, require_casework
from workbridge.people.forms_workshops import AttendanceForm, SeatForm, WorkshopForm
from workbridge.people.record_forms import add_service_errors
from workbridge.people.workshops import (
    workshop_attendance_record,
    workshop_create,
    workshop_get_for,
    workshop_register,
    workshops_visible_to,
)
from workbridge.web.lists import page_of


@login_required
@require_GET
def workshop_list(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    today = timezone.localdate()
    workshops = workshops_visible_to(request.user)
    upcoming = list(workshops.filter(held_on__gte=today).order_by("held_on", "starts_at", "id"))
    past = page_of(request, workshops.filter(held_on__lt=today).order_by("-held_on", "-id"))
    return render(
        request, "people/workshop_list.html", {"upcoming": upcoming, "page": past, "today": today}
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = workshop_create(
                by=request.user, data={**form.cleaned_data, "facilitator": request.user}
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Workshop scheduled."))
            return redirect("people:workshop", workshop.pk)
    return render(request, "people/workshop_form.html", {"form": form})


def _detail(request: HttpRequest, workshop, **forms) -> HttpResponse:
    seats = list(workshop.seats.select_related("participant"))
    organisation_id = casework_organisation_id(request.user)
    context = {
        "workshop": workshop,
        "seats": seats,
        "held": workshop.held_on <= timezone.localdate(),
        "seat_form": forms.get("seat_form") or SeatForm(organisation_id=organisation_id),
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(
            seats=seats,
            initial={
                "attended": [str(s.participant_id) for s in seats if s.attendance == "attended"]
            },
        ),
    }
    return render(request, "people/workshop_detail.html", context)


@login_required
@require_GET
def workshop_detail(request: HttpRequest, workshop_id: int) -> HttpResponse:
    require_casework(request.user)
    return _detail(request, workshop_get_for(request.user, workshop_id))


@login_required
@require_POST
def workshop_seat_add(request: HttpRequest, workshop_id: int) -> HttpResponse:
    require_casework(request.user)
    workshop = workshop_get_for(request.user, workshop_id)
    form = SeatForm(request.POST, organisation_id=casework_organisation_id(request.user))
    if form.is_valid():
        try:
            workshop_register(
                workshop=workshop, by=request.user, participant=form.cleaned_data["participant"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added to the roster."))
            return redirect("people:workshop", workshop.pk)
    return _detail(request, workshop, seat_form=form)


@login_required
@require_POST
def workshop_attendance(request: HttpRequest, workshop_id: int) -> HttpResponse:
    require_casework(request.user)
    workshop = workshop_get_for(request.user, workshop_id)
    seats = list(workshop.seats.select_related("participant"))
    form = AttendanceForm(request.POST, seats=seats)
    if form.is_valid():
        try:
            counts = workshop_attendance_record(
                workshop=workshop,
                by=request.user,
                attended=form.participant_ids(),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Attendance recorded: %(attended)s came, %(absent)s did not.") % counts,
            )
            return redirect("people:workshop", workshop.pk)
    return _detail(request, workshop, attendance_form=form)
