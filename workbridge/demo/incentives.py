"""Fictional hiring-incentive demo data: intake answers for some of the coach's
participants, kept tax-credit pre-screenings, and the Form 8850, certification and bond on
a few placements (those started in the last 20 days have their Form 8850 on the
retention-check queue)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from workbridge.accounts.models import Organisation
from workbridge.core import bonding
from workbridge.people.models import IncentiveAnswers, Participant
from workbridge.placements.incentives import findings_data, wotc_screen_participant
from workbridge.placements.models import Placement, WotcOutcome, WotcScreening

# (birth year, answers) for the coach's first participants, in id order.
ANSWERS = (
    (1996, {"snap_months_past_6": 6}),
    (1988, {"veteran": "yes", "unemployed_weeks_past_year": 30}),
    (1999, {"felony_released_on_days_ago": 120, "bonding_barriers": ["no_work_history"]}),
    (1992, {"tanf_months_past_18": 11}),
    (1985, {"vocational_rehab_referral": "yes"}),
    (2001, {"lives_in_empowerment_zone": "yes"}),
)


def seed_incentives(organisation: Organisation) -> int:
    """Answers, screenings and placement incentives; returns how many answers were made."""
    today = timezone.localdate()
    people = list(
        Participant.objects.filter(
            organisation=organisation, assigned_to__username="coach", exited_on__isnull=True
        ).order_by("id")[: len(ANSWERS)]
    )
    made = 0
    for participant, (year, answers) in zip(people, ANSWERS, strict=False):
        values = dict(answers)
        released = values.pop("felony_released_on_days_ago", None)
        if released is not None:
            values["felony_released_on"] = today - timedelta(days=released)
        IncentiveAnswers.objects.get_or_create(
            participant=participant, defaults={"birth_date": date(year, 4, 15), **values}
        )
        made += 1
        screening = wotc_screen_participant(participant, on=today)
        WotcScreening.objects.get_or_create(
            organisation=organisation,
            participant=participant,
            screened_on=today - timedelta(days=3),
            defaults={
                "findings": findings_data(screening),
                "max_credit": screening.max_credit,
                "signed_on": today - timedelta(days=3),
                "by": participant.assigned_to,
            },
        )
    recent = Placement.objects.filter(
        organisation=organisation, started_on__gte=today - timedelta(days=20)
    ).order_by("-started_on", "id")
    for placement in recent[:2]:  # their Form 8850 is due soon: on the queue
        placement.wotc_outcome = WotcOutcome.TO_SEND
        placement.save(update_fields=["wotc_outcome"])
    placements = list(
        Placement.objects.filter(
            organisation=organisation, started_on__lt=today - timedelta(days=60)
        ).order_by("-started_on", "id")[:3]
    )
    for placement in placements:
        placement.wotc_form_sent_on = placement.started_on + timedelta(days=10)
        placement.wotc_outcome = WotcOutcome.CERTIFIED
        placement.wotc_target_group = "snap"
        placement.wotc_credit = Decimal("2400.00")
        placement.bond_starts_on = placement.started_on
        placement.bond_ends_on = bonding.bond_end(placement.started_on)
        placement.bond_amount = bonding.STANDARD_AMOUNT
        placement.save(
            update_fields=[
                "wotc_form_sent_on",
                "wotc_outcome",
                "wotc_target_group",
                "wotc_credit",
                "bond_starts_on",
                "bond_ends_on",
                "bond_amount",
            ]
        )
    return made
