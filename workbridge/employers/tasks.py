"""Background work for the CRM, run by the task worker (`manage.py task_worker`)."""

from functools import partial

from django.tasks import task
from django.utils import timezone

from workbridge.core.spreadsheets import FileProblem
from workbridge.employers.impact_sends import impact_reports_send_due
from workbridge.employers.import_work import sheet_import_fail, sheet_import_process
from workbridge.employers.messages import bulk_send_process
from workbridge.employers.models import BulkSend
from workbridge.web.leases import when_unlocked


@task
def bulk_send_run(bulk_id: int) -> dict[str, int]:
    """Send one bulk message; progress is saved on the BulkSend row as it goes.

    Only a queued send goes out: one handed to a worker again (or recorded by the demo
    seed) is not sent a second time.
    """
    bulk = BulkSend.objects.select_related("template", "created_by").get(pk=bulk_id)
    if bulk.status != BulkSend.Status.QUEUED:
        return {"sent": bulk.sent, "skipped": bulk.skipped, "failed": bulk.failed}
    try:
        bulk = bulk_send_process(bulk, today=timezone.localdate())
    except Exception as exc:
        BulkSend.objects.filter(pk=bulk_id).update(
            status=BulkSend.Status.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    return {"sent": bulk.sent, "skipped": bulk.skipped, "failed": bulk.failed}


@task
def impact_reports_send_due_run() -> dict[str, int]:
    """The daily run: build and send every employer's community impact report that is due."""
    return impact_reports_send_due(today=timezone.localdate())


@task
def sheet_import_execute(run_id: int) -> dict:
    """Check (or check and load) an uploaded spreadsheet of employers, contacts or openings.

    Progress and the outcome are saved on the SheetImport row, which the run page polls.
    """
    try:
        run = sheet_import_process(run_id)
    except FileProblem as problem:
        when_unlocked(partial(sheet_import_fail, run_id, problem.code))
        return {"status": "failed", "error": problem.code}
    except Exception as exc:
        when_unlocked(partial(sheet_import_fail, run_id, str(exc)))
        raise
    if run is None:
        return {"status": "taken"}
    return {"status": run.status, "problems": run.problems_total, **run.summary}
