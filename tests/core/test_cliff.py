"""Finding benefits cliffs in a net-resources curve, naming their cause, and break-even wages."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbridge.core.cliff import (
    Curve,
    Household,
    Job,
    SweepSpec,
    break_even_wage,
    cache_key,
    find_cliffs,
    net_gain,
)


def _curve(net, **parts) -> Curve:
    wages = np.arange(len(net), dtype=float)
    return Curve(wages, np.asarray(net, dtype=float), {k: np.asarray(v) for k, v in parts.items()})


def test_it_finds_no_cliff_when_net_resources_only_rise():
    assert find_cliffs(_curve([100, 200, 250, 260, 400])) == []


def test_it_finds_one_cliff_and_names_the_benefit_lost():
    # given SNAP stops between $2 and $3 an hour, and the earnings gained are smaller
    earnings = [0, 1000, 2000, 3000, 4000]
    snap = [5000, 5000, 5000, 0, 0]
    net = np.add(earnings, snap)
    # when
    cliffs = find_cliffs(_curve(net, earnings=earnings, snap=snap))
    # then
    assert len(cliffs) == 1
    cliff = cliffs[0]
    assert (cliff.wage_before, cliff.wage_after) == (2.0, 3.0)
    assert (cliff.net_before, cliff.net_after) == (7000.0, 3000.0)
    assert cliff.loss == 4000.0
    assert (cliff.cause, cliff.cause_loss) == ("snap", 5000.0)
    assert cliff.recovery_wage is None  # $4 gives 4,000, still below 7,000


def test_it_merges_consecutive_falls_into_one_cliff_with_its_recovery_wage():
    # given Medicaid falls over two steps, then earnings recover the loss
    earnings = [0, 1000, 2000, 3000, 4000, 5000, 9000]
    medicaid = [6000, 6000, 3500, 500, 500, 500, 500]
    net = np.add(earnings, medicaid)  # 6000 7000 5500 3500 4500 5500 9500
    cliffs = find_cliffs(_curve(net, earnings=earnings, medicaid=medicaid))
    assert len(cliffs) == 1
    assert (cliffs[0].wage_before, cliffs[0].wage_after) == (1.0, 3.0)
    assert cliffs[0].cause == "medicaid"
    # 7000 is reached between $5 (5500) and $6 (9500): 5 + 1500 / 4000
    assert cliffs[0].recovery_wage == pytest.approx(5.375)


def test_it_blames_a_tax_rise_when_no_benefit_falls_as_much():
    earnings = [0, 100, 200]
    taxes = [0, 0, -150]
    net = np.add(earnings, taxes)  # 0 100 50
    cliff = find_cliffs(_curve(net, earnings=earnings, taxes=taxes))[0]
    assert (cliff.cause, cliff.cause_loss) == ("taxes", 150.0)


def test_it_ignores_falls_within_the_tolerance():
    assert find_cliffs(_curve([100, 95, 200]), tolerance=10) == []


def test_it_finds_the_break_even_wage_past_the_last_dip():
    # given today's net resources are 5,000 and the curve dips below after first reaching it
    curve = _curve([4000, 5200, 4500, 4800, 6000, 7000])
    # then the wage from which it stays above is between $3 (4800) and $4 (6000)
    assert break_even_wage(curve, 5000) == pytest.approx(3 + 200 / 1200)


def test_it_gives_the_first_wage_when_the_whole_curve_is_above_the_target():
    assert break_even_wage(_curve([10, 20]), 5) == 0.0


def test_it_gives_no_break_even_wage_when_the_sweep_never_gets_there():
    assert break_even_wage(_curve([10, 20, 15]), 18) is None


def test_it_computes_yearly_earnings_and_net_gain():
    assert Job(17.5, 30).yearly_earnings == 27300.0
    assert net_gain(31000, 29500) == 1500.0


def test_it_refuses_a_household_without_an_adult_or_with_an_adult_child():
    with pytest.raises(ValueError):
        Household(adult_ages=())
    with pytest.raises(ValueError):
        Household(adult_ages=(30,), child_ages=(19,))


def test_it_keys_results_by_household_what_and_model_version():
    home = Household(adult_ages=(30,), child_ages=(3, 7))
    what = {"sweep": [40, False, 0, 40, 81]}
    key = cache_key(home, what, "2.68.0")
    assert key == cache_key(Household(adult_ages=(30,), child_ages=(3, 7)), what, "2.68.0")
    assert key != cache_key(home, what, "2.69.0")
    assert key != cache_key(Household(adult_ages=(30,), child_ages=(3, 8)), what, "2.68.0")


def test_it_spaces_a_sweeps_wages_evenly():
    assert SweepSpec(40, False, 0, 40, 5).wages().tolist() == [0, 10, 20, 30, 40]


@given(st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=2, max_size=60))
def test_it_marks_a_cliff_over_every_fall_beyond_the_tolerance(values):
    curve = _curve(values)
    cliffs = find_cliffs(curve, tolerance=10)
    falls = [i for i in range(len(values) - 1) if values[i + 1] - values[i] < -10]
    covered = {
        i for c in cliffs for i in range(len(values) - 1) if c.wage_before <= i < c.wage_after
    }
    assert covered == set(falls)
    assert all(c.loss > 10 for c in cliffs)


@given(
    st.lists(st.floats(-1e5, 1e5, allow_nan=False), min_size=2, max_size=60),
    st.floats(-1e5, 1e5, allow_nan=False),
)
def test_it_never_gives_a_break_even_wage_after_which_the_curve_dips_below(values, target):
    curve = _curve(values)
    wage = break_even_wage(curve, target)
    if wage is None:
        assert values[-1] < target
    else:
        later = [v for w, v in zip(curve.hourly, values, strict=True) if w > wage]
        assert all(v >= target for v in later)


def test_it_turns_net_gains_into_matching_points_neutral_when_unknown():
    from workbridge.core.cliff import net_gain_points

    points = net_gain_points(np.array([5000.0, 25000.0, -2500.0, np.nan]), 10.0)
    assert points.tolist() == [5.0, 10.0, -2.5, 0.0]
