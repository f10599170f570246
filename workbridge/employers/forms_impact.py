"""Forms of the community impact reports: the period, the send, the cadence, the settings."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.employers.impact_report import (
    Period,
    half_of,
    last_complete,
    quarter_of,
    year_of,
)
from workbridge.employers.models import MessageTemplate, ReportCadence
from workbridge.people.models import CommunityArea
from workbridge.web import forms as web_forms

PERIOD_KINDS = [
    ("quarter", _("Quarter")),
    ("half", _("Half-year")),
    ("year", _("Year")),
    ("custom", _("Dates of my choosing")),
]
MAX_DAYS = 3 * 366


class PeriodForm(web_forms.Form):
    """Which period a report covers: a quarter, half-year or year holding a day, or dates."""

    kind = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS, initial="quarter")
    on = forms.DateField(
        label=_("A day in the period"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the last complete period."),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "custom":
            since, until = data.get("since"), data.get("until")
            if since is None:
                self.add_error("since", _("Enter the first day."))
            if until is None:
                self.add_error("until", _("Enter the last day."))
            if since and until and until < since:
                self.add_error("until", _("The last day cannot come before the first."))
            if since and until and (until - since).days > MAX_DAYS:
                self.add_error("until", _("Choose at most three years."))
        return data

    def period(self) -> Period:
        """The period chosen, or the last complete quarter when the form is not valid."""
        if not self.is_valid():
            return last_complete("quarter", self.today)
        data = self.cleaned_data
        kind = data["kind"]
        if kind == "custom":
            return Period(data["since"], data["until"])
        if data.get("on") is None:
            return last_complete(kind, self.today)
        return {"quarter": quarter_of, "half": half_of, "year": year_of}[kind](data["on"])


class TemplateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: MessageTemplate) -> str:
        return obj.name


class ReportSendForm(web_forms.Form):
    template = TemplateChoice(
        label=_("Cover message"),
        queryset=MessageTemplate.objects.none(),
        required=False,
        empty_label=_("The built-in note"),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.filter(  # type: ignore[attr-defined]
            organisation_id=organisation_id
        )


class ReportPlanForm(ReportSendForm):
    cadence = forms.ChoiceField(label=_("Send the report"), choices=ReportCadence.choices)
    field_order = ["cadence", "template"]


class ImpactSettingsForm(web_forms.Form):
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority communities"),
        queryset=CommunityArea.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The community areas the program sets out to hire from."),
    )


class BenchmarkUploadForm(web_forms.Form):
    file = forms.FileField(
        label=_("Population table"),
        help_text=_(
            "A .csv or .xlsx file, one row per community area: its number (1 to 77) and "
            "the people of each group, headed community_area, hispanic, white, black, "
            "asian, other, female, male."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figures come from, as the reports should quote it."),
    )
    year = forms.CharField(
        label=_("Year"), max_length=20, help_text=_("The year or years the figures describe.")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
