"""Forms for the participant pages: they parse and check input; services do the writing."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.queries import membership_of, staff_visible_to
from workbridge.people.choices import (
    AgeBand,
    Benefit,
    ChildcareNeed,
    Day,
    ExitOutcome,
    Language,
    PhysicalLimit,
    RaceEthnicity,
    Sex,
    Shift,
    TransportMode,
    WorkEnvironment,
    YesNoPreferNot,
)
from workbridge.people.models import Demographics, Participant, zip_validator
from workbridge.people.services import (
    DEMOGRAPHIC_FIELDS,
    PARTICIPANT_FIELDS,
    participant_rule_errors,
)
from workbridge.web import forms as web_forms

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_CHILD_AGE = 17
AVAILABILITY_BITS = 4 * len(Day)

# Short shift names for "Monday morning"-style labels (the Shift labels carry the hours).
SHIFT_WORDS = {
    Shift.MORNING: _("morning"),
    Shift.DAY: _("day"),
    Shift.EVENING: _("evening"),
    Shift.NIGHT: _("night"),
}


# Availability: a grid of days × shifts, stored as a bit mask (bit 4 × day + shift) ---


def availability_bit(day: int, shift: int) -> int:
    return 4 * day + shift


def availability_mask(bits: Iterable[int | str]) -> int:
    """The mask with the given bits set."""
    mask = 0
    for bit in bits:
        mask |= 1 << int(bit)
    return mask


def availability_bits(mask: int) -> list[int]:
    """The bits set in a mask, lowest first."""
    return [bit for bit in range(AVAILABILITY_BITS) if mask >> bit & 1]


def shift_label(day: int, shift: int) -> str:
    """ "Monday morning", in the active language."""
    return _("%(day)s %(shift)s") % {"day": Day(day).label, "shift": SHIFT_WORDS[Shift(shift)]}


def availability_choices() -> list[tuple[str, str]]:
    """One choice per day and shift, in row order (Monday morning first)."""
    return [
        (str(availability_bit(day, shift)), shift_label(day, shift))
        for day in Day.values
        for shift in Shift.values
    ]


class AvailabilityField(forms.MultipleChoiceField):
    """Checkboxes for each day and shift that clean to the participant's availability mask."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=availability_choices, required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return [str(bit) for bit in availability_bits(value)]
        return value

    def clean(self, value) -> int:  # type: ignore[override]
        return availability_mask(super().clean(value))

    def has_changed(self, initial, data) -> bool:
        before = initial if isinstance(initial, int) else availability_mask(initial or [])
        try:
            return self.clean(data) != before
        except ValidationError:
            return True


