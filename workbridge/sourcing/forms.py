"""Forms for sourcing partners, sourcing plans, job fairs and hiring events."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import Organisation
from workbridge.employers.models import Employer
from workbridge.equity.access import EQUITY_ROLES
from workbridge.equity.models import JobFair
from workbridge.people.models import CommunityArea, Participant
from workbridge.sourcing.models import (
    INTAKE_ITEMS,
    Channel,
    Partner,
    PartnerKind,
    PartnerStatus,
    ReachGroup,
    ReportCadence,
)
from workbridge.web import forms as web_forms
from workbridge.web.lists import FilterForm

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCORES = [(n, str(n)) for n in range(1, 6)]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class NamedUserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PartnerFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *PartnerKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *PartnerStatus.choices]
    )


class PartnerForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=PartnerStatus.choices)
    groups = forms.MultipleChoiceField(
        label=_("Groups it reaches"),
        choices=ReachGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    community_areas = forms.ModelMultipleChoiceField(
        label=_("Community areas it works in"),
        queryset=CommunityArea.objects.order_by("name"),
        required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    communities = forms.CharField(
        label=_("Communities it reaches, in words"), max_length=300, required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    owner = NamedUserChoice(
        label=_("Owner (reports on the partnership)"),
        queryset=get_user_model().objects.none(),
        required=False,
    )
    agreement_start = forms.DateField(
        label=_("Agreement starts"), required=False, widget=DATE_INPUT
    )
    agreement_end = forms.DateField(label=_("Agreement ends"), required=False, widget=DATE_INPUT)
    report_every_months = forms.TypedChoiceField(
        label=_("Status reports due"), choices=ReportCadence.choices, coerce=int
    )
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: how applicants and postings name this partner (for example"
            " “Chicago Urban League” and “CUL”). Its own name always counts."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                membership__organisation=organisation, membership__role__in=list(EQUITY_ROLES)
            )
            .order_by("first_name", "last_name", "username")
        )

    @staticmethod
    def initial_for(partner: Partner) -> dict[str, Any]:
        return {
            "name": partner.name,
            "kind": partner.kind,
            "status": partner.status,
            "groups": partner.groups,
            "community_areas": list(partner.community_areas.all()),
            "communities": partner.communities,
            "website": partner.website,
            "owner": partner.owner,
            "agreement_start": partner.agreement_start,
            "agreement_end": partner.agreement_end,
            "report_every_months": partner.report_every_months,
            "aliases": "\n".join(partner.aliases),
            "notes": partner.notes,
        }

    def data_for_service(self) -> tuple[dict[str, Any], list[CommunityArea]]:
        data = dict(self.cleaned_data)
        areas = list(data.pop("community_areas"))
        data["aliases"] = _lines(data["aliases"])
        return data, areas


class ContactForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class StatusReportForm(web_forms.Form):
    period_end = forms.DateField(label=_("Period ending"), widget=DATE_INPUT)
    candidates_referred = forms.IntegerField(
        label=_("Candidates referred in the period"), min_value=0, required=False
    )
    events_held = forms.IntegerField(
        label=_("Events held in the period"), min_value=0, required=False
    )
    summary = forms.CharField(
        label=_("What happened, and what comes next"), widget=forms.Textarea(attrs={"rows": 5})
    )


class AssessmentForm(web_forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE_INPUT)
    reach = forms.TypedChoiceField(
        label=_("Reach into the communities (1 low, 5 high)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    candidate_quality = forms.TypedChoiceField(
        label=_("Candidates ready for the jobs (1 low, 5 high)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    responsiveness = forms.TypedChoiceField(
        label=_("Responsiveness (1 low, 5 high)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    alignment = forms.TypedChoiceField(
        label=_("Fit with the plan's goals (1 low, 5 high)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    narrative = forms.CharField(
        label=_("Assessment: what the partnership is worth, and why"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class BaselineForm(web_forms.Form):
    baseline_partnerships = forms.IntegerField(
        label=_("Active partnerships at baseline"), min_value=0, max_value=100_000
    )
    baseline_on = forms.DateField(label=_("Baseline date"), required=False, widget=DATE_INPUT)
    increase_percent = forms.IntegerField(
        label=_("Increase aimed for (%)"), min_value=0, max_value=1000
    )


class PlanFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    planned = forms.ChoiceField(
        label=_("Sourcing plan"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("Planned")),
            ("no", _("Not planned yet")),
            ("onsite", _("Eligible for on-site offers")),
        ],
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class PlanForm(web_forms.Form):
    intake_on = forms.DateField(label=_("Intake meeting"), widget=DATE_INPUT)
    checklist = forms.MultipleChoiceField(
        label=_("Intake checklist"),
        choices=INTAKE_ITEMS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_channels = forms.MultipleChoiceField(
        label=_("Planned channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_channels = forms.CharField(
        label=_("Other planned channels"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One a line."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Planned partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    onsite_offers = forms.BooleanField(
        label=_("Eligible for on-site offers at job fairs"), required=False
    )
    fairs = forms.ModelMultipleChoiceField(
        label=_("Job fairs where it may be offered on site"),
        queryset=JobFair.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: any job fair."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(
            organisation=organisation
        ).exclude(status=PartnerStatus.ENDED)
        self.fields["fairs"].queryset = JobFair.objects.filter(organisation=organisation).order_by(
            "-date", "name"
        )

    def channels(self) -> list[str]:
        return [
            *self.cleaned_data["planned_channels"],
            *_lines(self.cleaned_data["other_channels"]),
        ]


class FairFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class FairForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    community_area = forms.ModelChoiceField(
        label=_("Community area"), queryset=CommunityArea.objects.order_by("name"), required=False
    )


class InterestUploadForm(web_forms.Form):
    file = forms.FileField(
        label=_("Interest list (CSV or XLSX)"),
        help_text=_(
            "Columns: person id, race/ethnicity, sex, home ZIP code and, when the person has"
            " applied, their applicant id. Importing again replaces the list."
        ),
    )


class EventForm(web_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    held_on = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    community_area = forms.ModelChoiceField(
        label=_("Community area"), queryset=CommunityArea.objects.order_by("name"), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class EventEmployersForm(web_forms.Form):
    employers = forms.ModelMultipleChoiceField(
        label=_("Add employers who attended"),
        queryset=Employer.objects.none(),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employers"].queryset = Employer.objects.filter(
            organisation=organisation
        ).order_by("name")


class ParticipantChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.first_name} {obj.last_name}"


class EventParticipantsForm(web_forms.Form):
    """Participants to record as attending: the page lists those a name search found, as
    checkboxes (an organisation has too many people for one list); what is sent is checked
    against all of the organisation's participants."""

    participants = ParticipantChoice(
        label=_("Participants found"),
        queryset=Participant.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, organisation: Organisation, found: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.fields["participants"].queryset = Participant.objects.filter(
                organisation=organisation
            )
        elif found is not None:
            self.fields["participants"].queryset = found
