"""Placement outcomes: wages, wage gain and retention, with small cells suppressed.

Assumptions and sources:

- Retention checkpoints are 30, 90, 180 and 365 days after the start date, the
  intervals job-retention programs commonly follow up at (WIOA counts the second
  and fourth quarter after exit; programs add 30 days and a year).
- A placement *reaches* a checkpoint when its start date plus the checkpoint's days
  is on or before the day of the report; only those count in that checkpoint's
  rate, so a hire made last week never lowers the one-year rate.
- A placement that reached a checkpoint counts as *retained* there when its check
  there found the person employed; failing that answer, when its check there did
  not find them gone, no earlier check found them gone, and the job had not ended
  before the checkpoint date. A check not done yet thus counts on the placement's
  dates and earlier checks (ending a placement closes its later checks as "not
  employed").
- Wage gain is the starting hourly wage less the hourly wage before the program,
  over the placements where the earlier wage is known.
- Small cells (statistical disclosure control, e.g. the U.S. Department of
  Education's PTAC "Frequently Asked Questions: Disclosure Avoidance", 2012):
  a group's figures are hidden when they rest on at least one and fewer than
  `WORKBRIDGE_SMALL_CELL` people. When exactly one cell in a breakdown would be
  hidden, the total and the other cells would give it away, so the next smallest
  cell that has anyone in it is hidden too (complementary suppression). If no
  such cell exists the breakdown has one group only and its total is the cell:
  callers should not publish that total as a group figure.

Pure Python: no Django and no app import (an import-linter contract says so).
"""

import statistics
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

# Fewest people a published group figure may rest on. This should become a setting
# (settings.WORKBRIDGE_SMALL_CELL); callers read the setting first and fall back here.
WORKBRIDGE_SMALL_CELL = 10

CHECKPOINTS = (30, 90, 180, 365)

# What a retention check found.
YES = "yes"
NO = "no"
UNKNOWN = "unknown"

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PlacementFacts:
    """What the outcome figures need to know about one placement."""

    started_on: date
    hourly_wage: Decimal
    prior_hourly_wage: Decimal | None = None
    ended_on: date | None = None
    # Checkpoint (days) → what its check found: YES, NO or UNKNOWN (not done yet).
    checks: Mapping[int, str] = field(default_factory=dict)


def checkpoint_date(started_on: date, checkpoint: int) -> date:
    """The day a checkpoint falls on: the start date plus its days."""
    return started_on + timedelta(days=checkpoint)


def retained_at(facts: PlacementFacts, checkpoint: int, *, today: date) -> bool | None:
    """Whether the person was still in the job at the checkpoint; None if not reached yet."""
    due = checkpoint_date(facts.started_on, checkpoint)
    if due > today:
        return None
    found = facts.checks.get(checkpoint)
    if found == YES:
        return True
    if found == NO:
        return False
    if any(c < checkpoint and answer == NO for c, answer in facts.checks.items()):
        return False
    return facts.ended_on is None or facts.ended_on >= due


@dataclass(frozen=True)
class Retention:
    checkpoint: int
    reached: int
    retained: int

    @property
    def rate(self) -> float | None:
        """Share of the placements that reached the checkpoint and were still in the job."""
        return self.retained / self.reached if self.reached else None

    @property
    def percent(self) -> Decimal | None:
        """The rate as a percentage with one decimal, rounded half up."""
        if not self.reached:
            return None
        return (Decimal(100 * self.retained) / self.reached).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class Outcomes:
    """The figures of one group of placements."""

    placements: int
    median_wage: Decimal | None
    mean_wage: Decimal | None
    with_prior_wage: int
    median_gain: Decimal | None
    mean_gain: Decimal | None
    retention: tuple[Retention, ...]

    def at(self, checkpoint: int) -> Retention:
        return next(r for r in self.retention if r.checkpoint == checkpoint)


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _median(values: Sequence[Decimal]) -> Decimal | None:
    return _cents(statistics.median(values)) if values else None


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    return _cents(sum(values, Decimal(0)) / len(values)) if values else None


