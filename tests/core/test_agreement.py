"""Inter-rater agreement and the LL144 scoring rate: worked examples, SciPy, properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import f_oneway

from tests.properties import examples
from workbridge.core.agreement import (
    complete_rows,
    icc_2_1,
    intraclass_correlations,
    krippendorff_alpha,
    scoring_rate_counts,
)
from workbridge.core.stats import GroupCounts, adverse_impact

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, values 1-5, with missing values.
N = None
KRIPPENDORFF = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


# --- intraclass correlations ---------------------------------------------------


def test_it_reproduces_the_shrout_fleiss_worked_example():
    # when
    iccs = intraclass_correlations(SHROUT_FLEISS)
    # then (Table 4 of the paper, to two places)
    assert (iccs.targets, iccs.judges) == (6, 4)
    assert round(iccs.icc_1_1, 2) == 0.17
    assert round(iccs.icc_2_1, 2) == 0.29
    assert round(iccs.icc_3_1, 2) == 0.71
    assert icc_2_1(SHROUT_FLEISS) == iccs.icc_2_1


def test_it_agrees_with_scipys_one_way_anova_for_icc_1_1():
    # given the one-way ANOVA with targets as groups: ICC(1,1) = (F - 1) / (F + k - 1)
    f = f_oneway(*[np.array(row, dtype=float) for row in SHROUT_FLEISS]).statistic
    k = 4
    # then
    assert intraclass_correlations(SHROUT_FLEISS).icc_1_1 == pytest.approx(
        (f - 1) / (f + k - 1), rel=1e-12
    )


def test_it_is_undefined_with_one_target_one_judge_or_no_variation():
    assert intraclass_correlations([[3, 4, 5]]).icc_2_1 is None
    assert intraclass_correlations([[3], [4]]).icc_2_1 is None
    assert intraclass_correlations([[3, 3], [3, 3]]).icc_2_1 is None


def test_it_refuses_a_table_with_missing_cells():
    with pytest.raises(ValueError):
        intraclass_correlations([[1.0, np.nan], [2.0, 3.0]])


def test_it_keeps_only_targets_rated_by_every_judge():
    rows = complete_rows([[1, 2], [3, None], [4, 5]])
    assert rows.tolist() == [[1.0, 2.0], [4.0, 5.0]]


def test_it_gives_perfect_agreement_an_icc_of_one():
    assert icc_2_1([[1, 1, 1], [3, 3, 3], [5, 5, 5]]) == pytest.approx(1.0)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(
        st.lists(st.integers(1, 5), min_size=3, max_size=3),
        min_size=3,
        max_size=8,
    ),
    st.integers(-3, 3),
)
def test_it_is_unchanged_when_every_rating_shifts_by_the_same_amount(table, shift):
    base = intraclass_correlations(table)
    shifted = intraclass_correlations(np.array(table) + shift)
    for a, b in ((base.icc_1_1, shifted.icc_1_1), (base.icc_2_1, shifted.icc_2_1)):
        assert (a is None and b is None) or a == pytest.approx(b, abs=1e-9)


# --- Krippendorff's alpha ------------------------------------------------------


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_it_reproduces_krippendorffs_worked_example(metric, expected):
    assert round(krippendorff_alpha(KRIPPENDORFF, metric=metric), 3) == expected


def test_it_leaves_out_units_with_one_value_and_is_undefined_without_variation():
    assert krippendorff_alpha([[1, 2, None], [1, 2, 5]], metric="interval") == pytest.approx(
        krippendorff_alpha([[1, 2], [1, 2]], metric="interval")
    )
    assert krippendorff_alpha([[3, 3], [3, 3]]) is None
    assert krippendorff_alpha([[1, None], [None, 2]]) is None


def test_it_gives_perfect_agreement_an_alpha_of_one():
    assert krippendorff_alpha([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, None]]) == pytest.approx(1.0)


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(
        st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=6, max_size=6),
        min_size=2,
        max_size=4,
    )
)
def test_it_never_exceeds_one(table):
    for metric in ("nominal", "ordinal", "interval"):
        alpha = krippendorff_alpha(table, metric=metric)
        assert alpha is None or alpha <= 1.0 + 1e-12


# --- the LL144 scoring rate ------------------------------------------------------


def test_it_counts_scores_above_the_median_and_not_those_equal_to_it():
    # given ten candidates; the median of the scores is 3.0 and three of them score exactly 3.0
    scores = [1.0, 2.0, 3.0, 3.0, 3.0, 3.5, 4.0, 2.5, 4.5, 5.0]
    groups = [
        "black",
        "black",
        "black",
        "white",
        "white",
        "white",
        "white",
        "black",
        "black",
        "white",
    ]
    # when
    rates = scoring_rate_counts(scores, groups, order=["white", "black"])
    # then: white 3.5, 4.0, 5.0 above (3 of 5); black 4.5 above (1 of 5)
    assert rates.median == 3.0
    assert rates.counts == (GroupCounts("white", 5, 3), GroupCounts("black", 5, 1))
    # and the impact ratio against the highest scoring rate is 0.2 / 0.6 = 1/3
    analysis = adverse_impact(rates.counts)
    assert analysis.reference_group == "white"
    assert analysis.group("black").impact_ratio == pytest.approx(1 / 3)
    assert analysis.group("black").adverse_impact is True


def test_it_takes_the_mean_of_the_middle_two_as_the_median_of_an_even_count():
    rates = scoring_rate_counts([1, 2, 4, 5], ["a", "a", "b", "b"])
    assert rates.median == 3.0
    assert rates.counts == (GroupCounts("a", 2, 0), GroupCounts("b", 2, 2))


def test_it_handles_no_scores_and_refuses_mismatched_lists():
    assert scoring_rate_counts([], []).counts == ()
    with pytest.raises(ValueError):
        scoring_rate_counts([1.0], [])
