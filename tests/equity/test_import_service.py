"""Importing applicant-flow files through the service functions, without the pages."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from workbridge.accounts.models import AuditEvent
from workbridge.core.spreadsheets import csv_text
from workbridge.equity.imports import load
from workbridge.equity.imports.load import applicant_import_apply
from workbridge.equity.imports.rows import ImportRefused, applicant_import_check, problem_text
from workbridge.equity.models import (
    ENDED_COLUMNS,
    MAX_STAGES,
    WITHDREW_COLUMNS,
    Applicant,
    FlowCount,
    JobFair,
    Requisition,
)
from workbridge.web.uploads import IMPORTS, upload_write

HEADER = [
    "requisition_id",
    "department",
    "job_title",
    "eeo4_category",
    "salary_min",
    "salary_max",
    "posting_date",
    "source_channels",
    "applicant_id",
    "race_ethnicity",
    "race_detail",
    "sex",
    "veteran",
    "disability",
    "home_zip",
    "heard_about",
    "job_fair",
    "stage_reached",
    "withdrew",
    "applied_date",
    "hired_date",
]
ENGINEER = ["R1", "Water", "Engineer", "Professionals", "60000", "90000", "2024-03-01"]
ENGINEER += ["city site; LinkedIn"]
MECHANIC = ["R2", "Fleet", "Mechanic", "skilled_craft", "$45,000", "55000", "06/10/2023", ""]
ROWS = [
    [*ENGINEER, "A1", "Black or African American", "", "Female", "No", "No", "60623",
     "Job fair", "", "hired", "no", "2024-03-05", "2024-05-01"],
    [*ENGINEER, "A2", "white", "Polish", "male", "yes", "", "60601", "Website", "",
     "Interviewed", "", "2024-03-06", ""],
    [*ENGINEER, "A3", "Hispanic or Latino; White", "", "F", "", "", "46307", "", "",
     "applied", "", "", ""],
    [*ENGINEER, "A4", "Prefer not to say", "", "male", "prefer not to say", "yes", "",
     "", "", "screened", "yes", "", ""],
    [*MECHANIC, "B1", "asian", "", "male", "", "", "60623", "", "", "offered", "", "", ""],
    [*MECHANIC, "B2", "black", "", "male", "", "", "", "", "", "applied", "", "", ""],
]  # fmt: skip
MAPPING = {key: key for key in HEADER}


def write_csv(tmp_path, rows, header=HEADER, name="flow.csv") -> str:
    """Keep a CSV file in the file store, as an upload is kept; returns its name there."""
    return upload_write(IMPORTS, name, csv_text([header, *rows]).encode("utf-8"))


def check(organisation, stored: str, mapping=MAPPING):
    return applicant_import_check(
        organisation=organisation, stored_file=stored, filename=stored, mapping=mapping
    )


def import_file(organisation, by, stored: str, mapping=MAPPING) -> dict:
    checked = check(organisation, stored, mapping)
    assert checked.ok, [problem_text(p) for p in checked.problems]
    return applicant_import_apply(organisation=organisation, check=checked, by=by)


def flow_counts(organisation) -> set[tuple]:
    """Each group's count row: its key, then who ended at each stage, then who withdrew there."""
    return set(
        FlowCount.objects.filter(organisation=organisation).values_list(
            "year",
            "department",
            "job_title",
            "eeo_category",
            "sex",
            *ENDED_COLUMNS,
            *WITHDREW_COLUMNS,
        )
    )


def count_row(year, department, title, eeo, sex, *, ended=(), withdrew=()) -> tuple:
    """A count row with one applicant at each stage listed."""
    ended_columns = [0] * MAX_STAGES
    withdrew_columns = [0] * MAX_STAGES
    for stage in ended:
        ended_columns[stage] += 1
    for stage in withdrew:
        withdrew_columns[stage] += 1
    return (year, department, title, eeo, sex, *ended_columns, *withdrew_columns)


EXPECTED_COUNTS = {
    count_row(2024, "Water", "Engineer", "black", "female", ended=[5]),
    count_row(2024, "Water", "Engineer", "white", "male", ended=[3]),
    count_row(2024, "Water", "Engineer", "hispanic", "female", ended=[0]),
    count_row(2024, "Water", "Engineer", "not_disclosed", "male", withdrew=[2]),
    count_row(2023, "Fleet", "Mechanic", "asian", "male", ended=[4]),
    count_row(2023, "Fleet", "Mechanic", "black", "male", ended=[0]),
}


