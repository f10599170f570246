"""An HR department plan of Southside with one goal area, strategy and action.

- analyst (Ana) edits plans; coach (Alice) reads them; employer_user may not.
- `action` is owned by Alice, due in 20 days, with two implementation steps.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from workbridge.plans.services import action_add, goal_area_add, plan_create, strategy_add

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def plan(analyst):
    return plan_create(
        data={
            "title": "HR Racial Equity Action Plan",
            "department": "Human Resources",
            "year": 2026,
        },
        by=analyst,
    )


@pytest.fixture
def strategy(plan, analyst):
    goal = goal_area_add(plan=plan, title="Workforce Diversity", by=analyst)
    return strategy_add(goal_area=goal, title="Widen the hiring pool", by=analyst)


@pytest.fixture
def action(strategy, analyst, coach):
    return action_add(
        strategy=strategy,
        data={
            "title": "Train every interviewer in structured interviewing",
            "timeline": "Q4 2026",
            "due_on": timezone.localdate() + timedelta(days=20),
            "owner": coach,
        },
        steps=["Pick a curriculum", "Schedule sessions"],
        by=analyst,
    )
