"""Every plan page opens for a reader, refuses employer partners and other organisations."""

import pytest
from django.urls import reverse

from workbridge.plans.models import ActionStatus, Measure
from workbridge.plans.services import measure_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(action, analyst):
    return measure_save(
        action=action,
        data={
            "title": "Interviewers trained",
            "target_value": 0.75,
            "direction": "up",
            "period": "year",
        },
        metric_key="",
        parameters={},
        by=analyst,
    )


def test_it_shows_every_page_to_an_analyst(client, analyst, plan, action, measure):
    client.force_login(analyst)
    for name, args in [
        ("plans:home", []),
        ("plans:create", []),
        ("plans:indicators", []),
        ("plans:detail", [plan.pk]),
        ("plans:edit", [plan.pk]),
        ("plans:dashboard", [plan.pk]),
        ("plans:import", [plan.pk]),
        ("plans:report", [plan.pk]),
        ("plans:action", [action.pk]),
        ("plans:action_add", [action.strategy_id]),
        ("plans:measure_add", [action.pk]),
        ("plans:measure", [measure.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name


def test_it_lets_a_case_manager_read_but_not_edit(client, coach, plan, action):
    client.force_login(coach)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403
    response = client.post(
        reverse("plans:action_status", args=[action.pk]), {"status": "complete", "note": "x"}
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED


def test_it_refuses_employer_partners(client, employer_user, plan):
    client.force_login(employer_user)
    assert client.get(reverse("plans:home")).status_code == 403
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 403


def test_it_hides_another_organisations_plan(client, other_coach, plan):
    client.force_login(other_coach)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404


def test_it_keeps_each_status_change_with_its_date_author_and_note(client, analyst, action):
    client.force_login(analyst)
    response = client.post(
        reverse("plans:action_status", args=[action.pk]),
        {"status": "at_risk", "note": "The vendor contract is late."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.AT_RISK
    change = action.status_changes.first()
    assert (change.status, change.note, change.by) == (
        "at_risk",
        "The vendor contract is late.",
        analyst,
    )
    page = client.get(reverse("plans:action", args=[action.pk]))
    assert "The vendor contract is late." in page.content.decode()


def test_it_binds_a_measure_to_a_metric_with_its_parameters(client, analyst, action, settings):
    from tests.plans.conftest import IMMEDIATE

    settings.TASKS = IMMEDIATE
    client.force_login(analyst)
    url = reverse("plans:measure_add", args=[action.pk])
    # choosing the metric shows its parameters
    shown = client.post(
        url, {"title": "Placements", "metric_key": "placements.count", "choose": "1"}
    )
    assert "id_p_year" in shown.content.decode()
    response = client.post(
        url,
        {
            "title": "Placements",
            "metric_key": "placements.count",
            "p_year": "2026",
            "target_value": "10",
            "direction": "up",
            "period": "year",
        },
    )
    measure = Measure.objects.get(title="Placements")
    assert response.status_code == 302
    assert (measure.metric_key, measure.parameters) == ("placements.count", {"year": 2026})


def test_it_refuses_a_binding_without_a_required_parameter(client, analyst, action):
    client.force_login(analyst)
    response = client.post(
        reverse("plans:measure_add", args=[action.pk]),
        {
            "title": "Panels",
            "metric_key": "interviews.panels_meeting_rule",
            "direction": "up",
            "period": "year",
        },
    )
    assert response.status_code == 200
    assert not Measure.objects.exists()


def test_it_downloads_the_report_as_pdf_and_workbook(client, analyst, plan, measure):
    client.force_login(analyst)
    pdf = client.get(reverse("plans:report_pdf", args=[plan.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("plans:report_xlsx", args=[plan.pk]))
    assert xlsx.content.startswith(b"PK")


def test_the_report_shows_each_change_although_it_is_kept_in_the_cache(
    client, analyst, plan, action, measure
):
    from datetime import date

    from workbridge.plans.services import action_status_set, measure_value_enter

    client.force_login(analyst)
    url = reverse("plans:report", args=[plan.pk])
    assert "At risk" not in client.get(url).content.decode()
    # when the status and a value change
    action_status_set(action=action, status="at_risk", note="Late vendor", by=analyst)
    measure_value_enter(measure=measure, value=0.5, on=date(2026, 1, 2), by=analyst)
    # then the next report shows both
    page = client.get(url).content.decode()
    assert "At risk" in page
    assert "Late vendor" in page
    assert ">0.50<" in page
