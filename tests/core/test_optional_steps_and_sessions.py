"""Optional steps (skipped told apart from failed) and application-process measures."""

import pytest
from scipy.stats import fisher_exact

from workbridge.core.application_sessions import SessionEvent, process_measures
from workbridge.core.optional_steps import (
    StepOutcome,
    optional_step_counts,
    optional_step_impact,
    optional_step_usage,
    parse_step_outcome,
)


def outcomes(step, group, department, passed, failed, skipped):
    return (
        [StepOutcome(step, group, department, "passed")] * passed
        + [StepOutcome(step, group, department, "failed")] * failed
        + [StepOutcome(step, group, department, "skipped")] * skipped
    )


def test_it_reads_a_blank_as_skipped_not_failed():
    assert [parse_step_outcome(t) for t in ("Pass", "0", "", "N/A", "failed")] == [
        "passed",
        "failed",
        "skipped",
        "skipped",
        "failed",
    ]
    with pytest.raises(ValueError, match="'maybe' is not passed, failed or skipped"):
        parse_step_outcome("maybe")


def test_it_reads_a_step_not_offered_as_skipped():
    assert [parse_step_outcome(t) for t in ("Not offered", "not_offered")] == [
        "skipped",
        "skipped",
    ]


def test_it_counts_only_those_who_took_the_step_and_tests_it_as_scipy_does():
    # given a phone interview: White 8 of 10 pass (5 skipped), Black 3 of 10 (20 skipped)
    data = outcomes("phone", "White", "Water", 8, 2, 5) + outcomes(
        "phone", "Black", "Water", 3, 7, 20
    )
    # when
    counts = {c.group: (c.considered, c.selected) for c in optional_step_counts(data)["phone"]}
    analysis = optional_step_impact(data)["phone"]
    # then: the skipped are in neither count
    assert counts == {"White": (10, 8), "Black": (10, 3)}
    black = analysis.group("Black")
    assert black.adverse_impact is True
    assert black.fisher_p_two_sided == pytest.approx(fisher_exact([[3, 7], [8, 2]]).pvalue)


def test_it_says_how_often_each_department_uses_a_step():
    data = outcomes("phone", "White", "Water", 2, 1, 1) + outcomes(
        "phone", "Black", "Fleet", 0, 0, 4
    )
    usage = {(u.department, u.step): u for u in optional_step_usage(data)}
    assert (usage["Water", "phone"].taken, usage["Water", "phone"].share_used) == (3, 0.75)
    assert usage["Fleet", "phone"].share_used == 0.0


def test_it_measures_completion_sessions_help_and_time_by_group_and_step():
    # given two applications: A submitted over two sessions (10 + 15 minutes) with a help
    # request; B started and left at the second step
    events = [
        SessionEvent("A", "s1", "contact", "started", 2, "Black"),
        SessionEvent("A", "s1", "history", "saved", 10, "Black"),
        SessionEvent("A", "s2", "history", "help_requested", 5, "Black"),
        SessionEvent("A", "s2", "review", "submitted", 15, "Black"),
        SessionEvent("B", "s3", "contact", "started", 1, "White"),
        SessionEvent("B", "s3", "history", "validation_warning", 4, "White"),
    ]
    # when
    groups = {m.key: m for m in process_measures(events)}
    steps = {m.key: m for m in process_measures(events, by="step")}
    # then
    black, white = groups["Black"], groups["White"]
    assert (black.completion_rate, black.sessions_per_application) == (1.0, 2.0)
    assert (black.help_requests, black.median_minutes_to_complete) == (1, 25.0)
    assert (white.completion_rate, white.warnings, white.median_minutes_to_complete) == (
        0.0,
        1,
        None,
    )
    assert (steps["history"].applications, steps["history"].completion_rate) == (2, 0.5)
    assert steps["review"].applications == 1
