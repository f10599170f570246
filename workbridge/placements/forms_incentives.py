"""Forms for hiring incentives and the business case: they parse; services write."""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.employers.models import Contact, Employer, MessageTemplate
from workbridge.placements.incentives import GROUP_NAMES
from workbridge.placements.models import WotcOutcome
from workbridge.web import forms as web_forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class ScreeningRecordForm(web_forms.Form):
    signed_on = forms.DateField(
        label=_("Form 8850 signed by the participant on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("On or before the day of the job offer. Leave empty if not signed yet."),
    )


class PlacementIncentivesForm(web_forms.Form):
    """A placement's Form 8850, the certification outcome and credit, and the bond."""

    wotc_form_sent_on = forms.DateField(
        label=_("Form 8850 sent to the state workforce agency on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Due within 28 days of the start date."),
    )
    wotc_outcome = forms.ChoiceField(
        label=_("Tax credit outcome"),
        required=False,
        choices=[("", _("Not decided yet")), *WotcOutcome.choices],
    )
    wotc_target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=[("", _("None chosen"))],
    )
    wotc_credit = forms.DecimalField(
        label=_("Tax credit ($)"),
        required=False,
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("99999"))],
    )
    bond_starts_on = forms.DateField(
        label=_("Fidelity bond starts on"), required=False, widget=DATE_INPUT
    )
    bond_ends_on = forms.DateField(
        label=_("Fidelity bond ends on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Leave empty for six months from the start."),
    )
    bond_amount = forms.IntegerField(
        label=_("Bond amount ($)"),
        required=False,
        min_value=0,
        max_value=25000,
        help_text=_("$5,000 is usual; up to $25,000 in $5,000 steps."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wotc_target_group"].choices = [
            ("", _("None chosen")),
            *[(code, name) for code, name in GROUP_NAMES.items()],
        ]


class BusinessCaseForm(web_forms.Form):
    """The employer the case is for, the participant's consent, and what to highlight."""

    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    consent_on = forms.DateField(
        label=_("The participant agreed on"), widget=DATE_INPUT, initial=_today
    )
    consent_note = forms.CharField(
        label=_("How they agreed"),
        max_length=300,
        help_text=_(
            "For example: signed the release form. The page names incentives that apply, "
            "never why they apply."
        ),
    )
    consent_given = forms.BooleanField(
        label=_(
            "The participant agreed that their training, experience and the incentives that "
            "apply may be shared with this employer"
        ),
    )
    highlights = forms.CharField(
        label=_("Training and experience to highlight"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers

    def clean_consent_on(self):
        value = self.cleaned_data["consent_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.name} <{obj.email}>" if obj.email else obj.name


class BusinessCaseSendForm(web_forms.Form):
    contact = ContactChoiceField(label=_("Send to"), queryset=Contact.objects.none())
    template = forms.ModelChoiceField(
        label=_("Message"),
        queryset=MessageTemplate.objects.none(),
        help_text=_("One of your message templates; the business case goes as a PDF."),
    )

    def __init__(self, *args, contacts, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        self.fields["template"].queryset = templates
