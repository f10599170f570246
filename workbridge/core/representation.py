"""Workforce representation against availability: utilisation, exact binomial tests, shortfall.

Sources and the choices made where they leave room:

- Representation and availability (41 CFR 60-2.14 and 60-2.15; OFCCP Federal
  Contract Compliance Manual, 1F02 "Executive Order Utilization Analysis"): a
  group's representation is its share of the employees counted; its
  availability is its share of the benchmark population (the people in the
  recruitment area with the skills the jobs need). The utilisation ratio is
  representation over availability; 1 means representation equals availability.
- Expected count and standard deviations: if each of the n employees were drawn
  from the benchmark population independently, the number from the group would
  be binomial(n, a): expected n·a, standard deviation sqrt(n·a·(1-a)). The
  difference in standard deviations is the statistic the U.S. Supreme Court used
  in Castaneda v. Partida, 430 U.S. 482, 496 n.17 (1977) and Hazelwood School
  District v. United States, 433 U.S. 299, 308-311 nn.14, 17 (1977), where "more
  than two or three standard deviations" makes chance doubtful.
- Exact binomial test: `p_lower` is P(X <= x), the probability of as few or fewer
  of the group under availability. `p_two_sided` adds the probabilities of every
  outcome no more likely than the one observed, with the relative tolerance
  1 + 1e-7 SciPy's `binomtest` uses for ties, so the two agree.
- Under-utilisation (FCCM 1F02 lists the accepted methods; one must be applied
  uniformly): `ANY_DIFFERENCE` — representation below availability;
  `WHOLE_PERSON` — at least one whole person fewer than expected;
  `EIGHTY_PERCENT` — representation below 80% of availability; `TWO_SIDED_05`
  (the default) — below availability and the exact two-sided p under 0.05, the
  exact counterpart of "two standard deviations".
- Shortfall: how many more of the group the same number of employees would need
  for representation to reach availability, ceil(n·a - x), never below zero (the
  "any difference" count, rounded up: 6.3 people short needs 7). Computed in
  exact rational arithmetic, so an expected 7.000 is not rounded up to 8.

Pure Python with SciPy: no Django and no app import (an import-linter contract says so).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scipy.stats import binom

ANY_DIFFERENCE = "any_difference"
WHOLE_PERSON = "whole_person"
EIGHTY_PERCENT = "eighty_percent"
TWO_SIDED_05 = "two_sided_05"
METHODS = (TWO_SIDED_05, ANY_DIFFERENCE, WHOLE_PERSON, EIGHTY_PERCENT)
SIGNIFICANCE = 0.05
# SciPy's binomtest counts outcomes within this relative distance of the observed
# probability as equally likely (floating-point ties).
_TIE_TOLERANCE = 1 + 1e-7


@dataclass(frozen=True)
class Availability:
    """One group's employees, the employees counted, and its availability as a fraction."""

    group: str
    employees: int
    total: int
    availability: Fraction


@dataclass(frozen=True)
class Utilisation:
    group: str
    employees: int
    total: int
    representation: Fraction | None  # None when nobody is counted
    availability: Fraction
    ratio: Fraction | None  # representation / availability; None when either is undefined
    expected: Fraction
    standard_deviations: float | None  # (x - n·a) / sqrt(n·a·(1-a)); None when that is 0
    p_lower: float
    p_two_sided: float
    shortfall: int
    under_utilised: bool


def as_fraction(share: Fraction | Decimal | float | str) -> Fraction:
    """A share as an exact fraction (a Decimal's digits are kept exactly)."""
    return share if isinstance(share, Fraction) else Fraction(str(share))


def binomial_p_lower(x: int, n: int, p: float) -> float:
    """P(X <= x) for X ~ binomial(n, p)."""
    _check(x, n, p)
    return float(min(1.0, binom.cdf(x, n, p)))


