"""Counting applicant-flow files into groups: stages, withdrawals, filters and bad rows."""

import io
from pathlib import Path

import pytest

from workbridge.core.applicant_flow import (
    DEFAULT_STAGES,
    FlowInputError,
    Problem,
    Step,
    considered_and_selected,
    count_applicants,
    parse_stages,
    read_counts,
    stage_position,
    step_between,
)
from workbridge.core.stats import GroupCounts

DATA = Path(__file__).parent / "data"
APPLIED_TO_HIRED = step_between(DEFAULT_STAGES, None, None)


def _count(text: str, **kwargs) -> list[GroupCounts]:
    kwargs.setdefault("step", APPLIED_TO_HIRED)
    return count_applicants(io.StringIO(text), **kwargs).counts


def _problems(call) -> list[str]:
    with pytest.raises(FlowInputError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


# --- stages -----------------------------------------------------------------------


def test_it_matches_stage_names_without_regard_to_case_or_spaces():
    assert stage_position(DEFAULT_STAGES, " Interviewed ") == 3
    assert stage_position(DEFAULT_STAGES, "HIRED") == 5
    assert stage_position(DEFAULT_STAGES, "on hold") is None


def test_it_defaults_to_the_whole_process():
    assert Step(DEFAULT_STAGES, 0, 5) == APPLIED_TO_HIRED
    assert (APPLIED_TO_HIRED.from_stage, APPLIED_TO_HIRED.to_stage) == ("applied", "hired")


def test_it_refuses_a_step_that_goes_backwards_or_names_an_unknown_stage():
    with pytest.raises(ValueError, match="must come after"):
        step_between(DEFAULT_STAGES, "offered", "screened")
    with pytest.raises(ValueError, match="unknown stage 'tested' for --to"):
        step_between(DEFAULT_STAGES, "applied", "tested")


def test_it_reads_a_configured_stage_list():
    assert parse_stages("Applied, Tested ,Hired") == ("Applied", "Tested", "Hired")
    with pytest.raises(ValueError, match="twice"):
        parse_stages("applied,Applied")
    with pytest.raises(ValueError, match="blank"):
        parse_stages("applied,,hired")


def test_a_person_counts_as_reaching_every_stage_up_to_the_one_recorded():
    screened_to_offered = step_between(DEFAULT_STAGES, "screened", "offered")

    assert considered_and_selected(1, None, screened_to_offered) == (False, False)
    assert considered_and_selected(2, None, screened_to_offered) == (True, False)
    assert considered_and_selected(3, None, screened_to_offered) == (True, False)
    assert considered_and_selected(5, None, screened_to_offered) == (True, True)


def test_a_person_who_withdrew_leaves_the_denominator_from_that_stage_on():
    # given someone who withdrew at the offer stage (declined the offer)
    offered = 4

    assert considered_and_selected(offered, offered, step_between(DEFAULT_STAGES, None, "offered"))
    assert considered_and_selected(offered, offered, APPLIED_TO_HIRED) == (False, False)
    assert considered_and_selected(
        offered, offered, step_between(DEFAULT_STAGES, "offered", "hired")
    ) == (False, False)


# --- applicant-level files ----------------------------------------------------------


def test_it_counts_the_fixture_file_by_race():
    with open(DATA / "applicants.csv", newline="") as f:
        flow = count_applicants(f, step=APPLIED_TO_HIRED, by=("race",))

    assert flow.counts == [
        GroupCounts("White", 4, 1),
        GroupCounts("Black", 2, 1),
        GroupCounts("Hispanic", 1, 0),
        GroupCounts("(blank)", 1, 1),
        GroupCounts("Prefer not to say", 1, 0),
    ]
    assert (flow.rows, flow.matched, flow.withdrawn) == (10, 10, 1)


def test_it_names_intersections_race_then_sex():
    # A6 withdrew at "offered", after reaching it: still selected for screened → offered
    with open(DATA / "applicants.csv", newline="") as f:
        flow = count_applicants(
            f, step=step_between(DEFAULT_STAGES, "screened", "offered"), by=("race", "sex")
        )

    assert flow.counts == [
        GroupCounts("White × Male", 2, 2),
        GroupCounts("White × Female", 1, 0),
        GroupCounts("Black × Female", 2, 2),
        GroupCounts("Black × Male", 1, 0),
        GroupCounts("(blank) × Male", 1, 1),
        GroupCounts("Prefer not to say × Female", 1, 0),
    ]


def test_it_filters_by_job_title_and_year_ignoring_case():
    with open(DATA / "applicants.csv", newline="") as f:
        flow = count_applicants(
            f, step=APPLIED_TO_HIRED, by=("sex",), filters={"job_title": "clerk", "year": "2024"}
        )

    # A6 declined an offer: withdrew at "offered", so she is out of applied → hired
    assert flow.counts == [GroupCounts("Male", 3, 1), GroupCounts("Female", 2, 1)]
    assert flow.withdrawn == 1
    assert (flow.rows, flow.matched) == (10, 6)


def test_it_takes_the_stage_from_withdrew_at_when_stage_reached_is_blank():
    text = (
        "applicant_id,race_ethnicity,sex,stage_reached,withdrew_at\n1,A,F,,screened\n2,A,F,hired,\n"
    )

    counts = _count(text, step=step_between(DEFAULT_STAGES, "applied", "screened"))

    assert counts == [GroupCounts("A", 2, 2)]


def test_it_reads_a_header_with_a_byte_order_mark_and_other_column_order():
    text = "\ufeffSex,Stage_Reached,Race_Ethnicity,Applicant_ID\nF,hired,A,1\nM,applied,A,2\n"

    assert _count(text) == [GroupCounts("A", 2, 1)]


def test_it_reports_every_bad_row_with_its_line_and_column():
    with open(DATA / "bad_applicants.csv", newline="") as f:
        problems = _problems(lambda: count_applicants(f, step=APPLIED_TO_HIRED))

    assert problems == [
        "line 3, column stage_reached: unknown stage 'on hold' (the stages are: applied,"
        " qualified, screened, interviewed, offered, hired)",
        "line 4, column stage_reached: the row has 3 fields and ends before this column",
        "line 7, column applicant_id: applicant 'B1' appears more than once",
    ]


def test_it_names_each_missing_column_on_the_header_line():
    problems = _problems(lambda: _count("applicant_id,race,stage_reached\n1,A,hired\n"))

    assert problems == [
        "line 1, column race_ethnicity: this column is missing from the header",
        "line 1, column sex: this column is missing from the header",
    ]


def test_it_needs_the_column_a_filter_uses():
    problems = _problems(
        lambda: _count(
            "applicant_id,race_ethnicity,sex,stage_reached\n1,A,F,hired\n",
            filters={"department": "Water"},
        )
    )

    assert problems == ["line 1, column department: this column is missing from the header"]


def test_it_refuses_an_empty_file_and_a_file_with_only_a_header():
    assert _problems(lambda: _count("")) == ["line 1: the file is empty"]
    assert _problems(lambda: _count("applicant_id,race_ethnicity,sex,stage_reached\n")) == [
        "line 1: the file has a header but no applicant rows"
    ]


def test_it_refuses_a_withdrawal_at_a_stage_other_than_the_one_reached():
    text = "applicant_id,race_ethnicity,sex,stage_reached,withdrew_at\n1,A,F,hired,screened\n"

    assert _problems(lambda: _count(text)) == [
        "line 2, column withdrew_at: withdrew at 'screened' but the stage reached is 'hired';"
        " a person withdraws at the last stage they reached"
    ]


def test_it_counts_lines_through_quoted_fields_that_span_lines():
    text = 'applicant_id,race_ethnicity,sex,stage_reached\n1,"Two\nlines",F,hired\n2,A,F,nope\n'

    assert _problems(lambda: _count(text)) == [
        "line 4, column stage_reached: unknown stage 'nope' (the stages are: applied,"
        " qualified, screened, interviewed, offered, hired)"
    ]


def test_it_counts_a_large_file_in_one_pass():
    # given 200,000 rows generated lazily, never held as one string
    class Rows(io.TextIOBase):
        def __init__(self) -> None:
            self.lines = iter(
                ["applicant_id,race_ethnicity,sex,stage_reached\n"]
                + [
                    f"{i},{'AB'[i % 2]},F,{'hired' if i % 5 == 0 else 'applied'}\n"
                    for i in range(200_000)
                ]
            )

        def readable(self) -> bool:
            return True

        def __next__(self) -> str:
            return next(self.lines)

    # when
    flow = count_applicants(Rows(), step=APPLIED_TO_HIRED)
    # then
    assert flow.counts == [GroupCounts("A", 100_000, 20_000), GroupCounts("B", 100_000, 20_000)]


# --- counts files ---------------------------------------------------------------------


def test_it_reads_a_counts_file():
    with open(DATA / "counts.csv", newline="") as f:
        counts = read_counts(f)

    assert counts == [
        GroupCounts("White", 100, 60),
        GroupCounts("American Indian", 100, 45),
        GroupCounts("Hispanic", 100, 48),
        GroupCounts("Black", 100, 51),
        GroupCounts("Not disclosed", 12, 3),
    ]


def test_it_reports_every_bad_count_with_its_line_and_column():
    with open(DATA / "bad_counts.csv", newline="") as f:
        problems = _problems(lambda: read_counts(f))

    assert problems == [
        "line 2, column selected: 'sixty' is not a whole number",
        "line 3, column selected: selected (41) is more than considered (40)",
        "line 4, column considered: -3 is negative",
        "line 5, column group: group 'White' already appears on line 2",
    ]


def test_a_problem_reads_as_line_then_column():
    assert str(Problem(3, "sex", "blank")) == "line 3, column sex: blank"
    assert str(Problem(1, None, "empty")) == "line 1: empty"
