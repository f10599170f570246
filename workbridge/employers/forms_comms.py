"""Forms for review meetings and tailored communications: they parse; services write."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id
from workbridge.accounts.queries import staff_visible_to
from workbridge.employers.choices import Stage
from workbridge.employers.forms import (
    DATE_INPUT,
    EMPLOYER_OPTIONS,
    EmployerMultipleChoiceField,
    StaffChoiceField,
)
from workbridge.employers.models import Counterpart, Employer
from workbridge.employers.queries import employers_visible_to
from workbridge.web import forms as web_forms

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def employer_options(user, chosen: Iterable[Employer]) -> list[Employer]:
    """The employers a picker offers: the chosen ones, the user's own, then others by name.

    Rendering every employer of a large organisation would make the page heavy, so the
    list stops at EMPLOYER_OPTIONS beyond the chosen ones.
    """
    visible = employers_visible_to(user)
    chosen = list(chosen)
    taken = {e.pk for e in chosen}
    own = list(visible.filter(owner=user).exclude(pk__in=taken).order_by("name")[:EMPLOYER_OPTIONS])
    options = chosen + own
    if len(options) < EMPLOYER_OPTIONS + len(chosen):
        others = visible.exclude(pk__in=[e.pk for e in options]).order_by("name")
        options += list(others[: EMPLOYER_OPTIONS + len(chosen) - len(options)])
    return options


class _EmployerPickerMixin:
    """An `employers` checkbox list whose choices are limited as `employer_options` says."""

    def _set_employer_choices(self, user, chosen: Iterable[Employer]) -> None:
        visible = employers_visible_to(user)
        field = self.fields["employers"]
        field.queryset = visible
        if self.is_bound:
            ids = [v for v in self.data.getlist("employers") if str(v).isdigit()]
            chosen = list(visible.filter(pk__in=ids[:1000]).order_by("name"))
        field.widget.choices = [(e.pk, e.name) for e in employer_options(user, chosen)]


# Review meetings -------------------------------------------------------------


class MeetingScheduleForm(_EmployerPickerMixin, web_forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Community impact review"))
    employers = EmployerMultipleChoiceField(
        label=_("Employers"),
        queryset=Employer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One meeting can bring several employers together."),
        required=False,
    )
    counterparts = forms.ModelMultipleChoiceField(
        label=_("Departments, unions and partner organisations"),
        queryset=Counterpart.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    starts = forms.TimeField(label=_("Starts"), widget=TIME_INPUT)
    ends = forms.TimeField(label=_("Ends"), widget=TIME_INPUT)
    place = forms.CharField(
        label=_("Place or link"),
        max_length=300,
        required=False,
        help_text=_("An address, or the link of a video call."),
    )

    def __init__(self, *args, user, chosen: Iterable[Employer] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_employer_choices(user, chosen)
        self.fields["counterparts"].queryset = Counterpart.objects.filter(
            organisation_id=casework_organisation_id(user)
        )
        if not self.fields["counterparts"].queryset.exists():
            del self.fields["counterparts"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("employers") and not data.get("counterparts"):
            self.add_error("employers", _("Choose at least one employer."))
        on, starts, ends = data.get("on"), data.get("starts"), data.get("ends")
        if on and starts and ends:
            zone = timezone.get_current_timezone()
            data["starts_at"] = datetime.combine(on, starts, tzinfo=zone)
            data["ends_at"] = datetime.combine(on, ends, tzinfo=zone)
            if ends <= starts:
                self.add_error("ends", _("The meeting must end after it starts."))
        return data


class MinutesForm(web_forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea({"rows": 10})
    )


class MeetingActionItemForm(web_forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = StaffChoiceField(label=_("Owner"), queryset=None, empty_label=None)
    due_on = forms.DateField(label=_("Due"), widget=DATE_INPUT)
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("All of the meeting's employers"),
    )

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_visible_to(user)
        self.fields["employer"].queryset = meeting.employers.order_by("name")
        self.fields["employer"].label_from_instance = lambda e: e.name


# Message templates, previews and bulk sends ---------------------------------


class MessageTemplateForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200)
    body_en = forms.CharField(label=_("Body (English)"), widget=forms.Textarea({"rows": 10}))
    subject_es = forms.CharField(label=_("Subject (Spanish)"), max_length=200, required=False)
    body_es = forms.CharField(
        label=_("Body (Spanish)"),
        required=False,
        widget=forms.Textarea({"rows": 10}),
        help_text=_("Contacts who prefer Spanish get this version when it is written."),
    )

    FIELDS = ("name", "subject_en", "body_en", "subject_es", "body_es")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("subject_es") or "").strip() and not (data.get("body_es") or "").strip():
            self.add_error("body_es", _("Write the Spanish body, or leave the subject empty."))
        if (data.get("body_es") or "").strip() and not (data.get("subject_es") or "").strip():
            self.add_error("subject_es", _("Write the Spanish subject too."))
        return data

    def template_data(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class BulkFilterForm(web_forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any")), *Stage.choices]
    )
    owner = StaffChoiceField(
        label=_("Owner"), required=False, queryset=None, empty_label=_("Anyone")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_visible_to(user)


class TemplateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# A bulk send lists the matching employers as checkboxes; past this many, narrow the filters.
BULK_OPTIONS = 500


class BulkSendForm(web_forms.Form):
    template = TemplateChoiceField(label=_("Message"), queryset=None, empty_label=None)
    employers = EmployerMultipleChoiceField(
        label=_("Employers"),
        queryset=Employer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every contact of the chosen employers gets the message in their language."),
    )
    attach_report = forms.BooleanField(
        label=_("Attach each employer's own community impact report (last quarter)"),
        required=False,
        help_text=_("Each report is kept as sent, with small numbers hidden."),
    )

    def __init__(self, *args, user, templates, matching: Iterable[Employer] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        visible = employers_visible_to(user)
        self.fields["employers"].queryset = visible
        if self.is_bound:
            ids = [v for v in self.data.getlist("employers") if str(v).isdigit()]
            matching = visible.filter(pk__in=ids[:BULK_OPTIONS]).order_by("name")
        self.fields["employers"].widget.choices = [(e.pk, e.name) for e in matching]
