"""How long hiring takes, stage to stage, and whether feedback helps candidates who failed.

Assumptions and sources:

- Timeline: each applicant's ``stage_dates`` (stage -> ISO date) as the tracking system
  exported them. For each pair of consecutive stages of the organisation's list, the
  interval is the days from the earlier stage's date to the later one's, for applicants
  dated at both; "application to hire" runs from the first stage to the last. A negative
  interval is a data error and is left out. The median is the middle value (the mean of
  the two middle values for an even count), as in ``numpy.median``. A median resting on
  fewer than ``min_people`` applicants is not published (None), the same small-cell rule
  as the organisation's other published figures.
- Retest: one person's attempts at one exam, linked by the keyed hash of their id, in date
  order. Every failed attempt followed by another attempt is one retest; its outcome is
  whether that next attempt passed, and it counts as "with feedback" when a feedback
  report was given on or before the day of the next attempt. The group is the person's
  group at the failed attempt. Pass rates by group are compared with the adverse-impact
  tests of ``core.stats`` (the four-fifths rule of UGESP 29 CFR 1607.4(D), Fisher's exact
  test), separately with and without feedback.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import numpy as np

from workbridge.core.stats import GroupCounts, ImpactAnalysis, adverse_impact


@dataclass(frozen=True)
class StageInterval:
    """Days between two stages for one title: how many people, and the median if shown."""

    from_stage: str
    to_stage: str
    people: int
    median_days: float | None


@dataclass(frozen=True)
class TitleTimeline:
    job_title: str
    applicants: int
    intervals: tuple[StageInterval, ...]
    overall: StageInterval


def _days(dates: Mapping[str, str], a: str, b: str) -> int | None:
    start, end = dates.get(a), dates.get(b)
    if not start or not end:
        return None
    try:
        days = (date.fromisoformat(str(end)[:10]) - date.fromisoformat(str(start)[:10])).days
    except ValueError:
        return None
    return days if days >= 0 else None


def _interval(a: str, b: str, values: list[int], min_people: int) -> StageInterval:
    median = float(np.median(values)) if values and len(values) >= min_people else None
    return StageInterval(a, b, len(values), median)


def stage_timelines(
    rows: Iterable[tuple[str, Mapping[str, str]]], stages: Sequence[str], *, min_people: int
) -> list[TitleTimeline]:
    """Median days between consecutive stages, and from the first to the last, per title."""
    pairs = list(pairwise(stages))
    per_title: dict[str, list[list[int]]] = defaultdict(lambda: [[] for _ in range(len(pairs) + 1)])
    applicants: dict[str, int] = defaultdict(int)
    for title, dates in rows:
        applicants[title] += 1
        if not dates:
            continue
        lists = per_title[title]
        for k, (a, b) in enumerate(pairs):
            days = _days(dates, a, b)
            if days is not None:
                lists[k].append(days)
        if len(stages) > 1:
            days = _days(dates, stages[0], stages[-1])
            if days is not None:
                lists[-1].append(days)
    result = []
    for title in sorted(applicants):
        lists = per_title[title]
        intervals = tuple(_interval(a, b, lists[k], min_people) for k, (a, b) in enumerate(pairs))
        first, last = (stages[0], stages[-1]) if stages else ("", "")
        result.append(
            TitleTimeline(
                title, applicants[title], intervals, _interval(first, last, lists[-1], min_people)
            )
        )
    return result


@dataclass(frozen=True)
class Attempt:
    """One attempt at an exam: whose (the person key), when, the outcome, the group, and
    the day feedback was given on it (None if never)."""

    person: str
    taken_on: date
    passed: bool
    group: str
    feedback_on: date | None = None


@dataclass(frozen=True)
class Retest:
    group: str
    with_feedback: bool
    passed: bool


def retests(attempts: Iterable[Attempt]) -> list[Retest]:
    """Every failed attempt that the same person followed with another attempt."""
    by_person: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_person[attempt.person].append(attempt)
    found = []
    for person in sorted(by_person):
        ordered = sorted(by_person[person], key=lambda a: a.taken_on)
        for failed, following in pairwise(ordered):
            if failed.passed or following.taken_on == failed.taken_on:
                continue
            feedback = failed.feedback_on is not None and failed.feedback_on <= following.taken_on
            found.append(Retest(failed.group, feedback, following.passed))
    return found


@dataclass(frozen=True)
class RetestArm:
    """Retests with or without feedback: the pass rate and the tests between groups."""

    with_feedback: bool
    retests: int
    passed: int
    analysis: ImpactAnalysis

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.retests if self.retests else None


def retest_analysis(cases: Sequence[Retest]) -> tuple[RetestArm, RetestArm]:
    """(with feedback, without feedback): each arm's pass rate at the next attempt by group."""
    arms = []
    for with_feedback in (True, False):
        considered: dict[str, int] = defaultdict(int)
        selected: dict[str, int] = defaultdict(int)
        for case in cases:
            if case.with_feedback is with_feedback:
                considered[case.group] += 1
                selected[case.group] += int(case.passed)
        counts = [GroupCounts(g, considered[g], selected[g]) for g in sorted(considered)]
        arms.append(
            RetestArm(
                with_feedback,
                sum(considered.values()),
                sum(selected.values()),
                adverse_impact(counts),
            )
        )
    return arms[0], arms[1]
