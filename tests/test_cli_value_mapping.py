"""`workbridge adverse-impact` on a file coded its own way: --column, --value, --mapping,
numbered rows, and each group's shortfall against the overall rate."""

import json
from pathlib import Path

import pytest

from workbridge.cli import main

DATA = Path(__file__).parent / "core" / "data"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
# The issue's own example: a callback experiment with race (b/w), sex (f/m) and call (0/1).
EXAMPLE = [
    "--column",
    "race_ethnicity=race",
    "--column",
    "sex=sex",
    "--column",
    "stage_reached=call",
    "--value",
    "race_ethnicity:b=Black or African American",
    "--value",
    "race_ethnicity:w=White",
    "--value",
    "stage_reached:0=applied",
    "--value",
    "stage_reached:1=callback",
    "--stages",
    "applied,callback",
]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_analyses_the_issues_callback_example(capsys):
    # given a file of 40 resumes: White 5 of 20 called back, Black 2 of 20
    path = DATA / "callback_experiment.csv"
    # when
    code, out, err = _run(capsys, "adverse-impact", str(path), *EXAMPLE, "--json")
    # then
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["from"], result["to"]) == ("applied", "callback")
    assert (result["considered"], result["selected"]) == (40, 7)
    groups = {g["group"]: g for g in result["groups"]}
    assert set(groups) == {"White", "Black or African American"}
    black = groups["Black or African American"]
    assert (black["considered"], black["selected"]) == (20, 2)
    assert black["impact_ratio_exact"] == "2/5"
    assert black["adverse_impact"] is True
    # 20 × 7/40 − 2 = 1.5 callbacks short of the overall rate; White 1.5 above it
    assert black["shortfall_overall"] == 1.5
    assert groups["White"]["shortfall_overall"] == -1.5
    assert black["shortfall"] == 3


def test_it_reads_the_same_from_a_mapping_file(capsys, tmp_path):
    # given the example's options as a JSON file
    mapping = tmp_path / "mapping.json"
    mapping.write_text(
        json.dumps(
            {
                "columns": {"race_ethnicity": "race", "sex": "sex", "stage_reached": "call"},
                "values": {
                    "race_ethnicity": {"b": "Black or African American", "w": "White"},
                    "stage_reached": {"0": "applied", "1": "callback"},
                },
                "stages": ["applied", "callback"],
            }
        )
    )
    path = str(DATA / "callback_experiment.csv")
    # when
    from_file = _run(capsys, "adverse-impact", path, "--mapping", str(mapping), "--json")
    from_options = _run(capsys, "adverse-impact", path, *EXAMPLE, "--json")
    # then
    assert from_file == from_options
    assert from_file[0] == 0


def test_it_groups_by_race_and_sex_with_mapped_codes(capsys):
    # when
    code, out, _err = _run(
        capsys,
        "adverse-impact",
        str(DATA / "callback_experiment.csv"),
        *EXAMPLE,
        "--value",
        "sex:f=Female",
        "--value",
        "sex:m=Male",
        "--by",
        "race,sex",
        "--json",
    )
    # then
    assert code == 0
    groups = {g["group"]: (g["considered"], g["selected"]) for g in json.loads(out)["groups"]}
    assert groups == {
        "White × Female": (10, 3),
        "White × Male": (10, 2),
        "Black or African American × Female": (10, 1),
        "Black or African American × Male": (10, 1),
    }


def test_it_shows_the_overall_shortfall_in_the_table(capsys):
    # when
    code, out, _err = _run(
        capsys, "adverse-impact", str(DATA / "callback_experiment.csv"), *EXAMPLE
    )
    # then
    assert code == 0
    assert "Shortfall (overall rate)" in out
    assert "1.50" in out and "-1.50" in out


def test_it_names_a_column_given_for_a_field_that_the_file_lacks(capsys):
    # when
    code, _out, err = _run(
        capsys,
        "adverse-impact",
        str(DATA / "callback_experiment.csv"),
        *EXAMPLE,
        "--column",
        "race_ethnicity=ethnicity",
    )
    # then
    assert code == 2
    assert "line 1, column ethnicity: this column (given for race_ethnicity) is missing" in err


def test_it_refuses_a_value_for_a_field_without_codes(capsys):
    # when
    code, _out, err = _run(
        capsys, "adverse-impact", str(DATA / "callback_experiment.csv"), "--value", "year:1=2024"
    )
    # then
    assert code == 2
    assert "--value: 'year' has no codes to map" in err


def test_it_reports_an_unmapped_code_with_its_line(capsys, tmp_path):
    # given a call value the mapping does not cover
    path = tmp_path / "calls.csv"
    path.write_text("race,sex,call\nb,f,1\nw,m,2\n")
    # when
    code, _out, err = _run(capsys, "adverse-impact", str(path), *EXAMPLE)
    # then
    assert code == 2
    assert "line 3, column stage_reached: unknown stage '2'" in err


def _real_callback_file() -> Path | None:
    for pattern in ("**/*lakisha*.csv", "**/*callback*.csv", "**/*resume*.csv"):
        for path in sorted(SHARED.glob(pattern)):
            return path
    return None


def test_it_analyses_a_published_callback_experiment(capsys):
    # given a real callback experiment (Bertrand and Mullainathan's resumes) where shared
    path = _real_callback_file() if SHARED.is_dir() else None
    if path is None:
        pytest.skip("no callback-experiment dataset in ../shared/data (none is published there)")
    header = path.read_text(encoding="utf-8", errors="replace").splitlines()[0].lower()
    if not {"race", "call"} <= set(header.replace('"', "").split(",")):
        pytest.skip(f"{path.name} has no race and call columns")
    # when
    code, out, err = _run(capsys, "adverse-impact", str(path), *EXAMPLE, "--json")
    # then
    assert (code, err) == (0, "")
    result = json.loads(out)
    total = sum(g["shortfall_overall"] for g in result["groups"])
    assert total == pytest.approx(0, abs=1e-9)
