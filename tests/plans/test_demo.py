"""The demo's plan: the HR department's three goal areas, with measures bound to data."""

import pytest

from workbridge.demo.plans import seed_plans
from workbridge.plans.models import Measure, Plan

pytestmark = pytest.mark.django_db


def test_it_seeds_the_hr_plan_once(southside, analyst, manager, coach):
    seeded = seed_plans(organisation=southside)
    plan = Plan.objects.get()
    assert plan.department == "Human Resources"
    assert list(plan.goal_areas.values_list("title", flat=True)) == [
        "Workforce Diversity",
        "Public Safety and Human Services",
        "Lifelong Learning",
    ]
    bound = Measure.objects.exclude(metric_key="")
    assert bound.count() >= 8
    assert Measure.objects.filter(metric_key="").count() == 1
    assert seeded.actions == plan.actions.count() == 9
    # every measure has its cached state after the seed's recompute
    assert not Measure.objects.filter(computed_at=None).exists()
    assert seed_plans(organisation=southside).plans == 0
