"""Workforce mobility from yearly rosters: transitions, rates by group, pipeline and pay.

Every function takes NumPy arrays, one element per employee per snapshot (a *panel*),
and works on all of them at once: sorting once by employee and snapshot gives every
transition as a comparison of neighbouring rows, and counts by period and group are one
``bincount``. Nothing here touches a database.

Definitions (where the sources leave room, the choice made):
- Snapshots are numbered 0, 1, ... in date order; period ``p`` runs from snapshot
  ``p - 1`` to snapshot ``p``.
- Between consecutive snapshots an employee on both is a *stay*, a *promotion*, a
  *lateral move* or a *demotion*: a higher grade rank is a promotion and a lower one a
  demotion; with the same grade a change of title or department is a lateral move.
  Where grades are not known (the City's public roster has none), a change of title
  with annual pay at least ``pay_step`` (5%) higher is a promotion, at least 5% lower a
  demotion, and otherwise lateral.
- An employee on snapshot ``p`` but not ``p - 1`` is a *hire* in period ``p``, or a
  *return* when they were on an earlier snapshot; one on ``p - 1`` but not ``p`` an
  *exit* in period ``p``.
- A promotion is a selection from those eligible: everyone on the roster at the start
  of the period (the group counted is the one on that earlier roster). The exit rate is
  exits over the same headcount. The mobility share is promotions and lateral moves over
  that headcount.
- Time to promotion: years from the hire date (or, where unknown, the first snapshot the
  employee is on) to the snapshot that shows the promotion; medians by group.
- Pay within title and grade: the median annual pay of each group in each title and
  grade cell and its ratio to the cell's median for everyone.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

STAY, HIRE, PROMOTION, LATERAL, DEMOTION, EXIT, RETURN = range(7)
KINDS: tuple[str, ...] = ("stay", "hire", "promotion", "lateral", "demotion", "exit", "return")
PAY_STEP = 0.05
DAYS_A_YEAR = 365.25

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Panel:
    """One row per employee per snapshot.

    ``grade`` is a rank (higher is more senior), NaN when not known; ``title`` and
    ``department`` are integer codes; ``pay`` annual pay, NaN when not known.
    """

    snapshot: IntArray
    key: IntArray
    grade: FloatArray
    pay: FloatArray
    title: IntArray
    department: IntArray

    @property
    def snapshots(self) -> int:
        return int(self.snapshot.max()) + 1 if self.snapshot.size else 0


@dataclass(frozen=True)
class Transitions:
    """Every transition: its kind, its period and the panel rows it joins (-1: none)."""

    kind: npt.NDArray[np.int8]
    period: IntArray
    row_from: IntArray
    row_to: IntArray

    def count(self, kind: int) -> int:
        return int(np.count_nonzero(self.kind == kind))


def derive_transitions(panel: Panel, *, pay_step: float = PAY_STEP) -> Transitions:
    """Every hire, promotion, lateral move, demotion, exit, return and stay in the panel."""
    n = panel.key.size
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Transitions(np.zeros(0, dtype=np.int8), empty, empty, empty)
    last = panel.snapshots - 1
    # One sort of a combined key (employee, then snapshot) is cheaper than a two-key sort.
    combined = panel.key * (last + 1) + panel.snapshot
    order = np.argsort(combined, kind="stable")
    k = panel.key[order]
    s = panel.snapshot[order]
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = k[:-1] == k[1:]
    next_is_consecutive = same_next.copy()
    next_is_consecutive[:-1] &= s[1:] == s[:-1] + 1
    prev_same = np.zeros(n, dtype=bool)
    prev_same[1:] = same_next[:-1]
    prev_consecutive = np.zeros(n, dtype=bool)
    prev_consecutive[1:] = next_is_consecutive[:-1]

    # Employees on two consecutive snapshots.
    i = np.flatnonzero(next_is_consecutive)
    a, b = order[i], order[i + 1]
    g0, g1 = panel.grade[a], panel.grade[b]
    p0, p1 = panel.pay[a], panel.pay[b]
    moved = (panel.title[a] != panel.title[b]) | (panel.department[a] != panel.department[b])
    graded = ~np.isnan(g0) & ~np.isnan(g1)
    kind = np.full(i.size, STAY, dtype=np.int8)
    kind[moved] = LATERAL
    with np.errstate(invalid="ignore"):
        kind[graded & (g1 > g0)] = PROMOTION
        kind[graded & (g1 < g0)] = DEMOTION
        title_changed = ~graded & (panel.title[a] != panel.title[b])
        kind[title_changed & (p1 >= p0 * (1 + pay_step))] = PROMOTION
        kind[title_changed & (p1 <= p0 * (1 - pay_step))] = DEMOTION
    moves_period = s[i + 1]

    # Exits: the last row of a run of consecutive snapshots, before the last snapshot.
    e = np.flatnonzero(~next_is_consecutive & (s < last))
    # Entries: the first row of a run after snapshot 0; a return when seen before.
    h = np.flatnonzero(~prev_consecutive & (s > 0))
    entry_kind = np.where(prev_same[h], RETURN, HIRE).astype(np.int8)

    none_e = np.full(e.size, -1, dtype=np.int64)
    none_h = np.full(h.size, -1, dtype=np.int64)
    return Transitions(
        kind=np.concatenate([kind, np.full(e.size, EXIT, dtype=np.int8), entry_kind]),
        period=np.concatenate([moves_period, s[e] + 1, s[h]]).astype(np.int64),
        row_from=np.concatenate([a, order[e], none_h]).astype(np.int64),
        row_to=np.concatenate([b, none_e, order[h]]).astype(np.int64),
    )


@dataclass(frozen=True)
class GroupRates:
    """Counts by period (rows 1.. of ``snapshots``) and group (columns): the headcount at
    the start of the period and each kind of transition from it."""

    headcount: IntArray
    promotions: IntArray
    laterals: IntArray
    demotions: IntArray
    exits: IntArray
    hires: IntArray

    def rate(self, counts: IntArray) -> FloatArray:
        """Counts over headcount, NaN where nobody was counted."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.headcount > 0, counts / np.maximum(self.headcount, 1), np.nan)


