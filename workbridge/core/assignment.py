"""Who to suggest for which opening so the caseload does best within each opening's positions.

The input is a sparse graph: for each participant, their best openings (from
`matching.top_k`) with a score. The problem is a maximum-weight b-matching: each
participant is assigned at most once, each opening at most `positions` times,
and the sum of the scores of the assigned pairs is as large as possible. A
participant may stay unassigned, so a pair scoring zero or less is never used.

It is solved as a minimum-cost flow (source → participant, capacity 1; participant
→ opening, cost −score; opening → sink, capacity = positions; and a free
source → sink arc for whoever stays unassigned) with OR-tools' `SimpleMinCostFlow`
(cost scaling, exact on integers). Scores are taken in integer units of
1/`SCALE` points, so the optimum is exact at that resolution and two solvers
can be compared for equality.

`assign_by_matching` solves the same problem with SciPy's
`min_weight_full_bipartite_matching` (LAPJVsp) on the graph expanded to one
column per position, plus one "unassigned" column per participant; it is the
reference the flow is tested and measured against, and the fallback when
OR-tools is not installed. On the top-10 graph the result reaches about 90% of
the optimum over all pairs (measured on these machines; top-50 about 98–99%).

`spread_by_group` tells how suggestions and assignments fall across
participant groups, so staff can see whether a group is systematically left out.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

SCALE = 1000  # integer units per point
# Candidates per position an opening keeps when assigning over a wide graph (each
# participant's top 50): within 1% of the exact optimum, measured in the benchmark.
WIDE_DEPTH = 10


@dataclass(frozen=True)
class Graph:
    """Candidate pairs: each (participant, opening) once, with integer points > 0."""

    participant: np.ndarray  # int64 (e,), sorted, then by opening
    opening: np.ndarray  # int64 (e,)
    points: np.ndarray  # int64 (e,), score × SCALE rounded
    participants: int
    openings: int


@dataclass(frozen=True)
class Assignment:
    """The opening each participant is assigned to (-1 for none) and the points it earns."""

    opening: np.ndarray  # int32 (participants,)
    points: np.ndarray  # int64 (participants,), 0 when unassigned
    total_points: int  # integer units (1/SCALE points)
    assigned: int

    @property
    def total(self) -> float:
        """The total score in points."""
        return self.total_points / SCALE


def graph_from_edges(
    participant: npt.ArrayLike,
    opening: npt.ArrayLike,
    score: npt.ArrayLike,
    *,
    participants: int,
    openings: int,
) -> Graph:
    """A graph from pairs and float scores; keeps a pair's best score, drops scores ≤ 0."""
    participant = np.asarray(participant, dtype=np.int64).ravel()
    opening = np.asarray(opening, dtype=np.int64).ravel()
    points = np.rint(np.asarray(score, dtype=np.float64).ravel() * SCALE)
    keep = (participant >= 0) & (opening >= 0) & np.isfinite(points) & (points > 0)
    participant, opening, points = participant[keep], opening[keep], points[keep].astype(np.int64)
    order = np.lexsort((-points, opening, participant))
    participant, opening, points = participant[order], opening[order], points[order]
    first = np.ones(len(participant), dtype=bool)
    first[1:] = (participant[1:] != participant[:-1]) | (opening[1:] != opening[:-1])
    return Graph(participant[first], opening[first], points[first], participants, openings)


def graph_from_top_k(
    openings_of: np.ndarray, scores: np.ndarray, *, openings: int | None = None
) -> Graph:
    """A graph from `TopK.openings` and `TopK.scores` (n, k), where -1 marks no opening."""
    n, k = openings_of.shape
    participant = np.repeat(np.arange(n), k)
    size = openings if openings is not None else int(openings_of.max(initial=-1)) + 1
    return graph_from_edges(
        participant, openings_of.ravel(), scores.ravel(), participants=n, openings=size
    )


def _result(graph: Graph, chosen: np.ndarray) -> Assignment:
    opening = np.full(graph.participants, -1, dtype=np.int32)
    points = np.zeros(graph.participants, dtype=np.int64)
    who = graph.participant[chosen]
    opening[who] = graph.opening[chosen]
    points[who] = graph.points[chosen]
    return Assignment(opening, points, int(points.sum()), len(who))


def _capacities(graph: Graph, positions: npt.ArrayLike) -> np.ndarray:
    positions = np.asarray(positions, dtype=np.int64)
    if len(positions) < graph.openings:
        raise ValueError("positions needs a value for every opening in the graph")
    if (positions < 0).any():
        raise ValueError("positions cannot be negative")
    return positions


def best_per_position(graph: Graph, capacity: np.ndarray, depth: int) -> np.ndarray:
    """The pairs (indexes into the graph) among each opening's best `depth` × positions by
    points, ties to the lower participant: an opening with 2 positions and depth 10 keeps
    its 20 best candidates. Openings without positions keep none."""
    edges = np.flatnonzero(capacity[graph.opening] > 0)
    order = edges[
        np.lexsort((graph.participant[edges], -graph.points[edges], graph.opening[edges]))
    ]
    opening = graph.opening[order]
    first = np.searchsorted(opening, opening, side="left")
    rank = np.arange(len(order)) - first
    return np.sort(order[rank < depth * capacity[opening]])


