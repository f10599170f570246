"""Job fairs: creating them (so the applicant-flow import can name them), importing their
interest lists, and each fair's funnel from interest to hire."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from workbridge.core.spreadsheets import Problem, rows_to_csv
from workbridge.equity import report_exports
from workbridge.equity.access import require_equity
from workbridge.equity.reference_data import problem_text as equity_problem_text
from workbridge.equity.reports_charts import chart_data_uri
from workbridge.equity.services import equity_settings_for
from workbridge.sourcing.forms import (
    FairFilterForm,
    FairForm,
    InterestUploadForm,
    add_service_errors,
)
from workbridge.sourcing.queries import FAIR_SORTS, fair_get_for, fair_list, onsite_positions
from workbridge.sourcing.reports import FAIR_FUNNEL, fair_funnel_report
from workbridge.sourcing.services import (
    INTEREST_PROBLEMS,
    fair_interests_check,
    fair_interests_import,
    job_fair_save,
)
from workbridge.web.lists import Column, page_of, sort_from, sort_headers

COLUMNS = [
    Column(gettext_lazy("Name"), "name"),
    Column(gettext_lazy("Date"), "date", descending_first=True),
    Column(gettext_lazy("Location")),
    Column(gettext_lazy("Community area")),
    Column(gettext_lazy("Interested"), css="num"),
]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
PROBLEMS_SHOWN = 200


def problem_text(problem: Problem) -> str:
    if problem.code in INTEREST_PROBLEMS:
        return str(INTEREST_PROBLEMS[problem.code]) % {"value": "", **problem.params}
    if problem.code == "not_zip":
        return _("“%(value)s” is not a five-digit ZIP code.") % {
            "value": problem.params.get("value", "")
        }
    return equity_problem_text(problem)


@require_GET
@login_required
def fairs(request: HttpRequest) -> HttpResponse:
    require_equity(request.user)
    form = FairFilterForm.bind(request)
    sort = sort_from(request, FAIR_SORTS, default="-date")
    rows = fair_list(request.user, search=form.values().get("q") or "", sort=sort)
    return render(
        request,
        "sourcing/fair_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "headers": sort_headers(request, COLUMNS, sort),
        },
    )


def _fair_form(request: HttpRequest, pk: int | None) -> HttpResponse:
    require_equity(request.user)
    fair = fair_get_for(request.user, pk) if pk else None
    initial = (
        {
            "name": fair.name,
            "held_on": fair.date,
            "location": fair.location,
            "community_area": fair.community_area,
        }
        if fair
        else {}
    )
    form = FairForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = job_fair_save(by=request.user, fair=fair, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Job fair “%(name)s” saved.") % {"name": saved.name})
            return redirect("sourcing:fair", saved.pk)
    return render(request, "sourcing/fair_form.html", {"form": form, "fair": fair})


@require_http_methods(["GET", "POST"])
@login_required
def fair_new(request: HttpRequest) -> HttpResponse:
    return _fair_form(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def fair_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _fair_form(request, pk)


@require_GET
@login_required
def fair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One fair: where and when, positions eligible for on-site offers, and its funnel."""
    organisation = require_equity(request.user)
    fair = fair_get_for(request.user, pk)
    publication = request.GET.get("publication") == "on"
    threshold = equity_settings_for(organisation).small_cell_threshold
    report = fair_funnel_report(
        organisation, fair=fair, publication=publication, threshold=threshold
    )
    hidden = report_exports.hidden_word()
    query = urlencode(
        {
            "fair": fair.pk,
            "characteristic": "race",
            **({"publication": "on"} if publication else {}),
        }
    )
    return render(
        request,
        "sourcing/fair_detail.html",
        {
            "fair": fair,
            "report": report,
            "publication": publication,
            "tables": [(t, report_exports.shown_rows(t)) for t in report.tables],
            "charts": [(c, chart_data_uri(c, hidden_text=hidden)) for c in report.charts]
            if not report.empty
            else [],
            "hidden_text": hidden,
            "positions": list(onsite_positions(organisation, fair)[:50]),
            "interested": fair.interests.count(),
            "report_url": reverse("equity:report", args=[FAIR_FUNNEL]) + "?" + query,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def fair_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a fair's interest list: every row is checked before the list is replaced."""
    organisation = require_equity(request.user)
    fair = fair_get_for(request.user, pk)
    form = InterestUploadForm(request.POST or None, request.FILES or None)
    problems: list[tuple[int, str, str]] = []
    total_problems = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            plan = fair_interests_check(organisation, upload, upload.name)
            if plan.ok:
                n = fair_interests_import(
                    by=request.user, fair=fair, plan=plan, filename=upload.name
                )
                messages.success(
                    request,
                    _("Imported the interest list: %(n)s people.") % {"n": n},
                )
                return redirect("sourcing:fair", fair.pk)
            total_problems = len(plan.problems)
            problems = [(p.row, p.column, problem_text(p)) for p in plan.problems[:PROBLEMS_SHOWN]]
    return render(
        request,
        "sourcing/fair_import.html",
        {"form": form, "fair": fair, "problems": problems, "total_problems": total_problems},
    )


@require_GET
@login_required
def fair_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the interest list import reads and two example rows."""
    require_equity(request.user)
    body = rows_to_csv(
        ["person_id", "race_ethnicity", "sex", "home_zip", "applicant_id"],
        [
            ["P-001", "black", "female", "60621", ""],
            ["P-002", "hispanic", "male", "60623", "A-1042"],
        ],
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="interest-list-template.csv"'
    return response
