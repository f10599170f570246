"""A case manager runs a benefits-cliff sweep for a participant with two children: the page
waits for the task worker and updates itself, names the cliff on the chart, compares two
offers, and prints the counselling sheet.

The tax-and-benefit model is the stand-in of `tests/cliff/fake_engine.py` (SNAP stops at
$15 an hour): the real one takes half a minute to import and is tested on its own in
`tests/cliff/test_engine.py`. The worker's step is taken by the test, between two polls.
"""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cliff.fake_engine import install_fake_engine
from tests.e2e.conftest import CHROMIUM
from tests.factories import PASSWORD, OrganisationFactory, ParticipantFactory, make_user
from workbridge.accounts.models import Role
from workbridge.cliff.models import CliffRun
from workbridge.cliff.work import cliff_run_process
from workbridge.employers.models import Employer
from workbridge.jobs.models import JobOpening

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


def _opening(organisation, employer, title: str, wage: str, health: bool) -> JobOpening:
    return JobOpening.objects.create(
        organisation=organisation,
        employer=employer,
        title=title,
        occupation_id="35-2014",
        hourly_wage=Decimal(wage),
        hours_per_week=40,
        health_insurance=health,
        zip_code="60623",
        community_area_id=30,
        posted_on=date(2026, 10, 1),
    )


def test_it_runs_a_cliff_sweep_compares_two_offers_and_prints_the_sheet(page, monkeypatch):
    # given a case manager, Rosa with two children, and two open offers
    install_fake_engine(monkeypatch)
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    carla = make_user("carla", Role.STAFF, southside, first_name="Carla", last_name="Case")
    rosa = ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        assigned_to=carla,
        household_size=3,
        children_ages=[3, 7],
    )
    acme = Employer.objects.create(organisation=southside, name="Acme Foods")
    _opening(southside, acme, "Line cook", "14.50", False)
    _opening(southside, acme, "Baker", "18.00", True)
    page.set_default_timeout(60_000)  # the chart and the PDF take a while on a busy machine
    page.goto("/accounts/login/")
    page.axe.check()
    page.get_by_label("Username").fill("carla")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.axe.check()
    # when she opens Rosa's benefits cliff and asks for a sweep with both offers
    page.goto(f"/participants/{rosa.pk}/")
    page.axe.check()
    page.get_by_role("link", name="Benefits cliff").click()
    page.wait_for_url(re.compile(r"/cliff/\d+/$"))
    page.axe.check()
    assert page.get_by_label("Children's ages").input_value() == "3, 7"
    page.get_by_label("Rent ($ a month)").fill("1100")
    page.get_by_label("First offer").select_option(
        label="Line cook at Acme Foods, $14.50 an hour, 40 hours"
    )
    page.get_by_label("Second offer").select_option(
        label="Baker at Acme Foods, $18.00 an hour, 40 hours"
    )
    page.get_by_label("Highest hourly wage to show ($)").fill("30")
    page.get_by_role("button", name="Compute the cliff").click()
    page.wait_for_url(re.compile(r"/cliff/\d+/runs/\d+/$"))
    # then the page waits for the worker
    page.get_by_text("Waiting for the task worker").wait_for()
    page.axe.check()
    run = CliffRun.objects.get(participant=rosa)
    assert run.status == CliffRun.Status.QUEUED
    # when the worker computes the run, the page updates itself (no reload)
    cliff_run_process(run.pk)
    cliff_cell = page.locator("#cliff-table .cliff-cause").first
    cliff_cell.wait_for(timeout=20_000)
    page.axe.check()
    # then she reads the cliff: SNAP stops at $15 an hour, named on the chart and below it
    assert cliff_cell.inner_text() == "SNAP (food assistance)"
    chart_url = page.get_by_role("img", name=re.compile("net resources")).get_attribute("src")
    chart = page.request.get(chart_url)
    assert chart.headers["content-type"] == "image/svg+xml"
    assert "1. SNAP (food assistance)" in chart.text()
    # and compares the two offers side by side
    offers = page.locator("#offer-table tbody tr")
    assert offers.count() == 2
    assert "Line cook (Acme Foods)" in offers.nth(0).inner_text()
    assert "+$27,144" in offers.nth(0).inner_text()
    assert "Baker (Acme Foods)" in offers.nth(1).inner_text()
    assert "+$27,696" in offers.nth(1).inner_text()
    # and prints the counselling sheet in Spanish
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the sheet in Spanish (PDF)").click()
    assert download.value.suggested_filename == "benefits-cliff-rosa-alvarez-es.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
