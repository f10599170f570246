"""Forms of the equity action plans."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation, User
from workbridge.accounts.queries import user_does_casework
from workbridge.plans.models import (
    ActionStatus,
    CommunityIndicator,
    Direction,
    Period,
    Plan,
)
from workbridge.web.forms import Form, ModelForm
from workbridge.web.metrics import Metric, Parameter, registry

DATE = {"type": "date"}
PARAMETER_PREFIX = "p_"


class PlanForm(ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "department",
            "year",
            "desired_result",
            "problem",
            "root_causes",
            "opportunity",
            "indicators",
        ]
        widgets = {"indicators": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = CommunityIndicator.objects.all()
        self.fields["department"].help_text = _("Leave blank for the citywide plan.")


class TitleForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)


def colleagues(organisation: Organisation) -> list[tuple[str, str]]:
    people = User.objects.filter(membership__organisation=organisation, is_active=True).order_by(
        "first_name", "last_name"
    )
    return [("", _("Nobody yet"))] + [
        (str(u.pk), u.get_full_name() or u.username) for u in people if user_does_casework(u)
    ]


class ActionForm(Form):
    title = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    timeline = forms.CharField(
        label=_("Timeline"),
        max_length=60,
        required=False,
        help_text=_("A quarter or season, e.g. Q3 2026 or Fall 2026."),
    )
    due_on = forms.DateField(label=_("Target date"), required=False, widget=forms.DateInput(DATE))
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, choices=(), coerce=int)
    stakeholders = forms.CharField(
        label=_("Stakeholders"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    steps = forms.CharField(
        label=_("Implementation plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One step a line."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = colleagues(organisation)
        self.fields["owner"].empty_value = None

    def clean_owner(self) -> User | None:
        owner_id = self.cleaned_data.get("owner")
        return User.objects.filter(pk=owner_id).first() if owner_id else None

    def step_lines(self) -> list[str]:
        return [
            line.strip()[:400] for line in self.cleaned_data["steps"].splitlines() if line.strip()
        ]


class StatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the date and your name in the action's history."),
    )


def _metric_choices() -> list[tuple[str, Any]]:
    return [("", _("Manual: values are entered by hand"))] + [
        (key, f"{m.label} ({key})") for key, m in registry().items()
    ]


def parameter_field(parameter: Parameter) -> forms.Field:
    required = parameter.required and parameter.kind != "year"
    if parameter.kind == "year":
        return forms.IntegerField(
            label=parameter.label,
            required=False,
            min_value=2000,
            max_value=2100,
            help_text=_("Leave blank to follow the current year."),
        )
    if parameter.kind in ("int", "record"):
        return forms.IntegerField(label=parameter.label, required=required, min_value=0)
    if parameter.kind == "date":
        return forms.DateField(
            label=parameter.label, required=required, widget=forms.DateInput(DATE)
        )
    if parameter.kind == "choice":
        return forms.ChoiceField(
            label=parameter.label,
            required=required,
            choices=([("", "—")] if not required else [])
            + [(str(k), v) for k, v in parameter.choices],
        )
    return forms.CharField(label=parameter.label, required=required, max_length=200)


class MeasureForm(Form):
    """A measure: what it is, the metric it is bound to with its parameters, its target.

    The parameter fields are those of the metric chosen (`metric_key`), named `p_<name>`.
    """

    title = forms.CharField(label=_("Measure"), max_length=300)
    metric_key = forms.ChoiceField(label=_("Computed from"), required=False, choices=())
    baseline_value = forms.FloatField(label=_("Baseline"), required=False)
    baseline_on = forms.DateField(
        label=_("Baseline date"), required=False, widget=forms.DateInput(DATE)
    )
    target_value = forms.FloatField(label=_("Target"), required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    period = forms.ChoiceField(label=_("Reporting period"), choices=Period.choices)

    def __init__(self, *args: Any, metric: Metric | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["metric_key"].choices = _metric_choices()
        self.metric = metric
        for parameter in metric.parameters if metric else ():
            self.fields[PARAMETER_PREFIX + parameter.name] = parameter_field(parameter)

    def parameter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(PARAMETER_PREFIX)]

    def parameters(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(PARAMETER_PREFIX) and value not in (None, ""):
                found[name[len(PARAMETER_PREFIX) :]] = (
                    value.isoformat() if hasattr(value, "isoformat") else value
                )
        return found

    def data_fields(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data[k]
            for k in (
                "title",
                "baseline_value",
                "baseline_on",
                "target_value",
                "direction",
                "period",
            )
        }


class ValueForm(Form):
    value = forms.FloatField(label=_("Value"))
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE))


class StoryForm(Form):
    story_drivers = forms.CharField(
        label=_("What is driving it"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    story_partners = forms.CharField(
        label=_("Partners"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    story_works = forms.CharField(
        label=_("What works"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    story_next = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("Plan spreadsheet (XLSX or CSV)"),
        help_text=_(
            "Five columns: Action, Timeline, Performance measures, Implementation plan, Status."
        ),
    )


class ReminderForm(Form):
    receive = forms.BooleanField(label=_("E-mail me plan reminders"), required=False)


class IndicatorImportForm(Form):
    file = forms.FileField(label=_("Community indicators (CSV)"))
