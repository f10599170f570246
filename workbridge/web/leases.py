"""Who is running a background import, and whether it is still alive.

A run records the worker that took it (``host:pid``) and a heartbeat, renewed with its
progress. A run under way is taken to have stopped when its worker ran on this machine
and that process is gone, or when its heartbeat is older than IMPORT_LEASE_SECONDS
(a load in one transaction on SQLite cannot renew it, so the lease is generous).
``RunTable`` does this for any model of runs (the employer spreadsheet imports, the
applicant-flow imports): a worker claims a waiting run, saves its progress, and a run
whose worker stopped, or that failed, is marked so once.

Each task worker process also records that it is alive every half minute
(`worker_beat_forever`, in a thread of `manage.py task_worker`), which `/healthz` reports.
"""

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, models
from django.utils import timezone

logger = logging.getLogger(__name__)

# The heartbeat is renewed at most this often, so progress does not write every row.
HEARTBEAT_SECONDS = 5


def worker_identity() -> str:
    """This process, as a run records it: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def worker_gone(worker: str, heartbeat_at: datetime | None, *, now: datetime) -> bool:
    """True when the run's worker has stopped: its process is gone, or its lease ran out."""
    lease = timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
    if heartbeat_at is None or heartbeat_at < now - lease:
        return True
    host, _sep, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return _process_gone(int(pid))
    return False


class Heartbeat:
    """Call with the rows done: saves progress and the heartbeat, at most every few seconds."""

    def __init__(self, save):
        self.save = save
        self.last = 0.0

    def __call__(self, done: int) -> None:
        if time.monotonic() - self.last >= HEARTBEAT_SECONDS:
            try:
                self.save(done=done, now=timezone.now())
            except OperationalError as error:  # a long write elsewhere: beat next time
                if "is locked" not in str(error):
                    raise
            self.last = time.monotonic()


# What a run whose worker stopped says (the pages translate it).
STOPPED = "The import stopped before it finished. Nothing was saved. You can try again."


@dataclass(frozen=True)
class RunTable:
    """A model whose rows are background runs: each has ``status``, ``worker``,
    ``heartbeat_at``, ``rows_done``, ``summary`` and ``finished_at``."""

    model: type[models.Model]
    waiting: str
    under_way: tuple[str, ...]
    failed: str

    def claim(self, run_id: int, *, status: str, **fields: Any) -> bool:
        """Take a waiting run for this worker, in ``status``; False when another took it."""
        return bool(
            self.model._default_manager.filter(pk=run_id, status=self.waiting).update(
                status=status, worker=worker_identity(), heartbeat_at=timezone.now(), **fields
            )
        )

    def progress_save(self, run_id: int, done: int) -> None:
        """Save how many rows are done, renewing the heartbeat."""
        self.model._default_manager.filter(pk=run_id).update(
            rows_done=done, heartbeat_at=timezone.now()
        )

    def heartbeat(self, run_id: int) -> Heartbeat:
        """A progress callback that saves at most every few seconds."""

        def save(*, done: int, now: datetime) -> None:
            self.model._default_manager.filter(pk=run_id).update(rows_done=done, heartbeat_at=now)

        return Heartbeat(save)

    def fail(self, run_id: int, error: str) -> None:
        """Mark a run under way that stopped on an error as failed (it can be tried again)."""
        self.model._default_manager.filter(pk=run_id, status__in=self.under_way).update(
            status=self.failed, summary={"error": error[:300]}, finished_at=timezone.now()
        )

    def stale_fail(self, *, now: datetime | None = None, run_id: int | None = None) -> int:
        """Mark runs under way whose worker has stopped as failed; returns how many."""
        now = now or timezone.now()
        runs = self.model._default_manager.filter(status__in=self.under_way)
        if run_id is not None:
            runs = runs.filter(pk=run_id)
        stale = [
            pk
            for pk, worker, beat in runs.values_list("pk", "worker", "heartbeat_at")
            if worker_gone(worker, beat, now=now)
        ]
        return self.model._default_manager.filter(pk__in=stale, status__in=self.under_way).update(
            status=self.failed, summary={"error": STOPPED, "stopped": True}, finished_at=now
        )


def when_unlocked(write: Callable[[], object], *, seconds: float | None = None) -> None:
    """Make a small write (a run's outcome), waiting out a database locked by a long load.

    Without it, a task that fails while SQLite is locked could not even say so, and its
    run would stay "under way" behind a worker that is still alive.
    """
    limit = settings.IMPORT_LEASE_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + limit
    while True:
        try:
            write()
            return
        except OperationalError as error:
            if "is locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(1)


WORKER_BEAT_SECONDS = 30
# A worker not seen for this long is reported as not running.
WORKER_SILENT_SECONDS = 120


def worker_beat() -> None:
    """Record that this worker process is alive (and forget workers gone for a day)."""
    from workbridge.web.models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(worker=worker_identity(), defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def worker_beat_forever(stop: threading.Event, *, every: float = WORKER_BEAT_SECONDS) -> None:
    """Beat until `stop` is set: run in a thread of the worker process."""
    while not stop.is_set():
        try:
            worker_beat()
        except DatabaseError:  # a locked or unreachable database: try again next time
            logger.warning("The worker could not record its heartbeat; it tries again.")
        finally:
            connection.close()
        stop.wait(every)


def worker_last_seen() -> datetime | None:
    """When any task worker was last seen alive, or None if none ever was."""
    from workbridge.web.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
