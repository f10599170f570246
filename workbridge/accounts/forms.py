from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import AuditAction, Role, User
from workbridge.web import forms as web_forms
from workbridge.web.lists import FilterForm


class AuditSearchForm(FilterForm):
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


class MemberAddForm(web_forms.Form):
    """What an administrator enters to add a user to their organisation."""

    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("The new user is sent a link to choose their password.")
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=[("en", _("English")), ("es", _("Spanish"))]
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("That username is taken."))
        return username


class MemberRoleForm(web_forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UnlockRequestForm(web_forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
