"""Background work for casework, run by the task worker (`manage.py task_worker`)."""

from django.tasks import task
from django.utils import timezone

from workbridge.people.reminders import reminders_send


@task
def milestone_reminders_run() -> dict[str, int]:
    """Send today's milestone reminders (queued once a day by `workbridge_reminders`)."""
    run = reminders_send(today=timezone.localdate())
    return {"emails": run.emails, "texts": run.texts, "failed": run.failed}
