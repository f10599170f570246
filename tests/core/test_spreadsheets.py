"""Reading uploaded spreadsheets: every problem found with its row and column, nothing lost."""

import csv
import io
import re
import time
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from tests.hostile_files import SHEET, sheet_of, workbook_bytes, zip_bomb_xlsx
from workbridge.core.spreadsheets import (
    Column,
    FileProblem,
    Limits,
    Problem,
    check_rows,
    guess_mapping,
    open_table,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_list,
)


def read_table(data: bytes, name: str, **options) -> tuple[list[str], list[list[str]]]:
    """The headings and every row's cells, read from the bytes of a file."""
    with open_table(io.BytesIO(data), name, **options) as table:
        return table.headers, [cells for _number, cells in table]


def numbered(rows: list[list[str]]) -> list[tuple[int, list[str]]]:
    """Rows as the reader gives them: with their row numbers, the heading being row 1."""
    return list(enumerate(rows, start=2))


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

    checked = check_rows(headers, numbered(rows), COLUMNS, mapping)

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
    assert checked.numbers == [2, 4]
    assert checked.problems == [
        Problem(3, "Name", "required"),
        Problem(3, "Wage", "not_number", {"value": "abc"}),
        Problem(3, "Posted", "not_date", {"value": "yesterday"}),
        Problem(3, "Openings", "not_whole_number", {"value": "2.5"}),
        Problem(3, "Fair", "not_yes_no", {"value": "maybe"}),
        Problem(3, "Size", "not_choice", {"value": "huge", "choices": ["small", "large"]}),
    ]


def test_a_required_field_without_a_column_stops_before_reading_rows():
    checked = check_rows(["Wage"], numbered([["18"]]), COLUMNS, {"wage": "Wage"})

    assert checked.rows == []
    assert checked.problems == [Problem(1, "Name", "choose_column", {"field": "Name"})]


# Hostile files: refused cheaply and clearly, or read without what they hide. -----------


def problem_of(data: bytes, name: str, **limits) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        read_table(data, name, limits=Limits(**limits))
    return caught.value


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_it_reads_unicode_text_with_a_byte_order_mark(codec):
    # given: Excel's "Unicode text" and its kin; a BOM written where the codec has none
    text = "Employer\tHourly wage\nÁgua Co\t18.50\n"
    data = text.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(codec) + data
    # when
    headers, rows = read_table(data, "export.txt")
    # then
    assert headers == ["Employer", "Hourly wage"]
    assert rows == [["Água Co", "18.50"]]


def test_it_reads_utf16_without_a_byte_order_mark():
    data = "Employer,Hourly wage\nAcme,18.50\n".encode("utf-16-le")

    headers, rows = read_table(data, "export.csv")

    assert (headers, rows) == (["Employer", "Hourly wage"], [["Acme", "18.50"]])


def test_it_reads_windows_1252_text_as_before():
    data = "Employer;Hourly wage\nÁgua “Co”;18.50\n".encode("cp1252")

    headers, rows = read_table(data, "export.csv")

    assert (headers, rows) == (["Employer", "Hourly wage"], [["Água “Co”", "18.50"]])


def test_it_refuses_text_that_no_encoding_reads():
    # given: not UTF-8, and 0x81 has no character in Windows-1252
    data = b"Employer\nAcme \x81\x8d\n"
    # then
    assert problem_of(data, "export.csv").code == "encoding"


@pytest.mark.parametrize(
    ("header", "repeated"),
    [
        ("Name,Email,name", "Name"),
        ("Name , Email,E-mail, NAME,email", "Name, Email"),
        ("Full  name,full name", "Full  name"),
    ],
)
def test_it_refuses_a_heading_given_to_two_columns(header, repeated):
    # given
    data = f"{header}\nAna,a@example.org,Bea\n".encode()
    # when
    problem = problem_of(data, "people.csv")
    # then
    assert (problem.code, problem.params) == ("repeated_headings", {"headings": repeated})


def test_it_refuses_repeated_headings_in_a_workbook_too():
    data = workbook_bytes([["Name", "Email", " name "], ["Ana", "a@example.org", "Bea"]])

    problem = problem_of(data, "people.xlsx")

    assert (problem.code, problem.params) == ("repeated_headings", {"headings": "Name"})


def test_it_lets_blank_headings_repeat():
    headers, rows = read_table(b"Name,,\nAna,x,y\n", "people.csv")

    assert (headers, rows) == (["Name", "", ""], [["Ana", "x", "y"]])


