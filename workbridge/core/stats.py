"""Selection rates, impact ratios and significance tests for adverse-impact analysis.

Sources and the choices made where they leave room:

- Selection rate: the share of the people considered at a step who were
  selected (29 CFR 1607.16, definitions).
- Impact ratio and the four-fifths rule (29 CFR 1607.4(D)): each group's rate
  over the highest group's rate; a ratio *below* 4/5 indicates adverse impact.
  The comparison is made in exact rational arithmetic, so a ratio of exactly
  0.8 (48% against 60%, Q&A 12 of the 1979 Questions and Answers on the
  Uniform Guidelines) is not adverse.
- The reference group is the known group with the highest selection rate among
  those with at least `reference_min_share` (2% by default) of everyone
  considered in the analysis, unknown included; on a tie, the one with more
  people considered, then the first given. NYC's rules on automated employment
  decision tools allow a bias audit to leave a category under 2% of the data out
  of the impact-ratio calculation (6 RCNY §5-301), so a handful of people all
  selected does not become the yardstick for every other group. The smaller
  groups are still compared with the reference (their ratio may exceed 1), and
  those with a higher rate than the reference are listed (`passed_over`). If no
  group of that size had anyone selected, the reference is the highest-rate
  known group of any size. A minimum share of 0 gives the plain rule: the
  highest rate of any known group. Groups of unknown membership ("unknown",
  "not disclosed", "prefer not to say", blank, and intersections with any such
  part) are counted and reported apart, and never chosen as the reference. If no
  known group had anyone selected there is no reference: ratios and tests are
  undefined (None) and nothing is adverse.
- Small groups: a group with under 2% of everyone considered in the analysis
  (unknown included) is flagged, following the 2% qualification in Q&A 12; it
  is still analysed.
- Two-sample Z test with a pooled proportion (e.g. Agresti, *Categorical Data
  Analysis*): z = (p_group - p_reference) / sqrt(p(1-p)(1/n1 +
  1/n2)), so z < 0 means the group was selected less often. When the pooled
  rate is 0 or 1 both rates are equal and z = 0, p = 1.
- Fisher's exact test on the 2x2 table group/reference × selected/not, under
  the hypergeometric distribution of the group's selections given all the
  margins (Fisher, *The Design of Experiments*, 1935, ch. II).
  Two-sided: the probability of all tables no more likely than the one observed,
  with the relative tolerance 1e-14 that SciPy's `fisher_exact` uses for ties.
  One-sided: the group selected less often than the reference, P(X <= x)
  (SciPy's alternative='less' for the group's odds).
- Lancaster's mid-p (Lancaster, JASA 56 (1961) 223-234), one-sided in the same
  direction: P(X < x) + P(X = x) / 2.
- Shortfall: the fewest extra selections from among the group's own people
  considered that would bring its rate up to the reference rate (rounded up);
  `shortfall_four_fifths` does the same for an impact ratio of at least 4/5.
- Shortfall against the overall rate (`shortfall_overall`): the group's considered
  × (everyone selected ÷ everyone considered) − the group's selected, unrounded and
  negative for a group selected more often than the whole. This is how OFCCP
  conciliation agreements count the hires a group lost (the "expected minus actual"
  of a hiring shortfall). "Everyone" is everyone in the analysis, unknown included, as
  for the 2% share.
- One different selection (Q&A 21): `one_selection_reverses` says whether
  moving one selection between this group and the reference group (towards
  this group when it shows adverse impact, away from it otherwise) changes this
  group's four-fifths finding, with every rate and the reference recomputed.
  `one_selection_inverts_rates` is Q&A 21's own test: for a group showing
  adverse impact, whether that one move would give it a higher rate than the
  reference group. Both are None for the reference group and where no
  comparison exists. After the move the reference is chosen again by the rule
  above, so a group under the minimum share never becomes it.
- Practically and statistically significant (29 CFR 1607.4(D): smaller
  differences may constitute adverse impact where they are significant in both
  statistical and practical terms; greater ones may not where they rest on small
  numbers and are not statistically significant): `significant` holds for a group
  whose ratio is below four-fifths, whose finding one different selection does
  not reverse, and whose Fisher's exact two-sided p is below `SIGNIFICANCE_LEVEL`
  (0.05). The other adverse findings rest on the four-fifths rule alone.

Tests are computed for many comparisons at once with NumPy and SciPy
(`adverse_impact_many`, or `adverse_impact_arrays` with no per-group objects), so
a report over thousands of cells makes a handful of vectorised calls rather than
thousands of scalar ones; the two loops whose length differs from row to row
(summing a tail, finding where the other tail starts) are compiled with Numba.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property, partial
from typing import Any, Protocol

import numba
import numpy as np
import numpy.typing as npt
from scipy.special import erfc, gammaln
from scipy.stats import hypergeom

FOUR_FIFTHS = Fraction(4, 5)
SMALL_GROUP_SHARE = Fraction(2, 100)
# Fisher's exact two-sided p below this makes an adverse finding statistically significant.
SIGNIFICANCE_LEVEL = 0.05
INTERSECTION_SEPARATOR = " × "
UNKNOWN_LABELS: frozenset[str] = frozenset(
    {
        "",
        "(blank)",
        "unknown",
        "not disclosed",
        "not_disclosed",
        "undisclosed",
        "prefer not to say",
        "prefer_not_to_say",
        "declined",
        "declined to state",
        "decline to state",
        "not specified",
    }
)
# SciPy's fisher_exact treats tables whose probabilities differ by no more than
# this relative amount as equally likely (floating-point ties).
_TIE_TOLERANCE = 1e-14
_LOG_TIE = math.log1p(_TIE_TOLERANCE)
# A tail stops where its next probability is below this share of the sum so far.
_NEGLIGIBLE = 2.0**-60
# Above this many people in a comparison the observed table's probability comes
# from SciPy: sums of log-gamma values that large keep too few digits.
_LARGE_TABLE = 50_000
# Steps taken from the guess at the other tail's edge before a binary search.
_MAX_STEPS = 64
# Below this many people in a group, comparing rates as floats is exact: two
# different fractions differ by more than their rounding errors.
_EXACT_FLOAT_COUNTS = 2**25


@dataclass(frozen=True)
class GroupCounts:
    """People considered and selected at one step, for one group."""

    group: str
    considered: int
    selected: int

    def __post_init__(self) -> None:
        if self.considered < 0 or self.selected < 0:
            raise ValueError(f"{self.group!r}: counts cannot be negative")
        if self.selected > self.considered:
            raise ValueError(
                f"{self.group!r}: selected ({self.selected}) exceeds considered ({self.considered})"
            )


@dataclass(frozen=True)
class GroupImpact:
    """One group's selection rate, impact ratio and tests against the reference group.

    `rate_exact` and `impact_ratio_exact` are made from the counts when first read.
    """

    group: str
    considered: int
    selected: int
    rate: float | None
    impact_ratio: float | None
    adverse_impact: bool
    small_group: bool
    is_reference: bool
    z: float | None
    p_z_two_sided: float | None
    fisher_p_two_sided: float | None
    fisher_p_one_sided: float | None
    mid_p: float | None
    shortfall: int
    shortfall_four_fifths: int
    one_selection_reverses: bool | None
    one_selection_inverts_rates: bool | None
    # adverse, not reversed by one selection, and Fisher's two-sided p < SIGNIFICANCE_LEVEL
    significant: bool
    # the reference group's (selected, considered), when there is a ratio
    reference_counts: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def rate_exact(self) -> Fraction | None:
        """Selected over considered, exactly; None when nobody was considered."""
        if self.considered == 0:
            return None
        return Fraction(self.selected, self.considered)

    @cached_property
    def impact_ratio_exact(self) -> Fraction | None:
        """This group's rate over the reference group's, exactly; None without a reference."""
        if self.reference_counts is None or self.considered == 0:
            return None
        ref_selected, ref_considered = self.reference_counts
        return Fraction(self.selected * ref_considered, self.considered * ref_selected)


@dataclass(frozen=True)
class ImpactAnalysis:
    """Every known group's result, the reference group, and the unknown groups set apart.

    `passed_over`: the known groups with a higher rate than the reference group's that
    were too small to be the reference, in the order given.
    """

    reference_group: str | None
    groups: tuple[GroupImpact, ...]
    unknown: tuple[GroupCounts, ...]
    considered: int
    selected: int
    passed_over: tuple[str, ...] = ()

    @property
    def unknown_considered(self) -> int:
        return sum(c.considered for c in self.unknown)

    @property
    def unknown_selected(self) -> int:
        return sum(c.selected for c in self.unknown)

    def shortfall_overall(self, name: str) -> float | None:
        """One group's shortfall against the overall selection rate (see the module notes)."""
        g = self.group(name)
        return shortfall_overall(g.considered, g.selected, self.considered, self.selected)

    def group(self, name: str) -> GroupImpact:
        """The result for one group, by name."""
        for g in self.groups:
            if g.group == name:
                return g
        raise KeyError(name)