def group_rates(panel: Panel, transitions: Transitions, group: IntArray, groups: int) -> GroupRates:
    """Counts of each transition by period and group, with the headcount they come from.

    ``group`` gives each panel row's group code (0 .. groups - 1); a transition counts in
    the group of its earlier row (a hire in its later row's).
    """
    periods = max(panel.snapshots, 1)
    size = periods * groups
    headcount = np.bincount(
        (panel.snapshot + 1) * groups + group, minlength=(periods + 1) * groups
    )[:size].reshape(periods, groups)

    def by_kind(kind: int, rows: IntArray) -> IntArray:
        chosen = transitions.kind == kind
        cells = transitions.period[chosen] * groups + group[rows[chosen]]
        return np.bincount(cells, minlength=size).reshape(periods, groups)

    return GroupRates(
        headcount=headcount,
        promotions=by_kind(PROMOTION, transitions.row_from),
        laterals=by_kind(LATERAL, transitions.row_from),
        demotions=by_kind(DEMOTION, transitions.row_from),
        exits=by_kind(EXIT, transitions.row_from),
        hires=by_kind(HIRE, transitions.row_to),
    )


def years_to_promotion(
    panel: Panel,
    transitions: Transitions,
    snapshot_days: IntArray,
    hire_days: FloatArray,
) -> tuple[IntArray, FloatArray]:
    """(panel row before each promotion, years from hire or first appearance to it).

    ``snapshot_days`` gives each snapshot's date as a day number; ``hire_days`` each
    panel row's hire date as a day number, NaN when not known.
    """
    chosen = transitions.kind == PROMOTION
    rows_from = transitions.row_from[chosen]
    rows_to = transitions.row_to[chosen]
    # The first snapshot each employee is on.
    keys, first_index = np.unique(panel.key, return_inverse=True)
    first = np.full(keys.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, first_index, panel.snapshot)
    first_day = snapshot_days[first[first_index[rows_to]]].astype(np.float64)
    start = np.where(np.isnan(hire_days[rows_to]), first_day, hire_days[rows_to])
    years = (snapshot_days[panel.snapshot[rows_to]] - start) / DAYS_A_YEAR
    return rows_from, years


def grouped_median(values: FloatArray, cell: IntArray, cells: int) -> tuple[FloatArray, IntArray]:
    """The median of ``values`` in each cell 0 .. cells - 1 (NaN values left out), and the
    count; NaN where a cell is empty."""
    keep = ~np.isnan(values)
    v, c = values[keep], cell[keep]
    order = np.lexsort((v, c))
    v, c = v[order], c[order]
    counts = np.bincount(c, minlength=cells)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    medians = np.full(cells, np.nan)
    filled = counts > 0
    lo = starts[filled] + (counts[filled] - 1) // 2
    hi = starts[filled] + counts[filled] // 2
    medians[filled] = (v[lo] + v[hi]) / 2
    return medians, counts


@dataclass(frozen=True)
class PayGaps:
    """Median pay by (title, grade) cell and group, with each group's ratio to the cell's
    median for everyone; ``cell_of`` lists each cell's (title code, grade code)."""

    cell_of: IntArray
    median: FloatArray  # cells × groups
    count: IntArray  # cells × groups
    overall: FloatArray  # cells
    overall_count: IntArray

    @property
    def ratio(self) -> FloatArray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.median / self.overall[:, None]


def pay_within_title_and_grade(
    title: IntArray, grade: IntArray, pay: FloatArray, group: IntArray, groups: int
) -> PayGaps:
    """Median annual pay of each group within each title and grade (one snapshot)."""
    pairs = np.stack([title, grade], axis=1)
    cell_of, cell = np.unique(pairs, axis=0, return_inverse=True)
    cell = cell.ravel()
    cells = cell_of.shape[0]
    overall, overall_count = grouped_median(pay, cell, cells)
    median, count = grouped_median(pay, cell * groups + group, cells * groups)
    return PayGaps(
        cell_of=cell_of,
        median=median.reshape(cells, groups),
        count=count.reshape(cells, groups),
        overall=overall,
        overall_count=overall_count,
    )


def pipeline(grade: IntArray, group: IntArray, grades: int, groups: int) -> IntArray:
    """Headcount by grade (rows) and group (columns) on one snapshot."""
    return np.bincount(grade * groups + group, minlength=grades * groups).reshape(grades, groups)


def codes(values: Iterable[Hashable]) -> tuple[IntArray, list[Hashable]]:
    """Integer codes for any values, in order of first appearance, and the distinct values."""
    found: dict[Hashable, int] = {}
    items = list(values)
    coded = np.fromiter(
        (found.setdefault(v, len(found)) for v in items), dtype=np.int64, count=len(items)
    )
    return coded, list(found)


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def grade_rank(grade: str) -> float:
    """A pay grade's rank: its first number ("G-12" is 12, "SR 14A" is 14); NaN without one."""
    found = _NUMBER.search(grade or "")
    return float(found.group()) if found else float("nan")
