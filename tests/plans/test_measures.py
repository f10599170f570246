"""Measures bound to live data: computed, kept as a history, cached, recomputed when their
data change; manual measures with who entered each value."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ParticipantFactory
from tests.plans.conftest import IMMEDIATE
from workbridge.employers.models import Employer
from workbridge.placements.models import Placement
from workbridge.plans.models import Measure, MeasureValue
from workbridge.plans.queries import plan_dashboard
from workbridge.plans.recompute import measures_compute, measures_recompute
from workbridge.plans.services import measure_save, measure_story_update, measure_value_enter

pytestmark = pytest.mark.django_db


def place(organisation, started_on):
    employer = Employer.objects.get_or_create(organisation=organisation, name="Acme")[0]
    return Placement.objects.create(
        organisation=organisation,
        participant=ParticipantFactory(organisation=organisation),
        employer=employer,
        job_title="Cook",
        started_on=started_on,
        hourly_wage=Decimal("20"),
        hours_per_week=40,
    )


def bind(action, by, *, target=3.0, baseline=1.0, **extra):
    return measure_save(
        action=action,
        data={
            "title": "Placements this year",
            "target_value": target,
            "baseline_value": baseline,
            "direction": "up",
            "period": "year",
        },
        metric_key="placements.count",
        parameters=extra.get("parameters", {}),
        by=by,
    )


def test_it_computes_keeps_and_caches_a_bound_measure(southside, analyst, action):
    # given two placements this year against a baseline of 1 and a target of 3
    today = timezone.localdate()
    place(southside, today)
    place(southside, today - timedelta(days=1))
    measure = bind(action, analyst)
    # when
    assert measures_recompute(organisation_id=southside.pk) == 1
    # then: the year parameter left blank follows the current year
    measure.refresh_from_db()
    assert (measure.current_value, measure.current_on, measure.state) == (2.0, today, "on_track")
    value = MeasureValue.objects.get(measure=measure)
    assert (value.value, value.computed, value.entered_by) == (2.0, True, None)


def test_a_change_in_the_data_recomputes_the_measure_in_the_background(
    southside, analyst, action, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        measure = bind(action, analyst)
    measure.refresh_from_db()
    assert (measure.current_value, measure.state) == (0.0, "off_track")
    # when the third placement is recorded
    with django_capture_on_commit_callbacks(execute=True):
        place(southside, today)
        place(southside, today)
        place(southside, today)
    # then the measure's value and state follow, with no page computing anything
    measure.refresh_from_db()
    assert (measure.current_value, measure.state) == (3.0, "met")


def test_another_organisations_data_does_not_move_the_measure(
    southside, northside, analyst, action, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        measure = bind(action, analyst)
    with django_capture_on_commit_callbacks(execute=True):
        place(northside, timezone.localdate())
    measure.refresh_from_db()
    assert measure.current_value == 0.0


def test_the_batch_gives_the_same_values_as_one_at_a_time(southside, analyst, action):
    place(southside, date(2024, 3, 1))
    measures = [
        bind(action, analyst, parameters={"year": year}) for year in (2023, 2024, 2024, 2025)
    ]
    one_by_one = measures_compute(southside, measures, today=date(2026, 1, 1), batch=False)
    batched = measures_compute(southside, measures, today=date(2026, 1, 1))
    assert (
        one_by_one
        == batched
        == {
            measures[0].pk: 0.0,
            measures[1].pk: 1.0,
            measures[2].pk: 1.0,
            measures[3].pk: 0.0,
        }
    )


def test_a_manual_measure_keeps_who_entered_each_value(analyst, action):
    measure = measure_save(
        action=action,
        data={"title": "Partnerships", "target_value": 15, "baseline_value": 10, "direction": "up"},
        metric_key="",
        parameters={},
        by=analyst,
    )
    measure_value_enter(measure=measure, value=12, on=date(2026, 1, 15), by=analyst)
    measure.refresh_from_db()
    assert (measure.current_value, measure.state) == (12.0, "on_track")
    assert MeasureValue.objects.get().entered_by == analyst
    assert not MeasureValue.objects.get().computed


def test_a_computed_measures_value_cannot_be_typed(analyst, action):
    measure = bind(action, analyst)
    with pytest.raises(ValidationError):
        measure_value_enter(measure=measure, value=99, on=date(2026, 1, 1), by=analyst)
    assert not MeasureValue.objects.filter(value=99).exists()


def test_a_binding_to_an_unknown_metric_or_without_its_parameter_is_refused(analyst, action):
    with pytest.raises(ValidationError):
        measure_save(
            action=action, data={"title": "x"}, metric_key="nope", parameters={}, by=analyst
        )
    with pytest.raises(ValidationError):
        measure_save(
            action=action,
            data={"title": "x"},
            metric_key="placements.retention",
            parameters={"days": "45"},
            by=analyst,
        )
    assert not Measure.objects.exists()


def test_the_dashboard_counts_on_track_overdue_unmeasured_stale_and_engagement(
    southside, analyst, plan, strategy, action
):
    from workbridge.plans.services import action_add

    today = timezone.localdate()
    late = action_add(
        strategy=strategy,
        data={"title": "Late action", "due_on": today - timedelta(days=3)},
        by=analyst,
    )
    good = measure_save(
        action=action,
        data={
            "title": "A",
            "target_value": 10,
            "baseline_value": 1,
            "direction": "up",
            "period": "year",
        },
        metric_key="",
        parameters={},
        by=analyst,
    )
    bad = measure_save(
        action=action,
        data={
            "title": "B",
            "target_value": 10,
            "baseline_value": 5,
            "direction": "up",
            "period": "month",
        },
        metric_key="",
        parameters={},
        by=analyst,
    )
    measure_value_enter(measure=good, value=4, on=today, by=analyst)
    measure_value_enter(measure=bad, value=4, on=today - timedelta(days=60), by=analyst)
    measure_story_update(measure=good, data={"story_drivers": "More referrals"}, by=analyst)
    # when
    board = plan_dashboard(plan, today=today)
    # then: A on track, B off track and stale (monthly, 60 days old); the late action is
    # overdue and has no measure; engagement = (1 story + 1 value current) / (2 × 2)
    assert (board.on_track, board.off_track, board.on_track_share) == (1, 1, 0.5)
    assert board.overdue == [late]
    assert board.without_measure == [late]
    assert [m.title for m in board.stale] == ["B"]
    assert board.engagement == 0.5
