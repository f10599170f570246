"""The application-process and optional-steps reports over HTTP, for hiring-equity tokens.

Each endpoint takes the report page's filters (year, department, job title, groups,
publication) and answers the page's own figures, built by the same report: with
``publication=true`` small counts, their complements and every rate, ratio, test or median
resting on them are null, exactly as the page hides them. Only counts, rates and tests
leave: no endpoint returns an applicant or an event.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from workbridge.accounts.models import Organisation
from workbridge.api.auth import EquityTokenAuth, token_user
from workbridge.api.errors import answers, query_errors
from workbridge.api.fields import Line, QueryBool, QueryInt, QuerySchema
from workbridge.equity.access import require_equity
from workbridge.equity.forms import ProcessReportForm
from workbridge.equity.reports import Report, Row, Table, group_keys, group_label
from workbridge.equity.reports_process import application_process_report, optional_steps_report
from workbridge.equity.services import equity_settings_for

router = Router(auth=EquityTokenAuth(), tags=["hiring equity"])

HIDDEN = "Null when undefined, or hidden to protect privacy (publication=true)."


class ProcessReportQuery(QuerySchema):
    year: QueryInt | None = Query(
        None,
        ge=1900,
        le=2999,
        description="The requisitions' year; omitted: the newest year with requisitions.",
    )
    department: Line = Query(
        "", max_length=120, description="One department's requisitions; empty: all."
    )
    job_title: Line = Query("", max_length=160, description="One job title's; empty: all.")
    characteristic: Literal["race", "sex"] = Query(
        "race", description="The groups: by race and ethnicity, or by sex."
    )
    publication: QueryBool = Query(
        False, description="Hide small counts and the figures resting on them, as published."
    )


class ProcessMeasureOut(Schema):
    key: str = Field(description="The group's code, or the step's name (empty: not recorded).")
    label: str = Field(description="As the page shows it.")
    applications: int | None = Field(description=HIDDEN)
    submitted: int | None = Field(description=HIDDEN)
    completion_rate: float | None = Field(description="Percent submitted. " + HIDDEN)
    sessions_per_application: float | None = Field(description=HIDDEN)
    help_requests_per_application: float | None = Field(description=HIDDEN)
    validation_warnings_per_application: float | None = Field(description=HIDDEN)
    median_minutes_to_complete: float | None = Field(description=HIDDEN)
    hidden: bool = Field(description="Whether any figure is hidden for publication.")


class ApplicationProcessOut(Schema):
    year: int
    department: str
    job_title: str
    characteristic: str
    publication: bool
    threshold: int = Field(description="Counts under this are hidden for publication.")
    empty: bool
    message: str = Field(description="Why there is nothing to report, when empty.")
    groups: list[ProcessMeasureOut]
    overall: ProcessMeasureOut | None = Field(description="All applications; null when empty.")
    steps: list[ProcessMeasureOut] = Field(
        description="Per step of the form: an application counts at every step it reached."
    )
    notes: list[str]


class OptionalStepGroupOut(Schema):
    group: str = Field(description="The group's code; empty for all applicants.")
    label: str
    took: int | None = Field(description="Took the step (passed or not). " + HIDDEN)
    passed: int | None = Field(description=HIDDEN)
    did_not_pass: int | None = Field(description=HIDDEN)
    skipped: int | None = Field(description="Skipped or not offered. " + HIDDEN)
    pass_rate: float | None = Field(description="Percent of those who took it. " + HIDDEN)
    impact_ratio: float | None = Field(
        description="Pass rate over the reference group's, rounded down to 3 places. " + HIDDEN
    )
    adverse_impact: bool | None = Field(
        description="Impact ratio below 0.8 (the four-fifths rule). " + HIDDEN
    )
    finding: str | None = Field(description="The four-fifths finding as the page words it.")
    flags: str | None = Field(description="Reference, significance and notices, as the page.")
    fisher_p_two_sided: float | None = Field(description=HIDDEN)
    hidden: bool = Field(description="Whether any figure is hidden for publication.")


class OptionalStepImpactOut(Schema):
    step: str
    groups: list[OptionalStepGroupOut]
    all_applicants: OptionalStepGroupOut


class OptionalStepUsageOut(Schema):
    department: str = Field(description="Empty: not recorded.")
    step: str
    applicants: int | None = Field(description="The department's flagged applicants. " + HIDDEN)
    took: int | None = Field(description=HIDDEN)
    share_took: float | None = Field(description="Percent who took the step. " + HIDDEN)
    passed: int | None = Field(description=HIDDEN)


class OptionalStepsOut(Schema):
    year: int
    department: str
    job_title: str
    characteristic: str
    publication: bool
    threshold: int = Field(description="Counts under this are hidden for publication.")
    empty: bool
    message: str = Field(description="Why there is nothing to report, when empty.")
    steps: list[OptionalStepImpactOut]
    usage: list[OptionalStepUsageOut]
    notes: list[str]


def _filters(organisation: Organisation, query: ProcessReportQuery) -> dict[str, Any]:
    """The page's form, bound to the query: the same checks, the same defaults."""
    data = {
        "year": "" if query.year is None else str(query.year),
        "department": query.department,
        "job_title": query.job_title,
        "characteristic": query.characteristic,
        "publication": "on" if query.publication else "",
    }
    if not data["year"]:
        data["year"] = ProcessReportForm.defaults(organisation).get("year", "")
        if not data["year"]:
            raise query_errors({"year": [_("No applicant flow has been imported yet.")]})
    form = ProcessReportForm(data, organisation=organisation)
    if not form.is_valid():
        raise query_errors(form.errors)
    return form.cleaned_data


