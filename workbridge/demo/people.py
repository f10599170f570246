"""Demo data: fictional but plausible Chicago participants, the same for the same seed.

Everything here is invented. Names are drawn from lists of common US and Chicago names
across backgrounds, phone numbers are in the 555-0100…555-0199 block reserved for
fiction, e-mail addresses are at example.org, and employers are made up. ZIP codes and
their community areas are the real ones shipped in ``people/data``, and career goals use
real SOC 2018 codes.

The same seed gives the same people (names, ZIPs, household, history, in the same order);
dates are placed relative to ``today`` so that a demo always looks current.

Speed matters here because the benchmarks seed 200,000 participants: rows are generated
as plain tuples in chunks and written with one multi-row statement per table and chunk
(``COPY`` on PostgreSQL, ``executemany`` elsewhere), inside one transaction, with no
per-row validation and no per-row audit events. The rules that services keep for single
writes are kept here by construction: the community area comes from the ZIP, the EEO
category from the race and ethnicity answers, milestones from the organisation's
template, and ``last_contact_on``, ``last_assessed_on`` and ``next_milestone_due_on``
from the rows written beside them.
"""

import json
import math
import os
import random
import time
import unicodedata
from bisect import bisect
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from workbridge.accounts.models import AuditAction, Membership, Organisation, Role, User
from workbridge.accounts.services import audit_record, user_create
from workbridge.bulk import bulk_insert, next_id, refresh_statistics, reset_sequences
from workbridge.core.demographics import eeo_category
from workbridge.people import choices as c
from workbridge.people.models import (
    Assessment,
    AssessmentAnswer,
    CareerGoal,
    CaseNote,
    Certification,
    Demographics,
    Milestone,
    Participant,
    Skill,
    SupportGiven,
    WorkHistory,
)
from workbridge.people.reference import read_table
from workbridge.people.services import instrument_for, milestone_template_for, readiness_score

DEFAULT_PASSWORD = "workbridge-demo"  # noqa: S105 (documented, for the local demo only)
SOUTHSIDE = ("southside", "Southside Works")
NORTHSIDE = ("northside", "Northside Jobs")
# Share of participants at the first organisation; the rest go to the second.
SOUTHSIDE_SHARE = 0.6
# About this many participants (active and exited) per case manager.
PARTICIPANTS_PER_STAFF = 110
# Participants generated and written at a time: bounds memory at any scale.
CHUNK = 10_000