def assign(graph: Graph, positions: npt.ArrayLike, *, depth: int | None = None) -> Assignment:
    """The assignment with the highest total score (min-cost flow; SciPy if OR-tools is absent).

    With `depth`, only each opening's best `depth` candidates per position are considered
    (`best_per_position`): a much smaller network on a wide graph (each participant's top
    50), no longer exact, whose total is measured against the exact optimum in
    `benchmarks/bench_matching.py` (depth 10: within 1%).
    """
    capacity = _capacities(graph, positions)
    if depth is not None:
        kept = best_per_position(graph, capacity, depth)
        graph = Graph(
            graph.participant[kept],
            graph.opening[kept],
            graph.points[kept],
            graph.participants,
            graph.openings,
        )
    try:
        from ortools.graph.python import min_cost_flow
    except ImportError:  # pragma: no cover - depends on what is installed
        return assign_by_matching(graph, capacity)
    edges = np.flatnonzero(capacity[graph.opening] > 0)
    if len(edges) == 0:
        return _result(graph, edges)
    people, person_node = np.unique(graph.participant[edges], return_inverse=True)
    jobs, job_node = np.unique(graph.opening[edges], return_inverse=True)
    n, m = len(people), len(jobs)
    source, sink = 0, n + m + 1
    tails = np.concatenate(
        [np.zeros(n, np.int64), 1 + person_node, 1 + n + np.arange(m), [source]]
    ).astype(np.int32)
    heads = np.concatenate([1 + np.arange(n), 1 + n + job_node, np.full(m, sink), [sink]]).astype(
        np.int32
    )
    degree = np.bincount(job_node, minlength=m)
    capacities = np.concatenate(
        [
            np.ones(n, np.int64),
            np.ones(len(edges), np.int64),
            np.minimum(capacity[jobs], degree),
            [n],
        ]
    )
    costs = np.concatenate(
        [np.zeros(n, np.int64), -graph.points[edges], np.zeros(m, np.int64), [0]]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([n, -n]))
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the network is always feasible
        raise RuntimeError(f"min-cost flow ended with status {status}")
    pair_arcs = arcs[n : n + len(edges)]
    return _result(graph, edges[flow.flows(pair_arcs) > 0])


def assign_by_matching(graph: Graph, positions: npt.ArrayLike) -> Assignment:
    """The same optimum by SciPy's sparse matching on one column per position (the reference)."""
    capacity = _capacities(graph, positions)
    edges = np.flatnonzero(capacity[graph.opening] > 0)
    if len(edges) == 0:
        return _result(graph, edges)
    people, row = np.unique(graph.participant[edges], return_inverse=True)
    jobs, job_node = np.unique(graph.opening[edges], return_inverse=True)
    n = len(people)
    # A job never needs more columns than it has candidates.
    slots = np.minimum(capacity[jobs], np.bincount(job_node, minlength=len(jobs)))
    first_slot = np.cumsum(slots) - slots
    repeat = slots[job_node]
    total = int(repeat.sum())
    run_start = np.cumsum(repeat) - repeat
    rows = np.repeat(row, repeat)
    cols = np.repeat(first_slot[job_node] - run_start, repeat) + np.arange(total)
    edge_of = np.repeat(np.arange(len(edges)), repeat)
    columns = int(slots.sum())
    # Costs are positive (an explicit zero would read as "no edge"): top − points for a pair,
    # top for staying unassigned, so the cheapest full matching earns the most points.
    top = int(graph.points[edges].max()) + 1
    weights = np.concatenate([top - graph.points[edges][edge_of], np.full(n, top)])
    matrix = sparse.csr_array(
        (
            weights.astype(np.float64),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, columns + np.arange(n)])),
        ),
        shape=(n, columns + n),
    )
    matched_row, matched_col = min_weight_full_bipartite_matching(matrix)
    real = matched_col < columns
    # Which edge a (row, slot) is: the slot's job and the row give it.
    slot_job = np.repeat(np.arange(len(jobs)), slots)
    key = row.astype(np.int64) * len(jobs) + job_node
    order = np.argsort(key, kind="stable")
    wanted = matched_row[real].astype(np.int64) * len(jobs) + slot_job[matched_col[real]]
    chosen = edges[order[np.searchsorted(key[order], wanted)]]
    return _result(graph, chosen)


@dataclass(frozen=True)
class GroupSpread:
    """How one group of ready participants fared in suggestions and in the assignment."""

    group: str
    ready: int
    suggested: int  # ready participants with at least one suggestion
    suggestions: int  # suggestions made to them in all
    mean_suggestion_score: float | None
    assigned: int
    mean_assigned_score: float | None
    share_of_ready: float  # of all ready participants
    share_of_assigned: float  # of all assigned participants (0 when no one is)
    assigned_rate: float  # assigned / ready


def spread_by_group(
    groups: Sequence[str] | np.ndarray,
    ready: npt.ArrayLike,
    scores: np.ndarray,
    assignment: Assignment,
) -> list[GroupSpread]:
    """Per group (sorted by label): suggestions, assignments, their mean scores and shares."""
    labels = np.asarray(groups, dtype=object)
    ready = np.asarray(ready, dtype=bool)
    scores = np.asarray(scores, dtype=np.float64).reshape(len(labels), -1)
    valid = np.isfinite(scores)
    assigned = assignment.opening >= 0
    all_ready = int(ready.sum())
    all_assigned = int((assigned & ready).sum())
    out = []
    for group in sorted(set(labels[ready].tolist())):
        here = ready & (labels == group)
        count = int(here.sum())
        made = valid[here]
        taken = assigned & here
        out.append(
            GroupSpread(
                group=group,
                ready=count,
                suggested=int(made.any(axis=1).sum()),
                suggestions=int(made.sum()),
                mean_suggestion_score=float(scores[here][made].mean()) if made.any() else None,
                assigned=int(taken.sum()),
                mean_assigned_score=(
                    float(assignment.points[taken].mean() / SCALE) if taken.any() else None
                ),
                share_of_ready=count / all_ready,
                share_of_assigned=int(taken.sum()) / all_assigned if all_assigned else 0.0,
                assigned_rate=int(taken.sum()) / count,
            )
        )
    return out
