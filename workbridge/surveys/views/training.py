"""Training courses: sessions, rosters, completion against the target, evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.equity.access import require_equity
from workbridge.surveys.forms import CourseForm, RosterForm, SessionForm
from workbridge.surveys.training import (
    course_completion,
    course_create,
    course_get_for,
    courses_visible_to,
    roster_record,
    training_session_add,
)
from workbridge.web.lists import page_of


@require_http_methods(["GET", "POST"])
@login_required
def courses(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    form = CourseForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        course = course_create(organisation=organisation, data=form.cleaned_data, by=request.user)
        return redirect("surveys:course", course.pk)
    page = page_of(request, courses_visible_to(request.user))
    return render(request, "surveys/courses.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Sessions with their rosters, and the completion share of this year's interviewers."""
    course = course_get_for(request.user, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        training_session_add(course=course, by=request.user, **form.cleaned_data)
        return redirect("surveys:course", course.pk)
    year = timezone.localdate().year
    sessions = course.sessions.prefetch_related("roster__user").all()
    return render(
        request,
        "surveys/course_detail.html",
        {
            "course": course,
            "form": form,
            "sessions": sessions,
            "year": year,
            "completion": course_completion(course, year) if course.for_interviewers else None,
            "roster_form": RosterForm(organisation=course.organisation),
        },
    )


@require_POST
@login_required
def roster(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    course = course_get_for(request.user, pk)
    session = get_object_or_404(course.sessions, pk=session_id)
    form = RosterForm(request.POST, organisation=course.organisation)
    if not form.is_valid():
        messages.error(request, _("Choose the people to put on the roster."))
        return redirect("surveys:course", course.pk)
    count = roster_record(
        session=session,
        users=form.cleaned_data["users"].select_related("membership"),
        attended=form.cleaned_data["attended"],
        completed=form.cleaned_data["completed"],
        by=request.user,
    )
    messages.success(
        request,
        ngettext("%(n)s person recorded.", "%(n)s people recorded.", count) % {"n": count},
    )
    return redirect("surveys:course", course.pk)
