"""A manager builds a survey from a template and sends it; one person answers on a phone
in Spanish through their link; the response rate moves; the link refuses a second answer."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import CHROMIUM, PHONE
from tests.factories import PASSWORD, OrganisationFactory, make_user
from workbridge.accounts.models import Role
from workbridge.surveys.models import Invitation, Response

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def test_it_sends_a_survey_and_takes_one_answer_per_link(page, browser, live_server, settings):
    # given a program director, and a task worker that runs each task at once
    settings.TASKS = IMMEDIATE
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    make_user("maria", Role.MANAGER, southside, first_name="Maria", last_name="Director")
    page.goto("/accounts/login/")
    page.axe.check()
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.axe.check()
    # when she makes an employee survey from its template and publishes it
    page.goto("/surveys/")
    page.axe.check()
    page.get_by_role("link", name="New survey from a template").click()
    page.axe.check()
    page.get_by_label("Kind of survey").select_option("employee")
    page.get_by_role("button", name="Create the survey").click()
    page.wait_for_url(re.compile(r"/surveys/\d+/$"))
    page.axe.check()
    page.get_by_role("button", name="Publish this version").click()
    page.wait_for_load_state("load")
    page.axe.check()
    # and sends a wave to twenty people, one of whom reads Spanish
    page.get_by_role("link", name="Send a new wave").click()
    page.axe.check()
    page.get_by_label("Name").fill("Spring")
    page.get_by_role("button", name="Create the wave").click()
    page.wait_for_url(re.compile(r"/surveys/waves/\d+/$"))
    page.axe.check()
    wave_url = page.url
    page.get_by_role("link", name="Add people from an address list").click()
    page.axe.check()
    rows = ["email,language,department", "rosa@example.org,es,Water"]
    rows += [f"person{n}@example.org,en,Water" for n in range(19)]
    page.get_by_label("Address list (CSV)").set_input_files(
        {"name": "list.csv", "mimeType": "text/csv", "buffer": "\n".join(rows).encode()}
    )
    page.get_by_role("button", name="Check and add").click()
    page.wait_for_url(wave_url)
    page.axe.check()
    page.get_by_role("button", name="Send the links not sent yet").click()
    page.wait_for_url(wave_url + "#send-heading")
    page.get_by_text("Done: 20 sent.").wait_for()
    page.axe.check()
    assert len(mail.outbox) == 20
    rosa_mail = next(m for m in mail.outbox if m.to == ["rosa@example.org"])
    link = re.search(r"http://\S+/surveys/r/\S+/", rosa_mail.body).group(0)
    # when Rosa answers on her phone, in Spanish
    phone = browser.new_context(viewport=PHONE, locale="es-US")
    tab = phone.new_page()
    tab.axe = type(page.axe)(tab)
    tab.goto(link)
    tab.axe.check()
    assert tab.locator("html").get_attribute("lang") == "es"
    tab.get_by_text("Totalmente de acuerdo").first.click()
    tab.locator("button[value=submit]").click()
    tab.wait_for_load_state("load")
    tab.axe.check()
    # then the response rate moves to 1 in 20
    assert Response.objects.count() == 1
    page.goto(wave_url)
    page.axe.check()
    assert "5%" in page.locator("section").first.inner_text()
    # and the same link refuses a second answer
    tab.goto(link)
    tab.axe.check()
    assert tab.get_by_role("heading", level=1).count() == 1
    assert Response.objects.count() == 1
    assert Invitation.objects.get(email="rosa@example.org").status == "responded"
    assert tab.axe.unchecked() == []
    phone.close()
