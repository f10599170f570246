"""Who is running a background import, and whether it is still alive.

A run records the worker that took it (``host:pid``) and a heartbeat, renewed with its
progress. A run under way is taken to have stopped when its worker ran on this machine
and that process is gone, or when its heartbeat is older than IMPORT_LEASE_SECONDS
(a load in one transaction on SQLite cannot renew it, so the lease is generous).
"""

import os
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

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
