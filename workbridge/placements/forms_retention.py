"""The case manager's confirmation of a retention plan."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.placements.models import RetentionSupportKind
from workbridge.web import forms as web_forms


class RetentionPlanForm(web_forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Supports in the plan"),
        choices=RetentionSupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The draft ticks the supports that answer what ended earlier jobs."),
    )
    notes = forms.CharField(
        label=_("Notes for the first weeks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
