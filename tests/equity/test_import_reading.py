"""Reading applicant-flow files without a database: row numbers, delimiters, encodings, values."""

import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet._reader import WorkSheetParser

from tests.hostile_files import sheet_of, workbook_bytes, zip_bomb_xlsx
from workbridge.core import spreadsheets
from workbridge.core.applicant_import import (
    ApplicantFileReader,
    Lookups,
    check_file,
    normalise,
    stage_date_field,
)
from workbridge.core.spreadsheets import FileProblem, Limits, csv_text, open_table


def table_rows(path: Path, name: str, **options):
    """The headings and the stream of (row number, cells) of a file on disk."""
    table = open_table(Path(path).open("rb"), name, **options)  # noqa: SIM115 (closed with it)
    return table.headers, table


def estimate_rows(path: Path, name: str) -> int:
    with Path(path).open("rb") as source:
        return spreadsheets.estimate_rows(source, name)


LOOKUPS = Lookups(
    stages=["applied", "qualified", "screened", "interviewed", "offered", "hired"],
    races={
        "black": "black",
        "blackorafricanamerican": "black",
        "white": "white",
        "hispanic": "hispanic",
    },
    sexes={"female": "female", "male": "male", "f": "female"},
    yes_no_prefer_not={"yes": "yes", "no": "no"},
    eeo4_categories={"professionals": "professionals"},
    job_fairs={},
    zip_areas={"60623": 30},
)
HEADER = (
    "requisition_id,department,job_title,posting_date,applicant_id,race_ethnicity,sex,stage_reached"
)


