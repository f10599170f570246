"""Follow-up cadence and relationship health, worked by hand."""

from datetime import date

from workbridge.core.follow_up import (
    Due,
    RelationshipFacts,
    Rule,
    next_due,
    relationship_health,
)

RULES = [
    Rule("active", "", "call", 30),
    Rule("active", "strategic", "call", 14),
    Rule("active", "", "review", 182),
    Rule("prospect", "", "call", 14),
]


def test_it_schedules_a_call_from_the_last_contact():
    due = next_due(
        RULES,
        stage="prospect",
        tier="standard",
        last_contact_on=date(2026, 3, 1),
        last_review_on=None,
        created_on=date(2026, 1, 1),
    )

    assert due == Due(date(2026, 3, 15), "call")


def test_it_prefers_a_tiers_own_rule_to_the_stage_wide_one():
    due = next_due(
        RULES,
        stage="active",
        tier="strategic",
        last_contact_on=date(2026, 3, 1),
        last_review_on=date(2026, 2, 1),
        created_on=date(2025, 1, 1),
    )

    assert due == Due(date(2026, 3, 15), "call")


def test_it_puts_a_review_meeting_first_when_it_falls_due_sooner():
    due = next_due(
        RULES,
        stage="active",
        tier="standard",
        last_contact_on=date(2026, 3, 1),
        last_review_on=date(2025, 9, 1),
        created_on=date(2025, 1, 1),
    )

    # 2025-09-01 + 182 days = 2026-03-02, before the call due 2026-03-31
    assert due == Due(date(2026, 3, 2), "review")


def test_it_counts_from_the_day_added_when_there_was_never_contact():
    due = next_due(
        RULES,
        stage="prospect",
        tier="standard",
        last_contact_on=None,
        last_review_on=None,
        created_on=date(2026, 5, 1),
    )

    assert due == Due(date(2026, 5, 15), "call")


def test_it_has_nothing_due_for_a_stage_without_rules():
    assert (
        next_due(
            RULES,
            stage="dormant",
            tier="standard",
            last_contact_on=None,
            last_review_on=None,
            created_on=date(2026, 5, 1),
        )
        is None
    )


def test_a_fruitful_relationship_scores_high_with_each_reason():
    health = relationship_health(
        RelationshipFacts(
            hires_12m=4,
            reached_90_12m=4,
            retained_90_12m=3,
            outreach_12m=10,
            answered_12m=8,
            days_since_contact=44,
            open_positions=5,
            stage="active",
        )
    )

    points = {r.key: r.points for r in health.reasons}
    # hires 4×6=24; retention 3/4 of 25 = 18.75 → 19; answered 8/10 of 15 = 12;
    # recency 15 − (44−30)//7 = 13; openings capped at 3×5 = 15
    assert points == {
        "hires": 24,
        "retention": 19,
        "responsiveness": 12,
        "recency": 13,
        "openings": 15,
    }
    assert health.score == 83


def test_a_poor_fit_scores_zero_and_says_why():
    health = relationship_health(
        RelationshipFacts(
            hires_12m=1,
            reached_90_12m=1,
            retained_90_12m=0,
            outreach_12m=3,
            answered_12m=0,
            days_since_contact=None,
            open_positions=0,
            stage="poor_fit",
        )
    )

    assert health.score == 0
    assert health.reasons[0].key == "poor_fit"


def test_hires_too_recent_to_tell_do_not_count_against_retention():
    # given seven hires, three of them started less than 90 days ago; of the four old
    # enough to tell, all four stayed
    health = relationship_health(
        RelationshipFacts(
            hires_12m=7,
            reached_90_12m=4,
            retained_90_12m=4,
            outreach_12m=0,
            answered_12m=0,
            days_since_contact=10,
            open_positions=0,
            stage="active",
        )
    )
    # then retention is 4 of 4, full points, not 4 of 7
    retention = next(r for r in health.reasons if r.key == "retention")
    assert (retention.points, retention.value) == (25, 1.0)


def test_retention_earns_nothing_until_a_hire_is_old_enough_to_tell():
    health = relationship_health(
        RelationshipFacts(
            hires_12m=2,
            reached_90_12m=0,
            retained_90_12m=0,
            outreach_12m=0,
            answered_12m=0,
            days_since_contact=10,
            open_positions=0,
            stage="active",
        )
    )
    retention = next(r for r in health.reasons if r.key == "retention")
    assert (retention.points, retention.value) == (0, None)