def demo_password() -> str:
    """The one password of every demo login: DEMO_PASSWORD, or the documented default."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    organisation: str  # slug
    first_name: str
    last_name: str
    can: Promise


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        "admin",
        Role.ADMIN,
        SOUTHSIDE[0],
        "Dana",
        "Whitfield",
        _(
            "Everything in the organisation: all participants and their demographics, "
            "program settings, the audit log, API tokens."
        ),
    ),
    DemoLogin(
        "director",
        Role.MANAGER,
        SOUTHSIDE[0],
        "Maria",
        "Delgado",
        _(
            "Everything the coach can, plus participants' demographics, program settings, "
            "matching suggestions and outcomes; no audit log."
        ),
    ),
    DemoLogin(
        "coach",
        Role.STAFF,
        SOUTHSIDE[0],
        "Alicia",
        "Johnson",
        _(
            "Their caseload and the organisation's participants, employers, follow-ups, "
            "openings, referrals and placements; never demographics. The demo gives them "
            "referrals at every step, review meetings past and coming, message templates "
            "with finished bulk sends, and an interview panel waiting for their scores."
        ),
    ),
    DemoLogin(
        "coach2",
        Role.STAFF,
        NORTHSIDE[0],
        "Bob",
        "Kowalski",
        _("The same at Northside Jobs: shows that nobody sees another organisation's people."),
    ),
    DemoLogin(
        "analyst",
        Role.ANALYST,
        SOUTHSIDE[0],
        "Ana",
        "Patel",
        _(
            "Hiring equity at Southside Works: imports applicant-flow files and reads three "
            "years of requisitions, adverse impact, the workforce and its benchmark, and "
            "coordinates the interview panels, one still being scored. Aggregate figures "
            "only; no participant's name or record."
        ),
    ),
    DemoLogin(
        "employer",
        Role.EMPLOYER,
        SOUTHSIDE[0],
        "Erin",
        "Walsh",
        _(
            "Their own employer's community impact reports as sent, the next review "
            "meeting and its action items, and the API for their own employer's figures; "
            "no page shows participants' records or other employers'."
        ),
    ),
)


# Names ----------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    """People of one background: names, the answers they tend to give, where they tend to live."""

    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    last: tuple[str, ...]
    race: tuple[str, ...]
    language: tuple[tuple[str, float], ...]  # (language, share) besides English
    zips: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    """Words of a list written on a few lines; an underscore joins a name of two words."""
    return tuple(word.replace("_", " ") for word in text.split())


POOLS: tuple[NamePool, ...] = (
    NamePool(
        "black",
        0.37,
        _split(
            "Aaliyah Aisha Angela Ashanti Ayanna Brianna Crystal Danielle Deja Destiny Ebony "
            "Erica Imani Janelle Jasmine Keisha Kiara Kimberly Latoya Monique Nia Precious "
            "Shanice Tamika Tanisha Tiara Tyra Zaria Denise Gloria Yolanda Tasha"
        ),
        _split(
            "Andre Anthony Antoine Brandon Cedric Corey Darius Darnell Demetrius Derrick "
            "DeShawn Dwayne Isaiah Jalen Jamal Jaylen Jermaine Jerome Kevin Lamar Malik Marcus "
            "Maurice Michael Reginald Terrell Tyrone Xavier Curtis Darryl Willie Quentin"
        ),
        _split(
            "Williams Johnson Smith Jones Brown Jackson Davis Thomas Harris Robinson Taylor "
            "Wilson Moore White Washington Jefferson Thompson Walker Lewis Green Hill Scott "
            "Young Allen King Wright Mitchell Carter Turner Coleman Bell Banks Brooks Simmons "
            "Hayes Butler Franklin Freeman Dixon Ellis Gaines Holmes Howard Hunter Jenkins "
            "Lawson Mack Pierce Reed Spencer Sims Tate Watkins Wade Wallace Woods Gardner Garrett"
        ),
        (c.RaceEthnicity.BLACK,),
        (),
        _split(
            "60619 60620 60621 60624 60628 60636 60637 60644 60649 60651 60653 60617 60643 "
            "60827 60609 60612 60615 60707 60616"
        ),
    ),
    NamePool(
        "hispanic",
        0.33,
        _split(
            "María Guadalupe Juana Rosa Ana Leticia Verónica Alejandra Daniela Gabriela "
            "Yesenia Araceli Marisol Lorena Adriana Sofía Valeria Jessica Karla Brenda "
            "Esmeralda Itzel Ximena Mónica Beatriz Claudia Elena Maricela Luz Diana"
        ),
        _split(
            "José Juan Luis Carlos Jesús Miguel Alejandro Francisco Antonio Javier Jorge "
            "Ricardo Eduardo Fernando Roberto Manuel Óscar Sergio Daniel Adrián Ángel Diego "
            "Raúl Arturo Héctor Pedro Rafael Víctor Rubén Alberto"
        ),
        _split(
            "García Rodríguez Martínez Hernández López González Pérez Sánchez Ramírez Torres "
            "Flores Rivera Gómez Díaz Reyes Cruz Morales Ortiz Gutiérrez Chávez Ramos Ruiz "
            "Álvarez Mendoza Castillo Jiménez Vásquez Romero Herrera Medina Aguilar Vargas "
            "Castro Guzmán Salazar Soto Delgado Contreras Estrada Núñez Muñoz Peña Ibarra "
            "Navarro Cervantes Villarreal Espinoza Maldonado Galván Garza"
        ),
        (c.RaceEthnicity.HISPANIC,),
        ((c.Language.SPANISH, 0.75),),
        _split(
            "60623 60608 60632 60629 60609 60639 60647 60651 60618 60617 60638 60641 60622 "
            "60634 60652"
        ),
    ),
    NamePool(
        "polish",
        0.06,
        _split(
            "Anna Katarzyna Magdalena Agnieszka Joanna Małgorzata Ewa Barbara Natalia "
            "Aleksandra Monika Dorota Karolina Olena Iryna"
        ),
        _split(
            "Piotr Tomasz Krzysztof Paweł Michał Jakub Marek Andrzej Łukasz Grzegorz Adam "
            "Wojciech Dmytro Oleksandr Mateusz"
        ),
        _split(
            "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński "
            "Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski "
            "Grabowski Pawłowski Michalski Nowakowski Shevchenko Kovalenko Bondarenko"
        ),
        (c.RaceEthnicity.WHITE,),
        ((c.Language.POLISH, 0.35),),
        _split("60630 60634 60638 60641 60656 60631 60646 60618 60652 60655"),
    ),
    NamePool(
        "white",
        0.10,
        _split(
            "Sarah Emily Megan Jennifer Amanda Nicole Rachel Laura Heather Kelly Erin Colleen "
            "Kathleen Amy Melissa Stephanie Rebecca Christina Tracy Shannon"
        ),
        _split(
            "Kevin Brian Patrick Sean Ryan Matthew Joseph Daniel Robert James John Anthony "
            "Nicholas Christopher Michael Thomas Eric Timothy Steven Jeffrey"
        ),
        _split(
            "Murphy O'Brien Sullivan Kelly Ryan Walsh McCarthy Byrne Russo Romano Esposito "
            "Rizzo Bianchi Schmidt Mueller Schneider Fischer Weber Meyer Anderson Peterson "
            "Olson Miller Nelson Johnson Hansen Larson Papadopoulos Novak Horvath Petrov"
        ),
        (c.RaceEthnicity.WHITE,),
        (),
        _split(
            "60613 60614 60657 60625 60640 60618 60622 60647 60655 60643 60631 60610 60626 "
            "60660 60638"
        ),
    ),
    NamePool(
        "chinese",
        0.025,
        _split("Mei Ying Jia Xiu Li Hui Grace Jenny Amy Lily"),
        _split("Wei Jun Hao Ming Jian Tao David Kevin Eric Jason"),
        _split("Chen Wang Li Zhang Liu Huang Lin Wu Zhou Zhao Yang Wong Lee Chan"),
        (c.RaceEthnicity.ASIAN,),
        ((c.Language.CHINESE, 0.4),),
        _split("60616 60609 60608 60640 60625 60645"),
    ),
    NamePool(
        "korean",
        0.01,
        _split("Min-ji Soo-jin Ji-woo Eun-ji Hye-jin Grace Esther"),
        _split("Min-jun Joon Hyun-woo Sung-min Jae-hyun Daniel Paul"),
        _split("Kim Lee Park Choi Jung Kang Cho Yoon"),
        (c.RaceEthnicity.ASIAN,),
        ((c.Language.OTHER, 0.3),),
        _split("60625 60659 60645 60618"),
    ),
    NamePool(
        "filipino",
        0.015,
        _split("Maria Angelica Kristine Joy Marites Rowena Jasmine Cherry"),
        _split("Jose Mark Paolo Rommel Jerome Ramon Carlo Christian"),
        _split(
            "Santos Reyes Bautista Dela_Cruz Mendoza Villanueva Ramos Aquino Castillo Tolentino"
        ),
        (c.RaceEthnicity.ASIAN,),
        (),
        _split("60625 60640 60659 60645 60630"),
    ),
    NamePool(
        "vietnamese",
        0.01,
        _split("Linh Thao Mai Lan Huong Ngoc Trang"),
        _split("Minh Duc Tuan Huy Long Nam Quang"),
        _split("Nguyen Tran Le Pham Hoang Phan Vu Dang"),
        (c.RaceEthnicity.ASIAN,),
        ((c.Language.OTHER, 0.35),),
        _split("60640 60660 60626"),
    ),
    NamePool(
        "south_asian",
        0.02,
        _split("Priya Anjali Pooja Sana Ayesha Fatima Neha Meera"),
        _split("Raj Arjun Vikram Sanjay Imran Amit Rahul Faisal"),
        _split("Patel Shah Singh Kumar Desai Khan Ahmed Mehta Chaudhry Iqbal"),
        (c.RaceEthnicity.ASIAN,),
        ((c.Language.OTHER, 0.2),),
        _split("60645 60659 60626 60660"),
    ),
    NamePool(
        "arab",
        0.03,
        _split("Fatima Aisha Layla Noor Mariam Rana Yasmin Huda Salma Rania"),
        _split("Mohammed Ahmed Omar Ali Hassan Khalid Youssef Ibrahim Tariq Samir"),
        _split("Haddad Khalil Hassan Ali Abdullah Nasser Saleh Mansour Farah Yousef Odeh Awad"),
        (c.RaceEthnicity.MENA,),
        ((c.Language.ARABIC, 0.35),),
        _split("60629 60652 60638 60645 60659 60625"),
    ),
)

NICKNAMES = {
    "Anthony": "Tony",
    "Michael": "Mike",
    "Katarzyna": "Kasia",
    "Francisco": "Paco",
    "Guadalupe": "Lupe",
    "Jesús": "Chuy",
    "Alejandro": "Alex",
    "Roberto": "Beto",
    "Nicholas": "Nick",
    "Kimberly": "Kim",
    "Daniela": "Dani",
    "Jennifer": "Jen",
    "Małgorzata": "Gosia",
    "Aleksandra": "Ola",
    "Christopher": "Chris",
    "Mohammed": "Mo",
    "Min-jun": "Michael",
    "Wei": "David",
    "Demetrius": "Meech",
    "Reginald": "Reggie",
}


# What people work at and towards ---------------------------------------------

# (SOC code, job title as people say it, weight as a career goal)
OCCUPATIONS: tuple[tuple[str, str, float], ...] = (
    ("35-2014", "Line cook", 10),
    ("35-2021", "Prep cook", 6),
    ("35-3023", "Counter server", 4),
    ("53-7062", "Warehouse associate", 10),
    ("53-7065", "Stocker", 5),
    ("53-7051", "Forklift operator", 6),
    ("53-7064", "Packer", 3),
    ("43-4051", "Customer service representative", 8),
    ("43-9061", "Office clerk", 3),
    ("43-5071", "Shipping and receiving clerk", 3),
    ("31-1131", "Certified nursing assistant", 7),
    ("31-1122", "Home care aide", 4),
    ("31-9092", "Medical assistant", 3),
    ("49-9071", "Maintenance technician", 6),
    ("37-2011", "Custodian", 5),
    ("37-3011", "Landscaper", 2),
    ("47-2061", "Construction laborer", 5),
    ("53-3032", "CDL truck driver", 4),
    ("53-3033", "Delivery driver", 3),
    ("41-2031", "Retail sales associate", 4),
    ("41-2011", "Cashier", 2),
    ("51-9111", "Machine operator", 3),
    ("51-2092", "Assembler", 3),
    ("33-9032", "Security officer", 4),
    ("39-9011", "Childcare worker", 2),
    ("29-2052", "Pharmacy technician", 2),
    ("15-1232", "IT help desk technician", 2),
    ("51-4121", "Welder", 2),
)

EMPLOYERS = _split(
    "Lakeshore_Logistics Midway_Foods Pilsen_Bakery Calumet_Distribution Westside_Health_Partners "
    "Bridgeport_Builders Lakeview_Grocers Riverdale_Packaging Austin_Care_Services Kedzie_Auto "
    "Halsted_Hospitality Archer_Avenue_Market Cermak_Cold_Storage Roseland_Home_Care "
    "Southport_Cafe Pullman_Manufacturing Lawndale_Staffing Humboldt_Printing Garfield_Security "
    "Ashland_Metals Ogden_Cleaning_Co Irving_Park_Diner Wabash_Office_Services "
    "Stony_Island_Supply Clark_Street_Kitchen Damen_Deliveries Cicero_Commissary "
    "Englewood_Fresh_Market O'Hare_Ground_Services Burnham_Park_Concessions"
)

SKILLS = (
    "Food safety",
    "Knife skills",
    "Inventory counts",
    "Pallet jack",
    "RF scanner",
    "Customer service",
    "Cash handling",
    "Microsoft Word",
    "Microsoft Excel",
    "Data entry",
    "Typing (40 wpm)",
    "Patient care",
    "Vital signs",
    "Basic electrical",
    "Plumbing repair",
    "Power tools",
    "Floor care",
    "Blueprint reading",
    "Bilingual English/Spanish",
    "Conflict de-escalation",
    "Scheduling",
    "Phone etiquette",
    "Safe lifting",
    "Order picking",
    "Shipping paperwork",
    "Landscaping equipment",
    "Commercial driving",
    "Teamwork",
    "Time management",
    "Point-of-sale systems",
)

# (name, issuer, years valid or 0, weight)
CERTIFICATIONS: tuple[tuple[str, str, int, float], ...] = (
    ("ServSafe Food Handler", "National Restaurant Association", 3, 8),
    ("ServSafe Manager", "National Restaurant Association", 5, 2),
    ("Forklift operator", "City Colleges of Chicago", 3, 6),
    ("Certified Nursing Assistant (CNA)", "Illinois Department of Public Health", 0, 4),
    ("OSHA 10-Hour General Industry", "OSHA Outreach Training Program", 0, 6),
    ("OSHA 10-Hour Construction", "OSHA Outreach Training Program", 0, 3),
    ("CPR and First Aid", "American Red Cross", 2, 5),
    ("Permanent Employee Registration Card (security)", "Illinois IDFPR", 3, 2),
    ("CDL Class A", "Illinois Secretary of State", 4, 1),
)

CASE_NOTES = (
    "Checked in about the job search; updated the resume together.",
    "Talked through the upcoming interview and practised answers.",
    "Discussed transportation to the new site; gave a Ventra card.",
    "Reviewed the readiness check-in; participant feels more confident.",
    "Followed up on childcare; CCAP application submitted.",
    "Missed shift yesterday; talked about what got in the way.",
    "Celebrated a good week at the transitional job.",
    "Shared two openings that fit the career goal; participant will apply.",
    "Helped set up an e-mail account and job board profiles.",
    "Talked about the benefits change that a raise would bring.",
    "Planned the next steps toward the certification.",
    "Participant asked for help with a work conflict; made a plan.",
    "Left a voicemail; will try again later this week.",
    "Met after the peer group; talked about references.",
    "Reviewed the milestones that are coming up.",
)

RESUME_LINES = (
    "Dependable worker with {years} years of experience in {field}.",
    "Team player with {years} years in {field}; known for showing up on time.",
    "Hands-on experience in {field} ({years} years) and eager to keep learning.",
)

LOSS_REASONS = (
    (c.JobEndReason.QUIT, 3),
    (c.JobEndReason.LAID_OFF, 3),
    (c.JobEndReason.LET_GO, 3),
    (c.JobEndReason.ENDED, 3),
    (c.JobEndReason.OTHER, 1),
)
LOSS_FACTORS = (
    (c.JobLossFactor.ATTENDANCE, 3),
    (c.JobLossFactor.TRANSPORTATION, 4),
    (c.JobLossFactor.CHILDCARE, 3),
    (c.JobLossFactor.HEALTH, 2),
    (c.JobLossFactor.CONFLICT, 2),
    (c.JobLossFactor.SKILLS, 1),
    (c.JobLossFactor.OTHER, 1),
)
TRANSPORT = (
    (c.TransportMode.TRANSIT, 60),
    (c.TransportMode.CAR, 15),
    (c.TransportMode.RIDE, 12),
    (c.TransportMode.WALK, 8),
    (c.TransportMode.BIKE, 5),
)
AGE_BANDS = (
    (c.AgeBand.A18_24, 25),
    (c.AgeBand.A25_34, 30),
    (c.AgeBand.A35_44, 20),
    (c.AgeBand.A45_54, 14),
    (c.AgeBand.A55_64, 8),
    (c.AgeBand.A65_PLUS, 1),
    (c.AgeBand.PREFER_NOT, 2),
)
SUPPORTS = (
    (c.SupportKind.COMPUTER, 5),
    (c.SupportKind.CLOTHING, 4),
    (c.SupportKind.PAID_SEARCH, 3),
    (c.SupportKind.PEER_GROUP, 4),
    (c.SupportKind.ALUMNI_PANEL, 2),
    (c.SupportKind.MOCK_INTERVIEW, 4),
    (c.SupportKind.LMI_BRIEFING, 3),
    (c.SupportKind.OTHER, 1),
)
CONTACTS = (
    (c.ContactMethod.IN_PERSON, 5),
    (c.ContactMethod.PHONE, 4),
    (c.ContactMethod.TEXT, 4),
    (c.ContactMethod.EMAIL, 1),
    (c.ContactMethod.VIDEO, 1),
)


def _shift_mask(days: Sequence[int], shifts: Sequence[int]) -> int:
    return sum(1 << (4 * d + s) for d in days for s in shifts)


COMMUTES = (30, 45, 45, 60, 60, 75, 90)  # longest acceptable commute, minutes
WEEKDAYS = range(5)
# Typical availability: (mask, weight).
AVAILABILITY = (
    (_shift_mask(WEEKDAYS, (0, 1)), 30),
    (_shift_mask(WEEKDAYS, (1,)) | _shift_mask((5,), (0, 1)), 12),
    (_shift_mask(range(7), (2,)), 10),
    (_shift_mask(WEEKDAYS, (0, 1, 2)) | _shift_mask((5, 6), (1,)), 20),
    (_shift_mask(range(7), (3,)), 5),
    (_shift_mask(range(7), (0, 1, 2, 3)), 13),
    (_shift_mask((0, 1, 2), (0, 1)), 10),
)


class _Picker:
    """Weighted choice from a fixed list with one random() and a bisect."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]):
        # Choices become plain strings: they are written as they are.
        self.items = [str(p[0]) if isinstance(p[0], str) else p[0] for p in pairs]
        total = 0.0
        self.cum = []
        for _item, weight in pairs:
            total += weight
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


