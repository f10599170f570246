"""Representation and EEO-4 reports: exact figures on hand-made data."""

from datetime import date

import pytest
from scipy.stats import binomtest

from tests.equity.report_data import workforce_world
from workbridge.core.representation import EIGHTY_PERCENT
from workbridge.equity.reports_workforce import (
    band_label,
    eeo4_report,
    representation_report,
    salary_band_of,
)

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 6, 30)


def test_it_compares_representation_with_availability(southside):
    # given
    benchmark = workforce_world(southside)
    # when
    report = representation_report(southside, as_of=AS_OF, benchmark=benchmark, threshold=10)
    table = report.tables[0]
    black = "Black or African American"
    # then: 40 professionals with a known race (2 not disclosed are left out)
    assert table.value("White", "Employees") == 24
    assert table.value("White", "Representation (%)") == 60.0
    assert table.value("White", "Availability (%)") == 40.0
    assert table.value("White", "Utilisation ratio") == 1.5
    assert table.value("White", "Shortfall") == 0
    assert table.value("White", "Under-utilised") == "No"
    assert table.value(black, "Employees") == 6
    assert table.value(black, "Representation (%)") == 15.0
    assert table.value(black, "Utilisation ratio") == 0.5
    assert table.value(black, "Expected employees") == 12.0
    assert table.value(black, "Standard deviations") == -2.07
    assert table.value(black, "Shortfall") == 6
    assert table.value(black, "Probability of as few or fewer") == pytest.approx(
        binomtest(6, 40, 0.3, alternative="less").pvalue, abs=1e-9
    )
    assert table.value(black, "Two-sided p") == pytest.approx(
        binomtest(6, 40, 0.3).pvalue, abs=1e-9
    )
    assert table.value(black, "Under-utilised") == "Yes"
    assert table.value("Hispanic or Latino", "Utilisation ratio") == 1.0
    assert table.value("All employees with a known answer", "Employees") == 40
    assert "2 employees whose answer is not known are left out of the comparison." in report.notes


def test_it_applies_the_chosen_method_and_sex(southside):
    benchmark = workforce_world(southside)
    report = representation_report(
        southside,
        as_of=AS_OF,
        benchmark=benchmark,
        characteristic="sex",
        method=EIGHTY_PERCENT,
        threshold=10,
    )
    table = report.tables[0]
    # 16 women and 26 men (42): 38.1% of women against 50% availability
    assert table.value("Female", "Employees") == 16
    assert table.value("Female", "Representation (%)") == 38.1
    assert table.value("Female", "Under-utilised") == "Yes"  # 38.1% < 80% of 50%
    assert table.value("Female", "Shortfall") == 5


def test_it_hides_small_groups_for_publication(southside):
    benchmark = workforce_world(southside)
    report = representation_report(
        southside, as_of=AS_OF, benchmark=benchmark, publication=True, threshold=7
    )
    table = report.tables[0]
    black = "Black or African American"
    assert table.value(black, "Employees") is None
    assert table.value(black, "Shortfall") is None
    assert table.value(black, "Availability (%)") == 30.0
    # the next smallest (Hispanic, 10) is hidden too, so 40 - 24 cannot give the 6 away
    assert table.value("Hispanic or Latino", "Employees") is None
    assert table.value("White", "Employees") == 24


def test_it_says_what_is_missing(southside):
    report = representation_report(southside, as_of=None, benchmark=None, threshold=10)
    assert report.empty_message == "There is no workforce table yet: import one first."


def test_it_labels_salary_bands_like_the_eeo4_form():
    assert band_label(0, 16) == "$0.1–15.9K"
    assert band_label(25, 33) == "$25.0–32.9K"
    assert band_label(70, None) == "$70.0K and over"
    bands = [[0, 16], [16, 20], [20, 25], [25, 33], [70, None]]
    assert salary_band_of(15999, bands) == 0
    assert salary_band_of(16000, bands) == 1
    assert salary_band_of(250000, bands) == 4
    assert salary_band_of(40000, bands) is None


def test_it_builds_the_eeo4_table(southside):
    # given
    workforce_world(southside)
    # when
    report = eeo4_report(southside, as_of=AS_OF, threshold=10)
    summary, professionals, technicians = report.tables
    # then
    assert summary.columns[0] == "Male – Hispanic or Latino"
    assert summary.columns[-1] == "Total"
    assert len(summary.columns) == 17
    assert summary.value("Professionals", "Male – White") == 18
    assert summary.value("Professionals", "Female – White") == 6
    assert summary.value("Professionals", "Male – Not disclosed") == 2
    assert summary.value("Professionals", "Total") == 42
    assert summary.value("Technicians", "Total") == 5
    assert summary.value("All employees", "Total") == 47
    assert professionals.caption == "Professionals"
    assert professionals.value("$55.0–69.9K", "Male – White") == 14
    assert professionals.value("$70.0K and over", "Male – White") == 4
    assert professionals.value("$43.0–54.9K", "Total") == 13
    assert professionals.value("All salaries", "Female – Hispanic or Latino") == 7
    assert technicians.value("$33.0–42.9K", "Male – White") == 5
    assert [c.value for c in dict(report.charts[0].series)["White"]] == [24, 5]


def test_it_protects_the_eeo4_table_for_publication(southside):
    workforce_world(southside)
    report = eeo4_report(southside, as_of=AS_OF, publication=True, threshold=5)
    summary, professionals, _technicians = report.tables
    # small cells hidden in both tables
    assert summary.value("Professionals", "Male – Black or African American") is None
    assert professionals.value("$43.0–54.9K", "Female – Black or African American") is None
    # whatever the summary publishes, the category's totals agree with, and nothing
    # the summary hides shows up as a category total
    for j in range(len(summary.columns)):
        shown = summary.rows[0].cells[j]
        total = professionals.row("All salaries").cells[j]
        if shown.hidden:
            assert total.hidden
        else:
            assert total.value == shown.value and not total.hidden
    # the technicians' 5 is at the threshold: shown
    assert summary.value("Technicians", "Male – White") == 5
    assert report.hidden_cells > 0


def test_it_filters_the_eeo4_table_by_category(southside):
    workforce_world(southside)
    report = eeo4_report(southside, as_of=AS_OF, categories=["technicians"], threshold=10)
    assert [t.caption for t in report.tables] == ["All job categories", "Technicians"]


def test_it_compares_another_set_of_employees_with_the_benchmark(southside):
    # given: the professionals' benchmark, applied to the whole workforce (47 employees,
    # 45 with a known race: White 29, Black 6, Hispanic 10)
    benchmark = workforce_world(southside)
    # when
    report = representation_report(
        southside, as_of=AS_OF, benchmark=benchmark, eeo4_category="", threshold=10
    )
    # then
    table = report.tables[0]
    assert table.value("White", "Employees") == 29
    assert table.value("All employees with a known answer", "Employees") == 45
    assert "Job category: Whole workforce" in report.scope
