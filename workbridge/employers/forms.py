"""Forms for the employer CRM pages: they parse and check input; services do the writing."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.queries import staff_visible_to
from workbridge.employers.choices import (
    Channel,
    FollowUpKind,
    Incentive,
    InteractionKind,
    Outcome,
    Signal,
    SizeBand,
    Stage,
    Tier,
)
from workbridge.employers.models import (
    BackgroundCheckPolicy,
    Contact,
    CounterpartKind,
    Employer,
    RelationshipKind,
    TargetKind,
    naics_validator,
    zip_validator,
)
from workbridge.employers.queries import contacts_visible_to, employers_visible_to
from workbridge.people.choices import Language
from workbridge.web import forms as web_forms
from workbridge.web.lists import FilterForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _staff_label(user) -> str:
    return user.get_full_name() or user.username


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation error next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _staff_label(obj)


# Employer list ---------------------------------------------------------------


class EmployerFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any")), *Stage.choices]
    )
    owner = StaffChoiceField(
        label=_("Owner"), required=False, queryset=None, empty_label=_("Anyone")
    )
    signal = forms.ChoiceField(
        label=_("Signal"), required=False, choices=[("", _("Any")), *Signal.choices]
    )
    relationship = forms.ChoiceField(
        label=_("Also a"), required=False, choices=[("", _("Any")), *RelationshipKind.choices]
    )
    background_check = forms.ChoiceField(
        label=_("Background checks"),
        required=False,
        choices=[("", _("Any")), *BackgroundCheckPolicy.choices],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what an option shows: the list draws this select on every page.
        self.fields["owner"].queryset = staff_visible_to(user).only(
            "pk", "first_name", "last_name", "username"
        )


# Create and edit an employer ---------------------------------------------------


class EmployerForm(web_forms.Form):
    """An employer's profile; each friendly-employer signal is a checkbox with its evidence."""

    name = forms.CharField(label=_("Name"), max_length=200)
    naics_code = forms.CharField(
        label=_("Industry (NAICS)"),
        max_length=6,
        required=False,
        validators=[naics_validator],
        help_text=_("Two to six digits, for example 722511 for full-service restaurants."),
    )
    size_band = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("Not known")), *SizeBand.choices]
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    tier = forms.ChoiceField(label=_("Tier"), choices=Tier.choices, initial=Tier.STANDARD)
    owner = StaffChoiceField(
        label=_("Owner (job developer)"),
        required=False,
        queryset=None,
        empty_label=_("Nobody yet"),
    )
    incentives = forms.MultipleChoiceField(
        label=_("Incentives in use"),
        required=False,
        choices=Incentive.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_visible_to(user)
        if creating:
            self.fields["stage"] = forms.ChoiceField(
                label=_("Starting stage"), choices=Stage.choices, initial=Stage.PROSPECT
            )
        for value, label in Signal.choices:
            self.fields[f"signal_{value}"] = forms.BooleanField(label=label, required=False)
            self.fields[f"evidence_{value}"] = forms.CharField(
                label=_("Evidence: %(signal)s") % {"signal": label},
                max_length=300,
                required=False,
            )

    @classmethod
    def initial_for(cls, employer: Employer) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": employer.name,
            "naics_code": employer.naics_code,
            "size_band": employer.size_band,
            "website": employer.website,
            "tier": employer.tier,
            "owner": employer.owner_id,
            "incentives": list(employer.incentives),
            "notes": employer.notes,
        }
        for signal in employer.signals.all():
            initial[f"signal_{signal.kind}"] = True
            initial[f"evidence_{signal.kind}"] = signal.evidence
        return initial

    def signal_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(checkbox, evidence) for each signal, in the order the template shows them."""
        return [(self[f"signal_{v}"], self[f"evidence_{v}"]) for v in Signal.values]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for value in Signal.values:
            evidence = (data.get(f"evidence_{value}") or "").strip()
            if data.get(f"signal_{value}") and not evidence:
                self.add_error(f"evidence_{value}", _("Say what shows this signal."))
        return data

    def employer_data(self) -> dict[str, Any]:
        """The fields the employer services take."""
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "naics_code": data["naics_code"],
            "size_band": data["size_band"],
            "website": data["website"],
            "tier": data["tier"],
            "owner": data["owner"],
            "incentives": sorted(data["incentives"]),
            "notes": data["notes"],
        }

    def signals(self) -> dict[str, str]:
        """Each signal that is checked, with its evidence."""
        data = self.cleaned_data
        return {
            v: data[f"evidence_{v}"].strip()
            for v in Signal.values
            if data.get(f"signal_{v}") and data.get(f"evidence_{v}", "").strip()
        }


class LocationForm(web_forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        required=False,
        help_text=_("For example “Main plant” or “West Loop store”."),
    )
    address = forms.CharField(label=_("Address"), max_length=200)
    zip_code = forms.CharField(label=_("ZIP code"), max_length=5, validators=[zip_validator])


class ContactForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    preferred_channel = forms.ChoiceField(
        label=_("Preferred channel"), choices=Channel.choices, initial=Channel.EMAIL
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.ENGLISH
    )
    email_opt_out = forms.BooleanField(
        label=_("Opted out of e-mail"),
        required=False,
        help_text=_("No message will be e-mailed to this contact."),
    )
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)

    @classmethod
    def initial_for(cls, contact: Contact) -> dict[str, Any]:
        return {name: getattr(contact, name) for name in cls.base_fields}


class MoveForm(web_forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


# Interactions ---------------------------------------------------------------


class EmployerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ContactMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        role = f", {obj.role}" if obj.role else ""
        return f"{obj.name}{role} ({obj.employer.name})"


# Rendering every employer of a large organisation as <option>s would make the page
# heavy; the list offers the chosen employers, the user's own, then others by name.
EMPLOYER_OPTIONS = 300


class InteractionForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InteractionKind.choices)
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    employers = EmployerMultipleChoiceField(
        label=_("Employers"),
        queryset=Employer.objects.none(),
        help_text=_("One note can concern several employers: hold Ctrl (or ⌘) to choose more."),
        widget=forms.SelectMultiple({"size": 8}),
    )
    contacts = ContactMultipleChoiceField(
        label=_("Contacts"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Not recorded")), *Outcome.choices]
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea({"rows": 5})
    )
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)
    next_step_on = forms.DateField(label=_("Next step by"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, user, chosen: Iterable[Employer] = (), **kwargs):
        super().__init__(*args, **kwargs)
        visible = employers_visible_to(user)
        self.fields["employers"].queryset = visible
        self.fields["contacts"].queryset = contacts_visible_to(user).select_related("employer")
        if self.is_bound:
            chosen_ids = [v for v in self.data.getlist("employers") if str(v).isdigit()]
            chosen = list(visible.filter(pk__in=chosen_ids[:EMPLOYER_OPTIONS]))
        chosen = list(chosen)
        chosen_ids = {e.pk for e in chosen}
        own = visible.filter(owner=user).exclude(pk__in=chosen_ids).order_by("name")
        options = chosen + list(own[:EMPLOYER_OPTIONS])
        if len(options) < EMPLOYER_OPTIONS:
            others = visible.exclude(pk__in=[e.pk for e in options]).order_by("name")
            options += list(others[: EMPLOYER_OPTIONS - len(options)])
        self.fields["employers"].widget.choices = [(e.pk, e.name) for e in options]
        contacts = (
            Contact.objects.filter(employer__in=chosen_ids)
            .select_related("employer")
            .order_by("employer__name", "name")
        )
        self.fields["contacts"].widget.choices = [
            (c.pk, self.fields["contacts"].label_from_instance(c)) for c in contacts
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("next_step_on") and not (data.get("next_step") or "").strip():
            self.add_error("next_step", _("Say what the next step is."))
        occurred_on = data.get("occurred_on")
        if occurred_on and occurred_on > timezone.localdate():
            self.add_error("occurred_on", _("The date cannot be in the future."))
        return data


# Cadence rules ----------------------------------------------------------------


class CadenceRuleForm(web_forms.Form):
    # The blank choices let an untouched extra row stay empty (and be ignored).
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", "—"), *Stage.choices])
    tier = forms.ChoiceField(
        label=_("Tier"), required=False, choices=[("", _("Any tier")), *Tier.choices]
    )
    kind = forms.ChoiceField(label=_("Follow-up"), choices=[("", "—"), *FollowUpKind.choices])
    every_days = forms.IntegerField(label=_("Every (days)"), min_value=1, max_value=730)


class BaseCadenceFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            data = form.cleaned_data
            key = (data["stage"], data["tier"], data["kind"])
            if key in seen:
                form.add_error(None, _("Another rule covers the same stage, tier and follow-up."))
            seen.add(key)

    def rules(self) -> list[dict[str, Any]]:
        return [
            {
                "stage": f.cleaned_data["stage"],
                "tier": f.cleaned_data["tier"],
                "kind": f.cleaned_data["kind"],
                "every_days": f.cleaned_data["every_days"],
            }
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        ]


CadenceFormSet = forms.formset_factory(
    CadenceRuleForm, formset=BaseCadenceFormSet, extra=2, can_delete=True, max_num=100
)


# Job development -----------------------------------------------------------------


class EmployerProfileForm(web_forms.Form):
    values = forms.CharField(
        label=_("What the employer values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs = forms.CharField(
        label=_("What the employer needs"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    background_check = forms.ChoiceField(
        label=_("Background checks"), choices=BackgroundCheckPolicy.choices
    )
    screening_steps = forms.CharField(
        label=_("Screening steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: online application, phone screen, skills test, interview."),
    )


class RelationshipForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Relationship"), choices=RelationshipKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (dollars a year)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300)


class ProgramTargetForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    code = forms.CharField(label=_("Code"), max_length=7)
    label = forms.CharField(label=_("Name"), max_length=120)


class CounterpartForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CounterpartKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    contact_name = forms.CharField(label=_("Contact"), max_length=200, required=False)
    email = forms.EmailField(label=_("Contact's e-mail"), required=False)
