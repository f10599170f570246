"""Recompute a plan's measures when the data behind them change.

Each metric names the models it reads (`sources`). When a row of one of them is saved or
deleted, and the organisation it belongs to has a measure bound to a metric reading that
model, the recompute is queued once the transaction commits (`services.recompute_soon`).
This only queues work: nothing is computed in the writer's request.
"""

from collections import defaultdict

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from workbridge.web.metrics import registry

_WATCHED: dict[type, set[str]] = {}


def _organisation_ids(instance) -> set[int] | None:
    """The organisations a row belongs to; None for a row every organisation shares."""
    found = getattr(instance, "organisation_id", None)
    if found:
        return {found}
    for parent in ("placement", "panel", "employer", "candidate"):
        if getattr(instance, f"{parent}_id", None):
            owner = getattr(getattr(instance, parent), "organisation_id", None)
            if owner:
                return {owner}
    user_id = getattr(instance, "user_id", None)
    if user_id:
        from workbridge.accounts.models import Membership

        return set(
            Membership.objects.filter(user_id=user_id).values_list("organisation_id", flat=True)
        )
    return None


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    from workbridge.plans.models import Measure
    from workbridge.plans.services import recompute_soon

    keys = _WATCHED.get(sender)
    if not keys:
        return
    bound = Measure.objects.filter(metric_key__in=keys)
    organisations = _organisation_ids(instance)
    if organisations is not None:
        bound = bound.filter(plan__organisation_id__in=organisations)
    for organisation_id in set(bound.values_list("plan__organisation_id", flat=True)):
        recompute_soon(organisation_id)


def watch_metric_sources() -> None:
    """Connect the models the registered metrics read (once, when the app is ready)."""
    if _WATCHED:
        return
    by_model: dict[type, set[str]] = defaultdict(set)
    for key, found in registry().items():
        for label in found.sources:
            by_model[apps.get_model(label)].add(key)
    _WATCHED.update(by_model)
    for model in by_model:
        post_save.connect(_changed, sender=model, dispatch_uid=f"plans-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"plans-del-{model._meta.label}")
