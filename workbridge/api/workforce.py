"""Workforce mobility in the API: roster uploads and their status, and aggregate reports.

Only counts, rates and tests leave: no endpoint returns an employee, a key or a name. The
reports follow the pages' rules (small groups hidden with `publication=true`).
"""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from workbridge.accounts.models import User
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers, query_errors
from workbridge.api.fields import path_id
from workbridge.core import mobility as m
from workbridge.core.spreadsheets import FileProblem, guess_mapping
from workbridge.equity.access import require_equity, user_does_equity
from workbridge.equity.reports import Report
from workbridge.equity.services import equity_settings_for
from workbridge.web.uploads import file_problem_text
from workbridge.workforce.models import RosterImport, Snapshot
from workbridge.workforce.program_reports import learning_report
from workbridge.workforce.queries import panel_load
from workbridge.workforce.reports import REPORT_BUILDERS
from workbridge.workforce.roster_rows import roster_columns, roster_headers
from workbridge.workforce.roster_runs import roster_run_queue, roster_run_start


class WorkforceTokenAuth(TokenAuth):
    """A token whose user works with equity and workforce figures; other roles get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not user_does_equity(user):
            raise HttpError(403, _("Your role does not give access to workforce figures."))
        return user


router = Router(auth=WorkforceTokenAuth(), tags=["workforce"])
RunId = path_id("The roster import's id.")


class RosterSnapshotOut(Schema):
    as_of: date
    employees: int


class RosterSnapshotListOut(Schema):
    items: list[RosterSnapshotOut]


class RunOut(Schema):
    id: int
    as_of: date
    filename: str
    status: str
    rows_total: int
    rows_done: int
    problems_total: int
    problems: list[dict[str, Any]]
    summary: dict[str, Any]


class PeriodOut(Schema):
    start: date
    end: date
    counts: dict[str, int]


class TransitionsOut(Schema):
    department: str
    periods: list[PeriodOut]


class CellOut(Schema):
    value: Any
    hidden: bool


class RowOut(Schema):
    label: str
    section: str
    total: bool
    cells: list[CellOut]


class TableOut(Schema):
    key: str
    caption: str
    row_heading: str
    columns: list[str]
    rows: list[RowOut]


class ReportOut(Schema):
    key: str
    title: str
    scope: list[str]
    publication: bool
    threshold: int
    empty: bool
    notes: list[str]
    tables: list[TableOut]


def _run_out(run: RosterImport) -> dict[str, Any]:
    return {
        "id": run.pk,
        "as_of": run.as_of,
        "filename": run.filename,
        "status": run.status,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "problems_total": run.problems_total,
        "problems": [
            {k: p.get(k) for k in ("row", "column", "code", "message")} for p in run.problems[:100]
        ],
        "summary": run.summary,
    }


def _report_out(report: Report) -> dict[str, Any]:
    return {
        "key": report.key,
        "title": report.title,
        "scope": report.scope,
        "publication": report.publication,
        "threshold": report.threshold,
        "empty": report.empty,
        "notes": report.notes,
        "tables": [
            {
                "key": t.key,
                "caption": t.caption,
                "row_heading": t.row_heading,
                "columns": t.columns,
                "rows": [
                    {
                        "label": r.label,
                        "section": r.section,
                        "total": r.total,
                        "cells": [{"value": c.shown, "hidden": c.hidden} for c in r.cells],
                    }
                    for r in t.rows
                ],
            }
            for t in report.tables
        ],
    }


@router.get(
    "/workforce/snapshots",
    response=answers({200: RosterSnapshotListOut}),
    operation_id="workforce_snapshot_list",
    url_name="workforce_snapshots",
    summary="List roster snapshots",
)
def snapshot_list(request: HttpRequest):
    """The dates your organisation's rosters describe, and how many employees each has."""
    organisation = require_equity(token_user(request))
    snapshots = Snapshot.objects.filter(organisation=organisation).order_by("as_of")
    return {"items": [{"as_of": s.as_of, "employees": s.employees} for s in snapshots]}


