from datetime import date

from workbridge.core.sourcing import PartnershipProgress, add_months, report_due


def test_it_adds_months_and_keeps_to_the_end_of_a_short_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 15), 12) == date(2026, 3, 15)


def test_it_counts_the_first_report_from_the_agreement_start():
    assert report_due(since=date(2025, 1, 1), last_period_end=None, every_months=3) == date(
        2025, 4, 1
    )


def test_it_counts_the_next_report_from_the_last_period_reported():
    due = report_due(since=date(2025, 1, 1), last_period_end=date(2025, 6, 30), every_months=6)
    assert due == date(2025, 12, 30)


def test_it_asks_no_report_without_a_cadence_or_a_start():
    assert report_due(since=date(2025, 1, 1), last_period_end=None, every_months=0) is None
    assert report_due(since=None, last_period_end=None, every_months=3) is None


def test_it_measures_partnerships_against_a_fifty_percent_increase():
    # given 8 at baseline and the plan's +50%: 12 is the aim
    progress = PartnershipProgress(active=11, baseline=8, increase_percent=50)
    # then
    assert progress.target == 12
    assert progress.change == 0.375
    assert not progress.met
    assert progress.still_needed == 1
    assert PartnershipProgress(active=12, baseline=8, increase_percent=50).met


def test_it_rounds_the_aim_up_and_has_no_change_without_a_baseline():
    assert PartnershipProgress(active=0, baseline=5, increase_percent=50).target == 8
    assert PartnershipProgress(active=3, baseline=0, increase_percent=50).change is None
    assert not PartnershipProgress(active=3, baseline=0, increase_percent=50).met
