"""Reads of the equity action plans, scoped to the requesting user's organisation."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from workbridge.core.plans import Point, is_stale, sparkline, trend
from workbridge.plans.access import require_plans
from workbridge.plans.models import (
    Action,
    ActionStatus,
    GoalArea,
    Measure,
    MeasureState,
    MeasureValue,
    Plan,
    StatusChange,
    Strategy,
)
from workbridge.plans.templatetags.plans_tags import value_text
from workbridge.web.metrics import registry

TREND_LABELS = {
    "better": _("Moving the right way"),
    "worse": _("Moving the wrong way"),
    "flat": _("No change"),
    "none": _("Not enough values yet"),
}
OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.AT_RISK)


def plans_visible_to(user) -> QuerySet[Plan]:
    organisation = require_plans(user)
    return Plan.objects.filter(organisation=organisation)


def plan_get_for(user, pk: int) -> Plan:
    return get_object_or_404(plans_visible_to(user), pk=pk)


def action_get_for(user, pk: int) -> Action:
    organisation = require_plans(user)
    return get_object_or_404(
        Action.objects.select_related("plan", "strategy__goal_area", "owner"),
        pk=pk,
        plan__organisation=organisation,
    )


def measure_get_for(user, pk: int) -> Measure:
    organisation = require_plans(user)
    return get_object_or_404(
        Measure.objects.select_related("plan", "action"), pk=pk, plan__organisation=organisation
    )


def plan_tree(plan: Plan) -> list[GoalArea]:
    """Goal areas → strategies → actions (with owner, steps, measures): five queries."""
    actions = Action.objects.select_related("owner").prefetch_related("steps", "measures")
    strategies = Strategy.objects.prefetch_related(Prefetch("actions", queryset=actions))
    return list(plan.goal_areas.prefetch_related(Prefetch("strategies", queryset=strategies)))


def measure_points(measure_ids: list[int]) -> dict[int, list[Point]]:
    """Every measure's values in date order, in one query."""
    found: dict[int, list[Point]] = defaultdict(list)
    for measure_id, on, value in (
        MeasureValue.objects.filter(measure_id__in=measure_ids)
        .order_by("measure_id", "on")
        .values_list("measure_id", "on", "value")
    ):
        found[measure_id].append(Point(on, value))
    return found


@dataclass
class MeasureLine:
    """A measure as reports show it: its cached value and state, history and sparkline."""

    measure: Measure
    points: list[Point]
    year_ago: float | None
    trend: str
    stale: bool
    spark: str

    @cached_property
    def unit(self) -> str:
        found = registry().get(self.measure.metric_key) if self.measure.metric_key else None
        return found.unit if found else "number"

    @property
    def value_text(self) -> str:
        return value_text(self.measure.current_value, self.unit)

    @property
    def target_text(self) -> str:
        return value_text(self.measure.target_value, self.unit)

    @property
    def year_ago_text(self) -> str:
        return value_text(self.year_ago, self.unit)

    @property
    def trend_label(self) -> str:
        return str(TREND_LABELS.get(self.trend, ""))

    @property
    def change(self) -> float | None:
        if self.year_ago is None or self.measure.current_value is None:
            return None
        return self.measure.current_value - self.year_ago


def measure_lines(measures: list[Measure], *, today: date) -> list[MeasureLine]:
    points = measure_points([m.pk for m in measures])
    a_year_ago = date(today.year - 1, today.month, min(today.day, 28))
    lines = []
    for measure in measures:
        history = points.get(measure.pk, [])
        before = [p for p in history if p.on <= a_year_ago]
        lines.append(
            MeasureLine(
                measure=measure,
                points=history,
                year_ago=before[-1].value if before else None,
                trend=trend(history, measure.direction),  # type: ignore[arg-type]
                stale=is_stale(measure.current_on, measure.period, today),  # type: ignore[arg-type]
                spark=sparkline(history[-12:]) if len(history) > 1 else "",
            )
        )
    return lines


@dataclass
class ActionLine:
    action: Action
    measures: list[MeasureLine]
    status_last_year: str
    changes: list[StatusChange] = field(default_factory=list)

    @property
    def status_changed(self) -> bool:
        return self.status_last_year != self.action.status

    @property
    def status_last_year_label(self) -> str:
        if not self.status_last_year:
            return str(_("New this year"))
        return str(ActionStatus(self.status_last_year).label)


@dataclass
class ReportSection:
    goal_area: GoalArea
    strategies: list[tuple[Strategy, list[ActionLine]]]


def status_report(plan: Plan, *, today: date) -> list[ReportSection]:
    """Every action with its status, its measures and what changed since a year ago.

    A fixed number of queries whatever the size of the plan.
    """
    tree = plan_tree(plan)
    measures = [
        m
        for g in tree
        for s in g.strategies.all()
        for a in s.actions.all()
        for m in a.measures.all()
    ]
    lines = {line.measure.pk: line for line in measure_lines(measures, today=today)}
    a_year_ago = date(today.year - 1, today.month, min(today.day, 28))
    changes: dict[int, list[StatusChange]] = defaultdict(list)
    for change in (
        StatusChange.objects.filter(action__plan=plan)
        .select_related("by")
        .order_by("action_id", "on", "id")
    ):
        changes[change.action_id].append(change)
    sections = []
    for goal_area in tree:
        strategies = []
        for strategy in goal_area.strategies.all():
            rows = []
            for action in strategy.actions.all():
                history = changes.get(action.pk, [])
                before = [c for c in history if c.on <= a_year_ago]
                rows.append(
                    ActionLine(
                        action=action,
                        measures=[lines[m.pk] for m in action.measures.all()],
                        status_last_year=before[-1].status if before else "",
                        changes=[c for c in history if c.on > a_year_ago],
                    )
                )
            strategies.append((strategy, rows))
        sections.append(ReportSection(goal_area, strategies))
    return sections


