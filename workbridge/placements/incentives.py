"""Hiring incentives for a participant and a placement: the Work Opportunity Tax Credit
pre-screening (rules in core.wotc), the Federal Bonding Program (core.bonding), the
Form 8850 deadlines on the retention-check queue, and a placement's credit and bond.

Reads are scoped through the participant and placement queries; writes are services with
their audit event. The target-group names and reasons are translated here: core keeps the
rule and its source, in English.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.access import casework_organisation_id, require_own
from workbridge.accounts.models import AuditAction, User
from workbridge.accounts.services import audit_record
from workbridge.core import bonding, wotc
from workbridge.people.choices import Benefit, BondingBarrier, YesNoPreferNot
from workbridge.people.models import IncentiveAnswers, Participant
from workbridge.placements.models import Placement, WotcOutcome, WotcScreening

GROUP_NAMES = {
    "tanf": _("TANF recipient"),
    "tanf_long_term": _("Long-term TANF recipient"),
    "veteran_snap": _("Veteran receiving SNAP"),
    "veteran_disabled_recent": _("Disabled veteran, discharged in the last year"),
    "veteran_disabled_unemployed": _("Disabled veteran, unemployed 6 months"),
    "veteran_unemployed_4_weeks": _("Veteran, unemployed 4 weeks to 6 months"),
    "veteran_unemployed_6_months": _("Veteran, unemployed 6 months"),
    "ex_felon": _("Ex-felon"),
    "designated_community": _("Designated community resident"),
    "vocational_rehab": _("Vocational rehabilitation referral"),
    "summer_youth": _("Summer youth employee"),
    "snap": _("SNAP recipient"),
    "ssi": _("SSI recipient"),
    "long_term_unemployed": _("Long-term unemployment recipient"),
}
RULES = {
    "tanf": _(
        "A member of a family that received TANF for any 9 months of the 18 months ending "
        "on the hiring date."
    ),
    "tanf_long_term": _(
        "A member of a family that received TANF for at least the 18 months before the "
        "hiring date, or whose TANF stopped under a time limit in the last 2 years."
    ),
    "veteran_snap": _(
        "A veteran in a family that received SNAP for at least 3 months of the 15 months "
        "ending on the hiring date."
    ),
    "veteran_disabled_recent": _(
        "A veteran entitled to compensation for a service-connected disability, hired within "
        "1 year of discharge or release from active duty."
    ),
    "veteran_disabled_unemployed": _(
        "A veteran entitled to compensation for a service-connected disability who was "
        "unemployed for at least 6 months of the year before the hiring date."
    ),
    "veteran_unemployed_4_weeks": _(
        "A veteran unemployed for at least 4 weeks but less than 6 months of the year before "
        "the hiring date."
    ),
    "veteran_unemployed_6_months": _(
        "A veteran unemployed for at least 6 months of the year before the hiring date."
    ),
    "ex_felon": _(
        "Convicted of a felony and hired within 1 year of the conviction or of release from "
        "prison for it."
    ),
    "designated_community": _(
        "Aged 18 to 39 on the hiring date and living in an empowerment zone or a rural "
        "renewal county."
    ),
    "vocational_rehab": _(
        "Referred to the employer by a state vocational rehabilitation agency, an employment "
        "network under Ticket to Work, or the Department of Veterans Affairs."
    ),
    "summer_youth": _(
        "Aged 16 or 17 on the hiring date, living in an empowerment zone, and employed only "
        "between May 1 and September 15."
    ),
    "snap": _(
        "Aged 18 to 39 on the hiring date, in a family that received SNAP for the 6 months "
        "before it (or 3 of the last 5 months, then stopped under the time limit)."
    ),
    "ssi": _(
        "Received Supplemental Security Income for any month ending within 60 days of the "
        "hiring date."
    ),
    "long_term_unemployed": _(
        "Unemployed for at least 27 consecutive weeks up to the hiring date, with "
        "unemployment compensation for some of that time."
    ),
}
REASON_TEXT = {
    "tanf_long_term": _("TANF for at least the last 18 months."),
    "tanf_months": _("TANF in %(months)s of the last 18 months."),
    "tanf_ask": _("Receives TANF now: ask how many of the last 18 months."),
    "veteran_discharged": _("Service-connected disability; discharged within the last year."),
    "veteran_disabled_weeks": _(
        "Service-connected disability; %(weeks)s weeks out of work in the last year."
    ),
    "veteran_disabled_ask": _(
        "Disabled veteran: ask the discharge date and the weeks out of work in the last year."
    ),
    "veteran_weeks": _("%(weeks)s weeks out of work in the last year."),
    "veteran_weeks_ask": _("Veteran: ask how many weeks they were out of work in the last year."),
    "veteran_snap": _("SNAP in %(months)s of the last 15 months."),
    "veteran_snap_ask": _("Receives SNAP: ask how many of the last 15 months."),
    "veteran_ask": _("Ask whether they are a veteran."),
    "felony": _("Felony conviction or release within the last year."),
    "zone_ask_age": _("Lives in an empowerment zone: ask their date of birth."),
    "zone_age": _("Aged %(age)s; lives in an empowerment zone."),
    "summer_youth": _("Aged %(age)s; lives in an empowerment zone; a summer job."),
    "vocational_rehab": _("Referred by a vocational rehabilitation agency."),
    "snap_age": _("Aged %(age)s; the household received SNAP."),
    "snap_ask_age": _("The household receives SNAP: ask their date of birth."),
    "snap_ask_months": _("Receives SNAP now: ask how many of the last 6 months."),
    "ssi_month": _("SSI in a month that ended within the last 60 days."),
    "ssi_now": _("Receives SSI now."),
    "ltu": _("%(weeks)s weeks in a row out of work, with unemployment compensation."),
    "ltu_ask": _(
        "%(weeks)s weeks in a row out of work: ask whether they received unemployment compensation."
    ),
}
BOND_REASONS = {
    bonding.Reason.JUSTICE: _("A record of arrest, conviction or incarceration"),
    bonding.Reason.RECOVERY: BondingBarrier.RECOVERY.label,
    bonding.Reason.CREDIT: BondingBarrier.CREDIT.label,
    bonding.Reason.DISCHARGE: BondingBarrier.DISCHARGE.label,
    bonding.Reason.PUBLIC_ASSISTANCE: _("Receives public assistance"),
    bonding.Reason.NO_WORK_HISTORY: BondingBarrier.NO_WORK_HISTORY.label,
}
PUBLIC_ASSISTANCE = {Benefit.SNAP, Benefit.TANF, Benefit.SSI, Benefit.HOUSING, Benefit.MEDICAID}
# What a screening or placement page shows of the participant, for the audit log.
ANSWER_FIELDS = ("first_name", "last_name", "benefits", "incentive_answers")


def authorized_through() -> date:
    """The last start date the credit is authorised for (setting WOTC_AUTHORIZED_THROUGH)."""
    value = getattr(settings, "WORKBRIDGE_WOTC_AUTHORIZED_THROUGH", "")
    return date.fromisoformat(value) if value else wotc.DEFAULT_AUTHORIZED_THROUGH


def _yes(value: str) -> bool | None:
    if value == YesNoPreferNot.YES:
        return True
    if value == YesNoPreferNot.NO:
        return False
    return None  # not asked, or prefers not to say: cannot support a claim


def wotc_answers(
    participant: Participant, record: IncentiveAnswers | None, *, on: date
) -> wotc.Answers:
    """The intake answers as core.wotc reads them, on the day of the screening or hire."""
    benefits = set(participant.benefits or [])
    if record is None:
        return wotc.Answers(
            on=on,
            tanf_now=Benefit.TANF in benefits,
            snap_now=Benefit.SNAP in benefits,
            ssi_now=Benefit.SSI in benefits,
        )
    return wotc.Answers(
        on=on,
        birth_date=record.birth_date,
        veteran=_yes(record.veteran),
        veteran_service_disability=_yes(record.veteran_service_disability),
        veteran_discharged_on=record.veteran_discharged_on,
        unemployed_weeks_past_year=record.unemployed_weeks_past_year,
        unemployed_since=record.unemployed_since,
        received_unemployment_compensation=_yes(record.received_unemployment_compensation),
        tanf_now=Benefit.TANF in benefits,
        tanf_months_past_18=record.tanf_months_past_18,
        tanf_long_term=_yes(record.tanf_long_term),
        snap_now=Benefit.SNAP in benefits,
        snap_months_past_6=record.snap_months_past_6,
        snap_stopped_time_limit=_yes(record.snap_stopped_time_limit),
        snap_months_past_15=record.snap_months_past_15,
        ssi_now=Benefit.SSI in benefits,
        ssi_last_month=record.ssi_last_month,
        felony_convicted_on=record.felony_convicted_on,
        felony_released_on=record.felony_released_on,
        vocational_rehab_referral=_yes(record.vocational_rehab_referral),
        lives_in_empowerment_zone=_yes(record.lives_in_empowerment_zone),
    )


def wotc_screen_participant(participant: Participant, *, on: date) -> wotc.Screening:
    """The WOTC target groups the participant's answers meet or leave open on a day."""
    record = IncentiveAnswers.objects.filter(participant=participant).first()
    return wotc.screen(
        wotc_answers(participant, record, on=on), authorized_through=authorized_through()
    )


