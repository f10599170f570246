"""Importing applicant-flow exports: upload, match the columns, watch it run, read the result."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.core.spreadsheets import FileProblem, guess_mapping
from workbridge.equity.access import require_equity
from workbridge.equity.imports.files import import_file_exists
from workbridge.equity.imports.rows import (
    FILE_PROBLEMS,
    field_label,
    import_columns,
    import_headers,
    import_unknown_in_counts,
    problem_text,
)
from workbridge.equity.imports.runs import (
    import_run_discard,
    import_run_queue,
    import_run_scan_queue,
    import_run_start,
    import_runs_stale_fail,
)
from workbridge.equity.imports.work import import_run_saved_values
from workbridge.equity.models import ImportRun, ImportRunStatus, ImportSource, ImportStatus
from workbridge.equity.services import equity_settings_for
from workbridge.people.choices import RaceEthnicity, Sex, YesNoPreferNot
from workbridge.web import forms as web_forms
from workbridge.web.lists import page_of
from workbridge.web.uploads import file_problem_text

MAX_UPLOAD_BYTES = 300 * 1024 * 1024
RUNNING = (
    ImportStatus.WAITING,
    ImportRunStatus.SCANNING,
    ImportStatus.CHECKING,
    ImportStatus.LOADING,
)


class UploadForm(web_forms.Form):
    source = forms.ModelChoiceField(
        label=_("Where the file comes from"),
        queryset=ImportSource.objects.none(),
        required=False,
        empty_label=_("— a new source —"),
        help_text=_("Its saved column choices are filled in for you."),
    )
    source_name = forms.CharField(
        label=_("Name of a new source"),
        max_length=120,
        required=False,
        help_text=_("For example the name of your applicant tracking system."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A .csv or .xlsx export with one row per applicant per requisition, its first "
            "row naming the columns; at most 300 MB."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = ImportSource.objects.filter(organisation=organisation)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 300 MB. Split it by year and import each part.")
            )
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(FILE_PROBLEMS["file_type"])
        return upload


def _run_for(organisation: Organisation, run_id: int) -> ImportRun:
    """One of the organisation's imports; 404 for anyone else's."""
    run = (
        ImportRun.objects.filter(organisation=organisation, pk=run_id)
        .select_related("source", "created_by")
        .first()
    )
    if run is None:
        raise Http404
    return run


@require_GET
@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """Past imports, newest first, and the sources whose column choices are saved."""
    organisation = require_equity(request.user)
    runs = ImportRun.objects.filter(organisation=organisation).select_related(
        "source", "created_by"
    )
    page = page_of(request, runs)
    sources = ImportSource.objects.filter(organisation=organisation)
    return render(
        request,
        "equity/import_list.html",
        {"page": page, "sources": sources},
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_new(request: HttpRequest) -> HttpResponse:
    """Upload an export; the next step matches its columns."""
    organisation = require_equity(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_run_start(
                by=request.user,
                upload=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
                source_name=form.cleaned_data["source_name"],
            )
            try:
                import_headers(run.stored_file, run.filename)
            except FileProblem:
                import_run_discard(run)
                raise
        except FileProblem as problem:
            form.add_error("file", file_problem_text(problem, messages=FILE_PROBLEMS))
        else:
            return redirect("equity:import_map", run.pk)
    stages = equity_settings_for(organisation).stages
    return render(
        request,
        "equity/import_new.html",
        {"form": form, "columns": import_columns(stages)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def import_map(request: HttpRequest, run_id: int) -> HttpResponse:
    """Choose which column holds each field: the source's saved choices first, then guesses."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if run.status not in (ImportStatus.WAITING, ImportStatus.FAILED) or _queued(run):
        return redirect("equity:import_run", run.pk)
    try:
        headers = import_headers(run.stored_file, run.filename)
    except FileProblem as problem:
        return render(
            request,
            "equity/import_map.html",
            {
                "run": run,
                "file_problem": file_problem_text(problem, messages=FILE_PROBLEMS),
                "fields": [],
            },
        )
    columns = import_columns(equity_settings_for(organisation).stages)
    known = set(headers)
    missing: list[str] = []
    if request.method == "POST":
        mapping = {c.key: request.POST.get(f"map-{c.key}", "") for c in columns}
        mapping = {k: v for k, v in mapping.items() if v in known}
        missing = [str(c.label) for c in columns if c.required and c.key not in mapping]
        if "stage_reached" not in mapping and not any(k.endswith("_reached") for k in mapping):
            missing.append(field_label("stage_reached"))
        if not missing:
            # The worker counts the coded columns' values; the value page shows its progress.
            import_run_scan_queue(run=run, mapping=mapping, by=request.user)
            return redirect("equity:import_values", run.pk)
    else:
        mapping = guess_mapping(headers, columns)
        saved = run.mapping or (run.source.mapping if run.source else {})
        mapping |= {k: v for k, v in saved.items() if v in known}
    fields = [
        {"column": c, "chosen": mapping.get(c.key, ""), "name": f"map-{c.key}"} for c in columns
    ]
    return render(
        request,
        "equity/import_map.html",
        {"run": run, "headers": headers, "fields": fields, "missing": missing},
    )


