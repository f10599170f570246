"""Fictional hiring-equity data for the demo: a city HR department's last three years.

``seed_equity(organisation, seed)`` writes, for one organisation and the same way for
the same seed: eight departments and about sixty job titles, about 400 requisitions
posted over three years, about 30,000 applicants with their voluntary race, ethnicity
and sex, ZIP codes and stages reached, four job fairs with the people who showed
interest there, the workforce table (EEO-4 style) and a Cook County labour-force
benchmark. Applicants are written through the real import (a CSV file checked and
loaded like any upload), so the demo also shows a past import and a saved source.

The figures are invented but plausible for Chicago: the applicant pools lean Black and
Hispanic, and a few steps carry real disparities (women in skilled-craft screening, Black
and Hispanic applicants at the offer stage in protective services, Hispanic applicants
at the written-qualification step for professional jobs) so that adverse impact shows
up in the reports. Nothing here describes a real person or a real department's numbers.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from workbridge.accounts.models import Organisation
from workbridge.core.applicant_import import stage_date_field
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.imports.files import import_files_sweep
from workbridge.equity.imports.load import applicant_import_apply
from workbridge.equity.imports.rows import applicant_import_check
from workbridge.equity.models import (
    Benchmark,
    BenchmarkShare,
    ImportRun,
    ImportSource,
    ImportStatus,
    JobFair,
    JobFairInterest,
    WorkforceCount,
)
from workbridge.equity.services import equity_settings_for
from workbridge.people.models import ZipCode
from workbridge.web.uploads import IMPORTS, upload_write

YEARS = (2023, 2024, 2025)
REQUISITIONS = 400
SOURCE_NAME = "City applicant tracking system"

# Department -> [(job title, EEO-4 category, lowest annual salary)]
JOBS: dict[str, list[tuple[str, str, int]]] = {
    "Water Management": [
        ("Water Chemist II", "professionals", 78_000),
        ("Civil Engineer III", "professionals", 98_000),
        ("Operating Engineer", "skilled_craft", 91_000),
        ("Water Meter Assessor", "technicians", 58_000),
        ("Construction Laborer", "service_maintenance", 54_000),
        ("Plumber", "skilled_craft", 99_000),
        ("Engineering Technician IV", "technicians", 66_000),
        ("Administrative Assistant II", "admin_support", 48_000),
    ],
    "Streets and Sanitation": [
        ("Motor Truck Driver", "skilled_craft", 67_000),
        ("Sanitation Laborer", "service_maintenance", 52_000),
        ("Tree Trimmer", "service_maintenance", 58_000),
        ("Ward Superintendent", "officials", 95_000),
        ("General Foreperson", "officials", 88_000),
        ("Hoisting Engineer", "skilled_craft", 98_000),
        ("Clerk IV", "admin_support", 50_000),
    ],
    "Police": [
        ("Police Officer", "protective", 72_000),
        ("Detention Aide", "protective", 52_000),
        ("Crime Analyst", "professionals", 70_000),
        ("Police Communications Operator", "protective", 56_000),
        ("Traffic Control Aide", "protective", 45_000),
        ("Forensic Investigator", "technicians", 68_000),
        ("Principal Clerk", "admin_support", 52_000),
        ("Lieutenant", "officials", 124_000),
    ],
    "Fire": [
        ("Firefighter/EMT", "protective", 75_000),
        ("Paramedic", "protective", 73_000),
        ("Fire Engineer", "protective", 94_000),
        ("Fire Prevention Inspector", "technicians", 81_000),
        ("Emergency Medical Services Instructor", "professionals", 92_000),
        ("Battalion Chief", "officials", 150_000),
        ("Staff Assistant", "admin_support", 57_000),
    ],
    "Public Health": [
        ("Public Health Nurse II", "professionals", 82_000),
        ("Epidemiologist II", "professionals", 80_000),
        ("Community Health Worker", "paraprofessionals", 46_000),
        ("Sanitarian II", "technicians", 64_000),
        ("Program Director", "officials", 110_000),
        ("Public Health Aide", "paraprofessionals", 40_000),
        ("Clinical Therapist III", "professionals", 88_000),
        ("Clerk III", "admin_support", 44_000),
    ],
    "Finance": [
        ("Accountant III", "professionals", 74_000),
        ("Auditor II", "professionals", 72_000),
        ("Revenue Investigator", "technicians", 60_000),
        ("Payment Services Representative", "admin_support", 46_000),
        ("Budget Analyst", "professionals", 79_000),
        ("Deputy Comptroller", "officials", 135_000),
        ("Account Clerk", "admin_support", 43_000),
    ],
    "Family and Support Services": [
        ("Case Manager", "paraprofessionals", 55_000),
        ("Youth Outreach Worker", "paraprofessionals", 42_000),
        ("Senior Services Specialist", "professionals", 62_000),
        ("Homeless Services Coordinator", "professionals", 68_000),
        ("Childcare Program Monitor", "technicians", 58_000),
        ("Director of Operations", "officials", 118_000),
        ("Clerk II", "admin_support", 40_000),
        ("Custodial Worker", "service_maintenance", 41_000),
    ],
    "Fleet and Facility Management": [
        ("Machinist", "skilled_craft", 92_000),
        ("Electrical Mechanic", "skilled_craft", 101_000),
        ("Carpenter", "skilled_craft", 96_000),
        ("Auto Mechanic", "skilled_craft", 84_000),
        ("Building Engineer", "technicians", 86_000),
        ("Window Washer", "service_maintenance", 50_000),
        ("Facilities Manager", "officials", 105_000),
        ("Stores Laborer", "service_maintenance", 48_000),
    ],
}
# How many people apply to one requisition, by EEO-4 category (mean).
APPLICANTS_PER_REQUISITION = {
    "officials": 30,
    "professionals": 55,
    "technicians": 60,
    "protective": 160,
    "paraprofessionals": 80,
    "admin_support": 90,
    "skilled_craft": 70,
    "service_maintenance": 120,
}
# The applicant pool's race/ethnicity answers (as a tracking system exports them).
RACE_ANSWERS: list[tuple[str, float]] = [
    ("Black or African American", 34.0),
    ("Hispanic or Latino", 26.0),
    ("White", 25.0),
    ("Asian", 6.5),
    ("Hispanic or Latino; White", 2.0),
    ("Black or African American; White", 1.5),
    ("Middle Eastern or North African", 1.0),
    ("American Indian or Alaska Native", 0.4),
    ("Native Hawaiian or Pacific Islander", 0.2),
    ("Prefer not to say", 3.4),
]
# Share of women among applicants, by EEO-4 category; 1% another sex, 1.5% prefer not.
WOMEN = {
    "officials": 0.45,
    "professionals": 0.55,
    "technicians": 0.35,
    "protective": 0.25,
    "paraprofessionals": 0.70,
    "admin_support": 0.72,
    "skilled_craft": 0.10,
    "service_maintenance": 0.22,
}
STAGE_PASS = (0.72, 0.60, 0.50, 0.40, 0.88)  # applied→qualified … offered→hired
WITHDRAW = 0.05
CHANNELS = ["City careers site", "Indeed", "LinkedIn", "Community partners", "Job fair"]
HEARD = [
    ("City careers site", 40),
    ("Friend or family", 18),
    ("Indeed", 14),
    ("Community organisation", 9),
    ("LinkedIn", 6),
    ("Job fair", 8),
    ("Social media", 5),
]
FAIRS = [
    ("South Shore Hiring Fair", date(2023, 4, 15), "60649", "South Shore Cultural Center"),
    ("Little Village Jobs Day", date(2024, 3, 9), "60623", "Little Village Library"),
    ("Austin Careers Expo", date(2024, 9, 21), "60644", "Austin Town Hall"),
    ("Englewood City Jobs Fair", date(2025, 5, 3), "60621", "Kennedy-King College"),
]
# Suburban and out-of-state ZIP codes some applicants live in (no community area).
OUTSIDE_ZIPS = ["60402", "60453", "60409", "60305", "46320", "60201", "60068", "60130"]
# ZIP codes where applicants of each group more often live (Chicago's settlement patterns).
LEANING_ZIPS = {
    "black": ["60619", "60620", "60621", "60628", "60636", "60637", "60644", "60649", "60651"],
    "hispanic": ["60608", "60609", "60623", "60629", "60632", "60639", "60641", "60647"],
    "white": ["60614", "60618", "60625", "60630", "60631", "60634", "60638", "60657"],
    "asian": ["60616", "60625", "60640", "60659", "60660"],
}

# Cook County civilian labour force 16+, approximate shares for the demo (rounded from the
# ACS 5-year estimates; not an official figure).
BENCHMARK_NAME = "Cook County civilian labor force"
BENCHMARK_SOURCE = (
    "U.S. Census Bureau, American Community Survey 5-year estimates 2019–2023 "
    "(tables S2301 and C23002), Cook County, Illinois; shares approximate and rounded "
    "for the demo"
)
BENCHMARK_RACE = {
    "hispanic": "0.262",
    "white": "0.421",
    "black": "0.205",
    "asian": "0.082",
    "two_or_more": "0.026",
    "aian": "0.003",
    "nhpi": "0.001",
}
BENCHMARK_SEX = {"female": "0.483", "male": "0.517"}
# The city workforce by EEO-4 category: (employees, share women, race shares).
WORKFORCE = {
    "officials": (1_100, 0.38, {"white": 0.52, "black": 0.25, "hispanic": 0.16, "asian": 0.05}),
    "professionals": (
        4_200,
        0.52,
        {"white": 0.45, "black": 0.25, "hispanic": 0.18, "asian": 0.09},
    ),
    "technicians": (2_300, 0.30, {"white": 0.44, "black": 0.26, "hispanic": 0.22, "asian": 0.05}),
    "protective": (
        16_500,
        0.24,
        {"white": 0.47, "black": 0.22, "hispanic": 0.26, "asian": 0.03},
    ),
    "paraprofessionals": (
        1_400,
        0.71,
        {"white": 0.18, "black": 0.48, "hispanic": 0.28, "asian": 0.04},
    ),
    "admin_support": (
        3_000,
        0.70,
        {"white": 0.24, "black": 0.44, "hispanic": 0.26, "asian": 0.04},
    ),
    "skilled_craft": (3_600, 0.06, {"white": 0.58, "black": 0.16, "hispanic": 0.22, "asian": 0.02}),
    "service_maintenance": (
        4_900,
        0.16,
        {"white": 0.30, "black": 0.38, "hispanic": 0.29, "asian": 0.02},
    ),
}
WORKFORCE_AS_OF = date(2025, 12, 31)


@dataclass(frozen=True)
class SeededEquity:
    requisitions: int
    applicants: int
    job_fairs: int
    interests: int
    workforce_rows: int
    interview_panels: int = 0
    session_events: int = 0
    step_outcomes: int = 0


def _eeo_of(answer: str) -> str:
    if "Hispanic" in answer:
        return "hispanic"
    if ";" in answer:
        return "two_or_more"
    return {
        "Black or African American": "black",
        "White": "white",
        "Asian": "asian",
        "Middle Eastern or North African": "white",
        "American Indian or Alaska Native": "aian",
        "Native Hawaiian or Pacific Islander": "nhpi",
    }.get(answer, "not_disclosed")


def _pass_rate(step: int, eeo4: str, department: str, eeo: str, sex: str) -> float:
    """The chance of passing one step; a few steps carry the disparities the demo shows."""
    rate = STAGE_PASS[step]
    if step == 1 and eeo4 == "skilled_craft" and sex == "female":
        rate *= 0.62  # screening in the trades
    if step == 3 and eeo4 == "protective" and eeo in ("black", "hispanic"):
        rate *= 0.68  # offers after interviews in police and fire
    if step == 0 and eeo4 == "professionals" and eeo == "hispanic":
        rate *= 0.78  # minimum qualifications for professional jobs
    if step == 2 and department == "Finance" and eeo == "black":
        rate *= 0.75
    return min(rate, 0.98)


def _applicant_rows(
    rng: random.Random, stages: list[str], zips: list[str]
) -> tuple[list[list[str]], list[str]]:
    header = [
        "Req Number", "Dept", "Position Title", "EEO-4 category", "Salary Min", "Salary Max",
        "Date Posted", "Posted On Sites", "Candidate ID", "Race/Ethnicity", "Gender",
        "Veteran Status", "Disability Status", "ZIP", "How did you hear about us",
        "Hiring event", "Furthest stage", "Withdrawn",
        *(f"{stage.title()} date" for stage in stages),
    ]  # fmt: skip
    titles = [(dept, *job) for dept, jobs in JOBS.items() for job in jobs]
    answers = [a for a, _w in RACE_ANSWERS]
    answer_weights = [w for _a, w in RACE_ANSWERS]
    heard = [h for h, _w in HEARD]
    heard_weights = [w for _h, w in HEARD]
    rows: list[list[str]] = []
    person = 0
    for r in range(REQUISITIONS):
        department, title, eeo4, low = titles[(r * 7 + rng.randrange(3)) % len(titles)]
        year = YEARS[r * len(YEARS) // REQUISITIONS]
        posted = date(year, 1, 5) + timedelta(days=rng.randrange(340))
        channels = rng.sample(CHANNELS, rng.randint(1, 3))
        requisition = [
            f"REQ-{year}-{r + 1:04d}",
            department,
            title,
            eeo4,
            str(low),
            str(int(low * 1.35) // 1000 * 1000),
            posted.isoformat(),
            "; ".join(channels),
        ]
        fairs_open = [f for f in FAIRS if timedelta(0) <= posted - f[1] <= timedelta(days=200)]
        mean = APPLICANTS_PER_REQUISITION[eeo4]
        count = max(5, int(rng.gauss(mean, mean * 0.3)))
        for _n in range(count):
            person += 1
            answer = rng.choices(answers, answer_weights)[0]
            eeo = _eeo_of(answer)
            draw = rng.random()
            women = WOMEN[eeo4]
            if draw < women:
                sex = "Female"
            elif draw < 0.975:
                sex = "Male"
            elif draw < 0.985:
                sex = "Another sex or gender"
            else:
                sex = "Prefer not to say"
            reached = 0
            while reached < len(stages) - 1 and rng.random() < _pass_rate(
                min(reached, len(STAGE_PASS) - 1), eeo4, department, eeo, sex.lower()
            ):
                reached += 1
            withdrew = reached < len(stages) - 1 and rng.random() < WITHDRAW
            leaning = LEANING_ZIPS.get(eeo)
            place = rng.random()
            if place < 0.12:
                home = rng.choice(OUTSIDE_ZIPS)
            elif leaning and place < 0.65:
                home = rng.choice(leaning)
            else:
                home = rng.choice(zips)
            fair = ""
            how = rng.choices(heard, heard_weights)[0]
            if fairs_open and how == "Job fair":
                fair = fairs_open[0][0]
            day = posted + timedelta(days=rng.randint(1, 21))
            dates = []
            for stage_index in range(len(stages)):
                dates.append(day.isoformat() if stage_index <= reached else "")
                day += timedelta(days=rng.randint(5, 16))
            rows.append(
                [
                    *requisition,
                    f"C{person:06d}",
                    answer,
                    sex,
                    "Yes" if rng.random() < 0.06 else "No",
                    rng.choices(["No", "Yes", "Prefer not to say"], [88, 7, 5])[0],
                    home,
                    how,
                    fair,
                    stages[reached],
                    "Yes" if withdrew else "No",
                    *dates,
                ]
            )
    return [header, *rows], header


def _workforce(organisation: Organisation, rng: random.Random) -> int:
    bands = equity_settings_for(organisation).salary_bands
    WorkforceCount.objects.filter(organisation=organisation, as_of=WORKFORCE_AS_OF).delete()
    made: list[WorkforceCount] = []
    for category, (employees, women, races) in WORKFORCE.items():
        lows = [low for dept in JOBS.values() for _t, c, low in dept if c == category]
        band_counts: Counter = Counter()
        for low in lows:
            for index, (start, end) in enumerate(bands):
                if low >= start * 1000 and (end is None or low < end * 1000):
                    band_counts[index] += 1
        total_weight = sum(band_counts.values())
        rest = 1 - sum(races.values())
        shares = {**races, "two_or_more": rest * 0.6, "not_disclosed": rest * 0.4}
        for band, weight in sorted(band_counts.items()):
            in_band = employees * weight / total_weight
            for eeo, share in shares.items():
                for sex, sex_share in (("female", women), ("male", 1 - women)):
                    n = round(in_band * share * sex_share * rng.uniform(0.9, 1.1))
                    if n:
                        made.append(
                            WorkforceCount(
                                organisation=organisation,
                                as_of=WORKFORCE_AS_OF,
                                eeo4_category=category,
                                salary_band=band,
                                eeo_category=eeo,
                                sex=sex,
                                employees=n,
                            )
                        )
    WorkforceCount.objects.bulk_create(made)
    return len(made)


def _benchmark(organisation: Organisation) -> None:
    benchmark, _made = Benchmark.objects.update_or_create(
        organisation=organisation,
        name=BENCHMARK_NAME,
        defaults={
            "source": BENCHMARK_SOURCE,
            "year": 2023,
            "geography": "Cook County, Illinois",
            "eeo4_category": "",
        },
    )
    benchmark.shares.all().delete()
    BenchmarkShare.objects.bulk_create(
        [
            BenchmarkShare(benchmark=benchmark, characteristic="race", group=g, share=Decimal(s))
            for g, s in BENCHMARK_RACE.items()
        ]
        + [
            BenchmarkShare(benchmark=benchmark, characteristic="sex", group=g, share=Decimal(s))
            for g, s in BENCHMARK_SEX.items()
        ]
    )


def _fairs(organisation: Organisation, areas: dict[str, int]) -> dict[str, JobFair]:
    fairs = {}
    for name, when, zip_code, place in FAIRS:
        fair, _made = JobFair.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={"date": when, "community_area_id": areas.get(zip_code), "location": place},
        )
        fairs[name] = fair
    return fairs


def _interests(
    fairs: dict[str, JobFair], rng: random.Random, areas: dict[str, int], zips: list[str]
) -> int:
    """People who told each fair they were interested; the ones who applied are linked."""
    from workbridge.equity.models import Applicant

    made: list[JobFairInterest] = []
    for fair in fairs.values():
        JobFairInterest.objects.filter(job_fair=fair).delete()
        applied = list(
            Applicant.objects.filter(job_fair=fair).values_list(
                "pk", "eeo_category", "sex", "home_zip", "community_area_id"
            )
        )
        for pk, eeo, sex, home, area in applied:
            made.append(
                JobFairInterest(
                    job_fair=fair,
                    external_id=f"I{pk}",
                    eeo_category=eeo,
                    sex=sex,
                    home_zip=home,
                    community_area_id=area,
                    applicant_id=pk,
                )
            )
        # Most people who stop by never apply.
        for n in range(len(applied) * 3 + 40):
            home = rng.choice(zips)
            made.append(
                JobFairInterest(
                    job_fair=fair,
                    external_id=f"F{fair.pk}-{n + 1}",
                    eeo_category=rng.choices(
                        ["black", "hispanic", "white", "asian", "two_or_more", "not_disclosed"],
                        [45, 32, 10, 4, 3, 6],
                    )[0],
                    sex=rng.choice(["female", "male"]),
                    home_zip=home,
                    community_area_id=areas.get(home),
                )
            )
    JobFairInterest.objects.bulk_create(made, batch_size=2_000)
    return len(made)


@transaction.atomic
def seed_equity(organisation: Organisation, seed: int = 42) -> SeededEquity:
    """Write the demo's hiring-equity data for one organisation (the same for the same seed)."""
    rng = random.Random(seed)
    stages = list(equity_settings_for(organisation).stages)
    areas = dict(ZipCode.objects.values_list("zip", "community_area_id"))
    zips = sorted(areas)
    fairs = _fairs(organisation, areas)
    table, header = _applicant_rows(rng, stages, zips)
    stored = upload_write(
        IMPORTS, f"demo-applicant-flow-{seed}.csv", csv_text(table).encode("utf-8")
    )
    mapping = dict(
        zip(
            [
                "requisition_id", "department", "job_title", "eeo4_category", "salary_min",
                "salary_max", "posting_date", "source_channels", "applicant_id",
                "race_ethnicity", "sex", "veteran", "disability", "home_zip", "heard_about",
                "job_fair", "stage_reached", "withdrew",
                *(stage_date_field(stage) for stage in stages),
            ],
            header,
            strict=True,
        )
    )  # fmt: skip
    source, _made = ImportSource.objects.update_or_create(
        organisation=organisation, name=SOURCE_NAME, defaults={"mapping": mapping}
    )
    run = ImportRun.objects.create(
        organisation=organisation,
        source=source,
        filename="applicant-flow-2023-2025.csv",
        stored_file=stored,
        mapping=mapping,
        status=ImportStatus.LOADING,
    )
    check = applicant_import_check(
        organisation=organisation, stored_file=stored, filename=stored, mapping=mapping
    )
    if not check.ok:
        raise RuntimeError(f"the demo file has problems: {check.problems[:3]}")
    summary = applicant_import_apply(organisation=organisation, check=check, by=None, run=run)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE,
        rows_total=check.rows,
        rows_done=check.rows,
        summary=summary,
        finished_at=run.created_at,
    )
    import_files_sweep()  # the demo's file, now loaded, is not kept
    interests = _interests(fairs, rng, areas, zips)
    # Application sessions and optional steps, for the application-process reports.
    from workbridge.demo.process import seed_process

    session_events, step_outcomes = seed_process(organisation, seed=seed)
    workforce_rows = _workforce(organisation, rng)
    _benchmark(organisation)
    # Structured interviews for the latest interviewed requisitions, once there are people.
    from workbridge.demo.interviews import seed_interviews

    interviews = seed_interviews(organisation=organisation, seed=seed)
    # Contact details, notices sent and exam results, so the candidate pages are not empty.
    from workbridge.demo.candidates import seed_candidates

    seed_candidates(organisation, seed=seed)
    return SeededEquity(
        requisitions=len(check.requisitions),
        applicants=check.rows,
        job_fairs=len(fairs),
        interests=interests,
        workforce_rows=workforce_rows,
        interview_panels=interviews.panels,
        session_events=session_events,
        step_outcomes=step_outcomes,
    )
