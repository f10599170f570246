"""Small cells hidden for publication, across every step of an analysis: properties.

Whatever the counts, a published table shows no count of at least one and fewer than
the threshold, and no column has exactly one hidden cell (which the total less the
cells shown would give away); a group's figures are hidden alike at every step.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties import examples
from workbridge.core.stats import GroupCounts
from workbridge.equity.impact import _suppression, totals_hidden

GROUPS = ["white", "black", "hispanic", "asian", "aian", "not_disclosed"]


@st.composite
def analyses(draw):
    """Several steps of one process: each step's considered are the last step's selected."""
    present = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=6, unique=True))
    steps = draw(st.integers(min_value=1, max_value=4))
    people = {g: draw(st.integers(min_value=0, max_value=60)) for g in present}
    per_step = []
    for _ in range(steps):
        counts = []
        for g in present:
            selected = draw(st.integers(min_value=0, max_value=people[g]))
            counts.append(GroupCounts(g, people[g], selected))
            people[g] = selected
        per_step.append(counts)
    threshold = draw(st.integers(min_value=2, max_value=12))
    return per_step, threshold


@settings(max_examples=examples(300), deadline=None)
@given(analyses())
def test_no_small_count_is_shown_and_none_is_alone_in_its_column(case):
    per_step, threshold = case
    # when
    rows_hidden, selected_hidden = _suppression(per_step, threshold)
    # then
    assert not rows_hidden & selected_hidden
    for counts in per_step:
        for c in counts:
            if c.group not in rows_hidden:
                assert not 0 < c.considered < threshold
            if c.group not in rows_hidden | selected_hidden:
                assert not 0 < c.selected < threshold
                assert not 0 < c.considered - c.selected < threshold
        # one hidden cell in a column is given away by the total, unless it is hidden too
        considered_total_hidden, selected_total_hidden = totals_hidden(
            counts, rows_hidden, selected_hidden
        )
        considered_hidden = [c for c in counts if c.group in rows_hidden]
        selected_column = [c for c in counts if c.group in rows_hidden | selected_hidden]
        assert len(considered_hidden) != 1 or considered_total_hidden
        assert len(selected_column) != 1 or selected_total_hidden
        if len(counts) > 1 and any(c.selected for c in counts if c not in selected_column):
            # another group had selections to hide in its place
            assert len(selected_column) != 1


def test_it_hides_nothing_when_every_count_is_large_enough():
    per_step = [[GroupCounts("white", 40, 20), GroupCounts("black", 30, 15)]]
    assert _suppression(per_step, 10) == (frozenset(), frozenset())


def test_it_hides_a_second_group_when_only_one_is_small():
    # given Asian applicants: 4 considered, the rest large
    per_step = [
        [
            GroupCounts("white", 40, 20),
            GroupCounts("black", 30, 15),
            GroupCounts("asian", 4, 2),
        ]
    ]
    # when
    rows, selected = _suppression(per_step, 10)
    # then: the next smallest group is hidden too
    assert rows == {"asian", "black"}
    assert selected == frozenset()
