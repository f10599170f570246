from django import forms
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import AuditAction
from workbridge.web import forms as web_forms


class AuditSearchForm(web_forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any")), *list(AuditAction.choices)]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))


class ApiTokenForm(web_forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