def test_it_imports_every_row_and_says_what_it_created(analyst, tmp_path):
    # given
    path = write_csv(tmp_path, ROWS)
    organisation = analyst.membership.organisation
    # when
    summary = import_file(organisation, analyst, path)
    # then
    assert summary == {
        "rows": 6,
        "requisitions_created": 2,
        "requisitions_updated": 0,
        "requisitions_unchanged": 0,
        "applicants_created": 6,
        "applicants_updated": 0,
        "applicants_unchanged": 0,
        "by_year": {
            "2023": {"created": 2, "updated": 0, "unchanged": 0},
            "2024": {"created": 4, "updated": 0, "unchanged": 0},
        },
    }
    engineer = Requisition.objects.get(organisation=organisation, external_id="R1")
    assert (engineer.department, engineer.job_title, engineer.eeo4_category) == (
        "Water",
        "Engineer",
        "professionals",
    )
    assert (engineer.salary_min, engineer.salary_max) == (Decimal("60000"), Decimal("90000"))
    assert (engineer.posting_date, engineer.year) == (date(2024, 3, 1), 2024)
    assert engineer.source_channels == ["city site", "LinkedIn"]
    mechanic = Requisition.objects.get(organisation=organisation, external_id="R2")
    assert (mechanic.salary_min, mechanic.year) == (Decimal("45000"), 2023)
    a1 = Applicant.objects.get(requisition=engineer, external_id="A1")
    assert a1.race_categories == ["black"]
    assert (a1.eeo_category, a1.sex, a1.veteran, a1.disability) == ("black", "female", "no", "no")
    assert (a1.home_zip, a1.community_area_id) == ("60623", 30)
    assert (a1.reached, a1.withdrew) == (5, False)
    assert a1.stage_dates == {"applied": "2024-03-05", "hired": "2024-05-01"}
    assert a1.heard_about == "Job fair"
    a3 = Applicant.objects.get(requisition=engineer, external_id="A3")
    assert (a3.race_categories, a3.eeo_category) == (["hispanic", "white"], "hispanic")
    # 46307 is in Indiana: kept, with no community area.
    assert (a3.home_zip, a3.community_area_id) == ("46307", None)
    a2 = Applicant.objects.get(requisition=engineer, external_id="A2")
    assert (a2.race_detail, a2.veteran, a2.disability) == ("Polish", "yes", "")


def test_it_counts_the_flow_of_what_it_imported(analyst, tmp_path):
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    assert flow_counts(organisation) == EXPECTED_COUNTS
    withdrawn = FlowCount.objects.get(organisation=organisation, eeo_category="not_disclosed")
    assert (withdrawn.ended_2, withdrawn.withdrew_2) == (0, 1)
    assert count_row(2024, "Water", "Engineer", "not_disclosed", "male", withdrew=[2]) == (
        2024, "Water", "Engineer", "not_disclosed", "male",
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
    )  # fmt: skip


def test_it_records_a_withdrawal_at_the_stage_reached(analyst, tmp_path):
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    a4 = Applicant.objects.get(organisation=organisation, external_id="A4")
    assert (a4.reached, a4.withdrew, a4.race_prefer_not) == (2, True, True)
    assert (a4.race_categories, a4.eeo_category, a4.veteran) == ([], "not_disclosed", "prefer_not")


def test_it_changes_nothing_when_the_same_file_is_imported_again(analyst, tmp_path):
    # given
    organisation = analyst.membership.organisation
    path = write_csv(tmp_path, ROWS)
    import_file(organisation, analyst, path)
    before = list(Applicant.objects.order_by("pk").values())
    # when
    summary = import_file(organisation, analyst, path)
    # then
    assert summary["requisitions_created"] == 0
    assert summary["requisitions_updated"] == 0
    assert summary["requisitions_unchanged"] == 2
    assert (
        summary["applicants_created"],
        summary["applicants_updated"],
        summary["applicants_unchanged"],
    ) == (0, 0, 6)
    assert summary["by_year"] == {
        "2023": {"created": 0, "updated": 0, "unchanged": 2},
        "2024": {"created": 0, "updated": 0, "unchanged": 4},
    }
    assert list(Applicant.objects.order_by("pk").values()) == before
    assert Requisition.objects.count() == 2
    assert flow_counts(organisation) == EXPECTED_COUNTS


