"""Importing employers, contacts and openings: upload, match the columns, then the worker
checks every row and, when asked, imports them; the run page shows how far it has got."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.access import require_casework
from workbridge.core.spreadsheets import FileProblem, Problem, guess_mapping
from workbridge.employers.import_runs import (
    UNDER_WAY,
    sheet_import_discard,
    sheet_import_queue,
    sheet_import_start,
    sheet_imports_stale_fail,
)
from workbridge.employers.import_work import sheet_import_table
from workbridge.employers.imports import COLUMNS, KIND_LABELS, problem_text
from workbridge.employers.models import SheetImport
from workbridge.web import forms as web_forms
from workbridge.web.uploads import FILE_PROBLEMS as SHARED_FILE_PROBLEMS
from workbridge.web.uploads import file_problem_text

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Rows shown while the columns are matched.
SAMPLE_ROWS = 5
FILE_PROBLEMS = {
    **SHARED_FILE_PROBLEMS,
    "unreadable": _(
        "The file cannot be read as CSV: a cell is longer than 131,072 characters or the "
        "quotes do not pair up. Save it again as .xlsx or .csv."
    ),
    "missing": _("The uploaded file is no longer kept. Please upload it again."),
}
# A status is "mappable" when its columns may be chosen (again).
MAPPABLE = (
    SheetImport.Status.WAITING,
    SheetImport.Status.PROBLEMS,
    SheetImport.Status.READY,
    SheetImport.Status.FAILED,
)


class UploadForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(
        label=_("File"), help_text=_("A .csv or .xlsx file whose first row names the columns.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


def _run_for(request: HttpRequest, run_id: int) -> SheetImport:
    """One of this person's own imports (the upload is theirs alone); 404 for anyone else."""
    require_casework(request.user)
    run = SheetImport.objects.filter(pk=run_id, created_by=request.user).first()
    if run is None:
        raise Http404
    return run


@require_http_methods(["GET", "POST"])
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    require_casework(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = sheet_import_start(
            by=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
        try:
            # Read through now, so a file over a limit is refused while the person waits.
            with sheet_import_table(run) as table:
                for _row in table:
                    pass
        except FileProblem as problem:
            sheet_import_discard(run)
            form.add_error("file", file_problem_text(problem, messages=FILE_PROBLEMS))
        else:
            return redirect("employers:import_map", run.pk)
    return render(request, "employers/import_start.html", {"form": form, "kinds": COLUMNS})


@require_http_methods(["GET", "POST"])
@login_required
def import_map(request: HttpRequest, run_id: int) -> HttpResponse:
    """Choose which column holds each field; the worker then checks the whole file."""
    run = _run_for(request, run_id)
    if run.status not in MAPPABLE or (run.status == SheetImport.Status.WAITING and run.mapping):
        return redirect("employers:import_run", run.pk)
    try:
        with sheet_import_table(run) as table:
            headers = table.headers
            sample: list[list[str]] = []
            row_count = 0
            for _number, cells in table:
                row_count += 1
                if len(sample) < SAMPLE_ROWS:
                    sample.append(cells)
    except FileProblem as problem:
        return render(
            request,
            "employers/import_map.html",
            {
                "run": run,
                "file_problem": file_problem_text(problem, messages=FILE_PROBLEMS),
                "fields": [],
            },
        )
    columns = COLUMNS[run.kind]
    missing: list[str] = []
    if request.method == "POST":
        mapping = {c.key: request.POST.get(f"map-{c.key}", "") for c in columns}
        mapping = {k: v for k, v in mapping.items() if v in headers}
        # A required field with no column is said once here, never once per row.
        missing = [c.label for c in columns if c.required and c.key not in mapping]
        if not missing:
            sheet_import_queue(
                run=run, by=request.user, step=SheetImport.Step.CHECK, mapping=mapping
            )
            return redirect("employers:import_run", run.pk)
    else:
        mapping = guess_mapping(headers, columns) | {
            k: v for k, v in run.mapping.items() if v in headers
        }
    fields = [
        {"column": c, "chosen": mapping.get(c.key, ""), "name": f"map-{c.key}"} for c in columns
    ]
    return render(
        request,
        "employers/import_map.html",
        {
            "run": run,
            "kind_label": KIND_LABELS[run.kind],
            "headers": headers,
            "fields": fields,
            "row_count": row_count,
            "sample": sample,
            "missing": missing,
        },
    )


def _run_context(run: SheetImport) -> dict:
    finished = run.status not in UNDER_WAY
    context: dict = {"run": run, "finished": finished, "kind_label": KIND_LABELS[run.kind]}
    if run.rows_total:
        context["percent"] = min(100, round(100 * run.rows_done / run.rows_total))
    context["problems"] = [
        (
            p["line"],
            p["column"],
            problem_text(Problem(p["line"], p["column"], p["code"], p["params"])),
        )
        for p in run.problems
    ]
    context["more_problems"] = max(0, run.problems_total - len(run.problems))
    error = run.summary.get("error", "")
    context["file_problem"] = FILE_PROBLEMS.get(error) if error else None
    return context


@require_GET
@login_required
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One import: its progress while the worker runs it, then its problems or its outcome."""
    run = _run_for(request, run_id)
    if sheet_imports_stale_fail(run_id=run.pk):
        run.refresh_from_db()
    return render(request, "employers/import_run.html", _run_context(run))


@require_GET
@login_required
def import_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls while the import is under way."""
    run = _run_for(request, run_id)
    if sheet_imports_stale_fail(run_id=run.pk):
        run.refresh_from_db()
    return render(request, "employers/_import_progress.html", _run_context(run))


@require_POST
@login_required
def import_load(request: HttpRequest, run_id: int) -> HttpResponse:
    """Import a checked file: the worker checks it again and saves it in one go."""
    run = _run_for(request, run_id)
    if run.status == SheetImport.Status.READY:
        sheet_import_queue(run=run, by=request.user, step=SheetImport.Step.LOAD)
    return redirect("employers:import_run", run.pk)


@require_POST
@login_required
def import_retry(request: HttpRequest, run_id: int) -> HttpResponse:
    """Queue again the step of an import whose worker stopped."""
    run = _run_for(request, run_id)
    if run.status == SheetImport.Status.FAILED and run.stored_file:
        sheet_import_queue(run=run, by=request.user, step=run.step)
    return redirect("employers:import_run", run.pk)
