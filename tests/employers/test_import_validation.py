"""The import's check applies the same rules as the write: a value the database or the
model would refuse is a problem with its row and column, never an error at import time."""

import pytest

from workbridge.core.spreadsheets import guess_mapping
from workbridge.employers.imports import COLUMNS, import_apply, import_check, problem_text
from workbridge.employers.models import Employer
from workbridge.jobs.models import JobOpening

OPENING_HEADERS = [
    "Job id",
    "Employer id",
    "Title",
    "SOC",
    "Hourly wage",
    "Hours per week",
    "ZIP",
    "Posted on",
    "Openings",
]


def _check(by, kind, headers, rows):
    return import_check(
        by=by,
        kind=kind,
        headers=headers,
        rows=enumerate(rows, start=2),
        mapping=guess_mapping(headers, COLUMNS[kind]),
    )


def _opening(wage="18", positions="1"):
    return ["J1", "E1", "Cook", "35-2014", wage, "32", "60623", "2026-10-01", positions]


@pytest.fixture
def acme(coach, southside):
    return Employer.objects.create(organisation=southside, external_id="E1", name="Acme Foods")


def test_it_names_a_name_longer_than_the_field_holds(coach):
    # given
    headers = ["Employer id", "Name"]
    # when
    plan = _check(coach, "employers", headers, [["E1", "x" * 300]])
    # then
    assert [(p.row, p.column, p.code) for p in plan.problems] == [(2, "Name", "invalid_value")]
    assert "at most 200 characters" in problem_text(plan.problems[0])
    assert not Employer.objects.exists()


def test_it_names_a_website_that_is_not_an_http_address(coach):
    # given
    headers = ["Employer id", "Name", "Website"]
    rows = [["E1", "Acme", "javascript:alert(1)"], ["E2", "Birch", "ftp://birch.example"]]
    # when
    plan = _check(coach, "employers", headers, rows)
    # then
    assert [(p.row, p.column, p.code) for p in plan.problems] == [
        (2, "Website", "invalid_value"),
        (3, "Website", "invalid_value"),
    ]
    assert not Employer.objects.exists()


@pytest.mark.parametrize(
    ("wage", "code"),
    [("Infinity", "not_number"), ("NaN", "not_number"), ("1e308", "invalid_value")],
)
def test_it_names_a_wage_that_is_not_a_finite_amount(coach, acme, wage, code):
    # when
    plan = _check(coach, "openings", OPENING_HEADERS, [_opening(wage=wage)])
    # then
    assert [(p.row, p.column, p.code) for p in plan.problems] == [(2, "Hourly wage", code)]
    assert not JobOpening.objects.exists()


def test_it_names_a_number_of_positions_the_field_cannot_hold(coach, acme):
    # when
    plan = _check(coach, "openings", OPENING_HEADERS, [_opening(positions="1e20")])
    # then
    assert [(p.row, p.column, p.code) for p in plan.problems] == [(2, "Openings", "invalid_value")]
    assert not JobOpening.objects.exists()


def test_a_checked_plan_with_the_fields_own_limits_imports(coach, acme):
    # given
    plan = _check(coach, "openings", OPENING_HEADERS, [_opening(wage="9999.99", positions="500")])
    # when
    summary = import_apply(by=coach, plan=plan)
    # then
    assert (summary.created, summary.updated, summary.unchanged) == (1, 0, 0)
    assert JobOpening.objects.get().positions == 500


def test_a_cell_longer_than_the_field_holds_is_named_with_a_short_quote(coach):
    # given
    headers = ["Employer id", "Name"]
    # when
    plan = _check(coach, "employers", headers, [["E1", "y" * 140_000]])
    # then
    text = problem_text(plan.problems[0])
    assert len(text) < 300
    assert not Employer.objects.exists()
