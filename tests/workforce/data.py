"""Two yearly rosters with one adverse finding: of 100 White and 100 Black employees in
grade 1, 30 White and 10 Black are promoted to grade 2; 5 of each leave; 8 are hired."""

from datetime import date

from workbridge.core.spreadsheets import csv_text

HEADER = [
    "Employee ID",
    "Department",
    "Title",
    "Grade",
    "Annual Salary",
    "Race",
    "Sex",
    "Hire date",
]
FIRST = date(2023, 1, 1)
SECOND = date(2024, 1, 1)


def rosters() -> tuple[bytes, bytes]:
    first, second = [HEADER], [HEADER]
    for i in range(200):
        race = "White" if i < 100 else "Black or African American"
        sex = "female" if i % 2 else "male"
        first.append([f"E{i}", "Water", "Clerk", "1", "40000", race, sex, "2018-06-01"])
        within = i % 100
        if within >= 95:
            continue  # left
        promoted = within < (30 if i < 100 else 10)
        if promoted:
            second.append([f"E{i}", "Water", "Senior clerk", "2", "46000", race, sex, "2018-06-01"])
        else:
            second.append([f"E{i}", "Water", "Clerk", "1", "41000", race, sex, "2018-06-01"])
    for j in range(8):
        second.append([f"N{j}", "Water", "Clerk", "1", "39000", "Asian", "female", "2023-09-01"])
    return csv_text(first).encode(), csv_text(second).encode()
