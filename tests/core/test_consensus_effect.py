"""The consensus effect, tested against SciPy's t tests and a worked example."""

import pytest
from scipy import stats

from workbridge.core.consensus_effect import CandidateScores, consensus_effect


def test_it_measures_each_groups_shift_and_tests_it_as_scipy_does():
    # given: discussion lifts White candidates and lowers Black ones
    candidates = [
        CandidateScores("White", [3.0, 3.5, 4.0], 4.0),  # mean 3.5, +0.5
        CandidateScores("White", [2.0, 3.0], 3.0),  # +0.5
        CandidateScores("White", [4.0, 4.0], 4.25),  # +0.25
        CandidateScores("Black", [3.0, 4.0], 3.0),  # -0.5
        CandidateScores("Black", [4.0, 5.0], 4.25),  # -0.25
        CandidateScores("Black", [2.0, 2.0], 2.0),  # 0
        CandidateScores("not disclosed", [3.0], 3.5),  # +0.5, not tested against others
        CandidateScores("Black", [], 3.0),  # no independent score: left out
    ]
    # when
    found = {g.group: g for g in consensus_effect(candidates).groups}
    # then
    white, black = found["White"], found["Black"]
    assert (white.candidates, black.candidates) == (3, 3)
    assert white.mean_shift == pytest.approx(1.25 / 3)
    assert black.mean_shift == pytest.approx(-0.25)
    assert white.mean_independent == pytest.approx((3.5 + 2.5 + 4.0) / 3)
    one_sample = stats.ttest_1samp([-0.5, -0.25, 0.0], 0.0)
    assert (black.t_zero, black.p_zero) == pytest.approx((one_sample.statistic, one_sample.pvalue))
    welch = stats.ttest_ind([-0.5, -0.25, 0.0], [0.5, 0.5, 0.25], equal_var=False)
    assert (black.t_others, black.p_others) == pytest.approx((welch.statistic, welch.pvalue))
    assert black.sd_shift == pytest.approx(0.25)
    unknown = found["not disclosed"]
    assert unknown.unknown is True
    assert (unknown.t_others, unknown.t_zero, unknown.sd_shift) == (None, None, None)


def test_it_reports_the_overall_and_absolute_shift():
    effect = consensus_effect([CandidateScores("A", [3.0], 4.0), CandidateScores("B", [3.0], 2.0)])
    assert effect.candidates == 2
    assert (effect.mean_shift, effect.mean_absolute_shift) == (0.0, 1.0)


def test_it_leaves_undefined_tests_empty_when_nothing_moves():
    effect = consensus_effect([CandidateScores("A", [3.0], 3.0), CandidateScores("A", [4.0], 4.0)])
    [group] = effect.groups
    assert (group.mean_shift, group.sd_shift, group.t_zero, group.p_zero) == (0.0, 0.0, None, None)
