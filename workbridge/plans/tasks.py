"""Background work for the equity action plans, run by the task worker."""

from django.core.cache import cache
from django.tasks import task

from workbridge.plans.recompute import measures_recompute, recompute_mark
from workbridge.plans.reminders import reminders_send


@task
def plan_measures_recompute(organisation_id: int) -> dict:
    """Compute the organisation's bound measures and cache their values and states."""
    cache.delete(recompute_mark(organisation_id))
    return {"values": measures_recompute(organisation_id=organisation_id)}


@task
def plan_reminders_send() -> dict:
    """E-mail owners about actions due within 30 days and measures gone off track."""
    return {"sent": reminders_send()}
