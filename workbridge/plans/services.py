"""Every write to the equity action plans: one function per use case."""

from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.accounts.access import require_colleague
from workbridge.accounts.models import Organisation, User
from workbridge.plans.access import require_plan_editor
from workbridge.plans.bindings import BindingError, parameter_values
from workbridge.plans.models import (
    Action,
    ActionStatus,
    ActionStep,
    GoalArea,
    Measure,
    MeasureValue,
    Plan,
    ReminderSetting,
    StatusChange,
    Strategy,
)
from workbridge.plans.recompute import measure_states_refresh, recompute_mark
from workbridge.plans.tasks import plan_measures_recompute
from workbridge.web.metrics import get

PLAN_FIELDS = (
    "title",
    "department",
    "year",
    "desired_result",
    "problem",
    "root_causes",
    "opportunity",
)
ACTION_FIELDS = ("title", "timeline", "due_on", "owner", "stakeholders", "measures_text")
MEASURE_FIELDS = (
    "title",
    "baseline_value",
    "baseline_on",
    "target_value",
    "direction",
    "period",
)
STORY_FIELDS = ("story_drivers", "story_partners", "story_works", "story_next")


def _own(plan: Plan, by: User) -> Organisation:
    organisation = require_plan_editor(by)
    if plan.organisation_id != organisation.pk:
        raise PermissionDenied
    return organisation


def plan_touched(plan_id: int) -> None:
    """Count a change to the plan, so that its cached status report is drawn again."""
    Plan.objects.filter(pk=plan_id).update(version=F("version") + 1)


def recompute_soon(organisation_id: int) -> None:
    """Queue the recompute of the organisation's measures once the transaction commits,
    unless one is already queued (the task clears the mark when it starts)."""
    if cache.add(recompute_mark(organisation_id), 1, timeout=600):
        transaction.on_commit(lambda: plan_measures_recompute.enqueue(organisation_id))


@transaction.atomic
def plan_create(*, data: dict[str, Any], by: User) -> Plan:
    organisation = require_plan_editor(by)
    return Plan.objects.create(
        organisation=organisation, created_by=by, **{f: data[f] for f in PLAN_FIELDS if f in data}
    )


@transaction.atomic
def plan_update(*, plan: Plan, data: dict[str, Any], by: User) -> Plan:
    _own(plan, by)
    fields = [f for f in PLAN_FIELDS if f in data]
    for name in fields:
        setattr(plan, name, data[name])
    plan.save(update_fields=fields)
    if "indicators" in data:
        plan.indicators.set(data["indicators"])
    plan_touched(plan.pk)
    return plan


@transaction.atomic
def goal_area_add(*, plan: Plan, title: str, by: User) -> GoalArea:
    _own(plan, by)
    plan_touched(plan.pk)
    return GoalArea.objects.create(plan=plan, title=title, position=plan.goal_areas.count())


@transaction.atomic
def strategy_add(*, goal_area: GoalArea, title: str, by: User) -> Strategy:
    _own(goal_area.plan, by)
    plan_touched(goal_area.plan_id)
    return Strategy.objects.create(
        goal_area=goal_area, title=title, position=goal_area.strategies.count()
    )


def _steps_set(action: Action, steps: list[str]) -> None:
    """Keep the checklist in the order given; a step kept by its text keeps its tick."""
    done = {s.text: s.done for s in action.steps.all()}
    action.steps.all().delete()
    ActionStep.objects.bulk_create(
        ActionStep(action=action, position=i, text=text, done=done.get(text, False))
        for i, text in enumerate(steps)
    )


@transaction.atomic
def action_add(
    *, strategy: Strategy, data: dict[str, Any], by: User, steps: list[str] | None = None
) -> Action:
    plan = strategy.goal_area.plan
    organisation = _own(plan, by)
    require_colleague(organisation, data.get("owner"), field="owner")
    action = Action.objects.create(
        strategy=strategy,
        plan=plan,
        position=strategy.actions.count(),
        status=data.get("status", ActionStatus.NOT_STARTED),
        status_on=timezone.localdate(),
        **{f: data[f] for f in ACTION_FIELDS if f in data},
    )
    StatusChange.objects.create(
        action=action, status=action.status, on=timezone.localdate(), note="", by=by
    )
    _steps_set(action, steps or [])
    plan_touched(plan.pk)
    return action