@router.post(
    "/workforce/snapshots",
    response=answers({202: RunOut}, body=True),
    operation_id="workforce_snapshot_upload",
    url_name="workforce_snapshots",
    summary="Upload a roster",
)
def snapshot_upload(request: HttpRequest, as_of: Form[date], file: File[UploadedFile]):
    """Upload a roster (CSV or XLSX) as of a date; its columns are matched by their
    headings and it is checked and loaded in the background. Follow its status."""
    user = token_user(request)
    try:
        run = roster_run_start(by=user, upload=file, as_of=as_of)
        headers = roster_headers(run.stored_file, run.filename)
    except FileProblem as problem:
        raise HttpError(400, file_problem_text(problem)) from problem
    run = roster_run_queue(run=run, mapping=guess_mapping(headers, roster_columns()), by=user)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@router.get(
    "/workforce/snapshots/imports/{run_id}",
    response=answers({200: RunOut}, record=True),
    operation_id="workforce_snapshot_status",
    url_name="workforce_snapshot_status",
    summary="A roster upload's status",
)
def snapshot_status(request: HttpRequest, run_id: RunId):
    """Where a roster upload is: waiting, checking, loading, imported or not imported,
    with the first problems by row and column."""
    organisation = require_equity(token_user(request))
    run = RosterImport.objects.filter(organisation=organisation, pk=run_id).first()
    if run is None:
        raise Http404
    return _run_out(run)


@router.get(
    "/workforce/transitions",
    response=answers({200: TransitionsOut}),
    operation_id="workforce_transitions",
    url_name="workforce_transitions",
    summary="Transitions between consecutive rosters",
)
def transitions_summary(request: HttpRequest, department: str = ""):
    """How many hires, promotions, lateral moves, demotions, exits, returns and stays each
    period between consecutive rosters had (one department's when given)."""
    organisation = require_equity(token_user(request))
    loaded = panel_load(organisation, department=department[:120])
    found = m.derive_transitions(loaded.panel)
    periods = []
    for p in range(1, len(loaded.dates)):
        chosen = found.kind[found.period == p]
        periods.append(
            {
                "start": loaded.dates[p - 1],
                "end": loaded.dates[p],
                "counts": {kind: int((chosen == i).sum()) for i, kind in enumerate(m.KINDS)},
            }
        )
    return {"department": department, "periods": periods}


@router.get(
    "/workforce/reports/{key}",
    response=answers({200: ReportOut}, record=True),
    operation_id="workforce_report",
    url_name="workforce_report",
    summary="A mobility, pipeline or pay report",
)
def workforce_report(
    request: HttpRequest,
    key: Literal["mobility", "pipeline", "pay"],
    characteristic: Literal["race", "sex"] = "race",
    department: str = "",
    publication: bool = False,
):
    """A report's tables as the page shows them: promotion, mobility and exit rates by group
    with the adverse-impact tests, the pipeline by grade, or pay within title and grade."""
    organisation = require_equity(token_user(request))
    threshold = equity_settings_for(organisation).small_cell_threshold
    report = REPORT_BUILDERS[key](
        organisation,
        characteristic=characteristic,
        department=department[:120],
        publication=publication,
        threshold=threshold,
    )
    return _report_out(report)


@router.get(
    "/workforce/utilisation",
    response=answers({200: ReportOut}),
    operation_id="workforce_learning_utilisation",
    url_name="workforce_utilisation",
    summary="Learning utilisation",
)
def learning_utilisation(request: HttpRequest, year: int | None = None, publication: bool = False):
    """The share of the workforce in progress or complete in learning, by department, title,
    home ZIP, community area, race and sex; apprenticeship cohort retention."""
    organisation = require_equity(token_user(request))
    threshold = equity_settings_for(organisation).small_cell_threshold
    if year is not None and not 1990 <= year <= 2200:
        raise query_errors({"year": [_("The year is out of range.")]})
    return _report_out(
        learning_report(organisation, year=year, publication=publication, threshold=threshold)
    )