def test_it_updates_a_changed_row_and_recounts(analyst, tmp_path):
    # given
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][17] = "offered"  # A2 was offered the job after all
    changed.append(
        [*MECHANIC, "B3", "white", "", "female", "", "", "", "", "", "hired", "", "", ""]
    )
    # when
    summary = import_file(organisation, analyst, write_csv(tmp_path, changed, name="again.csv"))
    # then
    assert (
        summary["applicants_created"],
        summary["applicants_updated"],
        summary["applicants_unchanged"],
    ) == (1, 1, 5)
    assert summary["by_year"]["2024"] == {"created": 0, "updated": 1, "unchanged": 3}
    assert Applicant.objects.get(external_id="A2").reached == 4
    expected = EXPECTED_COUNTS - {count_row(2024, "Water", "Engineer", "white", "male", ended=[3])}
    expected |= {
        count_row(2024, "Water", "Engineer", "white", "male", ended=[4]),
        count_row(2023, "Fleet", "Mechanic", "white", "female", ended=[5]),
    }
    assert flow_counts(organisation) == expected


def test_it_moves_counts_when_a_requisition_changes_title(analyst, tmp_path):
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    renamed = [[*r[:2], "Civil Engineer", *r[3:]] if r[0] == "R1" else r for r in ROWS]
    summary = import_file(organisation, analyst, write_csv(tmp_path, renamed, name="b.csv"))
    assert (summary["requisitions_updated"], summary["applicants_unchanged"]) == (1, 6)
    titles = {row[2] for row in flow_counts(organisation)}
    assert titles == {"Civil Engineer", "Mechanic"}


def test_it_writes_nothing_when_one_row_is_bad(analyst, tmp_path):
    # given: the fourth row of the spreadsheet has a ZIP code that is not one
    rows = [list(r) for r in ROWS]
    rows[2][14] = "6062"
    path = write_csv(tmp_path, rows)
    organisation = analyst.membership.organisation
    # when
    checked = check(organisation, path)
    # then
    assert not checked.ok
    assert checked.problems_total == 1
    [problem] = checked.problems
    assert (problem.row, problem.column, problem.code) == (4, "home_zip", "not_zip")
    assert problem_text(problem) == "“6062” is not a five-digit ZIP code."
    with pytest.raises(ImportRefused):
        applicant_import_apply(organisation=organisation, check=checked, by=analyst)
    assert Requisition.objects.count() == 0
    assert Applicant.objects.count() == 0
    assert FlowCount.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="equity.import").exists()


def test_it_names_both_rows_when_a_requisition_disagrees_with_itself(analyst, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[3][2] = "Engineer II"
    checked = check(analyst.membership.organisation, write_csv(tmp_path, rows))
    [problem] = checked.problems
    assert (problem.row, problem.column, problem.code) == (5, "job_title", "requisition_differs")
    assert problem_text(problem) == (
        "Requisition R1 says “Engineer II” here but “Engineer” on row 2."
    )


def test_it_accepts_the_same_requisition_written_differently(analyst, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[5][4] = "45000.00"  # B2 repeats R2's lowest salary without the dollar sign
    checked = check(analyst.membership.organisation, write_csv(tmp_path, rows))
    assert checked.ok


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("race_ethnicity", "Martian", "not_race"),
        ("race_ethnicity", "white; prefer not to say", "race_and_prefer_not"),
        ("sex", "sometimes", "not_choice"),
        ("stage_reached", "phone call", "not_stage"),
        ("stage_reached", "", "required"),
        ("withdrew", "perhaps", "not_yes_no"),
        ("job_fair", "Nowhere Fair", "unknown_job_fair"),
        ("hired_date", "2024-05-01", "date_after_reached"),
        ("applied_date", "31/31/2024", "not_date"),
        ("applicant_id", "A1", "repeated_applicant"),
        ("salary_max", "10", "requisition_differs"),
    ],
)
def test_it_finds_each_kind_of_problem_with_its_row_and_column(
    analyst, tmp_path, column, value, code
):
    rows = [list(r) for r in ROWS]
    rows[2][HEADER.index(column)] = value
    checked = check(analyst.membership.organisation, write_csv(tmp_path, rows))
    assert [(p.row, p.column, p.code) for p in checked.problems] == [(4, column, code)]


