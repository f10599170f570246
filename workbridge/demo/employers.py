"""Demo employers: fictional Chicago businesses with contacts, openings, a job-development
history, placements of demo participants and review meetings. The same seed gives the
same employers.

Names, people and addresses are invented (e-mail at example.com, phones in the 555-01xx
block kept for fiction); industries use real NAICS codes and openings real SOC 2018 codes
with wages typical of those jobs in Chicago. Dates are placed relative to ``today``.
"""

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from workbridge.accounts.models import Organisation, User
from workbridge.bulk import bulk_insert, next_id, reset_sequences
from workbridge.employers.choices import PIPELINE, Incentive, InteractionKind, Outcome, Signal
from workbridge.employers.models import (
    Contact,
    Employer,
    EmployerSignal,
    Interaction,
    Location,
    StageChange,
)
from workbridge.employers.services import follow_ups_refresh
from workbridge.jobs.models import JobOpening, TransitAccess, WorkEnvironment
from workbridge.people.models import ZipCode

# (NAICS code, name word, environment, [(SOC code, title, low wage, high wage, demands)])
INDUSTRIES = [
    (
        "722511",
        "Kitchen",
        WorkEnvironment.KITCHEN,
        [
            ("35-2014", "Line cook", 17, 21, ["standing"]),
            ("35-9021", "Dishwasher", 16, 18, ["standing", "lifting"]),
        ],
    ),
    (
        "493110",
        "Logistics",
        WorkEnvironment.WAREHOUSE,
        [
            ("53-7062", "Warehouse associate", 18, 22, ["lifting", "standing"]),
            ("53-7051", "Forklift operator", 20, 25, ["driving"]),
        ],
    ),
    (
        "623110",
        "Care Center",
        WorkEnvironment.HEALTHCARE,
        [
            ("31-1131", "Certified nursing assistant", 19, 23, ["lifting", "standing"]),
        ],
    ),
    (
        "561720",
        "Building Services",
        WorkEnvironment.OFFICE,
        [
            ("37-2011", "Custodian", 17, 20, ["standing", "climbing"]),
        ],
    ),
    (
        "445110",
        "Market",
        WorkEnvironment.RETAIL,
        [
            ("41-2011", "Cashier", 16, 18, ["standing"]),
            ("53-7064", "Stock and packing clerk", 16, 19, ["lifting"]),
        ],
    ),
    (
        "311812",
        "Bakery",
        WorkEnvironment.KITCHEN,
        [
            ("51-3011", "Baker", 17, 21, ["standing", "repetitive"]),
        ],
    ),
    (
        "621610",
        "Home Care",
        WorkEnvironment.HEALTHCARE,
        [
            ("31-1122", "Personal care aide", 17, 19, ["lifting"]),
        ],
    ),
    (
        "238220",
        "Mechanical",
        WorkEnvironment.CONSTRUCTION,
        [
            ("49-9021", "HVAC apprentice", 20, 26, ["lifting", "climbing", "outdoor"]),
        ],
    ),
    (
        "561612",
        "Security",
        WorkEnvironment.OFFICE,
        [
            ("33-9032", "Security officer", 17, 21, ["standing"]),
        ],
    ),
    (
        "721110",
        "Hotel",
        WorkEnvironment.RETAIL,
        [
            ("37-2012", "Room attendant", 17, 20, ["repetitive", "standing"]),
            ("43-4081", "Front desk clerk", 17, 20, []),
        ],
    ),
    (
        "561422",
        "Contact Center",
        WorkEnvironment.OFFICE,
        [
            ("43-4051", "Customer service representative", 18, 22, []),
        ],
    ),
]
SKILLS_BY_SOC = {
    "35-2014": ["food safety", "knife skills"],
    "35-9021": ["food safety"],
    "53-7051": ["forklift"],
    "31-1131": ["CNA certification"],
    "51-3011": ["food safety"],
    "49-9021": ["OSHA 10"],
    "33-9032": ["security guard licence"],
    "43-4051": ["customer service", "computer basics"],
    "43-4081": ["customer service"],
}
PLACES = [
    "Pilsen",
    "Bronzeville",
    "Lakeside",
    "Midway",
    "Austin",
    "Calumet",
    "Englewood",
    "Humboldt",
    "Kedzie",
    "Pullman",
    "Hegewisch",
    "Archer",
    "Halsted",
    "Ashland",
    "Garfield",
    "Stony Island",
    "Chatham",
    "Roseland",
    "Little Village",
    "Back of the Yards",
]
SUFFIXES = ["", " Co.", " Group", " LLC", " Partners", " Inc."]
STREETS = [
    "S Kedzie Ave",
    "W Cermak Rd",
    "S Halsted St",
    "W 63rd St",
    "S Ashland Ave",
    "W North Ave",
    "E 79th St",
    "S Pulaski Rd",
    "W Madison St",
    "S Western Ave",
]
CONTACT_FIRST = [
    "Rosa",
    "James",
    "Maria",
    "Darnell",
    "Ewa",
    "Luis",
    "Tanya",
    "Kevin",
    "Ana",
    "Marcus",
    "Jasmine",
    "Tomasz",
    "Keisha",
    "Jorge",
    "Linh",
    "Andre",
]
CONTACT_LAST = [
    "Reyes",
    "Johnson",
    "Nowak",
    "Williams",
    "Garcia",
    "Brown",
    "Kowalski",
    "Jackson",
    "Hernandez",
    "Nguyen",
    "Davis",
    "Lopez",
    "Washington",
    "Kim",
]
ROLES = [
    "HR manager",
    "Store manager",
    "Recruiter",
    "Operations lead",
    "Owner",
    "Talent acquisition partner",
    "Kitchen manager",
    "Site supervisor",
]
SUMMARIES = {
    InteractionKind.CALL: [
        "Talked through hires from the program and how they are doing.",
        "Checked on open positions for the spring.",
        "Followed up on two candidates sent last week.",
    ],
    InteractionKind.EMAIL: ["Sent the quarterly impact summary.", "Shared three resumes."],
    InteractionKind.MEETING: ["Met the HR team about a hiring partnership."],
    InteractionKind.SITE_VISIT: ["Toured the site with two participants."],
    InteractionKind.EVENT: ["Employer joined the alumni panel."],
}
STAGE_WEIGHTS = [
    ("prospect", 30),
    ("contacted", 18),
    ("qualified", 12),
    ("nurturing", 12),
    ("active", 20),
    ("dormant", 6),
    ("poor_fit", 2),
]


