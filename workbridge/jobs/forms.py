"""Forms for job openings and the living-wage table."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.employers.models import zip_validator
from workbridge.employers.queries import employers_visible_to
from workbridge.jobs.models import HouseholdType, OpeningStatus, TransitAccess, WorkEnvironment
from workbridge.people.choices import PHYSICAL_DEMANDS, Day, Shift
from workbridge.people.forms import AvailabilityField
from workbridge.people.models import Occupation
from workbridge.web import forms as web_forms
from workbridge.web.lists import FilterForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpeningFilterForm(FilterForm):
    defaults = {"status": OpeningStatus.OPEN}

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *OpeningStatus.choices],
        initial=OpeningStatus.OPEN,
    )
    fair_chance = forms.BooleanField(label=_("Fair-chance only"), required=False)


class OpeningForm(web_forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    occupation = forms.CharField(
        label=_("Occupation (SOC 2018 code)"),
        max_length=7,
        help_text=_("For example 35-2014 for cooks, restaurant."),
        widget=forms.TextInput(attrs={"list": "soc-codes", "autocomplete": "off"}),
    )
    hourly_wage = forms.DecimalField(label=_("Hourly wage ($)"), min_value=0, decimal_places=2)
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=80)
    shifts = AvailabilityField(label=_("Shifts"))
    schedule_stable = forms.BooleanField(
        label=_("Stable schedule (set at least two weeks ahead)"), required=False, initial=True
    )
    health_insurance = forms.BooleanField(label=_("Health insurance"), required=False)
    paid_leave = forms.BooleanField(label=_("Paid leave"), required=False)
    retirement = forms.BooleanField(label=_("Retirement plan"), required=False)
    career_pathway = forms.CharField(
        label=_("Career pathway"),
        max_length=300,
        required=False,
        help_text=_("Where this job leads, e.g. promotion to lead cook after six months."),
    )
    physical_demands = forms.MultipleChoiceField(
        label=_("Physical demands"),
        required=False,
        choices=PHYSICAL_DEMANDS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick what the job asks that some people cannot do."),
    )
    required_skills = forms.CharField(
        label=_("Skills required"),
        required=False,
        max_length=500,
        help_text=_("Separate skills with commas, e.g. food safety, forklift, Spanish."),
    )
    work_environment = forms.ChoiceField(
        label=_("Work environment"),
        required=False,
        choices=[("", "—"), *WorkEnvironment.choices],
    )
    zip_code = forms.CharField(label=_("ZIP code"), max_length=5, validators=[zip_validator])
    transit_access = forms.ChoiceField(
        label=_("Transit access"), required=False, choices=[("", "—"), *TransitAccess.choices]
    )
    fair_chance = forms.BooleanField(label=_("Fair-chance hiring for this job"), required=False)
    positions = forms.IntegerField(label=_("Number of openings"), min_value=1, initial=1)
    status = forms.ChoiceField(
        label=_("Status"), choices=OpeningStatus.choices, initial=OpeningStatus.OPEN
    )
    posted_on = forms.DateField(label=_("Posted on"), widget=DATE_INPUT)
    closes_on = forms.DateField(label=_("Closes on"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_visible_to(user).order_by("name")

    def clean_occupation(self) -> Occupation:
        code = self.cleaned_data["occupation"].strip()
        occupation = Occupation.objects.filter(code=code, level="detailed").first()
        if occupation is None:
            raise forms.ValidationError(_("Enter a detailed SOC 2018 code such as 35-2014."))
        return occupation

    def clean_required_skills(self) -> list[str]:
        text = self.cleaned_data["required_skills"]
        skills = [part.strip() for part in text.split(",") if part.strip()]
        return list(dict.fromkeys(skills))

    def prepare_initial(self) -> None:
        value = self.initial.get("required_skills")
        if isinstance(value, list):
            self.initial["required_skills"] = ", ".join(value)

    def clean(self):
        data = super().clean()
        if (
            data.get("closes_on")
            and data.get("posted_on")
            and data["closes_on"] < data["posted_on"]
        ):
            self.add_error("closes_on", _("An opening cannot close before it is posted."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("employer")
        return data

    def shift_rows(self) -> list[tuple[str, list]]:
        boxes = list(self["shifts"])
        n = len(Shift)
        return [(label, boxes[d * n : (d + 1) * n]) for d, label in enumerate(Day.labels)]

    @staticmethod
    def shift_headers() -> list[str]:
        return list(Shift.labels)


class LivingWageForm(web_forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    household_type = forms.ChoiceField(label=_("Household"), choices=HouseholdType.choices)
    hourly_wage = forms.DecimalField(
        label=_("Hourly living wage ($)"), min_value=0.01, decimal_places=2
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figure comes from, e.g. the living wage calculator and its date."),
    )