def _head(report: Report, filters: dict[str, Any], threshold: int) -> dict[str, Any]:
    return {
        "year": filters["year"],
        "department": filters["department"],
        "job_title": filters["job_title"],
        "characteristic": filters["characteristic"],
        "publication": report.publication,
        "threshold": threshold,
        "empty": report.empty,
        "message": report.empty_message,
        "notes": report.notes,
    }


def _group_codes(characteristic: str) -> dict[str, str]:
    """Each group's label as the report writes it, back to its code."""
    return {group_label(characteristic, k): k for k in group_keys(characteristic)}


def _measure(row: Row, key: str) -> dict[str, Any]:
    c = row.cells
    return {
        "key": key,
        "label": row.label,
        "applications": c[0].shown,
        "submitted": c[1].shown,
        "completion_rate": c[2].shown,
        "sessions_per_application": c[3].shown,
        "help_requests_per_application": c[4].shown,
        "validation_warnings_per_application": c[5].shown,
        "median_minutes_to_complete": c[6].shown,
        "hidden": any(cell.hidden for cell in c),
    }


@router.get(
    "/equity/application-process",
    response=answers({200: ApplicationProcessOut}),
    operation_id="equity_application_process",
    url_name="equity_application_process",
    summary="The application process report",
)
def application_process(request: HttpRequest, filters: Query[ProcessReportQuery]):
    """Completion rate, sessions, help requests, validation warnings and median minutes to
    complete, by group and by step of the form, from the imported application-session
    events of the year's requisitions: the page's figures."""
    organisation = require_equity(token_user(request))
    chosen = _filters(organisation, filters)
    threshold = equity_settings_for(organisation).small_cell_threshold
    report = application_process_report(
        organisation,
        year=chosen["year"],
        characteristic=chosen["characteristic"],
        department=chosen["department"],
        job_title=chosen["job_title"],
        publication=chosen["publication"],
        threshold=threshold,
    )
    body = _head(report, chosen, threshold) | {"groups": [], "overall": None, "steps": []}
    if report.empty:
        return body
    groups, steps = report.tables
    codes = _group_codes(chosen["characteristic"])
    not_recorded = _("Step not recorded")
    body["groups"] = [_measure(r, codes.get(r.label, r.label)) for r in groups.rows if not r.total]
    body["overall"] = next(_measure(r, "") for r in groups.rows if r.total)
    body["steps"] = [_measure(r, "" if r.label == not_recorded else r.label) for r in steps.rows]
    return body


def _ratio(text: Any) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):  # "—": not compared, or no rate to compare
        return None


def _step_group(row: Row, group: str) -> dict[str, Any]:
    c = row.cells
    ratio = _ratio(c[5].shown)
    return {
        "group": group,
        "label": row.label,
        "took": c[0].shown,
        "passed": c[1].shown,
        "did_not_pass": c[2].shown,
        "skipped": c[3].shown,
        "pass_rate": c[4].shown,
        "impact_ratio": ratio,
        # Rounded down, a ratio is below 0.8 exactly when the unrounded one is.
        "adverse_impact": None if ratio is None else ratio < 0.8,
        "finding": None if c[6].shown in (None, "—") else c[6].shown,
        "flags": c[7].shown,
        "fisher_p_two_sided": c[8].shown,
        "hidden": any(cell.hidden for cell in c),
    }


def _step_impact(step: str, table: Table, codes: dict[str, str]) -> dict[str, Any]:
    return {
        "step": step,
        "groups": [_step_group(r, codes.get(r.label, r.label)) for r in table.rows if not r.total],
        "all_applicants": next(_step_group(r, "") for r in table.rows if r.total),
    }


@router.get(
    "/equity/optional-steps",
    response=answers({200: OptionalStepsOut}),
    operation_id="equity_optional_steps",
    url_name="equity_optional_steps",
    summary="The optional steps report",
)
def optional_steps(request: HttpRequest, filters: Query[ProcessReportQuery]):
    """Per optional step, each group's pass rate among the applicants who took it, with the
    four-fifths rule and Fisher's exact test; and how often each department's flagged
    applicants took each step: the page's figures."""
    organisation = require_equity(token_user(request))
    chosen = _filters(organisation, filters)
    threshold = equity_settings_for(organisation).small_cell_threshold
    report = optional_steps_report(
        organisation,
        year=chosen["year"],
        characteristic=chosen["characteristic"],
        department=chosen["department"],
        job_title=chosen["job_title"],
        publication=chosen["publication"],
        threshold=threshold,
    )
    body = _head(report, chosen, threshold) | {"steps": [], "usage": []}
    if report.empty:
        return body
    *step_tables, usage = report.tables
    # The report gives one table per step in the order of their names, and every step
    # flagged has a row in the usage table.
    names = sorted({r.label for r in usage.rows})
    codes = _group_codes(chosen["characteristic"])
    body["steps"] = [
        _step_impact(name, table, codes) for name, table in zip(names, step_tables, strict=True)
    ]
    not_recorded = _("Department not recorded")
    body["usage"] = [
        {
            "department": "" if r.section == not_recorded else r.section,
            "step": r.label,
            "applicants": r.cells[0].shown,
            "took": r.cells[1].shown,
            "share_took": r.cells[2].shown,
            "passed": r.cells[3].shown,
        }
        for r in usage.rows
    ]
    return body
