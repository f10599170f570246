"""The demo surveys: something to look at on every results page after `make run`."""

from django.urls import reverse

from workbridge.demo.surveys import seed_surveys
from workbridge.surveys.models import Response, Survey, Wave


def test_it_seeds_surveys_with_waves_and_responses_once(southside, analyst):
    first = seed_surveys(organisation=southside, seed=3)
    again = seed_surveys(organisation=southside, seed=3)
    assert (first.surveys, first.waves) == (4, 5)
    assert first.responses == Response.objects.count() > 100
    assert again.surveys == 0
    assert Survey.objects.count() == 4
    # anonymous surveys keep no link to the invitation and no language
    anonymous = Response.objects.filter(wave__survey__anonymous=True)
    assert not anonymous.exclude(invitation=None).exists()
    assert set(anonymous.values_list("language", flat=True)) == {""}


def test_it_shows_the_demo_results(client, southside, analyst):
    seed_surveys(organisation=southside, seed=3)
    client.force_login(analyst)
    for wave in Wave.objects.filter(survey__kind__in=["employee", "training", "exit"]):
        response = client.get(reverse("surveys:results", args=[wave.pk]))
        assert response.status_code == 200
        assert "Mean (95% confidence interval)" in response.text
    employee = Wave.objects.filter(survey__kind="employee").first()
    by_department = client.get(reverse("surveys:results", args=[employee.pk]) + "?by=department")
    assert by_department.text.count("Mean (95% confidence interval)") >= 6
