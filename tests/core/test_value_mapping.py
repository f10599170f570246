"""Value mapping on the applicant-flow import: distinct codes with counts, the analyst's
mapping merged into the row check, SPD 15 detailed categories, outcome columns and
numbered rows. Pure: no database."""

import json

from workbridge.core.applicant_import import (
    APPLICANT_COLUMNS,
    ApplicantFileReader,
    Lookups,
    check_file,
)
from workbridge.core.spd15_detail import DETAILED_CATEGORIES, minimum_category
from workbridge.core.value_mapping import count_distinct, lookups_with_values, unknown_values

LOOKUPS = Lookups(
    stages=["applied", "interviewed", "callback"],
    races={"black": "black", "white": "white", "hispanic": "hispanic", "asian": "asian"},
    sexes={"female": "female", "male": "male"},
    yes_no_prefer_not={"yes": "yes", "no": "no"},
    eeo4_categories={},
    job_fairs={},
    zip_areas={},
)
HEADERS = ["req", "dept", "title", "year", "race", "sex", "call"]
MAPPING = {
    "requisition_id": "req",
    "department": "dept",
    "job_title": "title",
    "year": "year",
    "race_ethnicity": "race",
    "sex": "sex",
    "stage_reached": "call",
}


def rows(*cells: str):
    return [(n, line.split(",")) for n, line in enumerate(cells, start=2)]


def column(values, name):
    return values[APPLICANT_COLUMNS.index(name)]


def test_it_lists_the_published_six_detailed_categories_under_each_minimum_one():
    # then: OMB SPD 15 (2024), Figure 1
    assert {k: len(v) for k, v in DETAILED_CATEGORIES.items()} == {
        "aian": 6,
        "asian": 6,
        "black": 6,
        "hispanic": 6,
        "mena": 6,
        "nhpi": 6,
        "white": 6,
    }
    assert minimum_category("Filipino") == "asian"
    assert minimum_category("mexican") == "hispanic"
    assert minimum_category("Puerto Rican") == "hispanic"
    assert minimum_category("Lebanese") == "mena"
    assert minimum_category("Chamorro") == "nhpi"
    assert minimum_category("Klingon") is None


def test_it_counts_each_distinct_code_of_the_coded_columns():
    # given
    data = rows(
        "R1,D,T,2024,W,1,0",
        "R1,D,T,2024,B,2,1",
        "R1,D,T,2024, w ,1,0",
        "R1,D,T,2024,B;W,2,",
    )
    # when
    found = count_distinct(HEADERS, iter(data), MAPPING)
    # then: codes differing only by case and spaces count together; "B;W" counts each part
    assert found["race_ethnicity"].values == (("W", 3), ("B", 2))
    assert found["sex"].values == (("1", 2), ("2", 2))
    assert found["stage_reached"].values == (("0", 2), ("1", 1))
    assert found["department"].values == (("D", 4),)


def test_it_counts_a_long_file_block_by_block_with_short_rows_as_blank(monkeypatch):
    # given ten rows read three at a time, some of them cut short before the outcome
    monkeypatch.setattr("workbridge.core.value_mapping._COUNT_BLOCK", 3)
    data = rows(
        *["R1,D,T,2024,W,1,0"] * 4,
        "R1,D,T,2024,B",
        "R1,E",
        *["R1,D,T,2024,H,2,1"] * 4,
    )
    heard = []
    # when
    found = count_distinct(HEADERS, iter(data), MAPPING, progress=heard.append)
    # then every row counts once, a missing cell as a blank (left out), and the progress
    # is told after each block
    assert found["race_ethnicity"].values == (("H", 4), ("W", 4), ("B", 1))
    assert found["sex"].values == (("1", 4), ("2", 4))
    assert found["stage_reached"].values == (("0", 4), ("1", 4))
    assert found["department"].values == (("D", 9), ("E", 1))
    assert heard == [3, 6, 9, 10]


def test_a_column_of_names_rather_than_codes_is_listed_in_part(monkeypatch):
    # given a department column with a different name on every row, read in blocks
    monkeypatch.setattr("workbridge.core.value_mapping._COUNT_BLOCK", 4)
    data = rows(*(f"R1,Dept {n % 30},T,2024,W,1,0" for n in range(90)))
    # when only five values may be listed
    found = count_distinct(HEADERS, iter(data), MAPPING, limit=5)
    # then the department lists five and says there are more; the codes are complete
    assert len(found["department"].values) == 5 and found["department"].more
    assert found["race_ethnicity"].values == (("W", 90),)
    assert not found["race_ethnicity"].more


