"""Does readiness predict a good exit? Each readiness item against a positive exit, and a
logistic model of all items with its coefficients, discrimination (AUC) and calibration.

Assumptions and sources:

- One row per exited participant: the answers (0–4) of their last readiness assessment on
  or before their exit, every item turned so that a higher answer means more ready (a
  reverse-scored item such as the fear of failing is 4 − answer), and whether the exit was
  positive (placed, or still working 90 days later). Answers not given are NaN.
- The logistic model is fitted by maximum likelihood with Newton–Raphson (iteratively
  reweighted least squares) and step halving; standard errors are the square roots of the
  diagonal of the inverse information matrix X'WX at the optimum, 95% intervals ±1.96 SE
  (Hosmer, Lemeshow & Sturdivant, *Applied Logistic Regression*, 3rd ed., 2013, ch. 1–2).
  Rows missing an item are left out of the model (complete cases). Where the outcomes are
  perfectly separated the likelihood has no maximum: the fit says it did not converge.
- AUC is the probability that a positive exit scores higher than another exit, ties
  counting one half: U / (n₁ n₀) with U the Mann–Whitney statistic (Hanley & McNeil,
  *Radiology* 143, 1982). Per item it uses the answer as the score; for the model, the
  fitted probability (in-sample, so it flatters the model a little).
- Calibration groups the fitted probabilities into bins of near-equal size (deciles when
  there are enough people, as Hosmer and Lemeshow do), each with its mean predicted and
  observed rate, and the Hosmer–Lemeshow statistic on bins − 2 degrees of freedom.
- Small groups: every figure rests on at least `threshold` people or is hidden. For an item,
  the answers × outcome table is protected with complementary suppression
  (`suppression.suppress_table`, totals shown); the calibration bins are made at least
  `threshold` people each; the model is not fitted unless both outcomes have at least
  `threshold` people and there are more complete rows than parameters.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

from workbridge.core.suppression import suppress_table

LEVELS = 5  # answers 0 to 4
Z_95 = 1.959963984540054
MAX_BINS = 10


@dataclass(frozen=True)
class LogisticFit:
    """Intercept first, then one coefficient per column of X (log odds per unit)."""

    coefficients: np.ndarray
    standard_errors: np.ndarray
    log_likelihood: float
    iterations: int
    converged: bool

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """Fitted probability of a positive exit for rows of X (no intercept column)."""
        return _sigmoid(
            self.coefficients[0] + np.asarray(x, dtype=np.float64) @ self.coefficients[1:]
        )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.exp(-np.logaddexp(0.0, -z))
    return result


def _log_likelihood(design: np.ndarray, y: np.ndarray, beta: np.ndarray) -> float:
    z = design @ beta
    return float(np.sum(y * z - np.logaddexp(0.0, z)))


def logistic_fit(
    x: npt.ArrayLike, y: npt.ArrayLike, *, max_iterations: int = 100, tolerance: float = 1e-10
) -> LogisticFit:
    """Maximum-likelihood logistic regression of y (0/1) on the columns of x, with intercept."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    design = np.column_stack([np.ones(len(y)), x])
    beta = np.zeros(design.shape[1])
    current = _log_likelihood(design, y, beta)
    converged = False
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 - reported
        p = _sigmoid(design @ beta)
        gradient = design.T @ (y - p)
        information = design.T @ (design * (p * (1 - p))[:, None])
        try:
            step = np.linalg.solve(information, gradient)
        except np.linalg.LinAlgError:
            break
        scale = 1.0
        while scale > 1e-8:
            trial = beta + scale * step
            value = _log_likelihood(design, y, trial)
            if value >= current - 1e-12:
                break
            scale /= 2
        beta, previous, current = trial, current, value
        if abs(current - previous) < tolerance * (1 + abs(current)) and np.max(
            np.abs(scale * step)
        ) < 1e-7 * (1 + np.max(np.abs(beta))):
            converged = True
            break
    p = _sigmoid(design @ beta)
    information = design.T @ (design * (p * (1 - p))[:, None])
    try:
        covariance = np.linalg.inv(information)
        errors = np.sqrt(np.clip(np.diag(covariance), 0, None))
    except np.linalg.LinAlgError:
        errors = np.full(len(beta), np.nan)
    # Separation: probabilities pinned at 0 or 1 and coefficients running away.
    if converged and (np.max(np.abs(beta)) > 30 or not np.all(np.isfinite(errors))):
        converged = False
    return LogisticFit(beta, errors, current, iterations, converged)


