"""Switching the interface to Spanish from the language menu in the page header."""

import pytest

from tests.e2e.conftest import CHROMIUM

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
