"""Hire, source-yield and job-fair reports: exact figures on hand-made data."""

import pytest

from tests.equity.report_data import hires_world, job_fair_world, yield_world
from workbridge.equity.reports_hiring import (
    PER_AREA,
    hire_report,
    job_fair_report,
    yield_report,
)

pytestmark = pytest.mark.django_db


def test_it_counts_hires_shares_and_change_by_race(southside):
    # given
    hires_world(southside)
    # when
    report = hire_report(southside, year=2025, department="Streets", threshold=10)
    race = report.tables[0]
    # then
    assert race.columns == [
        "Hires 2024",
        "Share 2024",
        "Hires 2025",
        "Share 2025",
        "Change (points)",
    ]
    assert [c.value for c in race.row("White").cells] == [3, 30.0, 4, 33.3, 3.3]
    assert [c.value for c in race.row("Black or African American").cells] == [
        2,
        20.0,
        4,
        33.3,
        13.3,
    ]
    assert [c.value for c in race.row("Hispanic or Latino").cells] == [5, 50.0, 2, 16.7, -33.3]
    assert [c.value for c in race.row("Asian").cells] == [0, 0.0, 2, 16.7, 16.7]
    assert [c.value for c in race.row("All hires").cells] == [10, 100.0, 12, 100.0, None]
    assert report.hidden_cells == 0


def test_it_counts_hires_by_sex_and_every_department(southside):
    hires_world(southside)
    report = hire_report(southside, year=2025, threshold=10)
    sex = report.tables[1]
    # the Parks hire (a White man) is in: 13 hires in 2025
    assert [c.value for c in sex.row("Female").cells] == [8, 80.0, 6, 46.2, -33.8]
    assert [c.value for c in sex.row("Male").cells] == [2, 20.0, 7, 53.8, 33.8]
    assert sex.value("All hires", "Hires 2025") == 13


def test_it_hides_small_hire_counts_for_publication(southside):
    # given: a threshold of 3
    hires_world(southside)
    # when
    report = hire_report(southside, year=2025, department="Streets", publication=True, threshold=3)
    race = report.tables[0]
    # then: the 2s are hidden with their shares and changes; the totals stay
    assert race.value("Black or African American", "Hires 2024") is None
    assert race.value("Black or African American", "Share 2024") is None
    assert race.value("Black or African American", "Change (points)") is None
    assert race.value("Hispanic or Latino", "Hires 2025") is None
    assert race.value("Asian", "Hires 2025") is None
    assert race.value("All hires", "Hires 2024") == 10
    assert race.value("All hires", "Hires 2025") == 12
    # a complement in 2024 so the total cannot give the hidden 2 away
    hidden_2024 = [r.label for r in race.rows if r.cells[0].hidden]
    assert len(hidden_2024) == 2
    assert race.value("White", "Hires 2025") == 4


def test_it_says_when_there_are_no_hires(southside):
    report = hire_report(southside, year=2030, threshold=10)
    assert report.empty
    assert report.empty_message == "No hires were recorded in 2029 or 2030."


def test_it_measures_yield_by_channel_and_group(southside):
    # given
    yield_world(southside)
    # when
    report = yield_report(southside, year=2025, threshold=10)
    table = report.tables[0]
    # then
    assert table.columns[:3] == ["Applicants", "Reached qualified", "% reached qualified"]
    assert table.value("White", "Applicants", section="Referral") == 10
    assert table.value("White", "Reached interviewed", section="Referral") == 4
    assert table.value("White", "% reached interviewed", section="Referral") == 40.0
    assert table.value("White", "Reached hired", section="Referral") == 1
    assert table.value("Black or African American", "Applicants", section="Referral") == 5
    assert table.value("Black or African American", "Reached qualified", section="Referral") == 0
    assert table.value("Black or African American", "Applicants", section="Job board") == 20
    assert table.value("Black or African American", "Reached qualified", section="Job board") == 20
    assert table.value("Black or African American", "% reached hired", section="Job board") == 15.0
    assert table.value("White", "% reached hired", section="Job board") == 100.0
    assert table.value("Hispanic or Latino", "Reached screened", section="Not recorded") == 4
    assert table.value("All applicants", "Applicants", section="All channels") == 41
    assert table.value("White", "Reached hired", section="All channels") == 3
    # the chart: share reaching the hire per channel, one series per group
    chart = report.charts[0]
    assert chart.categories == ["Job board", "Referral", "Not recorded"]
    assert [c.value for c in dict(chart.series)["White"]] == [100.0, 10.0, None]


def test_it_hides_small_yield_cells_for_publication(southside):
    yield_world(southside)
    report = yield_report(southside, year=2025, publication=True, threshold=3)
    table = report.tables[0]
    # 2 White applicants from the job board is small: hidden with its rates
    assert table.value("White", "Applicants", section="Job board") is None
    assert table.value("White", "% reached hired", section="Job board") is None
    # the channel totals are published
    assert table.value("All applicants", "Applicants", section="Job board") == 22
    assert table.value("All applicants", "Applicants", section="All channels") == 41


def test_it_reports_each_job_fair(southside):
    # given
    job_fair_world(southside)
    # when
    report = job_fair_report(southside, year=2025, threshold=10)
    table = report.tables[0]
    austin = "Austin fair (2025-03-01)"
    # then
    assert table.value("Black or African American", "Interested", section=austin) == 4
    assert table.value("Black or African American", "Applied", section=austin) == 3
    assert table.value("Black or African American", "Offered a job", section=austin) == 1
    assert (
        table.value("Black or African American", "Applied per 100 interested", section=austin)
        == 75.0
    )
    assert table.value("White", "Interested", section=austin) == 2
    assert table.value("White", "Applied", section=austin) == 2
    assert table.value("White", "Offered a job", section=austin) == 1
    assert table.value("Everyone", "Applied", section=austin) == 5
    assert table.value("Everyone", "% of applicants offered", section=austin) == 40.0
    pilsen = "Pilsen fair (2025-05-01)"
    assert table.value("Hispanic or Latino", "Interested", section=pilsen) == 3
    assert table.value("Hispanic or Latino", "Applied", section=pilsen) == 0
    assert table.value("Everyone", "Interested", section="All job fairs") == 9


def test_it_reports_job_fairs_per_community_area(southside):
    job_fair_world(southside)
    report = job_fair_report(southside, year=None, per=PER_AREA, threshold=10)
    table = report.tables[0]
    assert table.value("Everyone", "Interested", section="Austin") == 6
    assert table.value("Everyone", "Interested", section="Lower West Side") == 3
    assert report.charts[0].categories == ["Austin", "Lower West Side", "No community area"]


def test_it_says_when_there_are_no_job_fairs(southside):
    report = job_fair_report(southside, year=2025, threshold=10)
    assert report.empty_message == "No job fairs were recorded for this period."


def test_it_hides_small_job_fair_counts_for_publication(southside):
    # given: counts of fewer than 3 are not published
    job_fair_world(southside)
    # when
    report = job_fair_report(southside, year=2025, publication=True, threshold=3)
    table = report.tables[0]
    austin = "Austin fair (2025-03-01)"
    # then: the White pair at Austin is hidden with its rates, and so is enough else
    # that the fair's totals cannot give it away
    assert table.value("White", "Interested", section=austin) is None
    assert table.value("White", "Applied per 100 interested", section=austin) is None
    assert table.value("Everyone", "Interested", section=austin) == 6
    assert table.value("Black or African American", "Interested", section=austin) is None
    assert report.hidden_cells > 0
    assert "For publication" in report.notes[-1]
