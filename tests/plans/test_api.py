"""The plans API: plans, actions and measures (read), and a measure's values over time."""

from datetime import date

import pytest

from workbridge.accounts.services import api_token_create
from workbridge.plans.services import measure_save, measure_value_enter

pytestmark = pytest.mark.django_db


def _get(client, user, path):
    token = api_token_create(user=user, name="test")[1]
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def measure(action, analyst):
    found = measure_save(
        action=action,
        data={"title": "Partnerships", "target_value": 15, "baseline_value": 10},
        metric_key="",
        parameters={},
        by=analyst,
    )
    measure_value_enter(measure=found, value=11, on=date(2026, 1, 15), by=analyst)
    measure_value_enter(measure=found, value=13, on=date(2026, 4, 15), by=analyst)
    return found


def test_it_lists_and_gives_a_plan_with_its_actions_and_measures(client, coach, plan, measure):
    assert _get(client, coach, "/api/plans").json() == {
        "items": [
            {"id": plan.pk, "title": plan.title, "department": "Human Resources", "year": 2026}
        ]
    }
    body = _get(client, coach, f"/api/plans/{plan.pk}").json()
    action = body["goal_areas"][0]["strategies"][0]["actions"][0]
    assert (action["status"], action["steps"], action["steps_done"]) == ("not_started", 2, 0)
    assert action["owner"] == "Alice Coach"
    found = action["measures"][0]
    assert (found["value"], found["state"], found["manual"]) == (13.0, "on_track", True)


def test_it_gives_a_measures_values_as_a_time_series(client, coach, measure):
    body = _get(client, coach, f"/api/plans/measures/{measure.pk}/values").json()
    assert body["values"] == [
        {"on": "2026-01-15", "value": 11.0, "computed": False},
        {"on": "2026-04-15", "value": 13.0, "computed": False},
    ]


def test_it_hides_other_organisations_and_refuses_employers(
    client, other_coach, employer_user, plan, measure
):
    assert _get(client, other_coach, f"/api/plans/{plan.pk}").status_code == 404
    assert _get(client, other_coach, f"/api/plans/measures/{measure.pk}/values").status_code == 404
    assert _get(client, employer_user, "/api/plans").status_code == 403
