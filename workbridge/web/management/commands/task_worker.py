"""The task worker (django-tasks-db's ``db_worker``) that outlives a locked database.

On SQLite, while an import is saved in one long transaction, the worker's own query for
its next task can wait out the busy timeout and fail with "database is locked". The
plain worker then exits; this one logs it, waits a moment and carries on. A thread
records every half minute that the worker is alive, for `/healthz`.
"""

import logging
import threading
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from workbridge.web.leases import worker_beat_forever

logger = logging.getLogger("django_tasks_db")


class LockTolerantWorker(db_worker.Worker):
    def run(self) -> None:
        while self.running:
            try:
                return super().run()
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                logger.warning("The database is locked; the worker tries again shortly.")
                close_old_connections()
                time.sleep(max(self.interval, 1.0))


class Command(db_worker.Command):
    help = "Run the task worker; a locked database makes it wait, not exit."

    def handle(self, **options) -> None:
        stop = threading.Event()
        beat = threading.Thread(
            target=worker_beat_forever, args=(stop,), name="worker-heartbeat", daemon=True
        )
        beat.start()
        original = db_worker.Worker
        db_worker.Worker = LockTolerantWorker  # handle() builds its worker by this name
        try:
            super().handle(**options)
        finally:
            db_worker.Worker = original
            stop.set()
