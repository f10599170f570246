"""The demo's sourcing partners, sourcing plans and a placement hiring event (all fictional).

Six partner organisations of different kinds, with contacts, owners, status reports and
value assessments, and a baseline of four partnerships with the plan's +50% aim. The
applicant-flow demo's "Community organisation" answers and "Community partners" postings
are shared among the partners, so that partner yield and postings using partners have
figures. The newest requisitions get sourcing plans (two eligible for on-site offers at
the newest job fair). The job fairs and their interest lists come from `demo.equity`.
"""

import contextlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workbridge.accounts.models import Organisation, User
from workbridge.employers.models import Employer
from workbridge.equity.models import Applicant, JobFair, Requisition
from workbridge.jobs.models import JobOpening
from workbridge.people.models import CommunityArea, Participant
from workbridge.placements.services import referral_create
from workbridge.sourcing.models import HiringEvent, Partner
from workbridge.sourcing.services import (
    hiring_event_create,
    hiring_event_employers_record,
    hiring_event_participants_record,
    partner_assess,
    partner_contact_add,
    partner_create,
    partner_report_record,
    sourcing_baseline_set,
    sourcing_plan_save,
)

# name, kind, status, groups, community area numbers, other names, contact, months ago started
PARTNERS = [
    (
        "Bronzeville Career Alliance",
        "diversity",
        "active",
        ["black", "youth"],
        [35, 38],
        ["BCA"],
        ("Denise Harper", "Employment director"),
        30,
    ),
    (
        "Women Build Trades Chicago",
        "women_trades",
        "active",
        ["women"],
        [],
        ["WBTC"],
        ("Marisol Ortega", "Pre-apprenticeship coordinator"),
        20,
    ),
    (
        "Lakeside Veterans Network",
        "veterans",
        "active",
        ["veterans"],
        [],
        [],
        ("James Whitfield", "Career counsellor"),
        14,
    ),
    (
        "Access to Work Chicago",
        "disability",
        "active",
        ["disability"],
        [],
        [],
        ("Priya Raman", "Job placement lead"),
        9,
    ),
    (
        "Kennedy-King College Career Center",
        "school",
        "active",
        ["black", "youth"],
        [68],
        ["Kennedy-King College"],
        ("Terrence Ball", "Career services"),
        26,
    ),
    (
        "Pilsen Community Jobs Council",
        "community",
        "paused",
        ["hispanic", "immigrants"],
        [31, 30],
        [],
        ("Ana Beltrán", "Organizer"),
        40,
    ),
]


@dataclass(frozen=True)
class SeededSourcing:
    partners: int
    plans: int
    events: int


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.44))


