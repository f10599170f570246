"""Background work for hiring equity, run by the task worker (`manage.py task_worker`)."""

from functools import partial

from django.db import transaction
from django.tasks import task

from workbridge.equity.imports.work import import_run_fail, import_run_process, import_run_scan
from workbridge.web.leases import when_unlocked


@task
def import_run_execute(run_id: int) -> dict:
    """Check an uploaded applicant-flow file and load it when it has no problem.

    Progress and the outcome are saved on the ImportRun row, which the run page polls.
    """
    try:
        run = import_run_process(run_id)
    except Exception as exc:
        when_unlocked(partial(import_run_fail, run_id, str(exc)))
        raise
    return {"status": run.status, "problems": run.problems_total, **run.summary}


@task
def import_run_scan_values(run_id: int) -> dict:
    """Count the values of a mapped file's coded columns for the value-mapping page; when
    none needs mapping, queue the check and load at once.

    Progress and the counts are saved on the ImportRun row, which the value page polls.
    """
    try:
        run, ready = import_run_scan(run_id)
    except Exception as exc:
        when_unlocked(partial(import_run_fail, run_id, str(exc)))
        raise
    if ready:
        transaction.on_commit(partial(import_run_execute.enqueue, run_id))
    return {"status": run.status, "queued": ready}
