"""Inter-rater agreement for interview panels, and the scoring rate of NYC Local Law 144.

Sources and assumptions:

- Intraclass correlations follow Shrout, P. E. & Fleiss, J. L. (1979), "Intraclass
  correlations: uses in assessing rater reliability", Psychological Bulletin 86(2),
  420-428. The ratings are an n targets × k judges table with no missing cell
  (targets with a missing rating are left out first by `complete_rows`). With the
  mean squares of the two-way analysis of variance — between targets (BMS), between
  judges (JMS), residual (EMS) and within targets (WMS) —

      ICC(1,1) = (BMS - WMS) / (BMS + (k-1) WMS)                     one-way random
      ICC(2,1) = (BMS - EMS) / (BMS + (k-1) EMS + k (JMS - EMS) / n) two-way random,
                                                                     absolute agreement
      ICC(3,1) = (BMS - EMS) / (BMS + (k-1) EMS)                     two-way mixed,
                                                                     consistency

  An interview panel's members are a sample of the people who could have sat on it,
  and we want their ratings to agree in level, not only in order: ICC(2,1) is the
  figure the pages show. It is undefined (None) with fewer than two targets or
  judges, or when every rating is the same (the denominator is zero).
- Krippendorff's alpha follows Krippendorff, K. (2011), "Computing Krippendorff's
  Alpha-Reliability" (Annenberg School for Communication, University of
  Pennsylvania): the coincidence matrix counts each ordered pair of values within a
  unit, weighted by 1 / (m_u - 1) for a unit with m_u values; units with fewer than
  two values are not pairable and are left out; alpha = 1 - (n - 1) Σ o_ck δ²_ck /
  Σ n_c n_k δ²_ck, with the interval (c - k)², ordinal (Σ_{g=c..k} n_g - (n_c +
  n_k) / 2)², ratio ((c - k) / (c + k))² or nominal (c ≠ k) difference functions.
  Missing values are NaN. Alpha is None when fewer than two values are pairable or
  when the pairable values show no variation (expected disagreement 0).
- The scoring rate is that of the NYC Department of Consumer and Worker Protection's
  rules for automated employment decision tools (Local Law 144 of 2021; 6 RCNY
  §5-300, "scoring rate"): the share of a category's people whose score is *above*
  the median score of everyone scored, so a score equal to the median is not above
  it. The impact ratio is then a category's scoring rate over the highest category's
  rate, which `workbridge.core.stats.adverse_impact_many` computes from the counts
  returned here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from workbridge.core.stats import GroupCounts

Metric = Literal["nominal", "ordinal", "interval", "ratio"]


@dataclass(frozen=True)
class IntraclassCorrelations:
    """The three single-rater ICCs of Shrout and Fleiss (1979) for one ratings table."""

    targets: int
    judges: int
    icc_1_1: float | None
    icc_2_1: float | None
    icc_3_1: float | None


def complete_rows(ratings: Sequence[Sequence[float | None]] | np.ndarray) -> np.ndarray:
    """The rows (targets) of a ratings table that have a rating from every judge."""
    table = np.array(
        [[np.nan if v is None else v for v in row] for row in ratings], dtype=np.float64
    )
    if table.size == 0:
        return table.reshape(0, 0)
    return table[~np.isnan(table).any(axis=1)]


def _ratio(numerator: float, denominator: float) -> float | None:
    if denominator == 0 or not np.isfinite(denominator):
        return None
    return float(numerator / denominator)


def intraclass_correlations(
    ratings: Sequence[Sequence[float]] | np.ndarray,
) -> IntraclassCorrelations:
    """ICC(1,1), ICC(2,1) and ICC(3,1) of an n targets × k judges table with no missing cell."""
    x = np.asarray(ratings, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("ratings must be a table of targets × judges")
    if np.isnan(x).any():
        raise ValueError("ratings must have no missing cell; use complete_rows first")
    n, k = x.shape
    if n < 2 or k < 2:
        return IntraclassCorrelations(n, k, None, None, None)
    grand = x.mean()
    ss_total = ((x - grand) ** 2).sum()
    ss_targets = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_judges = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_error = ss_total - ss_targets - ss_judges
    bms = ss_targets / (n - 1)
    jms = ss_judges / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    wms = (ss_judges + ss_error) / (n * (k - 1))
    return IntraclassCorrelations(
        targets=n,
        judges=k,
        icc_1_1=_ratio(bms - wms, bms + (k - 1) * wms),
        icc_2_1=_ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        icc_3_1=_ratio(bms - ems, bms + (k - 1) * ems),
    )


def icc_2_1(ratings: Sequence[Sequence[float]] | np.ndarray) -> float | None:
    """ICC(2,1): two-way random effects, absolute agreement, one rater (Shrout & Fleiss)."""
    return intraclass_correlations(ratings).icc_2_1


def _differences(values: np.ndarray, n_c: np.ndarray, metric: Metric) -> np.ndarray:
    """δ²_ck for every pair of the distinct values, in the metric's sense."""
    c = values[:, None]
    k = values[None, :]
    squared: np.ndarray
    if metric == "nominal":
        squared = (c != k).astype(np.float64)
        return squared
    if metric == "interval":
        squared = (c - k) ** 2
        return squared
    if metric == "ratio":
        total = c + k
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(total == 0, 0.0, (c - k) / np.where(total == 0, 1.0, total))
        return d**2
    if metric == "ordinal":
        # Σ_{g=c..k} n_g - (n_c + n_k)/2, with the values in rank order.
        cumulative = np.cumsum(n_c)
        i = np.arange(len(values))
        lo = np.minimum(i[:, None], i[None, :])
        hi = np.maximum(i[:, None], i[None, :])
        between = cumulative[hi] - cumulative[lo] + n_c[lo]
        squared = (between - (n_c[:, None] + n_c[None, :]) / 2.0) ** 2
        return squared
    raise ValueError(f"unknown metric {metric!r}")


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[float | None]] | np.ndarray, *, metric: Metric = "ordinal"
) -> float | None:
    """Krippendorff's alpha of a raters × units table, missing values as None or NaN."""
    data = np.array(
        [[np.nan if v is None else v for v in row] for row in reliability_data], dtype=np.float64
    )
    if data.ndim != 2 or data.size == 0:
        return None
    present = ~np.isnan(data)
    pairable = present.sum(axis=0) >= 2
    data = data[:, pairable]
    present = present[:, pairable]
    if data.shape[1] == 0:
        return None
    values = np.unique(data[present])
    if len(values) < 2:
        return None
    index = {v: i for i, v in enumerate(values.tolist())}
    # counts[u, c]: how many raters gave value c to unit u
    counts = np.zeros((data.shape[1], len(values)), dtype=np.float64)
    for r, u in zip(*np.nonzero(present), strict=True):
        counts[u, index[data[r, u]]] += 1
    m_u = counts.sum(axis=1)
    # o_ck = Σ_u n_uc (n_uk - [c = k]) / (m_u - 1)
    weighted = counts / (m_u - 1.0)[:, None]
    coincidences = weighted.T @ counts - np.diag(weighted.sum(axis=0))
    n_c = coincidences.sum(axis=1)
    n = n_c.sum()
    delta = _differences(values, n_c, metric)
    observed = (coincidences * delta).sum()
    expected = (np.outer(n_c, n_c) * delta).sum()
    if expected == 0:
        return None
    return float(1.0 - (n - 1.0) * observed / expected)


# NYC Local Law 144 scoring rate -----------------------------------------------------------


@dataclass(frozen=True)
class ScoringRates:
    """The median of every score, and per group how many were scored and how many above it."""

    median: float | None
    counts: tuple[GroupCounts, ...]


def scoring_rate_counts(
    scores: Sequence[float], groups: Sequence[str], *, order: Sequence[str] = ()
) -> ScoringRates:
    """Each group's people scored and scored above the median of all scores (6 RCNY §5-300).

    Groups come out in `order` first (those present), then the rest in first-seen order.
    """
    if len(scores) != len(groups):
        raise ValueError("one group per score")
    if not scores:
        return ScoringRates(None, ())
    values = np.asarray(scores, dtype=np.float64)
    median = float(np.median(values))
    above = values > median
    seen: dict[str, list[int]] = {}
    for group, is_above in zip(groups, above.tolist(), strict=True):
        tally = seen.setdefault(group, [0, 0])
        tally[0] += 1
        tally[1] += int(is_above)
    names = [g for g in order if g in seen] + [g for g in seen if g not in order]
    return ScoringRates(
        median=median,
        counts=tuple(GroupCounts(g, seen[g][0], seen[g][1]) for g in names),
    )