def test_it_removes_control_characters_but_keeps_tabs_and_line_breaks():
    # given
    data = b'Name\x00,Notes\n"Ctrl\x01\x0bChar","first\tline\r\nsecond\x7f\x1b"\n'
    # when
    headers, rows = read_table(data, "people.csv")
    # then
    assert headers == ["Name", "Notes"]
    assert rows == [["CtrlChar", "first\tline\r\nsecond"]]


def test_it_removes_control_characters_from_workbook_cells():
    # given: XML may carry C1 controls and DEL as character references
    data = sheet_of([["Name", "Notes"], ["Ctrl&#x85;&#x7F;&#x9F;Char", "a&#10;b"]])
    # when
    headers, rows = read_table(data, "people.xlsx")
    # then
    assert (headers, rows) == (["Name", "Notes"], [["CtrlChar", "a\nb"]])


def test_it_refuses_a_field_longer_than_the_csv_limit():
    data = b"Name,Notes\nAna," + b"x" * 200_000 + b"\n"

    problem = problem_of(data, "people.csv")

    assert (problem.code, problem.params) == ("field_too_long", {"max": 131072, "line": 2})


def test_it_refuses_more_rows_than_the_limit_counting_blank_ones():
    data = b"Name\n" + b"Ana\n\n" * 6

    assert read_table(data, "people.csv", limits=Limits(max_rows=12))[1] == [["Ana"]] * 6
    problem = problem_of(data, "people.csv", max_rows=11)
    assert (problem.code, problem.params) == ("too_many_rows", {"max": 11})


def test_it_refuses_more_columns_than_the_limit():
    data = (",".join(f"c{i}" for i in range(12)) + "\n").encode()

    problem = problem_of(data, "wide.csv", max_columns=11)

    assert (problem.code, problem.params) == ("too_many_columns", {"max": 11})


def test_it_refuses_a_zip_bomb_before_openpyxl_parses_it(monkeypatch):
    # given: 26 MB of sheet XML in 93 kB, and openpyxl told to fail if it is asked
    data = zip_bomb_xlsx()
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the bomb was parsed")
    )
    started = time.perf_counter()
    # when
    problem = problem_of(data, "bomb.xlsx")
    # then
    assert (problem.code, problem.params) == ("too_compressed", {"ratio": 100})
    assert time.perf_counter() - started < 2


def test_it_refuses_a_workbook_larger_than_the_limit_unpacked(monkeypatch):
    data = workbook_bytes([["Name"], ["Ana"]])
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the file was parsed")
    )

    problem = problem_of(data, "people.xlsx", max_unpacked_bytes=10_000)

    assert (problem.code, problem.params) == ("too_large", {"max_mb": 0})


def test_it_stops_reading_a_workbook_at_the_row_limit(monkeypatch):
    # given: a bomb let through the ratio check, and a count of the rows openpyxl parses
    parsed = []
    original = WorkSheetParser.parse_row
    monkeypatch.setattr(
        WorkSheetParser, "parse_row", lambda self, row: parsed.append(1) or original(self, row)
    )
    # when
    problem = problem_of(zip_bomb_xlsx(), "bomb.xlsx", max_ratio=1_000_000, max_rows=1_000)
    # then
    assert (problem.code, problem.params) == ("too_many_rows", {"max": 1_000})
    assert len(parsed) == 1_002


def test_it_reads_rows_as_long_as_their_cells_whatever_size_the_sheet_claims():
    # given: a sheet that says it spans 16,384 columns and 200 rows, and holds two rows
    data = sheet_of([["Name", "Email"], ["Ana", "a@example.org"]], dimension="A1:XFD200")
    # when
    headers, rows = read_table(data, "people.xlsx")
    # then
    assert (headers, rows) == (["Name", "Email"], [["Ana", "a@example.org"]])


def test_it_refuses_a_workbook_without_a_sheet_or_a_truncated_one():
    data = workbook_bytes([["Name"], ["Ana"]])
    without_sheet = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(without_sheet, "w") as out:
        for info in source.infolist():
            if info.filename != SHEET:
                out.writestr(info, source.read(info))

    assert problem_of(without_sheet.getvalue(), "people.xlsx").code == "damaged"
    assert problem_of(data[: len(data) // 2], "people.xlsx").code == "damaged"


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=6), max_size=8),
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_any_text_written_as_csv_reads_or_is_refused_as_a_file_problem(rows, codec):
    # given
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    try:
        data = buffer.getvalue().encode(codec)
    except UnicodeEncodeError:
        data = buffer.getvalue().encode("utf-8")
    # when
    try:
        headers, read = read_table(data, "any.csv")
    except FileProblem:
        return
    # then
    for cell in [*headers, *(c for row in read for c in row)]:
        assert not CONTROL.search(cell)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=400), name=st.sampled_from(["any.csv", "any.xlsx"]))
