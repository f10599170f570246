"""Spreadsheet imports run by the task worker: check every row, then load in one transaction.

The request only stores the upload and reads its headers. ``sheet_import_queue`` queues a
step: "check" reads and checks every row and saves each problem (line, column, reason);
"load" checks again and, when nothing is wrong, writes the whole file in one transaction
together with the run's "done", so a worker stopped half way leaves nothing half-written.
A run under way records its worker and a heartbeat (workbridge.web.leases); one whose
worker stopped is marked failed by ``sheet_imports_stale_fail`` and can be queued again.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.models import User
from workbridge.core.tabular import FileProblem, read_table
from workbridge.employers.imports import import_apply, import_check, quote
from workbridge.employers.models import SheetImport
from workbridge.web.leases import Heartbeat, worker_gone, worker_identity
from workbridge.web.upload_limits import spreadsheet_limits
from workbridge.web.uploads import upload_delete, upload_load, upload_save, uploads_sweep

KEPT_PROBLEMS = 500
UNDER_WAY = (SheetImport.Status.WAITING, SheetImport.Status.CHECKING, SheetImport.Status.LOADING)
STOPPED = "The import stopped before it finished. Nothing was saved. You can try again."


class _Counted(Sequence):
    """The file's rows, reporting how many have been read as they are checked."""

    def __init__(self, rows: list[list[str]], progress: Callable[[int], None]):
        self.rows = rows
        self.progress = progress

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self) -> Iterator[list[str]]:
        for done, row in enumerate(self.rows):
            if done % 500 == 0:
                self.progress(done)
            yield row


def sheet_import_table(run: SheetImport) -> tuple[list[str], list[list[str]]]:
    """The stored file's headers and rows; FileProblem("missing") when it is gone."""
    stored = upload_load(run.created_by, run.stored_file) if run.created_by else None
    if stored is None:
        raise FileProblem("missing")
    data, name = stored
    try:
        return read_table(data, name, limits=spreadsheet_limits())
    except csv.Error:
        raise FileProblem("unreadable") from None


def sheet_import_start(*, by: User, kind: str, upload: UploadedFile) -> SheetImport:
    """Keep an uploaded file and open an import for it (its columns are matched next)."""
    organisation_id = casework_organisation_id(by)
    uploads_sweep(keep=sheet_import_files_in_use())
    token = upload_save(by, upload)
    return SheetImport.objects.create(
        organisation_id=organisation_id,
        kind=kind,
        filename=(upload.name or "upload.csv")[:255],
        stored_file=token,
        created_by=by,
    )


def sheet_import_discard(run: SheetImport) -> None:
    """Forget an upload that cannot be read: its stored file and its run."""
    if run.created_by is not None:
        upload_delete(run.created_by, run.stored_file)
    run.delete()


@transaction.atomic
def sheet_import_queue(
    *, run: SheetImport, by: User, step: str, mapping: dict[str, str] | None = None
) -> SheetImport:
    """Queue a step of the import (check, or load) for the worker."""
    from workbridge.employers.tasks import sheet_import_execute

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
    run.save()
    transaction.on_commit(lambda: sheet_import_execute.enqueue(run.pk))
    return run


def _beat(run_id: int) -> Heartbeat:
    def save(*, done: int, now: datetime) -> None:
        SheetImport.objects.filter(pk=run_id).update(rows_done=done, heartbeat_at=now)

    return Heartbeat(save)


def _problems(plan) -> list[dict[str, Any]]:
    return [
        {
            "line": p.line,
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
    claimed = SheetImport.objects.filter(pk=run_id, status=SheetImport.Status.WAITING).update(
        status=first, worker=worker_identity(), heartbeat_at=timezone.now(), rows_done=0
    )
    if not claimed:
        return None
    run = SheetImport.objects.select_related("created_by").get(pk=run_id)
    with translation.override(run.language or settings.LANGUAGE_CODE):
        headers, rows = sheet_import_table(run)
        SheetImport.objects.filter(pk=run_id).update(rows_total=len(rows))
        plan = import_check(
            by=run.created_by,
            kind=run.kind,
            headers=headers,
            rows=_Counted(rows, _beat(run_id)),
            mapping=run.mapping,
        )
        outcome: dict[str, Any] = {"rows_done": len(rows), "heartbeat_at": timezone.now()}
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
            upload_delete(run.created_by, run.stored_file)
            SheetImport.objects.filter(pk=run_id).update(stored_file="")
    run.refresh_from_db()
    return run


def sheet_import_fail(run_id: int, error: str) -> None:
    """Mark a run that stopped on an error as not imported (it can be tried again)."""
    SheetImport.objects.filter(pk=run_id, status__in=UNDER_WAY).update(
        status=SheetImport.Status.FAILED,
        summary={"error": error[:300]},
        finished_at=timezone.now(),
    )


def sheet_imports_stale_fail(*, now: datetime | None = None, run_id: int | None = None) -> int:
    """Mark runs under way whose worker has stopped as failed; returns how many."""
    now = now or timezone.now()
    runs = SheetImport.objects.filter(status__in=UNDER_WAY)
    if run_id is not None:
        runs = runs.filter(pk=run_id)
    stale = [
        pk
        for pk, worker, beat in runs.values_list("pk", "worker", "heartbeat_at")
        if worker_gone(worker, beat, now=now)
    ]
    return SheetImport.objects.filter(pk__in=stale, status__in=UNDER_WAY).update(
        status=SheetImport.Status.FAILED,
        summary={"error": STOPPED, "stopped": True},
        finished_at=now,
    )


def sheet_import_files_in_use() -> set[str]:
    """The stored files of imports not yet loaded: the upload sweep keeps them."""
    return set(
        SheetImport.objects.exclude(stored_file="")
        .exclude(status=SheetImport.Status.DONE)
        .values_list("stored_file", flat=True)
    )
