"""Mark imports and exports whose worker stopped as failed, and remove the files in the file
store (``workbridge.web.uploads``) that no import or export needs.

Run it every few minutes beside the task worker (``make run`` does; in production a cron
entry or a systemd timer, see the README). ``--every SECONDS`` keeps it running and sweeps
at that interval.
"""

import logging
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections

from workbridge.employers.import_runs import sheet_imports_stale_fail, sheet_uploads_sweep
from workbridge.equity.imports.files import import_files_sweep
from workbridge.equity.imports.runs import import_runs_stale_fail
from workbridge.web.exports import exports_sweep
from workbridge.web.middleware import database_is_busy

logger = logging.getLogger(__name__)


def sweep() -> dict[str, int]:
    """One sweep: stopped runs first (so their files count as kept), then files."""
    return {
        "spreadsheet imports stopped": sheet_imports_stale_fail(),
        "applicant imports stopped": import_runs_stale_fail(),
        "uploads removed": sheet_uploads_sweep(),
        "applicant files removed": import_files_sweep(),
        "prepared exports removed": exports_sweep(),
    }


class Command(BaseCommand):
    help = "Mark imports whose worker stopped as failed and remove expired uploads."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=float, default=0, help="Keep running, sweeping every SECONDS."
        )

    def handle(self, *, every: float, **options) -> None:
        while True:
            try:
                done = sweep()
            except OperationalError as error:
                if not (every and database_is_busy(error)):
                    raise
                logger.warning("The database is busy; the sweep tries again next time.")
            else:
                self.stdout.write("; ".join(f"{k}: {v}" for k, v in done.items()))
            if not every:
                return
            close_old_connections()
            time.sleep(every)