@transaction.atomic
def seed_sourcing(organisation: Organisation) -> SeededSourcing:
    """Write the demo's sourcing data once; a second run changes nothing."""
    if Partner.objects.filter(organisation=organisation).exists():
        return SeededSourcing(0, 0, 0)
    analyst = User.objects.filter(username="analyst").first()
    director = User.objects.filter(username="director").first()
    coach = User.objects.filter(username="coach").first()
    if analyst is None or director is None:
        return SeededSourcing(0, 0, 0)
    today = timezone.localdate()
    areas = {a.pk: a for a in CommunityArea.objects.all()}
    partners: list[Partner] = []
    for name, kind, status, groups, area_numbers, aliases, contact, started in PARTNERS:
        start = _months_ago(today, started)
        partner = partner_create(
            by=analyst,
            data={
                "name": name,
                "kind": kind,
                "status": status,
                "groups": groups,
                "communities": "",
                "owner": analyst if len(partners) % 2 == 0 else director,
                "agreement_start": start,
                "agreement_end": start + timedelta(days=3 * 365),
                "report_every_months": 3,
                "aliases": aliases,
            },
            community_areas=[areas[n] for n in area_numbers if n in areas],
        )
        partner_contact_add(
            by=analyst,
            partner=partner,
            name=contact[0],
            title=contact[1],
            email=f"{contact[0].split()[0].lower()}@example.org",
        )
        # Quarterly reports up to about four months ago: the next is due or overdue.
        period = start
        while True:
            period = period + timedelta(days=91)
            if period > today - timedelta(days=100 - 15 * len(partners)):
                break
            partner_report_record(
                by=partner.owner or analyst,
                partner=partner,
                period_end=period,
                summary=(
                    f"Shared the city's postings with {name}'s members;"
                    " held an information session."
                ),
                candidates_referred=5 + len(partners) * 3,
                events_held=1,
            )
        partner_assess(
            by=director,
            partner=partner,
            assessed_on=today - timedelta(days=60),
            reach=5 - len(partners) % 3,
            candidate_quality=3 + len(partners) % 2,
            responsiveness=4,
            alignment=4 if status == "active" else 2,
            narrative=(
                "Reaches people the city's own postings miss; candidates arrive prepared for the"
                " written test. Keep the quarterly information sessions."
            ),
        )
        partners.append(partner)
    sourcing_baseline_set(
        by=director,
        baseline_partnerships=4,
        baseline_on=_months_ago(today, 24),
        increase_percent=50,
    )
    # Share "how they heard" answers and postings that name community partners among them.
    active = [p for p in partners if p.status == "active"]
    for i, partner in enumerate(active):
        ids = Applicant.objects.filter(
            organisation=organisation, heard_about="Community organisation"
        ).values_list("pk", flat=True)
        chosen = [pk for pk in ids if pk % len(active) == i]
        Applicant.objects.filter(pk__in=chosen).update(heard_about=partner.name)
    for requisition in Requisition.objects.filter(organisation=organisation).order_by("pk"):
        channels = list(requisition.source_channels or [])
        if "Community partners" not in channels:
            continue
        first = active[requisition.pk % len(active)].name
        second = active[(requisition.pk // 3) % len(active)].name
        channels = [c for c in channels if c != "Community partners"]
        channels += [first] if first == second else [first, second]
        requisition.source_channels = channels
        requisition.save(update_fields=["source_channels"])
    # Sourcing plans for the newest requisitions.
    fair = JobFair.objects.filter(organisation=organisation).order_by("-date").first()
    plans = 0
    newest = Requisition.objects.filter(organisation=organisation).order_by("-posting_date", "-pk")[
        :12
    ]
    for n, requisition in enumerate(newest):
        onsite = n in (1, 4) and fair is not None
        sourcing_plan_save(
            by=analyst,
            requisition=requisition,
            intake_on=(requisition.posting_date or today) - timedelta(days=14),
            checklist=["duties_reviewed", "posting_plain", "outreach_planned"]
            + (["barriers_removed", "timeline_set"] if n % 2 == 0 else []),
            planned_channels=["City careers site", "Job boards"] + (["Job fair"] if onsite else []),
            partners=[active[n % len(active)], active[(n + 2) % len(active)]],
            onsite_offers=onsite,
            fairs=[fair] if onsite and fair else [],
        )
        plans += 1
    # A placement hiring event: three employers and five participants attended.
    events = 0
    if coach is not None:
        employers = list(Employer.objects.filter(organisation=organisation).order_by("pk")[:3])
        people = list(
            Participant.objects.filter(organisation=organisation, assigned_to=coach).order_by("pk")[
                :5
            ]
        )
        if employers and people:
            event = hiring_event_create(
                by=coach,
                name="Spring Hiring Event at Garfield Park",
                held_on=today - timedelta(days=10),
                location="Garfield Park Conservatory",
                community_area=areas.get(27),
                notes="Employers interviewed on the spot; bring résumés.",
            )
            hiring_event_employers_record(by=coach, event=event, employers=employers)
            hiring_event_participants_record(by=coach, event=event, participants=people)
            # A referral that followed: the first attendee to an attending employer's opening.
            opening = JobOpening.objects.filter(employer__in=employers).order_by("pk").first()
            if opening is not None:
                # (not when already referred there, or the opening is closed)
                with contextlib.suppress(ValidationError), transaction.atomic():
                    referral_create(participant=people[0], opening=opening, by=coach)
            events = HiringEvent.objects.filter(organisation=organisation).count()
    return SeededSourcing(len(partners), plans, events)