def read(tmp_path: Path, text: str, name="f.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    headers, rows = table_rows(path, name)
    reader = ApplicantFileReader(headers, {h: h for h in headers}, LOOKUPS)
    kept = check_file(reader, rows, keep_rows=100)
    return reader, kept


def test_it_numbers_rows_as_the_spreadsheet_does_counting_blank_ones(tmp_path):
    text = (
        f"{HEADER}\n"
        "R1,Water,Engineer,2024-01-02,A1,black,f,applied\n"
        "\n"
        ",,,,,,,\n"
        "R1,Water,Engineer,2024-01-02,A2,green,male,applied\n"
    )
    reader, kept = read(tmp_path, text)
    assert [(p.row, p.column, p.code) for p in reader.problems] == [
        (5, "race_ethnicity", "not_race")
    ]
    assert reader.rows_read == 2
    assert kept is None


def test_it_reads_semicolon_separated_windows_files(tmp_path):
    text = (
        f"{HEADER.replace(',', ';')}\r\n"
        "R1;Água;Engineer;01/02/2024;A1;Black or African American;female;Hired\r\n"
    )
    reader, kept = read(tmp_path, text, encoding="cp1252")
    assert reader.problems == []
    assert reader.requisitions["R1"].department == "Água"
    [row] = kept
    assert row[:3] == ("R1", "A1", '["black"]')
    assert (row[5], row[6], row[13]) == ("black", "female", 5)


def test_it_refuses_a_file_that_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(FileProblem) as caught:
        table_rows(path, "f.pdf")
    assert caught.value.code == "file_type"


def test_it_names_the_date_columns_after_the_stages():
    assert stage_date_field("Minimum qualifications") == "minimumqualifications_date"
    assert stage_date_field("hired") == "hired_date"
    assert normalise("Black or African-American") == "blackorafricanamerican"


# Hostile files ------------------------------------------------------------------

ROW = "R1,Water,Engineer,2024-01-02,A1,black,f,applied"


def stream(path: Path, **limits) -> tuple[list[str], list[tuple[int, list[str]]]]:
    headers, rows = table_rows(path, path.name, limits=Limits(**limits))
    return headers, list(rows)


def problem_of(path: Path, **limits) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        stream(path, **limits)
    return caught.value


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-8-sig", "utf-16-le"])
def test_it_reads_unicode_exports_with_or_without_a_byte_order_mark(tmp_path, codec):
    # given: what Excel saves as "Unicode text", tab-separated
    text = f"{HEADER}\n{ROW.replace('Water', 'Água')}\n".replace(",", "\t")
    # when
    reader, kept = read(tmp_path, text, name="f.txt", encoding=codec)
    # then
    assert reader.problems == []
    assert reader.requisitions["R1"].department == "Água"
    assert [row[:2] for row in kept] == [("R1", "A1")]


def test_it_refuses_text_in_no_encoding_it_knows(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(f"{HEADER}\n".encode() + b"R1,Water \x81\x8d,Engineer\n" * 20_000)

    assert problem_of(path).code == "encoding"


@pytest.mark.parametrize("name", ["f.csv", "f.xlsx"])
def test_it_refuses_a_heading_given_to_two_columns(tmp_path, name):
    # given: "Sex" twice, once in capitals, and two blank headings (which may repeat)
    header = [*HEADER.split(","), " SEX", "", ""]
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(workbook_bytes([header, ROW.split(",")]))
    else:
        path.write_text(",".join(header) + f"\n{ROW}\n")
    # when
    problem = problem_of(path)
    # then
    assert (problem.code, problem.params) == ("repeated_headings", {"headings": "sex"})


def test_it_removes_control_characters_before_checking_cells(tmp_path):
    # given: a NUL, a vertical tab and C1 controls in cells of a CSV file
    text = (
        f"{HEADER},race_detail\nR1,Wa\x00ter,Engi\x85neer,2024-01-02,A\x0b1,black,f,applied,x\x01\n"
    )
    # when
    reader, kept = read(tmp_path, text)
    # then
    assert reader.problems == []
    assert reader.requisitions["R1"].department == "Water"
    assert reader.requisitions["R1"].job_title == "Engineer"
    [row] = kept
    assert (row[0], row[1], row[3]) == ("R1", "A1", "x")


def test_it_removes_control_characters_from_workbook_cells(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(sheet_of([["Name", "Notes"], ["Ctrl&#x85;&#x7F;Char", "a&#10;b"]]))

    assert stream(path) == (["Name", "Notes"], [(2, ["CtrlChar", "a\nb"])])


def test_it_reads_no_field_from_a_cell_past_the_last_heading(tmp_path):
    # given: no "sex" column, and a row with one cell more than the headings
    header = HEADER.replace(",sex", "")
    text = f"{header}\nR1,Water,Engineer,2024-01-02,A1,black,applied,stray\n"
    # when
    reader, kept = read(tmp_path, text)
    # then
    assert reader.problems == []
    assert kept[0][6] == ""


def test_it_refuses_a_field_longer_than_the_csv_limit_when_it_is_read(tmp_path):
    # given
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{ROW.replace('Water', 'W' * 200_000)}\n")
    _headers, rows = table_rows(path, "f.csv")
    # when
    with pytest.raises(FileProblem) as caught:
        list(rows)
    # then
    assert (caught.value.code, caught.value.params) == (
        "field_too_long",
        {"max": 131072, "line": 3},
    )


@pytest.mark.parametrize("name", ["f.csv", "f.xlsx"])
def test_it_stops_at_the_row_limit_counting_blank_rows(tmp_path, name):
    # given: four applicant rows with a blank one among them
    rows = [HEADER.split(","), *[ROW.replace("A1", f"A{n}").split(",") for n in range(4)]]
    rows.insert(3, [""])
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_bytes(workbook_bytes(rows))
    else:
        path.write_text("\n".join(",".join(r) for r in rows) + "\n")
    # when
    within = stream(path, max_rows=5)
    problem = problem_of(path, max_rows=4)
    # then
    assert [n for n, _cells in within[1]] == [2, 3, 5, 6]
    assert (problem.code, problem.params) == ("too_many_rows", {"max": 4})


def test_it_refuses_too_many_columns(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{ROW},x,y\n")

    problem = problem_of(path, max_columns=9)

    assert (problem.code, problem.params) == ("too_many_columns", {"max": 9})


def test_it_refuses_a_zip_bomb_before_openpyxl_reads_it(tmp_path, monkeypatch):
    # given
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx())
    monkeypatch.setattr(
        openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the bomb was parsed")
    )
    # when
    with pytest.raises(FileProblem) as caught:
        table_rows(path, "bomb.xlsx")
    # then
    assert (caught.value.code, caught.value.params) == ("too_compressed", {"ratio": 100})
    assert estimate_rows(path, "bomb.xlsx") == 0


def test_it_stops_streaming_a_workbook_at_the_row_limit(tmp_path, monkeypatch):
    # given: a bomb let through the ratio check, and a count of the rows openpyxl parses
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx())
    parsed = []
    original = WorkSheetParser.parse_row
    monkeypatch.setattr(
        WorkSheetParser, "parse_row", lambda self, row: parsed.append(1) or original(self, row)
    )
    # when
    problem = problem_of(path, max_ratio=1_000_000, max_rows=1_000)
    # then
    assert (problem.code, problem.params) == ("too_many_rows", {"max": 1_000})
    assert len(parsed) == 1_002


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=5), max_size=6),
    codec=st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252"]),
)
def test_any_text_streams_or_is_refused_as_a_file_problem(rows, codec):
    # given
    text = csv_text(rows)
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        path.write_bytes(data)
        # when
        try:
            headers, stream = table_rows(path, "any.csv")
            read = list(stream)
        except FileProblem:
            return
    # then
    for cell in [*headers, *(c for _n, cells in read for c in cells)]:
        assert not CONTROL.search(cell)
