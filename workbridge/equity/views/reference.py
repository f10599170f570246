"""Equity reference data: benchmarks, the workforce table and equity settings.

Analysts read them; program directors and administrators change them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workbridge.accounts.models import Organisation, Role
from workbridge.accounts.queries import role_of
from workbridge.core.spreadsheets import rows_to_csv
from workbridge.equity import reports
from workbridge.equity.access import require_equity
from workbridge.equity.forms import BenchmarkForm, EquitySettingsForm, WorkforceImportForm
from workbridge.equity.models import Eeo4JobCategory
from workbridge.equity.reference_data import (
    benchmark_delete,
    benchmark_get_for,
    benchmark_save,
    benchmarks_of,
    equity_settings_update,
    problem_text,
    workforce_check,
    workforce_import,
    workforce_summary,
)
from workbridge.equity.reports_workforce import band_labels
from workbridge.equity.services import equity_settings_for

EDITOR_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROBLEMS_SHOWN = 200


def can_edit_reference(user) -> bool:
    """Whether the user may change benchmarks, the workforce table and equity settings."""
    return role_of(user) in EDITOR_ROLES


def require_reference_editor(user) -> Organisation:
    """The user's organisation when they may change reference data; 403 otherwise."""
    organisation = require_equity(user)
    if not can_edit_reference(user):
        raise PermissionDenied
    return organisation


# Benchmarks ------------------------------------------------------------------------------


@require_GET
@login_required
def benchmark_list(request: HttpRequest) -> HttpResponse:
    """Every benchmark with its source, year and shares."""
    organisation = require_equity(request.user)
    labels = {
        reports.RACE: {g: reports.group_label(reports.RACE, g) for g in reports.group_keys("race")},
        reports.SEX: {g: reports.group_label(reports.SEX, g) for g in reports.group_keys("sex")},
    }
    rows = []
    for benchmark in benchmarks_of(organisation):
        shares = [
            (
                reports.CHARACTERISTICS.get(s.characteristic, s.characteristic),
                labels.get(s.characteristic, {}).get(s.group, s.group),
                (s.share * 100).quantize(s.share.__class__("0.01")),
            )
            for s in sorted(benchmark.shares.all(), key=lambda s: (s.characteristic, s.group))
        ]
        rows.append((benchmark, shares))
    return render(
        request,
        "equity/benchmark_list.html",
        {
            "rows": rows,
            "can_edit": can_edit_reference(request.user),
            "categories": dict(Eeo4JobCategory.choices),
        },
    )


def _benchmark_form(request: HttpRequest, benchmark=None) -> HttpResponse:
    organisation = require_reference_editor(request.user)
    if benchmark is not None:
        benchmark = benchmark_get_for(organisation, benchmark)
    form = BenchmarkForm(request.POST or None, instance=benchmark)
    if request.method == "POST" and form.is_valid():
        saved = benchmark_save(
            organisation=organisation,
            data=form.cleaned_data,
            shares=form.shares(),
            benchmark=benchmark,
            by=request.user,
        )
        messages.success(request, _("Benchmark “%(name)s” saved.") % {"name": saved.name})
        return redirect("equity:benchmarks")
    return render(request, "equity/benchmark_form.html", {"form": form, "benchmark": benchmark})


@require_http_methods(["GET", "POST"])
@login_required
def benchmark_create(request: HttpRequest) -> HttpResponse:
    """A new availability benchmark."""
    return _benchmark_form(request)


@require_http_methods(["GET", "POST"])
@login_required
def benchmark_edit(request: HttpRequest, benchmark_id: int) -> HttpResponse:
    """Change a benchmark and its shares."""
    return _benchmark_form(request, benchmark_id)


@require_POST
@login_required
def benchmark_remove(request: HttpRequest, benchmark_id: int) -> HttpResponse:
    """Delete a benchmark."""
    organisation = require_reference_editor(request.user)
    benchmark = benchmark_get_for(organisation, benchmark_id)
    name = benchmark.name
    benchmark_delete(benchmark=benchmark, by=request.user)
    messages.success(request, _("Benchmark “%(name)s” deleted.") % {"name": name})
    return redirect("equity:benchmarks")


# The workforce table ------------------------------------------------------------------


@require_GET
@login_required
def workforce_list(request: HttpRequest) -> HttpResponse:
    """The dates the workforce table holds, with their counts."""
    organisation = require_equity(request.user)
    return render(
        request,
        "equity/workforce_list.html",
        {
            "dates": workforce_summary(organisation),
            "can_edit": can_edit_reference(request.user),
            "bands": band_labels(organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def workforce_upload(request: HttpRequest) -> HttpResponse:
    """Import a workforce table; every row is checked first, and nothing is half-written."""
    organisation = require_reference_editor(request.user)
    form = WorkforceImportForm(request.POST or None, request.FILES or None)
    problems = []
    total_problems = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            plan = workforce_check(organisation, upload, upload.name)
            if plan.ok:
                written = workforce_import(
                    organisation=organisation, plan=plan, filename=upload.name, by=request.user
                )
                messages.success(
                    request,
                    _("Imported %(rows)s counts of %(employees)s employees.")
                    % {"rows": written, "employees": plan.employees},
                )
                return redirect("equity:workforce")
            total_problems = len(plan.problems)
            problems = [(p.row, p.column, problem_text(p)) for p in plan.problems[:PROBLEMS_SHOWN]]
    return render(
        request,
        "equity/workforce_import.html",
        {
            "form": form,
            "problems": problems,
            "total_problems": total_problems,
            "bands": band_labels(organisation),
            "categories": Eeo4JobCategory.choices,
        },
        status=200,
    )


@require_GET
@login_required
def workforce_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the workforce import reads and two example rows."""
    organisation = require_equity(request.user)
    bands = band_labels(organisation)
    body = rows_to_csv(
        [
            "as_of",
            "department",
            "eeo4_category",
            "salary_band",
            "annual_salary",
            "race_ethnicity",
            "sex",
            "employees",
        ],
        [
            [
                "2025-06-30",
                "Streets",
                "skilled_craft",
                bands[min(5, len(bands) - 1)],
                "",
                "hispanic",
                "female",
                12,
            ],
            ["2025-06-30", "Streets", "skilled_craft", "", "48500", "black", "male", 1],
        ],
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="workforce-template.csv"'
    return response


# Equity settings -------------------------------------------------------------------------


@require_GET
@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """The stage list, salary bands and small-cell threshold in force."""
    organisation = require_equity(request.user)
    row = equity_settings_for(organisation)
    return render(
        request,
        "equity/settings.html",
        {
            "settings_row": row,
            "bands": band_labels(organisation),
            "can_edit": can_edit_reference(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    """Change the stage list, salary bands and small-cell threshold."""
    organisation = require_reference_editor(request.user)
    row = equity_settings_for(organisation)
    form = EquitySettingsForm(request.POST or None, initial=EquitySettingsForm.initial_for(row))
    if request.method == "POST" and form.is_valid():
        equity_settings_update(organisation=organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Equity settings saved."))
        return redirect("equity:settings")
    return render(request, "equity/settings_edit.html", {"form": form})
