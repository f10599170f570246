"""`workbridge adverse-impact`: a file in, a table or JSON out, no server and no Django."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from workbridge.cli import main

DATA = Path(__file__).parent / "core" / "data"
WORKBRIDGE = Path(sys.executable).parent / "workbridge"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_json_for_a_counts_file(capsys):
    # when
    code, out, err = _run(capsys, "adverse-impact", str(DATA / "counts.csv"), "--counts", "--json")
    # then
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["reference_group"] == "White"
    assert (result["from"], result["to"], result["by"]) == (None, None, None)
    groups = {g["group"]: g for g in result["groups"]}
    assert list(groups) == ["White", "American Indian", "Hispanic", "Black"]
    assert groups["American Indian"]["impact_ratio"] == 0.75
    assert groups["American Indian"]["adverse_impact"] is True
    assert groups["Hispanic"]["impact_ratio_exact"] == "4/5"
    assert groups["Hispanic"]["adverse_impact"] is False
    assert groups["American Indian"]["shortfall"] == 15
    assert groups["White"]["z"] is None
    required = {
        "group",
        "considered",
        "selected",
        "rate",
        "impact_ratio",
        "adverse_impact",
        "z",
        "p_z_two_sided",
        "fisher_p_two_sided",
        "fisher_p_one_sided",
        "mid_p",
        "shortfall",
    }
    assert required <= set(groups["Black"])
    assert result["unknown"] == {
        "considered": 12,
        "selected": 3,
        "rate": 0.25,
        "groups": [{"group": "Not disclosed", "considered": 12, "selected": 3}],
    }


def test_it_analyses_an_applicant_file_between_two_stages_by_race_and_sex(capsys):
    code, out, _ = _run(
        capsys,
        "adverse-impact",
        str(DATA / "applicants.csv"),
        "--json",
        "--from",
        "Screened",
        "--to",
        "OFFERED",
        "--by",
        "race,sex",
    )

    assert code == 0
    result = json.loads(out)
    assert (result["from"], result["to"], result["by"]) == ("screened", "offered", "race,sex")
    assert [(g["group"], g["considered"], g["selected"]) for g in result["groups"]] == [
        ("White × Male", 2, 2),
        ("White × Female", 1, 0),
        ("Black × Female", 2, 2),
        ("Black × Male", 1, 0),
    ]
    assert result["reference_group"] == "White × Male"
    assert [g["group"] for g in result["unknown"]["groups"]] == [
        "(blank) × Male",
        "Prefer not to say × Female",
    ]


def test_it_applies_filters(capsys):
    code, out, _ = _run(
        capsys,
        "adverse-impact",
        str(DATA / "applicants.csv"),
        "--json",
        "--by",
        "sex",
        "--job-title",
        "CLERK",
        "--department",
        "finance",
    )

    assert code == 0
    result = json.loads(out)
    assert result["filters"] == {"job_title": "CLERK", "department": "finance"}
    assert result["withdrawn_left_out"] == 1
    assert [(g["group"], g["considered"], g["selected"]) for g in result["groups"]] == [
        ("Male", 3, 1),
        ("Female", 2, 1),
    ]


def test_it_prints_a_readable_table(capsys):
    code, out, _ = _run(capsys, "adverse-impact", str(DATA / "counts.csv"), "--counts")

    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Adverse impact from counts per group"
    assert "Reference group (highest selection rate): White" in lines
    header = next(line for line in lines if line.startswith("Group"))
    assert "Impact ratio" in header and "Fisher p (2-sided)" in header
    indian = next(line for line in lines if line.startswith("American Indian"))
    assert indian.split()[2:7] == ["100", "45", "45.0%", "0.750", "YES"]
    hispanic = next(line for line in lines if line.startswith("Hispanic"))
    assert hispanic.split()[1:6] == ["100", "48", "48.0%", "0.800", "no"]
    assert "Unknown group (not compared): 12 considered, 3 selected, rate 25.0%" in lines


@pytest.mark.parametrize(
    ("file", "extra", "expected"),
    [
        (
            "bad_counts.csv",
            ["--counts"],
            [
                "line 2, column selected: 'sixty' is not a whole number",
                "line 3, column selected: selected (41) is more than considered (40)",
                "line 4, column considered: -3 is negative",
                "line 5, column group: group 'White' already appears on line 2",
            ],
        ),
        (
            "bad_applicants.csv",
            [],
            [
                "line 3, column stage_reached: unknown stage 'on hold' (the stages are: applied,"
                " qualified, screened, interviewed, offered, hired)",
                "line 4, column stage_reached: the row has 3 fields and ends before this column",
                "line 7, column applicant_id: applicant 'B1' appears more than once",
            ],
        ),
        (
            "counts.csv",
            [],
            [
                # no applicant_id: a file without one has its rows numbered
                "line 1, column race_ethnicity: this column is missing from the header",
                "line 1, column sex: this column is missing from the header",
                "line 1, column stage_reached: this column is missing from the header",
            ],
        ),
    ],
)
def test_it_exits_2_naming_the_line_and_column_of_each_problem(capsys, file, extra, expected):
    path = str(DATA / file)

    code, out, err = _run(capsys, "adverse-impact", path, *extra)

    assert code == 2
    assert out == ""
    assert err.splitlines() == [f"{path}: {message}" for message in expected]


def test_it_exits_2_for_an_empty_file(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")

    code, out, err = _run(capsys, "adverse-impact", str(empty), "--counts")

    assert (code, out) == (2, "")
    assert err == f"{empty}: line 1: the file is empty\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "tested"], "unknown stage 'tested' for --to"),
        (["--from", "hired", "--to", "applied"], "must come after the --from stage"),
        (["--by", "age"], "--by must be race, sex or race,sex"),
        (["--counts", "--by", "sex"], "--by cannot be used with --counts"),
    ],
)
def test_it_exits_2_for_bad_options(capsys, argv, message):
    code, out, err = _run(capsys, "adverse-impact", str(DATA / "applicants.csv"), *argv)

    assert (code, out) == (2, "")
    assert message in err


def test_it_exits_2_for_a_missing_file(capsys, tmp_path):
    code, _, err = _run(capsys, "adverse-impact", str(tmp_path / "nope.csv"))

    assert code == 2
    assert "cannot read" in err


def test_it_uses_a_configured_stage_list(capsys, tmp_path):
    path = tmp_path / "flow.csv"
    path.write_text(
        "applicant_id,race_ethnicity,sex,stage_reached\n1,A,F,Tested\n2,B,F,Applied\n3,B,M,Hired\n"
    )

    code, out, _ = _run(
        capsys,
        "adverse-impact",
        str(path),
        "--json",
        "--stages",
        "applied,tested,hired",
        "--to",
        "tested",
    )

    assert code == 0
    result = json.loads(out)
    assert result["to"] == "tested"
    assert [(g["group"], g["considered"], g["selected"]) for g in result["groups"]] == [
        ("A", 1, 1),
        ("B", 2, 1),
    ]


def test_it_shows_help_in_plain_words(capsys):
    code, out, _ = _run(capsys, "adverse-impact", "--help")

    assert code == 0
    assert "applicant_id, race_ethnicity, sex, stage_reached" in out
    assert "exactly 0.8 is not adverse" in out


def test_it_needs_a_command(capsys):
    code, _, err = _run(capsys)

    assert code == 2
    assert "adverse-impact" in err


def test_the_installed_command_runs_without_django():
    # given a Python that refuses to import Django
    script = (
        "import sys; sys.modules['django'] = None;"
        "from workbridge.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    # when
    no_django = subprocess.run(  # noqa: S603  (our own interpreter)
        [sys.executable, "-c", script, "adverse-impact", str(DATA / "counts.csv"), "--counts"],
        capture_output=True,
        text=True,
        check=False,
    )
    installed = subprocess.run(  # noqa: S603  (our own entry point)
        [str(WORKBRIDGE), "adverse-impact", str(DATA / "counts.csv"), "--counts", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    # then
    assert no_django.returncode == 0, no_django.stderr
    assert "Reference group (highest selection rate): White" in no_django.stdout
    assert installed.returncode == 0, installed.stderr
    assert json.loads(installed.stdout)["reference_group"] == "White"


def test_the_installed_command_exits_2_on_bad_input():
    result = subprocess.run(  # noqa: S603  (our own entry point)
        [str(WORKBRIDGE), "adverse-impact", str(DATA / "bad_counts.csv"), "--counts"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "line 3, column selected" in result.stderr


def test_it_notes_a_small_group_with_a_higher_rate_that_is_not_the_reference(capsys):
    # given 14 of 1,000 considered, all selected
    path = str(DATA / "counts_small_top.csv")
    # when
    code, out, _ = _run(capsys, "adverse-impact", path, "--counts")
    _, as_json, _ = _run(capsys, "adverse-impact", path, "--counts", "--json")
    # then
    assert code == 0
    lines = out.splitlines()
    assert "Reference group (highest selection rate): White" in lines
    assert (
        "Note: Native Hawaiian had a higher rate (100.0%) but was not used as the reference"
        " because it made up under 2% of those considered." in lines
    )
    black = next(line for line in lines if line.startswith("Black"))
    asian = next(line for line in lines if line.startswith("Asian"))
    assert black.split()[-1] == "yes"
    assert asian.split()[-1] == "no"
    result = json.loads(as_json)
    assert result["passed_over"] == ["Native Hawaiian"]
    groups = {g["group"]: g for g in result["groups"]}
    assert (groups["Black"]["significant"], groups["Asian"]["significant"]) == (True, False)
    assert groups["Native Hawaiian"]["impact_ratio"] == 2.0
