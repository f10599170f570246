"""The task body of an applicant-flow import: check the stored file, then load it.

``import_run_process`` is what the task worker runs (``equity.tasks``): it claims the
queued run, checks every row (saving progress on the run as it goes) and, when the file
has no problem, loads it in one transaction together with the run's "done", so a worker
stopped half way leaves neither. Queuing a run is ``equity.imports.runs``'s; this module
never queues, so the two never import each other.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from workbridge.core.spreadsheets import FileProblem, estimate_rows
from workbridge.equity.imports.files import import_files_sweep
from workbridge.equity.imports.load import applicant_import_apply
from workbridge.equity.imports.rows import applicant_import_check, problem_text
from workbridge.equity.models import ImportRun, ImportStatus
from workbridge.web.leases import RunTable
from workbridge.web.uploads import IMPORTS, spreadsheet_limits, upload_open

UNDER_WAY = (ImportStatus.WAITING, ImportStatus.CHECKING, ImportStatus.LOADING)
IMPORT_RUNS = RunTable(
    ImportRun, waiting=ImportStatus.WAITING, under_way=UNDER_WAY, failed=ImportStatus.FAILED
)


def _rows_estimate(run: ImportRun) -> int:
    """About how many rows the stored file has (0 when it is gone), for the progress bar."""
    try:
        source = upload_open(IMPORTS, run.stored_file)
    except FileProblem:
        return 0
    with source:
        return estimate_rows(source, run.filename, limits=spreadsheet_limits(applicant_flow=True))


def import_run_process(run_id: int) -> ImportRun:
    """Check the run's file and, when it has no problem, load it: what the task runs."""
    claimed = IMPORT_RUNS.claim(run_id, status=ImportStatus.CHECKING)
    run = ImportRun.objects.select_related("organisation", "created_by").get(pk=run_id)
    if not claimed:  # another worker took it, or it stopped and is no longer waiting
        return run
    organisation = run.organisation
    ImportRun.objects.filter(pk=run_id).update(rows_total=_rows_estimate(run), rows_done=0)
    check = applicant_import_check(
        organisation=organisation,
        stored_file=run.stored_file,
        filename=run.filename,
        mapping=run.mapping,
        values=run.value_mapping,
        progress=partial(IMPORT_RUNS.progress_save, run_id),
    )
    if not check.ok:
        with translation.override(settings.LANGUAGE_CODE):
            problems = [
                {
                    "row": p.row,
                    "column": p.column,
                    "code": p.code,
                    "params": dict(p.params),
                    "message": problem_text(p),
                }
                for p in check.problems
            ]
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED,
            rows_total=check.rows,
            rows_done=check.rows,
            problems=problems,
            problems_total=check.problems_total,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportStatus.LOADING, rows_total=check.rows, rows_done=0, heartbeat_at=timezone.now()
    )
    run.refresh_from_db()
    # The write and "done" commit together: a stopped worker leaves neither.
    with transaction.atomic():
        summary = applicant_import_apply(
            organisation=organisation, check=check, by=run.created_by, run=run
        )
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportStatus.DONE,
            rows_done=check.rows,
            summary=summary,
            finished_at=timezone.now(),
        )
    import_files_sweep()  # the loaded file first among them
    run.refresh_from_db()
    return run


def import_run_fail(run_id: int, error: str) -> None:
    """Mark a run that stopped on an unexpected error as not imported."""
    IMPORT_RUNS.fail(run_id, error)