@dataclass(frozen=True)
class ExactTests:
    """Fisher's exact and Lancaster's mid-p for comparisons given as arrays."""

    fisher_two_sided: np.ndarray
    fisher_less: np.ndarray
    mid_p_less: np.ndarray


def is_unknown_group(name: str, *, unknown_labels: Iterable[str] = UNKNOWN_LABELS) -> bool:
    """Whether a group name, or any part of an intersection, means membership is unknown."""
    return _is_unknown(name, frozenset(label.casefold() for label in unknown_labels))


def _is_unknown(name: str, folded_labels: frozenset[str]) -> bool:
    return any(
        part.strip().casefold() in folded_labels
        for part in name.split(INTERSECTION_SEPARATOR.strip())
    )


def selection_rate(counts: GroupCounts) -> Fraction | None:
    """Selected over considered, exactly; None when nobody was considered."""
    if counts.considered == 0:
        return None
    return Fraction(counts.selected, counts.considered)


def is_adverse(ratio: Fraction) -> bool:
    """The four-fifths rule: a ratio below 4/5 (not equal to it) indicates adverse impact."""
    return ratio < FOUR_FIFTHS


def shortfall(group: GroupCounts, reference: GroupCounts, share: Fraction = Fraction(1)) -> int:
    """Extra selections the group needs for its rate to reach `share` of the reference rate."""
    if group.considered == 0 or reference.considered == 0:
        return 0
    # smallest k with (s_g + k) / n_g >= share * s_r / n_r
    num = share.numerator * group.considered * reference.selected
    den = share.denominator * reference.considered
    needed = -(-num // den)
    return max(0, needed - group.selected)


def shortfall_overall(
    considered: int, selected: int, all_considered: int, all_selected: int
) -> float | None:
    """considered × (all selected ÷ all considered) − selected, unrounded: the group's
    expected selections at the overall rate less its actual ones (OFCCP conciliation
    agreements' hiring shortfall); None when nobody was considered at all."""
    if all_considered == 0:
        return None
    return considered * all_selected / all_considered - selected


def pooled_z_tests(
    selected: np.ndarray | Sequence[int],
    considered: np.ndarray | Sequence[int],
    reference_selected: np.ndarray | Sequence[int],
    reference_considered: np.ndarray | Sequence[int],
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled two-sample Z statistics (group minus reference) and two-sided p-values."""
    s1 = np.asarray(selected, dtype=np.float64)
    n1 = np.asarray(considered, dtype=np.float64)
    s2 = np.asarray(reference_selected, dtype=np.float64)
    n2 = np.asarray(reference_considered, dtype=np.float64)
    pooled = (s1 + s2) / (n1 + n2)
    variance = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    degenerate = variance <= 0.0
    safe = np.where(degenerate, 1.0, variance)
    z = np.where(degenerate, 0.0, (s1 / n1 - s2 / n2) / np.sqrt(safe))
    p = np.where(degenerate, 1.0, erfc(np.abs(z) / math.sqrt(2.0)))
    return z, np.minimum(p, 1.0)


def exact_tests(
    selected: np.ndarray | Sequence[int],
    considered: np.ndarray | Sequence[int],
    reference_selected: np.ndarray | Sequence[int],
    reference_considered: np.ndarray | Sequence[int],
) -> ExactTests:
    """Fisher's exact test (two-sided and 'less') and the one-sided mid-p, vectorised.

    X, the group's selections, is hypergeometric with population n_g + n_r,
    s_g + s_r selections in all, and n_g draws.

    Probabilities are summed outwards from a known point with the ratio of
    neighbouring probabilities, a few dozen table positions per comparison at
    a time; the observed table's probability comes from log-gamma functions
    (SciPy's own for very large tables, where those lose accuracy). The other
    tail of the two-sided test starts where the probability first falls to the
    observed one: found with log-gamma differences and, where these cannot tell
    (ties within the tolerance), decided with SciPy's probabilities as
    `fisher_exact` does.
    """
    x_int = np.atleast_1d(np.asarray(selected, dtype=np.int64))
    draws_int = np.atleast_1d(np.asarray(considered, dtype=np.int64))
    total_int = draws_int + np.atleast_1d(np.asarray(reference_considered, dtype=np.int64))
    successes_int = x_int + np.atleast_1d(np.asarray(reference_selected, dtype=np.int64))
    low_int = np.maximum(0, draws_int + successes_int - total_int)
    high_int = np.minimum(draws_int, successes_int)
    mode_int = (draws_int + 1) * (successes_int + 1) // (total_int + 2)
    degenerate = (
        (successes_int == 0)
        | (successes_int == total_int)
        | (draws_int == 0)
        | (draws_int == total_int)
    )

    x = x_int.astype(np.float64)
    n = draws_int.astype(np.float64)
    big = successes_int.astype(np.float64)
    bad = (total_int - successes_int).astype(np.float64)
    total = total_int.astype(np.float64)

    # log P(X = k) = const + _log_terms(k); differences need only the k terms
    log_x = _log_terms(x, big, n, bad)
    const = (
        gammaln(big + 1.0)
        + gammaln(bad + 1.0)
        + gammaln(n + 1.0)
        + gammaln(total - n + 1.0)
        - gammaln(total + 1.0)
    )
    # an upper bound on the rounding error of those log differences (a few ulp
    # of each log-gamma term), and a margin for SciPy's own pmf
    doubt = 1e-14 * (gammaln(total + 1.0) + 1.0) + 1e-12
    p_x = np.where(
        degenerate,
        1.0,
        np.exp(const + log_x),
    )
    huge = ~degenerate & (total_int > _LARGE_TABLE)
    if huge.any():
        p_x[huge] = hypergeom.pmf(
            x_int[huge], total_int[huge], successes_int[huge], draws_int[huge]
        )

    # P(X < x) / P(X = x) below the mode, P(X > x) / P(X = x) above it
    below = x_int < mode_int
    lower = np.zeros_like(x)
    upper = np.zeros_like(x)
    b, a = np.flatnonzero(below & ~degenerate), np.flatnonzero(~below & ~degenerate)
    lower[b] = _walk(x[b], big[b], n[b], bad[b], up=False, with_start=False)
    upper[a] = _walk(x[a], big[a], n[a], bad[a], up=True, with_start=False)
    p_less = np.where(below, p_x * (1.0 + lower), 1.0 - p_x * upper)
    mid = np.where(below, p_x * (lower + 0.5), 1.0 - p_x * (upper + 0.5))
    p_less = np.minimum(np.maximum(p_less, 0.0), 1.0)
    mid = np.minimum(np.maximum(mid, 0.0), 1.0)

    # ties with the mode (SciPy's first check)
    log_mode = _log_terms(mode_int.astype(np.float64), big, n, bad)
    gap = log_mode - log_x
    tie = (x_int == mode_int) | degenerate
    unsure = ~tie & (np.abs(gap) <= doubt + 4 * _TIE_TOLERANCE)
    if unsure.any():
        i = np.flatnonzero(unsure)
        args = (total_int[i], successes_int[i], draws_int[i])
        p_exact = hypergeom.pmf(x_int[i], *args)
        p_mode = hypergeom.pmf(mode_int[i], *args)
        tie[i] = np.abs(p_exact - p_mode) <= _TIE_TOLERANCE * np.maximum(p_exact, p_mode)

    two_sided = np.ones_like(x)
    # below the mode: the other tail starts at the first y > mode at most as likely
    b = np.flatnonzero(below & ~tie)
    first = _boundary(
        b, mode_int + 1, high_int, mode_int, x_int, log_x, big, n, bad, doubt, up=True
    )
    other = _other_tail(b, first, first <= high_int[b], log_x, big, n, bad, up=True)
    two_sided[b] = p_x[b] * (1.0 + lower[b] + other)
    # above the mode: the other tail ends at the last y < mode at most as likely
    a = np.flatnonzero(~below & ~tie)
    last = _boundary(a, low_int, mode_int - 1, mode_int, x_int, log_x, big, n, bad, doubt, up=False)
    other = _other_tail(a, last, last >= low_int[a], log_x, big, n, bad, up=False)
    two_sided[a] = p_x[a] * (1.0 + upper[a] + other)
    two_sided = np.minimum(two_sided, 1.0)
    return ExactTests(fisher_two_sided=two_sided, fisher_less=p_less, mid_p_less=mid)


def _other_tail(
    rows: np.ndarray,
    edge: np.ndarray,
    inside: np.ndarray,
    log_x: np.ndarray,
    big: np.ndarray,
    n: np.ndarray,
    bad: np.ndarray,
    *,
    up: bool,
) -> np.ndarray:
    """Per row, the other tail's probability from `edge` outwards, over P(X = x); 0 if not `inside`.

    The edge is at most as likely as x; where SciPy's probabilities decided a
    tie that log-gamma values put slightly the other way (or that underflowed),
    the ratio is taken as 1 rather than above it.
    """
    out = np.zeros(rows.size)
    j = rows[inside]
    start = edge[inside].astype(np.float64)
    ratio = np.exp(np.minimum(_log_terms(start, big[j], n[j], bad[j]) - log_x[j], 0.0))
    out[inside] = ratio * _walk(start, big[j], n[j], bad[j], up=up)
    return out


def _log_terms(k: np.ndarray, big: np.ndarray, n: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """log P(X = k) less the part that does not depend on k."""
    terms: np.ndarray = -(
        gammaln(k + 1.0)
        + gammaln(big - k + 1.0)
        + gammaln(n - k + 1.0)
        + gammaln(bad - n + k + 1.0)
    )
    return terms


def _walk(
    start: np.ndarray,
    big: np.ndarray,
    n: np.ndarray,
    bad: np.ndarray,
    *,
    up: bool,
    with_start: bool = True,
) -> np.ndarray:
    """Sum of P(X = k) / P(X = start) over k from `start` away from the mode (up or down).

    `start` itself counts (as 1) only `with_start`. Each step multiplies by the
    ratio of neighbouring probabilities, which is 0 past the end of the
    support; a row stops once its terms no longer count.
    """
    if up:  # P(k + 1) / P(k) = (big - k)(n - k) / ((k + 1)(bad - n + k + 1))
        a, b, c = big, n, bad - n + 1.0
    else:  # P(k - 1) / P(k) = k (bad - n + k) / ((big - k + 1)(n - k + 1))
        a, b, c = bad - n, big + 1.0, n + 1.0
    sums: np.ndarray = _walk_rows(
        np.ascontiguousarray(start, dtype=np.float64),
        np.ascontiguousarray(a, dtype=np.float64),
        np.ascontiguousarray(b, dtype=np.float64),
        np.ascontiguousarray(c, dtype=np.float64),
        up,
        1.0 if with_start else 0.0,
    )
    return sums


@numba.njit(cache=True, nogil=True)
def _walk_rows(  # pragma: no cover - compiled
    start: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray, up: bool, first: float
) -> np.ndarray:
    """`_walk` row by row: compiled, since most rows stop after a few dozen steps."""
    out = np.empty(start.shape[0])
    for i in range(start.shape[0]):
        k = start[i]
        total = first
        term = 1.0
        while True:
            if up:
                term *= (a[i] - k) * (b[i] - k) / ((k + 1.0) * (c[i] + k))
                k += 1.0
            else:
                term *= (a[i] + k) * k / ((b[i] - k) * (c[i] - k))
                k -= 1.0
            total += term
            if not term > _NEGLIGIBLE * total:
                break
        out[i] = total
    return out


def _boundary(
    rows: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    mode: np.ndarray,
    x_int: np.ndarray,
    log_x: np.ndarray,
    big: np.ndarray,
    n: np.ndarray,
    bad: np.ndarray,
    doubt: np.ndarray,
    *,
    up: bool,
) -> np.ndarray:
    """Per row, the first (up) or last (down) y in [lo, hi] with P(X = y) <= P(X = x)(1 + 1e-14).

    Outside [lo, hi] when there is none: hi + 1 (up) or lo - 1 (down). The
    probability falls away from the mode, so it is found by stepping from x's
    mirror image about the mode, which is usually within a step or two of it
    (`_edge_rows`); rows where the log-gamma differences at the answer are too
    close to call are searched again with SciPy's pmf.
    """
    lo_r = lo[rows].copy()
    hi_r = hi[rows].copy()
    big_r, n_r, bad_r, lx = big[rows], n[rows], bad[rows], log_x[rows]

    def at_most(y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        diff = _log_terms(y.astype(np.float64), big_r, n_r, bad_r) - lx - _LOG_TIE
        return diff <= 0.0, np.abs(diff) <= doubt[rows]

    found: np.ndarray = _edge_rows(
        lo_r.astype(np.int64),
        hi_r.astype(np.int64),
        (2 * mode[rows] - x_int[rows]).astype(np.int64),
        np.ascontiguousarray(big_r, dtype=np.float64),
        np.ascontiguousarray(n_r, dtype=np.float64),
        np.ascontiguousarray(bad_r, dtype=np.float64),
        np.ascontiguousarray(lx, dtype=np.float64),
        up,
    )
    if up:
        inside_at, inside_before = found <= hi_r, found - 1 >= lo_r
    else:
        inside_at, inside_before = found >= lo_r, found + 1 <= hi_r
    step = -1 if up else 1
    unsure = (inside_at & at_most(np.where(inside_at, found, lo_r))[1]) | (
        inside_before & at_most(np.where(inside_before, found + step, lo_r))[1]
    )
    if unsure.any():
        i = rows[unsure]
        dist = hypergeom(
            big[i].astype(np.int64) + bad[i].astype(np.int64),
            big[i].astype(np.int64),
            n[i].astype(np.int64),
        )
        threshold = dist.pmf(x_int[i]) * (1.0 + _TIE_TOLERANCE)
        search = _first_at_most if up else _last_at_most
        found[unsure] = search(dist, threshold, lo[i], hi[i])
    return found


@numba.njit(cache=True, nogil=True)
def _log_term(y: float, big: float, n: float, bad: float) -> float:  # pragma: no cover - compiled
    """`_log_terms` for one position."""
    return -(
        math.lgamma(y + 1.0)
        + math.lgamma(big - y + 1.0)
        + math.lgamma(n - y + 1.0)
        + math.lgamma(bad - n + y + 1.0)
    )


@numba.njit(cache=True, nogil=True)
def _log_step_up(y: float, big: float, n: float, bad: float) -> float:  # pragma: no cover
    """log P(X = y + 1) - log P(X = y)."""
    return math.log((big - y) * (n - y) / ((y + 1.0) * (bad - n + y + 1.0)))


@numba.njit(cache=True, nogil=True)
def _edge_rows(  # pragma: no cover - compiled
    lo: np.ndarray,
    hi: np.ndarray,
    guess: np.ndarray,
    big: np.ndarray,
    n: np.ndarray,
    bad: np.ndarray,
    log_x: np.ndarray,
    up: bool,
) -> np.ndarray:
    """`_boundary`'s search, row by row: from the guess, step towards the first (up)
    or last (down) y in [lo, hi] with log P(y) - log P(x) <= log(1 + 1e-14), by the
    ratio of neighbouring probabilities; a binary search where that takes long."""
    out = np.empty(lo.shape[0], dtype=np.int64)
    for i in range(lo.shape[0]):
        a, b = lo[i], hi[i]
        if a > b:
            out[i] = b + 1 if up else a - 1
            continue
        y = min(max(guess[i], a), b)
        d = _log_term(float(y), big[i], n[i], bad[i]) - log_x[i] - _LOG_TIE
        steps = 0
        while steps <= _MAX_STEPS:
            steps += 1
            if up:  # P falls as y grows: the first y with d <= 0
                if d <= 0.0:
                    if y == a:
                        break
                    before = d - _log_step_up(float(y - 1), big[i], n[i], bad[i])
                    if before > 0.0:
                        break
                    y, d = y - 1, before
                else:
                    if y == b:
                        y = b + 1
                        break
                    d += _log_step_up(float(y), big[i], n[i], bad[i])
                    y += 1
                    if d <= 0.0:
                        break
            else:  # P rises as y grows: the last y with d <= 0
                if d <= 0.0:
                    if y == b:
                        break
                    after = d + _log_step_up(float(y), big[i], n[i], bad[i])
                    if after > 0.0:
                        break
                    y, d = y + 1, after
                else:
                    if y == a:
                        y = a - 1
                        break
                    d -= _log_step_up(float(y - 1), big[i], n[i], bad[i])
                    y -= 1
                    if d <= 0.0:
                        break
        if steps > _MAX_STEPS:  # far from the guess: search the whole range
            if up:
                a, b = a, b + 1
                while a < b:
                    mid = (a + b) // 2
                    if _log_term(float(mid), big[i], n[i], bad[i]) - log_x[i] - _LOG_TIE <= 0.0:
                        b = mid
                    else:
                        a = mid + 1
                y = a
            else:
                a, b = a - 1, b
                while a < b:
                    mid = (a + b + 1) // 2
                    if _log_term(float(mid), big[i], n[i], bad[i]) - log_x[i] - _LOG_TIE <= 0.0:
                        a = mid
                    else:
                        b = mid - 1
                y = b
        out[i] = y
    return out


class _Pmf(Protocol):
    """A frozen discrete distribution (SciPy's), as far as the searches below use it."""

    def pmf(self, k: np.ndarray) -> np.ndarray: ...


def _first_at_most(dist: _Pmf, threshold: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per comparison, the first y in [lo, hi] with pmf(y) <= threshold, else hi + 1.

    The pmf falls over [lo, hi] (the right of the mode), so a binary search finds it.
    """
    lo = np.array(lo, dtype=np.int64, copy=True)
    hi = np.array(hi, dtype=np.int64, copy=True) + 1
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        ok = dist.pmf(np.where(active, mid, lo)) <= threshold
        hi = np.where(active & ok, mid, hi)
        lo = np.where(active & ~ok, mid + 1, lo)


def _last_at_most(dist: _Pmf, threshold: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per comparison, the last y in [lo, hi] with pmf(y) <= threshold, else lo - 1.

    The pmf rises over [lo, hi] (the left of the mode), so a binary search finds it.
    """
    lo = np.array(lo, dtype=np.int64, copy=True) - 1
    hi = np.array(hi, dtype=np.int64, copy=True)
    while True:
        active = lo < hi
        if not active.any():
            return hi
        mid = (lo + hi + 1) // 2
        ok = dist.pmf(np.where(active, mid, hi)) <= threshold
        lo = np.where(active & ok, mid, lo)
        hi = np.where(active & ~ok, mid - 1, hi)


def compile_kernels() -> None:
    """Compile the Fisher test's loops now (kept on disk) rather than on first use."""
    exact_tests([1, 2, 30, 70], [20, 40, 100, 100], [12, 30, 60, 20], [20, 40, 100, 100])


def adverse_impact(
    counts: Iterable[GroupCounts],
    *,
    unknown_labels: Iterable[str] = UNKNOWN_LABELS,
    reference_min_share: Fraction = SMALL_GROUP_SHARE,
) -> ImpactAnalysis:
    """Four-fifths findings, tests and practical checks for every group at one step.

    The reference is the highest-rate known group with at least `reference_min_share`
    of everyone considered (unknown included); if no such group had anyone selected,
    the highest-rate known group of any size. 0 allows every known group.
    """
    return adverse_impact_many(
        [counts], unknown_labels=unknown_labels, reference_min_share=reference_min_share
    )[0]


def adverse_impact_many(
    analyses: Iterable[Iterable[GroupCounts]],
    *,
    unknown_labels: Iterable[str] = UNKNOWN_LABELS,
    reference_min_share: Fraction = SMALL_GROUP_SHARE,
) -> list[ImpactAnalysis]:
    """`adverse_impact` for many independent steps or cells, the tests computed in one batch.

    Rates are compared by cross-multiplying the counts, exactly; the Fractions
    of `GroupImpact` are only made when read.
    """
    labels = frozenset(label.casefold() for label in unknown_labels)
    unknown_names: dict[str, bool] = {}
    prepared = [_prepare(list(counts), labels, unknown_names) for counts in analyses]
    # every analysis's groups as one row of columns, in the order given
    width = max((len(p.counts) for p in prepared), default=0)
    considered = np.zeros((len(prepared), width), dtype=np.int64)
    selected = np.zeros((len(prepared), width), dtype=np.int64)
    known = np.zeros((len(prepared), width), dtype=bool)
    big = any(p.considered >= _EXACT_FLOAT_COUNTS for p in prepared)
    if big:
        considered, selected = considered.astype(object), selected.astype(object)
    for i, p in enumerate(prepared):
        k = len(p.counts)
        considered[i, :k] = [c.considered for c in p.counts]
        selected[i, :k] = [c.selected for c in p.counts]
        known[i, :k] = p.known
    found = adverse_impact_arrays(
        considered, selected, known=known, reference_min_share=reference_min_share
    )
    passed_over: list[list[str]] = [[] for _ in prepared]
    for i, j in zip(
        *(a.tolist() for a in np.nonzero(found.above_reference_but_small)), strict=True
    ):
        passed_over[i].append(prepared[i].counts[j].group)
    rows, columns = np.nonzero(known)
    impacts = found.group_impacts(
        rows,
        columns,
        [prepared[i].counts[j].group for i, j in zip(rows.tolist(), columns.tolist(), strict=True)],
    )

    results = []
    start = 0
    for i, p in enumerate(prepared):
        ref = int(found.reference[i])
        end = start + sum(p.known)
        results.append(
            ImpactAnalysis(
                reference_group=None if ref < 0 else p.counts[ref].group,
                groups=tuple(impacts[start:end]),
                unknown=tuple(
                    c for c, is_known in zip(p.counts, p.known, strict=True) if not is_known
                ),
                considered=p.considered,
                selected=p.selected,
                passed_over=tuple(passed_over[i]),
            )
        )
        start = end
    return results


@dataclass(frozen=True)
class ImpactArrays:
    """`adverse_impact` for many analyses at once, as analysis × group arrays.

    Every analysis has the same group columns (padding is a known group nobody was
    considered in). Figures that do not exist are NaN (floats), 0 (shortfalls) or False;
    `has_rate`, `has_ratio` and `compared` say where they exist: a rate where anyone
    was considered, a ratio for a known group with a rate when there is a reference
    (1 for the reference itself), and the tests, shortfalls and one-selection checks for
    the other groups with a ratio. `above_reference_but_small` marks the known groups
    with a higher rate than the reference that were too small to be it;
    `both_significant` the adverse findings that are practically and statistically
    significant (`GroupImpact.significant`).
    """

    considered: np.ndarray
    selected: np.ndarray
    known: np.ndarray
    reference: np.ndarray  # per analysis: the reference group's column, or -1
    rate: np.ndarray
    ratio: np.ndarray
    adverse: np.ndarray
    small: np.ndarray
    has_ratio: np.ndarray
    compared: np.ndarray
    z: np.ndarray
    p_z: np.ndarray
    fisher_two_sided: np.ndarray
    fisher_less: np.ndarray
    mid_p: np.ndarray
    shortfall: np.ndarray
    shortfall_four_fifths: np.ndarray
    reverses: np.ndarray
    inverts: np.ndarray
    above_reference_but_small: np.ndarray
    both_significant: np.ndarray

    def group_impacts(
        self,
        analyses: Sequence[int] | np.ndarray,
        columns: Sequence[int] | np.ndarray,
        names: Sequence[str],
    ) -> list[GroupImpact]:
        """Known groups' results as `GroupImpact` objects: one per (analysis, column),
        named by `names`."""
        i = np.asarray(analyses, dtype=np.intp)
        j = np.asarray(columns, dtype=np.intp)
        if not i.size:
            return []
        ref = np.maximum(self.reference[i], 0)
        has_ratio = self.has_ratio[i, j]
        compared = self.compared[i, j]
        n_g = self.considered[i, j]

        def where(mask: np.ndarray, values: np.ndarray) -> list[Any]:
            out = values.astype(object)
            out[~mask] = None
            listed: list[Any] = out.tolist()
            return listed

        columns_out = zip(
            names,
            n_g.tolist(),
            self.selected[i, j].tolist(),
            where(n_g > 0, self.rate[i, j]),
            where(has_ratio, self.ratio[i, j]),
            self.adverse[i, j].tolist(),
            self.small[i, j].tolist(),
            (has_ratio & ~compared).tolist(),
            where(compared, self.z[i, j]),
            where(compared, self.p_z[i, j]),
            where(compared, self.fisher_two_sided[i, j]),
            where(compared, self.fisher_less[i, j]),
            where(compared, self.mid_p[i, j]),
            self.shortfall[i, j].tolist(),
            self.shortfall_four_fifths[i, j].tolist(),
            where(compared, self.reverses[i, j]),
            where(compared, self.inverts[i, j]),
            self.both_significant[i, j].tolist(),
            has_ratio.tolist(),
            self.selected[i, ref].tolist(),
            self.considered[i, ref].tolist(),
            strict=True,
        )
        new_object, set_attribute = object.__new__, object.__setattr__
        out = []
        for (
            name,
            considered,
            selected,
            rate,
            ratio,
            adverse,
            small,
            is_ref,
            z,
            p_z,
            f2,
            f1,
            mid,
            short,
            short45,
            reverses,
            inverts,
            significant,
            with_ratio,
            ref_selected,
            ref_considered,
        ) in columns_out:
            impact = new_object(GroupImpact)
            # the same instance as GroupImpact(...) builds, without its per-field frozen setattr
            set_attribute(
                impact,
                "__dict__",
                {
                    "group": name,
                    "considered": considered,
                    "selected": selected,
                    "rate": rate,
                    "impact_ratio": ratio,
                    "adverse_impact": adverse,
                    "small_group": small,
                    "is_reference": is_ref,
                    "z": z,
                    "p_z_two_sided": p_z,
                    "fisher_p_two_sided": f2,
                    "fisher_p_one_sided": f1,
                    "mid_p": mid,
                    "shortfall": short,
                    "shortfall_four_fifths": short45,
                    "one_selection_reverses": reverses,
                    "one_selection_inverts_rates": inverts,
                    "significant": significant,
                    "reference_counts": (ref_selected, ref_considered) if with_ratio else None,
                },
            )
            out.append(impact)
        return out


def adverse_impact_arrays(
    considered: np.ndarray,
    selected: np.ndarray,
    *,
    known: np.ndarray | None = None,
    reference_min_share: Fraction = SMALL_GROUP_SHARE,
) -> ImpactArrays:
    """`adverse_impact` for every row of analysis × group count arrays, with no per-group
    objects: for reports over thousands of cells that show only some of the results.

    `known` (groups, or analysis × group) marks the groups of known membership; the
    others count in the totals (for the 2% flag and the reference's minimum share) but
    are never compared. Only a known group with at least `reference_min_share` of its
    analysis's people may be the reference; where none of them had anyone selected,
    the highest-rate known group of any size is. Counts are int64 arrays, or object
    arrays of Python integers when they are too large for int64 products to be exact.
    """
    considered = np.asarray(considered)
    selected = np.asarray(selected)
    if considered.ndim != 2 or considered.shape != selected.shape:
        raise ValueError("considered and selected must be analysis × group arrays of one shape")
    if (selected < 0).any() or (selected > considered).any():
        raise ValueError("selected must be between 0 and considered")
    rows, width = considered.shape
    known_mask = np.ones(considered.shape, dtype=bool)
    if known is not None:
        known_mask = np.broadcast_to(np.asarray(known, dtype=bool), considered.shape)
    totals = considered.sum(axis=1)
    exact = rows == 0 or int(totals.max(initial=0)) < _EXACT_FLOAT_COUNTS
    counts_type = np.int64 if exact else object
    n_all = considered.astype(counts_type)
    s_all = selected.astype(counts_type)
    has_rate = n_all > 0
    eligible = known_mask & has_rate
    share = Fraction(reference_min_share)
    large = (n_all * share.denominator >= totals[:, None] * share.numerator).astype(bool)
    # the groups that may be the reference: large enough and with someone selected,
    # or any known group where none is
    qualified = eligible & large & (s_all > 0).astype(bool)
    fallback = ~qualified.any(axis=1)
    allowed = qualified | (eligible & fallback[:, None])

    # the ranked known groups: highest rate, then more considered, then column order
    ranked = _ranked(s_all, n_all, eligible, exact)
    order = _first_three(ranked, eligible)
    order_qualified = _first_three(ranked, qualified)
    at = np.arange(rows)
    top = np.where(fallback, order[:, 0], order_qualified[:, 0])
    first = np.maximum(top, 0)
    has_reference = (top >= 0) & (s_all[at, first] > 0) if width else top >= 0
    reference = np.where(has_reference, first, -1)

    rate = np.full(considered.shape, np.nan)
    rate[has_rate] = _divide(s_all[has_rate], n_all[has_rate]).astype(np.float64)
    small = (
        n_all * SMALL_GROUP_SHARE.denominator < totals[:, None] * SMALL_GROUP_SHARE.numerator
    ).astype(bool) & known_mask
    has_ratio = eligible & has_reference[:, None]
    columns = np.arange(width)
    is_ref = has_ratio & (columns[None, :] == reference[:, None])
    compared = has_ratio & ~is_ref
    ratio = np.where(is_ref, 1.0, np.nan)
    adverse = np.zeros(considered.shape, dtype=bool)
    tests = [np.full(considered.shape, np.nan) for _ in range(5)]
    short = np.zeros(considered.shape, dtype=counts_type)
    short45 = np.zeros(considered.shape, dtype=counts_type)
    reverses = np.zeros(considered.shape, dtype=bool)
    inverts = np.zeros(considered.shape, dtype=bool)
    # a higher rate than the reference's, cross-multiplied
    above_small = np.zeros(considered.shape, dtype=bool)
    if width:
        ref_at = np.maximum(reference, 0)
        above = s_all * n_all[at, ref_at][:, None] > s_all[at, ref_at][:, None] * n_all
        above_small = has_ratio & ~allowed & above.astype(bool)
    if compared.any():
        a, g = np.nonzero(compared)
        r = reference[a]
        # the best other groups for the one-selection checks, 0 of 1 if none: of
        # those that may be the reference, and of any size (where none may)
        s_q, n_q, has_q = _other(order_qualified[a], a, g, r, s_all, n_all)
        s_any, n_any, _has_any = _other(order[a], a, g, r, s_all, n_all)
        found = _compare(
            np.stack(
                [s_all[a, g], n_all[a, g], s_all[a, r], n_all[a, r], s_q, n_q, s_any, n_any],
                axis=1,
            ),
            np.stack([large[a, g], large[a, r], has_q], axis=1),
            counts_type,
        )
        ratio[a, g] = found["ratio"].astype(np.float64)
        adverse[a, g] = found["adverse"]
        for column, values in zip(tests, found["tests"], strict=True):
            column[a, g] = values
        short[a, g] = found["short"]
        short45[a, g] = found["short45"]
        reverses[a, g] = found["reverses"]
        inverts[a, g] = found["inverts"]
    both_significant = adverse & ~reverses & (tests[2] < SIGNIFICANCE_LEVEL)
    return ImpactArrays(
        considered=n_all,
        selected=s_all,
        known=known_mask,
        reference=reference,
        rate=rate,
        ratio=ratio,
        adverse=adverse,
        small=small,
        has_ratio=has_ratio,
        compared=compared,
        z=tests[0],
        p_z=tests[1],
        fisher_two_sided=tests[2],
        fisher_less=tests[3],
        mid_p=tests[4],
        shortfall=short,
        shortfall_four_fifths=short45,
        reverses=reverses,
        inverts=inverts,
        above_reference_but_small=above_small,
        both_significant=both_significant,
    )


def _ranked(s_all: np.ndarray, n_all: np.ndarray, eligible: np.ndarray, exact: bool) -> np.ndarray:
    """Per analysis, every group column by rate (highest first), more considered, then
    column order; the groups not `eligible` last."""
    rows, width = n_all.shape
    if width == 0:
        return np.zeros((rows, 0), dtype=np.intp)
    if exact:
        # distinct fractions with denominators this small are distinct floats, in order
        rate = np.where(eligible, s_all / np.where(eligible, n_all, 1), -1.0).astype(np.float64)
        columns = np.broadcast_to(np.arange(width), n_all.shape)
        return np.lexsort((columns, -n_all.astype(np.float64), -rate), axis=-1)

    def rank(i: int, j: int) -> tuple[int, Fraction, int, int]:
        if eligible[i, j]:
            return (0, -Fraction(int(s_all[i, j]), int(n_all[i, j])), -int(n_all[i, j]), j)
        return (1, Fraction(0), 0, j)

    return np.array(
        [sorted(range(width), key=partial(rank, i)) for i in range(rows)],
        dtype=np.intp,
    ).reshape(rows, width)


def _first_three(ranked: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per analysis, the first three columns of `ranked` that `mask` marks; -1 past them."""
    rows, width = ranked.shape
    order = np.full((rows, 3), -1, dtype=np.intp)
    if width == 0:
        return order
    inside = np.take_along_axis(mask, ranked, axis=1)
    # a stable sort of "not inside" keeps the marked columns first, in rank order
    front = np.argsort(~inside, axis=1, kind="stable")[:, :3]
    take = front.shape[1]
    order[:, :take] = np.where(
        np.take_along_axis(inside, front, axis=1), np.take_along_axis(ranked, front, axis=1), -1
    )
    return order


def _other(
    order: np.ndarray,
    a: np.ndarray,
    g: np.ndarray,
    r: np.ndarray,
    s_all: np.ndarray,
    n_all: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per comparison (analysis a, group g, reference r), the first of `order`'s three
    columns that is neither g nor r: its selected and considered (0 of 1 if none),
    and whether there is one."""
    c0, c1, c2 = order[:, 0], order[:, 1], order[:, 2]
    other = np.where((c0 != g) & (c0 != r), c0, np.where((c1 != g) & (c1 != r), c1, c2))
    ok = other >= 0
    other = np.where(ok, other, 0)
    return np.where(ok, s_all[a, other], 0), np.where(ok, n_all[a, other], 1), ok


def _divide(numerators: np.ndarray, denominators: np.ndarray) -> np.ndarray:
    """Integer quotients as correctly rounded floats, as Python's `/` gives them.

    int64 values below 2**53 convert to floats exactly, so NumPy's division
    rounds once; larger (object) integers are divided by Python itself.
    """
    if numerators.dtype == object:
        quotients: np.ndarray = numerators / denominators
        return quotients
    return numerators.astype(np.float64) / denominators.astype(np.float64)


def _compare(rows: np.ndarray, flags: np.ndarray, counts_type: npt.DTypeLike) -> dict[str, Any]:
    """Every per-comparison result, for rows of selected and considered: the group, the
    reference, the best other group that may be the reference, and the best other group
    of any size.

    `flags` says per row whether the group and the reference have the minimum share to
    be the reference, and whether there is a best other group that may be. The
    four-fifths findings, shortfalls and one-selection checks cross-multiply the
    counts: in int64 when the counts are small enough for that to be exact, else in
    Python integers (object arrays).
    """
    table = np.array(rows, dtype=counts_type)
    s_g, n_g, s_r, n_r, s_q, n_q, s_any, n_any = table.T
    g_large, r_large, has_q = np.asarray(flags, dtype=bool).T
    z, p_z = pooled_z_tests(s_g, n_g, s_r, n_r)
    exact = exact_tests(s_g, n_g, s_r, n_r)
    four, five = FOUR_FIFTHS.numerator, FOUR_FIFTHS.denominator
    # impact ratio (s_g / n_g) / (s_r / n_r); below 4/5, exactly
    ratio = _divide(s_g * n_r, n_g * s_r)
    adverse = (five * s_g * n_r < four * n_g * s_r).astype(bool)
    # smallest k with (s_g + k) / n_g >= share × s_r / n_r
    short = np.maximum(0, -(-(n_g * s_r) // n_r) - s_g)
    short45 = np.maximum(0, -(-(four * n_g * s_r) // (five * n_r)) - s_g)
    # one selection moved towards the group when adverse, away from it otherwise
    step = np.where(adverse, 1, -1)
    g_s = s_g + step
    r_s = s_r - step
    possible = ((g_s >= 0) & (g_s <= n_g) & (r_s >= 0) & (r_s <= n_r)).astype(bool)
    # the reference after the move, by the same rule: the other groups are unchanged,
    # and only the group's and the reference's selections may change who qualifies
    g_in = g_large & (g_s > 0).astype(bool)
    r_in = r_large & (r_s > 0).astype(bool)
    fallback = ~(g_in | r_in | has_q)
    g_may, r_may = g_in | fallback, r_in | fallback
    s_o = np.where(has_q, s_q, np.where(fallback, s_any, 0))
    n_o = np.where(has_q, n_q, np.where(fallback, n_any, 1))
    best_s = np.where(r_may, r_s, 0)
    best_n = np.where(r_may, n_r, 1)
    group_higher = g_may & (g_s * best_n > best_s * n_g).astype(bool)
    best_s = np.where(group_higher, g_s, best_s)
    best_n = np.where(group_higher, n_g, best_n)
    other_higher = (s_o * best_n > best_s * n_o).astype(bool)
    best_s = np.where(other_higher, s_o, best_s)
    best_n = np.where(other_higher, n_o, best_n)
    still_adverse = ((best_s > 0) & (five * g_s * best_n < four * best_s * n_g)).astype(bool)
    # Q&A 21's own test compares the two rates, whoever would be the reference
    inverted = (g_s * n_r > r_s * n_g).astype(bool)
    return {
        "ratio": ratio,
        "adverse": adverse,
        "tests": (z, p_z, exact.fisher_two_sided, exact.fisher_less, exact.mid_p_less),
        "short": short,
        "short45": short45,
        "reverses": possible & (still_adverse != adverse),
        "inverts": possible & adverse & inverted,
    }


@dataclass
class _Prepared:
    counts: list[GroupCounts]
    known: list[bool]
    considered: int
    selected: int


def _prepare(
    counts: list[GroupCounts], labels: frozenset[str], unknown_names: dict[str, bool]
) -> _Prepared:
    names = [c.group for c in counts]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"Groups given more than once: {dupes}")
    known = []
    for name in names:
        is_unknown = unknown_names.get(name)
        if is_unknown is None:
            is_unknown = unknown_names[name] = _is_unknown(name, labels)
        known.append(not is_unknown)
    return _Prepared(
        counts=counts,
        known=known,
        considered=sum(c.considered for c in counts),
        selected=sum(c.selected for c in counts),
    )
