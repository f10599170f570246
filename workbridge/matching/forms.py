"""The weights editor's form."""

from django import forms

from workbridge.matching.models import WEIGHT_FIELDS, MatchWeights
from workbridge.web import forms as web_forms


class WeightsForm(web_forms.ModelForm):
    """Each factor's points at its best, and the points a risk takes off (0 to 100)."""

    class Meta:
        model = MatchWeights
        fields = WEIGHT_FIELDS
        widgets = {
            name: forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1})
            for name in WEIGHT_FIELDS
        }
