"""Small-cell and complementary suppression for two-way tables published with their totals.

Assumptions and sources:

- A count is *small* when it rests on at least one and fewer than `threshold`
  people (statistical disclosure control as in the U.S. Department of
  Education's PTAC "Frequently Asked Questions: Disclosure Avoidance", 2012, and
  the Federal Committee on Statistical Methodology's Statistical Policy Working
  Paper 22, "Report on Statistical Disclosure Limitation Methodology", 2005,
  ch. 4). Small interior cells are hidden (primary suppression). A zero is never
  hidden and never used to protect another cell: its value is no secret.
- Totals are published, so hiding a cell is not enough: a reader can subtract
  the shown cells from a total (Working Paper 22, ch. 4, "complementary
  suppression"). Write the table with its totals as an (R+1) x (C+1) array in
  which every row and column adds up to zero once the totals are negated; the
  hidden cells are the edges of a bipartite graph between rows and columns. A
  hidden cell's value is fixed by the published figures exactly when its edge
  lies on no cycle of hidden cells (a bridge of that graph); when it lies on a
  cycle of non-zero cells, moving a small amount around the cycle keeps every
  cell non-negative and every total right, so its value cannot be recovered,
  not even with the knowledge that counts are never negative.
- So complements are added until no hidden cell is a bridge: for each bridge,
  the cheapest cell that joins its two sides, or the cheapest three cells that
  close a four-cell cycle through it, whichever costs less. Interior cells are
  preferred to totals, then smaller counts to larger ones (hide as few people as
  possible). The result is safe but not always the smallest possible pattern.
- Totals the caller does not publish (`row_totals_shown=False`, e.g. a list of
  groups with only its overall total) count as hidden from the start. Cells
  that are published elsewhere (`keep`) are never chosen as complements; if a
  pattern cannot be completed without them `ValueError` is raised.
- Two linked tables (a summary and its parts, `suppress_linked`) can together pin
  a count that each protects on its own: the parts' rows tie the summary's cells
  to one another. After protecting each table, the linked figures are solved as
  one linear system (the range of every hidden count, by linear programming
  over non-negative values: what a reader with a solver learns). Complements
  are checked as well as small cells: no hidden non-zero figure may be worked
  out exactly, save one the summary alone already fixes (a part of one row
  repeats its summary row). A part whose figures still give one away is hidden
  whole, and the check repeats.

Pure Python: no Django and no app import (an import-linter contract says so).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

Cell = tuple[int, int]


@dataclass(frozen=True)
class Suppression:
    """Which cells of a table with totals to hide; index `rows` / `columns` means the total."""

    rows: int
    columns: int
    hidden: frozenset[Cell]

    def cell(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden

    def row_total(self, row: int) -> bool:
        return (row, self.columns) in self.hidden

    def column_total(self, column: int) -> bool:
        return (self.rows, column) in self.hidden

    @property
    def grand_total(self) -> bool:
        return (self.rows, self.columns) in self.hidden


def extended_table(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a total column on the right and a total row at the bottom."""
    table = [[*row, sum(row)] for row in counts]
    width = len(table[0]) if table else 1
    table.append([sum(row[j] for row in table) for j in range(width)])
    return table


def suppress_table(
    counts: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_totals_shown: bool = True,
    column_totals_shown: bool = True,
    keep: Iterable[Cell] = (),
    already: Iterable[Cell] = (),
) -> Suppression:
    """The cells and totals to hide so no small cell can be read or worked out from totals.

    `counts` is R rows of C non-negative counts. `keep` and `already` use the same
    coordinates as the result: (R, j) is column j's total, (i, C) row i's, (R, C)
    the grand total. `already` names cells hidden for another reason.
    """
    n_rows = len(counts)
    n_cols = len(counts[0]) if n_rows else 0
    if any(len(row) != n_cols for row in counts):
        raise ValueError("every row needs the same number of cells")
    if any(v < 0 for row in counts for v in row):
        raise ValueError("counts cannot be negative")
    if n_rows == 0 or n_cols == 0:
        return Suppression(n_rows, n_cols, frozenset())
    table = extended_table(counts)
    keep_set = set(keep)
    hidden: set[Cell] = {c for c in already if table[c[0]][c[1]] != 0}
    hidden |= {(i, j) for i in range(n_rows) for j in range(n_cols) if 0 < table[i][j] < threshold}
    # Totals not published at all: hidden from the start, and they need no protection
    # (a reader may well work one out from its shown cells; it tells nothing new).
    unshown: set[Cell] = set()
    if not row_totals_shown:
        unshown |= {(i, n_cols) for i in range(n_rows) if table[i][n_cols]}
    if not column_totals_shown:
        unshown |= {(n_rows, j) for j in range(n_cols) if table[n_rows][j]}
    if not row_totals_shown and not column_totals_shown and table[n_rows][n_cols]:
        unshown.add((n_rows, n_cols))
    hidden |= unshown
    if hidden & keep_set:
        raise ValueError("a cell to keep is small")

    def cost(cell: Cell) -> tuple[int, int] | None:
        """What hiding one more cell costs (totals hidden, people hidden); None if it can't."""
        if cell in hidden:
            return (0, 0)
        i, j = cell
        value = table[i][j]
        if value == 0 or cell in keep_set:
            return None
        return (int(i == n_rows) + int(j == n_cols), value)

    while True:
        bridge = _first_bridge(hidden, unshown)
        if bridge is None:
            return Suppression(n_rows, n_cols, frozenset(hidden))
        hidden |= _cheapest_cycle(bridge, hidden, n_rows, n_cols, cost)


