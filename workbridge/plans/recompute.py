"""Measure values computed from live data, and the cached latest value and state.

`measures_recompute` computes every bound measure of an organisation, grouped by metric so
that each metric computes all its parameter sets in one batch (`web.metrics.compute_batch`),
keeps today's value in each measure's history, then refreshes the cached value and state of
every measure. Pages read the cache; only this module calls the registry.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from workbridge.accounts.models import Organisation
from workbridge.core.plans import measure_state
from workbridge.plans.bindings import BindingError, parameter_values
from workbridge.plans.models import Measure, MeasureValue, Plan
from workbridge.web.metrics import compute_batch, get

logger = logging.getLogger(__name__)


def recompute_mark(organisation_id: int) -> str:
    """The cache key that says a recompute of the organisation's measures is queued."""
    return f"plans:recompute-queued:{organisation_id}"


def measures_compute(
    organisation: Organisation, measures: Iterable[Measure], *, today: date, batch: bool = True
) -> dict[int, float]:
    """Each bound measure's value today (measures with nothing to measure are left out)."""
    by_key: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures:
        if measure.metric_key:
            by_key[measure.metric_key].append(measure)
    found: dict[int, float] = {}
    for key, group in by_key.items():
        try:
            target = get(key)
        except KeyError:
            logger.warning("measures bound to the unknown metric %s", key)
            continue
        ready: list[Measure] = []
        sets = []
        for measure in group:
            try:
                sets.append(parameter_values(target, measure.parameters, today))
            except BindingError as exc:
                logger.warning("measure %s cannot be computed: %s", measure.pk, exc)
                continue
            ready.append(measure)
        if batch:
            values = compute_batch(target, organisation, sets)
        else:
            values = [target.compute(organisation, **s) for s in sets]
        for measure, value in zip(ready, values, strict=True):
            if value is not None:
                found[measure.pk] = float(value)
    return found


def measures_recompute(
    *, organisation_id: int, today: date | None = None, measure_ids: Iterable[int] | None = None
) -> int:
    """Compute, keep and cache the organisation's bound measures; returns the values kept."""
    today = today or timezone.localdate()
    organisation = Organisation.objects.get(pk=organisation_id)
    measures = Measure.objects.filter(plan__organisation_id=organisation_id).exclude(metric_key="")
    if measure_ids is not None:
        measures = measures.filter(pk__in=list(measure_ids))
    measures = measures.only("pk", "metric_key", "parameters")
    found = measures_compute(organisation, measures, today=today)
    with transaction.atomic():
        MeasureValue.objects.filter(measure_id__in=list(found), on=today).delete()
        MeasureValue.objects.bulk_create(
            MeasureValue(measure_id=pk, on=today, value=value, computed=True)
            for pk, value in found.items()
        )
        measure_states_refresh(
            Measure.objects.filter(plan__organisation_id=organisation_id), today=today
        )
    return len(found)


def measure_states_refresh(measures, *, today: date | None = None) -> int:
    """Cache each measure's latest value, its date and its state; returns the measures changed."""
    today = today or timezone.localdate()
    latest = MeasureValue.objects.filter(measure=OuterRef("pk")).order_by("-on", "-pk")
    rows = list(
        measures.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("on")[:1]),
        )
    )
    changed = []
    now = timezone.now()
    for measure in rows:
        state = measure_state(
            direction=measure.direction,
            baseline=measure.baseline_value,
            target=measure.target_value,
            latest=measure.latest_value,
        )
        if state != measure.state:
            measure.state_since = today
        if (measure.current_value, measure.current_on, measure.state) != (
            measure.latest_value,
            measure.latest_on,
            state,
        ) or measure.computed_at is None:
            measure.current_value = measure.latest_value
            measure.current_on = measure.latest_on
            measure.state = state
            measure.computed_at = now
            changed.append(measure)
    Measure.objects.bulk_update(
        changed, ["current_value", "current_on", "state", "state_since", "computed_at"]
    )
    if changed:
        Plan.objects.filter(pk__in={m.plan_id for m in changed}).update(version=F("version") + 1)
    return len(changed)
