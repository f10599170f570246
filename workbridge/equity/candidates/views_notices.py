"""Candidate pages: the overview, contact details, notice templates, the notice log, the
candidate's opt-out link and the published timeline."""

from __future__ import annotations

from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.equity.access import require_equity
from workbridge.equity.candidates.access import require_candidates, user_reads_candidates
from workbridge.equity.candidates.forms import CandidateFileForm, NoticeTemplateForm
from workbridge.equity.candidates.models import NoticeLanguage, NoticeStatus
from workbridge.equity.candidates.notices import (
    contact_opt_out,
    notice_template_save,
    notice_templates_for,
    opt_out_contact,
)
from workbridge.equity.candidates.queries import (
    contacts_of,
    contacts_seen,
    notice_log,
    notice_totals,
    timelines_for,
    years_with_dates,
)
from workbridge.equity.candidates.uploads import contacts_check, contacts_import, problem_text
from workbridge.equity.impact import stage_label
from workbridge.equity.services import equity_settings_for
from workbridge.web.lists import Column, page_of, sort_from, sort_headers

PROBLEMS_SHOWN = 200


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Status updates and exam feedback: what was sent, and where each page is."""
    organisation = require_equity(request.user)
    totals = notice_totals(organisation)
    return render(
        request,
        "equity/candidates/home.html",
        {
            "totals": totals,
            "statuses": [(label, totals[key]) for key, label in NoticeStatus.choices],
            "reads_candidates": user_reads_candidates(request.user),
        },
    )


CONTACT_COLUMNS = (
    Column(_("Requisition"), "requisition"),
    Column(_("Applicant"), "applicant"),
    Column(_("E-mail")),
    Column(_("Phone")),
    Column(_("Language"), "language"),
    Column(_("Status updates")),
    Column(_("Last stage told")),
)
CONTACT_SORTS = {
    "requisition": ("applicant__requisition__external_id", "applicant__external_id"),
    "applicant": ("applicant__external_id",),
    "language": ("language", "applicant__external_id"),
}


@require_http_methods(["GET", "POST"])
@login_required
def contacts(request: HttpRequest) -> HttpResponse:
    """Candidates' contact details (read by the HR manager, every read audited), and the
    upload that adds them."""
    organisation = require_candidates(request.user)
    form = CandidateFileForm(request.POST or None, request.FILES or None)
    problems, total_problems = [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = contacts_check(organisation, upload, upload.name)
        if check.ok:
            summary = contacts_import(organisation=organisation, check=check, by=request.user)
            messages.success(
                request,
                _(
                    "Contact details imported: %(created)s new, %(updated)s changed, "
                    "%(unchanged)s the same."
                )
                % summary,
            )
            return redirect("candidates:contacts")
        total_problems = len(check.problems)
        problems = [(p.row, p.column, problem_text(p)) for p in check.problems[:PROBLEMS_SHOWN]]
    keys = [*CONTACT_SORTS, *(f"-{k}" for k in CONTACT_SORTS)]
    sort = sort_from(request, keys, default="requisition")
    order = CONTACT_SORTS[sort.lstrip("-")]
    if sort.startswith("-"):
        order = tuple(f"-{o}" for o in order)
    page = page_of(request, contacts_of(organisation).order_by(*order))
    shown = list(page.object_list)
    contacts_seen(by=request.user, contacts=shown, where="contact details page")
    stages = list(equity_settings_for(organisation).stages)
    rows = [
        (c, stage_label(stages[min(c.notified_stage, len(stages) - 1)]) if stages else "")
        for c in shown
    ]
    return render(
        request,
        "equity/candidates/contacts.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "headers": sort_headers(request, CONTACT_COLUMNS, sort),
            "problems": problems,
            "total_problems": total_problems,
        },
    )


def _status_rows(organisation) -> list[tuple[str, int]]:
    totals = notice_totals(organisation)
    return [(label, totals[key]) for key, label in NoticeStatus.choices]


@require_GET
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The notice log: for each candidate, how many updates were sent, are waiting, or
    could not be sent."""
    organisation = require_candidates(request.user)
    page = page_of(request, notice_log(organisation))
    return render(
        request,
        "equity/candidates/notices.html",
        {"page": page, "statuses": _status_rows(organisation)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def templates(request: HttpRequest) -> HttpResponse:
    """The text sent at each stage, in English and Spanish."""
    organisation = require_candidates(request.user)
    stages = list(equity_settings_for(organisation).stages)
    choices = [(s, stage_label(s)) for s in stages]
    form = NoticeTemplateForm(request.POST or None, stages=choices)
    if request.method == "POST" and form.is_valid():
        notice_template_save(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("The text is saved."))
        return redirect("candidates:templates")
    languages = dict(NoticeLanguage.choices)
    rows = [
        (stage_label(stage), stage, languages[language], language, subject, body, written)
        for stage, language, subject, body, written in notice_templates_for(organisation, stages)
    ]
    return render(request, "equity/candidates/templates.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every notice: the candidate asks for no more status updates."""
    contact = opt_out_contact(token)
    if contact is None:
        return render(request, "equity/candidates/opt_out.html", {"invalid": True}, status=404)
    done = contact.notices_opt_out
    if request.method == "POST" and not done:
        contact_opt_out(contact=contact)
        done = True
    return render(request, "equity/candidates/opt_out.html", {"done": done, "token": token})


@require_GET
@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    """Median days from application to hire, stage by stage, for each job title."""
    organisation = require_equity(request.user)
    years = years_with_dates(organisation)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = None
    found = timelines_for(organisation, year=year)
    stages = list(equity_settings_for(organisation).stages)
    page = page_of(request, found)
    return render(
        request,
        "equity/candidates/timeline.html",
        {
            "page": page,
            "years": years,
            "year": year,
            "steps": [f"{stage_label(a)} → {stage_label(b)}" for a, b in pairwise(stages)],
            "overall": f"{stage_label(stages[0])} → {stage_label(stages[-1])}" if stages else "",
            "threshold": equity_settings_for(organisation).small_cell_threshold,
        },
    )
