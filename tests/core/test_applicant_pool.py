"""A job's applicants against the pool of all applicants, tested against SciPy's binomtest."""

from fractions import Fraction

import pytest
from scipy.stats import binomtest

from workbridge.core.applicant_pool import pool_shares, representation_against_pool


def test_it_takes_each_groups_exact_share_of_the_pool():
    assert pool_shares({"black": 300, "white": 500, "hispanic": 200}) == {
        "black": Fraction(3, 10),
        "white": Fraction(1, 2),
        "hispanic": Fraction(1, 5),
    }
    assert pool_shares({}) == {}


def test_it_tests_each_group_of_a_job_against_the_pool_as_scipy_does():
    # given a pool 30% Black, 50% White, 20% Hispanic, and a job's 40 applicants
    shares = pool_shares({"black": 300, "white": 500, "hispanic": 200})
    job = {"black": 5, "white": 28, "hispanic": 7}
    # when
    found = {u.group: u for u in representation_against_pool(job, shares, order=["white"])}
    # then
    assert list(found) == ["white", "black", "hispanic"]
    black = found["black"]
    assert (black.employees, black.total, black.expected) == (5, 40, 12)
    assert black.p_two_sided == pytest.approx(binomtest(5, 40, 0.3).pvalue, rel=1e-9)
    assert black.p_lower == pytest.approx(
        binomtest(5, 40, 0.3, alternative="less").pvalue, rel=1e-9
    )
    assert black.under_utilised is True
    assert black.shortfall == 7
    white = found["white"]
    assert white.p_two_sided == pytest.approx(binomtest(28, 40, 0.5).pvalue, rel=1e-9)
    assert white.under_utilised is False


def test_it_lists_a_group_the_pool_lacks_with_a_share_of_zero():
    found = representation_against_pool({"asian": 2, "white": 8}, {"white": Fraction(1)})
    assert [(u.group, u.availability) for u in found] == [("asian", 0), ("white", 1)]
