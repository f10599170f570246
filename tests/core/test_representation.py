"""Representation against availability: SciPy's binomial test, Supreme Court worked examples."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest

from tests.properties import examples
from workbridge.core.representation import (
    ANY_DIFFERENCE,
    EIGHTY_PERCENT,
    TWO_SIDED_05,
    WHOLE_PERSON,
    Availability,
    binomial_p_lower,
    binomial_p_two_sided,
    is_under_utilised,
    shortfall,
    utilisation,
    utilisation_analysis,
)


@pytest.mark.parametrize(
    ("x", "n", "p"),
    [
        (0, 10, 0.3),
        (3, 10, 0.3),
        (7, 10, 0.3),
        (15, 405, 0.154),
        (339, 870, 0.791),
        (50, 100, 0.5),
        (12, 40, 0.25),
        (1, 1, 0.5),
        (4, 1000, 0.01),
        (30, 1000, 0.01),
        (0, 10, 0.0),
        (3, 10, 0.0),
        (10, 10, 1.0),
        (7, 10, 1.0),
    ],
)
def test_it_agrees_with_scipy_binomtest(x, n, p):
    # given / when
    lower = binomial_p_lower(x, n, p)
    two = binomial_p_two_sided(x, n, p)
    # then
    assert lower == pytest.approx(binomtest(x, n, p, alternative="less").pvalue, abs=1e-9)
    assert two == pytest.approx(binomtest(x, n, p, alternative="two-sided").pvalue, abs=1e-9)


@settings(max_examples=examples(200), deadline=None)
@given(
    n=st.integers(min_value=1, max_value=400),
    p=st.floats(min_value=0.01, max_value=0.99),
    data=st.data(),
)
def test_it_agrees_with_scipy_on_any_case(n, p, data):
    x = data.draw(st.integers(min_value=0, max_value=n))
    assert binomial_p_lower(x, n, p) == pytest.approx(
        binomtest(x, n, p, alternative="less").pvalue, abs=1e-9
    )
    assert binomial_p_two_sided(x, n, p) == pytest.approx(binomtest(x, n, p).pvalue, abs=1e-9)


def test_it_reproduces_castaneda_v_partida():
    # given: 430 U.S. 482, 496 n.17 (1977): 870 grand jurors summoned, 339 of them
    # Mexican-American, from a population 79.1% Mexican-American. The Court: expected
    # about 688, standard deviation about 12, "approximately 29 standard deviations".
    item = Availability("mexican_american", 339, 870, Fraction(791, 1000))
    # when
    u = utilisation(item)
    # then
    assert float(u.expected) == pytest.approx(688.17)
    assert u.standard_deviations == pytest.approx(-29.1, abs=0.05)
    assert u.p_lower < 1e-100
    assert u.under_utilised is True
    assert u.shortfall == 350  # ceil(688.17 - 339)


def test_it_reproduces_hazelwood_school_district():
    # given: 433 U.S. 299, 308-311 nn.14, 17 (1977): 15 Black teachers among 405 hired.
    # Against the 15.4% of St. Louis County and City teachers who were Black the Court
    # found a difference of more than six standard deviations; against 5.7% (the county
    # alone) fewer than two.
    county_and_city = utilisation(Availability("black", 15, 405, Fraction(154, 1000)))
    county_only = utilisation(Availability("black", 15, 405, Fraction(57, 1000)))
    # then
    assert float(county_and_city.expected) == pytest.approx(62.37)
    assert county_and_city.standard_deviations < -6
    assert county_and_city.under_utilised is True
    assert -2 < county_only.standard_deviations < -1.5
    assert county_only.p_two_sided > 0.05
    assert county_only.under_utilised is False


def test_it_computes_ratio_and_shortfall_exactly():
    # given: 40 employees, 6 women, availability 25% -> 15% representation
    u = utilisation(Availability("female", 6, 40, Decimal("0.25")))
    # then
    assert u.representation == Fraction(3, 20)
    assert u.availability == Fraction(1, 4)
    assert u.ratio == Fraction(3, 5)
    assert u.expected == 10
    assert u.shortfall == 4


def test_it_does_not_round_an_exact_expectation_up():
    # 7 expected exactly (0.35 x 20): 7 employees have no shortfall, 6 are one short
    assert shortfall(7, 20, Fraction(35, 100)) == 0
    assert shortfall(6, 20, Fraction(35, 100)) == 1
    # 6.3 people short needs 7
    assert shortfall(0, 63, Fraction(1, 10)) == 7


def test_it_applies_each_fccm_method():
    a = Fraction(1, 4)
    # 40 employees, 9 of the group (expected 10)
    assert is_under_utilised(9, 40, a, method=ANY_DIFFERENCE) is True
    assert is_under_utilised(9, 40, a, method=WHOLE_PERSON) is True
    assert is_under_utilised(9, 40, a, method=EIGHTY_PERCENT) is False  # 22.5% >= 20%
    assert is_under_utilised(9, 40, a, method=TWO_SIDED_05) is False
    # 7 of 40: 17.5% < 80% of 25%
    assert is_under_utilised(7, 40, a, method=EIGHTY_PERCENT) is True
    # 9.5 expected: 9 is less than a whole person short
    assert is_under_utilised(9, 38, a, method=WHOLE_PERSON) is False
    # 2 of 40: significant
    assert is_under_utilised(2, 40, a, method=TWO_SIDED_05) is True
    # above availability is never under-utilised
    assert is_under_utilised(30, 40, a, method=TWO_SIDED_05) is False


def test_it_leaves_an_empty_workforce_undefined():
    [u] = utilisation_analysis([Availability("asian", 0, 0, Fraction(1, 10))])
    assert u.representation is None
    assert u.ratio is None
    assert u.p_lower == 1.0
    assert u.p_two_sided == 1.0
    assert u.shortfall == 0
    assert u.under_utilised is False


def test_it_refuses_impossible_counts():
    with pytest.raises(ValueError):
        utilisation(Availability("x", 5, 4, Fraction(1, 2)))
    with pytest.raises(ValueError):
        utilisation(Availability("x", 1, 4, Fraction(3, 2)))
    with pytest.raises(ValueError):
        utilisation_analysis([], method="nonsense")
