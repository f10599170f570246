"""Applicant-flow imports and adverse impact over HTTP, for equity analysts' tokens.

Uploads follow the pages: the columns are matched by the source's saved choices (or
guessed, or given), the codes of coded columns are mapped with the source's saved value
mapping (or the one given); while codes remain that nothing maps, the import waits and its
status lists them with their counts, to be mapped with ``POST .../mapping``. The adverse
impact takes the page's parameters and returns counts, rates and tests only: no endpoint
returns an applicant. Problems quote the file's cells, so reading them is audited.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from workbridge.accounts.models import AuditAction, Organisation, User
from workbridge.accounts.services import audit_record
from workbridge.api.auth import EquityTokenAuth, token_user
from workbridge.api.errors import answers, field_errors, query_errors
from workbridge.api.fields import path_id
from workbridge.api.schemas import Error
from workbridge.core.spreadsheets import FileProblem, guess_mapping
from workbridge.core.value_mapping import clean_value_map
from workbridge.equity import queries
from workbridge.equity.access import require_equity
from workbridge.equity.impact import impact_report
from workbridge.equity.imports.rows import (
    FILE_PROBLEMS,
    import_columns,
    import_headers,
    import_unknown_in_counts,
    import_unknown_values,
)
from workbridge.equity.imports.runs import (
    import_run_map_columns,
    import_run_queue,
    import_run_start,
)
from workbridge.equity.models import ImportRun, ImportSource
from workbridge.equity.services import equity_settings_for
from workbridge.web.uploads import file_problem_text

router = Router(auth=EquityTokenAuth(), tags=["hiring equity"])
RunId = path_id("The import's id.")
PROBLEMS_PAGE = 100


class ImportOut(Schema):
    id: int
    filename: str
    source: str | None
    status: str
    queued: bool = Field(description="False while codes wait to be mapped.")
    rows_total: int
    rows_done: int
    problems_total: int
    summary: dict[str, Any]
    mapping: dict[str, str]
    value_mapping: dict[str, dict[str, str]]
    unknown_values: dict[str, list[tuple[str, int]]] = Field(
        description="Codes no mapping covers yet, with how many rows hold each."
    )


class ImportProblemOut(Schema):
    row: int | None
    column: str | None
    code: str
    message: str


class ImportProblemsOut(Schema):
    total: int
    kept: int
    offset: int
    items: list[ImportProblemOut]


class MappingIn(Schema):
    columns: dict[str, str] | None = Field(None, description="Field -> the file's heading.")
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Field -> {code in the file: category}."
    )


class ImpactGroupOut(Schema):
    group: str
    considered: int | None
    selected: int | None
    rate: float | None
    impact_ratio: float | None
    adverse_impact: bool | None
    significant: bool | None
    fisher_p_two_sided: float | None
    shortfall: int | None = Field(description="More selections to reach the highest rate.")
    shortfall_overall: float | None = Field(
        description="considered × (all selected ÷ all considered) − selected, unrounded."
    )
    unknown: bool
    hidden: bool


class StepOut(Schema):
    from_stage: str
    to_stage: str
    reference_group: str | None
    considered: int | None
    selected: int | None
    groups: list[ImpactGroupOut]


class AdverseImpactOut(Schema):
    by: str
    publication: bool
    steps: list[StepOut]


def _run_for(organisation: Organisation, run_id: int) -> ImportRun:
    run = ImportRun.objects.filter(organisation=organisation, pk=run_id).first()
    if run is None:
        raise Http404
    return run


def _unknown(run: ImportRun) -> dict[str, list[tuple[str, int]]]:
    if not run.mapping or run.heartbeat_at is not None:
        return {}
    if run.value_counts is not None:  # counted by the worker for these columns
        return import_unknown_in_counts(
            organisation=run.organisation, counts=run.value_counts, values=_values_of(run)
        )
    try:
        return import_unknown_values(
            organisation=run.organisation,
            stored_file=run.stored_file,
            filename=run.filename,
            mapping=run.mapping,
            values=_values_of(run),
        )
    except FileProblem:
        return {}


def _values_of(run: ImportRun) -> dict[str, dict[str, str]]:
    saved = {
        f: dict(c) for f, c in ((run.source.value_mapping if run.source else {}) or {}).items()
    }
    for field, codes in (run.value_mapping or {}).items():
        saved.setdefault(field, {}).update(codes)
    return saved


def _out(run: ImportRun, unknown: dict | None = None) -> dict[str, Any]:
    return {
        "id": run.pk,
        "filename": run.filename,
        "source": run.source.name if run.source else None,
        "status": run.status,
        "queued": run.heartbeat_at is not None,
        "rows_total": run.rows_total,
        "rows_done": run.rows_done,
        "problems_total": run.problems_total,
        "summary": run.summary,
        "mapping": run.mapping,
        "value_mapping": run.value_mapping,
        "unknown_values": _unknown(run) if unknown is None else unknown,
    }


def _map_and_queue(
    run: ImportRun, user: User, columns: dict[str, str] | None, values: dict
) -> dict[str, Any]:
    """Match the columns, merge the values, and queue unless codes remain unmapped."""
    headers = import_headers(run.stored_file, run.filename)
    stages = equity_settings_for(run.organisation).stages
    known = set(headers)
    if columns is None:
        columns = guess_mapping(headers, import_columns(stages))
        saved = run.source.mapping if run.source else {}
        columns |= {k: v for k, v in (saved or {}).items() if v in known}
    wrong = {
        k: [_("“%(h)s” is not a column of the file.") % {"h": v}]
        for k, v in columns.items()
        if v not in known
    }
    if wrong:
        raise field_errors(wrong)
    merged = _values_of(run)
    for field, codes in clean_value_map(values).items():
        merged.setdefault(field, {}).update(codes)
    unknown = import_unknown_values(
        organisation=run.organisation,
        stored_file=run.stored_file,
        filename=run.filename,
        mapping=columns,
        values=merged,
    )
    if unknown:
        run.value_mapping = clean_value_map(merged)
        run.save(update_fields=["value_mapping"])
        import_run_map_columns(run=run, mapping=columns, by=user)
    else:
        import_run_queue(run=run, mapping=columns, by=user, values=merged)
    run.refresh_from_db()
    return _out(run, unknown)


@router.post(
    "/equity/imports",
    response=answers({202: ImportOut}, body=True),
    operation_id="equity_import_upload",
    url_name="equity_imports",
    summary="Upload an applicant-flow export",
)
def import_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    source_name: Form[str] = "",
    mapping: Form[str] = "",
):
    """Upload an export (CSV or XLSX); ``mapping`` is optional JSON ``{"columns": {...},
    "values": {...}}``, else the source's saved choices are used. It is checked and loaded
    in the background once every code is mapped: follow its status."""
    user = token_user(request)
    try:
        given = json.loads(mapping) if mapping else {}
        parsed = MappingIn(**given) if isinstance(given, dict) else None
    except (ValueError, TypeError):
        parsed = None
    if parsed is None:
        raise field_errors(
            {"mapping": [_("The mapping is not a JSON object of columns and values.")]}
        )
    source = ImportSource.objects.filter(
        organisation=require_equity(user), name=source_name.strip()
    ).first()
    try:
        run = import_run_start(by=user, upload=file, source=source, source_name=source_name)
        result = _map_and_queue(run, user, parsed.columns, parsed.values)
    except FileProblem as problem:
        raise HttpError(400, file_problem_text(problem, messages=FILE_PROBLEMS)) from problem
    return Status(202, result)


@router.post(
    "/equity/imports/{run_id}/mapping",
    response=answers({202: ImportOut, 409: Error}, body=True, record=True),
    operation_id="equity_import_mapping",
    url_name="equity_import_mapping",
    summary="Map an import's columns and codes",
)
def import_mapping(request: HttpRequest, run_id: RunId, payload: MappingIn):
    """Give the columns (or keep the ones chosen) and map the codes still listed; the
    mapping is saved on the source for its next files."""
    user = token_user(request)
    run = _run_for(require_equity(user), run_id)
    if run.heartbeat_at is not None and run.status != "failed":
        raise HttpError(409, _("This import is already under way or done."))
    try:
        return Status(
            202, _map_and_queue(run, user, payload.columns or run.mapping or None, payload.values)
        )
    except FileProblem as problem:
        raise HttpError(400, file_problem_text(problem, messages=FILE_PROBLEMS)) from problem


@router.get(
    "/equity/imports/{run_id}",
    response=answers({200: ImportOut}, record=True),
    operation_id="equity_import_status",
    url_name="equity_import_status",
    summary="An import's status",
)
def import_status(request: HttpRequest, run_id: RunId):
    """Where an import is, what it changed, and any codes still waiting to be mapped."""
    run = _run_for(require_equity(token_user(request)), run_id)
    return _out(run)


@router.get(
    "/equity/imports/{run_id}/problems",
    response=answers({200: ImportProblemsOut}, record=True),
    operation_id="equity_import_problems",
    url_name="equity_import_problems",
    summary="An import's problems",
)
def import_problems(request: HttpRequest, run_id: RunId, offset: int = 0):
    """The problems found, by row and column, 100 at a time (the first 1,000 are kept).
    They quote the file's cells, so reading them is written to the audit log."""
    user = token_user(request)
    run = _run_for(require_equity(user), run_id)
    if offset < 0:
        raise query_errors({"offset": [_("The offset cannot be negative.")]})
    items = run.problems[offset : offset + PROBLEMS_PAGE]
    if items:
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            obj=run,
            object_type="equity.import",
            fields=["problems"],
            detail=f"problems from {offset} (API)",
        )
    return {
        "total": run.problems_total,
        "kept": len(run.problems),
        "offset": offset,
        "items": [
            {
                "row": p.get("row"),
                "column": p.get("column"),
                "code": p.get("code", ""),
                "message": p.get("message", ""),
            }
            for p in items
        ],
    }


