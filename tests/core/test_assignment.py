"""Assignment with capacities: the best total, each person once, each opening within positions."""

import itertools
import sys

import numpy as np
import pytest

from workbridge.core.assignment import (
    SCALE,
    assign,
    assign_by_matching,
    best_per_position,
    graph_from_edges,
    graph_from_top_k,
    spread_by_group,
)


def graph(edges: list[tuple[int, int, float]], participants: int, openings: int):
    who, where, score = zip(*edges, strict=True) if edges else ((), (), ())
    return graph_from_edges(who, where, score, participants=participants, openings=openings)


def brute_force(g, positions) -> int:
    """The best total over every way of giving each participant one of its edges or none."""
    choices = [
        [None] + [e for e in range(len(g.participant)) if g.participant[e] == i]
        for i in range(g.participants)
    ]
    best = 0
    for pick in itertools.product(*choices):
        used = [e for e in pick if e is not None]
        load = np.bincount(g.opening[used], minlength=g.openings) if used else 0
        if np.all(load <= positions):
            best = max(best, int(g.points[used].sum()))
    return best


def check_valid(g, result, positions) -> None:
    """Each participant at most once, openings within positions, points from real edges."""
    assigned = np.flatnonzero(result.opening >= 0)
    pairs = set(zip(g.participant.tolist(), g.opening.tolist(), strict=True))
    for i in assigned.tolist():
        assert (i, int(result.opening[i])) in pairs
    load = np.bincount(result.opening[assigned], minlength=g.openings)
    assert np.all(load <= np.asarray(positions)[: g.openings])
    assert result.total_points == int(result.points.sum())
    assert result.assigned == len(assigned)


def random_graph(rng, n: int, m: int, degree: int):
    rows = np.repeat(np.arange(n), degree)
    cols = rng.integers(0, m, n * degree)
    scores = rng.integers(1, 60, n * degree) + rng.random(n * degree).round(3)
    return graph_from_edges(rows, cols, scores, participants=n, openings=m)


def test_it_gives_up_the_greedy_choice_when_that_serves_more_people_better():
    # given: greedy gives A to participant 0 (10) and leaves 1 with B (1): 11 in all
    g = graph([(0, 0, 10.0), (0, 1, 9.0), (1, 0, 9.0), (1, 1, 1.0)], 2, 2)
    # when
    flow = assign(g, [1, 1])
    reference = assign_by_matching(g, [1, 1])
    # then
    assert flow.opening.tolist() == [1, 0]
    assert flow.total == 18.0
    assert reference.opening.tolist() == [1, 0]
    assert reference.total_points == 18 * SCALE


def test_it_fills_an_opening_up_to_its_positions_and_no_further():
    # given: three people all best at opening 0, which has two positions
    g = graph([(0, 0, 50.0), (1, 0, 40.0), (2, 0, 30.0), (2, 1, 5.0)], 3, 2)
    # when
    result = assign(g, [2, 1])
    # then
    assert result.opening.tolist() == [0, 0, 1]
    assert result.points.tolist() == [50_000, 40_000, 5_000]
    assert result.assigned == 3


def test_it_leaves_people_unassigned_rather_than_use_pairs_worth_nothing():
    # given
    g = graph([(0, 0, 0.0), (1, 0, -4.0), (2, 1, 7.5)], 4, 3)
    # when
    flow = assign(g, [1, 1, 1])
    reference = assign_by_matching(g, [1, 1, 1])
    # then
    assert flow.opening.tolist() == [-1, -1, 1, -1]
    assert reference.opening.tolist() == [-1, -1, 1, -1]
    assert flow.total == 7.5


def test_it_assigns_no_one_to_an_opening_without_positions():
    # given
    g = graph([(0, 0, 10.0), (0, 1, 2.0)], 1, 2)
    # when
    result = assign(g, [0, 1])
    # then
    assert result.opening.tolist() == [1]


def test_it_handles_an_empty_graph():
    # given
    g = graph([], 3, 2)
    # when
    flow, reference = assign(g, [1, 1]), assign_by_matching(g, [1, 1])
    # then
    assert flow.opening.tolist() == reference.opening.tolist() == [-1, -1, -1]
    assert flow.total_points == reference.total_points == 0


def test_it_keeps_the_best_score_of_a_pair_given_twice_and_rounds_to_the_scale():
    # given / when
    g = graph([(0, 0, 3.0), (0, 0, 4.0004), (1, 0, float("-inf"))], 2, 1)
    # then
    assert g.participant.tolist() == [0]
    assert g.points.tolist() == [4000]


def test_it_reads_a_top_k_table_with_empty_places():
    # given
    openings = np.array([[2, 0, -1], [-1, -1, -1]])
    scores = np.array([[9.0, 8.0, -np.inf], [-np.inf, -np.inf, -np.inf]], dtype=np.float32)
    # when
    g = graph_from_top_k(openings, scores, openings=3)
    # then
    assert g.participant.tolist() == [0, 0]
    assert g.opening.tolist() == [0, 2]
    assert g.points.tolist() == [8000, 9000]
    assert (g.participants, g.openings) == (2, 3)


