"""Committees, succession and learning: each one page with its forms and report, and the
report's downloads (audited)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import FileProblem
from workbridge.equity import report_exports
from workbridge.equity.access import require_equity
from workbridge.equity.reports import Report
from workbridge.equity.reports_charts import chart_data_uri
from workbridge.equity.services import equity_settings_for
from workbridge.web.uploads import IMPORTS, file_problem_text, upload_delete, upload_save
from workbridge.workforce import forms
from workbridge.workforce.program_reports import (
    committee_report,
    learning_report,
    learning_years,
    succession_report,
)
from workbridge.workforce.roster_rows import problem_text
from workbridge.workforce.services import (
    WorkforceRefused,
    candidate_add,
    committee_create,
    committee_member_add,
    learning_import,
    position_create,
)
from workbridge.workforce.views.reports import EXPORT_TYPES

TITLES = {
    "committees": gettext_lazy("Committees"),
    "succession": gettext_lazy("Succession"),
    "learning": gettext_lazy("Learning and apprenticeships"),
}


def _report(request: HttpRequest, key: str, organisation: Organisation) -> tuple[Report, object]:
    years = learning_years(organisation) if key == "learning" else None
    options = forms.PublicationForm(request.GET or None, years=years)
    publication, year = False, None
    if options.is_valid():
        publication = options.cleaned_data["publication"]
        year = options.cleaned_data.get("year")
    threshold = equity_settings_for(organisation).small_cell_threshold
    builders: dict[str, Callable[..., Report]] = {
        "committees": committee_report,
        "succession": succession_report,
    }
    if key == "learning":
        report = learning_report(
            organisation, year=year, publication=publication, threshold=threshold
        )
    else:
        report = builders[key](organisation, publication=publication, threshold=threshold)
    return report, options


def _page(
    request: HttpRequest, key: str, organisation: Organisation, editing: dict
) -> HttpResponse:
    report, options = _report(request, key, organisation)
    hidden = report_exports.hidden_word()
    return render(
        request,
        "workforce/program_page.html",
        {
            "key": key,
            "title": TITLES[key],
            "report": report,
            "options": options,
            "query": request.GET.urlencode(),
            "hidden_text": hidden,
            "tables": [(t, report_exports.shown_rows(t)) for t in report.tables],
            "charts": [(c, chart_data_uri(c, hidden_text=hidden)) for c in report.charts],
            **editing,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def committees(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action")
    committee_form = forms.CommitteeForm(post if action == "committee" else None, prefix="c")
    member_form = forms.MemberForm(
        post if action == "member" else None, prefix="m", organisation=organisation
    )
    if post is not None:
        try:
            if action == "committee" and committee_form.is_valid():
                committee_create(by=request.user, **committee_form.cleaned_data)
                messages.success(request, _("Committee saved."))
                return redirect("workforce:committees")
            if action == "member" and member_form.is_valid():
                committee_member_add(by=request.user, **member_form.cleaned_data)
                messages.success(request, _("Member added."))
                return redirect("workforce:committees")
        except WorkforceRefused as refused:
            messages.error(request, str(refused))
    return _page(
        request,
        "committees",
        organisation,
        {
            "edit_forms": [
                ("committee", _("Add a committee"), committee_form),
                ("member", _("Add a member's voluntary answers"), member_form),
            ]
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def succession(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action")
    position_form = forms.PositionForm(post if action == "position" else None, prefix="p")
    candidate_form = forms.CandidateForm(
        post if action == "candidate" else None, prefix="k", organisation=organisation
    )
    if post is not None:
        try:
            if action == "position" and position_form.is_valid():
                data = dict(position_form.cleaned_data)
                data["feeder_titles"] = [t for t in data["feeder_titles"].split(";") if t.strip()]
                position_create(by=request.user, **data)
                messages.success(request, _("Critical position saved."))
                return redirect("workforce:succession")
            if action == "candidate" and candidate_form.is_valid():
                candidate_add(by=request.user, **candidate_form.cleaned_data)
                messages.success(request, _("Candidate added to the slate."))
                return redirect("workforce:succession")
        except WorkforceRefused as refused:
            messages.error(request, str(refused))
    return _page(
        request,
        "succession",
        organisation,
        {
            "edit_forms": [
                ("position", _("Add a critical position"), position_form),
                ("candidate", _("Add a candidate to a slate"), candidate_form),
            ]
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def learning(request: HttpRequest) -> HttpResponse:
    organisation = require_equity(request.user)
    upload_form = forms.LearningUploadForm(request.POST or None, request.FILES or None, prefix="l")
    problems: list[tuple[int, str, str]] = []
    if request.method == "POST" and upload_form.is_valid():
        upload = upload_form.cleaned_data["file"]
        stored = upload_save(IMPORTS, upload)
        try:
            result = learning_import(by=request.user, stored_file=stored, filename=upload.name)
        except FileProblem as problem:
            upload_form.add_error("file", file_problem_text(problem))
        else:
            if result.problems:
                problems = [(p.row, p.column, problem_text(p)) for p in result.problems[:200]]
            else:
                messages.success(
                    request,
                    _("%(n)s learning records imported, %(matched)s of them on a roster.")
                    % {"n": result.created, "matched": result.matched},
                )
                upload_delete(IMPORTS, stored)
                return redirect("workforce:learning")
        upload_delete(IMPORTS, stored)
    return _page(
        request,
        "learning",
        organisation,
        {
            "edit_forms": [("learning", _("Import learning records"), upload_form)],
            "problems": problems,
            "multipart": True,
        },
    )


@require_GET
@login_required
def program_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    organisation = require_equity(request.user)
    if key not in TITLES or fmt not in EXPORT_TYPES:
        raise Http404
    report, _options = _report(request, key, organisation)
    if fmt == "xlsx":
        body = report_exports.report_xlsx(report)
    elif fmt == "pdf":
        body = report_exports.report_pdf(report, request)
    else:
        body = report_exports.report_csv(report)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="workforce.report",
        object_id=key,
        fields=["race", "sex"],
        detail=(f"{key} report {fmt}; " + "; ".join(report.scope))[:300],
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="workforce-{key}-{stamp}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response