def test_it_matches_job_fairs_by_name(analyst, tmp_path):
    organisation = analyst.membership.organisation
    fair = JobFair.objects.create(
        organisation=organisation, name="Pilsen Jobs Day", date=date(2024, 2, 1)
    )
    rows = [list(r) for r in ROWS]
    rows[0][16] = "pilsen jobs day"
    import_file(organisation, analyst, write_csv(tmp_path, rows))
    assert Applicant.objects.get(external_id="A1").job_fair == fair


def test_it_asks_for_the_required_columns(analyst, tmp_path):
    path = write_csv(tmp_path, ROWS)
    mapping = {k: v for k, v in MAPPING.items() if k != "stage_reached"}
    checked = check(analyst.membership.organisation, path, mapping)
    assert [(p.row, p.code) for p in checked.problems] == [(1, "choose_column")]
    assert problem_text(checked.problems[0]) == "Choose the column for “Furthest stage reached”."


def test_it_reads_columns_through_a_mapping(analyst, tmp_path):
    headings = [f"Col {i}" for i in range(len(HEADER))]
    mapping = dict(zip(HEADER, headings, strict=True))
    path = write_csv(tmp_path, ROWS, header=headings)
    summary = import_file(analyst.membership.organisation, analyst, path, mapping)
    assert summary["applicants_created"] == 6


def test_it_finds_a_bad_cell_in_a_spreadsheet(analyst, tmp_path):
    # given an XLSX file whose third data row has a hiring date that is not a date
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet.cell(row=4, column=HEADER.index("applied_date") + 1, value="soon")
    sheet.cell(row=2, column=HEADER.index("hired_date") + 1, value=date(2024, 5, 1))
    data = io.BytesIO()
    book.save(data)
    stored = upload_write(IMPORTS, "flow.xlsx", data.getvalue())
    organisation = analyst.membership.organisation
    # when
    checked = check(organisation, stored)
    # then
    assert [(p.row, p.column, p.code) for p in checked.problems] == [
        (4, "applied_date", "not_date")
    ]
    assert problem_text(checked.problems[0]) == (
        "“soon” is not a date (use YYYY-MM-DD or MM/DD/YYYY)."
    )
    # and once fixed, it imports, dates from date cells included
    sheet.cell(row=4, column=HEADER.index("applied_date") + 1, value="")
    data = io.BytesIO()
    book.save(data)
    summary = import_file(
        organisation, analyst, upload_write(IMPORTS, "flow.xlsx", data.getvalue())
    )
    assert summary["applicants_created"] == 6
    assert Applicant.objects.get(external_id="A1").stage_dates["hired"] == "2024-05-01"


def test_it_writes_an_audit_event_for_the_personal_data(analyst, tmp_path):
    import_file(analyst.membership.organisation, analyst, write_csv(tmp_path, ROWS))
    event = AuditEvent.objects.get(object_type="equity.import")
    assert event.actor == analyst
    assert event.action == "create"
    assert "race_categories" in event.fields and "sex" in event.fields
    assert event.detail == (
        "flow.csv: 6 rows; requisitions 2 new, 0 updated; applicants 6 new, 0 updated, 0 unchanged"
    )


