"""Survey statistics: response rates, answer distributions, favourable shares and means.

Assumptions and sources:
- A response rate is completed responses over people invited (AAPOR's RR1 with every
  invitation counted as eligible: undeliverable addresses are not removed).
- Scaled items (Likert, 0-4 scales, ratings) are treated as interval data for the mean,
  as survey reports conventionally do; the distribution and the share at or above a level
  are given beside it, so nothing rests on the mean alone.
- A reverse-scored item is turned around before anything is counted: on a scale from
  `low` to `high` an answer v counts as `low + high - v`.
- The confidence interval of a mean is Student's t interval, mean ± t(1 - α/2, n - 1) · s/√n
  with the sample standard deviation s (n - 1 in the denominator); with one answer there
  is no interval.
- The confidence interval of a share (a response rate, a favourable share) is Wilson's
  score interval (Wilson 1927), which stays inside [0, 1] for small groups.
- Small cells: a group with fewer than `threshold` responses is hidden, and when only one
  group of a breakdown is hidden another (the smallest) is hidden with it, so that the
  overall figure cannot give it away (`core.outcomes.suppress_small_cells`).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scipy import stats as scipy_stats

from workbridge.core.outcomes import suppress_small_cells


def reverse_scored(value: int, *, low: int, high: int) -> int:
    """An answer on a reversed item, counted the right way round."""
    return low + high - value


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson's score interval for a proportion; (0, 0) for no observations."""
    if n <= 0:
        return (0.0, 0.0)
    z = float(scipy_stats.norm.ppf(1 - (1 - confidence) / 2))
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class ResponseRate:
    invited: int
    responded: int
    target: float | None  # a share, e.g. 0.5

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return self.rate >= self.target

    @property
    def still_needed(self) -> int:
        """How many more responses reach the target (0 once it is met)."""
        if self.target is None or not self.invited:
            return 0
        return max(0, math.ceil(self.target * self.invited - 1e-9) - self.responded)


def response_rate(*, invited: int, responded: int, target: float | None = None) -> ResponseRate:
    """Responses over invitations, against a target share."""
    if invited < 0 or responded < 0:
        raise ValueError("counts cannot be negative")
    return ResponseRate(invited=invited, responded=responded, target=target)


@dataclass(frozen=True)
class GroupRate:
    group: str
    invited: int
    responded: int
    hidden: bool

    @property
    def rate(self) -> float | None:
        if self.hidden or not self.invited:
            return None
        return self.responded / self.invited


def response_rates_by_group(
    counts: Mapping[str, tuple[int, int]], *, threshold: int
) -> list[GroupRate]:
    """Each group's (invited, responded) as a rate, hiding groups with fewer than
    `threshold` people invited (and a complementary group when only one is small)."""
    hidden = suppress_small_cells({g: inv for g, (inv, _r) in counts.items()}, threshold=threshold)
    return [
        GroupRate(group=g, invited=inv, responded=resp, hidden=g in hidden)
        for g, (inv, resp) in counts.items()
    ]


@dataclass(frozen=True)
class ScaleSummary:
    """One scaled item's answers: how many gave each value, and what they come to."""

    counts: tuple[tuple[int, int], ...]  # (value, answers), every value of the scale
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    favourable: int | None  # answers at or above the favourable level
    favourable_from: int | None

    @property
    def favourable_share(self) -> float | None:
        if self.favourable is None or not self.n:
            return None
        return self.favourable / self.n

    def share(self, value: int) -> float:
        total = self.n or 1
        return dict(self.counts).get(value, 0) / total


def scale_summary(
    answers: Mapping[int, int],
    *,
    values: Sequence[int],
    reverse: bool = False,
    favourable_from: int | None = None,
    confidence: float = 0.95,
) -> ScaleSummary:
    """Distribution, mean with its t interval, and the share at or above a level.

    `answers` maps each raw answer value to how many gave it; `values` lists the scale's
    values low to high. A reversed item is turned around first, so the favourable level
    and the mean read the same way as the other items.
    """
    low, high = min(values), max(values)
    counted: dict[int, int] = dict.fromkeys(values, 0)
    for value, n in answers.items():
        if value not in counted:
            raise ValueError(f"{value} is not on the scale {low}..{high}")
        key = reverse_scored(value, low=low, high=high) if reverse else value
        counted[key] += n
    n = sum(counted.values())
    mean = ci_low = ci_high = None
    if n:
        mean = sum(v * c for v, c in counted.items()) / n
        if n > 1:
            variance = sum(c * (v - mean) ** 2 for v, c in counted.items()) / (n - 1)
            half = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, n - 1)) * math.sqrt(
                variance / n
            )
            ci_low, ci_high = mean - half, mean + half
    favourable = None
    if favourable_from is not None:
        favourable = sum(c for v, c in counted.items() if v >= favourable_from)
    return ScaleSummary(
        counts=tuple(sorted(counted.items())),
        n=n,
        mean=mean,
        ci_low=ci_low,
        ci_high=ci_high,
        favourable=favourable,
        favourable_from=favourable_from,
    )


@dataclass(frozen=True)
class NumberSummary:
    n: int
    mean: float | None
    median: float | None
    ci_low: float | None
    ci_high: float | None


def number_summary(values: Iterable[float], *, confidence: float = 0.95) -> NumberSummary:
    """Count, mean with its t interval, and median of numeric answers."""
    data = sorted(float(v) for v in values)
    n = len(data)
    if not n:
        return NumberSummary(0, None, None, None, None)
    mean = sum(data) / n
    middle = n // 2
    median = data[middle] if n % 2 else (data[middle - 1] + data[middle]) / 2
    if n == 1:
        return NumberSummary(n, mean, median, None, None)
    variance = sum((x - mean) ** 2 for x in data) / (n - 1)
    half = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, n - 1)) * math.sqrt(variance / n)
    return NumberSummary(n, mean, median, mean - half, mean + half)


def number_summary_counts(
    counts: Mapping[float, int], *, confidence: float = 0.95
) -> NumberSummary:
    """`number_summary` of numeric answers given as how many gave each value."""
    data = sorted((float(v), int(c)) for v, c in counts.items() if c > 0)
    n = sum(c for _v, c in data)
    if not n:
        return NumberSummary(0, None, None, None, None)
    mean = sum(v * c for v, c in data) / n

    def nth(k: int) -> float:
        seen = 0
        for v, c in data:
            seen += c
            if k < seen:
                return v
        raise IndexError(k)

    middle = n // 2
    median = nth(middle) if n % 2 else (nth(middle - 1) + nth(middle)) / 2
    if n == 1:
        return NumberSummary(n, mean, median, None, None)
    variance = sum(c * (v - mean) ** 2 for v, c in data) / (n - 1)
    half = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, n - 1)) * math.sqrt(variance / n)
    return NumberSummary(n, mean, median, mean - half, mean + half)


def hidden_groups(sizes: Mapping[str, int], *, threshold: int) -> frozenset[str]:
    """The groups of a results breakdown not to show: fewer than `threshold` responses,
    and a complement when only one group would be hidden."""
    return suppress_small_cells(dict(sizes), threshold=threshold)


def too_few_to_show(n: int, *, threshold: int) -> bool:
    """Whether a whole set of responses is too small to report at all (1..threshold-1)."""
    return 0 < n < threshold


def completion_share(*, eligible: int, completed: int, target: float | None) -> ResponseRate:
    """The share of a role's people who completed a course, against a target share
    (for example interviewers who completed interview training, target 0.75)."""
    if completed > eligible:
        raise ValueError("more people completed than were eligible")
    return response_rate(invited=eligible, responded=completed, target=target)