def _adjacency(hidden: set[Cell]) -> dict[tuple[str, int], list[Cell]]:
    nodes: dict[tuple[str, int], list[Cell]] = {}
    for cell in hidden:
        nodes.setdefault(("r", cell[0]), []).append(cell)
        nodes.setdefault(("c", cell[1]), []).append(cell)
    return nodes


def _reach(start: tuple[str, int], hidden: set[Cell], without: Cell) -> set[tuple[str, int]]:
    """The rows and columns joined to `start` by hidden cells other than `without`."""
    adjacency = _adjacency(hidden)
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for cell in adjacency.get(node, ()):
            if cell == without:
                continue
            other = ("c", cell[1]) if node[0] == "r" else ("r", cell[0])
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _first_bridge(hidden: set[Cell], unshown: set[Cell]) -> Cell | None:
    """A shown hidden cell on no cycle of hidden cells, in a fixed order; None if none is.

    Tarjan's bridge-finding (one depth-first search, iterative), so a pass costs
    time linear in the hidden cells.
    """
    adjacency = _adjacency(hidden)
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    bridges: list[Cell] = []
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[tuple[str, int], Cell | None, Iterator[Cell]]] = [
            (root, None, iter(adjacency[root]))
        ]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for cell in edges:
                if cell == via:
                    continue
                other = ("c", cell[1]) if node[0] == "r" else ("r", cell[0])
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, cell, iter(adjacency[other])))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if via is not None and low[node] > order[parent]:  # via: the edge to the parent
                    bridges.append(via)
    candidates = sorted(b for b in bridges if b not in unshown)
    return candidates[0] if candidates else None


def _cheapest_cycle(
    bridge: Cell,
    hidden: set[Cell],
    n_rows: int,
    n_cols: int,
    cost: Callable[[Cell], tuple[int, int] | None],
) -> set[Cell]:
    r, c = bridge
    side_a = _reach(("r", r), hidden, bridge)
    side_b = _reach(("c", c), hidden, bridge)
    best: tuple[tuple[int, int], list[Cell]] | None = None

    def consider(cells: list[Cell]) -> None:
        nonlocal best
        total = (0, 0)
        for cell in cells:
            step = cost(cell)
            if step is None:
                return
            total = (total[0] + step[0], total[1] + step[1])
        if best is None or total < best[0]:
            best = (total, cells)

    rows = range(n_rows + 1)
    columns = range(n_cols + 1)
    for i in rows:
        for j in columns:
            if (i, j) in hidden:
                continue
            joins = (("r", i) in side_a and ("c", j) in side_b) or (
                ("r", i) in side_b and ("c", j) in side_a
            )
            if joins:
                consider([(i, j)])
    for i in rows:
        if i == r:
            continue
        for j in columns:
            if j == c:
                continue
            consider([(r, j), (i, c), (i, j)])
    if best is None:
        raise ValueError("no complementary cells can protect this table")
    return set(best[1])


def suppress_counts[K: Hashable](
    counts: Mapping[K, int], *, threshold: int, already: Iterable[K] = ()
) -> frozenset[K]:
    """The groups of one breakdown to hide when only its overall total is published."""
    keys = list(counts)
    if not keys:
        return frozenset()
    index = {key: i for i, key in enumerate(keys)}
    result = suppress_table(
        [[counts[key]] for key in keys],
        threshold=threshold,
        row_totals_shown=False,
        already=[(index[key], 0) for key in already if key in index],
    )
    return frozenset(key for key in keys if result.cell(index[key], 0))


