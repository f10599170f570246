"""The task body of a roster import: check the stored file, then load it.

Like the applicant-flow import (``equity.imports.work``): the worker claims the queued
run, checks every row with progress saved on the run, and loads a file without problems
in one transaction together with the run's "done". It never queues anything.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from workbridge.equity.models import ImportStatus
from workbridge.web.leases import RunTable
from workbridge.web.uploads import IMPORTS, upload_delete, upload_exists
from workbridge.workforce.models import RosterImport
from workbridge.workforce.roster_load import roster_import_apply
from workbridge.workforce.roster_rows import problem_text, roster_check

UNDER_WAY = (ImportStatus.WAITING, ImportStatus.CHECKING, ImportStatus.LOADING)
ROSTER_RUNS = RunTable(
    RosterImport, waiting=ImportStatus.WAITING, under_way=UNDER_WAY, failed=ImportStatus.FAILED
)


def roster_run_process(run_id: int) -> RosterImport:
    """Check the run's roster and, when it has no problem, load it."""
    claimed = ROSTER_RUNS.claim(run_id, status=ImportStatus.CHECKING)
    run = RosterImport.objects.select_related("organisation", "created_by").get(pk=run_id)
    if not claimed:
        return run
    check = roster_check(
        organisation=run.organisation,
        stored_file=run.stored_file,
        filename=run.filename,
        mapping=run.mapping,
        progress=partial(ROSTER_RUNS.progress_save, run_id),
    )
    if not check.ok:
        with translation.override(settings.LANGUAGE_CODE):
            problems = [
                {
                    "row": p.row,
                    "column": p.column,
                    "code": p.code,
                    "params": dict(p.params),
                    "message": problem_text(p),
                }
                for p in check.problems
            ]
        RosterImport.objects.filter(pk=run_id).update(
            status=ImportStatus.FAILED,
            rows_total=check.rows,
            rows_done=check.rows,
            problems=problems,
            problems_total=check.problems_total,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run
    RosterImport.objects.filter(pk=run_id).update(
        status=ImportStatus.LOADING, rows_total=check.rows, heartbeat_at=timezone.now()
    )
    with transaction.atomic():
        summary = roster_import_apply(
            organisation=run.organisation, check=check, as_of=run.as_of, by=run.created_by, run=run
        )
        RosterImport.objects.filter(pk=run_id).update(
            status=ImportStatus.DONE,
            rows_done=check.rows,
            summary=summary,
            finished_at=timezone.now(),
            stored_file="",
        )
    if run.stored_file and upload_exists(IMPORTS, run.stored_file):
        upload_delete(IMPORTS, run.stored_file)  # the loaded file is not kept
    run.refresh_from_db()
    return run


def roster_run_fail(run_id: int, error: str) -> None:
    ROSTER_RUNS.fail(run_id, error)