@dataclass(frozen=True)
class EmployerSeedResult:
    employers: int
    contacts: int
    openings: int
    interactions: int


def _pick_stage(rng: random.Random) -> str:
    return rng.choices([s for s, _ in STAGE_WEIGHTS], [w for _, w in STAGE_WEIGHTS])[0]


def _shift_mask(rng: random.Random) -> int:
    days = [0, 1, 2, 3, 4] if rng.random() < 0.6 else rng.sample(range(7), 5)
    shift = rng.choices([0, 1, 2, 3], [3, 5, 3, 1])[0]
    mask = 0
    for day in days:
        mask |= 1 << (4 * day + shift)
    return mask


def employers_seed(
    *,
    organisation: Organisation,
    owners: list[User],
    employers: int,
    interactions: int,
    seed: int,
    today: date | None = None,
    chunk: int = 20_000,
) -> EmployerSeedResult:
    """Write ``employers`` employers and ``interactions`` interactions for an organisation."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    zips = list(ZipCode.objects.order_by("zip").values_list("zip", "community_area_id"))
    now = timezone.now()
    counts = {"contacts": 0, "openings": 0}
    with transaction.atomic():
        employer_id = next_id(Employer)
        contact_id = next_id(Contact)
        first_employer = employer_id
        already = Employer.objects.filter(organisation=organisation).count()
        employer_rows, location_rows, contact_rows, signal_rows = [], [], [], []
        stage_rows, opening_rows = [], []
        contacts_of: dict[int, list[int]] = {}
        used_names: set[str] = set()
        for n in range(employers):
            naics, word, environment, jobs = rng.choice(INDUSTRIES)
            name = f"{rng.choice(PLACES)} {word}{rng.choice(SUFFIXES)}"
            if name in used_names:
                name = f"{name} ({rng.choice(STREETS).split()[-2]} {n + 1})"
            used_names.add(name)
            stage = _pick_stage(rng)
            owner = rng.choice(owners)
            added = today - timedelta(days=rng.randint(30, 900))
            incentives = [i for i in Incentive.values if rng.random() < 0.2]
            employer_rows.append(
                (
                    employer_id,
                    organisation.pk,
                    f"EMP-{already + n + 1:05d}",
                    name,
                    naics,
                    rng.choice(["1_9", "10_49", "50_249", "250_999", "1000_plus"]),
                    "",
                    stage,
                    "strategic" if rng.random() < 0.15 else "standard",
                    owner.pk,
                    json.dumps(incentives),
                    "",
                    None,
                    None,
                    "",
                    datetime.combine(added, time(9), tzinfo=now.tzinfo),
                    now,
                )
            )
            zip_code, area = rng.choice(zips)
            location_rows.append(
                (
                    employer_id,
                    "Main site",
                    f"{rng.randint(100, 9999)} {rng.choice(STREETS)}",
                    zip_code,
                    area,
                )
            )
            contacts_of[employer_id] = []
            for c in range(rng.randint(1, 3)):
                first, last = rng.choice(CONTACT_FIRST), rng.choice(CONTACT_LAST)
                contact_rows.append(
                    (
                        contact_id,
                        employer_id,
                        f"C-{already + n + 1:05d}-{c + 1}",
                        f"{first} {last}",
                        rng.choice(ROLES),
                        f"(773) 555-01{rng.randint(0, 99):02d}",
                        f"{first.lower()}.{last.lower()}{n}@example.com",
                        rng.choice(["email", "phone"]),
                        "es" if rng.random() < 0.2 else "en",
                        rng.random() < 0.05,
                        c == 0,
                    )
                )
                contacts_of[employer_id].append(contact_id)
                contact_id += 1
            if stage in ("active", "nurturing") and rng.random() < 0.6:
                signal_rows.append(
                    (
                        employer_id,
                        Signal.FAIR_CHANCE,
                        "Signed the city's fair-chance hiring pledge",
                        added,
                    )
                )
            if stage == "active":
                signal_rows.append(
                    (employer_id, Signal.PARTNER, "Hired from the program in the last year", added)
                )
            path = PIPELINE[: PIPELINE.index(stage) + 1] if stage in PIPELINE else [stage]
            day = added
            previous = ""
            for step in path:
                stage_rows.append((employer_id, previous, step, day, "", owner.pk))
                previous = step
                day = min(today, day + timedelta(days=rng.randint(10, 60)))
            if stage in ("active", "nurturing", "qualified"):
                for _ in range(rng.randint(0, 3)):
                    soc, title, low, high, demands = rng.choice(jobs)
                    wage = Decimal(rng.randint(low * 4, high * 4)) / 4
                    posted = today - timedelta(days=rng.randint(0, 60))
                    opening_rows.append(
                        (
                            organisation.pk,
                            employer_id,
                            "",
                            title,
                            soc,
                            wage,
                            rng.choice([24, 30, 32, 36, 40, 40, 40]),
                            _shift_mask(rng),
                            rng.random() < 0.7,
                            rng.random() < 0.5,
                            rng.random() < 0.5,
                            rng.random() < 0.3,
                            "Promotion to lead after six months" if rng.random() < 0.4 else "",
                            json.dumps(demands),
                            json.dumps(SKILLS_BY_SOC.get(soc, [])),
                            environment,
                            zip_code,
                            area,
                            rng.choice(TransitAccess.values),
                            rng.random() < 0.4,
                            rng.randint(1, 5),
                            "open",
                            posted,
                            None,
                            now,
                            now,
                        )
                    )
            employer_id += 1
        bulk_insert(
            Employer,
            [
                "id",
                "organisation",
                "external_id",
                "name",
                "naics_code",
                "size_band",
                "website",
                "stage",
                "tier",
                "owner",
                "incentives",
                "notes",
                "last_contact_on",
                "next_follow_up_on",
                "next_follow_up_kind",
                "created_at",
                "updated_at",
            ],
            employer_rows,
        )
        bulk_insert(
            Location, ["employer", "label", "address", "zip_code", "community_area"], location_rows
        )
        counts["contacts"] = bulk_insert(
            Contact,
            [
                "id",
                "employer",
                "external_id",
                "name",
                "role",
                "phone",
                "email",
                "preferred_channel",
                "preferred_language",
                "email_opt_out",
                "is_primary",
            ],
            contact_rows,
        )
        bulk_insert(EmployerSignal, ["employer", "kind", "evidence", "noted_on"], signal_rows)
        bulk_insert(
            StageChange,
            ["employer", "from_stage", "to_stage", "changed_on", "reason", "by"],
            stage_rows,
        )
        counts["openings"] = bulk_insert(
            JobOpening,
            [
                "organisation",
                "employer",
                "external_id",
                "title",
                "occupation",
                "hourly_wage",
                "hours_per_week",
                "shifts",
                "schedule_stable",
                "health_insurance",
                "paid_leave",
                "retirement",
                "career_pathway",
                "physical_demands",
                "required_skills",
                "work_environment",
                "zip_code",
                "community_area",
                "transit_access",
                "fair_chance",
                "positions",
                "status",
                "posted_on",
                "closes_on",
                "created_at",
                "updated_at",
            ],
            opening_rows,
        )

        # Interactions: most concern one employer, some several; the last one per employer
        # sets its last contact.
        interaction_id = next_id(Interaction)
        through = Interaction.employers.through
        contact_through = Interaction.contacts.through
        ids = list(range(first_employer, employer_id))
        kinds = list(SUMMARIES)
        outcomes = Outcome.values
        last_contact: dict[int, date] = {}
        for start in range(0, interactions, chunk):
            rows, links, contact_links = [], [], []
            for _ in range(start, min(interactions, start + chunk)):
                kind = rng.choices(kinds, [60, 20, 10, 6, 4])[0]
                day = today - timedelta(days=int(rng.expovariate(1 / 120)) % 720)
                about = [rng.choice(ids)]
                if rng.random() < 0.05:
                    about.append(rng.choice(ids))
                owner = rng.choice(owners)
                rows.append(
                    (
                        interaction_id,
                        organisation.pk,
                        kind,
                        day,
                        rng.choice(SUMMARIES[kind]),
                        rng.choice(outcomes),
                        "",
                        None,
                        owner.pk,
                        now,
                    )
                )
                links.extend((interaction_id, e) for e in set(about))
                for e in about:
                    if last_contact.get(e) is None or last_contact[e] < day:
                        last_contact[e] = day
                if contacts_of[about[0]] and rng.random() < 0.7:
                    contact_links.append((interaction_id, rng.choice(contacts_of[about[0]])))
                interaction_id += 1
            bulk_insert(
                Interaction,
                [
                    "id",
                    "organisation",
                    "kind",
                    "occurred_on",
                    "summary",
                    "outcome",
                    "next_step",
                    "next_step_on",
                    "by",
                    "created_at",
                ],
                rows,
            )
            bulk_insert(through, ["interaction", "employer"], links)
            bulk_insert(contact_through, ["interaction", "contact"], contact_links)
        reset_sequences(Employer, Contact, Interaction)
        # Each employer's last contact, set with one UPDATE per date rather than a
        # correlated subquery over every interaction.
        by_day: dict[date, list[int]] = defaultdict(list)
        for employer_pk, day in last_contact.items():
            by_day[day].append(employer_pk)
        for day, employer_pks in by_day.items():
            for at in range(0, len(employer_pks), 5000):
                Employer.objects.filter(pk__in=employer_pks[at : at + 5000]).update(
                    last_contact_on=day
                )
        follow_ups_refresh(organisation, ids)
    return EmployerSeedResult(employers, counts["contacts"], counts["openings"], interactions)


def placements_seed(
    *, organisation: Organisation, by: User, seed: int, count: int, today: date | None = None
) -> int:
    """Hire some demo participants at the active partners, through the placement service
    (so each hire has its retention checks); a few of the older ones have since ended."""
    from workbridge.people.models import Participant
    from workbridge.placements.services import placement_end, placement_record

    today = today or timezone.localdate()
    rng = random.Random(seed)
    employers = list(Employer.objects.filter(organisation=organisation, stage="active"))
    people = list(Participant.objects.filter(organisation=organisation).order_by("id")[: count * 3])
    if not employers or not people:
        return 0
    made = 0
    for participant in rng.sample(people, min(count, len(people))):
        employer = rng.choice(employers)
        opening = employer.openings.first()
        started = today - timedelta(days=rng.randint(5, 400))
        wage = (
            opening.hourly_wage if opening else Decimal(rng.randint(64, 92)) / 4  # $16.00–$23.00
        )
        placement = placement_record(
            participant=participant,
            employer=employer,
            opening=None,
            started_on=started,
            hourly_wage=wage,
            hours_per_week=rng.choice([30, 32, 36, 40]),
            prior_hourly_wage=wage - Decimal(rng.randint(0, 16)) / 4,
            job_title=opening.title if opening else "Associate",
            by=by,
        )
        if (today - started).days > 60 and rng.random() < 0.25:
            placement_end(
                placement=placement,
                by=by,
                ended_on=started + timedelta(days=rng.randint(10, (today - started).days)),
                end_reason=rng.choice(["quit", "let_go", "laid_off"]),
                loss_factors=rng.sample(["attendance", "transportation", "childcare"], 1),
            )
        made += 1
    return made


# The two partners that hire steadily from the program, so that their community impact
# reports (and the program's dashboard) show figures rather than hidden cells: hires a
# quarter for five quarters, and the share of them drawn from the priority communities.
ANCHOR_HIRES_A_QUARTER = (60, 30)
ANCHOR_PRIORITY_SHARE = (0.45, 0.3)


def anchor_hires_seed(
    *, organisation: Organisation, by: User, seed: int, today: date | None = None
) -> int:
    """Hire steadily at the two active partners with most openings: Chicago residents
    (some since gone from the program), many from the priority communities, over the last
    five quarters, through the placement service. Past checks are answered as a job
    developer would have (most still there, some with a raise); about a quarter of the
    jobs end, a few within 90 days."""
    from workbridge.demo.impact import PRIORITY_AREAS
    from workbridge.people.models import Participant
    from workbridge.placements.models import RetentionCheck
    from workbridge.placements.services import placement_end, placement_record

    today = today or timezone.localdate()
    rng = random.Random(seed * 7 + 1)
    anchors = list(
        Employer.objects.filter(organisation=organisation, stage="active")
        .annotate(n=Count("openings"))
        .order_by("-n", "pk")[: len(ANCHOR_HIRES_A_QUARTER)]
    )
    free = list(
        Participant.objects.filter(
            organisation=organisation, community_area__isnull=False, placements__isnull=True
        )
        .order_by("id")
        .values_list("pk", "community_area_id")
    )
    rng.shuffle(free)
    free = free[: len(free) * 3 // 5]  # leave people for the referrals and the caseloads
    priority = [pk for pk, area in free if area in PRIORITY_AREAS]
    elsewhere = [pk for pk, area in free if area not in PRIORITY_AREAS]
    people = {p.pk: p for p in Participant.objects.filter(pk__in=priority + elsewhere)}
    made = 0
    answered: list[RetentionCheck] = []
    plan = zip(anchors, ANCHOR_HIRES_A_QUARTER, ANCHOR_PRIORITY_SHARE, strict=False)
    for employer, per_quarter, priority_share in plan:
        opening = employer.openings.order_by("pk").first()
        base = opening.hourly_wage if opening else Decimal(19)
        for _n in range(per_quarter * 5):
            pool = priority if priority and rng.random() < priority_share else elsewhere
            pool = pool or priority
            if not pool:
                break
            participant = people[pool.pop()]
            started = today - timedelta(days=rng.randint(5, 5 * 91))
            # Half of them at or above the living wage of a single adult.
            wage = max(base, DEMO_LIVING_WAGE) if rng.random() < 0.5 else base
            wage += Decimal(rng.randint(0, 8)) / 4
            placement = placement_record(
                participant=participant,
                employer=employer,
                started_on=started,
                hourly_wage=wage,
                hours_per_week=rng.choice([32, 36, 40, 40]),
                health_insurance=rng.random() < 0.75,
                prior_hourly_wage=wage - Decimal(rng.randint(4, 20)) / 4
                if rng.random() < 0.8
                else None,
                job_title=opening.title if opening else "Associate",
                by=by,
            )
            made += 1
            worked = (today - started).days
            ended = None
            draw = rng.random()
            if draw < 0.2 and worked > 60:
                ended = started + timedelta(days=rng.randint(31, min(89, worked - 1)))
            elif draw < 0.3 and worked > 200:
                ended = started + timedelta(days=rng.randint(120, worked - 1))
            if ended is not None:
                placement_end(
                    placement=placement,
                    by=by,
                    ended_on=ended,
                    end_reason=rng.choice(["quit", "let_go"]),
                    loss_factors=rng.sample(["attendance", "transportation", "childcare"], 1),
                )
            # The checks already due, answered (a demo shortcut past the check form).
            for check in placement.checks.filter(due_on__lte=today, done_on__isnull=True):
                check.done_on = min(today, check.due_on + timedelta(days=rng.randint(0, 6)))
                check.still_employed = "yes"
                raise_ = Decimal(rng.choice([0, 0, 25, 50, 100])) / 100
                check.current_wage = wage + (raise_ if check.checkpoint >= 180 else 0)
                answered.append(check)
    RetentionCheck.objects.bulk_update(answered, ["done_on", "still_employed", "current_wage"])
    return made


def _partners(organisation: Organisation, at_least: int) -> list[Employer]:
    """The active partners, and when there are fewer than ``at_least``, those being nurtured."""
    active = list(Employer.objects.filter(organisation=organisation, stage="active").order_by("id"))
    if len(active) >= at_least:
        return active
    return active + list(
        Employer.objects.filter(organisation=organisation, stage="nurturing").order_by("id")
    )


def meetings_seed(
    *, organisation: Organisation, by: User, seed: int, count: int = 3, today: date | None = None
) -> int:
    """For a few active partners, the last semi-annual review (minutes and action items)
    and the next one in the coming weeks, organised by ``by``."""
    from workbridge.employers.services import (
        action_item_add,
        action_item_set_done,
        meeting_minutes_record,
        meeting_schedule,
    )

    today = today or timezone.localdate()
    rng = random.Random(seed)
    partners = _partners(organisation, count)
    chosen = rng.sample(partners, min(count, len(partners)))
    zone = timezone.get_current_timezone()
    for employer in chosen:
        past = today - timedelta(days=rng.randint(150, 175))
        starts = datetime.combine(past, time(rng.choice([10, 14])), tzinfo=zone)
        meeting = meeting_schedule(
            by=by,
            employers=[employer],
            title=f"Semi-annual review with {employer.name}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place=employer.locations.first().address if employer.locations.exists() else "",
        )
        meeting_minutes_record(
            meeting=meeting,
            by=by,
            minutes=(
                "Went through hires, 90-day retention and wages since the last review. "
                "They want more candidates for weekend shifts and offered a site tour."
            ),
        )
        tour = action_item_add(
            by=by,
            description="Set up a site tour for the next cohort",
            owner=by,
            due_on=past + timedelta(days=30),
            employer=employer,
            meeting=meeting,
        )
        action_item_set_done(item=tour, by=by, done_on=past + timedelta(days=rng.randint(7, 28)))
        action_item_add(
            by=by,
            description="Send three candidates for weekend shifts",
            owner=by,
            due_on=today + timedelta(days=rng.randint(3, 14)),
            employer=employer,
            meeting=meeting,
        )
        upcoming = today + timedelta(days=rng.randint(7, 35))
        starts = datetime.combine(upcoming, time(rng.choice([10, 14])), tzinfo=zone)
        meeting_schedule(
            by=by,
            employers=[employer],
            title=f"Semi-annual review with {employer.name}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place=meeting.place,
        )
    return len(chosen) * 2


# (name, English subject and body, Spanish subject and body)
DEMO_TEMPLATES = (
    (
        "Follow-up after a hire",
        "Checking in on our hires at {{ employer_name }}",
        "Dear {{ contact_name }},\n\nThank you for hiring from {{ organisation_name }}. "
        "How are they settling in? We are glad to help with anything that would help them "
        "stay, from transit to childcare.\n\nWe also have {{ ready_participants }} "
        "participants preparing for work like yours.",
        "Seguimiento de nuestras contrataciones en {{ employer_name }}",
        "Estimado/a {{ contact_name }}:\n\nGracias por contratar a participantes de "
        "{{ organisation_name }}. ¿Cómo se están adaptando? Podemos ayudar con lo que les "
        "ayude a quedarse, desde el transporte hasta el cuidado infantil.\n\nTambién "
        "tenemos {{ ready_participants }} participantes preparándose para trabajos como "
        "los suyos.",
    ),
    (
        "Community impact summary",
        "Your community impact with {{ organisation_name }}",
        "Dear {{ contact_name }},\n\nIn the last 12 months {{ employer_name }} hired "
        "{{ hires }} people from our program ({{ hires_in_chicago }} of them from Chicago's "
        "community areas, {{ hires_near_site }} living near your site), at an average "
        "starting wage of ${{ average_wage }} an hour; {{ retained_90_days }} stayed at "
        "least 90 days.\n\nOpen jobs with us: {{ open_jobs }}.\nUpcoming reviews: "
        "{{ upcoming_events }}.\n\nWays to stay involved: {{ ways_to_engage }}.",
        "Su impacto en la comunidad con {{ organisation_name }}",
        "Estimado/a {{ contact_name }}:\n\nEn los últimos 12 meses {{ employer_name }} "
        "contrató a {{ hires }} personas de nuestro programa ({{ hires_in_chicago }} de las "
        "áreas comunitarias de Chicago, {{ hires_near_site }} cerca de su sede), con un "
        "salario inicial promedio de ${{ average_wage }} por hora; {{ retained_90_days }} "
        "se quedaron al menos 90 días.\n\nEmpleos abiertos con nosotros: {{ open_jobs }}."
        "\nPróximas reuniones: {{ upcoming_events }}.\n\nFormas de participar: "
        "{{ ways_to_engage }}.",
    ),
    (
        "Hiring event invitation",
        "Meet our job seekers: hiring event for {{ employer_name }}",
        "Dear {{ contact_name }},\n\n{{ organisation_name }} is holding a hiring event "
        "next month. Bring your open positions ({{ open_positions }} with us now) and meet "
        "participants who are ready to start. Reply to this message to reserve a table.",
        "Conozca a nuestros candidatos: evento de contratación para {{ employer_name }}",
        "Estimado/a {{ contact_name }}:\n\n{{ organisation_name }} organiza un evento de "
        "contratación el próximo mes. Traiga sus vacantes ({{ open_positions }} con nosotros "
        "ahora) y conozca a participantes listos para empezar. Responda a este mensaje "
        "para reservar una mesa.",
    ),
)


def _kept_in_demo(message: object) -> None:
    """The demo's messages are fiction: they stay on the history and reach nobody."""


