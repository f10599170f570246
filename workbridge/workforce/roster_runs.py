"""Roster imports as the pages keep them: the upload with its date, the columns, the queue."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import User
from workbridge.core.spreadsheets import FileProblem
from workbridge.equity.access import require_equity
from workbridge.equity.models import ImportStatus
from workbridge.web.uploads import IMPORTS, upload_save, upload_suffix
from workbridge.workforce.models import RosterImport
from workbridge.workforce.roster_load import RosterRefused
from workbridge.workforce.tasks import roster_run_execute


def roster_run_start(*, by: User, upload: UploadedFile, as_of: date) -> RosterImport:
    """Store an uploaded roster and open an import of it as of a date."""
    organisation = require_equity(by)
    filename = PurePosixPath((upload.name or "roster.csv").replace("\\", "/")).name[:255]
    if not upload_suffix(filename):
        raise FileProblem("file_type")
    stored = upload_save(IMPORTS, upload)
    return RosterImport.objects.create(
        organisation=organisation, as_of=as_of, filename=filename, stored_file=stored, created_by=by
    )


@transaction.atomic
def roster_run_queue(*, run: RosterImport, mapping: Mapping[str, str], by: User) -> RosterImport:
    """Save the column mapping and queue the check and load in the background."""
    organisation = require_equity(by)
    if run.organisation_id != organisation.pk:
        raise RosterRefused("That import belongs to another organisation.")
    run.mapping = {k: v for k, v in mapping.items() if v}
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
            *("worker", "heartbeat_at"),
        ]
    )
    transaction.on_commit(lambda: roster_run_execute.enqueue(run.pk))
    return run
