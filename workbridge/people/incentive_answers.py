"""The voluntary intake answers for hiring incentives (WOTC and the Federal Bonding
Program): the form section on intake and edit, and the service that stores them."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.people.choices import BondingBarrier, YesNoPreferNot
from workbridge.people.models import IncentiveAnswers, Participant
from workbridge.web import forms as web_forms

INCENTIVE_FIELDS = (
    "birth_date",
    "veteran",
    "veteran_service_disability",
    "veteran_discharged_on",
    "unemployed_since",
    "unemployed_weeks_past_year",
    "received_unemployment_compensation",
    "tanf_months_past_18",
    "tanf_long_term",
    "snap_months_past_6",
    "snap_months_past_15",
    "snap_stopped_time_limit",
    "ssi_last_month",
    "felony_convicted_on",
    "felony_released_on",
    "vocational_rehab_referral",
    "lives_in_empowerment_zone",
    "bonding_barriers",
)
DATE_FIELDS = (
    "birth_date",
    "veteran_discharged_on",
    "unemployed_since",
    "ssi_last_month",
    "felony_convicted_on",
    "felony_released_on",
)
EMPTY = {name: None for name in INCENTIVE_FIELDS}


def incentive_answers_of(participant: Participant) -> IncentiveAnswers | None:
    """The participant's answers, or None when none were recorded (the caller audits)."""
    return IncentiveAnswers.objects.filter(participant=participant).first()


@transaction.atomic
def incentive_answers_record(
    *, participant: Participant, by: User, data: Mapping[str, Any], today: date
) -> IncentiveAnswers:
    """Store the voluntary hiring-incentive answers; only changed fields are written."""
    require_own(participant, by)
    record, created = IncentiveAnswers.objects.get_or_create(participant=participant)
    changed = []
    for name, value in data.items():
        if name not in INCENTIVE_FIELDS:
            raise ValueError(f"Not a hiring-incentive field: {name}")
        if name in DATE_FIELDS and value is not None and value > today:
            raise ValidationError({name: _("This date cannot be in the future.")})
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed.append(name)
    record.full_clean(exclude=["participant"])
    if changed:
        record.save(update_fields=[*changed, "updated_at"])
    if changed or created:
        audit_record(
            actor=by,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=record,
            object_id=participant.pk,
            object_type="people.incentiveanswers",
            fields=changed,
        )
    return record


def _optional(choices) -> list[tuple[str, str]]:
    return [("", _("Not asked")), *choices]


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _yes_no(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=_optional(YesNoPreferNot.choices))


def _months(label, most: int, help_text=None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=most, help_text=help_text
    )


def _date(label, help_text=None) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE_INPUT, help_text=help_text)


class IncentiveAnswersForm(web_forms.Form):
    """Voluntary answers for the Work Opportunity Tax Credit (Form 8850, ETA Form 9061)
    and the Federal Bonding Program; an empty answer means not asked."""

    birth_date = _date(_("Date of birth"), _("Some tax-credit groups depend on age."))
    veteran = _yes_no(_("Veteran of the U.S. armed forces"))
    veteran_service_disability = _yes_no(
        _("Entitled to VA compensation for a service-connected disability")
    )
    veteran_discharged_on = _date(_("Discharged or released from active duty on"))
    unemployed_since = _date(
        _("Out of work since"), _("The first day of the current time without a job.")
    )
    unemployed_weeks_past_year = forms.IntegerField(
        label=_("Weeks out of work in the last year, all together"),
        required=False,
        min_value=0,
        max_value=52,
    )
    received_unemployment_compensation = _yes_no(
        _("Received unemployment compensation while out of work")
    )
    tanf_months_past_18 = _months(_("Months of TANF in the last 18 months"), 18)
    tanf_long_term = _yes_no(
        _("TANF for 18 months in a row, or stopped by a time limit in the last 2 years")
    )
    snap_months_past_6 = _months(
        _("Months of SNAP in the last 6 months"), 6, _("For anyone in the household.")
    )
    snap_months_past_15 = _months(
        _("Months of SNAP in the last 15 months"), 15, _("Asked of veterans.")
    )
    snap_stopped_time_limit = _yes_no(
        _("SNAP for 3 of the last 5 months, then stopped by the work-requirement time limit")
    )
    ssi_last_month = _date(
        _("Last month SSI was received"), _("Any day in that month; leave empty for never.")
    )
    felony_convicted_on = _date(_("Date of a felony conviction"))
    felony_released_on = _date(_("Released from prison for a felony on"))
    vocational_rehab_referral = _yes_no(
        _(
            "Referred by a vocational rehabilitation agency, a Ticket to Work employment "
            "network or the VA"
        )
    )
    lives_in_empowerment_zone = _yes_no(_("Lives in an empowerment zone or a rural renewal county"))
    bonding_barriers = forms.MultipleChoiceField(
        label=_("Background an employer may hesitate over (for a fidelity bond)"),
        required=False,
        choices=BondingBarrier.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, record: IncentiveAnswers | None = None, **kwargs):
        if record is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(record, name) for name in INCENTIVE_FIELDS}
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        convicted, released = data.get("felony_convicted_on"), data.get("felony_released_on")
        if convicted and released and released < convicted:
            self.add_error(
                "felony_released_on", _("The release cannot come before the conviction.")
            )
        return data

    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in INCENTIVE_FIELDS)

    def answers_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        result = {name: data.get(name) for name in INCENTIVE_FIELDS}
        for name, value in result.items():
            if (
                value is None
                and name not in DATE_FIELDS
                and not name.endswith(
                    ("_months_past_18", "_months_past_6", "_months_past_15", "_past_year")
                )
            ):
                result[name] = ""
        result["bonding_barriers"] = sorted(data.get("bonding_barriers") or [])
        return result

    def changed_answers_data(self) -> dict[str, Any]:
        data = self.answers_data()
        return {name: data[name] for name in self.changed_data if name in data}