def suppress_linked(
    parts: Sequence[Sequence[Sequence[int]]], *, threshold: int
) -> tuple[Suppression, list[Suppression]]:
    """A summary and its parts, protected together (e.g. job categories and their bands).

    Every part has the same columns; row k of the summary is part k's column totals.
    The summary is protected first; each part then keeps the column totals and total
    the summary publishes, and protects like any other hidden cell those the summary
    hides. A part that cannot be protected that way is hidden whole (its totals still
    show in the summary), and so is a part whose figures, read with the summary's, still
    let a small count be worked out.
    """
    summary = [[sum(col) for col in zip(*part, strict=True)] if part else [] for part in parts]
    width = max((len(row) for row in summary), default=0)
    summary = [row or [0] * width for row in summary]
    top = suppress_table(summary, threshold=threshold)
    protected = []
    for k, part in enumerate(parts):
        n_rows = len(part)
        n_cols = len(part[0]) if n_rows else 0
        linked = [((n_rows, j), (k, j)) for j in range(n_cols)] + [((n_rows, n_cols), (k, width))]
        already = [mine for mine, theirs in linked if theirs in top.hidden]
        keep = [mine for mine, theirs in linked if theirs not in top.hidden]
        try:
            protected.append(suppress_table(part, threshold=threshold, keep=keep, already=already))
        except ValueError:
            protected.append(_hidden_whole(part))
    # Each table is safe alone; hide whole the parts that let the two together give a
    # small count away, the one that removes most exposures first.
    # A figure the summary alone fixes (a part of one row repeats its summary row) is
    # published in the summary; only the others are secrets the parts must keep.
    baseline = _linked_pinned(parts, summary, top, [_hidden_whole(p) for p in parts], frozenset())
    public = frozenset(key for key in baseline if key[0] == "p")
    exposed = _linked_exposures(parts, summary, top, protected, threshold, public)
    while exposed:
        best: tuple[int, int, list[Suppression]] | None = None
        for k, part in enumerate(parts):
            whole = _hidden_whole(part)
            if protected[k] == whole:
                continue
            trial = [*protected[:k], whole, *protected[k + 1 :]]
            left = _linked_exposures(parts, summary, top, trial, threshold, public)
            if best is None or left < best[0]:
                best = (left, k, trial)
        if best is None:  # cannot happen: with every part hidden, only the summary shows
            raise ValueError("the linked tables cannot be protected")
        exposed, _k, protected = best
    return top, protected


def _hidden_whole(part: Sequence[Sequence[int]]) -> Suppression:
    n_rows = len(part)
    n_cols = len(part[0]) if n_rows else 0
    everything = frozenset((i, j) for i in range(n_rows + 1) for j in range(n_cols + 1))
    return Suppression(n_rows, n_cols, everything)


def _linked_exposures(
    parts: Sequence[Sequence[Sequence[int]]],
    summary: Sequence[Sequence[int]],
    top: Suppression,
    protected: Sequence[Suppression],
    threshold: int,
    public: frozenset[tuple[str | int, ...]] = frozenset(),
) -> int:
    """How many hidden counts the two tables, read together, pin down exactly.

    Every hidden non-zero figure counts, the complements as much as the small cells: a
    complement worked out exactly is a cell taken out of the cycle that protects a small
    one, so the small one can be bounded more tightly than the tables alone allow, and
    a hidden complement is promised hidden. Figures in `public` (fixed by the summary
    alone, which is published anyway) are not secrets and do not count.
    """
    return len(_linked_pinned(parts, summary, top, protected, public))


