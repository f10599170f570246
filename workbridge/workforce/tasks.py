"""Background work for workforce mobility, run by the task worker."""

from functools import partial

from django.tasks import task

from workbridge.web.leases import when_unlocked
from workbridge.workforce.roster_work import roster_run_fail, roster_run_process


@task
def roster_run_execute(run_id: int) -> dict:
    """Check an uploaded roster and load it as a snapshot when it has no problem."""
    try:
        run = roster_run_process(run_id)
    except Exception as exc:
        when_unlocked(partial(roster_run_fail, run_id, str(exc)))
        raise
    return {"status": run.status, "problems": run.problems_total, **run.summary}
