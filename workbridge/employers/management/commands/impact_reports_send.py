"""Queue the day's community impact reports: run once a day (cron or a systemd timer).

Each active employer whose report period (quarterly unless a manager chose otherwise)
has ended and not yet been sent gets its report, kept as a snapshot and mailed to its
contacts who have not opted out. `--now` sends in this process instead of queuing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from workbridge.employers.impact_sends import impact_reports_send_due
from workbridge.employers.tasks import impact_reports_send_due_run


class Command(BaseCommand):
    help = "Send the community impact reports that are due today."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Send here, not in the worker.")

    def handle(self, *, now: bool, **options) -> None:
        if now:
            done = impact_reports_send_due(today=timezone.localdate())
            self.stdout.write(f"sent: {done['sent']}; skipped: {done['skipped']}")
            return
        impact_reports_send_due_run.enqueue()
        self.stdout.write("queued")
