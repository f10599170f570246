"""Forms for referrals, slates, placements and retention: they parse; services write."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from workbridge.employers.choices import InteractionKind
from workbridge.employers.queries import employers_visible_to
from workbridge.jobs.models import JobOpening, OpeningStatus
from workbridge.jobs.queries import openings_visible_to
from workbridge.matching.explanations import points_text, reason_label
from workbridge.matching.suggestions import OpeningFits
from workbridge.people.choices import JobEndReason, JobLossFactor
from workbridge.people.models import Participant
from workbridge.placements.models import (
    Referral,
    ReferralReason,
    ReferralStatus,
    RetentionSupportKind,
    StillEmployed,
)
from workbridge.placements.services import (
    END_REASONS,
    FEEDBACK_KINDS,
    SLATE_KINDS,
    STARTING_STATUSES,
)
from workbridge.web import forms as web_forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WAGE_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("9999.99"))]


def _today():
    return timezone.localdate()


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _choices(enum, values) -> list[tuple[str, Any]]:
    labels = dict(enum.choices)
    return [(value, labels[value]) for value in values]


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: JobOpening) -> str:
        return _("%(title)s at %(employer)s, $%(wage)s an hour") % {
            "title": obj.title,
            "employer": obj.employer.name,
            "wage": number_format(obj.hourly_wage, 2),
        }


class ReferForm(web_forms.Form):
    """Put a participant forward for one of the organisation's open openings.

    Given the participant's `fits` (matching's scores and exclusions), the openings are
    offered in groups: those that fit, best first with their score, then those a hard
    constraint rules out, each naming it, then any matching could not score.
    """

    opening = OpeningChoiceField(label=_("Opening"), queryset=JobOpening.objects.none())
    status = forms.ChoiceField(
        label=_("How far"),
        choices=_choices(ReferralStatus, STARTING_STATUSES),
        initial=ReferralStatus.SUGGESTED,
        widget=forms.RadioSelect,
        help_text=_("Suggest to talk it over first; refer when the employer has been told."),
    )
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, fits: OpeningFits | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["opening"]
        field.queryset = (
            openings_visible_to(user)
            .filter(status=OpeningStatus.OPEN)
            .select_related("employer")
            .order_by("employer__name", "title", "id")
        )
        if fits is not None:
            field.choices = _choices_by_fit(field, fits)


def _choices_by_fit(field: "OpeningChoiceField", fits: OpeningFits) -> list:
    openings = list(field.queryset)
    good = sorted(
        (o for o in openings if o.pk in fits.scores), key=lambda o: (-fits.scores[o.pk], o.pk)
    )
    ruled = [o for o in openings if o.pk in fits.ruled_out]
    rest = [o for o in openings if o.pk not in fits.scores and o.pk not in fits.ruled_out]
    groups: list = [("", "---------")]
    if good:
        fitting = [
            (
                o.pk,
                _("%(opening)s — fit %(score)s of 100")
                % {
                    "opening": field.label_from_instance(o),
                    "score": points_text(fits.scores[o.pk]),
                },
            )
            for o in good
        ]
        groups.append((_("Fits their constraints, best first"), fitting))
    if ruled:
        excluded = [
            (
                o.pk,
                _("%(opening)s — ruled out: %(reasons)s")
                % {
                    "opening": field.label_from_instance(o),
                    "reasons": ", ".join(reason_label(key) for key in fits.ruled_out[o.pk]),
                },
            )
            for o in ruled
        ]
        groups.append((_("Ruled out by a hard constraint"), excluded))
    if rest:
        groups.append(
            (
                _("Not scored (past its closing date)"),
                [(o.pk, field.label_from_instance(o)) for o in rest],
            )
        )
    return groups


class HireTermsMixin(web_forms.Form):
    """What a hire records: start date, pay, hours, benefits and the earlier wage."""

    started_on = forms.DateField(
        label=_("Start date"),
        widget=DATE_INPUT,
        required=False,
        help_text=_("Leave empty to use the date above."),
    )
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage"),
        max_digits=6,
        decimal_places=2,
        required=False,
        validators=WAGE_VALIDATORS,
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    health_insurance = forms.BooleanField(label=_("Health insurance"), required=False)
    paid_leave = forms.BooleanField(label=_("Paid leave"), required=False)
    retirement = forms.BooleanField(label=_("Retirement plan"), required=False)
    prior_hourly_wage = forms.DecimalField(
        label=_("Hourly wage before the program"),
        max_digits=6,
        decimal_places=2,
        required=False,
        validators=WAGE_VALIDATORS,
        help_text=_("For the wage gain; leave empty if unknown."),
    )

    HIRE_FIELDS = (
        "started_on",
        "hourly_wage",
        "hours_per_week",
        "health_insurance",
        "paid_leave",
        "retirement",
        "prior_hourly_wage",
    )

    def hire_initial(self, opening: JobOpening | None, participant: Participant) -> None:
        """Pre-fill the terms from the opening and the earlier wage from the work history."""
        if opening is not None:
            for name in ("hourly_wage", "hours_per_week", "health_insurance", "paid_leave"):
                self.fields[name].initial = getattr(opening, name)
            self.fields["retirement"].initial = opening.retirement
        last_job = (
            participant.work_history.filter(hourly_wage__isnull=False)
            .order_by("-started_on", "-id")
            .first()
        )
        if last_job is not None:
            self.fields["prior_hourly_wage"].initial = last_job.hourly_wage

    def hire_terms(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.HIRE_FIELDS}


class ReferralMoveForm(HireTermsMixin):
    """Move a referral one step; the hire terms count only when the step is "hired"."""

    to_status = forms.ChoiceField(label=_("Move to"))
    on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    reason = forms.ChoiceField(
        label=_("Reason"),
        required=False,
        choices=[("", _("— only when declined or not selected —")), *ReferralReason.choices],
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    employer_feedback = forms.CharField(
        label=_("Employer feedback"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the employer said. It is also logged as a contact with the employer."),
    )
    feedback_kind = forms.ChoiceField(
        label=_("How the employer told you"),
        choices=_choices(InteractionKind, FEEDBACK_KINDS),
        initial=InteractionKind.CALL,
    )

    field_order = ["to_status", "on", "reason", "note", "employer_feedback", "feedback_kind"]

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = _choices(ReferralStatus, referral.next_statuses())
        self.hire_initial(referral.opening, referral.participant)

    def hire(self) -> dict[str, Any] | None:
        if self.cleaned_data.get("to_status") != ReferralStatus.HIRED:
            return None
        return self.hire_terms()


class SlateForm(web_forms.Form):
    """Choose who goes on a slate to the employer, and how it is sent."""

    referrals = forms.ModelMultipleChoiceField(
        label=_("People on the slate"),
        queryset=Referral.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label=_("Sent by"),
        choices=_choices(InteractionKind, SLATE_KINDS),
        initial=InteractionKind.EMAIL,
    )
    sent_on = forms.DateField(label=_("Date sent"), widget=DATE_INPUT, initial=_today)
    note = forms.CharField(
        label=_("Note for the employer record"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do not write participants' full names or personal details here."),
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["referrals"]
        field.queryset = eligible
        field.label_from_instance = lambda r: (
            f"{r.participant.display_name} — {r.get_status_display()}"
        )


class PlacementForm(HireTermsMixin):
    """A hire recorded directly, without a referral (the participant found the job)."""

    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    opening = OpeningChoiceField(
        label=_("Opening"),
        queryset=None,
        required=False,
        help_text=_("If the job was one of your openings; its terms fill the gaps."),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)

    field_order = ["employer", "opening", "job_title", "started_on"]

    def __init__(self, *args, user, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers_visible_to(user).order_by("name")
        self.fields["opening"].queryset = (
            openings_visible_to(user).select_related("employer").order_by("employer__name", "title")
        )
        self.fields["started_on"].required = True
        self.fields["started_on"].help_text = ""
        self.hire_initial(None, participant)

    def clean(self):
        data = super().clean()
        opening, employer = data.get("opening"), data.get("employer")
        if opening is not None and employer is not None and opening.employer_id != employer.pk:
            self.add_error("opening", _("Choose an opening at this employer."))
        return data


class RetentionCheckForm(web_forms.Form):
    still_employed = forms.ChoiceField(
        label=_("Still employed?"), choices=StillEmployed.choices, widget=forms.RadioSelect
    )
    done_on = forms.DateField(label=_("Date of the check"), widget=DATE_INPUT, initial=_today)
    current_wage = forms.DecimalField(
        label=_("Current hourly wage (optional)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
        help_text=_("What the person earns an hour now, for wage progression."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacementEndForm(web_forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DATE_INPUT, initial=_today)
    end_reason = forms.ChoiceField(
        label=_("Why it ended"), choices=[("", "—"), *_choices(JobEndReason, END_REASONS)]
    )
    loss_factors = forms.MultipleChoiceField(
        label=_("What led to it"),
        choices=JobLossFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RetentionSupportForm(web_forms.Form):
    kind = forms.ChoiceField(label=_("Support"), choices=RetentionSupportKind.choices)
    given_on = forms.DateField(label=_("Date"), widget=DATE_INPUT, initial=_today)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomesFilterForm(web_forms.Form):
    started_from = forms.DateField(label=_("Started from"), widget=DATE_INPUT, required=False)
    started_to = forms.DateField(label=_("Started up to"), widget=DATE_INPUT, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("started_from"), data.get("started_to")
        if start and end and end < start:
            self.add_error("started_to", _("The end of the period cannot come before its start."))
        return data
