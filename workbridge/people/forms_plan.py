"""The reminder opt-in a case manager records with the participant."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.web import forms as web_forms


class ReminderConsentForm(web_forms.Form):
    by_email = forms.BooleanField(
        label=_("The participant agrees to reminders by e-mail"), required=False
    )
    by_text = forms.BooleanField(
        label=_("The participant agrees to reminders by text message"), required=False
    )
    days_before = forms.IntegerField(
        label=_("Days before a milestone is due"), min_value=1, max_value=30, initial=3
    )
