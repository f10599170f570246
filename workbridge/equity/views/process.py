"""Importing application-process data: application-session events and optional-step outcomes.

Each upload is checked row by row before anything is saved (`equity.process_data`); the
problems are listed by row and column, and nothing is half-imported.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import Organisation
from workbridge.core.spreadsheets import rows_to_csv
from workbridge.equity.access import require_equity
from workbridge.equity.process_data import (
    ProcessPlan,
    problem_text,
    session_events_check,
    session_events_import,
    step_outcomes_check,
    step_outcomes_import,
)
from workbridge.equity.reports_process import APPLICATION_PROCESS, OPTIONAL_STEPS
from workbridge.web import forms as web_forms

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROBLEMS_SHOWN = 200


class ProcessUploadForm(web_forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))


@dataclass(frozen=True)
class ProcessImport:
    title: Promise
    intro: Promise
    columns: tuple[Promise, ...]
    template: str  # the sample file's URL name
    report: str  # the report the data feeds
    check: Callable[[Organisation, IO[bytes], str], ProcessPlan]
    load: Callable[..., int]
    done: Promise


SESSIONS = ProcessImport(
    title=gettext_lazy("Import application-session events"),
    intro=gettext_lazy(
        "One row per event of an applicant's sessions on the online application. Every row"
        " is checked before anything is saved; the events already held for the applicants"
        " in the file are then replaced, so importing the same file again changes nothing."
    ),
    columns=(
        gettext_lazy("applicant id: as in the applicant-flow import"),
        gettext_lazy(
            "requisition id (optional; needed when the same applicant id is in several"
            " requisitions)"
        ),
        gettext_lazy("session: its number or id (optional when the time is given)"),
        gettext_lazy("step: the step or page of the form (optional)"),
        gettext_lazy("event: started, saved, submitted, help requested or validation warning"),
        gettext_lazy("when: the date and time of the event (optional)"),
        gettext_lazy("minutes: the minutes spent in the session up to the event (optional)"),
    ),
    template="equity:process_sessions_template",
    report=APPLICATION_PROCESS,
    check=session_events_check,
    load=session_events_import,
    done=gettext_lazy("Imported %(n)s application-session events."),
)
STEPS = ProcessImport(
    title=gettext_lazy("Import optional-step outcomes"),
    intro=gettext_lazy(
        "One row per applicant and optional step (a secondary screening, a phone"
        " interview). Every row is checked before anything is saved; the outcomes already"
        " held for the same applicants and steps are then replaced."
    ),
    columns=(
        gettext_lazy("applicant id: as in the applicant-flow import"),
        gettext_lazy(
            "requisition id (optional; needed when the same applicant id is in several"
            " requisitions)"
        ),
        gettext_lazy("step: the optional step's name"),
        gettext_lazy(
            "outcome: passed, failed, skipped or not offered (a blank outcome is a skipped step)"
        ),
    ),
    template="equity:process_steps_template",
    report=OPTIONAL_STEPS,
    check=step_outcomes_check,
    load=step_outcomes_import,
    done=gettext_lazy("Imported %(n)s optional-step outcomes."),
)


def _upload(request: HttpRequest, kind: ProcessImport) -> HttpResponse:
    organisation = require_equity(request.user)
    form = ProcessUploadForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str, str]] = []
    total_problems = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            plan = kind.check(organisation, upload, upload.name)
            if plan.ok:
                n = kind.load(
                    organisation=organisation, by=request.user, plan=plan, filename=upload.name
                )
                messages.success(request, str(kind.done) % {"n": n})
                return redirect("equity:report", kind.report)
            total_problems = len(plan.problems)
            problems = [(p.row, p.column, problem_text(p)) for p in plan.problems[:PROBLEMS_SHOWN]]
    return render(
        request,
        "equity/process_import.html",
        {"kind": kind, "form": form, "problems": problems, "total_problems": total_problems},
    )


@require_http_methods(["GET", "POST"])
@login_required
def sessions_import(request: HttpRequest) -> HttpResponse:
    """Upload application-session events; every row is checked before any is saved."""
    return _upload(request, SESSIONS)


@require_http_methods(["GET", "POST"])
@login_required
def steps_import(request: HttpRequest) -> HttpResponse:
    """Upload optional-step outcomes; every row is checked before any is saved."""
    return _upload(request, STEPS)


def _csv(name: str, headers: list[str], rows: list[list[str]]) -> HttpResponse:
    response = HttpResponse(rows_to_csv(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def sessions_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the session-event import reads and example rows."""
    require_equity(request.user)
    return _csv(
        "application-sessions-template.csv",
        ["applicant_id", "requisition_id", "session", "step", "event", "when", "minutes"],
        [
            ["A-1042", "R-2025-001", "1", "Contact details", "started", "2025-03-01 10:00", "0"],
            ["A-1042", "R-2025-001", "1", "Work history", "help_requested", "", "12"],
            ["A-1042", "R-2025-001", "2", "Review", "submitted", "2025-03-02 18:30", "9.5"],
        ],
    )


@require_GET
@login_required
def steps_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the optional-step import reads and example rows."""
    require_equity(request.user)
    return _csv(
        "optional-steps-template.csv",
        ["applicant_id", "requisition_id", "step", "outcome"],
        [
            ["A-1042", "R-2025-001", "Secondary screening", "passed"],
            ["A-1042", "R-2025-001", "Phone interview", "not offered"],
            ["A-1043", "R-2025-001", "Secondary screening", "failed"],
        ],
    )
