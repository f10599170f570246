"""The household, today's job and the offers a counsellor enters for a cliff run."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workbridge.people.forms import AgesField
from workbridge.web import forms as web_forms

MONEY = {"min_value": 0, "max_digits": 8, "decimal_places": 2}


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(title)s at %(employer)s, $%(wage)s an hour, %(hours)s hours") % {
            "title": obj.title,
            "employer": obj.employer.name,
            "wage": obj.hourly_wage,
            "hours": obj.hours_per_week,
        }


class CliffRunForm(web_forms.Form):
    # The household
    participant_age = forms.IntegerField(
        label=_("The participant's age"), min_value=18, max_value=99, initial=30
    )
    other_adult = forms.BooleanField(
        label=_("Another adult lives in the household (spouse or partner)"), required=False
    )
    other_adult_earnings = forms.DecimalField(
        label=_("The other adult's earnings ($ a year)"), required=False, initial=0, **MONEY
    )
    children_ages = AgesField(
        label=_("Children's ages"),
        required=False,
        help_text=_("Ages from 0 to 17, separated by commas, for example 3, 7."),
    )
    rent_monthly = forms.IntegerField(
        label=_("Rent ($ a month)"), min_value=0, max_value=20000, initial=0
    )
    childcare_monthly = forms.IntegerField(
        label=_("Child care cost before any help ($ a month)"),
        min_value=0,
        max_value=20000,
        initial=0,
        help_text=_(
            "Needed for Illinois child-care assistance to be counted; it also lowers SNAP's "
            "countable income."
        ),
    )
    childcare_hours_weekly = forms.IntegerField(
        label=_("Hours a week each child under 13 is in care"),
        min_value=0,
        max_value=70,
        initial=0,
    )
    # Today
    now_wage = forms.DecimalField(
        label=_("Their hourly wage now ($, 0 if not working)"), initial=0, **MONEY
    )
    now_hours = forms.IntegerField(
        label=_("Hours a week now"), min_value=0, max_value=80, initial=0
    )
    now_health = forms.BooleanField(
        label=_("Their employer offers health coverage now"), required=False
    )
    # Offers
    offer1 = OpeningChoiceField(label=_("First offer"), queryset=None, required=False)
    offer2 = OpeningChoiceField(label=_("Second offer"), queryset=None, required=False)
    offer3 = OpeningChoiceField(label=_("Third offer"), queryset=None, required=False)
    # The sweep
    sweep_hours = forms.IntegerField(
        label=_("Hours a week for the wage sweep"),
        min_value=1,
        max_value=80,
        required=False,
        help_text=_("Leave blank to use the first offer's hours (40 without an offer)."),
    )
    sweep_max_wage = forms.IntegerField(
        label=_("Highest hourly wage to show ($)"), min_value=5, max_value=100, initial=40
    )

    def __init__(self, *args, openings, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("offer1", "offer2", "offer3"):
            self.fields[name].queryset = openings
            self.fields[name].empty_label = _("No offer")

    def clean(self):
        data = super().clean()
        chosen = [data.get(n) for n in ("offer1", "offer2", "offer3") if data.get(n)]
        if len({o.pk for o in chosen}) != len(chosen):
            raise ValidationError(_("Choose each offer once."), code="duplicate")
        wage, hours = data.get("now_wage"), data.get("now_hours")
        if wage is not None and hours is not None and (wage > 0) != (hours > 0):
            self.add_error(
                "now_hours",
                _("Give both a wage and hours for the job they have now, or neither."),
            )
        if data.get("other_adult_earnings") and not data.get("other_adult"):
            self.add_error(
                "other_adult_earnings", _("Tick “Another adult” to count their earnings.")
            )
        data["offers"] = chosen
        data["now_wage"] = data.get("now_wage") or Decimal(0)
        return data
