"""Exam pages: results and their upload, the sections and pass marks, feedback reports one
at a time or in bulk, and the retest analysis."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.models import AuditAction
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import FileProblem
from workbridge.equity import reports
from workbridge.equity.access import require_equity
from workbridge.equity.candidates.access import require_candidates, user_reads_candidates
from workbridge.equity.candidates.feedback import (
    feedback_pdf,
    feedback_run_open,
    feedback_run_start,
    feedback_runs_stale_fail,
)
from workbridge.equity.candidates.forms import (
    CandidateFileForm,
    ExamSectionsForm,
    FeedbackRunForm,
    RetestForm,
)
from workbridge.equity.candidates.models import Exam, FeedbackRun
from workbridge.equity.candidates.queries import (
    exam_get_for,
    exam_result_get_for,
    exam_results_of,
    exams_of,
    feedback_run_get_for,
    retest_report,
)
from workbridge.equity.candidates.uploads import exam_results_import, exams_check, problem_text
from workbridge.web.lists import page_of

PROBLEMS_SHOWN = 200


@require_http_methods(["GET", "POST"])
@login_required
def exams(request: HttpRequest) -> HttpResponse:
    """The exams with their results, passes and feedback given, and the results upload."""
    organisation = require_candidates(request.user)
    form = CandidateFileForm(request.POST or None, request.FILES or None)
    problems, total_problems = [], 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = exams_check(organisation, upload, upload.name)
        if check.ok:
            summary = exam_results_import(organisation=organisation, check=check, by=request.user)
            messages.success(
                request,
                _(
                    "Exam results imported: %(created)s new, %(updated)s changed, "
                    "%(unchanged)s the same."
                )
                % summary,
            )
            return redirect("candidates:exams")
        total_problems = len(check.problems)
        problems = [(p.row, p.column, problem_text(p)) for p in check.problems[:PROBLEMS_SHOWN]]
    return render(
        request,
        "equity/candidates/exams.html",
        {
            "form": form,
            "page": page_of(request, exams_of(organisation)),
            "problems": problems,
            "total_problems": total_problems,
        },
    )


def _sections_text(exam: Exam) -> str:
    return "\n".join(
        " | ".join(
            part
            for part in (s["name"], f"{float(s['pass_mark']):g}", s.get("resources", ""))
            if part != ""
        )
        for s in exam.sections
    )


@require_http_methods(["GET", "POST"])
@login_required
def exam(request: HttpRequest, exam_id: int) -> HttpResponse:
    """One exam: its sections and pass marks (changeable), and each candidate's result."""
    organisation = require_candidates(request.user)
    found = exam_get_for(request.user, organisation, exam_id)
    form = ExamSectionsForm(request.POST or None, initial={"sections": _sections_text(found)})
    if request.method == "POST" and form.is_valid():
        found.sections = form.cleaned_data["sections"]
        found.save(update_fields=["sections"])
        audit_record(actor=request.user, action=AuditAction.UPDATE, obj=found, fields=["sections"])
        messages.success(request, _("The sections are saved."))
        return redirect("candidates:exam", found.pk)
    feedback_runs_stale_fail()  # a run whose worker stopped is marked so, not left waiting
    page = page_of(request, exam_results_of(found))
    shown = list(page.object_list)
    if shown:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=found,
            fields=("section_scores", "passed"),
            detail=f"{len(shown)} exam results",
        )
    names = [s["name"] for s in found.sections]
    rows = [(r, [r.section_scores.get(n) for n in names]) for r in shown]
    return render(
        request,
        "equity/candidates/exam.html",
        {
            "exam": found,
            "form": form,
            "page": page,
            "rows": rows,
            "names": names,
            "run_form": FeedbackRunForm(),
            "runs": FeedbackRun.objects.filter(exam=found).order_by("-created_at")[:5],
        },
    )


@require_GET
@login_required
def feedback(request: HttpRequest, result_id: int) -> HttpResponse:
    """One candidate's feedback report as a PDF, in their language."""
    organisation = require_candidates(request.user)
    result = exam_result_get_for(organisation, result_id)
    body = feedback_pdf(result=result, by=request.user)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"feedback-{result.applicant.external_id}-{result.taken_on:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name.replace(chr(34), "")}"'
    return response


@require_POST
@login_required
def feedback_run_new(request: HttpRequest, exam_id: int) -> HttpResponse:
    """Make the exam's feedback reports in the background, as one ZIP file."""
    organisation = require_candidates(request.user)
    found = exam_get_for(request.user, organisation, exam_id)
    form = FeedbackRunForm(request.POST)
    only_failed = form.cleaned_data["only_failed"] if form.is_valid() else True
    run = feedback_run_start(exam=found, only_failed=only_failed, by=request.user)
    return redirect("candidates:feedback_run", run.pk)


@require_GET
@login_required
def feedback_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """A bulk run's progress (the page polls itself while it runs) and its file when ready."""
    organisation = require_candidates(request.user)
    run = feedback_run_get_for(organisation, run_id)
    template = (
        "equity/candidates/_feedback_progress.html"
        if getattr(request, "htmx", False)
        else "equity/candidates/feedback_run.html"
    )
    return render(request, template, {"run": run})


@require_GET
@login_required
def feedback_download(request: HttpRequest, run_id: int) -> HttpResponse:
    """The ZIP file of a finished bulk run."""
    organisation = require_candidates(request.user)
    run = feedback_run_get_for(organisation, run_id)
    if run.status != FeedbackRun.Status.DONE or not run.stored_file:
        raise Http404
    try:
        source = feedback_run_open(run)
    except FileProblem:
        raise Http404 from None
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        fields=("section_scores", "passed"),
        detail="feedback reports downloaded",
    )
    return FileResponse(
        source,
        as_attachment=True,
        filename=f"feedback-{run.pk}.zip",
        content_type="application/zip",
    )


@require_GET
@login_required
def retest(request: HttpRequest) -> HttpResponse:
    """Of candidates who failed, the pass rate at the next attempt with and without
    feedback, by group, with the adverse-impact tests."""
    organisation = require_equity(request.user)
    choices = [(e.pk, e.name) for e in Exam.objects.filter(organisation=organisation)]
    form = RetestForm(request.GET or None, exams=choices)
    chosen, characteristic = None, "race"
    if form.is_valid():
        if form.cleaned_data["exam"]:
            chosen = Exam.objects.filter(
                organisation=organisation, pk=form.cleaned_data["exam"]
            ).first()
        characteristic = form.cleaned_data["characteristic"] or "race"
    report = retest_report(organisation, exam=chosen, characteristic=characteristic)
    kind = reports.RACE if characteristic == "race" else reports.SEX
    arms = []
    for arm, title in (
        (report.with_feedback, _("With feedback")),
        (report.without_feedback, _("Without feedback")),
    ):
        groups = [(reports.group_label(kind, g.group), g) for g in arm.analysis.groups]
        arms.append((title, arm, groups))
    return render(
        request,
        "equity/candidates/retest.html",
        {
            "form": form,
            "arms": arms,
            "report": report,
            "reads_candidates": user_reads_candidates(request.user),
        },
    )
