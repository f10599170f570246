"""Equity action plans in the API (read only): plans with their goal areas, strategies and
actions, measures with their cached value and state, and a measure's values over time.

Nothing here computes a metric: values are those the recompute keeps.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from workbridge.accounts.models import User
from workbridge.api.auth import TokenAuth, token_user
from workbridge.api.errors import answers
from workbridge.api.fields import path_id
from workbridge.plans.access import user_reads_plans
from workbridge.plans.queries import measure_get_for, plan_get_for, plan_tree, plans_visible_to


class PlanTokenAuth(TokenAuth):
    """A token whose user reads the organisation's plans; employer partners get 403."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = super().authenticate(request, token)
        if user is not None and not user_reads_plans(user):
            raise HttpError(403, _("Your role does not give access to the equity plans."))
        return user


router = Router(auth=PlanTokenAuth(), tags=["plans"])
PlanId = path_id("The plan's id.")
MeasureId = path_id("The measure's id.")


class PlanSummaryOut(Schema):
    id: int
    title: str
    department: str
    year: int


class PlanListOut(Schema):
    items: list[PlanSummaryOut]


class MeasureOut(Schema):
    id: int
    action: int
    title: str
    metric: str | None
    parameters: dict
    manual: bool
    baseline: float | None
    baseline_on: str | None
    target: float | None
    direction: str
    period: str
    value: float | None
    value_on: str | None
    state: str


class ActionOut(Schema):
    id: int
    title: str
    timeline: str
    due_on: str | None
    owner: str | None
    status: str
    status_on: str | None
    steps_done: int
    steps: int
    measures: list[MeasureOut]


class StrategyOut(Schema):
    id: int
    title: str
    actions: list[ActionOut]


class GoalAreaOut(Schema):
    id: int
    title: str
    strategies: list[StrategyOut]


class PlanOut(PlanSummaryOut):
    desired_result: str
    problem: str
    root_causes: str
    opportunity: str
    goal_areas: list[GoalAreaOut]


class PointOut(Schema):
    on: str
    value: float
    computed: bool


class SeriesOut(Schema):
    measure: MeasureOut
    values: list[PointOut]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _measure(m) -> dict:
    return {
        "id": m.pk,
        "action": m.action_id,
        "title": m.title,
        "metric": m.metric_key or None,
        "parameters": m.parameters,
        "manual": m.is_manual,
        "baseline": m.baseline_value,
        "baseline_on": _iso(m.baseline_on),
        "target": m.target_value,
        "direction": m.direction,
        "period": m.period,
        "value": m.current_value,
        "value_on": _iso(m.current_on),
        "state": m.state,
    }


@router.get(
    "/plans",
    response=answers({200: PlanListOut}),
    operation_id="plan_list",
    url_name="plans",
    summary="List equity action plans",
)
def plan_list(request: HttpRequest):
    """Your organisation's plans, newest year first."""
    plans = plans_visible_to(token_user(request))
    return {
        "items": [
            {"id": p.pk, "title": p.title, "department": p.department, "year": p.year}
            for p in plans
        ]
    }


@router.get(
    "/plans/{plan_id}",
    response=answers({200: PlanOut}, record=True),
    operation_id="plan_detail",
    url_name="plan",
    summary="A plan with its goal areas, strategies, actions and measures",
)
def plan_detail(request: HttpRequest, plan_id: PlanId):
    """The whole plan: each action's status and checklist progress, and each measure's
    binding, target and latest computed (or entered) value with its state."""
    try:
        plan = plan_get_for(token_user(request), plan_id)
    except Http404 as missing:
        raise HttpError(404, _("Not found.")) from missing
    return {
        "id": plan.pk,
        "title": plan.title,
        "department": plan.department,
        "year": plan.year,
        "desired_result": plan.desired_result,
        "problem": plan.problem,
        "root_causes": plan.root_causes,
        "opportunity": plan.opportunity,
        "goal_areas": [
            {
                "id": g.pk,
                "title": g.title,
                "strategies": [
                    {
                        "id": s.pk,
                        "title": s.title,
                        "actions": [
                            {
                                "id": a.pk,
                                "title": a.title,
                                "timeline": a.timeline,
                                "due_on": _iso(a.due_on),
                                "owner": a.owner.get_full_name() if a.owner else None,
                                "status": a.status,
                                "status_on": _iso(a.status_on),
                                "steps_done": sum(1 for step in a.steps.all() if step.done),
                                "steps": len(a.steps.all()),
                                "measures": [_measure(m) for m in a.measures.all()],
                            }
                            for a in s.actions.all()
                        ],
                    }
                    for s in g.strategies.all()
                ],
            }
            for g in plan_tree(plan)
        ],
    }


@router.get(
    "/plans/measures/{measure_id}/values",
    response=answers({200: SeriesOut}, record=True),
    operation_id="plan_measure_values",
    url_name="plan_measure_values",
    summary="A measure's values as a time series",
)
def measure_values(request: HttpRequest, measure_id: MeasureId):
    """Every value kept for the measure, oldest first; `computed` is false for a value
    entered by hand."""
    try:
        measure = measure_get_for(token_user(request), measure_id)
    except Http404 as missing:
        raise HttpError(404, _("Not found.")) from missing
    return {
        "measure": _measure(measure),
        "values": [
            {"on": v.on.isoformat(), "value": v.value, "computed": v.computed}
            for v in measure.values.order_by("on")
        ],
    }