@pytest.mark.parametrize("seed", range(12))
def test_it_finds_the_same_best_total_as_trying_every_assignment(seed):
    # given
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    g = random_graph(rng, n, m, degree=2)
    positions = rng.integers(0, 3, m)
    # when
    flow = assign(g, positions)
    reference = assign_by_matching(g, positions)
    # then
    best = brute_force(g, positions)
    assert flow.total_points == best
    assert reference.total_points == best
    check_valid(g, flow, positions)
    check_valid(g, reference, positions)


@pytest.mark.parametrize(("seed", "n", "m"), [(1, 300, 40), (2, 1_000, 300), (3, 2_000, 150)])
def test_it_finds_the_same_total_as_scipy_on_medium_graphs(seed, n, m):
    # given
    rng = np.random.default_rng(seed)
    g = random_graph(rng, n, m, degree=10)
    positions = rng.integers(1, 6, m)
    # when
    flow = assign(g, positions)
    reference = assign_by_matching(g, positions)
    # then
    assert flow.total_points == reference.total_points
    check_valid(g, flow, positions)
    check_valid(g, reference, positions)


def test_it_still_assigns_without_or_tools(monkeypatch):
    # given: the import fails as if OR-tools were not installed
    monkeypatch.setitem(sys.modules, "ortools.graph.python", None)
    rng = np.random.default_rng(7)
    g = random_graph(rng, 200, 30, degree=5)
    positions = rng.integers(1, 4, 30)
    # when
    result = assign(g, positions)
    # then
    assert result.total_points == assign_by_matching(g, positions).total_points


def test_it_refuses_missing_or_negative_positions():
    # given
    g = graph([(0, 1, 1.0)], 1, 2)
    # when / then
    with pytest.raises(ValueError, match="every opening"):
        assign(g, [1])
    with pytest.raises(ValueError, match="negative"):
        assign(g, [1, -1])


def test_it_summarises_suggestions_and_assignments_by_group():
    # given: five people, four ready; group b's ready person has no suggestion
    groups = ["a", "a", "b", "a", "b"]
    ready = [True, True, True, False, False]
    scores = np.array(
        [
            [50.0, 40.0],
            [30.0, -np.inf],
            [-np.inf, -np.inf],
            [90.0, 80.0],
            [70.0, -np.inf],
        ],
        dtype=np.float32,
    )
    g = graph([(0, 0, 50.0), (1, 0, 30.0), (3, 1, 90.0)], 5, 2)
    result = assign(g, [1, 1])
    # when
    spread = spread_by_group(groups, ready, scores, result)
    # then
    a, b = spread
    assert (a.group, a.ready, a.suggested, a.suggestions) == ("a", 2, 2, 3)
    assert a.mean_suggestion_score == pytest.approx(40.0)
    assert (a.assigned, a.mean_assigned_score) == (1, 50.0)
    assert a.share_of_ready == pytest.approx(2 / 3)
    assert a.share_of_assigned == 1.0
    assert a.assigned_rate == 0.5
    assert (b.group, b.ready, b.suggested, b.suggestions) == ("b", 1, 0, 0)
    assert b.mean_suggestion_score is None
    assert (b.assigned, b.mean_assigned_score, b.share_of_assigned) == (0, None, 0.0)


def test_a_depth_keeps_each_openings_best_candidates_per_position():
    # given opening 0 with 1 position and four candidates, opening 1 with 2 positions and
    # three; scores tie at opening 0 between participants 2 and 3
    g = graph(
        [(0, 0, 5.0), (1, 0, 9.0), (2, 0, 7.0), (3, 0, 7.0), (4, 1, 1.0), (5, 1, 3.0), (6, 1, 2.0)],
        7,
        2,
    )
    # when each opening keeps its best 2 per position
    kept = best_per_position(g, np.array([1, 2]), 2)
    # then opening 0 keeps 9 and the first of the tied 7s; opening 1 keeps all three
    pairs = sorted(zip(g.participant[kept].tolist(), g.opening[kept].tolist(), strict=True))
    assert pairs == [(1, 0), (2, 0), (4, 1), (5, 1), (6, 1)]


@pytest.mark.parametrize("seed", range(5))
def test_an_assignment_with_a_depth_is_valid_and_near_the_exact_one(seed):
    # given a contested graph: 400 people, 40 openings of 1-3 positions, 20 edges each
    rng = np.random.default_rng(seed)
    g = random_graph(rng, 400, 40, 20)
    positions = rng.integers(1, 4, 40)
    # when it is assigned over each opening's best 10 per position, and exactly
    pruned = assign(g, positions, depth=10)
    exact = assign(g, positions)
    # then the pruned assignment is a valid one, never better and at most 1% worse
    check_valid(g, pruned, positions)
    assert exact.total_points * 0.99 <= pruned.total_points <= exact.total_points
    # and every position still finds someone (there are far more people than positions)
    assert pruned.assigned == exact.assigned == int(positions.sum())
