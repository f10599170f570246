"""The stored files of applicant-flow imports, kept in the file store until they are loaded.

An uploaded file holds applicants' answers, so it is kept only while it may be needed: a
loaded file is removed at once; the file of an import left unfinished (its columns never
matched, or refused and not tried again) after ``KEEP_UNFINISHED_DAYS``; a file no
import names (left by a crash) after a day. An import whose file is gone says so and asks
for the file again (``FILE_PROBLEMS["missing"]``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from workbridge.equity.models import ImportRun, ImportRunStatus, ImportStatus
from workbridge.web.uploads import IMPORTS, upload_delete, upload_exists, uploads_sweep

KEEP_UNFINISHED_DAYS = 7
KEEP_UNNAMED = timedelta(days=1)


def import_file_exists(run: ImportRun) -> bool:
    """Whether the run's uploaded file is still in the store."""
    return bool(run.stored_file) and upload_exists(IMPORTS, run.stored_file)


def import_file_remove(run: ImportRun) -> None:
    """Remove the run's uploaded file from the store (the run keeps its name)."""
    if run.stored_file:
        upload_delete(IMPORTS, run.stored_file)


def import_files_sweep(*, now: datetime | None = None) -> int:
    """Remove the stored files no import needs any more; returns how many were removed.

    Runs whenever an import starts or finishes, and in the scheduled sweep.
    """
    now = now or timezone.now()
    stale = (
        ImportRun.objects.exclude(stored_file="")
        .exclude(status__in=(ImportRunStatus.SCANNING, ImportStatus.CHECKING, ImportStatus.LOADING))
        .filter(
            Q(status=ImportStatus.DONE)
            | Q(created_at__lt=now - timedelta(days=KEEP_UNFINISHED_DAYS))
        )
    )
    removed = 0
    for pk, stored in list(stale.values_list("pk", "stored_file")):
        if upload_exists(IMPORTS, stored):
            upload_delete(IMPORTS, stored)
            removed += 1
        ImportRun.objects.filter(pk=pk).update(stored_file="")
    named = set(ImportRun.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    return removed + uploads_sweep(IMPORTS, older_than=KEEP_UNNAMED, keep=named, now=now)
