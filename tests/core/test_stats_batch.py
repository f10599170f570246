"""The batched adverse-impact computation: SciPy's Fisher test on awkward tables, and every
finding checked against a plain rational-arithmetic recomputation."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import fisher_exact

from tests.properties import examples
from workbridge.core.stats import (
    GroupCounts,
    adverse_impact,
    adverse_impact_arrays,
    adverse_impact_many,
    exact_tests,
)


def _scipy(s_g: int, n_g: int, s_r: int, n_r: int) -> tuple[float, float]:
    table = [[s_g, n_g - s_g], [s_r, n_r - s_r]]
    return fisher_exact(table).pvalue, fisher_exact(table, alternative="less").pvalue


def _assert_agrees_with_scipy(tables: list[tuple[int, int, int, int]]) -> None:
    s_g, n_g, s_r, n_r = (list(column) for column in zip(*tables, strict=True))

    tests = exact_tests(s_g, n_g, s_r, n_r)

    for i, table in enumerate(tables):
        two, less = _scipy(*table)
        assert abs(tests.fisher_two_sided[i] - two) <= 1e-9, table
        assert abs(tests.fisher_less[i] - less) <= 1e-9, table
        assert 0.0 <= tests.mid_p_less[i] <= tests.fisher_less[i] + 1e-12, table


def _table(max_n: int):
    def build(n_g: int, n_r: int):
        return st.tuples(st.integers(0, n_g), st.just(n_g), st.integers(0, n_r), st.just(n_r))

    return st.tuples(st.integers(1, max_n), st.integers(1, max_n)).flatmap(lambda n: build(*n))


@st.composite
def _symmetric_table(draw):
    """Tables whose probability has an exact mirror image: equal groups, or a swapped table."""
    n = draw(st.integers(1, 3_000))
    s_g = draw(st.integers(0, n))
    if draw(st.booleans()):
        return (s_g, n, n - s_g, n)  # [[a, b], [b, a]]
    return (s_g, n, draw(st.integers(0, n)), n)


@st.composite
def _edge_table(draw):
    """Zero margins (nobody or everybody selected) and tables at the edge of the support."""
    n_g = draw(st.integers(1, 2_000))
    n_r = draw(st.integers(1, 2_000))
    kind = draw(st.sampled_from(["none", "all", "group_all", "reference_none", "one"]))
    if kind == "none":
        return (0, n_g, 0, n_r)
    if kind == "all":
        return (n_g, n_g, n_r, n_r)
    if kind == "group_all":
        return (n_g, n_g, draw(st.integers(0, n_r)), n_r)
    if kind == "reference_none":
        return (draw(st.integers(0, n_g)), n_g, 0, n_r)
    return (draw(st.integers(0, 1)), n_g, draw(st.integers(0, 1)), n_r)


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_table(60), min_size=1, max_size=20))
def test_it_agrees_with_scipy_on_batches_of_small_tables(tables):
    _assert_agrees_with_scipy(tables)


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(_table(5_000), min_size=1, max_size=10))
def test_it_agrees_with_scipy_on_tables_of_thousands(tables):
    _assert_agrees_with_scipy(tables)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(_symmetric_table(), min_size=1, max_size=10))
def test_it_decides_ties_of_symmetric_tables_as_scipy_does(tables):
    _assert_agrees_with_scipy(tables)


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(_edge_table(), min_size=1, max_size=10))
def test_it_agrees_with_scipy_on_zero_margins_and_the_ends_of_the_support(tables):
    _assert_agrees_with_scipy(tables)


def test_it_agrees_with_scipy_on_exact_ties():
    # given tables whose observed probability equals another table's exactly
    tables = [
        (5, 10, 5, 10),
        (3, 10, 7, 10),
        (7, 10, 3, 10),
        (0, 4, 4, 4),
        (1, 2, 1, 2),
        (500, 1000, 500, 1000),
        (400, 1000, 600, 1000),
        (1500, 3000, 1501, 3000),
        (2, 7, 5, 7),
    ]
    # when / then
    _assert_agrees_with_scipy(tables)


def test_it_agrees_with_scipy_on_tables_of_tens_of_thousands():
    rng = np.random.default_rng(11)
    n_g = rng.integers(20_000, 120_000, 40)
    n_r = rng.integers(20_000, 120_000, 40)
    s_g = (n_g * rng.uniform(0.2, 0.5, 40)).astype(np.int64)
    s_r = (n_r * rng.uniform(0.3, 0.5, 40)).astype(np.int64)

    _assert_agrees_with_scipy(list(zip(s_g, n_g, s_r, n_r, strict=True)))


# --- every finding, against a direct recomputation in rationals -----------------------


def _rate(selected: int, considered: int) -> Fraction:
    return Fraction(selected, considered)


def _reference(counts: dict[str, tuple[int, int]], total: int, min_share: Fraction) -> str | None:
    """The reference group by the rule, for known groups' (selected, considered) in the
    order given: the highest rate among those with the share and a selection, else
    among all; None when that rate is 0."""
    names = list(counts)
    present = [g for g in names if counts[g][1]]
    large = [g for g in present if counts[g][0] and Fraction(counts[g][1], total) >= min_share]
    ranked = sorted(
        large or present,
        key=lambda g: (-_rate(*counts[g]), -counts[g][1], names.index(g)),
    )
    return ranked[0] if ranked and counts[ranked[0]][0] else None


def _recompute(counts: list[GroupCounts], min_share: Fraction = Fraction(2, 100)) -> dict:
    """Reference, ratio, finding, shortfalls and one-selection checks, the slow plain way."""
    known = [c for c in counts if c.group != "unknown"]
    total = sum(c.considered for c in counts)
    pairs = {c.group: (c.selected, c.considered) for c in known}
    name = _reference(pairs, total, min_share)
    ref = None if name is None else next(c for c in known if c.group == name)
    out = {}
    for c in known:
        if ref is None or not c.considered:
            out[c.group] = (None, False, False, 0, 0, None, None)
            continue
        ratio = _rate(c.selected, c.considered) / _rate(ref.selected, ref.considered)
        adverse = ratio < Fraction(4, 5)
        if c is ref:
            out[c.group] = (ratio, True, adverse, 0, 0, None, None)
            continue
        target = _rate(ref.selected, ref.considered)
        # the fewest whole selections k with (selected + k) / considered >= the target
        short = max(0, math.ceil(target * c.considered) - c.selected)
        short45 = max(0, math.ceil(target * Fraction(4, 5) * c.considered) - c.selected)
        step = 1 if adverse else -1
        moved = dict(pairs)
        moved[c.group] = (c.selected + step, c.considered)
        moved[ref.group] = (ref.selected - step, ref.considered)
        if any(not 0 <= s <= n for s, n in moved.values()):
            reverses = inverts = False
        else:
            # the reference chosen again by the same rule
            new_ref = _reference(moved, total, min_share)
            best = Fraction(0) if new_ref is None else _rate(*moved[new_ref])
            mine = _rate(*moved[c.group])
            still = best > 0 and mine / best < Fraction(4, 5)
            reverses = still != adverse
            inverts = adverse and mine > _rate(*moved[ref.group])
        out[c.group] = (ratio, False, adverse, short, short45, reverses, inverts)
    return out


def _recompute_highest_rate(counts: list[GroupCounts]) -> dict[str, tuple]:
    """The same, by the rule before a minimum share: the highest rate of any known group."""
    known = [c for c in counts if c.group != "unknown"]
    ranked = sorted(
        (c for c in known if c.considered),
        key=lambda c: (-_rate(c.selected, c.considered), -c.considered, known.index(c)),
    )
    ref = ranked[0] if ranked and ranked[0].selected else None
    out = {}
    for c in known:
        if ref is None or not c.considered:
            out[c.group] = (None, False, False, 0, 0, None, None)
            continue
        ratio = _rate(c.selected, c.considered) / _rate(ref.selected, ref.considered)
        adverse = ratio < Fraction(4, 5)
        if c is ref:
            out[c.group] = (ratio, True, adverse, 0, 0, None, None)
            continue
        target = _rate(ref.selected, ref.considered)
        short = max(0, math.ceil(target * c.considered) - c.selected)
        short45 = max(0, math.ceil(target * Fraction(4, 5) * c.considered) - c.selected)
        step = 1 if adverse else -1
        moved = {g.group: (g.selected, g.considered) for g in known if g.considered}
        moved[c.group] = (c.selected + step, c.considered)
        moved[ref.group] = (ref.selected - step, ref.considered)
        if any(not 0 <= s <= n for s, n in moved.values()):
            reverses = inverts = False
        else:
            best = max(_rate(s, n) for s, n in moved.values())
            mine = _rate(*moved[c.group])
            still = best > 0 and mine / best < Fraction(4, 5)
            reverses = still != adverse
            inverts = adverse and mine > _rate(*moved[ref.group])
        out[c.group] = (ratio, False, adverse, short, short45, reverses, inverts)
    return out


group_counts = st.integers(0, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))
analyses_strategy = st.lists(
    st.lists(group_counts, min_size=1, max_size=8).map(
        lambda pairs: (
            [GroupCounts(f"g{i}", n, s) for i, (s, n) in enumerate(pairs)]
            + [GroupCounts("unknown", 7, 3)]
        )
    ),
    min_size=1,
    max_size=12,
)


def _check(counts: list[GroupCounts], analysis, min_share: Fraction = Fraction(2, 100)) -> None:
    expected = _recompute(counts, min_share)
    _check_against(expected, analysis)
    # the known groups with a higher rate than the reference's, too small to be it
    ref = analysis.reference_group
    rates = {c.group: _rate(c.selected, c.considered) for c in counts if c.considered}
    assert analysis.passed_over == tuple(
        g.group
        for g in analysis.groups
        if ref is not None and g.considered and rates[g.group] > rates[ref]
    )


def _check_against(expected: dict[str, tuple], analysis) -> None:
    assert [g.group for g in analysis.groups] == list(expected)
    for g in analysis.groups:
        ratio, is_reference, adverse, short, short45, reverses, inverts = expected[g.group]
        assert g.impact_ratio_exact == ratio
        assert g.impact_ratio == (None if ratio is None else float(ratio))
        assert g.rate_exact == (None if not g.considered else Fraction(g.selected, g.considered))
        assert g.rate == (None if not g.considered else g.selected / g.considered)
        assert g.is_reference is is_reference
        assert g.adverse_impact is adverse
        assert (g.shortfall, g.shortfall_four_fifths) == (short, short45)
        assert g.one_selection_reverses is reverses
        assert g.one_selection_inverts_rates is inverts
        significant = False
        if adverse and reverses is False:
            ref = analysis.group(analysis.reference_group)
            table = [
                [g.selected, g.considered - g.selected],
                [ref.selected, ref.considered - ref.selected],
            ]
            significant = bool(fisher_exact(table).pvalue < 0.05)
        assert g.significant is significant


min_shares = st.sampled_from([Fraction(0), Fraction(2, 100), Fraction(1, 100), Fraction(1, 5)])


@settings(max_examples=examples(150), deadline=None)
@given(analyses_strategy, min_shares)
def test_its_batched_findings_match_a_plain_recomputation(analyses, min_share):
    results = adverse_impact_many(analyses, reference_min_share=min_share)

    assert len(results) == len(analyses)
    for counts, analysis in zip(analyses, results, strict=True):
        _check(counts, analysis, min_share)
    assert results == [adverse_impact(counts, reference_min_share=min_share) for counts in analyses]


@settings(max_examples=examples(150), deadline=None)
@given(analyses_strategy)
def test_no_minimum_share_gives_the_highest_rate_rule_exactly(analyses):
    # when
    results = adverse_impact_many(analyses, reference_min_share=Fraction(0))
    # then
    for counts, analysis in zip(analyses, results, strict=True):
        _check_against(_recompute_highest_rate(counts), analysis)
        assert analysis.passed_over == ()
        for g in analysis.groups:
            assert g.impact_ratio_exact is None or g.impact_ratio_exact <= 1


@settings(max_examples=examples(100), deadline=None)
@given(analyses_strategy)
def test_the_minimum_share_changes_nothing_when_no_small_group_has_a_higher_rate(analyses):
    # given
    plain = adverse_impact_many(analyses, reference_min_share=Fraction(0))
    # when
    ruled = adverse_impact_many(analyses)
    # then where the highest rate is that of a group of at least 2%, the reference, the
    # ratios and the tests are the same (one selection moved may still differ)
    for before, after in zip(plain, ruled, strict=True):
        if before.reference_group is not None and before.group(before.reference_group).small_group:
            continue
        assert after.reference_group == before.reference_group
        assert after.passed_over == ()
        assert [
            (g.impact_ratio_exact, g.adverse_impact, g.fisher_p_two_sided, g.z, g.shortfall)
            for g in after.groups
        ] == [
            (g.impact_ratio_exact, g.adverse_impact, g.fisher_p_two_sided, g.z, g.shortfall)
            for g in before.groups
        ]


def test_it_keeps_exact_arithmetic_for_counts_too_large_for_floats():
    # given a ratio of exactly 4/5 and one just below it, with tens of millions considered
    n = 25 * 2**22  # over 100 million: beyond exact float comparisons of rates
    counts = [
        GroupCounts("reference", n, 3 * n // 5),
        GroupCounts("at", n, 12 * n // 25),
        GroupCounts("below", n, 12 * n // 25 - 1),
        GroupCounts("near", n - 1, 3 * n // 5 - 1),
        GroupCounts("tiny", 3, 3),
    ]
    # when
    analysis = adverse_impact(counts)
    # then
    _check(counts, analysis)
    assert analysis.group("at").impact_ratio_exact == Fraction(4, 5)
    assert analysis.group("at").adverse_impact is False
    assert analysis.group("below").adverse_impact is True
    assert analysis.group("below").shortfall_four_fifths == 1
    assert isinstance(analysis.group("below").shortfall, int)
    assert analysis.reference_group == "reference"
    assert analysis.passed_over == ("tiny",)


def test_it_makes_the_exact_fractions_only_when_read():
    # given
    analysis = adverse_impact([GroupCounts("a", 10, 6), GroupCounts("b", 10, 3)])
    b = analysis.group("b")
    assert "impact_ratio_exact" not in vars(b)
    # when
    ratio = b.impact_ratio_exact
    # then
    assert ratio == Fraction(1, 2)
    assert b.rate_exact == Fraction(3, 10)
    assert vars(b)["impact_ratio_exact"] is ratio
    assert math.isclose(b.impact_ratio, 0.5)


def test_it_has_no_ratio_without_a_reference():
    analysis = adverse_impact([GroupCounts("a", 10, 0), GroupCounts("b", 0, 0)])

    a, b = analysis.groups
    assert (a.rate_exact, a.impact_ratio_exact, a.impact_ratio) == (0, None, None)
    assert (b.rate_exact, b.rate, b.impact_ratio_exact) == (None, None, None)


@pytest.mark.parametrize("considered", [1, 3, 10_000])
def test_it_gives_the_reference_group_a_ratio_of_one(considered):
    analysis = adverse_impact([GroupCounts("a", considered, considered), GroupCounts("b", 4, 1)])

    a = analysis.group("a")
    assert (a.impact_ratio, a.impact_ratio_exact, a.adverse_impact) == (1.0, 1, False)


count_rows = st.integers(1, 6).flatmap(
    lambda width: st.lists(
        st.lists(group_counts, min_size=width, max_size=width), min_size=1, max_size=10
    )
)


@settings(max_examples=examples(150), deadline=None)
@given(count_rows, st.data())
def test_its_arrays_give_what_one_analysis_at_a_time_gives(rows, data):
    # given analyses over the same group columns, some of unknown membership
    width = len(rows[0])
    known = data.draw(st.lists(st.booleans(), min_size=width, max_size=width))
    min_share = data.draw(st.one_of(st.none(), min_shares))
    share = {} if min_share is None else {"reference_min_share": min_share}
    names = [f"g{j}" if known[j] else f"unknown {j}" for j in range(width)]
    considered = np.array([[n for _s, n in row] for row in rows], dtype=np.int64)
    selected = np.array([[s for s, _n in row] for row in rows], dtype=np.int64)
    # when
    found = adverse_impact_arrays(considered, selected, known=np.array(known), **share)
    # then every known group's figures are those of the same counts analysed alone
    for i, row in enumerate(rows):
        alone = adverse_impact(
            [GroupCounts(names[j], n, s) for j, (s, n) in enumerate(row)],
            unknown_labels=[
                name for name, is_known in zip(names, known, strict=True) if not is_known
            ],
            **share,
        )
        columns = [j for j in range(width) if known[j]]
        assert found.group_impacts([i] * len(columns), columns, [names[j] for j in columns]) == [
            alone.group(names[j]) for j in columns
        ]
        reference = int(found.reference[i])
        assert (names[reference] if reference >= 0 else None) == alone.reference_group
        assert found.adverse[i].tolist() == [
            known[j] and alone.group(names[j]).adverse_impact for j in range(width)
        ]
        assert found.both_significant[i].tolist() == [
            known[j] and alone.group(names[j]).significant for j in range(width)
        ]
        assert [names[j] for j in np.flatnonzero(found.above_reference_but_small[i])] == list(
            alone.passed_over
        )


def test_its_arrays_refuse_more_selected_than_considered():
    with pytest.raises(ValueError, match="between 0 and considered"):
        adverse_impact_arrays(np.array([[3, 4]]), np.array([[4, 1]]))
