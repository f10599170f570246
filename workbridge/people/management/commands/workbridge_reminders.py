"""Queue the day's milestone reminders for the task worker.

Run it once a day (a cron entry or a systemd timer beside the sweep, see the README).
Running it twice the same day sends nothing twice: each reminder is recorded per milestone,
channel and due date. ``--now`` sends in this process instead of queueing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from workbridge.people.reminders import reminders_send
from workbridge.people.tasks import milestone_reminders_run


class Command(BaseCommand):
    help = "Queue (or with --now, send) today's milestone reminders to participants."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send here instead of queueing.")

    def handle(self, *, now: bool, **options) -> None:
        if now:
            run = reminders_send(today=timezone.localdate())
            self.stdout.write(f"e-mails: {run.emails}; texts: {run.texts}; failed: {run.failed}")
            return
        result = milestone_reminders_run.enqueue()
        self.stdout.write(f"queued {result.id}")
