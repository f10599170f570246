"""Adverse-impact statistics: worked examples from authoritative sources, SciPy, and properties."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import fisher_exact, norm

from tests.properties import examples
from workbridge.core.stats import (
    GroupCounts,
    adverse_impact,
    adverse_impact_many,
    exact_tests,
    is_unknown_group,
    pooled_z_tests,
    shortfall,
)


def _exact_pmf(x: int, n_g: int, s_total: int, total: int) -> Fraction:
    """Hypergeometric probability of x selections in a group of n_g, by counting tables."""
    return Fraction(
        math.comb(s_total, x) * math.comb(total - s_total, n_g - x), math.comb(total, n_g)
    )


def _exact_tail_sums(s_g: int, n_g: int, s_r: int, n_r: int) -> tuple[Fraction, Fraction]:
    """P(X <= s_g) and P(X < s_g) + P(X = s_g)/2, summed directly in rationals."""
    total, s_total = n_g + n_r, s_g + s_r
    low = max(0, n_g + s_total - total)
    less = sum((_exact_pmf(x, n_g, s_total, total) for x in range(low, s_g)), Fraction(0))
    at = _exact_pmf(s_g, n_g, s_total, total)
    return less + at, less + at / 2


# --- the four-fifths rule ----------------------------------------------------


def test_it_reproduces_the_uniform_guidelines_question_12_example():
    """Questions and Answers on the Uniform Guidelines (44 FR 11996, 1979), Q&A 12.

    Hiring rates: whites 60%, American Indians 45%, Hispanics 48%, Blacks 51%;
    impact ratios 45/60 = 75%, 48/60 = 80%, 51/60 = 85%; adverse impact is
    indicated for American Indians but not for Hispanics or Blacks. The Q&A
    gives rates only; 100 applicants a group reproduce them.
    """
    # given
    counts = [
        GroupCounts("White", 100, 60),
        GroupCounts("American Indian", 100, 45),
        GroupCounts("Hispanic", 100, 48),
        GroupCounts("Black", 100, 51),
    ]
    # when
    analysis = adverse_impact(counts)
    # then
    assert analysis.reference_group == "White"
    ratios = {g.group: g.impact_ratio_exact for g in analysis.groups}
    assert ratios == {
        "White": Fraction(1),
        "American Indian": Fraction(3, 4),
        "Hispanic": Fraction(4, 5),
        "Black": Fraction(17, 20),
    }
    adverse = {g.group: g.adverse_impact for g in analysis.groups}
    assert adverse == {
        "White": False,
        "American Indian": True,
        "Hispanic": False,
        "Black": False,
    }


def test_it_does_not_find_adverse_impact_at_exactly_four_fifths():
    # the classic arithmetic: 48% against 60% is exactly 4/5, which is not below it
    women = adverse_impact([GroupCounts("men", 25, 15), GroupCounts("women", 50, 24)]).group(
        "women"
    )

    assert women.impact_ratio_exact == Fraction(4, 5)
    assert women.adverse_impact is False
    assert women.shortfall_four_fifths == 0


def test_it_decides_four_fifths_exactly_where_floating_point_would_not():
    # given 3 of 5 (60%) against 3 of 4 (75%): exactly 4/5, but not in binary floating point
    assert (3 / 5) / (3 / 4) < 0.8
    # when
    g = adverse_impact([GroupCounts("r", 4, 3), GroupCounts("g", 5, 3)]).group("g")
    # then
    assert g.impact_ratio_exact == Fraction(4, 5)
    assert g.adverse_impact is False


def test_it_finds_adverse_impact_one_selection_below_four_fifths():
    # 47/100 against 60/100 = 0.7833…
    analysis = adverse_impact([GroupCounts("a", 100, 60), GroupCounts("b", 100, 47)])

    b = analysis.group("b")
    assert b.adverse_impact is True
    assert b.shortfall == 13
    assert b.shortfall_four_fifths == 1
    assert b.one_selection_reverses is True  # 48/100 against 59/100 = 0.81


def test_it_picks_the_highest_rate_as_the_reference_whatever_the_order():
    analysis = adverse_impact(
        [GroupCounts("low", 50, 10), GroupCounts("high", 20, 10), GroupCounts("mid", 40, 12)]
    )

    assert analysis.reference_group == "high"
    assert analysis.group("high").is_reference is True
    assert analysis.group("high").impact_ratio_exact == 1
    assert analysis.group("low").impact_ratio_exact == Fraction(2, 5)
    assert analysis.group("mid").impact_ratio_exact == Fraction(3, 5)


def test_it_breaks_a_tie_for_the_reference_by_the_larger_group():
    analysis = adverse_impact([GroupCounts("small", 10, 5), GroupCounts("large", 40, 20)])

    assert analysis.reference_group == "large"
    assert analysis.group("small").impact_ratio_exact == 1
    assert analysis.group("small").adverse_impact is False


# --- the reference group: at least 2% of those considered (6 RCNY §5-301) ------------


def _fourteen_of_a_thousand() -> list[GroupCounts]:
    # 1,000 considered; a group of 14 (1.4%) had everyone selected
    return [
        GroupCounts("White", 400, 200),
        GroupCounts("Black", 300, 105),
        GroupCounts("Hispanic", 256, 116),
        GroupCounts("Asian", 30, 10),
        GroupCounts("Native Hawaiian", 14, 14),
    ]


def test_it_does_not_take_a_group_under_two_percent_as_the_reference():
    # when
    analysis = adverse_impact(_fourteen_of_a_thousand())
    # then the next-highest group of at least 2% is the reference
    assert analysis.reference_group == "White"
    assert analysis.passed_over == ("Native Hawaiian",)
    ratios = {g.group: g.impact_ratio_exact for g in analysis.groups}
    assert ratios == {
        "White": 1,
        "Black": Fraction(7, 10),
        "Hispanic": Fraction(29, 32),
        "Asian": Fraction(2, 3),
        "Native Hawaiian": 2,
    }
    assert [g.group for g in analysis.groups if g.adverse_impact] == ["Black", "Asian"]
    small = analysis.group("Native Hawaiian")
    assert (small.is_reference, small.small_group, small.adverse_impact) == (False, True, False)
    assert small.z == pytest.approx(3.67995, abs=1e-5)  # compared, above the reference
    assert small.shortfall == 0


def test_it_restores_the_highest_rate_as_the_reference_with_no_minimum_share():
    # when
    analysis = adverse_impact(_fourteen_of_a_thousand(), reference_min_share=Fraction(0))
    # then
    assert analysis.reference_group == "Native Hawaiian"
    assert analysis.passed_over == ()
    assert [g.group for g in analysis.groups if g.adverse_impact] == [
        "White",
        "Black",
        "Hispanic",
        "Asian",
    ]
    assert analysis.group("White").impact_ratio_exact == Fraction(1, 2)


def test_it_sets_apart_findings_both_practically_and_statistically_significant():
    # when
    analysis = adverse_impact(_fourteen_of_a_thousand())
    # then Black: 0.7, p = 0.0000840, one selection leaves 106/300 against 199/400 = 0.71
    black, asian = analysis.group("Black"), analysis.group("Asian")
    assert black.fisher_p_two_sided == pytest.approx(8.397347e-05, rel=1e-6)
    assert black.one_selection_reverses is False
    assert black.significant is True
    # and Asian: 0.667 but Fisher's p = 0.0897, so below four-fifths only
    assert asian.adverse_impact is True
    assert asian.fisher_p_two_sided == pytest.approx(0.0897158, rel=1e-6)
    assert asian.significant is False
    assert [g.group for g in analysis.groups if g.significant] == ["Black"]


def test_a_finding_one_selection_reverses_is_not_practically_significant():
    # given 3,999 of 10,000 against 5,000 of 10,000: 0.7998; one selection makes it 0.8002
    analysis = adverse_impact([GroupCounts("a", 10_000, 5_000), GroupCounts("b", 10_000, 3_999)])
    # then
    b = analysis.group("b")
    assert (b.adverse_impact, b.one_selection_reverses) == (True, True)
    assert b.fisher_p_two_sided < 1e-40
    assert b.significant is False


def test_it_lets_a_group_of_exactly_two_percent_be_the_reference():
    # given 20 of 1,000 considered, unknown included
    counts = [
        GroupCounts("a", 900, 450),
        GroupCounts("b", 20, 20),
        GroupCounts("c", 19, 19),
        GroupCounts("unknown", 61, 61),
    ]
    # when
    analysis = adverse_impact(counts)
    # then
    assert analysis.reference_group == "b"
    assert analysis.passed_over == ()
    assert analysis.group("c").impact_ratio_exact == 1


def test_it_falls_back_to_the_highest_rate_when_no_large_group_had_anyone_selected():
    # given the only selections are in a group of 10 among 1,000
    counts = [GroupCounts("large", 990, 0), GroupCounts("small", 10, 2)]
    # when
    analysis = adverse_impact(counts)
    # then
    assert analysis.reference_group == "small"
    assert analysis.passed_over == ()
    large = analysis.group("large")
    assert (large.impact_ratio_exact, large.adverse_impact) == (0, True)
    assert large.fisher_p_two_sided == pytest.approx(1 / 11_100, rel=1e-9)
    # one selection moved to it makes it the only large group with a selection: the reference
    assert large.one_selection_reverses is True
    assert large.significant is False


def test_it_falls_back_to_the_highest_rate_when_no_group_reaches_the_share():
    counts = [GroupCounts("a", 10, 3), GroupCounts("b", 10, 6), GroupCounts("c", 10, 5)]

    analysis = adverse_impact(counts, reference_min_share=Fraction(1, 2))

    assert analysis.reference_group == "b"
    assert analysis.passed_over == ()


def test_it_never_takes_a_small_group_as_the_reference_after_one_selection_moves():
    # given b is adverse against a (47/100 against 60/100); c, 3 of 203, has 2/3
    counts = [GroupCounts("a", 100, 60), GroupCounts("b", 100, 47), GroupCounts("c", 3, 2)]
    # when one selection moves from a to b: 48/100 against 59/100 = 0.81 (not 0.72 against c)
    analysis = adverse_impact(counts)
    # then
    assert analysis.reference_group == "a"
    assert analysis.passed_over == ("c",)
    assert analysis.group("b").adverse_impact is True
    assert analysis.group("b").one_selection_reverses is True
    assert analysis.group("b").significant is False


# --- unknown groups, small groups, edge cases ---------------------------------


def test_it_reports_unknown_groups_apart_and_never_as_the_reference():
    # given the unknown group has the highest rate
    counts = [
        GroupCounts("White", 100, 30),
        GroupCounts("Black", 100, 20),
        GroupCounts("Not disclosed", 10, 9),
        GroupCounts("(blank)", 5, 5),
    ]
    # when
    analysis = adverse_impact(counts)
    # then
    assert analysis.reference_group == "White"
    assert [g.group for g in analysis.groups] == ["White", "Black"]
    assert analysis.unknown == (counts[2], counts[3])
    assert analysis.unknown_considered == 15
    assert analysis.unknown_selected == 14
    assert analysis.considered == 215
    assert analysis.selected == 64


def test_it_treats_an_intersection_with_an_unknown_part_as_unknown():
    assert is_unknown_group("White × unknown") is True
    assert is_unknown_group("Prefer not to say × Female") is True
    assert is_unknown_group("Black × Female") is False
    assert is_unknown_group("  ") is True


def test_it_flags_groups_under_two_percent_of_everyone_considered():
    # given 1,000 considered in all, unknown included: 20 is exactly 2%, 19 is under
    counts = [
        GroupCounts("a", 941, 100),
        GroupCounts("b", 20, 2),
        GroupCounts("c", 19, 2),
        GroupCounts("unknown", 20, 1),
    ]

    analysis = adverse_impact(counts)

    assert {g.group: g.small_group for g in analysis.groups} == {
        "a": False,
        "b": False,
        "c": True,
    }


def test_it_has_no_reference_when_nobody_was_selected():
    analysis = adverse_impact([GroupCounts("a", 10, 0), GroupCounts("b", 5, 0)])

    assert analysis.reference_group is None
    for g in analysis.groups:
        assert g.rate == 0.0
        assert g.impact_ratio is None
        assert g.adverse_impact is False
        assert g.fisher_p_two_sided is None
        assert g.z is None
        assert g.shortfall == 0
        assert g.one_selection_reverses is None


def test_it_compares_a_group_with_no_selections_against_the_reference():
    analysis = adverse_impact([GroupCounts("a", 10, 5), GroupCounts("b", 10, 0)])

    b = analysis.group("b")
    assert b.impact_ratio_exact == 0
    assert b.adverse_impact is True
    assert b.shortfall == 5
    assert b.shortfall_four_fifths == 4
    # P(X = 0) = C(5,0) C(15,10) / C(20,10) = 3003 / 184756
    assert b.fisher_p_one_sided == pytest.approx(3003 / 184756, abs=1e-12)
    assert b.mid_p == pytest.approx(3003 / 184756 / 2, abs=1e-12)


def test_it_analyses_a_single_group_as_its_own_reference():
    analysis = adverse_impact([GroupCounts("only", 12, 3)])

    assert analysis.reference_group == "only"
    (only,) = analysis.groups
    assert only.impact_ratio_exact == 1
    assert only.adverse_impact is False
    assert only.fisher_p_two_sided is None


def test_it_leaves_a_group_nobody_considered_without_a_rate():
    analysis = adverse_impact([GroupCounts("a", 10, 4), GroupCounts("b", 0, 0)])

    b = analysis.group("b")
    assert b.rate is None
    assert b.impact_ratio is None
    assert b.adverse_impact is False
    assert b.z is None


def test_it_handles_an_empty_analysis():
    analysis = adverse_impact([])

    assert analysis.reference_group is None
    assert analysis.groups == ()
    assert analysis.considered == 0


def test_it_refuses_inconsistent_counts():
    with pytest.raises(ValueError, match="exceeds considered"):
        GroupCounts("a", 3, 4)
    with pytest.raises(ValueError, match="negative"):
        GroupCounts("a", -1, 0)
    with pytest.raises(ValueError, match="more than once"):
        adverse_impact([GroupCounts("a", 3, 1), GroupCounts("a", 4, 1)])


# --- significance tests --------------------------------------------------------


def test_it_computes_the_pooled_z_test_by_hand():
    # given American Indians 45/100 against whites 60/100 (Q&A 12 rates)
    pooled = 105 / 200
    se = math.sqrt(pooled * (1 - pooled) * (1 / 100 + 1 / 100))
    z_by_hand = (0.45 - 0.60) / se  # -2.1240
    # when
    g = adverse_impact(
        [GroupCounts("White", 100, 60), GroupCounts("American Indian", 100, 45)]
    ).group("American Indian")
    # then
    assert round(z_by_hand, 4) == -2.1240
    assert g.z == pytest.approx(z_by_hand, abs=1e-12)
    assert g.p_z_two_sided == pytest.approx(2 * norm.sf(abs(z_by_hand)), abs=1e-12)


def test_it_reports_z_zero_when_the_pooled_rate_is_one():
    z, p = pooled_z_tests([5], [5], [7], [7])

    assert z.tolist() == [0.0]
    assert p.tolist() == [1.0]


def test_it_reproduces_fishers_tea_tasting_table():
    """Fisher, The Design of Experiments (1935), ch. II: 8 cups, 4 of each kind.

    With 3 of 4 right, P(3 or more right) = 17/70 and the two-sided p = 34/70.
    As selections: a group with 1 of 4 selected against 3 of 4.
    """
    g = adverse_impact([GroupCounts("ref", 4, 3), GroupCounts("g", 4, 1)]).group("g")

    assert g.fisher_p_one_sided == pytest.approx(17 / 70, abs=1e-12)
    assert g.fisher_p_two_sided == pytest.approx(34 / 70, abs=1e-12)
    assert g.mid_p == pytest.approx(1 / 70 + 16 / 70 / 2, abs=1e-12)


def test_it_matches_the_exact_tail_sums_for_the_question_12_example():
    g = adverse_impact(
        [GroupCounts("White", 100, 60), GroupCounts("American Indian", 100, 45)]
    ).group("American Indian")

    one_sided, mid_p = _exact_tail_sums(45, 100, 60, 100)
    assert g.fisher_p_one_sided == pytest.approx(float(one_sided), abs=1e-12)
    assert g.mid_p == pytest.approx(float(mid_p), abs=1e-12)


def test_it_agrees_with_scipy_on_large_tables():
    rng = np.random.default_rng(4)
    n_g = rng.integers(1, 200_000, 200)
    n_r = rng.integers(1, 200_000, 200)
    s_g = (n_g * rng.random(200)).astype(np.int64)
    s_r = (n_r * rng.random(200)).astype(np.int64)

    tests = exact_tests(s_g, n_g, s_r, n_r)

    for i in range(200):
        table = [[s_g[i], n_g[i] - s_g[i]], [s_r[i], n_r[i] - s_r[i]]]
        two = fisher_exact(table).pvalue
        less = fisher_exact(table, alternative="less").pvalue
        assert abs(tests.fisher_two_sided[i] - two) <= 1e-9, table
        assert abs(tests.fisher_less[i] - less) <= 1e-9, table


counts_strategy = st.integers(min_value=1, max_value=80).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@settings(max_examples=examples(300), deadline=None)
@given(counts_strategy, counts_strategy)
def test_it_agrees_with_scipy_fisher_exact_and_exact_sums(group, reference):
    (s_g, n_g), (s_r, n_r) = group, reference
    table = [[s_g, n_g - s_g], [s_r, n_r - s_r]]

    tests = exact_tests([s_g], [n_g], [s_r], [n_r])

    assert abs(tests.fisher_two_sided[0] - fisher_exact(table).pvalue) <= 1e-9
    assert abs(tests.fisher_less[0] - fisher_exact(table, alternative="less").pvalue) <= 1e-9
    one_sided, mid_p = _exact_tail_sums(s_g, n_g, s_r, n_r)
    assert abs(tests.fisher_less[0] - float(one_sided)) <= 1e-9
    assert abs(tests.mid_p_less[0] - float(mid_p)) <= 1e-9


# --- properties ------------------------------------------------------------------

group_strategy = st.integers(min_value=0, max_value=300).flatmap(
    lambda n: st.integers(min_value=0, max_value=n).map(lambda s: (n, s))
)
analysis_strategy = st.lists(group_strategy, min_size=1, max_size=6).map(
    lambda pairs: [GroupCounts(f"g{i}", n, s) for i, (n, s) in enumerate(pairs)]
)


@settings(max_examples=examples(200), deadline=None)
@given(analysis_strategy)
def test_its_results_hold_together(counts):
    analysis = adverse_impact(counts)

    for g in analysis.groups:
        if g.is_reference:
            assert g.impact_ratio_exact == 1
            assert g.shortfall == 0
        if g.impact_ratio_exact is not None:
            # only a group too small to be the reference may have a higher rate
            assert (g.impact_ratio_exact > 1) == (g.group in analysis.passed_over)
            assert g.impact_ratio_exact >= 0
            assert g.adverse_impact == (g.impact_ratio_exact < Fraction(4, 5))
            assert g.significant == (
                g.adverse_impact
                and g.one_selection_reverses is False
                and g.fisher_p_two_sided < 0.05
            )
        for p in (g.p_z_two_sided, g.fisher_p_two_sided, g.fisher_p_one_sided, g.mid_p):
            assert p is None or 0.0 <= p <= 1.0
        if g.mid_p is not None:
            assert g.mid_p <= g.fisher_p_one_sided + 1e-12
        if g.z is not None and g.group not in analysis.passed_over:
            assert g.z <= 1e-12  # nobody who could be the reference beats it


@settings(max_examples=examples(200), deadline=None)
@given(analysis_strategy)
def test_its_shortfall_is_the_fewest_selections_that_reach_parity(counts):
    analysis = adverse_impact(counts)
    if analysis.reference_group is None:
        return
    ref = next(c for c in counts if c.group == analysis.reference_group)

    for c in counts:
        g = analysis.group(c.group)
        if c.considered == 0 or g.is_reference:
            continue
        target = Fraction(ref.selected, ref.considered)
        assert Fraction(c.selected + g.shortfall, c.considered) >= target
        if g.shortfall:
            assert Fraction(c.selected + g.shortfall - 1, c.considered) < target
        four_fifths = target * Fraction(4, 5)
        assert Fraction(c.selected + g.shortfall_four_fifths, c.considered) >= four_fifths
        if g.shortfall_four_fifths:
            assert Fraction(c.selected + g.shortfall_four_fifths - 1, c.considered) < four_fifths
        assert (g.shortfall_four_fifths > 0) == g.adverse_impact


@settings(max_examples=examples(200), deadline=None)
@given(analysis_strategy)
def test_it_does_not_depend_on_the_order_of_groups_with_distinct_rates(counts):
    rates = [Fraction(c.selected, c.considered) for c in counts if c.considered]
    if len(set(rates)) != len(rates):
        return
    forward = {g.group: g for g in adverse_impact(counts).groups}
    backward = {g.group: g for g in adverse_impact(list(reversed(counts))).groups}

    assert forward == backward


@settings(max_examples=examples(200), deadline=None)
@given(group_strategy, group_strategy)
def test_its_two_sided_tests_are_symmetric_in_the_two_groups(a, b):
    (n1, s1), (n2, s2) = a, b
    if n1 == 0 or n2 == 0:
        return

    z_ab, p_ab = pooled_z_tests([s1], [n1], [s2], [n2])
    z_ba, p_ba = pooled_z_tests([s2], [n2], [s1], [n1])
    f_ab = exact_tests([s1], [n1], [s2], [n2]).fisher_two_sided[0]
    f_ba = exact_tests([s2], [n2], [s1], [n1]).fisher_two_sided[0]

    assert z_ab[0] == pytest.approx(-z_ba[0], abs=1e-12)
    assert p_ab[0] == pytest.approx(p_ba[0], abs=1e-12)
    assert f_ab == pytest.approx(f_ba, abs=1e-9)


# --- one different selection (Q&A 21) ----------------------------------------------


def test_it_says_when_one_different_selection_would_invert_the_rates():
    """Q&A 21: where the selection of one different person for one job would shift the
    result from adverse impact to that group having the higher rate, enforcement is
    generally inappropriate. 3 of 10 against 4 of 10 (ratio 0.75) becomes 4 of 10 against
    3 of 10."""
    g = adverse_impact([GroupCounts("a", 10, 4), GroupCounts("b", 10, 3)]).group("b")

    assert g.adverse_impact is True
    assert g.one_selection_reverses is True
    assert g.one_selection_inverts_rates is True


def test_it_says_one_selection_does_not_reverse_a_large_disparity():
    g = adverse_impact([GroupCounts("a", 100, 60), GroupCounts("b", 100, 30)]).group("b")

    assert g.adverse_impact is True
    assert g.one_selection_reverses is False
    assert g.one_selection_inverts_rates is False


def test_it_recomputes_the_reference_when_one_selection_moves():
    # given b is adverse against a (4/10 vs 6/10 = 0.667); c sits just below a
    counts = [GroupCounts("a", 10, 6), GroupCounts("c", 100, 59), GroupCounts("b", 10, 4)]
    # when one selection moves from a to b: b 5/10, a 5/10, but c's 0.59 is now highest
    b = adverse_impact(counts).group("b")
    # then 0.5 / 0.59 = 0.847: no longer adverse
    assert b.one_selection_reverses is True
    assert b.one_selection_inverts_rates is False


def test_it_batches_many_analyses_with_the_same_results_as_one_at_a_time():
    cells = [
        [GroupCounts("a", 10, 4), GroupCounts("b", 10, 3)],
        [GroupCounts("a", 5, 0), GroupCounts("b", 5, 0)],
        [GroupCounts("x", 100, 60), GroupCounts("y", 100, 45), GroupCounts("unknown", 3, 1)],
    ]

    assert adverse_impact_many(cells) == [adverse_impact(c) for c in cells]


def test_shortfall_rounds_up_to_whole_selections():
    assert shortfall(GroupCounts("g", 7, 1), GroupCounts("r", 3, 2)) == 4  # 7 × 2/3 = 4.67 → 5
    assert shortfall(GroupCounts("g", 6, 4), GroupCounts("r", 3, 2)) == 0