class AgesField(forms.CharField):
    """Children's ages typed as a comma-separated list, cleaned to a list of whole numbers."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(age) for age in value)
        return value

    def to_python(self, value) -> list[int]:  # type: ignore[override]
        text = super().to_python(value)
        if isinstance(text, list):
            return text
        ages = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise ValidationError(
                    _("“%(value)s” is not an age: write whole numbers separated by commas."),
                    params={"value": part},
                    code="invalid",
                )
            age = int(part)
            if age > MAX_CHILD_AGE:
                raise ValidationError(
                    _("Each child's age must be from 0 to %(max)s; %(value)s is not."),
                    params={"max": MAX_CHILD_AGE, "value": age},
                    code="out_of_range",
                )
            ages.append(age)
        return ages

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(data) != list(initial or [])
        except ValidationError:
            return True


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's validation error next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Intake and edit ---------------------------------------------------------------


class ParticipantForm(web_forms.Form):
    """Intake, household and constraints; the same form enrols and edits."""

    # Contact
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    preferred_name = forms.CharField(
        label=_("Preferred name"),
        max_length=80,
        required=False,
        help_text=_("The name they want to be called, if not their first name."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.ENGLISH
    )
    zip_code = forms.CharField(
        label=_("Home ZIP code"),
        max_length=5,
        validators=[zip_validator],
        help_text=_("Five digits; the community area is found from it."),
    )
    # Program
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DATE_INPUT)
    planned_exit_on = forms.DateField(
        label=_("Planned exit"),
        widget=DATE_INPUT,
        help_text=_("Transition milestones are planned back from this date."),
    )
    assigned_to = StaffChoiceField(
        label=_("Assigned staff member"),
        required=False,
        queryset=None,
        empty_label=_("Nobody yet"),
    )
    external_id = forms.CharField(
        label=_("External id"),
        max_length=64,
        required=False,
        help_text=_("Their id in another system, if any."),
    )
    # Household
    household_size = forms.IntegerField(
        label=_("People in the household"), min_value=1, max_value=20, initial=1
    )
    children_ages = AgesField(
        label=_("Children's ages"),
        required=False,
        help_text=_("Ages from 0 to 17, separated by commas, for example 3, 7."),
    )
    benefits = forms.MultipleChoiceField(
        label=_("Benefits they receive now"),
        required=False,
        choices=Benefit.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Constraints
    availability = AvailabilityField(label=_("Shifts they can work"))
    physical_limits = forms.MultipleChoiceField(
        label=_("Physical limits"),
        required=False,
        choices=PhysicalLimit.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    transport_mode = forms.ChoiceField(
        label=_("How they travel to work"),
        choices=TransportMode.choices,
        initial=TransportMode.TRANSIT,
    )
    max_commute_minutes = forms.IntegerField(
        label=_("Longest commute (minutes, one way)"), min_value=0, max_value=240, initial=45
    )
    childcare_need = forms.ChoiceField(
        label=_("Childcare"), choices=ChildcareNeed.choices, initial=ChildcareNeed.NONE
    )
    preferred_environments = forms.MultipleChoiceField(
        label=_("Work environments they prefer"),
        required=False,
        choices=WorkEnvironment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Matching gives points to a job in one of these settings."),
    )
    min_hourly_wage = forms.DecimalField(
        label=_("Lowest acceptable hourly wage ($)"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=2,
    )
    needs_fair_chance = forms.BooleanField(
        label=_("Needs a fair-chance employer"),
        required=False,
        help_text=_("An employer that considers people with a conviction record."),
    )

    CONTACT = (
        "first_name",
        "last_name",
        "preferred_name",
        "email",
        "phone",
        "preferred_language",
        "zip_code",
    )
    PROGRAM = (
        "enrolled_on",
        "planned_exit_on",
        "exited_on",
        "exit_outcome",
        "assigned_to",
        "external_id",
    )
    HOUSEHOLD = ("household_size", "children_ages", "benefits")
    CONSTRAINTS = (
        "physical_limits",
        "transport_mode",
        "max_commute_minutes",
        "childcare_need",
        "preferred_environments",
        "min_hourly_wage",
        "needs_fair_chance",
    )

    def __init__(self, *args, user, participant: Participant | None = None, **kwargs):
        if participant is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(participant)
        super().__init__(*args, **kwargs)
        self.user = user
        self.participant = participant
        self.fields["assigned_to"].queryset = staff_visible_to(user)
        if participant is not None:
            # Exits are recorded on edit, never at intake.
            self.fields["exited_on"] = forms.DateField(
                label=_("Exited on"),
                required=False,
                widget=DATE_INPUT,
                help_text=_("Leave empty while they are still in the program."),
            )
            self.fields["exit_outcome"] = forms.ChoiceField(
                label=_("Exit outcome"),
                required=False,
                choices=[("", "—"), *ExitOutcome.choices],
                help_text=_("How they left: record it with the exit date."),
            )

    @staticmethod
    def initial_for(participant: Participant) -> dict[str, Any]:
        initial = {
            name: getattr(participant, name)
            for name in PARTICIPANT_FIELDS
            if name not in ("assigned_to", "resume_summary")
        }
        initial["assigned_to"] = participant.assigned_to_id
        initial["children_ages"] = list(participant.children_ages or [])
        initial["benefits"] = list(participant.benefits or [])
        initial["physical_limits"] = list(participant.physical_limits or [])
        initial["preferred_environments"] = list(participant.preferred_environments or [])
        return initial

    def fields_in(self, names: Iterable[str]) -> list[forms.BoundField]:
        """The bound fields of one section of the page, in order."""
        return [self[name] for name in names if name in self.fields]

    def contact_fields(self):
        return self.fields_in(self.CONTACT)

    def program_fields(self):
        return self.fields_in(self.PROGRAM)

    def household_fields(self):
        return self.fields_in(self.HOUSEHOLD)

    def constraint_fields(self):
        return self.fields_in(self.CONSTRAINTS)

    def availability_rows(self) -> list[tuple[str, list]]:
        """(day, [its four shift checkboxes]) for the availability table."""
        boxes = list(self["availability"])
        shifts = len(Shift)
        return [
            (label, boxes[day * shifts : (day + 1) * shifts])
            for day, label in enumerate(Day.labels)
        ]

    @staticmethod
    def shift_headers() -> list[str]:
        return list(Shift.labels)

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_external_id(self) -> str:
        return self.cleaned_data["external_id"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        organisation = membership_of(self.user).organisation
        fields = {k: v for k, v in data.items() if k in PARTICIPANT_FIELDS}
        for name, messages in participant_rule_errors(
            organisation, self.participant, fields
        ).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return data

    def participant_data(self) -> dict[str, Any]:
        """Every field the participant services take, from the cleaned input."""
        data = self.cleaned_data
        return {
            name: (sorted(data[name]) if name in ("benefits", "physical_limits") else data[name])
            for name in PARTICIPANT_FIELDS
            if name in self.fields
        }

    def changed_participant_data(self) -> dict[str, Any]:
        """Only the fields the user changed, for participant_update."""
        data = self.participant_data()
        return {name: data[name] for name in self.changed_data if name in data}


# Voluntary demographics -----------------------------------------------------------


def _optional(choices) -> list[tuple[str, str]]:
    return [("", _("Not asked")), *choices]


class DemographicsForm(web_forms.Form):
    """Voluntary answers; "prefer not to say" is an answer, an empty choice means not asked."""

    race_ethnicity = forms.MultipleChoiceField(
        label=_("Race and ethnicity (choose all that apply)"),
        required=False,
        choices=RaceEthnicity.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    race_ethnicity_detail = forms.CharField(
        label=_("Race or ethnicity in their own words (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example Mexican, Jamaican, Polish or Lebanese."),
    )
    race_prefer_not = forms.BooleanField(
        label=_("Prefers not to say their race or ethnicity"), required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_optional(Sex.choices))
    veteran = forms.ChoiceField(
        label=_("Veteran"), required=False, choices=_optional(YesNoPreferNot.choices)
    )
    disability = forms.ChoiceField(
        label=_("Disability"), required=False, choices=_optional(YesNoPreferNot.choices)
    )
    justice_involved = forms.ChoiceField(
        label=_("Justice involvement"),
        required=False,
        choices=_optional(YesNoPreferNot.choices),
        help_text=_("A past arrest, conviction or incarceration."),
    )
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=_optional(AgeBand.choices))
    long_term_unemployed = forms.ChoiceField(
        label=_("Out of work for six months or more before joining"),
        required=False,
        choices=_optional(YesNoPreferNot.choices),
    )
    high_school_diploma = forms.ChoiceField(
        label=_("High-school diploma or equivalent (GED, HiSET)"),
        required=False,
        choices=_optional(YesNoPreferNot.choices),
    )

    def __init__(self, *args, record: Demographics | None = None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(record, name) for name in DEMOGRAPHIC_FIELDS}
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("race_prefer_not") and data.get("race_ethnicity"):
            self.add_error(
                "race_prefer_not",
                _("Choose categories or “prefers not to say”, not both."),
            )
        return data

    def is_blank(self) -> bool:
        """Whether nothing was answered (so no demographic record is written at intake)."""
        return not any(self.cleaned_data.get(name) for name in DEMOGRAPHIC_FIELDS)

    def demographics_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        result = {name: data[name] for name in DEMOGRAPHIC_FIELDS}
        result["race_ethnicity"] = sorted(data["race_ethnicity"])
        result["race_ethnicity_detail"] = data["race_ethnicity_detail"].strip()
        return result
