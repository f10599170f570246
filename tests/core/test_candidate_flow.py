"""The application-to-hire timeline and the retest analysis, checked by hand and by SciPy."""

from datetime import date

from scipy.stats import fisher_exact

from workbridge.core.candidate_flow import (
    Attempt,
    Retest,
    StageInterval,
    retest_analysis,
    retests,
    stage_timelines,
)

STAGES = ["applied", "interviewed", "hired"]


def dated(applied, interviewed="", hired=""):
    return {k: v for k, v in zip(STAGES, (applied, interviewed, hired), strict=True) if v}


def test_it_takes_the_median_days_between_consecutive_stages_per_title():
    # given
    rows = [
        ("Clerk", dated("2025-01-01", "2025-01-11", "2025-02-10")),  # 10, 30; 40
        ("Clerk", dated("2025-01-01", "2025-01-05")),  # 4
        ("Clerk", dated("2025-01-01", "2025-01-21", "2025-01-31")),  # 20, 10; 30
        ("Clerk", {}),
        ("Driver", dated("2025-03-01", "2025-02-01")),  # negative: left out
    ]
    # when
    clerk, driver = stage_timelines(rows, STAGES, min_people=1)
    # then
    assert clerk.applicants == 4
    assert clerk.intervals == (
        StageInterval("applied", "interviewed", 3, 10.0),
        StageInterval("interviewed", "hired", 2, 20.0),
    )
    assert clerk.overall == StageInterval("applied", "hired", 2, 35.0)
    assert driver.intervals[0] == StageInterval("applied", "interviewed", 0, None)


def test_it_hides_a_median_resting_on_fewer_people_than_the_threshold():
    rows = [("Clerk", dated("2025-01-01", "2025-01-11"))] * 2
    (clerk,) = stage_timelines(rows, STAGES, min_people=3)
    assert clerk.intervals[0] == StageInterval("applied", "interviewed", 2, None)


def test_it_links_a_failed_attempt_to_the_same_persons_next_attempt():
    # given
    attempts = [
        Attempt("p1", date(2025, 1, 1), False, "A", feedback_on=date(2025, 1, 5)),
        Attempt("p1", date(2025, 3, 1), True, "A"),
        Attempt("p2", date(2025, 1, 1), False, "B", feedback_on=date(2025, 4, 1)),
        Attempt("p2", date(2025, 3, 1), False, "B"),
        Attempt("p2", date(2025, 6, 1), True, "B"),
        Attempt("p3", date(2025, 1, 1), True, "A"),
        Attempt("p3", date(2025, 2, 1), True, "A"),
        Attempt("p4", date(2025, 1, 1), False, "A"),
    ]
    # when
    found = retests(attempts)
    # then: p2's feedback came after the second attempt, so that retest had none
    assert found == [
        Retest("A", True, True),
        Retest("B", False, False),
        Retest("B", False, True),
    ]


def test_it_compares_groups_pass_rates_at_the_next_attempt_with_fishers_exact_test():
    # given: with feedback, group A 8 of 10 pass, group B 2 of 10
    cases = [Retest("A", True, k < 8) for k in range(10)]
    cases += [Retest("B", True, k < 2) for k in range(10)]
    cases += [Retest("A", False, k < 1) for k in range(4)]
    # when
    with_feedback, without = retest_analysis(cases)
    # then
    assert (with_feedback.retests, with_feedback.passed) == (20, 10)
    assert with_feedback.pass_rate == 0.5
    b = with_feedback.analysis.group("B")
    assert b.impact_ratio == 0.25
    assert b.adverse_impact is True
    expected = fisher_exact([[2, 8], [8, 2]]).pvalue
    assert abs(b.fisher_p_two_sided - expected) < 1e-12
    assert (without.retests, without.passed) == (4, 1)
    assert without.analysis.reference_group == "A"