@dataclass(frozen=True)
class FindingRow:
    """A finding as the pages show it, translated."""

    code: str
    name: str
    meets: bool
    reason: str
    rule: str
    source: str
    max_credit: int


def finding_rows(findings: Iterable[dict[str, Any]]) -> list[FindingRow]:
    """Stored or fresh findings (as dicts) in the active language."""
    rows = []
    for f in findings:
        group = wotc.GROUPS[f["code"]]
        reason = REASON_TEXT.get(f["reason"], f["reason"])
        rows.append(
            FindingRow(
                code=group.code,
                name=str(GROUP_NAMES[group.code]),
                meets=f["status"] == wotc.Status.MEETS,
                reason=str(reason) % dict(f.get("params") or {}),
                rule=str(RULES[group.code]),
                source=group.source,
                max_credit=group.max_credit,
            )
        )
    return rows


def findings_data(screening: wotc.Screening) -> list[dict[str, Any]]:
    """The findings as stored on a WotcScreening and returned by the API."""
    return [
        {
            "code": f.group.code,
            "status": str(f.status),
            "reason": f.reason,
            "params": dict(f.params),
            "max_credit": f.max_credit,
            "source": f.group.source,
        }
        for f in screening.findings
    ]


@transaction.atomic
def wotc_screening_record(
    *, participant: Participant, by: User, on: date, signed_on: date | None = None
) -> WotcScreening:
    """Keep the day's pre-screening as a record staff print for Form 8850."""
    organisation = require_own(participant, by)
    if signed_on is not None and signed_on > on:
        raise ValidationError({"signed_on": _("The signature cannot come after the screening.")})
    screening = wotc_screen_participant(participant, on=on)
    record = WotcScreening.objects.create(
        organisation=organisation,
        participant=participant,
        screened_on=on,
        findings=findings_data(screening),
        max_credit=screening.max_credit,
        signed_on=signed_on,
        by=by,
    )
    audit_record(
        actor=by,
        action=AuditAction.CREATE,
        obj=record,
        fields=["findings", "max_credit", "signed_on"],
        detail=f"participant {participant.pk}",
    )
    return record


