"""Adverse-impact pages: one analysis with its chart and exports, and the full report.

Analysts, program directors and administrators see counts, rates and tests for
groups of applicants, never an applicant. A report "for publication" hides small
cells (see `workbridge.equity.impact`). Every export writes an audit event saying who
exported what, with which filters and in which format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from workbridge.accounts.models import AuditAction, Organisation
from workbridge.accounts.services import audit_record
from workbridge.equity import exports, queries
from workbridge.equity.access import require_equity
from workbridge.equity.impact import (
    Finding,
    ImpactReport,
    StepResult,
    by_label,
    impact_findings,
    impact_report,
    stage_label,
)
from workbridge.equity.services import equity_settings_for
from workbridge.web import forms as web_forms
from workbridge.web.lists import Column, FilterForm, page_of, sort_headers

# matplotlib's SVG styles its shapes inline and holds no script.
CHART_CSP = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


def _by_choices() -> list[tuple[str, Any]]:
    return [
        ("race", gettext_lazy("Race and ethnicity")),
        ("sex", gettext_lazy("Sex")),
        ("race_sex", gettext_lazy("Race and ethnicity × sex")),
    ]


def _analysis_by_choices() -> list[tuple[str, Any]]:
    """The one analysis also breaks applicants down by veteran and disability status."""
    return [
        *_by_choices(),
        ("veteran", gettext_lazy("Veteran status")),
        ("disability", gettext_lazy("Disability status")),
    ]


class ImpactFilterForm(web_forms.Form):
    """What to analyse: which applicants, grouped how, at which step."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None
    )
    department = forms.ChoiceField(label=gettext_lazy("Department"), required=False)
    job_title = forms.ChoiceField(label=gettext_lazy("Job title"), required=False)
    requisition = forms.CharField(
        label=gettext_lazy("Requisition id"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("One requisition only; the year, department and title are its own."),
    )
    by = forms.ChoiceField(
        label=gettext_lazy("Groups"), required=False, choices=_analysis_by_choices
    )
    from_stage = forms.TypedChoiceField(
        label=gettext_lazy("From stage"), required=False, coerce=int, empty_value=None
    )
    to_stage = forms.TypedChoiceField(
        label=gettext_lazy("To stage"), required=False, coerce=int, empty_value=None
    )
    publish = forms.BooleanField(
        label=gettext_lazy("For publication: hide small cells"), required=False
    )

    def __init__(self, data, *, organisation: Organisation, stages: tuple[str, ...]):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["year"].choices = everything + [
            (y, str(y)) for y in queries.flow_years(organisation)
        ]
        self.fields["department"].choices = everything + [
            (d, d) for d in queries.flow_departments(organisation)
        ]
        self.fields["job_title"].choices = everything + [
            (t, t) for t in queries.flow_job_titles(organisation)
        ]
        stage_choices = [("", _("Each step and the whole process"))] + [
            (i, stage_label(s)) for i, s in enumerate(stages)
        ]
        self.fields["from_stage"].choices = stage_choices
        self.fields["to_stage"].choices = stage_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("from_stage"), data.get("to_stage")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Choose both stages of a step, or neither."))
        if start is not None and end is not None and start >= end:
            raise forms.ValidationError(_("The second stage must come after the first."))
        return data


@dataclass(frozen=True)
class Choice:
    """The filters in force, parsed (bad values are dropped, as on the caseload page)."""

    filters: queries.FlowFilters
    by: str
    step: tuple[int, int] | None
    publication: bool
    query: str
    stages: tuple[str, ...] = ()

    def described(self) -> list[tuple[str, str]]:
        """The filters as (name, value) pairs, for exports and the audit log."""
        f = self.filters
        everything = _("All")
        pairs = [
            (_("Year"), str(f.year) if f.year is not None else everything),
            (_("Department"), f.department or everything),
            (_("Job title"), f.job_title or everything),
            (_("Requisition id"), f.requisition.external_id if f.requisition else everything),
            (_("Groups"), by_label(self.by)),
            (_("Steps"), self.step_text()),
            (_("For publication"), _("Yes") if self.publication else _("No")),
        ]
        return pairs

    def step_text(self) -> str:
        if self.step is None:
            return _("Each step and the whole process")
        stages = self.stages
        return _("From %(start)s to %(end)s") % {
            "start": stage_label(stages[self.step[0]]).lower(),
            "end": stage_label(stages[self.step[1]]).lower(),
        }

    def audit_text(self, fmt: str) -> str:
        f = self.filters
        return (
            f"adverse impact {fmt}: year={f.year or 'all'} department={f.department or 'all'}"
            f" title={f.job_title or 'all'}"
            f" requisition={f.requisition.external_id if f.requisition else 'all'}"
            f" by={self.by} step={f'{self.step[0]}-{self.step[1]}' if self.step else 'all'}"
            f" publication={'yes' if self.publication else 'no'}"
        )


def _choice(
    request: HttpRequest, organisation: Organisation, stages: tuple[str, ...]
) -> tuple[ImpactFilterForm, Choice]:
    form = ImpactFilterForm(request.GET or None, organisation=organisation, stages=stages)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    requisition = None
    external_id = (data.get("requisition") or "").strip()
    if external_id:
        # Another organisation's requisition is not found here: 404, as for a missing one.
        requisition = queries.requisition_find(organisation, external_id)
        if requisition is None:
            raise Http404
    step = None
    if data.get("from_stage") is not None and data.get("to_stage") is not None:
        step = (data["from_stage"], data["to_stage"])
    if "__all__" in form.errors:
        step = None
    choice = Choice(
        filters=queries.FlowFilters(
            year=None if requisition else data.get("year"),
            department="" if requisition else data.get("department") or "",
            job_title="" if requisition else data.get("job_title") or "",
            requisition=requisition,
        ),
        by=data.get("by") or "race",
        step=step,
        publication=bool(data.get("publish")),
        query=_query(request.GET),
        stages=stages,
    )
    return form, choice


def _query(params: QueryDict) -> str:
    keep = QueryDict(mutable=True)
    for name in ImpactFilterForm.base_fields:
        value = params.get(name)
        if value:
            keep[name] = value
    return keep.urlencode()


def _setup(request: HttpRequest) -> tuple[Organisation, ImpactFilterForm, Choice, ImpactReport]:
    organisation = require_equity(request.user)
    stages = tuple(equity_settings_for(organisation).stages)
    form, choice = _choice(request, organisation, stages)
    report = impact_report(
        organisation,
        filters=choice.filters,
        by=choice.by,
        step=choice.step,
        publication=choice.publication,
    )
    return organisation, form, choice, report


@require_GET
@login_required
def impact(request: HttpRequest) -> HttpResponse:
    """Selection rates, impact ratios and tests per group at each step, with the funnel."""
    _organisation, form, choice, report = _setup(request)
    return render(
        request,
        "equity/impact.html",
        {
            "form": form,
            "choice": choice,
            "report": report,
            "query": choice.query,
            "hidden_text": _("hidden"),
        },
    )


def _step_from(request: HttpRequest, report: ImpactReport) -> StepResult:
    wanted = request.GET.get("step", "")
    if not wanted and report.steps:
        return report.steps[0]
    for result in report.steps:
        if result.key == wanted:
            return result
    raise Http404


@require_GET
@login_required
@csp_override(CHART_CSP)
def impact_chart(request: HttpRequest) -> HttpResponse:
    """One step's selection rates with the four-fifths line, as SVG."""
    _organisation, _form, _choice, report = _setup(request)
    result = _step_from(request, report)
    response = HttpResponse(exports.step_chart(result), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    _organisation, _form, choice, report = _setup(request)
    now = timezone.localtime()
    if fmt == "xlsx":
        body = exports.impact_xlsx(report, filters=choice.described(), generated=now)
        content_type = exports.XLSX_TYPE
    else:
        body = exports.impact_pdf(report, filters=choice.described(), generated=now)
        content_type = "application/pdf"
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="equity.flowcount",
        fields=["adverse_impact", fmt],
        detail=choice.audit_text(fmt),
    )
    return _download(body, content_type, f"adverse-impact-{now.date().isoformat()}.{fmt}")


@require_GET
@login_required
def impact_xlsx(request: HttpRequest) -> HttpResponse:
    """The analysis as a workbook: one sheet per step and a notes sheet; audited."""
    return _export(request, "xlsx")


@require_GET
@login_required
def impact_pdf(request: HttpRequest) -> HttpResponse:
    """The analysis as a PDF report, charts included; audited."""
    return _export(request, "pdf")


# The full report ----------------------------------------------------------------------

# The overview's columns; each sortable one sorts one way (significant findings first).
OVERVIEW_COLUMNS = (
    Column(gettext_lazy("Job title"), "title", descending=False),
    Column(gettext_lazy("Step"), "step", descending=False),
    Column(gettext_lazy("Group"), "group", descending=False),
    Column(gettext_lazy("Considered"), css="num"),
    Column(gettext_lazy("Selected"), css="num"),
    Column(gettext_lazy("Selection rate"), css="num"),
    Column(gettext_lazy("Highest rate")),
    Column(gettext_lazy("Impact ratio"), "ratio", descending=False, css="num"),
    Column(gettext_lazy("Fisher p, two-sided"), "p", descending=False, css="num"),
    Column(gettext_lazy("Flags")),
)
SORTS: dict[str, Any] = {
    "title": lambda f: (f.job_title.casefold(), f.step.start, f.step.end, f.label),
    "step": lambda f: (f.step.start, f.step.end, f.job_title.casefold(), f.label),
    "ratio": lambda f: (f.ratio_exact, f.job_title.casefold()),
    "p": lambda f: (f.fisher_p_two_sided, f.job_title.casefold()),
    "group": lambda f: (f.label.casefold(), f.job_title.casefold(), f.step.start),
}


class OverviewForm(FilterForm):
    """Which year, which groups, and in what order."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int)
    by = forms.ChoiceField(label=gettext_lazy("Groups"), required=False, choices=_by_choices)
    sort = forms.ChoiceField(
        label=gettext_lazy("Sort by"),
        required=False,
        choices=[
            ("title", gettext_lazy("Job title")),
            ("step", gettext_lazy("Step")),
            ("ratio", gettext_lazy("Impact ratio, lowest first")),
            ("p", gettext_lazy("Fisher's exact p, smallest first")),
            ("group", gettext_lazy("Group")),
        ],
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]


@require_GET
@login_required
def impact_overview(request: HttpRequest) -> HttpResponse:
    """Every job title × step of a year with adverse impact found, sortable, by pages."""
    organisation = require_equity(request.user)
    years = queries.flow_years(organisation)
    form = OverviewForm.bind(request, years=years)
    data = form.values()
    year = data.get("year") or (years[0] if years else None)
    by = data.get("by") or "race"
    sort = data.get("sort") or "title"
    findings: list[Finding] = []
    if year is not None:
        findings = impact_findings(organisation, year=year, by=by)
    # the practically and statistically significant findings first, each list in order
    order = SORTS[sort]
    findings.sort(key=lambda f: (not f.significant, order(f)))
    page = page_of(request, findings)
    rows = []
    for finding in page.object_list:
        link = QueryDict(mutable=True)
        link.update(
            {
                "year": str(finding.year),
                "job_title": finding.job_title,
                "by": by,
                "from_stage": str(finding.step.start),
                "to_stage": str(finding.step.end),
            }
        )
        rows.append((finding, link.urlencode()))
    groups = [
        (
            _("Adverse impact that is both practically and statistically significant"),
            [r for r in rows if r[0].significant],
        ),
        (_("Below four-fifths only"), [r for r in rows if not r[0].significant]),
    ]
    return render(
        request,
        "equity/impact_overview.html",
        {
            "form": form,
            "year": year,
            "by": by,
            "by_text": by_label(by),
            "sort": sort,
            "page": page,
            "rows": rows,
            "groups": [(heading, shown) for heading, shown in groups if shown],
            "total": len(findings),
            "significant": sum(1 for f in findings if f.significant),
            "headers": sort_headers(request, OVERVIEW_COLUMNS, sort),
            "sorts": [(key, label) for key, label in form.fields["sort"].choices],
        },
    )
