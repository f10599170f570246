"""Retention plans at hire, and the supports given set against retention.

Assumptions and sources:

- The plan is drafted from the factors that cost the participant earlier jobs (recorded on
  their work history and on placements that ended), each factor suggesting the support
  that answers it: transportation → transportation help, child care → child-care help,
  conflict → a talk with the employer, health → benefits counselling (insurance, leave),
  attendance and skills → regular check-ins and coaching. Every plan holds check-ins: the
  first weeks of a job are when most early losses happen. The case manager confirms,
  drops or adds supports; the draft is a starting point, never a decision.
- A placement counts as *supported* at a checkpoint when the support was first given on or
  before the checkpoint's date: help given after the 90-day mark cannot explain retention
  at 90 days. Retention at a checkpoint follows `core.outcomes.retained_at`.
- The comparison is descriptive, not causal: participants who get a support differ from
  those who do not. A pair of groups (with and without a support) is hidden whole when
  either rests on at least one and fewer than the small-cell threshold of placements, since
  the total reached is published beside it.

Pure Python: no Django and no app import (an import-linter contract says so).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from workbridge.core.outcomes import (
    PlacementFacts,
    Retention,
    checkpoint_date,
    retained_at,
    suppress_small_cells,
)

CHECK_IN = "check_in"

# Job-loss factor → the retention supports that answer it, in the order they are listed.
FACTOR_SUPPORTS: Mapping[str, tuple[str, ...]] = {
    "transportation": ("transportation",),
    "childcare": ("childcare",),
    "conflict": ("mediation",),
    "health": ("benefits",),
    "attendance": (CHECK_IN,),
    "skills": (CHECK_IN,),
    "other": (CHECK_IN,),
}


@dataclass(frozen=True)
class DraftSupport:
    kind: str
    # The loss factors that suggested it, each with how many earlier jobs it ended.
    reasons: tuple[tuple[str, int], ...]


def retention_plan_draft(factors_by_job: Iterable[Sequence[str]]) -> list[DraftSupport]:
    """The supports a new hire's plan starts with, from each earlier job's loss factors.

    Check-ins come first and are always there; the other supports follow in the order of
    how many earlier jobs their factors ended, most first, then by name.
    """
    jobs_per_factor: dict[str, int] = {}
    for factors in factors_by_job:
        for factor in set(factors):
            jobs_per_factor[factor] = jobs_per_factor.get(factor, 0) + 1
    reasons: dict[str, list[tuple[str, int]]] = {CHECK_IN: []}
    for factor, jobs in sorted(jobs_per_factor.items(), key=lambda item: (-item[1], item[0])):
        for kind in FACTOR_SUPPORTS.get(factor, (CHECK_IN,)):
            reasons.setdefault(kind, []).append((factor, jobs))
    ordered = [CHECK_IN, *(kind for kind in reasons if kind != CHECK_IN)]
    return [DraftSupport(kind, tuple(reasons[kind])) for kind in ordered]


@dataclass(frozen=True)
class SupportedPlacement:
    facts: PlacementFacts
    # Support kind → the first day it was given.
    first_given: Mapping[str, date]


@dataclass(frozen=True)
class SupportRetention:
    kind: str
    checkpoint: int
    supported: Retention
    unsupported: Retention
    hidden: bool  # either group too small to show


def _retention(placements: Sequence[SupportedPlacement], checkpoint: int, today: date) -> Retention:
    outcomes = [retained_at(p.facts, checkpoint, today=today) for p in placements]
    reached = [kept for kept in outcomes if kept is not None]
    return Retention(checkpoint, len(reached), sum(reached))


def support_retention(
    placements: Sequence[SupportedPlacement],
    *,
    kinds: Sequence[str],
    checkpoint: int,
    today: date,
    threshold: int,
) -> list[SupportRetention]:
    """For each support kind (and "any" for any support), retention with and without it."""
    rows = []
    for kind in (*kinds, "any"):

        def had(p: SupportedPlacement, kind: str = kind) -> bool:
            due = checkpoint_date(p.facts.started_on, checkpoint)
            given = p.first_given.values() if kind == "any" else [p.first_given.get(kind)]
            return any(day is not None and day <= due for day in given)

        supported = _retention([p for p in placements if had(p)], checkpoint, today)
        unsupported = _retention([p for p in placements if not had(p)], checkpoint, today)
        hidden = suppress_small_cells(
            {"with": supported.reached, "without": unsupported.reached}, threshold=threshold
        )
        rows.append(SupportRetention(kind, checkpoint, supported, unsupported, bool(hidden)))
    return rows
