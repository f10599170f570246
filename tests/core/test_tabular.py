"""Reading uploaded spreadsheets: every problem found with its line and column, nothing lost."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from workbridge.core.tabular import (
    Column,
    FileProblem,
    Problem,
    check_rows,
    guess_mapping,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_list,
    read_table,
)

COLUMNS = [
    Column("name", "Name", required=True, aliases=("Employer",)),
    Column("wage", "Hourly wage", parse=parse_decimal),
    Column("posted", "Posted on", parse=parse_date),
    Column("positions", "Openings", parse=parse_int),
    Column("fair", "Fair chance", parse=parse_bool),
    Column("size", "Size", parse=parse_choice({"small": "Small", "large": "Large"})),
    Column("shifts", "Shifts", parse=parse_list(str)),
]


def test_it_reads_csv_with_a_byte_order_mark_and_semicolons():
    data = "\ufeffEmployer;Hourly wage\nAcme;18.50\n\nBirch;$19\n".encode()

    headers, rows = read_table(data, "export.csv")

    assert headers == ["Employer", "Hourly wage"]
    assert rows == [["Acme", "18.50"], ["Birch", "$19"]]


def test_it_reads_the_first_sheet_of_a_workbook_with_dates_as_iso_text():
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Posted on", "Openings"])
    sheet.append(["Acme", date(2026, 10, 1), 3])
    buffer = io.BytesIO()
    book.save(buffer)

    headers, rows = read_table(buffer.getvalue(), "openings.XLSX")

    assert headers == ["Name", "Posted on", "Openings"]
    assert rows == [["Acme", "2026-10-01", "3"]]


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [(b"a,b", "x.pdf", "file_type"), (b"\n\n", "x.csv", "empty"), (b"junk", "x.xlsx", "damaged")],
)
def test_it_names_what_is_wrong_with_an_unreadable_file(data, name, code):
    with pytest.raises(FileProblem) as problem:
        read_table(data, name)

    assert problem.value.code == code


def test_it_guesses_columns_by_name_label_or_alias_ignoring_case_and_punctuation():
    headers = ["EMPLOYER", "hourly_wage", "Posted-On", "unrelated"]

    assert guess_mapping(headers, COLUMNS) == {
        "name": "EMPLOYER",
        "wage": "hourly_wage",
        "posted": "Posted-On",
    }


def test_it_collects_every_problem_with_its_line_and_column_and_keeps_good_rows():
    headers = ["Name", "Wage", "Posted", "Openings", "Fair", "Size", "Shifts"]
    mapping = dict(zip([c.key for c in COLUMNS], headers, strict=True))
    rows = [
        ["Acme", "18.50", "10/01/2026", "3", "yes", "SMALL", "day; evening"],
        ["", "abc", "yesterday", "2.5", "maybe", "huge", ""],
        ["Birch", "", "", "", "", "", ""],
    ]

    checked = check_rows(headers, rows, COLUMNS, mapping)

    assert checked.rows == [
        {
            "name": "Acme",
            "wage": Decimal("18.50"),
            "posted": date(2026, 10, 1),
            "positions": 3,
            "fair": True,
            "size": "small",
            "shifts": ["day", "evening"],
        },
        {"name": "Birch"},
    ]
    assert checked.lines == [2, 4]
    assert checked.problems == [
        Problem(3, "Name", "required"),
        Problem(3, "Wage", "not_number", {"value": "abc"}),
        Problem(3, "Posted", "not_date", {"value": "yesterday"}),
        Problem(3, "Openings", "not_whole_number", {"value": "2.5"}),
        Problem(3, "Fair", "not_yes_no", {"value": "maybe"}),
        Problem(3, "Size", "not_choice", {"value": "huge", "choices": "small, large"}),
    ]


def test_a_required_field_without_a_column_stops_before_reading_rows():
    checked = check_rows(["Wage"], [["18"]], COLUMNS, {"wage": "Wage"})

    assert checked.rows == []
    assert checked.problems == [Problem(1, "Name", "choose_column", {"field": "Name"})]
