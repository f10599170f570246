"""The organisation's own population benchmark: uploaded by a manager, checked whole
before anything is saved, quoted with its source and year by every report."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workbridge.accounts.models import AuditEvent
from workbridge.employers.impact import ACS_SOURCE, impact_context
from workbridge.employers.models import ImpactSettings

HEADER = "community_area,hispanic,white,black,asian,other,female,male\n"


def upload(client, text: str, source: str = "City survey 2025", year: str = "2025"):
    return client.post(
        reverse("employers:impact_benchmark"),
        {
            "file": SimpleUploadedFile("benchmark.csv", text.encode(), "text/csv"),
            "source": source,
            "year": year,
        },
    )


def test_it_replaces_the_benchmark_and_the_reports_quote_its_source(client, manager):
    # given a manager and a table of two community areas
    client.force_login(manager)
    # when
    response = upload(
        client, HEADER + "25,100,50,800,10,40,520,480\n30,700,150,100,20,30,490,510\n"
    )
    # then
    assert response.status_code == 302
    context = impact_context(manager.membership.organisation_id)
    assert (context.benchmark_source, context.benchmark_year) == ("City survey 2025", "2025")
    assert context.race_population[25] == {
        "hispanic": 100,
        "white": 50,
        "black": 800,
        "asian": 10,
        "other": 40,
    }
    assert context.sex_population[30] == {"female": 490, "male": 510}
    assert AuditEvent.objects.filter(object_type="employers.impactsettings").count() == 1
    page = client.get(reverse("employers:impact_benchmark"))
    assert "City survey 2025" in page.content.decode()


def test_it_names_every_problem_by_row_and_column_and_saves_nothing(client, manager):
    # given a file with a bad number, an unknown area and a repeated one
    client.force_login(manager)
    text = (
        HEADER
        + "25,100,x,800,10,40,520,480\n99,1,1,1,1,1,1,1\n30,1,1,1,1,1,1,1\n30,2,2,2,2,2,2,2\n"
    )
    # when
    response = upload(client, text)
    # then
    assert response.status_code == 200
    problems = response.context["problems"]
    assert [(row, column) for row, column, _text in problems] == [
        (2, "white"),
        (3, "community_area"),
        (5, "community_area"),
    ]
    assert "is not a whole number" in problems[0][2]
    assert "also on row 4" in problems[2][2]
    assert not ImpactSettings.objects.filter(benchmark__has_key="race").exists()
    assert impact_context(manager.membership.organisation_id).benchmark_source == ACS_SOURCE


def test_it_asks_for_a_missing_column(client, manager):
    client.force_login(manager)
    response = upload(client, "community_area,hispanic,white\n25,1,2\n")
    assert response.status_code == 200
    assert response.context["problems"][0][0] == 1
    assert not ImpactSettings.objects.filter(benchmark__has_key="race").exists()


def test_it_goes_back_to_the_built_in_benchmark(client, manager):
    client.force_login(manager)
    upload(client, HEADER + "25,100,50,800,10,40,520,480\n")
    response = client.post(reverse("employers:impact_benchmark"), {"action": "reset"})
    assert response.status_code == 302
    assert impact_context(manager.membership.organisation_id).benchmark_source == ACS_SOURCE


def test_it_is_for_managers_only(client, coach):
    client.force_login(coach)
    response = upload(client, HEADER + "25,100,50,800,10,40,520,480\n")
    assert response.status_code == 403
    assert not ImpactSettings.objects.exists()
