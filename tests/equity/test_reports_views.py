"""Report pages and downloads: who may see them, what the files hold, and the audit log."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.equity.report_data import (
    hires_world,
    job_fair_world,
    set_threshold,
    workforce_world,
    yield_world,
)
from workbridge.accounts.models import AuditEvent
from workbridge.equity.models import Benchmark

pytestmark = pytest.mark.django_db
REPORTS = ["hires", "representation", "yield", "job-fairs", "eeo4"]


@pytest.fixture
def world(southside):
    hires_world(southside)
    yield_world(southside)
    job_fair_world(southside)
    workforce_world(southside)
    return southside


@pytest.mark.parametrize("report", REPORTS)
def test_it_shows_each_report_to_an_analyst(client, analyst, world, report):
    # given
    client.force_login(analyst)
    # when
    response = client.get(reverse("equity:report", args=[report]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "data:image/svg+xml;base64," in html
    assert "<caption" in html
    assert 'scope="row"' in html


def test_it_shows_the_hire_figures_on_the_page(client, analyst, world):
    client.force_login(analyst)
    response = client.get(
        reverse("equity:report", args=["hires"]), {"year": "2025", "department": "Streets"}
    )
    html = response.content.decode()
    assert "33.3%" in html
    assert "+13.3" in html
    assert "Internal: every count is shown." in html


def test_it_hides_small_cells_on_the_page_for_publication(client, analyst, world):
    client.force_login(analyst)
    response = client.get(
        reverse("equity:report", args=["hires"]),
        {"year": "2025", "department": "Streets", "publication": "on"},
    )
    html = response.content.decode()
    assert 'class="num hidden-cell">hidden<' in html
    assert "For publication" in html


@pytest.mark.parametrize("report", REPORTS)
def test_it_shows_an_empty_state(client, analyst, report):
    client.force_login(analyst)
    response = client.get(reverse("equity:report", args=[report]))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_it_refuses_an_unknown_report(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("equity:report", args=["salaries"])).status_code == 404
    assert client.get(reverse("equity:report_export", args=["hires", "docx"])).status_code == 404


def test_it_exports_xlsx_and_audits_it(client, analyst, world):
    # given: the organisation publishes counts of 3 or more
    set_threshold(world, 3)
    client.force_login(analyst)
    # when
    response = client.get(
        reverse("equity:report_export", args=["hires", "xlsx"]),
        {"year": "2025", "department": "Streets", "publication": "on"},
    )
    # then
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "About"
    race = book.worksheets[1]
    rows = [[c.value for c in row] for row in race.iter_rows()]
    assert rows[1] == [
        "Race and ethnicity",
        "Hires 2024",
        "Share 2024",
        "Hires 2025",
        "Share 2025",
        "Change (points)",
    ]
    assert rows[2] == ["Hispanic or Latino", 5, 50, "hidden", "hidden", "hidden"]
    assert rows[-1] == ["All hires", 10, 100, 12, 100, None]
    event = AuditEvent.objects.get(action="export", object_type="equity.report")
    assert event.actor == analyst
    assert event.object_id == "hires"
    assert "xlsx" in event.detail
    assert "for publication" in event.detail


@pytest.mark.parametrize("report", REPORTS)
def test_it_exports_a_real_pdf(client, analyst, world, report):
    client.force_login(analyst)
    response = client.get(reverse("equity:report_export", args=[report, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_id=report).count() == 1


def test_it_exports_csv(client, manager, world):
    client.force_login(manager)
    response = client.get(reverse("equity:report_export", args=["eeo4", "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Male – White" in text
    assert AuditEvent.objects.filter(action="export", object_id="eeo4").count() == 1


def test_it_refuses_bad_filters_in_a_download(client, analyst, world):
    client.force_login(analyst)
    response = client.get(reverse("equity:report_export", args=["hires", "xlsx"]), {"year": "1900"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("persona", ["staff", "employer_user"])
def test_it_turns_away_people_without_equity_work(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("equity:report", args=["hires"]),
        reverse("equity:report_export", args=["hires", "xlsx"]),
    ):
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_shows_another_organisation_only_its_own_figures(client, other_analyst, world):
    client.force_login(other_analyst)
    response = client.get(reverse("equity:report", args=["hires"]))
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()


def test_it_keeps_every_ticked_category_in_the_download_links(client, analyst, world):
    client.force_login(analyst)
    response = client.get(
        reverse("equity:report", args=["eeo4"]),
        {"categories": ["professionals", "technicians"]},
    )
    html = response.content.decode()
    assert "categories=professionals&amp;categories=technicians" in html
    assert "Job category: Professionals, Technicians" in html


def test_it_compares_the_whole_workforce_when_asked(client, analyst, world):
    client.force_login(analyst)
    response = client.get(
        reverse("equity:report", args=["representation"]), {"eeo4_category": "all"}
    )
    assert "Job category: Whole workforce" in response.content.decode()


def test_it_asks_for_a_benchmark_when_there_is_none(client, analyst, southside):
    # given: a workforce table but no benchmark
    workforce_world(southside)
    Benchmark.objects.all().delete()
    client.force_login(analyst)
    # when
    response = client.get(reverse("equity:report", args=["representation"]))
    # then
    assert 'class="empty"' in response.content.decode()
    assert "or there is no benchmark to compare with" in response.content.decode()


def test_it_names_the_workforce_dates_as_pages_write_dates(client, analyst, world):
    # given
    client.force_login(analyst)
    # when
    english = client.get(reverse("equity:report", args=["eeo4"])).content.decode()
    spanish = client.get(
        reverse("equity:report", args=["eeo4"]), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    # then
    assert '<option value="2025-06-30" selected>Jun 30, 2025</option>' in english
    assert '<option value="2025-06-30" selected>30 jun 2025</option>' in spanish
