"""Training courses: sessions, rosters, completion against the target, evaluations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from workbridge.core.spreadsheets import open_table
from workbridge.core.upload_checks import FileProblem
from workbridge.equity.access import require_equity
from workbridge.surveys.forms import CourseForm, RosterFileForm, RosterForm, SessionForm
from workbridge.surveys.training import (
    RosterRefused,
    course_completion,
    course_create,
    course_get_for,
    courses_visible_to,
    roster_import,
    roster_record,
    training_session_add,
)
from workbridge.web.lists import page_of
from workbridge.web.uploads import file_problem_text, spreadsheet_limits


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


@require_http_methods(["GET", "POST"])
@login_required
def roster_upload(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    """Record a session's roster from a sign-in sheet (CSV or XLSX); a bad row records nobody."""
    course = course_get_for(request.user, pk)
    session = get_object_or_404(course.sessions, pk=session_id)
    form = RosterFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = open_table(upload, upload.name, limits=spreadsheet_limits())
            count = roster_import(session=session, table=table, by=request.user)
        except FileProblem as problem:
            form.add_error("file", file_problem_text(problem))
        except RosterRefused as refused:
            problems = refused.problems
        else:
            messages.success(
                request,
                ngettext("%(n)s person recorded.", "%(n)s people recorded.", count) % {"n": count},
            )
            return redirect("surveys:course", course.pk)
    return render(
        request,
        "surveys/roster_upload.html",
        {"course": course, "session": session, "form": form, "problems": problems},
        status=400 if problems else 200,
    )
