"""Recompute every organisation's plan measures and send the day's reminders.

Run it once a night beside the task worker (a cron line, e.g.
`15 2 * * * cd /srv/workbridge && .venv/bin/python manage.py plans_nightly`). With
`--queue` it hands both jobs to the task worker instead of running them here.
"""

from django.core.management.base import BaseCommand

from workbridge.plans.models import Plan
from workbridge.plans.recompute import measures_recompute
from workbridge.plans.reminders import reminders_send
from workbridge.plans.tasks import plan_measures_recompute, plan_reminders_send


class Command(BaseCommand):
    help = "Recompute the equity action plans' measures and send the day's reminders."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the work for the worker.")

    def handle(self, *args, **options):
        organisations = sorted(set(Plan.objects.values_list("organisation_id", flat=True)))
        if options["queue"]:
            for organisation_id in organisations:
                plan_measures_recompute.enqueue(organisation_id)
            plan_reminders_send.enqueue()
            self.stdout.write(f"queued {len(organisations)} recomputes and the reminders")
            return
        values = sum(measures_recompute(organisation_id=pk) for pk in organisations)
        sent = reminders_send()
        self.stdout.write(f"{values} measure values computed; {sent} reminders sent")