def test_any_bytes_read_or_are_refused_as_a_file_problem(data, name):
    try:
        headers, rows = read_table(data, name)
    except FileProblem:
        return
    for cell in [*headers, *(c for row in rows for c in row)]:
        assert not CONTROL.search(cell)


def test_it_counts_only_the_columns_a_heading_row_uses():
    data = ("Name,Email" + "," * 20 + "\nAna,a@example.org\n").encode()

    headers, rows = read_table(data, "people.csv", limits=Limits(max_columns=21))

    assert headers[:3] == ["Name", "Email", ""]
    assert rows == [["Ana", "a@example.org"]]


def test_it_refuses_a_workbook_whose_shared_strings_would_fill_memory(monkeypatch):
    # given: parts read whole (shared strings, styles) larger than allowed; the sheet small
    data = workbook_bytes([["Name"], ["Ana"]])
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the file was parsed")
    )
    # when: its parts other than the sheet come to about 16 kB
    problem = problem_of(data, "people.xlsx", max_parts_bytes=10_000)
    # then
    assert (problem.code, problem.params) == ("too_large", {"max_mb": 0})


class LinesOnDemand(io.RawIOBase):
    """A CSV file of many rows, made as it is read, that counts the bytes handed out."""

    def __init__(self, rows: int):
        self.lines = (f"A{n},Name {n},2026-10-01\n".encode() for n in range(rows))
        self.pending = b"Id,Name,Posted\n"
        self.given = b""  # what was handed out since the start, while it is little
        self.handed_out = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        # Back to the start, as a reader does after sniffing the head: the head is made again.
        assert (offset, whence) == (0, 0)
        self.pending = self.given + self.pending
        self.given = b""
        return 0

    def readinto(self, buffer) -> int:
        while len(self.pending) < len(buffer):
            line = next(self.lines, None)
            if line is None:
                break
            self.pending += line
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        if len(self.given) < 1_000_000:
            self.given += self.pending[:size]
        self.pending = self.pending[size:]
        self.handed_out += size
        return size


def test_it_streams_a_large_csv_reading_only_as_far_as_the_rows_taken():
    # given a file of two million rows (about 60 MB), made only as it is read
    source = LinesOnDemand(2_000_000)
    # when the first three rows are taken
    with open_table(io.BufferedReader(source), "big.csv") as table:
        first = [next(iter(table)) for _ in range(3)]
    # then they are numbered as the spreadsheet does, and little of the file was read
    assert first == [
        (2, ["A0", "Name 0", "2026-10-01"]),
        (3, ["A1", "Name 1", "2026-10-01"]),
        (4, ["A2", "Name 2", "2026-10-01"]),
    ]
    assert source.handed_out < 1_000_000


def test_it_streams_a_large_workbook_parsing_only_the_rows_taken(monkeypatch):
    # given a workbook of 20,000 rows, and a count of the rows openpyxl parses
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Id", "Posted"])
    for n in range(20_000):
        sheet.append([f"A{n}", date(2026, 10, 1)])
    data = io.BytesIO()
    book.save(data)
    parsed = []
    original = WorkSheetParser.parse_row
    monkeypatch.setattr(
        WorkSheetParser, "parse_row", lambda self, row: parsed.append(1) or original(self, row)
    )
    # when the first two rows are taken
    with open_table(io.BytesIO(data.getvalue()), "big.xlsx") as table:
        rows = iter(table)
        first = [next(rows), next(rows)]
    # then dates read as ISO dates, and only those rows (and the heading) were parsed
    assert first == [(2, ["A0", "2026-10-01"]), (3, ["A1", "2026-10-01"])]
    assert len(parsed) == 3


def test_it_skips_blank_rows_but_numbers_rows_as_the_spreadsheet_does():
    data = workbook_bytes([["Name"], ["Ana"], [None], ["", "  "], ["Ben"]])

    with open_table(io.BytesIO(data), "people.xlsx") as table:
        rows = list(table)

    assert rows == [(2, ["Ana"]), (5, ["Ben"])]
