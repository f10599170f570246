"""Complementary suppression: no hidden cell can be worked out from what is published."""

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from tests.properties import examples
from workbridge.core.suppression import (
    Suppression,
    extended_table,
    suppress_counts,
    suppress_linked,
    suppress_stacked,
    suppress_table,
)


def _bounds(counts, hidden, *, shown_margins=True):
    """Each hidden cell's smallest and largest value given every published cell and total.

    Linear programming over the non-negative values of the hidden cells (with the
    totals' relations): what a reader with the table, its totals and a solver can learn.
    """
    table = extended_table(counts)
    n_rows, n_cols = len(counts), len(counts[0])
    unknown = sorted(hidden)
    position = {cell: k for k, cell in enumerate(unknown)}
    equations, rhs = [], []
    # each row: cells minus its total = 0; each column likewise; the total row and column
    lines = [[(i, j) for j in range(n_cols + 1)] for i in range(n_rows + 1)]
    lines += [[(i, j) for i in range(n_rows + 1)] for j in range(n_cols + 1)]
    for line in lines:
        *cells, total = line
        row = np.zeros(len(unknown))
        constant = 0.0
        for cell, sign in [(c, 1.0) for c in cells] + [(total, -1.0)]:
            value = table[cell[0]][cell[1]]
            if cell in position:
                row[position[cell]] += sign
            else:
                constant -= sign * value
        if row.any():
            equations.append(row)
            rhs.append(constant)
    result = {}
    for cell, k in position.items():
        objective = np.zeros(len(unknown))
        objective[k] = 1.0
        low = linprog(objective, A_eq=equations, b_eq=rhs, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=equations, b_eq=rhs, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded, nothing published
        result[cell] = (low.fun, -high.fun if high.status == 0 else float("inf"))
    return result


tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40)),
                min_size=cols,
                max_size=cols,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=examples(150), deadline=None)
@given(counts=tables, threshold=st.integers(min_value=2, max_value=10))
def test_it_never_lets_a_hidden_cell_be_recovered(counts, threshold):
    # given / when
    s = suppress_table(counts, threshold=threshold)
    table = extended_table(counts)
    # then: every small cell is hidden, no zero is, and none can be pinned down
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            if 0 < value < threshold:
                assert s.cell(i, j)
    assert all(table[i][j] != 0 for i, j in s.hidden)
    for cell, (low, high) in _bounds(counts, s.hidden).items():
        assert high - low > 0.5, (cell, low, high)


@settings(max_examples=examples(80), deadline=None)
@given(counts=tables, threshold=st.integers(min_value=2, max_value=10))
def test_it_protects_tables_without_row_totals(counts, threshold):
    # given: the totals of each row are not published
    s = suppress_table(counts, threshold=threshold, row_totals_shown=False)
    n_cols = len(counts[0])
    # then: the published interior cells and column totals pin no hidden one down
    bounds = _bounds(counts, s.hidden)
    for (_i, j), (low, high) in bounds.items():
        if j == n_cols:
            continue  # a row total is not published at all
        assert high - low > 0.5


def test_it_hides_the_next_smallest_cell_with_a_single_small_one():
    # given: 3 small, totals published
    s = suppress_table([[3, 20, 12], [15, 18, 30]], threshold=5)
    # then: 3 and the cheapest three cells closing a cycle through it (20 + 15 + 18 people
    # rather than 12 + 15 + 30); every total stays published
    assert s.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_it_hides_a_total_when_a_row_has_one_non_zero_cell():
    # given: the row [3, 0] has only one cell to hide; its total would show it
    s = suppress_table([[3, 0], [20, 30]], threshold=5)
    assert s.cell(0, 0)
    assert s.row_total(0)


