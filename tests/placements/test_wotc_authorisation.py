"""The tax-credit pre-screening page says when today is past the date the credit is
authorised through (setting WOTC_AUTHORIZED_THROUGH), and only then."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTICE = (
    "The credit is authorised for people who start work by {through}; check whether Congress"
    " has extended it before telling an employer it applies."
)


def _page_on(client, coach, rosa, day: tuple[int, int, int]) -> str:
    with time_machine.travel(datetime(*day, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False):
        client.force_login(coach)
        response = client.get(reverse("placements:incentives", args=[rosa.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_says_the_credit_may_have_lapsed_the_day_after_its_authorisation(
    client, coach, rosa, settings
):
    # given the law's date as shipped
    settings.WORKBRIDGE_WOTC_AUTHORIZED_THROUGH = "2025-12-31"
    # when the page is read the day after it
    page = _page_on(client, coach, rosa, (2026, 1, 1))
    # then
    assert '<h2 class="usa-alert__heading">The tax credit may have lapsed</h2>' in page
    assert NOTICE.format(through="Dec 31, 2025") in page


def test_it_says_nothing_of_it_on_the_last_day_covered(client, coach, rosa, settings):
    # given
    settings.WORKBRIDGE_WOTC_AUTHORIZED_THROUGH = "2025-12-31"
    # when
    page = _page_on(client, coach, rosa, (2025, 12, 31))
    # then
    assert "may have lapsed" not in page
    assert "check whether Congress has extended it" not in page


def test_it_follows_the_setting_once_congress_extends_the_credit(client, coach, rosa, settings):
    # given an extension set by the administrator
    settings.WORKBRIDGE_WOTC_AUTHORIZED_THROUGH = "2030-12-31"
    # when the page is read after the old date, then after the new one
    within = _page_on(client, coach, rosa, (2026, 11, 2))
    after = _page_on(client, coach, rosa, (2031, 1, 2))
    # then
    assert "may have lapsed" not in within
    assert NOTICE.format(through="Dec 31, 2030") in after