def _linked_pinned(
    parts: Sequence[Sequence[Sequence[int]]],
    summary: Sequence[Sequence[int]],
    top: Suppression,
    protected: Sequence[Suppression],
    public: frozenset[tuple[str | int, ...]],
) -> frozenset[tuple[str | int, ...]]:
    """The hidden non-zero figures of the linked tables that a reader can work out exactly.

    Every figure of both tables is a variable; a figure either table publishes is fixed
    to its value; rows and columns add up to their totals, a part's column totals are
    its summary row and its total the summary's row total. A hidden figure is pinned
    when its smallest and largest non-negative values consistent with all that differ
    by less than one person (so only one whole number fits).
    """
    variables: dict[tuple[str | int, ...], int] = {}
    value: list[int] = []
    known: list[bool] = []

    def var(key: tuple[str | int, ...], amount: int, shown: bool) -> int:
        index = variables.get(key)
        if index is None:
            index = variables[key] = len(value)
            value.append(amount)
            known.append(shown)
        else:
            known[index] = known[index] or shown
        return index

    width = len(summary[0]) if summary else 0
    full_summary = _with_totals(summary, width)
    s_rows = len(summary)
    equations: list[list[int]] = []  # each: +1 variables, then -1 variable (the total)
    for k, part in enumerate(parts):
        p = protected[k]
        full = _with_totals(part, width) if part else [[0] * (width + 1)]
        n_rows = len(part)
        for j in range(width + 1):
            # the part's column totals are the summary's row k (its total the row total)
            shown = not (p.cell(n_rows, j) if part else True) or not top.cell(k, j)
            var(("s", k, j), full_summary[k][j], shown)
        for i in range(n_rows):
            row = [var(("p", k, i, j), full[i][j], not p.cell(i, j)) for j in range(width)]
            total = var(("p", k, i, width), full[i][width], not p.cell(i, width))
            equations.append([*row, -1 - total])
        for j in range(width + 1):
            if n_rows:
                column = [variables[("p", k, i, j)] for i in range(n_rows)]
                equations.append([*column, -1 - variables[("s", k, j)]])
    for j in range(width + 1):
        column = [variables[("s", k, j)] for k in range(s_rows)]
        total = var(("s", s_rows, j), full_summary[s_rows][j], not top.cell(s_rows, j))
        equations.append([*column, -1 - total])
    for k in range(s_rows + 1):
        row = [variables[("s", k, j)] for j in range(width)]
        equations.append([*row, -1 - variables[("s", k, width)]])

    unknown = [i for i in range(len(value)) if not known[i]]
    key_of = {index: key for key, index in variables.items()}
    small = [i for i in unknown if value[i] != 0 and key_of[i] not in public]
    if not small:
        return frozenset()
    column_of = {v: c for c, v in enumerate(unknown)}
    a_eq, b_eq = [], []
    for equation in equations:
        coefficients = np.zeros(len(unknown))
        constant = 0.0
        for code in equation:
            index, sign = (code, 1.0) if code >= 0 else (-1 - code, -1.0)
            if index in column_of:
                coefficients[column_of[index]] += sign
            else:
                constant -= sign * value[index]
        if coefficients.any():
            a_eq.append(coefficients)
            b_eq.append(constant)
    if not a_eq:
        return frozenset(key_of[i] for i in small)
    pinned: set[tuple[str | int, ...]] = set()
    # Every solution found is a consistent table: the lowest and highest value each figure
    # took in any of them already bounds its range from inside, so a figure seen to move
    # by a whole person needs no solve of its own.
    seen_low = np.array([value[i] for i in unknown], dtype=float)
    seen_high = seen_low.copy()

    def solve(objective: np.ndarray) -> object:
        result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if result.status == 0 and result.x is not None:
            np.minimum(seen_low, result.x, out=seen_low)
            np.maximum(seen_high, result.x, out=seen_high)
        return result

    for index in small:
        at = column_of[index]
        if seen_high[at] - seen_low[at] >= 1 - 1e-9:
            continue
        objective = np.zeros(len(unknown))
        objective[at] = 1.0
        low = solve(objective)
        if seen_high[at] - seen_low[at] >= 1 - 1e-9:
            continue
        high = solve(-objective)
        # unbounded above (status 3, no optimum): nothing pins it
        if high.status == 3 or high.fun is None or low.fun is None:  # type: ignore[attr-defined]
            continue
        if -high.fun - low.fun < 1 - 1e-9:  # type: ignore[attr-defined]
            pinned.add(key_of[index])
    return frozenset(pinned)


def _with_totals(counts: Sequence[Sequence[int]], width: int) -> list[list[int]]:
    rows = [[*row, sum(row)] for row in counts]
    rows.append([sum(row[j] for row in rows) for j in range(width + 1)])
    return rows


def suppress_stacked(
    tables: Sequence[Sequence[Sequence[int]]], *, threshold: int
) -> list[Suppression]:
    """Tables of the same shape about the same people, hidden in one pattern.

    For nested counts (the applicants, those of them who reached the next stage, and
    so on) a cell shown in one table bounds the same cell hidden in another, so a cell
    hidden in any table is hidden in all (where it is not zero) and each table is
    protected again, until the pattern stops growing. Totals are left to each table:
    a total hidden as a complement in one is not hidden in the others for that.
    """
    patterns = [suppress_table(t, threshold=threshold) for t in tables]
    while True:
        union = frozenset(
            (i, j) for p in patterns for i, j in p.hidden if i < p.rows and j < p.columns
        )
        again = [suppress_table(t, threshold=threshold, already=union) for t in tables]
        if [p.hidden for p in again] == [p.hidden for p in patterns]:
            return again
        patterns = again
