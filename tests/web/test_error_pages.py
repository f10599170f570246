"""Errors are shown in the app's own layout, in the visitor's language, with a way home."""

import pytest
from django.test import Client
from django.urls import reverse


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_missing_page_keeps_the_layout_and_offers_the_start_page(client, coach):
    # given a signed-in case manager
    client.force_login(coach)
    # when they open an address that does not exist
    response = client.get("/participants/no-such-page/")
    # then the page says so in the app's layout, with their navigation and a way home
    text = _text(response)
    assert response.status_code == 404
    assert '<h1 id="error-heading">Page not found</h1>' in text
    assert 'href="/participants/">My caseload</a>' in text
    assert '<a class="usa-button" href="/">Go to the start page</a>' in text
    assert "css/workbridge.css" in text


def test_a_missing_page_speaks_spanish_to_a_spanish_browser(client, coach):
    client.force_login(coach)
    response = client.get("/participants/no-such-page/", HTTP_ACCEPT_LANGUAGE="es")
    text = _text(response)
    assert response.status_code == 404
    assert '<html lang="es">' in text
    assert "Página no encontrada" in text
    assert "Ir a la página de inicio" in text


def test_a_refused_page_says_why_and_offers_the_start_page(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("people:caseload"))
    text = _text(response)
    assert response.status_code == 403
    assert '<h1 id="error-heading">You cannot open this page</h1>' in text
    assert "ask your organisation's administrator" in text
    assert 'href="/">Go to the start page</a>' in text


def test_an_expired_form_is_explained_in_the_layout(coach):
    # given a browser whose form has no valid security token
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    # when it sends the form
    response = client.post(reverse("people:create"), {"first_name": "Rosa"})
    # then
    text = _text(response)
    assert response.status_code == 403
    assert '<h1 id="error-heading">The form had expired</h1>' in text
    assert "nothing was saved" in text


@pytest.mark.urls("tests.web.failing_urls")
def test_a_fault_shows_an_apology_in_the_layout_not_a_traceback(coach):
    client = Client(raise_request_exception=False)
    client.force_login(coach)
    response = client.get("/fails/", HTTP_ACCEPT_LANGUAGE="es")
    text = _text(response)
    assert response.status_code == 500
    assert '<html lang="es">' in text
    assert "Algo salió mal de nuestro lado" in text
    assert "RuntimeError" not in text
    assert 'href="/">Ir a la página de inicio</a>' in text
