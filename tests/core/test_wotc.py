"""WOTC pre-screening rules against IRC § 51 and Form 8850's credit table."""

from datetime import date
from decimal import Decimal

import pytest

from workbridge.core.wotc import (
    GROUPS,
    Answers,
    Status,
    credit_estimate,
    form_8850_deadline,
    screen,
)

HIRE = date(2025, 6, 2)


def codes(screening, status=Status.MEETS):
    return [f.group.code for f in screening.findings if f.status is status]


@pytest.mark.parametrize(
    ("code", "credit"),
    [
        # Form 8850 instructions / IRC § 51: 40 % of the first-year wage cap.
        ("tanf", 2400),
        ("tanf_long_term", 9000),  # 40 % of $10,000 + 50 % of $10,000 in year two
        ("veteran_snap", 2400),
        ("veteran_disabled_recent", 4800),
        ("veteran_disabled_unemployed", 9600),
        ("veteran_unemployed_4_weeks", 2400),
        ("veteran_unemployed_6_months", 5600),
        ("ex_felon", 2400),
        ("designated_community", 2400),
        ("vocational_rehab", 2400),
        ("summer_youth", 1200),
        ("snap", 2400),
        ("ssi", 2400),
        ("long_term_unemployed", 2400),
    ],
)
def test_it_gives_each_group_its_published_maximum_credit(code, credit):
    assert GROUPS[code].max_credit == credit


def test_it_finds_nothing_without_answers():
    # given / when
    result = screen(Answers(on=HIRE))
    # then
    assert result.findings == ()
    assert result.best is None
    assert result.max_credit == 0


def test_it_meets_snap_for_an_adult_under_40_with_six_months_of_snap():
    result = screen(Answers(on=HIRE, birth_date=date(1990, 6, 3), snap_months_past_6=6))
    assert codes(result) == ["snap"]
    assert result.findings[0].reason_text == "Aged 34; the household received SNAP."


def test_it_rules_out_snap_at_40():
    result = screen(Answers(on=HIRE, birth_date=date(1985, 6, 2), snap_months_past_6=6))
    assert result.findings == ()


def test_it_asks_how_long_when_snap_is_received_now():
    result = screen(Answers(on=HIRE, birth_date=date(1995, 1, 1), snap_now=True))
    assert codes(result, Status.ASK) == ["snap"]
    assert result.findings[0].reason == "snap_ask_months"


def test_it_picks_the_largest_credit_among_groups_met():
    # given a disabled veteran out of work 30 weeks who was also released from prison
    answers = Answers(
        on=HIRE,
        veteran=True,
        veteran_service_disability=True,
        unemployed_weeks_past_year=30,
        felony_released_on=date(2025, 1, 10),
    )
    # when
    result = screen(answers)
    # then
    assert codes(result) == [
        "veteran_disabled_unemployed",
        "veteran_unemployed_6_months",
        "ex_felon",
    ]
    assert result.best.group.code == "veteran_disabled_unemployed"
    assert result.max_credit == 9600


def test_it_counts_veteran_weeks_from_four_to_under_26():
    assert codes(screen(Answers(on=HIRE, veteran=True, unemployed_weeks_past_year=4))) == [
        "veteran_unemployed_4_weeks"
    ]
    assert codes(screen(Answers(on=HIRE, veteran=True, unemployed_weeks_past_year=3))) == []
    assert codes(screen(Answers(on=HIRE, veteran=True, unemployed_weeks_past_year=26))) == [
        "veteran_unemployed_6_months"
    ]


def test_it_takes_a_felony_release_within_a_year_only():
    assert codes(screen(Answers(on=HIRE, felony_released_on=date(2024, 6, 2)))) == ["ex_felon"]
    assert codes(screen(Answers(on=HIRE, felony_released_on=date(2024, 6, 1)))) == []


def test_it_separates_short_and_long_term_tanf():
    assert codes(screen(Answers(on=HIRE, tanf_months_past_18=9))) == ["tanf"]
    assert codes(screen(Answers(on=HIRE, tanf_months_past_18=8))) == []
    assert codes(screen(Answers(on=HIRE, tanf_months_past_18=18))) == ["tanf_long_term"]


def test_it_needs_27_consecutive_weeks_and_unemployment_compensation():
    since = date(2024, 11, 25)  # 27 weeks before the hire
    met = Answers(on=HIRE, unemployed_since=since, received_unemployment_compensation=True)
    assert codes(screen(met)) == ["long_term_unemployed"]
    unknown = Answers(on=HIRE, unemployed_since=since)
    assert codes(screen(unknown), Status.ASK) == ["long_term_unemployed"]
    short = Answers(
        on=HIRE, unemployed_since=date(2024, 12, 3), received_unemployment_compensation=True
    )
    assert codes(screen(short)) == []


def test_it_takes_ssi_for_a_month_ending_within_60_days():
    assert codes(screen(Answers(on=HIRE, ssi_last_month=date(2025, 4, 1)))) == ["ssi"]
    assert codes(screen(Answers(on=HIRE, ssi_last_month=date(2025, 3, 1)))) == []


def test_it_takes_summer_youth_only_between_may_and_mid_september():
    youth = dict(birth_date=date(2008, 7, 1), lives_in_empowerment_zone=True)
    assert codes(screen(Answers(on=HIRE, **youth))) == ["summer_youth"]
    assert codes(screen(Answers(on=date(2025, 10, 1), **youth))) == []


def test_it_marks_hires_after_the_authorisation():
    assert screen(Answers(on=date(2026, 1, 1))).authorized is False
    assert screen(Answers(on=date(2025, 12, 31))).authorized is True
    assert screen(Answers(on=date(2026, 1, 1)), authorized_through=date(2030, 12, 31)).authorized


def test_it_gives_the_form_8850_deadline_28_days_after_the_start():
    assert form_8850_deadline(date(2025, 6, 2)) == date(2025, 6, 30)


def test_it_estimates_a_credit_by_hours_worked():
    snap = GROUPS["snap"]
    # $17 × 30 h × 52 = $26,520 > $6,000 cap: 40 % of $6,000
    assert credit_estimate(snap, hourly_wage=Decimal(17), hours_per_week=30) == Decimal(2400)
    # 10 h × 20 weeks = 200 hours: 25 % of 200 × $15 = $750
    assert credit_estimate(snap, hourly_wage=Decimal(15), hours_per_week=10, weeks=20) == Decimal(
        750
    )
    # under 120 hours: nothing
    assert credit_estimate(snap, hourly_wage=Decimal(15), hours_per_week=10, weeks=11) == 0