def _run_context(request: HttpRequest, run: ImportRun) -> dict:
    finished = run.status not in RUNNING
    context: dict = {
        "run": run,
        "finished": finished,
        "problems": None,
        "retryable": _retryable(run),
    }
    if run.status == ImportStatus.CHECKING and run.rows_total:
        context["percent"] = min(100, round(100 * run.rows_done / run.rows_total))
    if finished and run.problems:
        page = page_of(request, run.problems)
        context["page"] = page
        context["problems"] = [
            (p.get("row"), p.get("column"), problem_text(p)) for p in page.object_list
        ]
        context["problems_not_kept"] = max(0, run.problems_total - len(run.problems))
        # The problems quote cells of the file, which may be someone's answers.
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=run,
            object_type="equity.import",
            fields=["problems"],
            detail=f"problems page {page.number}",
        )
    if run.summary.get("by_year"):
        context["by_year"] = sorted(run.summary["by_year"].items())
    return context


@require_GET
@login_required
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One import: its progress while it runs, then what it imported or what to fix."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if import_runs_stale_fail(run_id=run.pk):
        run.refresh_from_db()
    return render(request, "equity/import_run.html", _run_context(request, run))


@require_GET
@login_required
def import_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the run page polls while the import is under way."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if import_runs_stale_fail(run_id=run.pk):
        run.refresh_from_db()
    return render(request, "equity/_import_progress.html", _run_context(request, run))


def _retryable(run: ImportRun) -> bool:
    """A run that stopped without naming a problem, whose file and columns are still kept."""
    return (
        run.status == ImportStatus.FAILED
        and not run.problems_total
        and bool(run.mapping)
        and import_file_exists(run)
    )


@require_POST
@login_required
def import_retry(request: HttpRequest, run_id: int) -> HttpResponse:
    """Queue again an import that stopped, with the same file and the same columns."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if _retryable(run):
        import_run_queue(run=run, mapping=run.mapping, by=request.user)
    return redirect("equity:import_run", run.pk)


def _queued(run: ImportRun) -> bool:
    """A run handed to the worker (its columns saved and a heartbeat set), not still mapped."""
    return run.status == ImportStatus.WAITING and bool(run.mapping) and run.heartbeat_at is not None


NOT_DISCLOSED_CHOICE = ("not_disclosed", _("Not disclosed"))


def _value_choices(field: str, stages: list[str]) -> list[tuple[str, str]]:
    """The categories a code of one coded column may be mapped to."""
    if field == "race_ethnicity":
        return [
            *RaceEthnicity.choices,
            ("prefer_not", _("Prefer not to say")),
            NOT_DISCLOSED_CHOICE,
        ]
    if field == "sex":
        return [*Sex.choices, NOT_DISCLOSED_CHOICE]
    if field == "stage_reached":
        return [(s, s) for s in stages]
    return list(YesNoPreferNot.choices)


@require_http_methods(["GET", "POST"])
@login_required
def import_values(request: HttpRequest, run_id: int) -> HttpResponse:
    """Map the codes the file uses that are not understood yet (W, B, 0/1 ...) to categories;
    the mapping is saved on the source and reused for its next files."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if run.status == ImportRunStatus.SCANNING and not import_runs_stale_fail(run_id=run.pk):
        return render(request, "equity/import_scan.html", _scan_context(run))
    if run.status == ImportRunStatus.SCANNING:  # its worker stopped: the run page says so
        return redirect("equity:import_run", run.pk)
    if run.status not in (ImportStatus.WAITING, ImportStatus.FAILED) or _queued(run):
        return redirect("equity:import_run", run.pk)
    if not run.mapping or run.value_counts is None:
        return redirect("equity:import_map", run.pk)
    values = import_run_saved_values(run)
    # What the worker counted, judged against the value mapping as it stands now.
    unknown = import_unknown_in_counts(
        organisation=organisation, counts=run.value_counts, values=values
    )
    if not unknown:
        # Nothing to map: the worker queued the import itself, which may already have
        # ended (refused rows included); its page says how.
        return redirect("equity:import_run", run.pk)
    stages = list(equity_settings_for(organisation).stages)
    groups = []
    errors: list[str] = []
    chosen: dict[str, dict[str, str]] = {}
    for field, found in unknown.items():
        choices = _value_choices(field, stages)
        accepted = {key for key, _label in choices}
        rows = []
        for i, (code, count) in enumerate(found):
            name = f"value-{field}-{i}"
            picked = request.POST.get(name, "") if request.method == "POST" else ""
            if request.method == "POST":
                if picked in accepted:
                    chosen.setdefault(field, {})[code] = picked
                else:
                    errors.append(
                        _("Choose a category for “%(code)s” in “%(field)s”.")
                        % {"code": code, "field": field_label(field)}
                    )
            rows.append({"code": code, "count": count, "name": name, "picked": picked, "id": name})
        groups.append(
            {"field": field, "label": field_label(field), "rows": rows, "choices": choices}
        )
    if request.method == "POST" and not errors:
        for field, codes in chosen.items():
            values.setdefault(field, {}).update(codes)
        import_run_queue(run=run, mapping=run.mapping, by=request.user, values=values)
        return redirect("equity:import_run", run.pk)
    return render(
        request,
        "equity/import_values.html",
        {"run": run, "groups": groups, "errors": errors},
    )


def _scan_context(run: ImportRun) -> dict:
    context: dict = {"run": run}
    if run.rows_total:
        context["percent"] = min(100, round(100 * run.rows_done / run.rows_total))
    return context


@require_GET
@login_required
def import_values_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The progress fragment the value page polls while the worker counts the values;
    once counted, htmx is sent on to the value page (or the run's, when it went on)."""
    organisation = require_equity(request.user)
    run = _run_for(organisation, run_id)
    if run.status == ImportRunStatus.SCANNING and not import_runs_stale_fail(run_id=run.pk):
        return render(request, "equity/_import_scan_progress.html", _scan_context(run))
    url = reverse("equity:import_values", args=[run.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
