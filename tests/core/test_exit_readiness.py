"""Readiness against a good exit: AUC as Mann–Whitney, the logistic fit as a direct
maximisation, calibration and the hiding of small groups."""

import numpy as np
import pytest
from scipy import optimize, stats

from workbridge.core.exit_readiness import auc, calibration, logistic_fit, readiness_report


def _data(seed: int, n: int = 400):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 5, size=(n, 3)).astype(float)
    z = -2.0 + 0.8 * x[:, 0] - 0.3 * x[:, 1]
    y = rng.random(n) < 1 / (1 + np.exp(-z))
    return x, y


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_measures_auc_as_the_mann_whitney_u_over_the_pairs(seed):
    # given: scores with many ties
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 5, 300)
    positive = rng.random(300) < 0.3 + 0.1 * scores
    # when
    found = auc(scores, positive)
    # then
    u = stats.mannwhitneyu(scores[positive], scores[~positive]).statistic
    assert found == pytest.approx(u / (positive.sum() * (~positive).sum()), abs=1e-12)


def test_it_counts_a_tie_as_one_half_in_a_worked_example():
    # given: positives score 3 and 1; negatives 1 and 0. Pairs: (3>1) (3>0) (1=1) (1>0)
    # when / then: (1 + 1 + 0.5 + 1) / 4
    assert auc([3, 1, 1, 0], [True, True, False, False]) == 0.875
    assert auc([1, 2], [True, True]) is None


@pytest.mark.parametrize("seed", [1, 2])
def test_it_fits_the_logistic_model_that_maximises_the_likelihood(seed):
    # given
    x, y = _data(seed)
    design = np.column_stack([np.ones(len(y)), x])

    def negative_log_likelihood(beta):
        z = design @ beta
        return float(np.sum(np.logaddexp(0, z) - y * z))

    def gradient(beta):
        return design.T @ (1 / (1 + np.exp(-(design @ beta))) - y)

    reference = optimize.minimize(
        negative_log_likelihood, np.zeros(4), jac=gradient, method="BFGS", tol=1e-12
    )
    # when
    fit = logistic_fit(x, y)
    # then
    assert fit.converged
    assert fit.coefficients == pytest.approx(reference.x, abs=1e-5)
    assert fit.log_likelihood == pytest.approx(-reference.fun, abs=1e-8)
    p = 1 / (1 + np.exp(-(design @ reference.x)))
    information = design.T @ (design * (p * (1 - p))[:, None])
    assert fit.standard_errors == pytest.approx(
        np.sqrt(np.diag(np.linalg.inv(information))), rel=1e-4
    )


def test_it_says_it_did_not_converge_when_the_outcomes_are_separated():
    # given: every answer above 2 is a positive exit
    x = np.array([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], dtype=float)
    y = x > 2
    # when
    fit = logistic_fit(x, y)
    # then
    assert not fit.converged


def test_it_bins_predictions_of_equal_size_with_the_hosmer_lemeshow_statistic():
    # given: 20 predictions, 4 bins of 5
    predicted = np.repeat([0.1, 0.3, 0.5, 0.9], 5)
    positive = np.array([0, 0, 0, 0, 1] + [1, 1, 0, 0, 0] + [1, 1, 1, 0, 0] + [1] * 5, bool)
    # when
    found = calibration(predicted, positive, min_count=5, max_bins=10)
    # then
    assert [(b.count, b.mean_predicted, b.observed_rate) for b in found.bins] == [
        (5, pytest.approx(0.1), 0.2),
        (5, pytest.approx(0.3), 0.4),
        (5, pytest.approx(0.5), 0.6),
        (5, pytest.approx(0.9), 1.0),
    ]
    expected = sum(
        (o - 5 * p) ** 2 / (5 * p * (1 - p)) for o, p in [(1, 0.1), (2, 0.3), (3, 0.5), (5, 0.9)]
    )
    assert found.hosmer_lemeshow == pytest.approx(expected)
    assert found.degrees_of_freedom == 2
    assert found.p_value == pytest.approx(stats.chi2.sf(expected, 2))


def test_it_hides_answer_levels_resting_on_few_people_and_skips_a_model_on_too_few():
    # given: 12 exits; answer 0 given twice only
    answers = np.array([[0], [0]] + [[3]] * 5 + [[4]] * 5, dtype=float)
    positive = np.array([False, True] + [True, False, True, False, True] + [True] * 5)
    # when
    report = readiness_report(answers, positive, ["connected"], threshold=5)
    # then
    item = report.items[0]
    level0 = item.levels[0]
    assert (level0.exits, level0.positive) == (None, None)
    assert (item.levels[4].exits, item.levels[4].positive) == (5, 5)
    assert item.mean_positive is None  # 4 other exits: fewer than 5
    assert report.model is None
    assert (report.exits, report.positives) == (12, 9)


def test_it_reports_the_model_with_odds_ratios_auc_and_calibration():
    # given
    x, y = _data(4, n=600)
    # when
    report = readiness_report(x, y, ["connected", "fear", "on_time"], threshold=10)
    # then
    model = report.model
    assert model is not None and model.converged
    assert [c.key for c in model.coefficients] == ["intercept", "connected", "fear", "on_time"]
    first = model.coefficients[1]
    assert first.odds_ratio == pytest.approx(np.exp(first.estimate))
    assert first.lower < first.odds_ratio < first.upper
    assert model.auc == pytest.approx(auc(logistic_fit(x, y).probabilities(x), y))
    assert len(model.calibration.bins) == 10
    assert sum(b.count for b in model.calibration.bins) == 600
