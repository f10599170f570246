"""The retention plan drafted at hire, and supports set against retention: worked examples."""

from datetime import date

from workbridge.core.outcomes import PlacementFacts
from workbridge.core.retention_plans import (
    DraftSupport,
    SupportedPlacement,
    retention_plan_draft,
    support_retention,
)


def test_each_earlier_job_loss_factor_suggests_the_support_that_answers_it():
    # given: three earlier jobs, two lost to transportation, one to child care and conflict
    jobs = [["transportation"], ["transportation", "childcare", "conflict"], []]
    # then: check-ins first, then supports by how many jobs their factor ended
    assert retention_plan_draft(jobs) == [
        DraftSupport("check_in", ()),
        DraftSupport("transportation", (("transportation", 2),)),
        DraftSupport("childcare", (("childcare", 1),)),
        DraftSupport("mediation", (("conflict", 1),)),
    ]


def test_a_factor_named_twice_for_one_job_counts_once_and_attendance_means_check_ins():
    assert retention_plan_draft([["attendance", "attendance"], ["health"]]) == [
        DraftSupport("check_in", (("attendance", 1),)),
        DraftSupport("benefits", (("health", 1),)),
    ]


def test_with_no_recorded_losses_the_plan_holds_check_ins_only():
    assert retention_plan_draft([]) == [DraftSupport("check_in", ())]


def _placement(started, *, kept_90, given=None):
    checks = {90: "yes" if kept_90 else "no"}
    return SupportedPlacement(PlacementFacts(started, 0, checks=checks), given or {})


def test_retention_with_and_without_a_support_counts_only_supports_given_by_the_checkpoint():
    start = date(2026, 1, 1)  # the 90-day checkpoint falls on 1 April
    placements = [
        _placement(start, kept_90=True, given={"transportation": date(2026, 1, 10)}),
        _placement(start, kept_90=True, given={"transportation": date(2026, 3, 1)}),
        _placement(start, kept_90=False, given={"transportation": date(2026, 5, 1)}),  # too late
        _placement(start, kept_90=False),
        _placement(start, kept_90=True),
    ]
    rows = support_retention(
        placements,
        kinds=["transportation"],
        checkpoint=90,
        today=date(2026, 6, 1),
        threshold=2,
    )
    transport, any_support = rows
    assert (transport.supported.reached, transport.supported.retained) == (2, 2)
    assert (transport.unsupported.reached, transport.unsupported.retained) == (3, 1)
    assert transport.supported.percent == 100 and str(transport.unsupported.percent) == "33.3"
    assert any_support.kind == "any" and any_support.supported.reached == 2
    assert not transport.hidden


def test_a_pair_is_hidden_when_either_group_is_small():
    start = date(2026, 1, 1)
    placements = [
        _placement(start, kept_90=True, given={"childcare": date(2026, 1, 2)}),
        *[_placement(start, kept_90=True) for _ in range(5)],
    ]
    (childcare, _any) = support_retention(
        placements, kinds=["childcare"], checkpoint=90, today=date(2026, 6, 1), threshold=3
    )
    assert childcare.hidden


def test_placements_that_have_not_reached_the_checkpoint_are_left_out():
    placements = [_placement(date(2026, 5, 1), kept_90=True)]
    (row,) = support_retention(
        placements, kinds=[], checkpoint=90, today=date(2026, 6, 1), threshold=1
    )
    assert row.supported.reached == 0 and row.unsupported.reached == 0
