"""Exports of a list as CSV or XLSX that are never mistaken for complete when they are not.

A list of up to `SYNC_MAX_ROWS` rows is built whole in memory and sent with its length
(Content-Length), so a client sees a cut download as short. A longer list is built by the
task worker into a file (`ExportJob`); its page shows progress and offers the file when it is
complete, as a FileResponse whose length is known. The audit log says "completed" with the
row count only once the whole body or file exists, "interrupted" when building stopped
(an error, or a worker whose heartbeat stopped), and "downloaded" when a prepared file is
fetched. Every row goes through `workbridge.core.spreadsheets`, so any stored value can be
written.

Apps describe their lists as an `ExportKind` and register it when they load; the worker
finds the kind by its key. The list's filters are read back from the page's query string
with the same code as the page (`export_request`).
"""

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone, translation

from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core import spreadsheets
from workbridge.web.models import ExportJob, ExportStatus
from workbridge.web.uploads import (
    EXPORTS,
    upload_delete,
    upload_exists,
    upload_open,
    upload_size,
    upload_write,
    uploads_sweep,
)

# Lists up to this many rows are built during the request (an XLSX of 2,000 rows takes
# about a second); longer ones by the task worker.
SYNC_MAX_ROWS = 2_000
# A running export whose worker has written nothing for this long was interrupted.
STALE_AFTER = timedelta(minutes=10)
# Prepared files, and the jobs that made them, are kept this long at most.
KEEP_FOR = timedelta(days=1)
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {"csv": spreadsheets.CSV_TYPE, "xlsx": spreadsheets.XLSX_TYPE}


@dataclass(frozen=True)
class ExportList:
    """One filtered list ready to be written: its columns, its size and its rows."""

    headers: Sequence[str]
    count: Callable[[], int]
    rows: Callable[[], Iterable[Sequence[Any]]]
    title: str
    filename: str  # without the format's suffix
    query: str  # the filters, as the audit log names them


@dataclass(frozen=True)
class ExportKind:
    """A list that can be exported: who may, what it reads, and how its rows are made."""

    key: str
    object_type: str
    fields: Sequence[str]
    permitted: Callable[[User], bool]
    prepare: Callable[[HttpRequest], ExportList]


EXPORT_KINDS: dict[str, ExportKind] = {}


def export_kind_register(kind: ExportKind) -> ExportKind:
    """Make a list exportable in the background (apps call it when they load)."""
    EXPORT_KINDS[kind.key] = kind
    return kind


def export_request(user: User, query: str) -> HttpRequest:
    """A request carrying only a user and a query string: how the worker reads the filters
    a list page was showing, with the page's own code."""
    request = HttpRequest()
    request.user = user
    request.GET = QueryDict(query)
    request.method = "GET"
    return request


def rows_closing(rows: Iterable[Sequence[Any]], *sources: Iterator[Any]) -> Iterator[Sequence[Any]]:
    """The rows, with the database cursors they read from (`sources`) closed as soon as
    writing stops, even part-way. A cursor left to the garbage collector is closed at some
    later moment, on a connection that may by then be busy with another query."""
    try:
        yield from rows
    finally:
        for source in sources:
            close = getattr(source, "close", None)
            if close is not None:
                close()


def _write(fmt: str, out, listed: ExportList, progress=None) -> int:
    rows = rows_closing(listed.rows())
    try:
        if fmt == "xlsx":
            return spreadsheets.xlsx_write(
                out, listed.headers, rows, title=listed.title, progress=progress
            )
        return spreadsheets.csv_write(out, listed.headers, rows, progress=progress)
    finally:
        rows.close()


def _audit(kind: ExportKind, user: User, detail: str) -> None:
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type=kind.object_type,
        fields=kind.fields,
        detail=detail,
    )


def export_completed_record(*, kind: ExportKind, by: User, fmt: str, rows: int, query: str) -> None:
    """Audit an export whose whole body or file was written."""
    _audit(kind, by, f"{kind.key} {fmt}, {rows} rows, completed, {query}")


def export_interrupted_record(
    *, kind: ExportKind, by: User, fmt: str, rows: int, of: int, query: str, why: str
) -> None:
    """Audit an export that stopped before its body or file was whole."""
    _audit(kind, by, f"{kind.key} {fmt}, interrupted after {rows} of {of} rows ({why}), {query}")


def export_respond(request: HttpRequest, *, kind: ExportKind, fmt: str) -> HttpResponse:
    """The export a list page links to: the file itself for a short list, else a page that
    offers to prepare it in the background (a POST starts it)."""
    listed = kind.prepare(request)
    if request.method == "POST":
        job = export_job_start(kind=kind, fmt=fmt, by=request.user, query=request.GET.urlencode())
        return redirect("export_job", job.pk)
    total = listed.count()
    if total > SYNC_MAX_ROWS:
        return render(
            request,
            "web/export_prepare.html",
            {"rows": total, "fmt": fmt, "limit": SYNC_MAX_ROWS, "query": request.GET.urlencode()},
        )
    body = _body(kind, request.user, fmt, listed, total)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Length"] = str(len(body))
    response["Content-Disposition"] = f'attachment; filename="{listed.filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _Counted(io.BytesIO):
    """A buffer that remembers how many rows were written to it so far."""

    rows = 0

    def progress(self, done: int) -> None:
        self.rows = done


