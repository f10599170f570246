"""The EEO seven-category value derived from SPD 15 race and ethnicity answers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.core.demographics import (
    AIAN,
    ASIAN,
    BLACK,
    EEO_AIAN,
    EEO_ASIAN,
    EEO_BLACK,
    EEO_CATEGORIES,
    EEO_HISPANIC,
    EEO_NHPI,
    EEO_NOT_DISCLOSED,
    EEO_TWO_OR_MORE,
    EEO_WHITE,
    HISPANIC,
    MENA,
    NHPI,
    SPD15_CATEGORIES,
    WHITE,
    eeo_category,
)


@pytest.mark.parametrize(
    ("race", "expected"),
    [
        (AIAN, EEO_AIAN),
        (ASIAN, EEO_ASIAN),
        (BLACK, EEO_BLACK),
        (NHPI, EEO_NHPI),
        (WHITE, EEO_WHITE),
        (HISPANIC, EEO_HISPANIC),
    ],
)
def test_it_gives_a_single_answer_its_own_category(race, expected):
    assert eeo_category([race]) == expected


@pytest.mark.parametrize(
    "answers",
    [[HISPANIC, BLACK], [WHITE, HISPANIC], [HISPANIC, ASIAN, AIAN], [MENA, HISPANIC]],
)
def test_it_puts_hispanic_or_latino_first_whatever_the_race(answers):
    assert eeo_category(answers) == EEO_HISPANIC


@pytest.mark.parametrize(
    "answers", [[BLACK, WHITE], [ASIAN, NHPI], [AIAN, BLACK, WHITE], [MENA, ASIAN]]
)
def test_it_counts_more_than_one_race_as_two_or_more(answers):
    assert eeo_category(answers) == EEO_TWO_OR_MORE


def test_it_reports_middle_eastern_or_north_african_as_white():
    assert eeo_category([MENA]) == EEO_WHITE


def test_it_does_not_count_mena_and_white_as_two_races():
    # Both are White in EEO-4, so the person is of one EEO race.
    assert eeo_category([MENA, WHITE]) == EEO_WHITE


def test_it_ignores_a_repeated_answer():
    assert eeo_category([BLACK, BLACK]) == EEO_BLACK


def test_it_reports_no_answer_as_not_disclosed():
    assert eeo_category([]) == EEO_NOT_DISCLOSED


def test_it_reports_prefer_not_to_say_as_not_disclosed_whatever_else_was_ticked():
    assert eeo_category([], prefer_not_to_say=True) == EEO_NOT_DISCLOSED
    assert eeo_category([HISPANIC, BLACK], prefer_not_to_say=True) == EEO_NOT_DISCLOSED


def test_it_refuses_an_unknown_category():
    # Free-text detail ("Mexican American", "Somali") is kept beside the answer and never
    # passed here: only the seven SPD 15 keys are.
    with pytest.raises(ValueError, match=r"Unknown race or ethnicity categories: \['Somali'\]"):
        eeo_category([BLACK, "Somali"])


def test_it_accepts_any_iterable_of_answers():
    assert eeo_category(iter([ASIAN])) == EEO_ASIAN
    assert eeo_category((WHITE, BLACK)) == EEO_TWO_OR_MORE
    assert eeo_category({NHPI}) == EEO_NHPI


@given(st.sets(st.sampled_from(SPD15_CATEGORIES)), st.booleans())
def test_it_always_gives_one_known_category(answers, prefer_not):
    result = eeo_category(answers, prefer_not_to_say=prefer_not)
    assert result in (*EEO_CATEGORIES, EEO_NOT_DISCLOSED)
    if prefer_not or not answers:
        assert result == EEO_NOT_DISCLOSED
    elif HISPANIC in answers:
        assert result == EEO_HISPANIC


@given(st.permutations(list(SPD15_CATEGORIES)), st.integers(min_value=1, max_value=7))
def test_it_does_not_depend_on_the_order_of_the_answers(ordering, count):
    chosen = ordering[:count]
    assert eeo_category(chosen) == eeo_category(sorted(chosen))
