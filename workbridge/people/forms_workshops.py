"""Forms for group workshops: scheduling one, adding to its roster, and attendance."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.people.choices import WORKSHOP_KINDS
from workbridge.people.models import Participant
from workbridge.people.record_forms import DATE_INPUT
from workbridge.web import forms as web_forms


class WorkshopForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in WORKSHOP_KINDS])
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    location = forms.CharField(label=_("Where"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SeatForm(web_forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"), queryset=Participant.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args, organisation_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            organisation_id=organisation_id, exited_on__isnull=True
        ).order_by("last_name", "first_name")


class AttendanceForm(web_forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(seat.participant_id), seat.participant.display_name) for seat in seats
        ]

    def participant_ids(self) -> set[int]:
        return {int(v) for v in self.cleaned_data["attended"]}