def binomial_p_two_sided(x: int, n: int, p: float) -> float:
    """The exact two-sided binomial test's p-value, as SciPy's `binomtest` computes it."""
    _check(x, n, p)
    if n == 0:
        return 1.0
    d = binom.pmf(x, n, p)
    expected = p * n
    if x == expected:
        return 1.0
    if x < expected:
        # the outcomes above the mean no more likely than x
        upper = _count_at_most(d * _TIE_TOLERANCE, n, p, math.ceil(expected), n, from_top=True)
        pval = binom.cdf(x, n, p) + binom.sf(n - upper, n, p)
    else:
        lower = _count_at_most(d * _TIE_TOLERANCE, n, p, 0, math.floor(expected), from_top=False)
        pval = binom.cdf(lower - 1, n, p) + binom.sf(x - 1, n, p)
    return float(min(1.0, pval))


def _count_at_most(threshold: float, n: int, p: float, lo: int, hi: int, *, from_top: bool) -> int:
    """How many outcomes in [lo, hi] at the far end (top or bottom) have pmf <= threshold.

    The pmf rises towards the mean, so those outcomes form one run at the far end; a
    binary search finds where it stops.
    """
    if from_top:
        # outcomes hi, hi-1, ... away from the mean; find the smallest k in [lo, hi]
        # with pmf(k) <= threshold
        if binom.pmf(hi, n, p) > threshold:
            return 0
        a, b = lo, hi
        while a < b:
            mid = (a + b) // 2
            if binom.pmf(mid, n, p) <= threshold:
                b = mid
            else:
                a = mid + 1
        return hi - a + 1
    if binom.pmf(lo, n, p) > threshold:
        return 0
    a, b = lo, hi
    while a < b:
        mid = (a + b + 1) // 2
        if binom.pmf(mid, n, p) <= threshold:
            a = mid
        else:
            b = mid - 1
    return a - lo + 1


def _check(x: int, n: int, p: float) -> None:
    if n < 0 or x < 0 or x > n:
        raise ValueError("need 0 <= x <= n")
    if not 0 <= p <= 1:
        raise ValueError("the availability must be between 0 and 1")


def shortfall(employees: int, total: int, availability: Fraction) -> int:
    """How many more of the group would bring representation up to availability (rounded up)."""
    return max(0, math.ceil(availability * total - employees))


def is_under_utilised(
    employees: int,
    total: int,
    availability: Fraction,
    *,
    method: str = TWO_SIDED_05,
    p_two_sided: float | None = None,
) -> bool:
    """Whether the group is under-utilised by the chosen method (FCCM 1F02)."""
    if total == 0:
        return False
    expected = availability * total
    below = employees < expected
    if method == ANY_DIFFERENCE:
        return below
    if method == WHOLE_PERSON:
        return expected - employees >= 1
    if method == EIGHTY_PERCENT:
        return Fraction(employees, total) < availability * Fraction(4, 5)
    if method == TWO_SIDED_05:
        if p_two_sided is None:
            p_two_sided = binomial_p_two_sided(employees, total, float(availability))
        return below and p_two_sided < SIGNIFICANCE
    raise ValueError(f"unknown method {method!r}")


def utilisation(item: Availability, *, method: str = TWO_SIDED_05) -> Utilisation:
    """Every figure of one group's comparison with its availability."""
    n, x, a = item.total, item.employees, as_fraction(item.availability)
    if not 0 <= a <= 1:
        raise ValueError("the availability must be between 0 and 1")
    _check(x, n, 0.5)
    representation = Fraction(x, n) if n else None
    ratio = representation / a if representation is not None and a > 0 else None
    expected = a * n
    variance = float(expected * (1 - a))
    sds = (x - float(expected)) / math.sqrt(variance) if variance > 0 else None
    p_lower = binomial_p_lower(x, n, float(a))
    p_two = binomial_p_two_sided(x, n, float(a))
    return Utilisation(
        group=item.group,
        employees=x,
        total=n,
        representation=representation,
        availability=a,
        ratio=ratio,
        expected=expected,
        standard_deviations=sds,
        p_lower=p_lower,
        p_two_sided=p_two,
        shortfall=shortfall(x, n, a),
        under_utilised=is_under_utilised(x, n, a, method=method, p_two_sided=p_two),
    )


def utilisation_analysis(
    items: Sequence[Availability], *, method: str = TWO_SIDED_05
) -> list[Utilisation]:
    """Each group's utilisation, in the order given."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    return [utilisation(item, method=method) for item in items]
