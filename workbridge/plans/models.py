"""Racial equity action plans: plan → goal areas → strategies → actions, and their measures.

A measure is bound to a registered metric (`web.metrics`) with its parameters, or is manual.
Its values are kept as a history (`MeasureValue`); the latest value and its state are cached
on the measure by the recompute (`plans.recompute`), so pages never compute the registry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from workbridge.accounts.models import Organisation
from workbridge.people.models import CommunityArea


class Plan(models.Model):
    """One department's plan (or the citywide plan, with no department)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    department = models.CharField(_("department"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    desired_result = models.TextField(_("citywide desired result"), blank=True)
    problem = models.TextField(_("problem"), blank=True)
    root_causes = models.TextField(_("root causes"), blank=True)
    opportunity = models.TextField(_("opportunity"), blank=True)
    indicators = models.ManyToManyField(
        "CommunityIndicator", blank=True, related_name="plans", verbose_name=_("indicators")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Counts every change to the plan, its actions and measures: the key of its cached report.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year", "department", "title"]
        verbose_name = _("equity action plan")

    def __str__(self) -> str:
        return self.title


class GoalArea(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goal_areas")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("goal area"), max_length=200)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    goal_area = models.ForeignKey(GoalArea, on_delete=models.CASCADE, related_name="strategies")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.TextField(_("strategy"))

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETE = "complete", _("Complete")
    AT_RISK = "at_risk", _("At risk")
    DEFERRED = "deferred", _("Deferred")


class Action(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.TextField(_("action"))
    timeline = models.CharField(
        _("timeline"), max_length=60, blank=True, help_text=_("A season or quarter, e.g. Q3 2026.")
    )
    due_on = models.DateField(_("target date"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    measures_text = models.TextField(_("performance measures (as written)"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    status_on = models.DateField(_("status since"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["plan", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title


class ActionStep(models.Model):
    """One step of an action's implementation plan, ticked off when done."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("step"), max_length=400)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class StatusChange(models.Model):
    """An action's status as it was set, with when, by whom and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.status} {self.on}"


class Direction(models.TextChoices):
    UP = "up", _("Increase")
    DOWN = "down", _("Decrease")
    KEEP = "keep", _("Maintain")


class Period(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Annually")


class MeasureState(models.TextChoices):
    MET = "met", _("Target met")
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data yet")


class Measure(models.Model):
    """A performance measure of an action: a bound metric (or manual values) and its target."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("measure"), max_length=300)
    metric_key = models.CharField(
        _("metric"), max_length=80, blank=True, help_text=_("Blank for a manual measure.")
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    baseline_value = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.FloatField(_("target"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    period = models.CharField(
        pgettext_lazy("reporting", "period"),
        max_length=8,
        choices=Period.choices,
        default=Period.YEAR,
    )
    # The story behind the curve, updated each reporting period.
    story_drivers = models.TextField(_("what is driving it"), blank=True)
    story_partners = models.TextField(_("partners"), blank=True)
    story_works = models.TextField(_("what works"), blank=True)
    story_next = models.TextField(_("next steps"), blank=True)
    story_on = models.DateField(_("story updated"), null=True, blank=True)
    # Cached by the recompute; never typed.
    current_value = models.FloatField(null=True, blank=True, editable=False)
    current_on = models.DateField(null=True, blank=True, editable=False)
    state = models.CharField(
        max_length=10,
        choices=MeasureState.choices,
        default=MeasureState.NO_DATA,
        editable=False,
    )
    state_since = models.DateField(null=True, blank=True, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_manual(self) -> bool:
        return not self.metric_key


class MeasureValue(models.Model):
    """One value of a measure on a date: computed by the recompute, or entered by someone."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    on = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    computed = models.BooleanField(default=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "on"], name="plans_measure_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.on}: {self.value}"


class CommunityIndicator(models.Model):
    """A community indicator's name, unit and source (shared by every organisation)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, default="percent")
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    """An indicator's value for the city (no area) or a community area in a year."""

    indicator = models.ForeignKey(
        CommunityIndicator, on_delete=models.CASCADE, related_name="values"
    )
    community_area = models.ForeignKey(
        CommunityArea, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "community_area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "community_area", "year"],
                condition=models.Q(community_area__isnull=False),
                name="plans_indicator_area_value_once",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(community_area__isnull=True),
                name="plans_indicator_city_value_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.community_area_id} {self.year}: {self.value}"


class ReminderSetting(models.Model):
    """A user's choice about plan reminders (the default is to receive them)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_reminders"
    )
    receive = models.BooleanField(_("e-mail me plan reminders"), default=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.receive}"


class ReminderSent(models.Model):
    """A reminder already sent, so that each one goes once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12)
    subject_id = models.PositiveIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject_id", "sent_on"], name="plans_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.subject_id} {self.sent_on}"
