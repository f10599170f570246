"""Survey statistics checked against worked examples and SciPy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from workbridge.core.surveys import (
    hidden_groups,
    number_summary,
    number_summary_counts,
    response_rate,
    response_rates_by_group,
    reverse_scored,
    scale_summary,
    too_few_to_show,
    wilson_interval,
)


def test_it_computes_a_response_rate_against_its_target():
    # 40 of 100 invited against a 50% target: 10 more reach it
    rate = response_rate(invited=100, responded=40, target=0.5)
    assert rate.rate == 0.4
    assert rate.meets_target is False
    assert rate.still_needed == 10
    assert response_rate(invited=100, responded=50, target=0.5).meets_target is True
    assert response_rate(invited=0, responded=0, target=0.5).rate is None


def test_it_turns_a_reversed_answer_around():
    assert [reverse_scored(v, low=1, high=5) for v in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert [reverse_scored(v, low=0, high=4) for v in (0, 4)] == [4, 0]


def test_it_summarises_a_likert_item_like_scipy():
    # worked example: answers 1,2,2,3,4,4,4,5,5,5
    answers = {1: 1, 2: 2, 3: 1, 4: 3, 5: 3}
    raw = np.repeat(list(answers), list(answers.values()))
    summary = scale_summary(answers, values=[1, 2, 3, 4, 5], favourable_from=4)
    low, high = stats.t.interval(0.95, len(raw) - 1, loc=raw.mean(), scale=stats.sem(raw))
    assert summary.n == 10
    assert summary.mean == pytest.approx(3.5)
    assert summary.ci_low == pytest.approx(low)
    assert summary.ci_high == pytest.approx(high)
    assert summary.favourable == 6
    assert summary.favourable_share == 0.6
    assert summary.counts == ((1, 1), (2, 2), (3, 1), (4, 3), (5, 3))


def test_it_reverses_an_item_before_counting_the_favourable_share():
    summary = scale_summary({1: 3, 5: 1}, values=[1, 2, 3, 4, 5], reverse=True, favourable_from=4)
    assert summary.counts == ((1, 1), (2, 0), (3, 0), (4, 0), (5, 3))
    assert summary.favourable == 3
    assert summary.mean == 4.0


def test_it_gives_no_interval_for_one_answer():
    summary = scale_summary({3: 1}, values=[1, 2, 3, 4, 5])
    assert (summary.mean, summary.ci_low, summary.ci_high) == (3.0, None, None)


def test_it_refuses_an_answer_off_the_scale():
    with pytest.raises(ValueError):
        scale_summary({7: 1}, values=[1, 2, 3, 4, 5])


def test_it_summarises_numbers_like_scipy():
    values = [2, 4, 4, 5, 10]
    summary = number_summary(values)
    low, high = stats.t.interval(0.95, 4, loc=np.mean(values), scale=stats.sem(values))
    assert (summary.n, summary.mean, summary.median) == (5, 5.0, 4.0)
    assert (summary.ci_low, summary.ci_high) == (pytest.approx(low), pytest.approx(high))


def test_it_summarises_counted_numbers_as_it_does_the_numbers_themselves():
    # 2, 4, 4, 5, 10 given as how many gave each value
    summary = number_summary_counts({10.0: 1, 4.0: 2, 2.0: 1, 5.0: 1})
    direct = number_summary([2, 4, 4, 5, 10])
    assert (summary.n, summary.mean, summary.median) == (5, 5.0, 4.0)
    assert (summary.ci_low, summary.ci_high) == (
        pytest.approx(direct.ci_low),
        pytest.approx(direct.ci_high),
    )
    assert number_summary_counts({}).n == 0


@settings(deadline=None)
@given(st.dictionaries(st.integers(-50, 50), st.integers(0, 6), max_size=12))
def test_counted_numbers_summarise_as_their_expansion(counts):
    expanded = [v for v, c in counts.items() for _ in range(c)]
    counted = number_summary_counts({float(v): c for v, c in counts.items()})
    direct = number_summary(expanded)
    assert counted.n == direct.n
    for name in ("mean", "median", "ci_low", "ci_high"):
        a, b = getattr(counted, name), getattr(direct, name)
        assert (a is None and b is None) or a == pytest.approx(b, abs=1e-9)


def test_it_computes_wilsons_interval():
    # Newcombe (1998), example: 81 of 263 gives 0.2553 to 0.3662
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)


def test_it_hides_small_departments_and_a_complement():
    rates = response_rates_by_group(
        {"Water": (40, 20), "Streets": (30, 9), "Parks": (4, 4)}, threshold=10
    )
    hidden = {r.group: r.hidden for r in rates}
    # Parks is small; Streets (the smaller of the rest) is hidden so Parks cannot be
    # worked out from the total
    assert hidden == {"Water": False, "Streets": True, "Parks": True}
    assert [r.rate for r in rates] == [0.5, None, None]


def test_it_hides_nothing_when_every_group_is_large_enough():
    assert hidden_groups({"a": 10, "b": 12}, threshold=10) == frozenset()


def test_it_says_when_a_whole_wave_is_too_small_to_show():
    assert too_few_to_show(9, threshold=10) is True
    assert too_few_to_show(10, threshold=10) is False
    assert too_few_to_show(0, threshold=10) is False


@given(st.dictionaries(st.sampled_from([1, 2, 3, 4, 5]), st.integers(0, 50), min_size=1))
def test_it_keeps_the_mean_on_the_scale_and_inside_its_interval(answers):
    summary = scale_summary(answers, values=[1, 2, 3, 4, 5], favourable_from=4)
    assert sum(c for _v, c in summary.counts) == summary.n
    if summary.n:
        assert 1 <= summary.mean <= 5
        assert 0 <= summary.favourable_share <= 1
    if summary.ci_low is not None and not math.isnan(summary.ci_low):
        assert summary.ci_low <= summary.mean <= summary.ci_high


@given(st.dictionaries(st.text(min_size=1, max_size=4), st.integers(0, 30), max_size=8))
def test_it_never_leaves_exactly_one_small_group_hidden(sizes):
    hidden = hidden_groups(sizes, threshold=10)
    small = {g for g, n in sizes.items() if 0 < n < 10}
    assert small <= hidden
    assert len(hidden) != 1 or sum(1 for n in sizes.values() if n > 0) <= 1