def test_it_keeps_what_is_published_elsewhere():
    with pytest.raises(ValueError):
        suppress_table([[3, 0]], threshold=5, keep=[(0, 0)])
    s = suppress_table([[3, 9], [8, 20]], threshold=5, keep=[(2, 0), (2, 1), (0, 2), (1, 2)])
    assert s.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_it_suppresses_a_list_of_groups():
    # given: one small group among four, the overall total published
    counts = {"a": 40, "b": 3, "c": 12, "d": 0}
    # then: the small one and the next smallest non-zero one
    assert suppress_counts(counts, threshold=5) == {"b", "c"}
    assert suppress_counts({"a": 40, "b": 12}, threshold=5) == frozenset()
    assert suppress_counts({"a": 40, "b": 3, "c": 4}, threshold=5) == {"b", "c"}
    assert suppress_counts({}, threshold=5) == frozenset()


def _linked_bounds(parts, top, protected, *, summary_only=False):
    """Each quantity hidden everywhere it is shown, with its range given both tables.

    With `summary_only`, every figure of the parts is taken as hidden: the ranges a
    reader of the summary alone could work out.
    """
    keys: dict[tuple, int] = {}
    values: dict[tuple, int] = {}
    shown: dict[tuple, bool] = {}

    def quantity(key, value, published):
        keys.setdefault(key, len(keys))
        values[key] = value
        shown[key] = shown.get(key, False) or published

    width = len(parts[0][0])
    for k, part in enumerate(parts):
        s = protected[k] if not summary_only else _everything_hidden(part)
        table = extended_table(part)
        rows = len(part)
        for i in range(rows):
            for j in range(width):
                quantity(("cell", k, i, j), table[i][j], not s.cell(i, j))
            quantity(("rowtot", k, i), table[i][width], not s.row_total(i))
        for j in range(width):
            quantity(("coltot", k, j), table[rows][j], not s.column_total(j))
            quantity(("coltot", k, j), table[rows][j], not top.cell(k, j))
        quantity(("tot", k), table[rows][width], not s.grand_total)
        quantity(("tot", k), table[rows][width], not top.row_total(k))
    summary = extended_table(
        [[values[("coltot", k, j)] for j in range(width)] for k in range(len(parts))]
    )
    for j in range(width):
        quantity(("scol", j), summary[len(parts)][j], not top.column_total(j))
    quantity(("grand",), summary[len(parts)][width], not top.grand_total)

    equations = []
    for k, part in enumerate(parts):
        rows = len(part)
        for i in range(rows):
            equations.append(
                [(("cell", k, i, j), 1) for j in range(width)] + [(("rowtot", k, i), -1)]
            )
        for j in range(width):
            equations.append(
                [(("cell", k, i, j), 1) for i in range(rows)] + [(("coltot", k, j), -1)]
            )
        equations.append([(("rowtot", k, i), 1) for i in range(rows)] + [(("tot", k), -1)])
        equations.append([(("coltot", k, j), 1) for j in range(width)] + [(("tot", k), -1)])
    for j in range(width):
        equations.append([(("coltot", k, j), 1) for k in range(len(parts))] + [(("scol", j), -1)])
    equations.append([(("tot", k), 1) for k in range(len(parts))] + [(("grand",), -1)])
    equations.append([(("scol", j), 1) for j in range(width)] + [(("grand",), -1)])

    unknown = [key for key in keys if not shown[key]]
    position = {key: n for n, key in enumerate(unknown)}
    a_eq, b_eq = [], []
    for terms in equations:
        row = np.zeros(len(unknown))
        constant = 0.0
        for key, sign in terms:
            if key in position:
                row[position[key]] += sign
            else:
                constant -= sign * values[key]
        if row.any():
            a_eq.append(row)
            b_eq.append(constant)
    result = {}
    for key, n in position.items():
        objective = np.zeros(len(unknown))
        objective[n] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)
        result[key] = (low.fun, -high.fun if high.status == 0 else float("inf"), values[key])
    return result


