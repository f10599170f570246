"""Background work for candidates, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from workbridge.equity.candidates.feedback_work import feedback_run_process
from workbridge.equity.candidates.sending import stage_notices_send_all


@task
def stage_notices_send_task(organisation_id: int) -> dict[str, int]:
    """Send the organisation's queued stage notices in batches."""
    return {"handled": stage_notices_send_all(organisation_id)}


@task
def feedback_run_execute(run_id: int) -> dict[str, int | str]:
    """Make a bulk run's feedback reports into one ZIP file, saving progress as it goes."""
    run = feedback_run_process(run_id)
    if run is None:
        return {"status": "taken"}
    return {"status": run.status, "done": run.done}