# Writing --------------------------------------------------------------------


def _columns(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PARTICIPANT_COLUMNS = _columns(
    "id organisation external_id first_name last_name preferred_name email phone "
    "preferred_language zip_code community_area enrolled_on planned_exit_on exited_on "
    "assigned_to resume_summary household_size children_ages benefits availability "
    "physical_limits transport_mode max_commute_minutes childcare_need min_hourly_wage "
    "needs_fair_chance preferred_environments exit_outcome last_contact_on last_assessed_on "
    "next_milestone_due_on created_at updated_at"
)
DEMOGRAPHIC_COLUMNS = _columns(
    "participant race_ethnicity race_ethnicity_detail race_prefer_not eeo_category sex "
    "veteran disability justice_involved age_band long_term_unemployed high_school_diploma "
    "updated_at"
)
MILESTONE_COLUMNS = _columns("participant title due_on done_on")
ASSESSMENT_COLUMNS = _columns("id participant instrument taken_on score notes recorded_by")
ANSWER_COLUMNS = _columns("assessment item value")
NOTE_COLUMNS = _columns("participant contact_on method note author created_at")
SUPPORT_COLUMNS = _columns("participant kind given_on notes given_by")
GOAL_COLUMNS = _columns("participant occupation notes is_primary")
HISTORY_COLUMNS = _columns(
    "participant employer_name job_title occupation started_on ended_on hourly_wage "
    "end_reason loss_factors duties"
)
SKILL_COLUMNS = _columns("participant name")
CERTIFICATION_COLUMNS = _columns("participant name issuer earned_on expires_on")

TABLES: tuple[tuple[str, type[Model], tuple[str, ...]], ...] = (
    ("participants", Participant, PARTICIPANT_COLUMNS),
    ("demographics", Demographics, DEMOGRAPHIC_COLUMNS),
    ("milestones", Milestone, MILESTONE_COLUMNS),
    ("assessments", Assessment, ASSESSMENT_COLUMNS),
    ("answers", AssessmentAnswer, ANSWER_COLUMNS),
    ("case_notes", CaseNote, NOTE_COLUMNS),
    ("supports", SupportGiven, SUPPORT_COLUMNS),
    ("career_goals", CareerGoal, GOAL_COLUMNS),
    ("work_history", WorkHistory, HISTORY_COLUMNS),
    ("skills", Skill, SKILL_COLUMNS),
    ("certifications", Certification, CERTIFICATION_COLUMNS),
)


@dataclass
class _Rows:
    participants: list[tuple] = field(default_factory=list)
    demographics: list[tuple] = field(default_factory=list)
    milestones: list[tuple] = field(default_factory=list)
    assessments: list[tuple] = field(default_factory=list)
    answers: list[tuple] = field(default_factory=list)
    case_notes: list[tuple] = field(default_factory=list)
    supports: list[tuple] = field(default_factory=list)
    career_goals: list[tuple] = field(default_factory=list)
    work_history: list[tuple] = field(default_factory=list)
    skills: list[tuple] = field(default_factory=list)
    certifications: list[tuple] = field(default_factory=list)

    def write(self, counts: dict[str, int]) -> None:
        for name, model, columns in TABLES:
            rows = getattr(self, name)
            bulk_insert(model, columns, rows)
            counts[name] = counts.get(name, 0) + len(rows)


@dataclass(frozen=True)
class OrganisationPlan:
    """What one organisation's participants are generated against."""

    organisation: Organisation
    prefix: str
    count: int
    first_number: int
    staff_ids: tuple[int, ...]
    staff_weights: tuple[float, ...]
    instrument_id: int
    items: tuple[tuple[int, bool], ...]  # (item id, reverse scored)
    steps: tuple[tuple[str, int], ...]  # (title, days before exit)


class _Generator:
    """Turns one random stream into participant rows; all dates are day ordinals."""

    def __init__(self, rng: random.Random, today: date, next_assessment_id: int):
        self.rng = rng
        self.next_assessment_id = next_assessment_id
        self.today = today.toordinal()
        zips = [
            (r["zip"], int(r["community_area_number"]))
            for r in read_table("zip_community_area.csv")
        ]
        self.area_of = dict(zips)
        self.all_zips = [z for z, _area in zips]
        self.pool = _Picker([(p, p.weight) for p in POOLS])
        self.pool_zips = {p.key: [z for z in p.zips if z in self.area_of] for p in POOLS}
        self.occupation = _Picker([((code, title), w) for code, title, w in OCCUPATIONS])
        self.certification = _Picker([(cert, cert[3]) for cert in CERTIFICATIONS])
        self.loss_reason = _Picker(LOSS_REASONS)
        self.loss_factor = _Picker(LOSS_FACTORS)
        self.transport = _Picker(TRANSPORT)
        self.age_band = _Picker(AGE_BANDS)
        self.support = _Picker(SUPPORTS)
        self.contact = _Picker(CONTACTS)
        self.availability = _Picker(AVAILABILITY)
        self._iso: dict[int, str] = {}
        self._json: dict[tuple, str] = {(): "[]"}
        self._scores: dict[tuple[int, int], str] = {}
        self._eeo: dict[tuple[tuple[str, ...], bool], str] = {}
        self.limits = [str(v) for v in c.PhysicalLimit.values]
        self.min_wages = [f"{n / 2:.2f}" for n in range(30, 45)]  # $15.00 … $22.00
        self.wages = [f"{n / 2:.2f}" for n in range(26, 41)]  # $13.00 … $20.00
        now = timezone.now()
        self.now = connection.ops.adapt_datetimefield_value(now)

    def iso(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = date.fromordinal(ordinal).isoformat()
        return text

    def eeo(self, race: tuple[str, ...], prefer_not: bool) -> str:
        key = (race, prefer_not)
        text = self._eeo.get(key)
        if text is None:
            text = self._eeo[key] = eeo_category(race, prefer_not_to_say=prefer_not)
        return text

    def staff_picker(self, plan: OrganisationPlan) -> _Picker:
        return _Picker(list(zip(plan.staff_ids, plan.staff_weights, strict=True)))

    def json(self, values: tuple) -> str:
        text = self._json.get(values)
        if text is None:
            text = self._json[values] = json.dumps(list(values))
        return text

    def score(self, total: int, count: int, values: list[tuple[int, bool]]) -> str:
        # The score depends only on the turned-round total and the number of answers.
        key = (total, count)
        text = self._scores.get(key)
        if text is None:
            text = self._scores[key] = str(readiness_score(values))
        return text

    def participant(
        self, plan: OrganisationPlan, pk: int, number: int, staff: _Picker, out: _Rows
    ) -> None:
        """Append one participant's row and all their records' rows to ``out``."""
        rng = self.rng
        rand = rng.random
        iso = self.iso
        today = self.today
        now = self.now
        as_json = self.json

        def ri(low: int, high: int) -> int:  # randint without its overhead
            return low + int(rand() * (high - low + 1))

        def ch(seq: Sequence[Any]) -> Any:
            return seq[int(rand() * len(seq))]

        pool: NamePool = self.pool(rng)
        female = rand() < 0.52
        first = ch(pool.female if female else pool.male)
        last = ch(pool.last)
        preferred = NICKNAMES.get(first, "") if rand() < 0.4 else ""
        language = "en"
        roll = rand()
        for lang, share in pool.language:
            if roll < share:
                language = str(lang)
                break
            roll -= share
        zips = self.pool_zips[pool.key]
        zip_code = ch(zips) if zips and rand() < 0.8 else ch(self.all_zips)
        email = f"{_ascii(first)}.{_ascii(last)}{ri(1, 99)}@example.org" if rand() < 0.85 else ""
        phone = (
            f"{'773' if rand() < 0.75 else '312'}-555-01{ri(0, 99):02d}" if rand() < 0.93 else ""
        )

        enrolled = today - ri(0, 547)
        planned_exit = enrolled + ri(120, 270)
        exited: int | None = None
        if planned_exit < today and rand() < 0.8:
            exited = min(today, max(enrolled + 30, planned_exit + ri(-21, 21)))
        elif rand() < 0.05 and today - enrolled > 30:
            exited = enrolled + ri(30, today - enrolled)
        end = exited if exited is not None else today
        span = end - enrolled
        assigned = staff(rng) if rand() < 0.98 else None
        author = assigned or plan.staff_ids[0]

        # Household and constraints.
        household = 1 + min(int(rng.expovariate(0.6)), 7)
        kids = tuple(sorted((ri(0, 17) for _i in range(ri(0, household - 1))), reverse=True))
        young = any(k < 13 for k in kids)
        childcare = (
            ch(("daytime", "daytime", "evenings", "arranged", "arranged")) if young else "none"
        )
        benefits = []
        if rand() < 0.55:
            benefits.append("snap")
        if rand() < 0.6:
            benefits.append("medicaid")
        if kids and kids[-1] < 5 and rand() < 0.35:
            benefits.append("wic")
        if young and rand() < 0.3:
            benefits.append("ccap")
        if rand() < 0.15:
            benefits.append("housing")
        if rand() < 0.08:
            benefits.append("liheap")
        if kids and rand() < 0.06:
            benefits.append("tanf")
        availability = self.availability(rng)
        if rand() < 0.3:
            availability |= 1 << ri(0, 27)
        limits = "[]"
        if rand() < 0.12:
            limits = as_json(tuple(rng.sample(self.limits, ri(1, 2))))
        justice = rand() < 0.25

        # Voluntary demographics, for most people.
        if rand() < 0.87:
            prefer_not = rand() < 0.07
            race: tuple[str, ...] = ()
            if not prefer_not:
                race = pool.race
                if pool.key == "hispanic" and rand() < 0.3:
                    race = (*race, "white")
                elif rand() < 0.04:
                    extra = ch(("white", "black", "aian"))
                    if extra not in race:
                        race = (*race, extra)
            roll = rand()
            sex = (
                "prefer_not"
                if roll < 0.03
                else "another"
                if roll < 0.04
                else ("female" if female else "male")
            )
            out.demographics.append(
                (
                    pk,
                    as_json(race),
                    "",
                    prefer_not,
                    self.eeo(race, prefer_not),
                    sex,
                    "yes" if rand() < 0.05 else "no",
                    "yes" if rand() < 0.12 else ("prefer_not" if rand() < 0.05 else "no"),
                    "yes" if justice else ("prefer_not" if rand() < 0.1 else "no"),
                    self.age_band(rng),
                    # From the id, not the random stream, so the rest of the demo is unchanged.
                    "yes" if pk % 5 == 0 else "no",
                    "no" if pk % 7 == 0 else "yes",
                    now,
                )
            )

        # Milestones from the template, planned back from the exit.
        next_due: int | None = None
        done_share = 0.92 if exited is not None else 0.88
        for title, days in plan.steps:
            due = planned_exit - days
            done: int | None = None
            if due < end and rand() < done_share:
                done = min(end, max(enrolled, due + ri(-7, 3)))
            elif next_due is None or due < next_due:
                next_due = due
            out.milestones.append((pk, title, iso(due), iso(done)))

        # Contacts.
        last_contact: int | None = None
        for _i in range(min(ri(0, 2) + span // 50, 8)):
            on = enrolled + ri(0, span)
            if last_contact is None or on > last_contact:
                last_contact = on
            out.case_notes.append((pk, iso(on), self.contact(rng), ch(CASE_NOTES), author, now))

        # Readiness assessments, improving over time.
        last_assessed: int | None = None
        level = None
        if rand() < 0.66:
            on = enrolled + ri(0, 14)
            level = rand() * 1.8 + 0.8
            while on <= end:
                aid = self.next_assessment_id
                self.next_assessment_id += 1
                values = []
                total = 0
                for item_id, reverse in plan.items:
                    raw = int(level + rand() * 2)  # level - 1 … level + 1, rounded
                    raw = 0 if raw < 0 else 4 if raw > 4 else raw
                    total += raw
                    value = 4 - raw if reverse else raw
                    values.append((value, reverse))
                    out.answers.append((aid, item_id, value))
                out.assessments.append(
                    (
                        aid,
                        pk,
                        plan.instrument_id,
                        iso(on),
                        self.score(total, len(values), values),
                        "",
                        author,
                    )
                )
                last_assessed = on
                level = min(4.0, level + rand() * 0.6)
                on += ri(90, 150)

        # Supports, goals, history, skills and certifications.
        for _i in range(ri(0, 3)):
            out.supports.append((pk, self.support(rng), iso(enrolled + ri(0, span)), "", author))
        goal_code, goal_title = self.occupation(rng)
        if rand() < 0.88:
            out.career_goals.append((pk, goal_code, "", True))
            if rand() < 0.3:
                other = self.occupation(rng)[0]
                if other != goal_code:
                    out.career_goals.append((pk, other, "", False))
        started_before = enrolled
        years = 0
        for _i in range(ri(0, 3)):
            code, title = self.occupation(rng)
            ended_on = started_before - ri(14, 400)
            started_on = ended_on - ri(60, 1100)
            years += (ended_on - started_on) // 365
            reason = self.loss_reason(rng)
            factors = "[]"
            if reason == "let_go" or reason == "quit":
                factors = as_json(tuple(sorted({self.loss_factor(rng) for _i in range(ri(1, 2))})))
            out.work_history.append(
                (
                    pk,
                    ch(EMPLOYERS),
                    title,
                    code,
                    iso(started_on),
                    iso(ended_on),
                    self.wages[ri(0, 14)],
                    reason,
                    factors,
                    "",
                )
            )
            started_before = started_on
        for name in rng.sample(SKILLS, ri(1, 3)):
            out.skills.append((pk, name))
        if rand() < 0.45:
            first_cert = None
            for _i in range(ri(1, 2)):
                cert_name, issuer, valid, _weight = self.certification(rng)
                if cert_name == first_cert:
                    continue
                first_cert = cert_name
                earned = min(today, enrolled - ri(-60, 900))
                expires = iso(earned + 365 * valid) if valid else None
                out.certifications.append((pk, cert_name, issuer, iso(earned), expires))
        resume = ""
        if rand() < 0.35:
            resume = ch(RESUME_LINES).format(years=max(years, 1), field=goal_title.lower())

        out.participants.append(
            (
                pk,
                plan.organisation.pk,
                f"{plan.prefix}-{number:06d}",
                first,
                last,
                preferred,
                email,
                phone,
                language,
                zip_code,
                self.area_of[zip_code],
                iso(enrolled),
                iso(planned_exit),
                iso(exited),
                assigned,
                resume,
                household,
                as_json(kids),
                as_json(tuple(benefits)),
                availability,
                limits,
                self.transport(rng),
                ch(COMMUTES),
                childcare,
                self.min_wages[ri(0, 14)],
                justice and rand() < 0.8,
                as_json(_preferred_environments(pk)),
                _exit_outcome(pk, exited, level),
                iso(last_contact),
                iso(last_assessed),
                iso(next_due),
                now,
                now,
            )
        )


DEMO_ENVIRONMENTS = (
    "office",
    "retail",
    "kitchen",
    "warehouse",
    "healthcare",
    "outdoor",
    "construction",
    "vehicle",
)


def _preferred_environments(pk: int) -> tuple[str, ...]:
    """One or two settings for most participants, none for some; its own random stream."""
    rng = random.Random(pk * 7919 + 1)
    if rng.random() < 0.25:
        return ()
    return tuple(sorted(rng.sample(DEMO_ENVIRONMENTS, rng.randint(1, 2))))


def _exit_outcome(pk: int, exited: int | None, readiness: float | None) -> str:
    """How an exited participant left: more often placed and retained the readier they were."""
    if exited is None:
        return ""
    rng = random.Random(pk * 7919 + 2)
    level = 2.0 if readiness is None else readiness
    placed = 1.0 / (1.0 + math.exp(-(level - 2.2) * 1.6))
    if rng.random() >= placed:
        return "other"
    return "retained_90" if rng.random() < 0.6 else "placed"


# Organisations, logins and staff ---------------------------------------------


def _organisation(slug: str, name: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    return organisation


def demo_users_ensure(organisations: dict[str, Organisation]) -> dict[str, User]:
    """The demo logins, created with the demo password where missing; existing ones stay."""
    users = {}
    password = demo_password()
    for login in DEMO_LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = user_create(
                username=login.username,
                password=password,
                organisation=organisations[login.organisation],
                role=login.role,
                first_name=login.first_name,
                last_name=login.last_name,
                email=f"{login.username}@example.org",
            )
        users[login.username] = user
    return users


def _staff_ensure(
    organisation: Organisation, lead: User, wanted: int, rng: random.Random
) -> list[User]:
    """The organisation's case managers for the demo: the named coach first, then coach3…"""
    staff = [lead]
    others = (
        User.objects.filter(
            membership__organisation=organisation,
            membership__role=Role.STAFF,
            username__startswith="coach",
        )
        .exclude(pk=lead.pk)
        .order_by("id")
    )
    staff.extend(u for u in others[: max(wanted - 1, 0)] if u.username[5:].isdigit())
    missing = wanted - len(staff)
    if missing <= 0:
        return staff[:wanted]
    taken = [
        int(name[5:])
        for name in User.objects.filter(username__startswith="coach").values_list(
            "username", flat=True
        )
        if name[5:].isdigit()
    ]
    number = max([2, *taken]) + 1
    pick_pool = _Picker([(p, p.weight) for p in POOLS])
    new = []
    for i in range(missing):
        pool: NamePool = pick_pool(rng)
        user = User(
            username=f"coach{number + i}",
            first_name=rng.choice(pool.female if rng.random() < 0.6 else pool.male),
            last_name=rng.choice(pool.last),
            email=f"coach{number + i}@example.org",
        )
        user.set_unusable_password()
        new.append(user)
    new = User.objects.bulk_create(new, batch_size=1000)
    if any(u.pk is None for u in new):  # backends that cannot return ids
        new = list(User.objects.filter(username__in=[u.username for u in new]).order_by("id"))
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=organisation, role=Role.STAFF) for u in new],
        batch_size=1000,
    )
    return staff + new


def _last_number(organisation: Organisation, prefix: str) -> int:
    """The highest demo case number (PREFIX-000123) the organisation has, or 0."""
    last = (
        Participant.objects.filter(organisation=organisation, external_id__startswith=f"{prefix}-")
        .order_by("-external_id")
        .values_list("external_id", flat=True)
        .first()
    )
    number = (last or "").removeprefix(f"{prefix}-")
    return int(number) if number.isdigit() else 0


@contextmanager
def _foreign_keys_checked_once(models: Sequence[type[Model]]) -> Iterator[None]:
    """On PostgreSQL, check the loaded tables' foreign keys once at the end, not per row.

    Django's foreign keys there are deferred triggers: millions of rows queue millions of
    single-row look-ups for the commit, which doubled the time of a large seed. The
    PostgreSQL manual's advice for bulk loads is to drop them and add them back, which
    checks each with one query. The same definitions go back under the same names, in
    the same transaction, so a failure anywhere rolls the whole seed back, constraints and
    all. Must run inside that transaction; the tables are locked until it ends.
    """
    if connection.vendor != "postgresql":
        yield
        return
    qn = connection.ops.quote_name
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        # Run the checks already queued in this transaction, or ALTER TABLE refuses.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")


@contextmanager
def _indexes_built_once(models: Sequence[type[Model]], *, rows: int) -> Iterator[None]:
    """Drop the loaded tables' plain (not unique) indexes for a large load and build them
    again afterwards, on SQLite and PostgreSQL alike.

    Building an index over loaded rows sorts once; keeping it during the load updates it
    row by row, which for a table with a dozen indexes (the caseload's filters and name
    searches) costs more than writing the rows. Same definitions, same names, in the same
    transaction: a failure rolls everything back. Nothing is done for a small load.
    """
    if rows < 20_000 or connection.vendor not in ("sqlite", "postgresql"):
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name, name, sql FROM sqlite_master "
                "WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
            )
            indexes = [
                (name, sql)
                for table, name, sql in cursor.fetchall()
                if table in tables and not sql.upper().startswith("CREATE UNIQUE")
            ]
        else:
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique "
                "AND NOT i.indisprimary ORDER BY c.relname",
                [tables],
            )
            indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)


