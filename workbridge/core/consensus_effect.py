"""The consensus effect: how far a panel's agreed score moves from its members' own scores.

For each candidate, the independent score is the mean of the panel members' submitted
scores (each the weighted mean of that member's ratings, as the consensus score is of the
agreed ratings) and the shift is consensus − independent mean, on the 1–5 scale. A
discussion that lifts some groups and lowers others is a place bias can enter after the
independent scoring, however blind that was (the structured-interview literature's reason
to score independently before any discussion: e.g. Campion, Palmer and Campion, Personnel
Psychology 50 (1997) 655-702).

Per group of candidates: the mean shift and its standard deviation, a one-sample t test
of a mean shift of zero (SciPy's ``ttest_1samp``), and Welch's t test of the group's
shifts against every other known candidate's (``ttest_ind(equal_var=False)``), which is
the test of "moved differently for this group". Groups of unknown membership are shown
but not tested against the others, and are left out of the others' comparison group.
Undefined figures (fewer than two candidates, no spread) are None.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from workbridge.core.stats import UNKNOWN_LABELS, is_unknown_group


@dataclass(frozen=True)
class CandidateScores:
    """One candidate's group, its members' own scores and the panel's agreed score."""

    group: str
    independent: Sequence[float]
    consensus: float

    @property
    def shift(self) -> float:
        return self.consensus - float(np.mean(self.independent))


@dataclass(frozen=True)
class GroupShift:
    group: str
    candidates: int
    mean_independent: float
    mean_consensus: float
    mean_shift: float
    sd_shift: float | None
    t_zero: float | None  # one-sample t of a mean shift of zero
    p_zero: float | None
    t_others: float | None  # Welch's t against every other known candidate
    p_others: float | None
    unknown: bool


@dataclass(frozen=True)
class ConsensusEffect:
    groups: tuple[GroupShift, ...]
    candidates: int
    mean_shift: float | None
    # the mean absolute shift: how much discussion moves scores at all
    mean_absolute_shift: float | None


def _finite(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def consensus_effect(
    candidates: Iterable[CandidateScores], *, unknown_labels: Iterable[str] = UNKNOWN_LABELS
) -> ConsensusEffect:
    """Each group's shift from the independent scores to the consensus, with its tests.

    Candidates without an independent score are left out.
    """
    labels = frozenset(unknown_labels)
    kept = [c for c in candidates if len(c.independent)]
    by_group: dict[str, list[CandidateScores]] = {}
    for c in kept:
        by_group.setdefault(c.group, []).append(c)
    shifts = {g: np.array([c.shift for c in cs]) for g, cs in by_group.items()}
    unknown = {g: is_unknown_group(g, unknown_labels=labels) for g in by_group}
    results = []
    for group, cs in by_group.items():
        mine = shifts[group]
        sd = _finite(float(np.std(mine, ddof=1))) if len(mine) > 1 else None
        t_zero = p_zero = t_others = p_others = None
        if len(mine) > 1 and sd:
            test = stats.ttest_1samp(mine, 0.0)
            t_zero, p_zero = _finite(test.statistic), _finite(test.pvalue)
        others = [shifts[g] for g in by_group if g != group and not unknown[g]]
        if not unknown[group] and others:
            rest = np.concatenate(others)
            if len(mine) > 1 and len(rest) > 1 and (np.var(mine) > 0 or np.var(rest) > 0):
                with warnings.catch_warnings():
                    # a group whose shifts are all equal is a fine sample; SciPy warns anyway
                    warnings.simplefilter("ignore", RuntimeWarning)
                    test = stats.ttest_ind(mine, rest, equal_var=False)
                t_others, p_others = _finite(test.statistic), _finite(test.pvalue)
        results.append(
            GroupShift(
                group=group,
                candidates=len(cs),
                mean_independent=float(np.mean([np.mean(c.independent) for c in cs])),
                mean_consensus=float(np.mean([c.consensus for c in cs])),
                mean_shift=float(np.mean(mine)),
                sd_shift=sd,
                t_zero=t_zero,
                p_zero=p_zero,
                t_others=t_others,
                p_others=p_others,
                unknown=unknown[group],
            )
        )
    everyone = np.array([c.shift for c in kept])
    return ConsensusEffect(
        groups=tuple(results),
        candidates=len(kept),
        mean_shift=float(np.mean(everyone)) if len(everyone) else None,
        mean_absolute_shift=float(np.mean(np.abs(everyone))) if len(everyone) else None,
    )
