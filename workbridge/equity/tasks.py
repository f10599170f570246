"""Background work for hiring equity, run by the task worker (`manage.py task_worker`)."""

from functools import partial

from django.tasks import task

from workbridge.equity.imports.work import import_run_fail, import_run_process
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
