"""The task body of a spreadsheet import of employers, contacts or openings.

``sheet_import_process`` is what the task worker runs (``employers.tasks``): it claims the
queued run, streams the stored file through the row checks (saving progress as it goes)
and, for the "load" step, writes a problem-free file in one transaction together with
the run's "done", so a worker stopped half way leaves nothing half-written. Queuing a
run is ``employers.import_runs``'s; this module never queues, so the two never import
each other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from workbridge.core.spreadsheets import FileProblem, Table, estimate_rows, open_table
from workbridge.employers.imports import ImportPlan, import_apply, import_check, quote
from workbridge.employers.models import SheetImport
from workbridge.web.leases import RunTable
from workbridge.web.uploads import UPLOADS, spreadsheet_limits, upload_delete, upload_open

KEPT_PROBLEMS = 500
UNDER_WAY = (SheetImport.Status.WAITING, SheetImport.Status.CHECKING, SheetImport.Status.LOADING)
SHEET_IMPORTS = RunTable(
    SheetImport,
    waiting=SheetImport.Status.WAITING,
    under_way=UNDER_WAY,
    failed=SheetImport.Status.FAILED,
)


def _stored_file(run: SheetImport) -> str:
    """The run's upload in the file store; FileProblem("missing") when it is gone. Only
    its uploader's files are named with their id first."""
    if run.created_by_id is None or not run.stored_file.startswith(f"{run.created_by_id}-"):
        raise FileProblem("missing")
    return run.stored_file


def sheet_import_table(run: SheetImport) -> Table:
    """The stored file open for streaming: its headers, then its rows; FileProblem when it
    is gone or cannot be read."""
    source = upload_open(UPLOADS, _stored_file(run))
    return open_table(source, run.filename, limits=spreadsheet_limits())


def _counted(
    rows: Iterable[tuple[int, list[str]]], progress: Callable[[int], None]
) -> Iterator[tuple[int, list[str]]]:
    """The rows, telling ``progress`` how many were read every 500."""
    for done, row in enumerate(rows):
        if done % 500 == 0:
            progress(done)
        yield row


def _problems(plan: ImportPlan) -> list[dict[str, Any]]:
    return [
        {
            "line": p.row,
            "column": quote(p.column),
            "code": p.code,
            "params": {k: quote(v) if k == "value" else v for k, v in p.params.items()},
        }
        for p in plan.problems[:KEPT_PROBLEMS]
    ]


def sheet_import_process(run_id: int) -> SheetImport | None:
    """Run the queued step of an import: what the task runs. None when another took it."""
    first = SheetImport.Status.CHECKING
    step = SheetImport.objects.filter(pk=run_id).values_list("step", flat=True).first()
    if step == SheetImport.Step.LOAD:
        first = SheetImport.Status.LOADING
    if not SHEET_IMPORTS.claim(run_id, status=first, rows_done=0):
        return None
    run = SheetImport.objects.select_related("created_by").get(pk=run_id)
    with translation.override(run.language or settings.LANGUAGE_CODE):
        source = upload_open(UPLOADS, _stored_file(run))
        total = estimate_rows(source, run.filename, limits=spreadsheet_limits())
        SheetImport.objects.filter(pk=run_id).update(rows_total=total)
        with open_table(source, run.filename, limits=spreadsheet_limits()) as table:
            plan = import_check(
                by=run.created_by,
                kind=run.kind,
                headers=table.headers,
                rows=_counted(table, SHEET_IMPORTS.heartbeat(run_id)),
                mapping=run.mapping,
            )
        outcome: dict[str, Any] = {
            "rows_total": plan.total_rows,
            "rows_done": plan.total_rows,
            "heartbeat_at": timezone.now(),
        }
        if not plan.ok:
            SheetImport.objects.filter(pk=run_id).update(
                status=SheetImport.Status.PROBLEMS,
                problems=_problems(plan),
                problems_total=len(plan.problems),
                finished_at=timezone.now(),
                **outcome,
            )
        elif run.step == SheetImport.Step.CHECK:
            SheetImport.objects.filter(pk=run_id).update(status=SheetImport.Status.READY, **outcome)
        else:
            # The write and "done" commit together: a stopped worker leaves neither.
            with transaction.atomic():
                summary = import_apply(by=run.created_by, plan=plan)
                SheetImport.objects.filter(pk=run_id).update(
                    status=SheetImport.Status.DONE,
                    summary={
                        "rows": len(plan.rows),
                        "created": summary.created,
                        "updated": summary.updated,
                        "unchanged": summary.unchanged,
                    },
                    finished_at=timezone.now(),
                    **outcome,
                )
            upload_delete(UPLOADS, run.stored_file)
            SheetImport.objects.filter(pk=run_id).update(stored_file="")
    run.refresh_from_db()
    return run


def sheet_import_fail(run_id: int, error: str) -> None:
    """Mark a run that stopped on an error as not imported (it can be tried again)."""
    SHEET_IMPORTS.fail(run_id, error)