def _body(kind: ExportKind, user: User, fmt: str, listed: ExportList, total: int) -> bytes:
    out = _Counted()
    try:
        rows = _write(fmt, out, listed, progress=out.progress)
    except Exception as exc:
        export_interrupted_record(
            kind=kind,
            by=user,
            fmt=fmt,
            rows=out.rows,
            of=total,
            query=listed.query,
            why=type(exc).__name__,
        )
        raise
    export_completed_record(kind=kind, by=user, fmt=fmt, rows=rows, query=listed.query)
    return out.getvalue()


# Exports built by the worker ----------------------------------------------------------------


def export_job_ready(job: ExportJob) -> bool:
    """Whether the job's prepared file is in the file store."""
    return bool(job.stored_file) and upload_exists(EXPORTS, job.stored_file)


def exports_sweep() -> int:
    """Mark exports whose worker stopped as interrupted; remove files and jobs past a day
    (and any prepared file no job names, left by a crash); returns how many files."""
    stale = ExportJob.objects.filter(
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
        heartbeat_at__lt=timezone.now() - STALE_AFTER,
    )
    for job in stale.select_related("owner"):
        export_job_interrupt(job.pk, why="stopped")
    old = ExportJob.objects.filter(created_at__lt=timezone.now() - KEEP_FOR)
    for stored in old.exclude(stored_file="").values_list("stored_file", flat=True):
        upload_delete(EXPORTS, stored)
    old.delete()
    named = set(ExportJob.objects.exclude(stored_file="").values_list("stored_file", flat=True))
    return uploads_sweep(EXPORTS, older_than=KEEP_FOR, keep=named)


def export_job_start(*, kind: ExportKind, fmt: str, by: User, query: str) -> ExportJob:
    """Ask the worker to build an export of a list, with the filters of its page."""
    from workbridge.web.tasks import export_job_run

    exports_sweep()
    listed = kind.prepare(export_request(by, query))
    now = timezone.now()
    job = ExportJob.objects.create(
        owner=by,
        kind=kind.key,
        fmt=fmt,
        query=query[:2000],
        language=translation.get_language() or settings.LANGUAGE_CODE,
        filename=f"{listed.filename}.{fmt}"[:120],
        stored_file=f"{by.pk}-{os.urandom(12).hex()}.{fmt}",
        heartbeat_at=now,
    )
    transaction.on_commit(lambda: export_job_run.enqueue(job.pk))
    return job


def export_job_build(job_id: int) -> ExportJob:
    """Write a job's file: what the worker runs. It is written to a temporary file on this
    machine, and put in the file store only once it is whole."""
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    kind = EXPORT_KINDS[job.kind]
    with translation.override(job.language or settings.LANGUAGE_CODE):
        listed = kind.prepare(export_request(job.owner, job.query))
        total = listed.count()
        started = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, rows_total=total, rows_done=0, heartbeat_at=timezone.now()
        )
        if not started:  # already given up as interrupted: never write it after all
            return job

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job_id).update(rows_done=done, heartbeat_at=timezone.now())

        with tempfile.TemporaryFile() as out:
            rows = _write(job.fmt, out, listed, progress=progress)
            out.seek(0)
            upload_write(EXPORTS, job.stored_file, out)
    with transaction.atomic():
        done = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(
            status=ExportStatus.DONE,
            rows_total=max(total, rows),
            rows_done=rows,
            heartbeat_at=timezone.now(),
            finished_at=timezone.now(),
        )
        if done:
            export_completed_record(
                kind=kind,
                by=job.owner,
                fmt=job.fmt,
                rows=rows,
                query=f"file {job.pk}, {job.query}",
            )
    if not done:  # marked interrupted meanwhile: the file is not offered
        upload_delete(EXPORTS, job.stored_file)
    job.refresh_from_db()
    return job


def export_job_interrupt(job_id: int, *, why: str) -> None:
    """Mark an export that stopped before its file was whole, once, and remove what it wrote."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update()
            .select_related("owner")
            .filter(pk=job_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING))
            .first()
        )
        if job is None:
            return
        job.status = ExportStatus.INTERRUPTED
        job.error = why[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        kind = EXPORT_KINDS.get(job.kind)
        if kind is not None:
            export_interrupted_record(
                kind=kind,
                by=job.owner,
                fmt=job.fmt,
                rows=job.rows_done,
                of=job.rows_total,
                query=f"file {job.pk}, {job.query}",
                why=why,
            )
    if job.stored_file:
        upload_delete(EXPORTS, job.stored_file)


def export_job_check(job: ExportJob) -> ExportJob:
    """The job as it stands, marked interrupted if its worker has stopped writing."""
    running = job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    if running and job.heartbeat_at and job.heartbeat_at < timezone.now() - STALE_AFTER:
        export_job_interrupt(job.pk, why="stopped")
        job.refresh_from_db()
    return job


def export_job_downloaded(*, job: ExportJob, by: User) -> None:
    """Record that the owner fetched a prepared file."""
    kind = EXPORT_KINDS[job.kind]
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(downloaded_at=timezone.now())
        _audit(kind, by, f"{kind.key} {job.fmt}, {job.rows_done} rows, downloaded, file {job.pk}")


class RemovedOnceRead(io.RawIOBase):
    """A prepared file from the file store that is removed from it when closed after being
    read to its end. A download cut short leaves the file for another try (until the day
    is up)."""

    def __init__(self, stored_file: str) -> None:
        super().__init__()
        self.stored_file = stored_file
        self.file = upload_open(EXPORTS, stored_file)
        self.size = upload_size(EXPORTS, stored_file)
        self.whole = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        if not data and size != 0:
            self.whole = True
        return data

    def close(self) -> None:
        if self.closed:
            return
        self.file.close()
        super().close()
        if self.whole:
            upload_delete(EXPORTS, self.stored_file)
