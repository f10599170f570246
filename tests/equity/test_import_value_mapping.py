"""The value-mapping step of the import pages: codes listed with counts, mapped once, saved
on the source and reused; files without applicant ids replace what they imported before."""

import re

import pytest
from django.urls import reverse

from tests.equity.test_import_views import IMMEDIATE, start
from workbridge.equity.imports.files import import_file_remove
from workbridge.equity.models import (
    Applicant,
    ImportRun,
    ImportRunStatus,
    ImportSource,
    ImportStatus,
)

HEADER = ["Req", "Dept", "Title", "Posted", "Race", "Gender", "Call"]
COLUMNS = {
    "map-requisition_id": "Req",
    "map-department": "Dept",
    "map-job_title": "Title",
    "map-posting_date": "Posted",
    "map-race_ethnicity": "Race",
    "map-sex": "Gender",
    "map-stage_reached": "Call",
}
FIRST = [
    ["R1", "Finance", "Clerk", "2024-02-01", "W", "1", "0"],
    ["R1", "Finance", "Clerk", "2024-02-01", "B", "2", "1"],
    ["R1", "Finance", "Clerk", "2024-02-01", "b", "2", "0"],
    ["R1", "Finance", "Clerk", "2024-02-01", "Filipino", "1", "1"],
]


@pytest.fixture(autouse=True)
def _files_and_tasks(settings, disk_file_store):
    settings.TASKS = IMMEDIATE


def value_fields(html: str) -> dict[str, str]:
    """The value page's selects: name -> the code its label shows."""
    found = {}
    for code, name in re.findall(r'<label for="(value-[^"]+)"><code>([^<]*)</code></label>', html):
        found[code] = name
    return found


def test_it_lists_unknown_codes_with_counts_and_reuses_the_mapping(
    client, analyst, django_capture_on_commit_callbacks
):
    # given a file coded its own way
    client.force_login(analyst)
    run = start(client, rows=FIRST, header=HEADER)
    # when the columns are matched (and the worker counts the values)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("equity:import_map", args=[run.pk]), COLUMNS)
    # then the codes not understood are listed with their counts (B and b together)
    assert response["Location"] == reverse("equity:import_values", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    fields = value_fields(page)
    assert sorted(fields.values()) == ["0", "1", "1", "2", "B", "W"]
    assert "Filipino" not in fields.values()  # an SPD 15 detailed category: understood
    assert re.search(r"<code>B</code></label></th>\s*<td class=\"numeric\">2</td>", page)
    # when the analyst maps them
    answers = {"W": "white", "B": "black"}
    by_field = {}
    for name, code in fields.items():
        field = name.split("-")[1]
        by_field[name] = {
            "race_ethnicity": answers.get(code),
            "sex": {"1": "female", "2": "male"}.get(code),
            "stage_reached": {"0": "applied", "1": "interviewed"}.get(code),
        }[field]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("equity:import_values", args=[run.pk]), by_field)
    # then it imports with row numbers for ids, and the source keeps the mapping
    run.refresh_from_db()
    assert (run.status, run.summary["applicants_created"]) == ("done", 4)
    people = Applicant.objects.order_by("external_id")
    assert [(a.external_id, a.eeo_category, a.sex, a.reached) for a in people] == [
        ("#2", "white", "female", 0),
        ("#3", "black", "male", 3),
        ("#4", "black", "male", 0),
        ("#5", "asian", "female", 3),
    ]
    assert people.get(external_id="#5").race_detail == "Filipino"
    source = ImportSource.objects.get(name="Taleo")
    assert source.value_mapping["race_ethnicity"] == {"W": "white", "B": "black"}
    # when a second file of the same source is imported (fewer rows)
    second_rows = [FIRST[1], FIRST[0]]
    second = start(client, source_name="", rows=second_rows, header=HEADER, source=source.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("equity:import_map", args=[second.pk]), COLUMNS)
    # then no mapping is asked for, and it replaces the first file's applicants
    onward = client.get(response["Location"])
    assert onward["Location"] == reverse("equity:import_run", args=[second.pk])
    second.refresh_from_db()
    assert second.status == "done"
    assert [(a.external_id, a.eeo_category) for a in Applicant.objects.order_by("external_id")] == [
        ("#2", "black"),
        ("#3", "white"),
    ]


def test_it_asks_again_for_a_code_left_unmapped(
    client, analyst, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    run = start(client, rows=FIRST, header=HEADER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("equity:import_map", args=[run.pk]), COLUMNS)
    # when nothing is chosen
    response = client.post(reverse("equity:import_values", args=[run.pk]), {})
    # then every code is named and nothing is queued
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a category for “W” in “Race and ethnicity”." in page
    assert ImportRun.objects.get(pk=run.pk).value_mapping == {}
    assert not Applicant.objects.exists()


def test_it_hides_another_organisations_value_page(client, other_analyst, analyst):
    # given
    client.force_login(analyst)
    run = start(client, rows=FIRST, header=HEADER)
    client.post(reverse("equity:import_map", args=[run.pk]), COLUMNS)
    # when
    client.force_login(other_analyst)
    response = client.get(reverse("equity:import_values", args=[run.pk]))
    # then
    assert response.status_code == 404


def test_the_worker_counts_the_values_while_the_page_shows_progress(
    client, analyst, django_capture_on_commit_callbacks
):
    # given a file coded its own way, its columns matched
    client.force_login(analyst)
    run = start(client, rows=FIRST, header=HEADER)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("equity:import_map", args=[run.pk]), COLUMNS)
    # when the value page is asked for before the worker has counted them
    waiting = client.get(response["Location"])
    polled = client.get(
        reverse("equity:import_values_status", args=[run.pk]), HTTP_HX_REQUEST="true"
    )
    # then it shows progress, polling with htmx and refreshing without JavaScript
    assert response["Location"] == reverse("equity:import_values", args=[run.pk])
    assert len(queued) == 1
    page = waiting.content.decode()
    assert waiting.status_code == 200
    status_url = reverse("equity:import_values_status", args=[run.pk])
    assert f'hx-get="{status_url}"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "Waiting to start." in page
    assert value_fields(page) == {}
    assert polled.status_code == 200 and f'hx-get="{status_url}"' in polled.content.decode()
    assert ImportRun.objects.get(pk=run.pk).status == ImportRunStatus.SCANNING
    # when the worker has counted them
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()
    done = client.get(status_url, HTTP_HX_REQUEST="true")
    plain = client.get(status_url)
    # then htmx is sent on to the value page, which lists the counts without the file
    assert done["HX-Redirect"] == reverse("equity:import_values", args=[run.pk])
    assert plain["Location"] == reverse("equity:import_values", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportStatus.WAITING
    import_file_remove(run)  # the page reads what the worker kept, never the file
    page = client.get(reverse("equity:import_values", args=[run.pk])).content.decode()
    assert sorted(value_fields(page).values()) == ["0", "1", "1", "2", "B", "W"]
    assert re.search(r"<code>B</code></label></th>\s*<td class=\"numeric\">2</td>", page)
    assert not Applicant.objects.exists()


def test_it_hides_another_organisations_value_progress(
    client, other_analyst, analyst, django_capture_on_commit_callbacks
):
    # given
    client.force_login(analyst)
    run = start(client, rows=FIRST, header=HEADER)
    with django_capture_on_commit_callbacks():
        client.post(reverse("equity:import_map", args=[run.pk]), COLUMNS)
    # when
    client.force_login(other_analyst)
    response = client.get(reverse("equity:import_values_status", args=[run.pk]))
    # then
    assert response.status_code == 404