@dataclass(frozen=True)
class Dashboard:
    measures: int
    on_track: int  # met or on track
    off_track: int
    no_data: int
    overdue: list[Action]
    without_measure: list[Action]
    stale: list[Measure]
    stories_current: int
    values_current: int
    status_counts: dict[str, int]

    @property
    def on_track_share(self) -> float | None:
        with_data = self.measures - self.no_data
        return self.on_track / with_data if with_data else None

    @property
    def engagement(self) -> float | None:
        """Scorecard's engagement: of every measure, the share of notes and values current."""
        if not self.measures:
            return None
        return (self.stories_current + self.values_current) / (2 * self.measures)


def plan_dashboard(plan: Plan, *, today: date) -> Dashboard:
    measures = list(plan.measures.all())
    states = Counter(m.state for m in measures)
    actions = list(plan.actions.select_related("owner").annotate(n_measures=Count("measures")))
    stale = [m for m in measures if is_stale(m.current_on, m.period, today)]  # type: ignore[arg-type]
    stories = [m for m in measures if not is_stale(m.story_on, m.period, today)]  # type: ignore[arg-type]
    return Dashboard(
        measures=len(measures),
        on_track=states[MeasureState.MET] + states[MeasureState.ON_TRACK],
        off_track=states[MeasureState.OFF_TRACK],
        no_data=states[MeasureState.NO_DATA],
        overdue=[a for a in actions if a.due_on and a.due_on < today and a.status in OPEN_STATUSES],
        without_measure=[a for a in actions if not a.n_measures],
        stale=stale,
        stories_current=len(stories),
        values_current=len(measures) - len(stale),
        status_counts=Counter(a.status for a in actions),
    )


@dataclass(frozen=True)
class RollupRow:
    plan: Plan
    actions: int
    complete: int
    at_risk: int
    measures: int
    on_track: int


def citywide_rollup(plans: QuerySet[Plan]) -> list[RollupRow]:
    """Each plan's actions and measures counted, in two queries."""
    rows = plans.annotate(
        n_actions=Count("actions", distinct=True),
        n_complete=Count("actions", filter=Q(actions__status=ActionStatus.COMPLETE), distinct=True),
        n_at_risk=Count("actions", filter=Q(actions__status=ActionStatus.AT_RISK), distinct=True),
    )
    measure_counts = {
        r["plan_id"]: r
        for r in Measure.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(
            n=Count("pk"),
            good=Count("pk", filter=Q(state__in=[MeasureState.MET, MeasureState.ON_TRACK])),
        )
        .order_by()
    }
    return [
        RollupRow(
            plan=p,
            actions=p.n_actions,
            complete=p.n_complete,
            at_risk=p.n_at_risk,
            measures=measure_counts.get(p.pk, {}).get("n", 0),
            on_track=measure_counts.get(p.pk, {}).get("good", 0),
        )
        for p in rows
    ]


def report_outline(sections: list[ReportSection]) -> list[dict]:
    """The status report as plain dicts of text, labels translated once: the template
    that draws 200 measures then only looks up dictionary keys."""
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    states = {value: str(label) for value, label in MeasureState.choices}
    story_labels = (
        ("story_drivers", str(_("What is driving it"))),
        ("story_partners", str(_("Partners"))),
        ("story_works", str(_("What works"))),
        ("story_next", str(_("Next steps"))),
    )
    new = str(_("New this year"))
    goals = []
    for section in sections:
        strategies = []
        for strategy, lines in section.strategies:
            actions = []
            for line in lines:
                action = line.action
                measures = []
                for m in line.measures:
                    measure = m.measure
                    measures.append(
                        {
                            "title": measure.title,
                            "manual": measure.is_manual,
                            "value": m.value_text,
                            "year_ago": m.year_ago_text,
                            "target": m.target_text,
                            "state": measure.state,
                            "state_label": states.get(measure.state, measure.state),
                            "spark": m.spark,
                            "trend": m.trend_label,
                            "story": [
                                (label, getattr(measure, name))
                                for name, label in story_labels
                                if getattr(measure, name)
                            ],
                        }
                    )
                actions.append(
                    {
                        "title": action.title,
                        "status": statuses[action.status],
                        "before": statuses.get(line.status_last_year, new),
                        "changed": line.status_changed,
                        "timeline": action.timeline or action.due_on or "",
                        "owner": action.owner.get_full_name() if action.owner else "",
                        "changes": [
                            {"on": c.on, "status": statuses[c.status], "note": c.note}
                            for c in line.changes
                        ],
                        "measures": measures,
                    }
                )
            strategies.append({"title": strategy.title, "actions": actions})
        goals.append({"title": section.goal_area.title, "strategies": strategies})
    return goals
