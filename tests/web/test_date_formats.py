"""Dates shown in pages are written one way per language: "Dec 28, 2026" and "28 dic 2026"."""

import re
from datetime import date, datetime
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ParticipantFactory
from workbridge.employers.services import employer_create, interaction_log
from workbridge.placements.services import placement_record

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class _VisibleText(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("America/Chicago")), tick=False
    ):
        yield


@pytest.fixture
def pages(coach, southside):
    """A participant leaving on Dec 28, an employer called on Oct 20, a placement."""
    rosa = ParticipantFactory(
        organisation=southside,
        first_name="Rosa",
        last_name="Alvarez",
        assigned_to=coach,
        enrolled_on=date(2026, 9, 1),
        planned_exit_on=date(2026, 12, 28),
        last_contact_on=date(2026, 10, 20),
    )
    acme = employer_create(by=coach, data={"name": "Acme Foods", "owner": coach})
    interaction_log(by=coach, employers=[acme], kind="call", occurred_on=date(2026, 10, 20))
    placement = placement_record(
        participant=rosa,
        employer=acme,
        started_on=date(2026, 9, 28),
        hourly_wage=Decimal("18.00"),
        hours_per_week=35,
        job_title="Packer",
        by=coach,
    )
    return {
        "caseload": reverse("people:caseload"),
        "employer": reverse("employers:detail", args=[acme.pk]),
        "queue": reverse("employers:queue"),
        "placement": reverse("placements:detail", args=[placement.pk]),
    }


@pytest.mark.parametrize(
    ("language", "written"),
    [
        (
            "en",
            {"caseload": "Dec 28, 2026", "employer": "Oct 20, 2026", "placement": "Sep 28, 2026"},
        ),
        ("es", {"caseload": "28 dic 2026", "employer": "20 oct 2026", "placement": "28 sep 2026"}),
    ],
)
def test_it_writes_dates_in_the_languages_one_format_and_never_as_iso(
    client, coach, pages, language, written
):
    # given
    client.force_login(coach)
    for name, url in pages.items():
        # when
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        # then
        text = visible_text(response.content.decode())
        assert response.status_code == 200, name
        assert ISO_DATE.findall(text) == [], name
        if name in written:
            assert written[name] in text, name
    queue = visible_text(client.get(pages["queue"], HTTP_ACCEPT_LANGUAGE=language).content.decode())
    assert ("Oct 20, 2026" if language == "en" else "20 oct 2026") in queue