@contextmanager
def _roomy_sqlite_cache(mebibytes: int = 256) -> Iterator[None]:
    """Give SQLite's page cache room while seeding: index pages then stay in memory."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@dataclass(frozen=True)
class SeedResult:
    participants: int
    staff: int
    rows: dict[str, int]
    seconds: float


def demo_seed(*, participants: int, seed: int, today: date | None = None) -> SeedResult:
    """Create the demo organisations, logins, staff and ``participants`` participants."""
    started = time.perf_counter()
    today = today or date.today()
    rng = random.Random(seed)
    staff_rng = random.Random(seed + 1_000_003)
    counts: dict[str, int] = {}
    with _roomy_sqlite_cache(), transaction.atomic():
        organisations = {slug: _organisation(slug, name) for slug, name in (SOUTHSIDE, NORTHSIDE)}
        users = demo_users_ensure(organisations)
        south = round(participants * SOUTHSIDE_SHARE)
        plans = []
        total_staff = 0
        for (slug, _name), count, lead, prefix in (
            (SOUTHSIDE, south, users["coach"], "SW"),
            (NORTHSIDE, participants - south, users["coach2"], "NJ"),
        ):
            organisation = organisations[slug]
            staff = _staff_ensure(
                organisation, lead, max(1, math.ceil(count / PARTICIPANTS_PER_STAFF)), staff_rng
            )
            total_staff += len(staff)
            # The named coach carries an ordinary caseload; others vary around it.
            weights = [1.0] + [staff_rng.uniform(0.65, 1.25) for _ in staff[1:]]
            instrument = instrument_for(organisation)
            items = tuple(
                instrument.items.filter(is_active=True).values_list("id", "reverse_scored")
            )
            template = milestone_template_for(organisation)
            steps = tuple(template.steps.values_list("title", "days_before_exit"))
            plans.append(
                OrganisationPlan(
                    organisation=organisation,
                    prefix=prefix,
                    count=count,
                    first_number=_last_number(organisation, prefix) + 1,
                    staff_ids=tuple(u.pk for u in staff),
                    staff_weights=tuple(weights),
                    instrument_id=instrument.pk,
                    items=items,
                    steps=steps,
                )
            )
        generator = _Generator(rng, today, next_id(Assessment))
        pk = next_id(Participant)
        seeded = [model for _name, model, _columns in TABLES]
        with _foreign_keys_checked_once(seeded), _indexes_built_once(seeded, rows=participants):
            for plan in plans:
                staff_pick = generator.staff_picker(plan)
                for chunk_start in range(0, plan.count, CHUNK):
                    rows = _Rows()
                    for i in range(chunk_start, min(plan.count, chunk_start + CHUNK)):
                        generator.participant(plan, pk, plan.first_number + i, staff_pick, rows)
                        pk += 1
                    rows.write(counts)
        reset_sequences(Participant, Assessment)
        audit_record(
            actor=users["admin"],
            action=AuditAction.CREATE,
            object_type="people.participant",
            fields=[name for name, _model, _columns in TABLES],
            detail=f"Seeded demo data: {participants} participants from seed {seed}",
        )
    refresh_statistics(Participant)
    return SeedResult(
        participants=participants,
        staff=total_staff,
        rows=counts,
        seconds=time.perf_counter() - started,
    )
