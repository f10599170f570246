"""Spreadsheet imports of employers, contacts and openings: the runs the pages keep.

The request only stores the upload (in the file store, ``workbridge.web.uploads``) and
reads its headers. ``sheet_import_queue`` queues a step for the task worker: "check"
reads and checks every row and saves each problem (row, column, reason); "load" checks
again and, when nothing is wrong, writes the whole file in one transaction
(``employers.import_work``). A run under way records its worker and a heartbeat
(``workbridge.web.leases``); one whose worker stopped is marked failed by
``sheet_imports_stale_fail`` and can be queued again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.models import User
from workbridge.employers.import_work import SHEET_IMPORTS, UNDER_WAY
from workbridge.employers.models import SheetImport
from workbridge.employers.tasks import sheet_import_execute
from workbridge.web.uploads import UPLOADS, upload_delete, upload_save, uploads_sweep

__all__ = ["UNDER_WAY"]

# An upload no import still needs is removed after this long.
KEEP_UPLOADS = timedelta(days=1)


def sheet_import_start(*, by: User, kind: str, upload: UploadedFile) -> SheetImport:
    """Keep an uploaded file and open an import for it (its columns are matched next)."""
    organisation_id = casework_organisation_id(by)
    sheet_uploads_sweep()
    token = upload_save(UPLOADS, upload, prefix=f"{by.pk}-")
    return SheetImport.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        filename=(upload.name or "upload.csv")[:255],
        stored_file=token,
        created_by=by,
    )


def sheet_import_discard(run: SheetImport) -> None:
    """Forget an upload that cannot be read: its stored file and its run."""
    upload_delete(UPLOADS, run.stored_file)
    run.delete()


@transaction.atomic
def sheet_import_queue(
    *, run: SheetImport, by: User, step: str, mapping: dict[str, str] | None = None
) -> SheetImport:
    """Queue a step of the import (check, or load) for the worker."""
    if run.created_by_id != by.pk or casework_organisation_id(by) != run.organisation_id:
        raise PermissionError("Only the person who uploaded the file imports it.")
    if mapping is not None:
        run.mapping = mapping
    run.step = step
    run.status = SheetImport.Status.WAITING
    run.rows_done = 0
    run.problems = []
    run.problems_total = 0
    run.summary = {}
    run.worker = ""
    run.heartbeat_at = timezone.now()
    run.finished_at = None
    run.language = translation.get_language() or settings.LANGUAGE_CODE
    run.save(
        update_fields=[
            *("mapping", "step", "status", "rows_done", "problems", "problems_total"),
            *("summary", "worker", "heartbeat_at", "finished_at", "language"),
        ]
    )
    transaction.on_commit(lambda: sheet_import_execute.enqueue(run.pk))
    return run


def sheet_imports_stale_fail(*, now: datetime | None = None, run_id: int | None = None) -> int:
    """Mark runs under way whose worker has stopped as failed; returns how many."""
    return SHEET_IMPORTS.stale_fail(now=now, run_id=run_id)


def sheet_import_files_in_use() -> set[str]:
    """The stored files of imports not yet loaded: the upload sweep keeps them."""
    return set(
        SheetImport.objects.exclude(stored_file="")
        .exclude(status=SheetImport.Status.DONE)
        .values_list("stored_file", flat=True)
    )


def sheet_uploads_sweep(*, now: datetime | None = None) -> int:
    """Remove uploads older than a day that no import still needs; returns how many."""
    return uploads_sweep(
        UPLOADS, older_than=KEEP_UPLOADS, keep=sheet_import_files_in_use(), now=now
    )
