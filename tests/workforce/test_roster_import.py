"""Importing employee rosters as snapshots, through the service functions."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from tests.workforce.conftest import shared_data, store
from workbridge.accounts.models import AuditEvent
from workbridge.core.spreadsheets import csv_text, guess_mapping
from workbridge.workforce.models import Employee, Snapshot, TitleCategory
from workbridge.workforce.roster_load import RosterRefused, roster_import_apply
from workbridge.workforce.roster_rows import (
    problem_text,
    roster_check,
    roster_columns,
    roster_headers,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "Employee ID",
    "Name",
    "Department",
    "Title",
    "Grade",
    "EEO4",
    "Full or Part-Time",
    "Salary or Hourly",
    "Annual Salary",
    "Hourly Rate",
    "Typical Hours",
    "Race",
    "Sex",
    "ZIP",
    "Hire date",
    "Union",
]


def roster(rows, header=HEADER) -> tuple[str, str]:
    name = "roster.csv"
    return store(name, csv_text([header, *rows]).encode()), name


def check(org, rows, header=HEADER, mapping=None):
    stored, name = roster(rows, header)
    if mapping is None:
        mapping = guess_mapping(roster_headers(stored, name), roster_columns())
    return roster_check(organisation=org, stored_file=stored, filename=name, mapping=mapping)


def test_a_roster_loads_as_a_snapshot_with_hourly_pay_annualised_and_names_never_stored(
    southside, analyst
):
    found = check(
        southside,
        [
            [
                "E1",
                "DOE, JANE",
                "Water",
                "Engineer",
                "5",
                "professionals",
                "F",
                "Salary",
                "90,000",
                "",
                "",
                "Black or African American",
                "F",
                "60623",
                "2015-04-01",
                "AFSCME",
            ],
            [
                "E2",
                "ROE, RICHARD",
                "Water",
                "Laborer",
                "2",
                "",
                "P",
                "Hourly",
                "",
                "20.50",
                "20",
                "white",
                "male",
                "",
                "",
                "",
            ],
        ],
    )
    assert found.ok, [problem_text(p) for p in found.problems]
    summary = roster_import_apply(
        organisation=southside, check=found, as_of=date(2024, 1, 1), by=analyst
    )
    assert summary["employees"] == 2
    snapshot = Snapshot.objects.get(organisation=southside, as_of=date(2024, 1, 1))
    hourly = Employee.objects.get(snapshot=snapshot, job_title="Laborer")
    assert hourly.annual_pay == Decimal("21320.00")  # 20.50 × 20 × 52
    assert hourly.pay_computed and hourly.full_time is False
    salaried = Employee.objects.get(snapshot=snapshot, job_title="Engineer")
    assert salaried.annual_pay == Decimal("90000.00") and not salaried.pay_computed
    assert salaried.eeo_category == "black" and salaried.sex == "female"
    assert salaried.community_area_id is not None
    stored_text = " ".join(str(v) for row in Employee.objects.values_list() for v in row)
    assert "DOE" not in stored_text.upper() and "E1" not in stored_text.split()
    assert len(salaried.employee_key) == 32 and len(salaried.name_hash) == 64
    assert AuditEvent.objects.filter(object_type="workforce.snapshot").exists()


def test_the_same_employee_id_gives_the_same_key_on_every_snapshot(southside, analyst):
    row = [
        "E7",
        "",
        "Fleet",
        "Mechanic",
        "",
        "skilled_craft",
        "F",
        "",
        "50000",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    for year in (2023, 2024):
        roster_import_apply(
            organisation=southside,
            check=check(southside, [row]),
            as_of=date(year, 1, 1),
            by=analyst,
        )
    keys = set(Employee.objects.values_list("employee_key", flat=True))
    assert len(keys) == 1


def test_every_row_is_checked_before_anything_is_written(southside, analyst):
    found = check(
        southside,
        [
            [
                "E1",
                "",
                "Water",
                "Engineer",
                "",
                "",
                "F",
                "Hourly",
                "",
                "30",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            ["E1", "", "Water", "", "", "", "Q", "", "abc", "", "", "purple", "", "123", "", ""],
        ],
    )
    assert not found.ok
    texts = {(p.row, p.column): problem_text(p) for p in found.problems}
    assert "typical weekly hours" in texts[(2, "Typical Hours")]
    assert "also on row 2" in texts[(3, "Employee ID")]
    assert (3, "Title") in texts and (3, "Full or Part-Time") in texts
    assert (3, "Race") in texts and (3, "ZIP") in texts and (3, "Annual Salary") in texts
    with pytest.raises(RosterRefused):
        roster_import_apply(organisation=southside, check=found, as_of=date(2024, 1, 1), by=analyst)
    assert not Snapshot.objects.exists() and not Employee.objects.exists()


def test_a_roster_without_an_id_or_a_name_column_is_refused(southside):
    found = check(southside, [["Water", "Engineer"]], header=["Department", "Title"])
    assert [p.code for p in found.problems] == ["choose_column"]


def test_the_citys_public_roster_loads_as_it_is(southside, analyst):
    path = shared_data("workforce", "chicago_employees_2023-03.csv")
    content = path.read_bytes()
    stored = store("chicago.csv", content)
    mapping = guess_mapping(roster_headers(stored, "chicago.csv"), roster_columns())
    assert mapping == {
        "name": "Name",
        "department": "Department",
        "job_title": "Job Titles",
        "full_time": "Full or Part-Time",
        "pay_basis": "Salary or Hourly",
        "annual_salary": "Annual Salary",
        "hourly_rate": "Hourly Rate",
        "typical_hours": "Typical Hours",
    }
    found = roster_check(
        organisation=southside, stored_file=stored, filename="chicago.csv", mapping=mapping
    )
    assert found.ok, [problem_text(p) for p in found.problems[:5]]
    summary = roster_import_apply(
        organisation=southside, check=found, as_of=date(2023, 3, 1), by=analyst
    )
    assert summary["employees"] == 31_133
    employees = Employee.objects.filter(snapshot__as_of=date(2023, 3, 1))
    by_department = dict(
        employees.values_list("department").annotate(n=Count("id")).values_list("department", "n")
    )
    assert by_department["DEPARTMENT OF POLICE"] == 12_304
    assert by_department["FIRE DEPARTMENT"] == 4_776
    assert by_department["DEPT OF WATER MANAGEMENT"] == 1_982
    assert sum(by_department.values()) == 31_133 and len(by_department) == 38
    # No race or sex in the file: everyone shows as not disclosed.
    assert set(employees.values_list("eeo_category", flat=True)) == {"not_disclosed"}
    assert set(employees.values_list("sex", flat=True)) == {""}
    # Hourly staff: rate × typical hours × 52, marked computed.
    truck = employees.filter(
        job_title="MOTOR TRUCK DRIVER", hourly_rate=Decimal("39.25"), typical_hours=40
    ).first()
    assert truck.annual_pay == Decimal("81640.00") and truck.pay_computed
    assert employees.filter(pay_computed=True).count() == 6_910
    # Every title reached the crosswalk; police officers are protective service.
    assert TitleCategory.objects.filter(organisation=southside).count() == 1_086
    assert set(
        employees.filter(job_title="POLICE OFFICER").values_list("eeo4_category", flat=True)
    ) == {"protective"}
    total = employees.filter(pay_computed=False).aggregate(s=Sum("annual_pay"))["s"]
    assert total > 0
