"""The task body of an applicant-flow import: check the stored file, then load it.

``import_run_scan`` counts the values of the coded columns for the value-mapping page,
and, when none needs mapping, sets the run to be checked and loaded (the task queues it).
``import_run_process`` is what the task worker runs next (``equity.tasks``): it claims the
queued run, checks every row (saving progress on the run as it goes) and, when the file
has no problem, loads it in one transaction together with the run's "done", so a worker
stopped half way leaves neither. Queuing a run is ``equity.imports.runs``'s; this module
never queues, so the two never import each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from workbridge.core.spreadsheets import FileProblem, estimate_rows
from workbridge.core.value_mapping import clean_value_map
from workbridge.equity.imports.files import import_files_sweep
from workbridge.equity.imports.load import applicant_import_apply
from workbridge.equity.imports.rows import (
    applicant_import_check,
    import_unknown_in_counts,
    import_value_counts,
    problem_text,
)
from workbridge.equity.models import ImportRun, ImportRunStatus, ImportStatus
from workbridge.web.leases import RunTable, worker_identity
from workbridge.web.uploads import IMPORTS, spreadsheet_limits, upload_open

UNDER_WAY = (
    ImportStatus.WAITING,
    ImportRunStatus.SCANNING,
    ImportStatus.CHECKING,
    ImportStatus.LOADING,
)
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


def import_run_saved_values(run: ImportRun) -> dict[str, dict[str, str]]:
    """The value mapping to start from: the source's saved one, with the run's own on top."""
    source_values = (run.source.value_mapping if run.source else {}) or {}
    saved = {f: dict(c) for f, c in source_values.items()}
    for field, codes in (run.value_mapping or {}).items():
        saved.setdefault(field, {}).update(codes)
    return saved


def import_run_prepare(
    *,
    run: ImportRun,
    mapping: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> ImportRun:
    """Save the column and value mappings (on the run and on its source, for next time) and
    set the run waiting for the worker's check and load; the caller queues it.

    The source keeps every code mapped so far, the newest choice winning, so its next file
    needs no mapping for codes already seen. ``values`` None keeps the run's own.
    """
    clean = {k: v for k, v in mapping.items() if v}
    if values is not None:
        run.value_mapping = clean_value_map(values)
    if clean != run.mapping:
        run.value_counts = None  # counted for other columns
    run.mapping = clean
    run.status = ImportStatus.WAITING
    run.rows_done = 0
    run.problems = []
    run.problems_total = 0
    run.summary = {}
    run.worker = ""
    run.heartbeat_at = timezone.now()
    run.save(
        update_fields=[
            *("mapping", "status", "rows_done", "problems", "problems_total", "summary"),
            *("worker", "heartbeat_at", "value_mapping", "value_counts"),
        ]
    )
    if run.source is not None:
        run.source.mapping = clean
        saved = {f: dict(codes) for f, codes in (run.source.value_mapping or {}).items()}
        for field, codes in run.value_mapping.items():
            saved.setdefault(field, {}).update(codes)
        run.source.value_mapping = saved
        run.source.save(update_fields=["mapping", "value_mapping", "updated_at"])
    return run


def import_run_scan(run_id: int) -> tuple[ImportRun, bool]:
    """Count every distinct value of the run's coded columns for the value-mapping page:
    what the value-scan task runs.

    True when the file holds no value the check would not understand with the saved value
    mapping: the run is then set waiting for its check and load, for the task to queue.
    A file that cannot be read counts nothing; its check says what is wrong with it.
    """
    me = worker_identity()
    scanning = ImportRun.objects.filter(pk=run_id, status=ImportRunStatus.SCANNING)
    claimed = scanning.filter(worker="").update(worker=me, heartbeat_at=timezone.now())
    run = ImportRun.objects.select_related("organisation", "source").get(pk=run_id)
    if not claimed:  # another worker took it, or it stopped and is no longer scanning
        return run, False
    ImportRun.objects.filter(pk=run_id).update(rows_total=_rows_estimate(run), rows_done=0)
    try:
        counts = import_value_counts(
            stored_file=run.stored_file,
            filename=run.filename,
            mapping=run.mapping,
            progress=IMPORT_RUNS.heartbeat(run_id),
        )
    except FileProblem:
        counts = {}
    values = import_run_saved_values(run)
    unknown = import_unknown_in_counts(organisation=run.organisation, counts=counts, values=values)
    with transaction.atomic():
        saved = scanning.filter(worker=me).update(
            value_counts=counts,
            status=ImportStatus.WAITING,
            worker="",
            heartbeat_at=None,  # not queued: its values are mapped next
            rows_done=0,
            rows_total=0,
        )
        run.refresh_from_db()
        if not saved or unknown:  # stopped meanwhile, or the analyst maps the values next
            return run, False
        import_run_prepare(run=run, mapping=run.mapping, values=values)
    return run, True


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