def outcomes_of(
    placements: Iterable[PlacementFacts],
    *,
    today: date,
    checkpoints: Sequence[int] = CHECKPOINTS,
) -> Outcomes:
    """Count, wages (median and mean, to the cent), wage gain and retention of placements."""
    rows = list(placements)
    wages = [Decimal(p.hourly_wage) for p in rows]
    gains = [
        Decimal(p.hourly_wage) - Decimal(p.prior_hourly_wage)
        for p in rows
        if p.prior_hourly_wage is not None
    ]
    retention = []
    for checkpoint in checkpoints:
        found = [retained_at(p, checkpoint, today=today) for p in rows]
        reached = [f for f in found if f is not None]
        retention.append(Retention(checkpoint, len(reached), sum(1 for f in reached if f)))
    return Outcomes(
        placements=len(rows),
        median_wage=_median(wages),
        mean_wage=_mean(wages),
        with_prior_wage=len(gains),
        median_gain=_median(gains),
        mean_gain=_mean(gains),
        retention=tuple(retention),
    )


# Small-cell suppression ---------------------------------------------------------------


def suppress_small_cells[K: Hashable](
    counts: Mapping[K, int],
    *,
    threshold: int = WORKBRIDGE_SMALL_CELL,
    already: Iterable[K] = (),
) -> frozenset[K]:
    """The cells of one breakdown to hide: small ones, and one more if only one is small.

    `counts` holds each cell's number of people, in display order (ties for the
    complementary cell go to the first). `already` names cells hidden for another
    reason; they count as hidden when deciding whether a complement is needed.
    A cell of zero people is never small, and never a complement: hiding it would
    protect nothing, since its value is known to be zero.
    """
    hidden = {key for key in already if key in counts}
    hidden |= {key for key, n in counts.items() if 0 < n < threshold}
    if len(hidden) == 1:
        order = {key: i for i, key in enumerate(counts)}
        candidates = sorted(
            (n, order[key], key) for key, n in counts.items() if key not in hidden and n > 0
        )
        if candidates:
            hidden.add(candidates[0][2])
    return frozenset(hidden)


@dataclass(frozen=True)
class GroupOutcomes:
    """One row of a breakdown, with which of its figures are hidden."""

    key: str
    label: str
    outcomes: Outcomes
    hidden: bool  # the count, wages and everything else
    gain_hidden: bool
    retention_hidden: frozenset[int]  # checkpoints whose rate is hidden

    def retention_shown(self) -> list[tuple[Retention, bool]]:
        """Each checkpoint's retention, and whether it is hidden."""
        return [
            (r, self.hidden or r.checkpoint in self.retention_hidden)
            for r in self.outcomes.retention
        ]


def breakdown(
    groups: Sequence[tuple[str, str, Sequence[PlacementFacts]]],
    *,
    today: date,
    threshold: int | None,
    checkpoints: Sequence[int] = CHECKPOINTS,
) -> list[GroupOutcomes]:
    """Each group's outcomes; with a threshold, small cells hidden column by column.

    `groups` is (key, label, placements) in display order. The placement count hides a
    whole row; the wage gain rests on the placements with an earlier wage and each
    retention rate on the placements that reached its checkpoint, so each of those
    columns is suppressed on its own count, with the rows already hidden counted in.
    """
    figures = [
        (key, label, outcomes_of(rows, today=today, checkpoints=checkpoints))
        for key, label, rows in groups
    ]
    if threshold is None:
        return [
            GroupOutcomes(key, label, o, False, False, frozenset()) for key, label, o in figures
        ]

    def column(count: Callable[[Outcomes], int], already: Iterable[str] = ()) -> frozenset[str]:
        return suppress_small_cells(
            {key: count(o) for key, _label, o in figures}, threshold=threshold, already=already
        )

    rows_hidden = column(lambda o: o.placements)
    gain_hidden = column(lambda o: o.with_prior_wage, rows_hidden)

    def reached(checkpoint: int) -> Callable[[Outcomes], int]:
        return lambda o: o.at(checkpoint).reached

    retention_hidden = {c: column(reached(c), rows_hidden) for c in checkpoints}
    return [
        GroupOutcomes(
            key=key,
            label=label,
            outcomes=o,
            hidden=key in rows_hidden,
            gain_hidden=key in gain_hidden,
            retention_hidden=frozenset(c for c in checkpoints if key in retention_hidden[c]),
        )
        for key, label, o in figures
    ]