def _everything_hidden(part):
    rows, cols = len(part), len(part[0])
    return Suppression(
        rows, cols, frozenset((i, j) for i in range(rows + 1) for j in range(cols + 1))
    )


linked_parts = st.integers(min_value=1, max_value=4).flatmap(
    lambda cols: st.lists(
        st.lists(
            st.lists(
                st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30)),
                min_size=cols,
                max_size=cols,
            ),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=3,
    )
)


@settings(max_examples=examples(100), deadline=None)
@given(parts=linked_parts, threshold=st.integers(min_value=2, max_value=8))
@example(parts=[[[0, 0, 1, 0], [0, 1, 0, 1]], [[0, 0, 1, 0]]], threshold=2)
# Each table safe alone, but part 1's rows tie the summary's cells together so that
# the first part's only row, and with it the summary's first cell, is pinned to 1.
@example(parts=[[[1, 1, 1, 0]], [[0, 1, 1, 0], [1, 0, 0, 1]]], threshold=2)
def test_it_never_lets_linked_tables_give_a_hidden_cell_away(parts, threshold):
    # given: a summary (one row per part) and its parts, published together
    top, protected = suppress_linked(parts, threshold=threshold)
    # then: every small count is hidden where it is shown...
    for k, part in enumerate(parts):
        for i, row in enumerate(part):
            for j, value in enumerate(row):
                if 0 < value < threshold:
                    assert protected[k].cell(i, j)
    # ...and no count hidden in both tables, complements included, can be worked out
    # exactly from both together (more than one whole number fits), unless the summary
    # alone, which is published, already fixes it (a part of one row repeats its row).
    fixed_by_summary = {
        key
        for key, (low, high, _value) in _linked_bounds(
            parts, top, protected, summary_only=True
        ).items()
        if high - low < 1 - 1e-9
    }
    for key, (low, high, value) in _linked_bounds(parts, top, protected).items():
        if value != 0 and key not in fixed_by_summary:
            assert high - low >= 1 - 1e-9, (key, low, high, value)


def test_it_never_lets_linked_tables_pin_a_complement():
    # given: tables each safe alone, whose complements the two together once pinned (a
    # summary column total of 2 made of hidden 1s could be worked out exactly)
    parts = [[[0, 0, 1, 0], [0, 1, 0, 1]], [[0, 0, 1, 0]]]
    # when
    top, protected = suppress_linked(parts, threshold=2)
    # then: every hidden count still has more than one whole number that fits
    fixed_by_summary = {
        key
        for key, (low, high, _v) in _linked_bounds(parts, top, protected, summary_only=True).items()
        if high - low < 1 - 1e-9
    }
    for key, (low, high, value) in _linked_bounds(parts, top, protected).items():
        if value and key not in fixed_by_summary:
            assert high - low >= 1 - 1e-9, (key, low, high, value)


stacks = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.integers(min_value=1, max_value=4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30)),
                min_size=cols,
                max_size=cols,
            ),
            min_size=rows,
            max_size=rows,
        ).map(
            # the next stage: a share of each cell (nested counts)
            lambda first: [first, [[v // 2 for v in row] for row in first]]
        )
    )
)


@settings(max_examples=examples(80), deadline=None)
@given(tables=stacks, threshold=st.integers(min_value=2, max_value=8))
def test_it_hides_nested_tables_in_one_safe_pattern(tables, threshold):
    # when
    patterns = suppress_stacked(tables, threshold=threshold)
    # then: a non-zero cell hidden in one table is hidden in the other...
    union = {(i, j) for p in patterns for i, j in p.hidden if i < p.rows and j < p.columns}
    for table, pattern in zip(tables, patterns, strict=True):
        full = extended_table(table)
        assert {c for c in union if full[c[0]][c[1]]} <= pattern.hidden
        # ...and each table on its own gives nothing away
        for cell, (low, high) in _bounds(table, pattern.hidden).items():
            assert high - low > 0.5, (cell, low, high)
