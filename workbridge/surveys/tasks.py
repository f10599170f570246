"""Background work for surveys, run by the task worker (`manage.py task_worker`)."""

from django.tasks import task

from workbridge.surveys.send_work import send_run_process


@task
def send_run_execute(run_id: int) -> dict[str, int | str]:
    """Send a wave's links or reminders in batches; progress is saved on the SendRun row."""
    run = send_run_process(run_id)
    if run is None:
        return {"status": "taken"}
    return {"status": run.status, "sent": run.sent}