def test_it_keeps_organisations_apart(analyst, other_analyst, tmp_path):
    path = write_csv(tmp_path, ROWS)
    import_file(analyst.membership.organisation, analyst, path)
    summary = import_file(other_analyst.membership.organisation, other_analyst, path)
    assert summary["applicants_created"] == 6
    assert Applicant.objects.filter(organisation=other_analyst.membership.organisation).count() == 6
    assert Applicant.objects.count() == 12


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the COPY path runs only on PostgreSQL"
)
def test_it_loads_through_copy_on_postgresql(analyst, tmp_path):
    # given many rows, so both the direct COPY and the staged COPY are used
    organisation = analyst.membership.organisation
    path = write_csv(tmp_path, ROWS)
    import_file(organisation, analyst, path)
    more = [list(r) for r in ROWS]
    more[0][17] = "offered"
    more[0][20] = ""
    more.append(["R9", "Parks", "Gardener", "", "", "", "2022-04-01", "", "C1", "white", "",
                 "female", "", "", "", "", "", "applied", "", "", ""])  # fmt: skip
    # when
    summary = import_file(organisation, analyst, write_csv(tmp_path, more, name="more.csv"))
    # then
    assert connection.vendor == "postgresql"
    assert (summary["applicants_created"], summary["applicants_updated"]) == (1, 1)
    assert summary["applicants_unchanged"] == 5
    a1 = Applicant.objects.get(external_id="A1")
    assert (a1.reached, a1.stage_dates) == (4, {"applied": "2024-03-05"})
    assert Applicant.objects.count() == 7


def test_it_reads_a_file_too_big_to_keep_a_second_time_to_load_it(analyst, tmp_path, monkeypatch):
    # given files too big to keep in memory between the check and the load
    monkeypatch.setattr("workbridge.equity.imports.rows.KEEP_PARSED_ROWS", 0)
    organisation = analyst.membership.organisation
    import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][17] = "offered"
    # when
    summary = import_file(organisation, analyst, write_csv(tmp_path, changed, name="b.csv"))
    # then
    assert (summary["applicants_created"], summary["applicants_updated"]) == (0, 1)
    assert summary["applicants_unchanged"] == 5
    assert Applicant.objects.get(external_id="A2").reached == 4


def test_it_writes_nothing_when_the_file_changes_between_check_and_load(
    analyst, tmp_path, monkeypatch
):
    monkeypatch.setattr("workbridge.equity.imports.rows.KEEP_PARSED_ROWS", 0)
    organisation = analyst.membership.organisation
    path = write_csv(tmp_path, ROWS)
    checked = check(organisation, path)
    rows = [list(r) for r in ROWS]
    rows[5][14] = "not a zip"
    write_csv(tmp_path, rows)
    with pytest.raises(ImportRefused):
        applicant_import_apply(organisation=organisation, check=checked, by=analyst)
    assert (Requisition.objects.count(), Applicant.objects.count()) == (0, 0)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="foreign keys are suspended only on PostgreSQL"
)
def test_it_restores_the_foreign_keys_and_indexes_after_a_large_load(
    analyst, tmp_path, monkeypatch
):
    # given a load counted as large, so the checks run once after it
    monkeypatch.setattr(load, "SUSPEND_CHECKS_FROM", 1)
    restored: list[list[str]] = []
    restore = load._checks_restore
    monkeypatch.setattr(
        load, "_checks_restore", lambda sql: (restored.append(list(sql)), restore(sql))
    )

    def schema() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'equity_applicant'::regclass ORDER BY 1"
            )
            constraints = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'equity_applicant' ORDER BY 1"
            )
            return constraints + [row[0] for row in cursor.fetchall()]

    before = schema()
    organisation = analyst.membership.organisation
    # when
    summary = import_file(organisation, analyst, write_csv(tmp_path, ROWS))
    # then
    assert summary["applicants_created"] == 6
    [statements] = restored
    assert sum("FOREIGN KEY" in sql for sql in statements) == 5
    # organisation, import run, community area, and the fair where one is set (the
    # requisition's lookups use the unique index, which stays)
    assert sum(sql.startswith("CREATE INDEX") for sql in statements) == 4
    assert schema() == before
    assert flow_counts(organisation) == EXPECTED_COUNTS


def test_it_names_the_accepted_values_of_a_choice(analyst, tmp_path):
    # given
    rows = [list(r) for r in ROWS]
    rows[2][HEADER.index("sex")] = "sometimes"
    rows[0][HEADER.index("eeo4_category")] = "pilots"
    # when
    checked = check(analyst.membership.organisation, write_csv(tmp_path, rows))
    # then
    assert [problem_text(p) for p in checked.problems] == [
        "“pilots” is not one of the accepted values: Officials and administrators, "
        "Professionals, Technicians, Protective service workers, Paraprofessionals, "
        "Administrative support, Skilled craft workers, Service-maintenance.",
        "“sometimes” is not one of the accepted values: Female, Male, Another sex or gender, "
        "Prefer not to say.",
    ]
