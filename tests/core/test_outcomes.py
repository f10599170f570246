"""Outcome figures and small-cell suppression: plain functions, exact values."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from workbridge.core.outcomes import (
    NO,
    WORKBRIDGE_SMALL_CELL,
    YES,
    PlacementFacts,
    breakdown,
    outcomes_of,
    retained_at,
    suppress_small_cells,
)

TODAY = date(2026, 11, 1)


def facts(days_ago: int, wage: str, prior: str | None = None, ended_after=None, checks=None):
    started = TODAY - timedelta(days=days_ago)
    return PlacementFacts(
        started_on=started,
        hourly_wage=Decimal(wage),
        prior_hourly_wage=Decimal(prior) if prior is not None else None,
        ended_on=started + timedelta(days=ended_after) if ended_after is not None else None,
        checks=checks or {},
    )


def test_the_threshold_defaults_to_ten():
    assert WORKBRIDGE_SMALL_CELL == 10


def test_a_placement_counts_at_a_checkpoint_only_once_it_is_that_old():
    young = facts(29, "18")
    assert retained_at(young, 30, today=TODAY) is None
    assert retained_at(facts(30, "18"), 30, today=TODAY) is True


def test_a_job_that_ended_before_the_checkpoint_is_not_retained_there():
    left = facts(200, "18", ended_after=60)
    assert retained_at(left, 30, today=TODAY) is True
    assert retained_at(left, 90, today=TODAY) is False
    # ending on the checkpoint's own day still counts as being there
    assert retained_at(facts(200, "18", ended_after=90), 90, today=TODAY) is True


def test_a_check_that_found_the_person_gone_counts_even_without_an_end_date():
    gone = facts(200, "18", checks={30: YES, 90: NO})
    assert retained_at(gone, 30, today=TODAY) is True
    assert retained_at(gone, 90, today=TODAY) is False
    # and at later checkpoints not checked yet
    assert retained_at(gone, 180, today=TODAY) is False


def test_a_check_that_found_the_person_there_outweighs_an_earlier_one():
    back = facts(200, "18", checks={90: NO, 180: YES})
    assert retained_at(back, 180, today=TODAY) is True


def test_outcomes_give_exact_wages_gains_and_retention():
    # given four placements: ages 400, 200, 100 and 10 days
    placements = [
        facts(400, "18.00", prior="15.00"),  # kept all year
        facts(200, "20.00", prior="16.50", ended_after=120),  # left between 90 and 180
        facts(100, "17.25", checks={90: NO}),  # check found them gone at 90
        facts(10, "22.00"),  # too young for any checkpoint
    ]

    # when
    o = outcomes_of(placements, today=TODAY)

    # then
    assert o.placements == 4
    assert o.median_wage == Decimal("19.00")  # (18 + 20) / 2
    assert o.mean_wage == Decimal("19.31")  # 77.25 / 4 = 19.3125
    assert o.with_prior_wage == 2
    assert o.mean_gain == Decimal("3.25")  # (3.00 + 3.50) / 2
    assert o.median_gain == Decimal("3.25")
    assert [(r.checkpoint, r.reached, r.retained) for r in o.retention] == [
        (30, 3, 3),
        (90, 3, 2),
        (180, 2, 1),
        (365, 1, 1),
    ]
    assert o.at(90).percent == Decimal("66.7")
    assert o.at(180).rate == 0.5


def test_no_placements_give_no_figures():
    o = outcomes_of([], today=TODAY)
    assert (o.placements, o.median_wage, o.mean_wage, o.mean_gain) == (0, None, None, None)
    assert all(r.reached == 0 and r.percent is None for r in o.retention)


def test_small_cells_are_hidden():
    hidden = suppress_small_cells({"a": 25, "b": 4, "c": 7, "d": 12}, threshold=10)
    assert hidden == {"b", "c"}


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    hidden = suppress_small_cells({"a": 25, "b": 4, "c": 12, "d": 30}, threshold=10)
    assert hidden == {"b", "c"}


def test_the_complement_on_a_tie_is_the_first_listed():
    hidden = suppress_small_cells({"a": 15, "b": 3, "c": 15}, threshold=10)
    assert hidden == {"a", "b"}


def test_empty_cells_are_neither_small_nor_a_complement():
    hidden = suppress_small_cells({"a": 0, "b": 5, "c": 40, "d": 0}, threshold=10)
    assert hidden == {"b", "c"}


def test_nothing_is_hidden_when_every_cell_is_large_enough():
    assert suppress_small_cells({"a": 10, "b": 11}, threshold=10) == frozenset()


def test_cells_hidden_already_count_towards_the_complement():
    # b is hidden in another column; c is small here: two hidden, no complement needed
    hidden = suppress_small_cells({"a": 30, "b": 12, "c": 3}, threshold=10, already={"b"})
    assert hidden == {"b", "c"}
    # b alone hidden already: the smallest other non-empty cell joins it
    assert suppress_small_cells({"a": 30, "b": 12, "c": 20}, already={"b"}) == {"b", "c"}


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8))
def test_suppression_never_leaves_one_small_cell_hidden_alone(values):
    counts = {f"g{i}": n for i, n in enumerate(values)}
    hidden = suppress_small_cells(counts, threshold=10)
    # every small cell is hidden
    assert {k for k, n in counts.items() if 0 < n < 10} <= hidden
    # a single hidden cell is only possible when no other cell has anyone in it
    if len(hidden) == 1:
        assert all(n == 0 for k, n in counts.items() if k not in hidden)
    # empty cells are never hidden
    assert all(counts[k] > 0 for k in hidden)


def test_a_breakdown_hides_small_groups_and_their_complement_column_by_column():
    # given three groups: 12 old placements, 11 old placements, and 3 recent ones
    old = [facts(400, "18.00", prior="15.00") for _ in range(12)]
    also_old = [facts(400, "20.00") for _ in range(8)] + [facts(40, "20.00") for _ in range(3)]
    few = [facts(400, "30.00", prior="10.00") for _ in range(3)]

    # when
    rows = breakdown(
        [("a", "A", old), ("b", "B", also_old), ("c", "C", few)], today=TODAY, threshold=10
    )

    # then C (3 people) is hidden and B (11) with it, as the next smallest
    assert [(r.key, r.hidden) for r in rows] == [("a", False), ("b", True), ("c", True)]
    # the gain rests on A's 12 earlier wages; B and C are hidden already
    assert [r.gain_hidden for r in rows] == [False, True, True]
    # at 30 days all reached; at 90 days B has only 8: both hidden rows stay hidden
    every = [30, 90, 180, 365]
    assert [sorted(r.retention_hidden) for r in rows] == [[], every, every]
    assert rows[0].outcomes.placements == 12


def test_a_retention_column_is_suppressed_on_its_own_count():
    # given two big groups where one has few placements old enough for a year
    a = [facts(400, "18") for _ in range(20)]
    b = [facts(400, "18") for _ in range(4)] + [facts(100, "18") for _ in range(16)]
    c = [facts(400, "18") for _ in range(15)]

    # when
    rows = breakdown([("a", "A", a), ("b", "B", b), ("c", "C", c)], today=TODAY, threshold=10)

    # then nobody's row is hidden, but B's 180- and 365-day rates (4 reached) are,
    # and with each the next smallest non-empty cell (C: 15 reached)
    assert [r.hidden for r in rows] == [False, False, False]
    assert [sorted(r.retention_hidden) for r in rows] == [[], [180, 365], [180, 365]]


def test_without_a_threshold_nothing_is_hidden():
    rows = breakdown([("a", "A", [facts(400, "18")])], today=TODAY, threshold=None)
    assert (rows[0].hidden, rows[0].gain_hidden, rows[0].retention_hidden) == (
        False,
        False,
        frozenset(),
    )
