"""Suggestions judge job quality for the participant's household, and explain child care
against the shifts and the work environment they prefer."""

from decimal import Decimal

from django.urls import reverse

from workbridge.jobs.models import JobOpening, LivingWage


def _lines(response) -> dict:
    best = response.context["suggestions"]
    return {line.key: line for line in best[0][1].lines}


def test_it_judges_job_quality_against_a_single_parents_living_wage(client, coach, ana, line_cook):
    # given: Ana lives with her two children; their household's living wage is $40
    LivingWage.objects.create(
        year=2025, household_type="1a2c", hourly_wage=Decimal("40.00"), source="test figure"
    )
    ana.household_size, ana.children_ages = 3, [4, 9]
    ana.save(update_fields=["household_size", "children_ages"])
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then: 20/40 of the 40 wage points is 20, health insurance 15, stable 10, 30+ hours 5
    line = _lines(response)["job_quality"]
    assert round(line.points, 1) == 10.0
    assert line.detail == (
        "Job quality 50 of 100, judged against the living wage for their household "
        "(one adult and two children)."
    )


def test_it_explains_the_child_care_clash_and_the_work_environment(client, coach, ana, line_cook):
    # given: Ana needs daytime care and prefers kitchens; the job is Monday day shifts
    ana.childcare_need = "daytime"
    ana.preferred_environments = ["kitchen"]
    ana.save(update_fields=["childcare_need", "preferred_environments"])
    JobOpening.objects.filter(pk=line_cook.pk).update(work_environment="kitchen")
    client.force_login(coach)
    # when
    response = client.get(reverse("matching:participant", args=[ana.pk]))
    # then
    lines = _lines(response)
    assert lines["environment"].points == 5.0
    assert lines["environment"].detail == "Work in a setting they prefer: Kitchen."
    assert lines["childcare"].points == 0.0
    assert lines["childcare"].detail == (
        "They need daytime child care; 0 of the job's 1 shifts fall when it is hard to find."
    )
    assert "Child care and shifts" in response.content.decode()