def messages_seed(*, organisation: Organisation, by: User, seed: int, today: date) -> int:
    """Message templates in English and Spanish, and bulk sends of two of them that have
    finished, each contact's message on its employer's history (none is mailed)."""
    from workbridge.employers.communications import bulk_send_start, message_template_save
    from workbridge.employers.messages import bulk_send_process
    from workbridge.employers.services import contact_add, contact_update

    rng = random.Random(seed)
    templates = [
        message_template_save(
            by=by,
            data={
                "name": name,
                "subject_en": subject_en,
                "body_en": body_en,
                "subject_es": subject_es,
                "body_es": body_es,
            },
        )
        for name, subject_en, body_en, subject_es, body_es in DEMO_TEMPLATES
    ]
    partners = _partners(organisation, 6)
    sends = 0
    for template, size in ((templates[1], 6), (templates[2], 4)):
        chosen = rng.sample(partners, min(size, len(partners)))
        if not chosen:
            break
        if sends == 0:
            # So the send shows every outcome: one contact has no e-mail address, and
            # one has asked for no more e-mail.
            contact_add(
                employer=chosen[0],
                by=by,
                data={
                    "name": "Luis Ortega",
                    "role": "Site supervisor",
                    "phone": "(773) 555-0142",
                    "preferred_channel": "phone",
                    "preferred_language": "es",
                },
            )
            asked = Contact.objects.filter(employer=chosen[-1], email_opt_out=False).first()
            if asked is not None:
                contact_update(contact=asked, by=by, data={"email_opt_out": True})
        bulk = bulk_send_start(by=by, template=template, employers=chosen)
        bulk_send_process(bulk, today=today, deliver=_kept_in_demo)
        sends += 1
    return sends