def wotc_screenings_of(participant: Participant) -> QuerySet[WotcScreening]:
    """The participant's kept pre-screenings, newest first (the participant is scoped)."""
    return WotcScreening.objects.filter(participant=participant).select_related("by")


def wotc_screening_get_for(user: User, participant: Participant, pk: int) -> WotcScreening:
    """One kept pre-screening of a scoped participant; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        WotcScreening.objects.select_related("by", "participant"),
        pk=pk,
        participant=participant,
        organisation_id=casework_organisation_id(user),
    )


# The Federal Bonding Program -------------------------------------------------------


def bonding_for(
    participant: Participant, record: IncentiveAnswers | None, *, w2_job: bool | None = None
) -> bonding.Eligibility:
    """Whether the participant may be bonded, from intake answers and the profile."""
    barriers = set(record.bonding_barriers or []) if record else set()
    justice = participant.needs_fair_chance or bool(
        record and (record.felony_convicted_on or record.felony_released_on)
    )
    return bonding.bonding_eligibility(
        justice_involved=justice,
        in_recovery=BondingBarrier.RECOVERY in barriers,
        poor_credit=BondingBarrier.CREDIT in barriers,
        dishonourable_discharge=BondingBarrier.DISCHARGE in barriers,
        public_assistance=bool(PUBLIC_ASSISTANCE & set(participant.benefits or [])),
        no_work_history=BondingBarrier.NO_WORK_HISTORY in barriers
        or not participant.work_history.exists(),
        w2_job=w2_job,
    )


# A placement's credit and bond -----------------------------------------------------

PLACEMENT_INCENTIVE_FIELDS = (
    "wotc_form_sent_on",
    "wotc_outcome",
    "wotc_target_group",
    "wotc_credit",
    "bond_starts_on",
    "bond_ends_on",
    "bond_amount",
)


@transaction.atomic
def placement_incentives_update(
    *, placement: Placement, by: User, data: dict[str, Any]
) -> list[str]:
    """Record the Form 8850 date, the certification outcome and credit, and the bond."""
    require_own(placement, by)
    data = dict(data)
    errors: dict[str, Any] = {}
    group = data.get("wotc_target_group", placement.wotc_target_group)
    if group and group not in wotc.GROUPS:
        errors["wotc_target_group"] = _("Choose a target group from the list.")
    sent = data.get("wotc_form_sent_on", placement.wotc_form_sent_on)
    outcome = data.get("wotc_outcome", placement.wotc_outcome)
    if outcome in (WotcOutcome.PENDING, WotcOutcome.CERTIFIED, WotcOutcome.DENIED) and not sent:
        errors["wotc_form_sent_on"] = _("Give the date Form 8850 was sent.")
    if sent and sent < placement.started_on - timedelta(days=365):
        errors["wotc_form_sent_on"] = _("Form 8850 is sent around the start of the job.")
    credit = data.get("wotc_credit", placement.wotc_credit)
    if outcome == WotcOutcome.CERTIFIED:
        if not group:
            errors["wotc_target_group"] = _("Choose the target group it was certified for.")
        if credit is None:
            errors["wotc_credit"] = _("Give the credit the employer may claim.")
        elif group in wotc.GROUPS and credit > wotc.GROUPS[group].max_credit:
            errors["wotc_credit"] = _("The most this group allows is $%(most)s.") % {
                "most": wotc.GROUPS[group].max_credit
            }
    amount = data.get("bond_amount", placement.bond_amount)
    starts = data.get("bond_starts_on", placement.bond_starts_on)
    if amount is not None and not bonding.valid_amount(amount):
        errors["bond_amount"] = _("Bonds come in $5,000 steps, up to $25,000.")
    if (amount is not None) != (starts is not None):
        errors["bond_starts_on" if starts is None else "bond_amount"] = _(
            "Give both the bond's start and its amount."
        )
    if starts is not None and not data.get("bond_ends_on") and not placement.bond_ends_on:
        data["bond_ends_on"] = bonding.bond_end(starts)
    ends = data.get("bond_ends_on", placement.bond_ends_on)
    if starts and ends and ends < starts:
        errors["bond_ends_on"] = _("The bond cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    changed = []
    for name, value in data.items():
        if name not in PLACEMENT_INCENTIVE_FIELDS:
            raise ValueError(f"Not a placement incentive field: {name}")
        if getattr(placement, name) != value:
            setattr(placement, name, value)
            changed.append(name)
    if changed:
        placement.save(update_fields=changed)
        audit_record(actor=by, action=AuditAction.UPDATE, obj=placement, fields=changed)
    return changed


@dataclass(frozen=True)
class FormDeadline:
    placement: Placement
    due_on: date
    overdue: bool


def wotc_deadlines_for(
    user: User, *, owner: User, today: date, horizon_days: int
) -> list[FormDeadline]:
    """Placements whose Form 8850 is still to send, due within the horizon or overdue by
    less than a month: those the owner has a retention check on, or recorded."""
    organisation_id = casework_organisation_id(user)
    earliest = today - timedelta(days=wotc.FORM_8850_DAYS + 30)
    latest = today + timedelta(days=horizon_days) - timedelta(days=wotc.FORM_8850_DAYS)
    rows = (
        Placement.objects.filter(
            organisation_id=organisation_id,
            wotc_form_sent_on__isnull=True,
            started_on__gte=earliest,
            started_on__lte=latest,
        )
        .exclude(wotc_outcome=WotcOutcome.NOT_ELIGIBLE)
        .filter(Q(checks__owner=owner) | Q(recorded_by=owner))
        .select_related("participant", "employer")
        .distinct()
        .order_by("started_on", "id")[:50]
    )
    result = []
    for p in rows:
        due = wotc.form_8850_deadline(p.started_on)
        result.append(FormDeadline(placement=p, due_on=due, overdue=due < today))
    return result


def wotc_estimate(group_code: str, *, hourly_wage: Decimal, hours_per_week: int) -> Decimal:
    """The first-year credit for a year's work at these terms."""
    return wotc.credit_estimate(
        wotc.GROUPS[group_code], hourly_wage=hourly_wage, hours_per_week=hours_per_week
    )
