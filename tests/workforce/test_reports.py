"""The mobility, pipeline and pay reports over two yearly rosters."""

from datetime import date

import pytest

from tests.workforce.conftest import store
from tests.workforce.data import FIRST, SECOND, rosters
from workbridge.core.spreadsheets import guess_mapping
from workbridge.equity.reports import SEX
from workbridge.workforce.reports import mobility_report, pay_report, pipeline_report
from workbridge.workforce.roster_load import roster_import_apply
from workbridge.workforce.roster_rows import roster_check, roster_columns, roster_headers

pytestmark = pytest.mark.django_db


def load(org, user, content: bytes, as_of: date) -> None:
    stored = store("roster.csv", content)
    mapping = guess_mapping(roster_headers(stored, "roster.csv"), roster_columns())
    found = roster_check(
        organisation=org, stored_file=stored, filename="roster.csv", mapping=mapping
    )
    assert found.ok
    roster_import_apply(organisation=org, check=found, as_of=as_of, by=user)


@pytest.fixture
def two_rosters(southside, analyst):
    first, second = rosters()
    load(southside, analyst, first, FIRST)
    load(southside, analyst, second, SECOND)


def test_promotions_are_rated_by_race_with_the_adverse_impact_tests(southside, two_rosters):
    report = mobility_report(southside)
    table = report.tables[0]
    section = table.rows[0].section
    assert table.value("White", "Employees at the start", section) == 100
    assert table.value("White", "Promotions", section) == 30
    assert table.value("White", "Promotion rate", section) == 30.0
    assert table.value("White", "Adverse impact", section) == "Reference group"
    black = "Black or African American"
    assert table.value(black, "Promotion rate", section) == 10.0
    assert table.value(black, "Impact ratio", section) == pytest.approx(0.33)
    assert table.value(black, "Adverse impact", section) == "Adverse, significant"
    assert table.value(black, "Exit rate", section) == 5.0
    assert table.value("Everyone", "Hires", section) == 8
    findings = [n for n in report.notes if "four-fifths" in n and black in n]
    assert len(findings) == 1
    years = report.tables[1]
    assert years.value("White", "Median years") == pytest.approx(5.6, abs=0.1)


def test_by_sex_nothing_is_adverse(southside, two_rosters):
    report = mobility_report(southside, characteristic=SEX)
    table = report.tables[0]
    section = table.rows[0].section
    assert table.value("Female", "Promotions", section) == 20
    assert table.value("Male", "Promotions", section) == 20
    assert not [n for n in report.notes if "four-fifths" in n and "were promoted" in n]


def test_for_publication_small_groups_are_hidden(southside, two_rosters):
    report = mobility_report(southside, publication=True, threshold=10)
    # The Asian hires were not on the first roster, so nobody is hidden there; in the
    # pipeline the 8 Asian clerks are a small cell.
    assert report.hidden_cells == 0
    pipeline = pipeline_report(southside, publication=True, threshold=10)
    assert pipeline.tables[0].value("1", "Asian") is None
    assert pipeline.hidden_cells > 0


def test_the_pipeline_and_pay_read_the_latest_roster(southside, two_rosters):
    pipeline = pipeline_report(southside)
    table = pipeline.tables[0]
    assert table.value("2", "Employees") == 40
    assert table.value("2", "White") == 75.0
    pay = pay_report(southside)
    assert pay.tables[0].value("Clerk (1)", "Median annual pay") == 41000.0
    assert pay.tables[0].value("Clerk (1)", "Asian") == pytest.approx(0.95)


def test_nothing_to_report_before_two_rosters(southside):
    assert mobility_report(southside).empty
