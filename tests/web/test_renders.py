"""Charts and report PDFs are drawn once for the same figures, and again when they change."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.equity.test_queries_flow import gardener_dataset
from workbridge.equity.services import flow_counts_refresh
from workbridge.web import renders


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def layouts(monkeypatch):
    """Counts WeasyPrint layouts and matplotlib drawings."""
    from weasyprint import HTML

    made = {"pdf": 0, "chart": 0}
    write_pdf = HTML.write_pdf

    def counting_write_pdf(self, *args, **kwargs):
        made["pdf"] += 1
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", counting_write_pdf)
    import workbridge.equity.exports as exports

    draw = exports.selection_rates_svg

    def counting_draw(*args, **kwargs):
        made["chart"] += 1
        return draw(*args, **kwargs)

    monkeypatch.setattr(exports, "selection_rates_svg", counting_draw)
    return made


@pytest.fixture
def gardener(southside):
    req = gardener_dataset(southside)
    flow_counts_refresh(organisation=southside)
    return req


def test_a_second_download_of_unchanged_figures_is_not_laid_out_again(
    client, analyst, gardener, layouts
):
    # Given an analyst who downloads the adverse-impact PDF
    client.force_login(analyst)
    url = reverse("equity:impact_pdf")
    first = client.get(url, {"job_title": "Gardener"})
    assert first.status_code == 200
    assert layouts["pdf"] == 1
    charts_drawn = layouts["chart"]
    assert charts_drawn == 6  # one chart per step
    # When the same figures are asked for again, later
    second = client.get(url, {"job_title": "Gardener"})
    # Then the same PDF comes from the cache, with nothing drawn or laid out again
    assert second.content == first.content
    assert layouts == {"pdf": 1, "chart": 6}


def test_other_figures_make_a_new_pdf(client, analyst, gardener, layouts):
    # Given a PDF already made for all groups by race and ethnicity
    client.force_login(analyst)
    url = reverse("equity:impact_pdf")
    by_race = client.get(url, {"job_title": "Gardener"})
    # When the analyst asks for the same analysis by sex
    by_sex = client.get(url, {"job_title": "Gardener", "by": "sex"})
    # Then it is laid out afresh and differs
    assert layouts["pdf"] == 2
    assert by_sex.content != by_race.content
    assert by_sex.content[:4] == b"%PDF"


def test_the_page_chart_and_the_pdf_share_one_drawing(client, analyst, gardener, layouts):
    # Given the chart of one step, as the page's <img> asks for it
    client.force_login(analyst)
    chart = client.get(reverse("equity:impact_chart"), {"job_title": "Gardener", "step": "3-4"})
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"
    assert layouts["chart"] == 1
    # When the same chart is asked for again
    again = client.get(reverse("equity:impact_chart"), {"job_title": "Gardener", "step": "3-4"})
    # Then it is not drawn again
    assert again.content == chart.content
    assert layouts["chart"] == 1


def test_the_cache_key_covers_everything_the_render_shows():
    # Given two renders that differ in one character of what they show
    drawn = []

    def draw(text):
        drawn.append(text)
        return text.encode()

    # Then each is drawn once, and the same one is never drawn twice
    assert renders.chart_cached("rates 50.0%", lambda: draw("a")) == b"a"
    assert renders.chart_cached("rates 50.1%", lambda: draw("b")) == b"b"
    assert renders.chart_cached("rates 50.0%", lambda: draw("c")) == b"a"
    assert drawn == ["a", "b"]
