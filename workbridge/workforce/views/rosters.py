"""Importing a roster: upload with its date, match the columns, watch it run."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.accounts.models import Organisation
from workbridge.core.spreadsheets import FileProblem, guess_mapping
from workbridge.equity.access import require_equity
from workbridge.equity.models import ImportStatus
from workbridge.web.uploads import file_problem_text
from workbridge.workforce.forms import ColumnsForm, RosterUploadForm
from workbridge.workforce.models import RosterImport
from workbridge.workforce.roster_rows import roster_columns, roster_headers
from workbridge.workforce.roster_runs import roster_run_queue, roster_run_start
from workbridge.workforce.roster_work import ROSTER_RUNS

RUNNING = (ImportStatus.WAITING, ImportStatus.CHECKING, ImportStatus.LOADING)


def _run_for(organisation: Organisation, run_id: int) -> RosterImport:
    run = RosterImport.objects.filter(organisation=organisation, pk=run_id).first()
    if run is None:
        raise Http404
    return run


@require_http_methods(["GET", "POST"])
@login_required
def roster_new(request: HttpRequest) -> HttpResponse:
    """Upload a roster and say which date it describes."""
    require_equity(request.user)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = roster_run_start(
                by=request.user, upload=form.cleaned_data["file"], as_of=form.cleaned_data["as_of"]
            )
            roster_headers(run.stored_file, run.filename)
        except FileProblem as problem:
            form.add_error("file", file_problem_text(problem))
        else:
            return redirect("workforce:roster_map", run_id=run.pk)
    return render(request, "workforce/roster_new.html", {"form": form}, status=200)


@require_http_methods(["GET", "POST"])
@login_required
def roster_map(request: HttpRequest, run_id: int) -> HttpResponse:
    """Match the file's columns to the roster's fields, then queue the import."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if run.status in RUNNING and run.mapping:
        return redirect("workforce:roster_run", run_id=run.pk)
    try:
        headers = roster_headers(run.stored_file, run.filename)
    except FileProblem as problem:
        return render(
            request,
            "workforce/roster_run.html",
            {"run": run, "finished": True, "file_problem": file_problem_text(problem)},
        )
    columns = roster_columns()
    initial = run.mapping or guess_mapping(headers, columns)
    form = ColumnsForm(request.POST or None, columns=columns, headers=headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        roster_run_queue(run=run, mapping=form.cleaned_data, by=request.user)
        return redirect("workforce:roster_run", run_id=run.pk)
    return render(request, "workforce/roster_map.html", {"run": run, "form": form})


@require_GET
@login_required
def roster_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """An import's progress and outcome (the progress part refreshes itself)."""
    organisation = require_equity(request.user)
    ROSTER_RUNS.stale_fail(run_id=run_id)
    run = _run_for(organisation, run_id)
    context = {"run": run, "finished": run.status not in RUNNING}
    template = (
        "workforce/_roster_progress.html"
        if request.headers.get("HX-Request")
        else ("workforce/roster_run.html")
    )
    return render(request, template, context)
