"""A measure's state, trend and staleness, its sparkline, and timeline labels."""

from datetime import date

import pytest

from workbridge.core.plans import (
    Point,
    TimelineError,
    is_stale,
    measure_state,
    sparkline,
    timeline_date,
    trend,
)


def test_a_value_at_or_past_the_target_has_met_it():
    assert measure_state(direction="up", baseline=0.4, target=0.6, latest=0.6) == "met"
    assert measure_state(direction="down", baseline=10, target=5, latest=4) == "met"


def test_a_value_moved_the_right_way_from_the_baseline_is_on_track():
    assert measure_state(direction="up", baseline=0.4, target=0.6, latest=0.5) == "on_track"
    assert measure_state(direction="up", baseline=0.4, target=0.6, latest=0.4) == "off_track"
    assert measure_state(direction="down", baseline=10, target=5, latest=11) == "off_track"


def test_a_value_to_keep_is_on_track_while_no_further_from_the_target_than_the_baseline():
    assert measure_state(direction="keep", baseline=0.45, target=0.5, latest=0.52) == "on_track"
    assert measure_state(direction="keep", baseline=0.45, target=0.5, latest=0.44) == "off_track"


def test_no_value_is_no_data_and_no_baseline_is_off_track_until_the_target_is_met():
    assert measure_state(direction="up", baseline=1, target=2, latest=None) == "no_data"
    assert measure_state(direction="up", baseline=None, target=2, latest=1) == "off_track"


def test_the_trend_follows_the_last_two_values_in_the_measures_direction():
    points = [Point(date(2026, 1, 1), 3), Point(date(2026, 2, 1), 5)]
    assert trend(points, "up") == "better"
    assert trend(points, "down") == "worse"
    assert trend(points[:1], "up") == "none"


def test_a_measure_is_stale_after_its_period_without_a_value():
    assert is_stale(date(2026, 1, 1), "month", date(2026, 2, 2))
    assert not is_stale(date(2026, 1, 1), "quarter", date(2026, 2, 2))
    assert is_stale(None, "year", date(2026, 2, 2))


def test_the_sparkline_spans_the_box_from_lowest_to_highest():
    line = sparkline(
        [Point(date(2026, 1, 1), 0), Point(date(2026, 2, 1), 10)], width=100, height=20
    )
    assert line == "2.0,18.0 98.0,2.0"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Q3 2026", date(2026, 9, 30)),
        ("q1 2027", date(2027, 3, 31)),
        ("Fall 2026", date(2026, 11, 30)),
        ("Winter 2026", date(2027, 2, 28)),
        ("2026", date(2026, 12, 31)),
        ("FY2027", date(2027, 12, 31)),
        ("2026-09-15", date(2026, 9, 15)),
        ("Ongoing", None),
    ],
)
def test_a_timeline_label_stands_for_the_last_day_of_its_period(label, expected):
    assert timeline_date(label) == expected


def test_a_timeline_that_is_none_of_those_is_refused():
    with pytest.raises(TimelineError):
        timeline_date("next spring-ish")
