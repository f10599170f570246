"""Reading applicant-flow files without a database: row numbers, delimiters, encodings, values."""

from pathlib import Path

import pytest

from workbridge.core.applicant_import import (
    ApplicantFileReader,
    FileProblem,
    Lookups,
    check_file,
    normalise,
    stage_date_field,
    table_rows,
)

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