@router.get(
    "/equity/adverse-impact",
    response=answers({200: AdverseImpactOut}),
    operation_id="equity_adverse_impact",
    url_name="equity_adverse_impact",
    summary="Adverse impact by step",
)
def adverse_impact(
    request: HttpRequest,
    year: int | None = None,
    department: str = "",
    job_title: str = "",
    requisition: str = "",
    by: Literal["race", "sex", "race_sex"] = "race",
    from_stage: int | None = None,
    to_stage: int | None = None,
    publish: bool = False,
):
    """The page's analysis: selection rates, impact ratios, tests and both shortfalls per
    group at each step (or the one step given), with small groups hidden when ``publish``."""
    organisation = require_equity(token_user(request))
    stages = equity_settings_for(organisation).stages
    step = None
    if (from_stage is None) != (to_stage is None):
        raise query_errors({"to_stage": [_("Give both stages, or neither.")]})
    if from_stage is not None and to_stage is not None:
        if not 0 <= from_stage < to_stage < len(stages):
            raise query_errors({"to_stage": [_("The stages must be in order and in the list.")]})
        step = (from_stage, to_stage)
    found = None
    if requisition.strip():
        found = queries.requisition_find(organisation, requisition.strip())
        if found is None:
            raise query_errors({"requisition": [_("There is no such requisition.")]})
    filters = queries.FlowFilters(
        year=None if found else year,
        department="" if found else department[:120],
        job_title="" if found else job_title[:160],
        requisition=found,
    )
    report = impact_report(organisation, filters=filters, by=by, step=step, publication=publish)
    steps = []
    for result in report.steps:
        groups = []
        for row in result.rows:
            g = row.impact
            hidden = row.hidden or row.selected_hidden
            groups.append(
                {
                    "group": row.name,
                    "considered": None if row.hidden else row.considered,
                    "selected": None if hidden else row.selected,
                    "rate": None if hidden or not row.considered else row.selected / row.considered,
                    "impact_ratio": None if hidden or g is None else g.impact_ratio,
                    "adverse_impact": None if hidden or g is None else g.adverse_impact,
                    "significant": None if hidden or g is None else g.significant,
                    "fisher_p_two_sided": None if hidden or g is None else g.fisher_p_two_sided,
                    "shortfall": None
                    if hidden or g is None or g.is_reference or g.impact_ratio is None
                    else g.shortfall,
                    "shortfall_overall": None if hidden or g is None else row.shortfall_overall,
                    "unknown": row.unknown,
                    "hidden": hidden,
                }
            )
        steps.append(
            {
                "from_stage": result.step.from_stage,
                "to_stage": result.step.to_stage,
                "reference_group": result.analysis.reference_group,
                "considered": None
                if result.considered_total_hidden
                else result.analysis.considered,
                "selected": None if result.selected_total_hidden else result.analysis.selected,
                "groups": groups,
            }
        )
    return {"by": by, "publication": publish, "steps": steps}