DEMO_LIVING_WAGE = Decimal("25.00")
# Demo figures for every household type, shaped like the living wage calculator's Cook
# County table (a single parent needs about twice a single adult's wage; each of two
# working adults less), so that matching's household-aware job quality shows.
DEMO_LIVING_WAGES = {
    "1a0c": DEMO_LIVING_WAGE,
    "1a1c": Decimal("46.00"),
    "1a2c": Decimal("59.00"),
    "1a3c": Decimal("76.00"),
    "2a1w0c": Decimal("36.00"),
    "2a1w1c": Decimal("44.00"),
    "2a1w2c": Decimal("50.00"),
    "2a1w3c": Decimal("56.00"),
    "2a2w0c": Decimal("18.00"),
    "2a2w1c": Decimal("25.50"),
    "2a2w2c": Decimal("31.00"),
    "2a2w3c": Decimal("36.00"),
}
DEMO_LIVING_WAGE_SOURCE = (
    "Demo figure, not a published one: replace it with the current living wage for "
    "Cook County from a source your organisation trusts."
)


def seed_employers(*, employers: int, seed: int) -> dict[str, int]:
    """Employers, their history and some placements for each demo organisation."""
    from workbridge.accounts.models import Role
    from workbridge.jobs.models import LivingWage

    today = timezone.localdate()
    for household_type, wage in DEMO_LIVING_WAGES.items():
        LivingWage.objects.get_or_create(
            area="Cook County, IL",
            year=today.year,
            household_type=household_type,
            defaults={"hourly_wage": wage, "source": DEMO_LIVING_WAGE_SOURCE},
        )
    from workbridge.demo.people import DEMO_LOGINS
    from workbridge.demo.placements import referrals_seed

    demo_staff = [login.username for login in DEMO_LOGINS if login.role == Role.STAFF]
    totals = {
        "employers": 0,
        "interactions": 0,
        "placements": 0,
        "referrals": 0,
        "meetings": 0,
        "bulk_sends": 0,
    }
    for n, organisation in enumerate(Organisation.objects.order_by("pk")):
        staff = list(
            User.objects.filter(
                membership__organisation=organisation, membership__role=Role.STAFF
            ).order_by("pk")[:12]
        )
        if not staff:
            continue
        made = employers_seed(
            organisation=organisation,
            owners=staff,
            employers=employers,
            interactions=employers * 15,
            seed=seed + n,
            today=today,
        )
        totals["employers"] += made.employers
        totals["interactions"] += made.interactions
        totals["placements"] += placements_seed(
            organisation=organisation,
            by=staff[0],
            seed=seed + n,
            count=max(5, employers // 2),
            today=today,
        )
        if n == 0:
            totals["placements"] += anchor_hires_seed(
                organisation=organisation, by=staff[0], seed=seed, today=today
            )
        # The organisation's demo job developer shows referrals, reviews and messages.
        coach = next((u for u in staff if u.username in demo_staff), staff[0])
        totals["referrals"] += referrals_seed(
            organisation=organisation, by=coach, seed=seed + n, today=today
        )
        totals["meetings"] += meetings_seed(
            organisation=organisation, by=coach, seed=seed + n, today=today
        )
        totals["bulk_sends"] += messages_seed(
            organisation=organisation, by=coach, seed=seed + n, today=today
        )
    return totals
