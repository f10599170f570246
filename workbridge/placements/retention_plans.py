"""Retention plans at hire: drafted from the participant's earlier job losses, confirmed by
the case manager; and the report of supports given against retention at 90 and 180 days."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core import retention_plans as core
from workbridge.placements.models import (
    Placement,
    RetentionPlan,
    RetentionPlanItem,
    RetentionSupport,
    RetentionSupportKind,
)
from workbridge.placements.queries import outcome_records


def _earlier_loss_factors(placement: Placement) -> list[list[str]]:
    """Each earlier job's loss factors: the work history, then placements that ended."""
    participant = placement.participant
    jobs = [list(f) for f in participant.work_history.values_list("loss_factors", flat=True) if f]
    jobs += [
        list(f)
        for f in participant.placements.exclude(pk=placement.pk)
        .filter(ended_on__isnull=False)
        .values_list("loss_factors", flat=True)
        if f
    ]
    return jobs


@transaction.atomic
def retention_plan_draft(*, placement: Placement, by: User, on: date) -> RetentionPlan:
    """Draft the plan of a new hire from earlier job losses (again, if not confirmed yet)."""
    require_own(placement, by)
    plan, created = RetentionPlan.objects.get_or_create(
        placement=placement, defaults={"drafted_on": on}
    )
    if plan.is_confirmed:
        return plan
    if not created:
        plan.items.all().delete()
        plan.drafted_on = on
        plan.save(update_fields=["drafted_on"])
    draft = core.retention_plan_draft(_earlier_loss_factors(placement))
    RetentionPlanItem.objects.bulk_create(
        RetentionPlanItem(plan=plan, kind=s.kind, reasons=[list(r) for r in s.reasons])
        for s in draft
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=plan,
        fields=["items"],
        detail=f"placement {placement.pk}: " + ", ".join(s.kind for s in draft),
    )
    return plan


@transaction.atomic
def retention_plan_confirm(
    *, plan: RetentionPlan, by: User, kinds: Sequence[str], notes: str, on: date
) -> RetentionPlan:
    """The case manager's plan: the supports kept or added, and notes; confirmed today."""
    require_own(plan.placement, by)
    unknown = set(kinds) - set(RetentionSupportKind.values)
    if unknown or not kinds:
        raise ValidationError({"kinds": _("Choose at least one support from the list.")})
    items = {item.kind: item for item in plan.items.all()}
    for kind, item in items.items():
        if item.planned != (kind in kinds):
            item.planned = kind in kinds
            item.save(update_fields=["planned"])
    RetentionPlanItem.objects.bulk_create(
        RetentionPlanItem(plan=plan, kind=kind) for kind in kinds if kind not in items
    )
    plan.notes, plan.confirmed_on, plan.confirmed_by = notes, on, by
    plan.save(update_fields=["notes", "confirmed_on", "confirmed_by"])
    audit_record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=plan,
        fields=["items", "notes", "confirmed_on"],
        detail=", ".join(sorted(kinds)),
    )
    return plan


# The report ------------------------------------------------------------------------------

REPORT_CHECKPOINTS = (90, 180)


@dataclass(frozen=True)
class SupportsReport:
    today: date
    threshold: int
    placements: int
    rows: dict[int, list[core.SupportRetention]]


def supports_retention_report(user, *, today: date) -> SupportsReport:
    """Retention at 90 and 180 days of the user's organisation's placements, with and
    without each kind of retention support given by then."""
    records = outcome_records(user)
    ids = [record.placement_id for record in records]
    first_given: dict[int, dict[str, date]] = defaultdict(dict)
    for placement_id, kind, given_on in (
        RetentionSupport.objects.filter(placement_id__in=ids)
        .order_by("given_on")
        .values_list("placement_id", "kind", "given_on")
    ):
        first_given[placement_id].setdefault(kind, given_on)
    placements = [
        core.SupportedPlacement(record.facts, first_given.get(record.placement_id, {}))
        for record in records
    ]
    threshold = settings.WORKBRIDGE_SMALL_CELL
    kinds = list(RetentionSupportKind.values)
    return SupportsReport(
        today=today,
        threshold=threshold,
        placements=len(placements),
        rows={
            checkpoint: core.support_retention(
                placements, kinds=kinds, checkpoint=checkpoint, today=today, threshold=threshold
            )
            for checkpoint in REPORT_CHECKPOINTS
        },
    )
