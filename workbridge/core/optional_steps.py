"""Optional screening steps (secondary screening, a phone interview): skipped told apart
from failed, adverse impact per step, and how often each department uses each step.

An applicant's flag for an optional step is one of three outcomes: passed, failed, or
skipped (the step was not used for them). Only those who took the step are its
denominator: folding the skipped into "did not pass" would make a department that seldom
uses a step look as if the step screened people out. Adverse impact per step is the
four-fifths analysis of ``core.stats`` on passed over taken, by group.

Cell texts accepted (any case): passed — pass, passed, yes, y, 1, true; failed — fail,
failed, no, n, 0, false; skipped — blank, skip, skipped, n/a, na, not used, not applicable,
not offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbridge.core.stats import GroupCounts, ImpactAnalysis, adverse_impact

PASSED = "passed"
FAILED = "failed"
SKIPPED = "skipped"
_WORDS = {
    PASSED: {"pass", "passed", "yes", "y", "1", "true"},
    FAILED: {"fail", "failed", "no", "n", "0", "false"},
    SKIPPED: {
        "",
        "skip",
        "skipped",
        "n/a",
        "na",
        "not used",
        "not applicable",
        "not offered",
        "not_offered",
        "-",
    },
}
_OUTCOME_OF = {word: outcome for outcome, words in _WORDS.items() for word in words}


def parse_step_outcome(text: str) -> str:
    """A cell of an optional step's column as passed, failed or skipped; ValueError if none."""
    found = _OUTCOME_OF.get(text.strip().lower())
    if found is None:
        raise ValueError(f"{text.strip()!r} is not passed, failed or skipped")
    return found


@dataclass(frozen=True)
class StepOutcome:
    """One applicant's outcome at one optional step, with their group and department."""

    step: str
    group: str
    department: str
    outcome: str


@dataclass(frozen=True)
class StepUsage:
    """How often a department used an optional step: applicants, and those who took it."""

    department: str
    step: str
    applicants: int
    taken: int
    passed: int

    @property
    def share_used(self) -> float | None:
        return self.taken / self.applicants if self.applicants else None


def optional_step_counts(outcomes: Iterable[StepOutcome]) -> dict[str, list[GroupCounts]]:
    """Per step, each group's applicants who took it (considered) and passed (selected)."""
    tallies: dict[str, dict[str, list[int]]] = {}
    for o in outcomes:
        if o.outcome == SKIPPED:
            continue
        tally = tallies.setdefault(o.step, {}).setdefault(o.group, [0, 0])
        tally[0] += 1
        tally[1] += o.outcome == PASSED
    return {
        step: [GroupCounts(g, c, s) for g, (c, s) in groups.items()]
        for step, groups in tallies.items()
    }


def optional_step_impact(outcomes: Iterable[StepOutcome]) -> dict[str, ImpactAnalysis]:
    """The four-fifths analysis and tests of each optional step, among those who took it."""
    return {step: adverse_impact(counts) for step, counts in optional_step_counts(outcomes).items()}


def optional_step_usage(outcomes: Iterable[StepOutcome]) -> list[StepUsage]:
    """Per department and step: applicants flagged, how many took the step, how many passed."""
    tallies: dict[tuple[str, str], list[int]] = {}
    for o in outcomes:
        tally = tallies.setdefault((o.department, o.step), [0, 0, 0])
        tally[0] += 1
        tally[1] += o.outcome != SKIPPED
        tally[2] += o.outcome == PASSED
    return [
        StepUsage(department, step, *tally) for (department, step), tally in sorted(tallies.items())
    ]