def test_it_lists_only_the_codes_the_check_would_refuse():
    # given
    data = rows("R1,D,T,2024,W,female,applied", "R1,D,T,2024,Filipino,f,1")
    found = count_distinct(HEADERS, iter(data), MAPPING)
    # when
    unknown = unknown_values(found, LOOKUPS)
    # then: Filipino is an SPD 15 detailed category; "female" and "applied" are understood
    assert unknown == {"race_ethnicity": [("W", 1)], "sex": [("f", 1)], "stage_reached": [("1", 1)]}


def test_it_reads_a_file_coded_its_own_way_once_the_codes_are_mapped():
    # given the analyst's mapping: several codes to one category, an unknown code to
    # "not disclosed", and the outcome 0/1 to stages
    values = {
        "race_ethnicity": {"W": "white", "B": "black", "b": "black", "X": "not_disclosed"},
        "sex": {"1": "female", "2": "male", "9": "not_disclosed"},
        "stage_reached": {"0": "applied", "1": "callback"},
        "department": {"D": "Department of Finance"},
    }
    lookups = lookups_with_values(LOOKUPS, values)
    reader = ApplicantFileReader(HEADERS, MAPPING, lookups)
    data = rows(
        "R1,D,T,2024,W,1,0",
        "R1,D,T,2024,b,2,1",
        "R1,D,T,2024,X,9,1",
        "R1,D,T,2024,Mexican,1,0",
    )
    # when
    kept = check_file(reader, iter(data), keep_rows=10)
    # then
    assert reader.problems == []
    assert [column(v, "external_id") for v in kept] == ["#2", "#3", "#4", "#5"]
    assert [json.loads(column(v, "race_categories")) for v in kept] == [
        ["white"],
        ["black"],
        [],
        ["hispanic"],
    ]
    assert [column(v, "eeo_category") for v in kept] == [
        "white",
        "black",
        "not_disclosed",
        "hispanic",
    ]
    assert column(kept[3], "race_detail") == "Mexican"
    assert [column(v, "sex") for v in kept] == ["female", "male", "", "female"]
    assert [column(v, "reached") for v in kept] == [0, 2, 2, 0]
    assert reader.requisitions["R1"].department == "Department of Finance"


def test_it_refuses_an_unmapped_code_naming_row_and_column():
    # given
    reader = ApplicantFileReader(HEADERS, MAPPING, LOOKUPS)
    # when
    check_file(reader, iter(rows("R1,D,T,2024,W,female,applied")))
    # then
    assert [(p.row, p.column, p.code) for p in reader.problems] == [(2, "race", "not_race")]


def test_it_sets_the_stage_from_outcome_columns():
    # given no stage column: "interviewed" when `iv` is yes, "callback" when `call` is 1
    # or a date
    headers = ["req", "dept", "title", "year", "iv", "call"]
    mapping = {
        "requisition_id": "req",
        "department": "dept",
        "job_title": "title",
        "year": "year",
        "interviewed_reached": "iv",
        "callback_reached": "call",
    }
    reader = ApplicantFileReader(headers, mapping, LOOKUPS)
    data = rows(
        "R1,D,T,2024,no,0",
        "R1,D,T,2024,yes,0",
        "R1,D,T,2024,yes,2024-03-01",
        "R1,D,T,2024,,1",
        "R1,D,T,2024,maybe,1",
    )
    # when
    check_file(reader, iter(data))
    good = [
        column(v, "reached")
        for _row, v in ApplicantFileReader(headers, mapping, LOOKUPS).applicants(iter(data[:4]))
    ]
    # then
    assert good == [0, 1, 2, 2]
    assert [(p.row, p.column, p.code) for p in reader.problems] == [(6, "iv", "not_outcome")]


def test_it_asks_for_a_stage_column_or_an_outcome_column():
    # given a mapping with neither
    mapping = {k: v for k, v in MAPPING.items() if k != "stage_reached"}
    reader = ApplicantFileReader(HEADERS, mapping, LOOKUPS)
    # when
    check_file(reader, iter(rows("R1,D,T,2024,white,female,0")))
    # then
    assert [(p.row, p.code, dict(p.params)) for p in reader.problems] == [
        (1, "choose_column", {"field": "stage_reached"})
    ]


def test_a_mapping_to_a_stage_that_is_gone_is_not_applied():
    # when
    lookups = lookups_with_values(LOOKUPS, {"stage_reached": {"1": "hired"}})
    # then
    assert lookups.stage_aliases == {}
