"""Applicant-flow imports as the pages keep them: the upload, the column mapping, the queue.

``import_run_start`` stores the upload in the file store and opens a run;
``import_run_scan_queue`` saves the column mapping and queues the count of the coded
columns' values for the value-mapping page (the worker goes straight on to the check and
load when no value needs mapping); ``import_run_queue`` saves the column mapping (also on
the source, for next time) and queues the check and load for the task worker
(``equity.imports.work``). A run whose worker stopped is marked so by
``import_runs_stale_fail`` (the sweep, or the next view of its page) and keeps its file,
so it can be queued again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import User
from workbridge.core.spreadsheets import FileProblem
from workbridge.equity.access import require_equity
from workbridge.equity.imports.files import import_file_remove, import_files_sweep
from workbridge.equity.imports.rows import ImportRefused
from workbridge.equity.imports.work import IMPORT_RUNS, import_run_prepare
from workbridge.equity.models import ImportRun, ImportRunStatus, ImportSource, ImportStatus
from workbridge.equity.tasks import import_run_execute, import_run_scan_values
from workbridge.web.uploads import IMPORTS, upload_save, upload_suffix


def import_run_start(
    *, by: User, upload: UploadedFile, source: ImportSource | None = None, source_name: str = ""
) -> ImportRun:
    """Store an uploaded file and open an import for it (the columns are matched next)."""
    organisation = require_equity(by)
    if source is not None and source.organisation_id != organisation.pk:
        raise ImportRefused("That source belongs to another organisation.")
    name = (source_name or "").strip()[:120]
    if source is None and name:
        source, _made = ImportSource.objects.get_or_create(organisation=organisation, name=name)
    filename = PurePosixPath((upload.name or "upload.csv").replace("\\", "/")).name[:255]
    if not upload_suffix(filename):
        raise FileProblem("file_type")
    import_files_sweep()
    stored = upload_save(IMPORTS, upload)
    return ImportRun.objects.create(
        organisation=organisation,
        source=source,
        filename=filename,
        stored_file=stored,
        created_by=by,
    )


def import_run_discard(run: ImportRun) -> None:
    """Forget an upload that cannot be read: its stored file and its run."""
    import_file_remove(run)
    run.delete()


@transaction.atomic
def import_run_map_columns(*, run: ImportRun, mapping: Mapping[str, str], by: User) -> ImportRun:
    """Save the column mapping on the run while its values are mapped (nothing is queued)."""
    organisation = require_equity(by)
    if run.organisation_id != organisation.pk:
        raise ImportRefused("That import belongs to another organisation.")
    clean = {k: v for k, v in mapping.items() if v}
    if clean != run.mapping:
        run.value_counts = None  # counted for other columns
    run.mapping = clean
    run.status = ImportStatus.WAITING
    run.heartbeat_at = None  # not queued: its values are mapped next
    run.save(update_fields=["mapping", "status", "heartbeat_at", "value_counts"])
    return run


@transaction.atomic
def import_run_scan_queue(*, run: ImportRun, mapping: Mapping[str, str], by: User) -> ImportRun:
    """Save the column mapping and queue the count of every distinct value of the file's
    coded columns, which the value-mapping page lists; the worker queues the check and load
    itself when no value needs mapping."""
    organisation = require_equity(by)
    if run.organisation_id != organisation.pk:
        raise ImportRefused("That import belongs to another organisation.")
    run.mapping = {k: v for k, v in mapping.items() if v}
    run.value_counts = None
    run.status = ImportRunStatus.SCANNING
    run.rows_done = 0
    run.rows_total = 0
    run.problems = []
    run.problems_total = 0
    run.summary = {}
    run.worker = ""
    run.heartbeat_at = timezone.now()
    run.save(
        update_fields=[
            *("mapping", "value_counts", "status", "rows_done", "rows_total", "problems"),
            *("problems_total", "summary", "worker", "heartbeat_at"),
        ]
    )
    transaction.on_commit(lambda: import_run_scan_values.enqueue(run.pk))
    return run


@transaction.atomic
def import_run_queue(
    *,
    run: ImportRun,
    mapping: Mapping[str, str],
    by: User,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> ImportRun:
    """Save the column and value mappings (on the run and on its source, for next time) and
    queue the check and load in the background.

    ``values`` is the analyst's value mapping (``core.value_mapping``); the source keeps
    every code mapped so far, the newest choice winning, so its next file needs no mapping
    for codes already seen. None keeps the run's own.
    """
    organisation = require_equity(by)
    if run.organisation_id != organisation.pk:
        raise ImportRefused("That import belongs to another organisation.")
    import_run_prepare(run=run, mapping=mapping, values=values)
    transaction.on_commit(lambda: import_run_execute.enqueue(run.pk))
    return run


def import_runs_stale_fail(*, now: datetime | None = None, run_id: int | None = None) -> int:
    """Mark runs under way whose worker has stopped as failed; returns how many.

    Their file is kept (see ``import_files_sweep``), so they can be queued again.
    """
    return IMPORT_RUNS.stale_fail(now=now, run_id=run_id)