@transaction.atomic
def action_update(
    *, action: Action, data: dict[str, Any], by: User, steps: list[str] | None = None
) -> Action:
    organisation = _own(action.plan, by)
    require_colleague(organisation, data.get("owner"), field="owner")
    fields = [f for f in ACTION_FIELDS if f in data]
    for name in fields:
        setattr(action, name, data[name])
    action.save(update_fields=fields)
    if steps is not None:
        _steps_set(action, steps)
    plan_touched(action.plan_id)
    return action


@transaction.atomic
def action_status_set(
    *, action: Action, status: str, note: str, by: User, on: date | None = None
) -> StatusChange:
    """Set the action's status and keep the change with its date, author and note."""
    _own(action.plan, by)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    on = on or timezone.localdate()
    if status == action.status and not note:
        raise ValidationError({"note": _("The status is unchanged: say what happened.")})
    change = StatusChange.objects.create(action=action, status=status, on=on, note=note, by=by)
    if status != action.status:
        action.status = status
        action.status_on = on
        action.save(update_fields=["status", "status_on"])
    plan_touched(action.plan_id)
    return change


@transaction.atomic
def step_set_done(*, step: ActionStep, done: bool, by: User) -> ActionStep:
    _own(step.action.plan, by)
    step.done = done
    step.save(update_fields=["done"])
    plan_touched(step.action.plan_id)
    return step


def _check_binding(metric_key: str, parameters: dict[str, Any]) -> None:
    if not metric_key:
        return
    try:
        target = get(metric_key)
    except KeyError:
        raise ValidationError({"metric_key": _("Choose a metric from the list.")}) from None
    try:
        parameter_values(target, parameters, timezone.localdate())
    except BindingError as exc:
        raise ValidationError(
            {
                "parameters": _("The parameter %(name)s is missing or wrong.")
                % {"name": exc.parameter}
            }
        ) from None


@transaction.atomic
def measure_save(
    *,
    action: Action,
    data: dict[str, Any],
    metric_key: str,
    parameters: dict[str, Any],
    by: User,
    measure: Measure | None = None,
) -> Measure:
    """Add a measure to an action, or change one: its binding, baseline, target and period.

    A bound measure is recomputed by the background task once this commits.
    """
    _own(action.plan, by)
    _check_binding(metric_key, parameters)
    if measure is None:
        measure = Measure(action=action, plan=action.plan)
    elif measure.action_id != action.pk:
        raise PermissionDenied
    for name in MEASURE_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    rebound = (measure.metric_key, measure.parameters) != (metric_key, parameters)
    measure.metric_key = metric_key
    measure.parameters = parameters
    if measure.pk is None:
        measure.save()
    else:
        fields = [name for name in MEASURE_FIELDS if name in data]
        measure.save(update_fields=[*fields, "metric_key", "parameters"])
    if rebound and measure.pk:
        measure.values.filter(computed=True).delete()
    measure_states_refresh(Measure.objects.filter(pk=measure.pk))
    if metric_key:
        recompute_soon(action.plan.organisation_id)
    plan_touched(action.plan_id)
    return measure


@transaction.atomic
def measure_value_enter(*, measure: Measure, value: float, on: date, by: User) -> MeasureValue:
    """A value of a manual measure, kept with who entered it."""
    _own(measure.plan, by)
    if not measure.is_manual:
        raise ValidationError(
            {"value": _("This measure is computed from live data: its values cannot be typed.")}
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    row, _created = MeasureValue.objects.update_or_create(
        measure=measure, on=on, defaults={"value": value, "computed": False, "entered_by": by}
    )
    measure_states_refresh(Measure.objects.filter(pk=measure.pk))
    plan_touched(measure.plan_id)
    return row


@transaction.atomic
def measure_story_update(*, measure: Measure, data: dict[str, Any], by: User) -> Measure:
    """The story behind the curve: what drives it, partners, what works, next steps."""
    _own(measure.plan, by)
    for name in STORY_FIELDS:
        setattr(measure, name, data.get(name, ""))
    measure.story_on = timezone.localdate()
    measure.save(update_fields=[*STORY_FIELDS, "story_on"])
    plan_touched(measure.plan_id)
    return measure


@transaction.atomic
def reminders_choose(*, user: User, receive: bool) -> ReminderSetting:
    found, _created = ReminderSetting.objects.update_or_create(
        user=user, defaults={"receive": receive}
    )
    return found