def auc(scores: npt.ArrayLike, positive: npt.ArrayLike) -> float | None:
    """P(a positive scores above a negative), ties one half; None without both kinds."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n1, n0 = int(positive.sum()), int((~positive).sum())
    if n1 == 0 or n0 == 0:
        return None
    ranks = stats.rankdata(scores)  # average ranks for ties
    u = float(ranks[positive].sum()) - n1 * (n1 + 1) / 2
    return u / (n1 * n0)


@dataclass(frozen=True)
class CalibrationBin:
    count: int
    mean_predicted: float
    observed_rate: float
    positives: int


@dataclass(frozen=True)
class Calibration:
    bins: tuple[CalibrationBin, ...]
    hosmer_lemeshow: float | None
    degrees_of_freedom: int
    p_value: float | None


def calibration(
    predicted: npt.ArrayLike, positive: npt.ArrayLike, *, min_count: int, max_bins: int = MAX_BINS
) -> Calibration:
    """Observed against predicted in bins of near-equal size, each of at least `min_count`."""
    predicted = np.asarray(predicted, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n = len(predicted)
    count = min(max_bins, n // max(min_count, 1))
    if count < 1:
        return Calibration((), None, 0, None)
    order = np.argsort(predicted, kind="stable")
    groups = np.array_split(order, count)
    bins = tuple(
        CalibrationBin(
            count=len(g),
            mean_predicted=float(predicted[g].mean()),
            observed_rate=float(positive[g].mean()),
            positives=int(positive[g].sum()),
        )
        for g in groups
    )
    df = count - 2
    if df < 1:
        return Calibration(bins, None, max(df, 0), None)
    statistic = 0.0
    for b in bins:
        expected = b.mean_predicted * b.count
        variance = b.count * b.mean_predicted * (1 - b.mean_predicted)
        if variance > 0:
            statistic += (b.positives - expected) ** 2 / variance
    return Calibration(bins, statistic, df, float(stats.chi2.sf(statistic, df)))


@dataclass(frozen=True)
class LevelCell:
    """Exits whose answer was `level`: how many, how many positive; None when hidden."""

    level: int
    exits: int | None
    positive: int | None


@dataclass(frozen=True)
class ItemSummary:
    key: str
    answered: int
    levels: tuple[LevelCell, ...]
    mean_positive: float | None  # the mean answer of positive exits (None: too few)
    mean_other: float | None
    auc: float | None  # the answer alone as a score (None: too few)


@dataclass(frozen=True)
class Coefficient:
    key: str  # "intercept" or an item key
    estimate: float
    standard_error: float
    odds_ratio: float
    lower: float  # 95% interval of the odds ratio
    upper: float


@dataclass(frozen=True)
class ModelSummary:
    rows: int
    positives: int
    coefficients: tuple[Coefficient, ...]
    converged: bool
    auc: float | None
    calibration: Calibration


@dataclass(frozen=True)
class ReadinessReport:
    exits: int
    positives: int
    items: tuple[ItemSummary, ...]
    model: ModelSummary | None
    threshold: int


def _item_summary(
    key: str, answers: np.ndarray, positive: np.ndarray, threshold: int
) -> ItemSummary:
    given = ~np.isnan(answers)
    a, y = answers[given].astype(int), positive[given]
    table = [
        [int(np.sum((a == level) & y)), int(np.sum((a == level) & ~y))] for level in range(LEVELS)
    ]
    # A level's total is itself a count of people: a small one is hidden too.
    small_totals = [(level, 2) for level in range(LEVELS) if 0 < sum(table[level]) < threshold]
    hidden = suppress_table(table, threshold=threshold, already=small_totals)
    levels = tuple(
        LevelCell(
            level,
            None if hidden.row_total(level) else table[level][0] + table[level][1],
            None if hidden.cell(level, 0) else table[level][0],
        )
        for level in range(LEVELS)
    )
    n1, n0 = int(y.sum()), int((~y).sum())
    enough = n1 >= threshold and n0 >= threshold
    return ItemSummary(
        key=key,
        answered=len(a),
        levels=levels,
        mean_positive=float(a[y].mean()) if enough else None,
        mean_other=float(a[~y].mean()) if enough else None,
        auc=auc(a, y) if enough else None,
    )


def readiness_report(
    answers: npt.ArrayLike, positive: npt.ArrayLike, keys: Sequence[str], *, threshold: int
) -> ReadinessReport:
    """Every figure of the report: per item, and the model of all items (see the docstring)."""
    answers = np.asarray(answers, dtype=np.float64).reshape(-1, len(keys))
    positive = np.asarray(positive, dtype=bool)
    items = tuple(
        _item_summary(key, answers[:, j], positive, threshold) for j, key in enumerate(keys)
    )
    complete = ~np.isnan(answers).any(axis=1)
    x, y = answers[complete], positive[complete]
    n1, n0 = int(y.sum()), int((~y).sum())
    model = None
    if keys and n1 >= threshold and n0 >= threshold and len(y) > len(keys) + 1:
        fit = logistic_fit(x, y)
        predicted = fit.probabilities(x)
        names = ("intercept", *keys)
        model = ModelSummary(
            rows=len(y),
            positives=n1,
            coefficients=tuple(
                Coefficient(
                    name,
                    float(b),
                    float(se),
                    float(np.exp(b)),
                    float(np.exp(b - Z_95 * se)),
                    float(np.exp(b + Z_95 * se)),
                )
                for name, b, se in zip(names, fit.coefficients, fit.standard_errors, strict=True)
            ),
            converged=fit.converged,
            auc=auc(predicted, y),
            calibration=calibration(predicted, y, min_count=threshold),
        )
    return ReadinessReport(
        exits=len(positive),
        positives=int(positive.sum()),
        items=items,
        model=model,
        threshold=threshold,
    )
