"""Switching the interface to Spanish from the language menu in the page header."""

import re

import pytest

from tests.e2e.conftest import CHROMIUM
from tests.factories import PASSWORD, OrganisationFactory, make_user
from workbridge.accounts.models import Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
    pytest.mark.django_db(transaction=True),
]


def test_it_switches_the_sign_in_page_to_spanish(page):
    # given the sign-in page in English
    page.goto("/accounts/login/")
    page.axe.check()
    assert page.locator("html").get_attribute("lang") == "en"
    # when Spanish is chosen in the language menu
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()
    page.wait_for_url("**/accounts/login/")
    page.axe.check()
    # then the page is served in Spanish and remembers the choice
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Iniciar sesión"
    assert page.get_by_label("Idioma").input_value() == "es"
    # and Django's own messages are Spanish: a failed sign-in says so in Spanish
    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong password")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_load_state("load")
    page.axe.check()
    assert "nombre de usuario" in page.get_by_role("alert").inner_text()
    assert page.locator("html").get_attribute("lang") == "es"


def test_it_keeps_a_signed_in_person_on_their_page_in_spanish(page, transactional_db):
    # given a case manager on her caseload
    southside = OrganisationFactory(name="Southside Works", slug="southside")
    make_user("alice", Role.STAFF, southside, first_name="Alice", last_name="Coach")
    page.goto("/accounts/login/")
    page.axe.check()
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    # when she switches to Spanish from the header
    page.locator("#language-select").select_option("es")
    page.get_by_role("banner").get_by_role("button", name="Change").click()
    page.wait_for_url(re.compile(r"/participants/$"))
    page.axe.check()
    # then the same page is in Spanish
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", level=1).inner_text() == "Mis casos"
    assert page.get_by_role("navigation", name="Principal").is_visible()
