"""The demo's workforce mobility: three yearly rosters of a fictional city workforce, a
promotions review committee, a critical position with its slate, and learning records.

Everyone is invented: employee ids are "D" and a number, and no names are given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from workbridge.accounts.models import Organisation, Role, User
from workbridge.core.spreadsheets import csv_text, guess_mapping
from workbridge.web.uploads import IMPORTS, upload_delete, upload_write
from workbridge.workforce.models import Committee, Snapshot
from workbridge.workforce.roster_load import roster_import_apply
from workbridge.workforce.roster_rows import roster_check, roster_columns
from workbridge.workforce.services import (
    candidate_add,
    committee_create,
    committee_member_add,
    learning_import,
    position_create,
)

HEADER = [
    "Employee ID",
    "Department",
    "Title",
    "Grade",
    "EEO-4 category",
    "Salary or Hourly",
    "Annual Salary",
    "Hourly Rate",
    "Typical Hours",
    "Race",
    "Sex",
    "ZIP",
    "Hire date",
]
LADDERS = {
    "Public Safety": ("protective", ["Officer", "Sergeant", "Lieutenant", "Captain"]),
    "Water": ("skilled_craft", ["Laborer", "Plumber", "Foreman", "Superintendent"]),
    "Finance": ("admin_support", ["Clerk", "Senior clerk", "Supervisor", "Manager"]),
    "Health": ("professionals", ["Nurse", "Senior nurse", "Nurse supervisor", "Director"]),
}
RACES = ["White", "Black or African American", "Hispanic or Latino", "Asian", ""]
RACE_WEIGHTS = [0.34, 0.30, 0.26, 0.07, 0.03]
YEARS = (2023, 2024, 2025)
ZIPS = ["60608", "60609", "60617", "60619", "60621", "60623", "60629", "60636", "60644"]


@dataclass
class SeededWorkforce:
    snapshots: int = 0
    employees: int = 0


def _rosters(rng: random.Random, size: int) -> list[list[list[str]]]:
    people = {}
    for i in range(size):
        department = rng.choice(list(LADDERS))
        people[f"D{i:05d}"] = {
            "department": department,
            "grade": rng.choices([1, 2, 3, 4], [0.6, 0.25, 0.1, 0.05])[0],
            "race": rng.choices(RACES, RACE_WEIGHTS)[0],
            "sex": rng.choice(["female", "male"]),
            "zip": rng.choice(ZIPS),
            "hired": date(rng.randint(1995, 2022), rng.randint(1, 12), 1),
            "hourly": rng.random() < 0.2,
        }
    next_id = size
    rosters = []
    for year in YEARS:
        if year != YEARS[0]:
            for key in list(people):
                if rng.random() < 0.07:
                    del people[key]
                    continue
                person = people[key]
                # White employees are promoted a little more often: a finding to show.
                chance = 0.10 if person["race"] == "White" else 0.06
                if person["grade"] < 4 and rng.random() < chance:
                    person["grade"] += 1
            while len(people) < size:
                people[f"D{next_id:05d}"] = {
                    "department": rng.choice(list(LADDERS)),
                    "grade": 1,
                    "race": rng.choices(RACES, RACE_WEIGHTS)[0],
                    "sex": rng.choice(["female", "male"]),
                    "zip": rng.choice(ZIPS),
                    "hired": date(year - 1, rng.randint(2, 12), 1),
                    "hourly": rng.random() < 0.2,
                }
                next_id += 1
        rows = [HEADER]
        for key, p in people.items():
            category, ladder = LADDERS[p["department"]]
            title = ladder[p["grade"] - 1]
            if p["hourly"] and p["grade"] == 1:
                pay = ["Hourly", "", f"{20 + rng.random() * 15:.2f}", rng.choice(["40", "20"])]
            else:
                pay = ["Salary", f"{40000 + p['grade'] * 15000 + rng.randint(0, 9000)}", "", ""]
            rows.append(
                [
                    key,
                    p["department"],
                    title,
                    str(p["grade"]),
                    category,
                    *pay,
                    p["race"],
                    p["sex"],
                    p["zip"],
                    p["hired"].isoformat(),
                ]
            )
        rosters.append(rows)
    return rosters


def seed_workforce(
    organisation: Organisation, *, seed: int = 42, size: int = 600
) -> SeededWorkforce:
    """Write the demo's rosters, committee, succession slate and learning records (once)."""
    made = SeededWorkforce()
    if Snapshot.objects.filter(organisation=organisation).exists():
        return made
    rng = random.Random(seed)
    analyst = User.objects.filter(
        membership__organisation=organisation, membership__role=Role.ANALYST
    ).first()
    for year, rows in zip(YEARS, _rosters(rng, size), strict=True):
        stored = upload_write(IMPORTS, f"demo-roster-{year}.csv", csv_text(rows).encode())
        mapping = guess_mapping(HEADER, roster_columns())
        check = roster_check(
            organisation=organisation, stored_file=stored, filename="roster.csv", mapping=mapping
        )
        summary = roster_import_apply(
            organisation=organisation, check=check, as_of=date(year, 3, 1), by=analyst
        )
        upload_delete(IMPORTS, stored)
        made.snapshots += 1
        made.employees += summary["employees"]
    if analyst is None:
        return made
    if not Committee.objects.filter(organisation=organisation).exists():
        committee = committee_create(
            by=analyst, name="Promotions review committee", department="Public Safety"
        )
        for race, sex in (
            ("white", "male"),
            ("white", "male"),
            ("white", "female"),
            ("black", "male"),
            ("hispanic", "female"),
        ):
            committee_member_add(by=analyst, committee=committee, eeo_category=race, sex=sex)
        position = position_create(
            by=analyst,
            department="Water",
            job_title="Superintendent",
            incumbent_id="D00001",
            incumbent_birth_year=1962,
            feeder_titles=["Foreman"],
        )
        for key, readiness in (("D00002", "now"), ("D00003", "1_2_years"), ("D00004", "now")):
            candidate_add(by=analyst, position=position, employee_id=key, readiness=readiness)
    rows = [["Employee id", "Kind", "Program", "Year", "Status"]]
    for i in range(0, size, 2):
        rows.append(
            [
                f"D{i:05d}",
                "learning system",
                "Ethics",
                "2025",
                rng.choice(["completed", "in progress", "enrolled"]),
            ]
        )
    for i in range(1, 60, 3):
        rows.append([f"D{i:05d}", "apprenticeship", "Plumbing", "2023", "in progress"])
    stored = upload_write(IMPORTS, "demo-learning.csv", csv_text(rows).encode())
    learning_import(by=analyst, stored_file=stored, filename="learning.csv")
    upload_delete(IMPORTS, stored)
    return made
